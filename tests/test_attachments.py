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
