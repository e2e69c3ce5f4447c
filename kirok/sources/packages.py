"""Evidence packages: one file with everything needed to show it is what arrived.

A package is a ZIP holding the original bytes, the file's whole chain of custody (with the
export that made the package as its last entry) in a form anyone can re-hash, a manifest
(SHA-256, size, type, ids) and VERIFY.txt saying how to check all of it without Kirok.

People appear in the chain by their account's public id, never by name: a package leaves
the organisation (for a court, a UN mechanism), and the names of the staff who handled a
testimony are themselves what the adversary looks for.
"""

from __future__ import annotations

import io
import json
import zipfile

from django.utils import timezone

from kirok import installed_version
from kirok.audit import services as audit
from kirok.lib import file_types
from kirok.sources import services
from kirok.sources.models import Attachment, CustodyEvent

VERIFY = """How to check this evidence package
====================================

1. The file in original/ is the one Kirok received: its SHA-256 is in manifest.json
   ("sha256"). Check it with, for example,

       sha256sum original/*          (Linux)
       shasum -a 256 original/*      (macOS)
       certutil -hashfile FILE SHA256  (Windows)

2. custody.json lists, oldest first, every event in the file's chain of custody: received,
   text extracted, viewed, exported. Each entry's "entry_hash" is the SHA-256 of the UTF-8
   JSON of its payload plus "previous" (the previous entry's hash), keys sorted, written
   with the separators ", " and ": " — in Python:

       hashlib.sha256(json.dumps({**e["payload"], "previous": e["previous_hash"]},
                                 sort_keys=True, ensure_ascii=False).encode()).hexdigest()

   The first entry's previous_hash is 64 zeros; each next one is the entry_hash before it.
   Changing, removing or reordering any entry breaks every hash after it.

3. The last entry is the export that made this package ("exported", at the time in
   manifest.json). People are named by the public id of their Kirok account only.
"""


def evidence_package(attachment: Attachment, *, user) -> tuple[str, bytes]:
    """The package's file name and bytes; the export is written to the custody chain (as its
    last entry, included) and to the audit log."""
    data = services.read_attachment(
        attachment,
        user=user,
        note="exported in an evidence package",
        action=CustodyEvent.Action.EXPORTED,
    )
    events = list(attachment.custody.select_related("actor").order_by("pk"))
    manifest = {
        "kirok_version": installed_version(),
        "exported_at": events[-1].at.isoformat(),
        "source": str(attachment.source.public_id),
        "attachment": str(attachment.public_id),
        "filename": attachment.filename,
        "sha256": attachment.sha256,
        "size": attachment.size,
        "mime_type": attachment.mime_type,
        "custody_intact": services.custody_intact(attachment),
        "custody_events": len(events),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr(f"original/{file_types.safe_filename(attachment.filename)}", data)
        package.writestr("custody.json", _json([_custody_entry(e) for e in events]))
        package.writestr("manifest.json", _json(manifest))
        package.writestr("VERIFY.txt", VERIFY)
    audit.record(
        "attachment_exported",
        actor=user,
        obj=attachment,
        detail={"source": str(attachment.source.public_id), "format": "evidence package"},
    )
    stamp = timezone.localtime(events[-1].at).strftime("%Y%m%d-%H%M%S")
    return f"evidence-{attachment.public_id}-{stamp}.zip", buffer.getvalue()


def _custody_entry(event: CustodyEvent) -> dict:
    """An event as the hash saw it (``payload``), with its place in the chain."""
    return {
        "payload": event.payload(),
        "previous_hash": event.previous_hash,
        "entry_hash": event.entry_hash,
    }


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
