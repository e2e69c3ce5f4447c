"""Bring a document into Kirok: a new source with its original kept as sealed evidence and
its working text extracted, all or nothing.

Used by ``kirok ingest`` (kirok.cli.ingest). Identical files are recognised by their SHA-256:
a second ingest of bytes already attached to a source **the user may see** creates nothing
and names that source.

If the same bytes are attached only to sources the user may *not* see, the file is ingested
as a new, separate source, exactly as if it were unknown. Answering "already in Kirok" there
would turn ingestion into an oracle: an infiltrator holding a leaked testimony could learn
whether Kirok has it, and so whether the witness spoke to the NGO, without ever seeing a
record. The cost is a duplicate that only a coordinator of both cases could notice.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction

from kirok.lib import file_types, text_extraction
from kirok.lib.file_types import RefusedFile
from kirok.lib.names.hanja import is_hanja
from kirok.lib.text_extraction import ExtractedText, Limits, Notice
from kirok.sources import proposals, services
from kirok.sources.models import Attachment, Source
from kirok.vocabularies.models import Term

# The source kind a file suggests; testimony is never guessed (it needs the witness's
# consent, which a file cannot give).
KIND_BY_FORMAT = {"html": "news_article", "htm": "news_article"}
DEFAULT_KIND = "other"


@dataclass
class Outcome:
    """What became of one file: ``ingested``, ``duplicate`` or ``refused``."""

    filename: str
    status: str
    source: Source | None = None
    attachment: Attachment | None = None
    refusal: RefusedFile | None = None
    warnings: list[Notice] = field(default_factory=list)
    proposed: int = 0  # records proposed from its text for review (kirok.sources.proposals)

    @property
    def reason(self) -> str:
        return str(self.refusal) if self.refusal else ""


def limits_from_settings() -> Limits:
    """The limits an operator set (KIROK_INGEST_MAX_BYTES, KIROK_INGEST_MAX_PAGES)."""
    return Limits(
        max_bytes=getattr(settings, "INGEST_MAX_BYTES", Limits.max_bytes),
        max_pages=getattr(settings, "INGEST_MAX_PAGES", Limits.max_pages),
    )


def ingest(
    file: Path | bytes,
    filename: str | None = None,
    *,
    user,
    cases,
    kind: Term | None = None,
    limits: Limits | None = None,
    propose: bool = True,
) -> Outcome:
    """Ingest ``file`` (a path, or the bytes of a file called ``filename``) into ``cases``.

    ``user`` must edit in every one of ``cases`` (PermissionDenied otherwise). A refused
    file changes nothing: no source, no attachment, no file in the uploads directory.
    With ``propose``, the records its text describes are proposed for review.
    """
    cases = list(cases)
    check_cases(user, cases)
    limits = limits or limits_from_settings()
    name = file_types.safe_filename(filename or (file.name if isinstance(file, Path) else ""))
    try:
        data = text_extraction.read_file(file, limits)
        extracted = text_extraction.extract(data, name, limits)
    except RefusedFile as refusal:
        return Outcome(name, "refused", refusal=refusal)
    try:
        source, attachment = _create(data, name, extracted, user=user, cases=cases, kind=kind)
    except services.FileAlreadyAttached as known:
        return Outcome(name, "duplicate", source=known.source, attachment=known.attachment)
    proposed = proposals.propose(source, user=user) if propose and source.text.strip() else []
    return Outcome(
        name, "ingested", source, attachment, warnings=extracted.warnings, proposed=len(proposed)
    )


def check_cases(user, cases) -> None:
    from kirok.records import access

    if not cases:
        raise ValueError("A document must go into at least one case.")
    editable = set(access.editable_case_ids(user).values_list("case_id", flat=True))
    if any(case.pk not in editable for case in cases):
        raise PermissionDenied("The account may not add records to every one of these cases.")


def _create(
    data: bytes, name: str, extracted: ExtractedText, *, user, cases, kind: Term | None
) -> tuple[Source, Attachment]:
    # identify() already ran inside extract(); the type is known to be accepted.
    mime_type = file_types.identify(data, name).mime_type
    with transaction.atomic():
        services.refuse_known_file(user, data)
        source = Source(
            kind=kind or guess_kind(name),
            title=extracted.metadata.get("title") or PurePosixPath(name).stem or name,
            text=extracted.text,
            language=guess_language(extracted.text),
            author=extracted.metadata.get("author", "")[:500],
            published_date=extracted.metadata.get("published", ""),
            collected_date=dt.date.today().isoformat(),
            collected_by=user,
        )
        source.save()
        source.cases.set(cases)
        attachment = services.store_attachment(
            source, name, data, mime_type, user=user, extracted=extracted
        )
    return source, attachment


def guess_kind(filename: str) -> Term:
    """The source kind a file's format suggests: a web page is a news article; otherwise
    "other source", for the documenter to correct."""
    extension = PurePosixPath(filename.lower()).suffix.lstrip(".")
    terms = Term.objects.of("source_kind")
    return terms.filter(code=KIND_BY_FORMAT.get(extension, DEFAULT_KIND)).first() or terms.get(
        code=DEFAULT_KIND
    )


def guess_language(text: str) -> str:
    """``ko`` when Hangul makes up a fair share of the letters, ``ja`` or ``zh`` when Chinese
    characters do (with Japanese kana among them, or without), ``en`` for Latin letters,
    else empty (not stated). A Chinese notice that repeats a line in English is Chinese; a
    Korean text that gives names in characters (金順愛) is Korean."""
    hangul = len(re.findall(r"[\uac00-\ud7a3]", text))
    han = sum(map(is_hanja, text))
    kana = len(re.findall(r"[\u3041-\u30ff]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    # A Korean syllable or a Chinese character carries about three Latin letters.
    if hangul and hangul * 3 >= latin and hangul >= han:
        return "ko"
    if han + kana and (han + kana) * 3 >= latin:
        return "ja" if kana * 5 >= han + kana else "zh"
    if latin:
        return "en"
    return ""
