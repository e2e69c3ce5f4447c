"""Attachments kept encrypted on disk with a chain of custody; sources created and edited
without silent overwrites; evidence passages tied to records."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, models, transaction

from kirok.lib import crypto, hashchain, passages
from kirok.lib.text_extraction import ExtractedText
from kirok.security import keyring
from kirok.security.models import Purpose
from kirok.sources.models import Attachment, CustodyEvent, EvidenceSpan, Source

FILE_CONTEXT = "sources.attachment.file"


def uploads_dir() -> Path:
    path = Path(settings.MEDIA_ROOT)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


class FileAlreadyAttached(Exception):
    """The bytes of a new file are already a file of a source the reader may see."""

    def __init__(self, attachment: Attachment):
        super().__init__(f"the file is already attached to source {attachment.source_id}")
        self.attachment = attachment
        self.source = attachment.source


def visible_copy(user, sha256: str) -> Attachment | None:
    """An attachment with these bytes on a source ``user`` may see, if there is one."""
    from kirok.records import access

    return (
        Attachment.objects.filter(sha256=sha256, source__in=access.visible_sources(user))
        .select_related("source")
        .order_by("pk")
        .first()
    )


def refuse_known_file(user, data: bytes) -> None:
    """Raise FileAlreadyAttached if a source ``user`` may see already holds these bytes.

    Call it inside the transaction that will store them, before anything is written: it
    first waits for any other transaction storing the same bytes to end, so that two people
    adding one file at the same moment cannot both find nothing and both add it. A copy in
    cases ``user`` may not see is not revealed (kirok.sources.ingest says why).
    """
    if not connection.in_atomic_block:
        raise RuntimeError("refuse_known_file must run inside the transaction that stores")
    sha256 = hashlib.sha256(data).hexdigest()
    _wait_for_others_storing(sha256)
    existing = visible_copy(user, sha256)
    if existing is not None:
        raise FileAlreadyAttached(existing)


def _wait_for_others_storing(sha256: str) -> None:
    # SQLite: Kirok's transactions begin IMMEDIATE (kirok.config), holding the database's
    # one write lock, so no other can be storing. PostgreSQL: a lock named by the bytes'
    # hash, held to the end of this transaction; files with other bytes do not wait.
    if connection.vendor != "postgresql":
        return
    key = int.from_bytes(bytes.fromhex(sha256)[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [key])


@transaction.atomic
def store_attachment(
    source: Source,
    filename: str,
    data: bytes,
    mime_type: str,
    *,
    user=None,
    extracted: ExtractedText | None = None,
) -> Attachment:
    """Keep a file as evidence: hashed as it arrived, sealed on disk, custody begun.

    The stored name is random, so the uploads directory reveals nothing about the file.
    With ``extracted`` (kirok.lib.text_extraction), its working text is kept beside it and
    the custody chain says so. If anything fails, the sealed file is removed with the rows.
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
        extracted_text=extracted.text if extracted is not None else "",
        added_by=user,
    )
    sealed = crypto.seal_bytes(data, active, context=f"{FILE_CONTEXT}:{attachment.public_id}")
    path = uploads_dir() / storage_name
    try:
        path.touch(mode=0o600)
        path.write_bytes(sealed)
        record_custody(attachment, CustodyEvent.Action.RECEIVED, user)
        if extracted is not None and extracted.text:
            record_custody(
                attachment, CustodyEvent.Action.EXTRACTED, user, note=extraction_note(extracted)
            )
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return attachment


def extraction_note(extracted: ExtractedText) -> str:
    """What the custody chain says of an extraction, e.g. "pdf, 3 pages, 2,140 characters"."""
    parts = [extracted.kind]
    if extracted.pages is not None:
        parts.append(f"{extracted.pages} pages")
    parts.append(f"{len(extracted.text):,} characters")
    return ", ".join(parts)[:300]


def read_attachment(
    attachment: Attachment,
    *,
    user=None,
    note: str = "",
    action: str = CustodyEvent.Action.VIEWED,
) -> bytes:
    """The original bytes, after checking they still hash to what arrived; the read is
    written to the custody chain as ``action`` (viewed, or exported)."""
    _, keys = keyring.keys_for(Purpose.FILES)
    sealed = (uploads_dir() / attachment.storage_name).read_bytes()
    data = crypto.open_bytes(sealed, keys, context=f"{FILE_CONTEXT}:{attachment.public_id}")
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise crypto.CryptoError(f"Attachment {attachment.public_id} no longer matches its hash.")
    record_custody(attachment, action, user, note=note)
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


# --- Sources and their evidence passages, as the workspace pages change them ---------------


class StaleVersion(Exception):
    """Someone else saved the source since the form was opened; ``current`` is their version."""

    def __init__(self, current: Source):
        super().__init__(f"Source {current.public_id} is at version {current.version}.")
        self.current = current


@dataclass(frozen=True)
class Upload:
    """A file already checked (kirok.lib.file_types): its safe name, bytes and type."""

    filename: str
    data: bytes
    mime_type: str
    extracted: ExtractedText | None = None


@transaction.atomic
def create_source(source: Source, cases, upload: Upload | None, *, user) -> Source:
    """Save a new source in ``cases`` with its file, all or nothing.

    The caller has checked that ``user`` may edit in every one of ``cases``. Saving the
    source, its cases and the attachment are audited by kirok.audit's signals. A file that
    a source ``user`` may see already holds raises FileAlreadyAttached, saving nothing: one
    document added twice would count as two sources of a claim.
    """
    if upload is not None:
        refuse_known_file(user, upload.data)
    source.collected_by = source.collected_by or user
    source.save()
    source.cases.set(cases)
    if upload is not None:
        store_attachment(
            source,
            upload.filename,
            upload.data,
            upload.mime_type,
            user=user,
            extracted=upload.extracted,
        )
    return source


@transaction.atomic
def save_source_edit(
    source: Source, expected_version: int, cases, upload: Upload | None = None, *, user
) -> Source:
    """Save ``source`` (changed by a form) unless someone saved it after ``expected_version``.

    Raises StaleVersion with the stored source when the versions differ: the second person
    to save sees the first one's values instead of overwriting them. ``cases`` replaces
    only the cases ``user`` edits in; the source stays in the others. A new file is added
    in the same transaction, unless a source ``user`` may see already holds it
    (FileAlreadyAttached, saving nothing).
    """
    # A conditional UPDATE takes the row's write lock (PostgreSQL) or the database's
    # (SQLite) before the check, so two saves cannot both pass it; it changes nothing.
    claimed = Source.objects.filter(pk=source.pk, version=expected_version).update(
        version=models.F("version")
    )
    if not claimed:
        raise StaleVersion(Source.objects.get(pk=source.pk))
    if upload is not None:
        refuse_known_file(user, upload.data)
    previous_text = Source.objects.filter(pk=source.pk).values_list("text", flat=True).get()
    source.version = expected_version
    source.save()
    _set_editable_cases(source, cases, user)
    if source.text != previous_text:
        reanchor_passages(source)
    if upload is not None:
        store_attachment(
            source,
            upload.filename,
            upload.data,
            upload.mime_type,
            user=user,
            extracted=upload.extracted,
        )
    return source


def _set_editable_cases(source: Source, chosen, user) -> None:
    from kirok.records import access

    editable = set(access.editable_case_ids(user).values_list("case_id", flat=True))
    kept = [case for case in source.cases.all() if case.pk not in editable]
    source.cases.set([*kept, *chosen])


def reanchor_passages(source: Source) -> int:
    """After the text changed, move each passage to where its quote now is; returns how many
    moved. A quote no longer in the text keeps its old offsets: the source page lists it as
    not found, and its quote still shows on the record's page."""
    moved = 0
    for span in source.evidence.exclude(start=None):
        if passages.fits(source.text, span.start, span.end, span.quote):
            continue
        at = passages.nearest(source.text, span.quote, span.start)
        if at is not None:
            span.start, span.end = at, at + len(span.quote)
            span.save(update_fields=["start", "end", "updated_at", "version"])
            moved += 1
    return moved


def add_evidence(
    source: Source, target: models.Model, start: int, end: int, *, note: str = ""
) -> EvidenceSpan:
    """Tie the passage ``source.text[start:end]`` to ``target`` (an incident, act or person).

    The caller has checked that the reader may edit both; the quote is taken from the text
    itself, so it always matches the offsets. Audited by kirok.audit's signals.
    """
    span = EvidenceSpan(
        source=source,
        start=start,
        end=end,
        quote=source.text[start:end],
        note=note,
        **{target._meta.model_name: target},
    )
    span.full_clean()
    span.save()
    return span
