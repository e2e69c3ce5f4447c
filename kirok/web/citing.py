"""Citing a source passage starting from the record it supports.

A documenter reading an incident or a person finds a source (by words of its title or its
reference) and lands on the source's page with the record already chosen in the evidence
form: ``/sources/<uuid>/?cite=incident:<uuid>`` (or ``act:`` / ``person:``).

Titles and references are encrypted, so sources are found through the blind text index
(kirok.security.indexing) and confirmed against their decrypted title and reference.
Everything comes through kirok.records.access: a ``cite`` value naming a record the reader
may not see or edit, or one outside the source's cases, resolves to nothing, exactly like a
value naming no record at all.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _

from kirok.lib import text_match
from kirok.records import access
from kirok.records.models import Act, Incident, Person
from kirok.security import indexing
from kirok.sources.models import Source
from kirok.web.source_pages import beside, editable

KINDS = ("incident", "act", "person")
MAX_SOURCES = 10
CANDIDATES = 150  # decrypted at most, so that a common word cannot stall the server


@dataclass(frozen=True)
class CiteTarget:
    """A record a passage may support, as the evidence form names it."""

    kind: str  # "incident", "act" or "person"
    record: models.Model
    label: str

    @property
    def value(self) -> str:
        return f"{self.kind}:{self.record.public_id}"

    @property
    def url(self) -> str:
        """The record's own page (an act's is its incident's, at the act)."""
        if self.kind == "incident":
            return reverse("web:incident", args=[self.record.public_id])
        if self.kind == "act":
            incident_url = reverse("web:incident", args=[self.record.incident.public_id])
            return f"{incident_url}#act-{self.record.public_id}"
        return reverse("web:person", args=[self.record.public_id])


@dataclass(frozen=True)
class SourceChoice:
    """A source the documenter may cite, as the suggestion list shows it."""

    source: Source
    url: str  # the source's page, with the record to cite preselected


def parse_cite(value: str | None) -> tuple[str, uuid.UUID] | None:
    """``"act:<uuid>"`` → ("act", UUID); None for anything else."""
    kind, _sep, public_id = (value or "").partition(":")
    wanted = access.parse_public_id(public_id)
    if kind not in KINDS or wanted is None:
        return None
    return kind, wanted


def resolve_target(user, value: str | None, source: Source | None = None) -> CiteTarget | None:
    """The record ``value`` names, if ``user`` may see and edit it (and, given a source, it
    lies in the source's cases); None otherwise, whether or not such a record exists."""
    parsed = parse_cite(value)
    if parsed is None:
        return None
    kind, public_id = parsed
    incidents = _allowed(access.visible_incidents(user), user, source)
    if kind == "incident":
        incident = incidents.filter(public_id=public_id).only("pk", "public_id", "title").first()
        return CiteTarget(kind, incident, incident.title) if incident else None
    if kind == "act":
        act = (
            Act.objects.filter(public_id=public_id, incident__in=incidents.values("pk"))
            .select_related("incident", "violation_type", "victim")
            .first()
        )
        return CiteTarget(kind, act, act_label(user, act)) if act else None
    persons = _allowed(access.visible_persons(user), user, source)
    person = persons.filter(public_id=public_id).prefetch_related("names").first()
    return CiteTarget(kind, person, str(person)) if person else None


def refuse_target(user, value: str | None) -> None:
    """Write ``access_refused`` for a ``cite`` value that named no record the reader may
    cite (the same event whether or not the record exists)."""
    parsed = parse_cite(value)
    if parsed is None:
        return
    kind, public_id = parsed
    model = {"incident": Incident, "act": Act, "person": Person}[kind]
    access.refuse(model, user, public_id, reason="cite")


def _allowed(visible: models.QuerySet, user, source: Source | None) -> models.QuerySet:
    records = editable(visible, user)
    return beside(records, source) if source is not None else records


def act_label(user, act: Act) -> str:
    """The incident, the violation and the victim, named only if the reader may see them."""
    victim_visible = access.visible_persons(user).filter(pk=act.victim_id).exists()
    who = str(act.victim) if victim_visible else _("a person you cannot see")
    return f"{act.incident.title} — {act.violation_type.label}: {who}"


def find_sources(user, query: str, target: CiteTarget | None = None) -> list[SourceChoice]:
    """Sources ``user`` may edit whose title or reference holds every word of ``query``,
    newest first, at most MAX_SOURCES; with a ``target``, only those in its cases (the
    others could not hold a passage supporting it)."""
    words = text_match.query_words(query)
    if not words:
        return []
    sources = editable(access.visible_sources(user), user)
    if target is not None:
        sources = _beside_record(sources, target)
    shown = sources.select_related("kind").only(
        "pk", "public_id", "title", "reference", "kind", "published_date"
    )
    # Words of the title are in the index; a reference is not indexed, so the newest
    # sources are also read for it (a bounded number, decrypting two short fields).
    found = indexing.search(shown, query, ("title", "reference"), limit=MAX_SOURCES)
    if len(found) < MAX_SOURCES:
        newest = shown.exclude(pk__in=[s.pk for s in found]).order_by("-pk")[:CANDIDATES]
        found = _confirmed(newest, words, found)
    return [SourceChoice(source, _cite_url(source, target)) for source in found]


def _confirmed(sources, words: list[str], found: list[Source]) -> list[Source]:
    """``found`` and then the ``sources`` whose title or reference holds every word, up to
    MAX_SOURCES in all."""
    for source in sources:
        if len(found) == MAX_SOURCES:
            break
        if text_match.holds_all(f"{source.title}\n{source.reference}", words):
            found.append(source)
    return found


def _beside_record(sources: models.QuerySet, target: CiteTarget) -> models.QuerySet:
    """Sources in a case of the target's record (for a record in no case: sources in none)."""
    record = target.record.incident if target.kind == "act" else target.record
    case_ids = record.cases.values("pk")
    through = Source.cases.through
    if record.cases.exists():
        return sources.filter(
            pk__in=through.objects.filter(case_id__in=case_ids).values("source_id")
        )
    return sources.exclude(pk__in=through.objects.values("source_id"))


def _cite_url(source: Source, target: CiteTarget | None) -> str:
    # At the text, where the passage is selected (the line naming the record is above it).
    url = reverse("web:source", args=[source.public_id])
    return f"{url}?cite={target.value}#text-heading" if target else f"{url}#text-heading"
