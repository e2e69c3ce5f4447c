"""Attachments are sealed on disk, checked against their hash, and keep a custody chain."""

import pytest

from kirok.lib.crypto import CryptoError
from kirok.sources import services
from kirok.sources.models import CustodyEvent
from tests.factories import make_source, make_user

pytestmark = pytest.mark.django_db

TESTIMONY = "2012년 11월 초 온성군 보위부원들이 김혜송의 집에 들이닥쳤다.".encode()


def test_a_stored_file_is_unreadable_on_disk_and_opens_to_the_original():
    documenter = make_user(role="documenter")
    attachment = services.store_attachment(
        make_source(), "증언_김혜송.txt", TESTIMONY, "text/plain", user=documenter
    )
    on_disk = (services.uploads_dir() / attachment.storage_name).read_bytes()
    assert "김혜송".encode() not in on_disk and "김혜송" not in attachment.storage_name
    assert (services.uploads_dir() / attachment.storage_name).stat().st_mode & 0o077 == 0
    assert services.read_attachment(attachment, user=documenter) == TESTIMONY
    assert attachment.size == len(TESTIMONY) and len(attachment.sha256) == 64


def test_a_file_changed_on_disk_is_refused():
    attachment = services.store_attachment(make_source(), "a.txt", TESTIMONY, "text/plain")
    path = services.uploads_dir() / attachment.storage_name
    damaged = bytearray(path.read_bytes())
    damaged[-5] ^= 0xFF
    path.write_bytes(bytes(damaged))
    with pytest.raises(CryptoError):
        services.read_attachment(attachment)


def test_custody_records_who_received_and_viewed_it_and_detects_tampering():
    documenter, analyst = make_user(role="documenter"), make_user(role="analyst")
    attachment = services.store_attachment(
        make_source(), "a.txt", TESTIMONY, "text/plain", user=documenter
    )
    services.read_attachment(attachment, user=analyst)
    events = list(attachment.custody.order_by("pk"))
    assert [(e.action, e.actor) for e in events] == [
        (CustodyEvent.Action.RECEIVED, documenter),
        (CustodyEvent.Action.VIEWED, analyst),
    ]
    assert services.custody_intact(attachment)
    CustodyEvent.objects.filter(pk=events[1].pk).update(actor=documenter)
    assert not services.custody_intact(attachment)


# --- Evidence packages ------------------------------------------------------------------------


def open_package(data: bytes) -> dict:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


def test_an_evidence_package_can_be_verified_without_kirok(client):
    """The recipe in VERIFY.txt, followed literally: the original hashes to the manifest's
    SHA-256 and every custody entry re-hashes to its entry_hash, the export last."""
    import hashlib
    import json

    from django.urls import reverse

    from kirok.audit.models import AuditEvent
    from tests.factories import make_case

    documenter = make_user(role="documenter", username="documenter")
    case = make_case(editors=[documenter])
    attachment = services.store_attachment(
        make_source(cases=[case]), "증언_김혜송.txt", TESTIMONY, "text/plain", user=documenter
    )
    client.force_login(documenter)
    response = client.get(reverse("web:attachment_package", args=[attachment.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    # The download's name is the file's id, not its name (which names a witness).
    disposition = response["Content-Disposition"]
    assert f"evidence-{attachment.public_id}-" in disposition and "김혜송" not in disposition

    files = open_package(response.content)
    manifest = json.loads(files["manifest.json"])
    original = files["original/증언_김혜송.txt"]
    assert original == TESTIMONY
    assert hashlib.sha256(original).hexdigest() == manifest["sha256"] == attachment.sha256
    custody = json.loads(files["custody.json"])
    previous = "0" * 64
    for entry in custody:
        assert entry["previous_hash"] == previous
        recomputed = hashlib.sha256(
            json.dumps(
                {**entry["payload"], "previous": entry["previous_hash"]},
                sort_keys=True,
                ensure_ascii=False,
            ).encode()
        ).hexdigest()
        assert recomputed == entry["entry_hash"]
        previous = entry["entry_hash"]
    assert [e["payload"]["action"] for e in custody] == ["received", "exported"]
    assert custody[-1]["payload"]["actor"] == str(documenter.public_id)
    assert "documenter" not in files["custody.json"].decode()  # accounts by public id only
    assert manifest["custody_intact"] is True and manifest["custody_events"] == 2
    assert attachment.custody.order_by("pk").last().action == CustodyEvent.Action.EXPORTED
    assert AuditEvent.objects.filter(action="attachment_exported").count() == 1
    assert "sha256sum" in files["VERIFY.txt"].decode()
