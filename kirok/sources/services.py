"""Attachments: kept encrypted on disk, with a hash-chained chain of custody."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path

from django.conf import settings
from django.db import transaction

from kirok.lib import crypto, hashchain
from kirok.security import keyring
from kirok.security.models import Purpose
from kirok.sources.models import Attachment, CustodyEvent, Source

FILE_CONTEXT = "sources.attachment.file"


def uploads_dir() -> Path:
    path = Path(settings.MEDIA_ROOT)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


@transaction.atomic
def store_attachment(
    source: Source, filename: str, data: bytes, mime_type: str, *, user=None
) -> Attachment:
    """Keep a file as evidence: hashed as it arrived, sealed on disk, custody begun.

    The stored name is random, so the uploads directory reveals nothing about the file.
    """
    active, _ = keyring.keys_for(Purpose.FILES)
    storage_name = secrets.token_hex(16)
    attachment = Attachment.objects.create(
        source=source,
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        mime_type=mime_type,
        storage_name=storage_name,
        added_by=user,
    )
    sealed = crypto.seal_bytes(data, active, context=f"{FILE_CONTEXT}:{attachment.public_id}")
    path = uploads_dir() / storage_name
    path.touch(mode=0o600)
    path.write_bytes(sealed)
    record_custody(attachment, CustodyEvent.Action.RECEIVED, user)
    return attachment


def read_attachment(attachment: Attachment, *, user=None, note: str = "") -> bytes:
    """The original bytes, after checking they still hash to what arrived; logs the view."""
    _, keys = keyring.keys_for(Purpose.FILES)
    sealed = (uploads_dir() / attachment.storage_name).read_bytes()
    data = crypto.open_bytes(sealed, keys, context=f"{FILE_CONTEXT}:{attachment.public_id}")
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise crypto.CryptoError(f"Attachment {attachment.public_id} no longer matches its hash.")
    record_custody(attachment, CustodyEvent.Action.VIEWED, user, note=note)
    return data


@transaction.atomic
def record_custody(attachment: Attachment, action: str, user=None, note: str = "") -> CustodyEvent:
    last = (
        CustodyEvent.objects.select_for_update()
        .filter(attachment=attachment)
        .order_by("-pk")
        .first()
    )
    event = CustodyEvent(
        attachment=attachment,
        action=action,
        actor=user,
        note=note,
        previous_hash=last.entry_hash if last else hashchain.GENESIS,
    )
    event.entry_hash = event.compute_hash()
    event.save()
    return event


def custody_intact(attachment: Attachment) -> bool:
    previous = hashchain.GENESIS
    for event in attachment.custody.order_by("pk"):
        if event.previous_hash != previous or event.compute_hash() != event.entry_hash:
            return False
        previous = event.entry_hash
    return True
