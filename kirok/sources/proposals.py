"""Proposed records: what assisted extraction reads in a source, until a person decides.

:func:`propose` runs kirok.lib.extraction on a source's text and keeps each incident it
finds as a :class:`~kirok.sources.models.Proposal`. A reviewer then :func:`accept`\\ s one —
with the fields they kept, corrected or rejected (a :class:`Review`) — which creates the
incident, the victims' Person records and their acts in one transaction, each tied to the
passage of the source that supports it; or :func:`reject`\\ s it with a reason. Who decided
what, and when, stays on the proposal for the next reviewer to see, and in the audit log
(by field name, never by value).

Nothing here checks permissions: the views do (kirok.records.access), and pass the cases
the new records may go into.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils import timezone

from kirok import installed_version
from kirok.audit import services as audit
from kirok.lib import extraction, passages
from kirok.lib.extraction import extract
from kirok.records.forms import guess_script
from kirok.records.models import (
    Act,
    ActPerpetrator,
    Incident,
    NameKind,
    Organization,
    OrganizationName,
    Person,
    PersonName,
    Place,
    Sex,
)
from kirok.sources.models import EvidenceSpan, Proposal, Source
from kirok.vocabularies.models import Term

# The extractor's type names where the violation_type vocabulary's codes differ.
TYPE_TERMS = {
    "arrest": "arbitrary_arrest",
    "surveillance": "surveillance_intimidation",
    "coerced_informant": "coerced_informant_recruitment",
}
# The extractor's perpetrator codes → the seeded organizations (kirok/records/seed).
ORGANIZATION_CODES = {
    "MSS": "mss",
    "MPS": "mps",
    "border_guard": "border-guard",
    "KPA": "kpa",
    "WPK": "wpk",
    "CN_public_security": "cn-mps",
}
# The extractor's sex letters → Person.sex.
SEXES = {"F": Sex.FEMALE, "M": Sex.MALE}


class AlreadyDecided(Exception):
    """Someone decided this proposal first; ``proposal`` is as they left it."""

    def __init__(self, proposal: Proposal):
        super().__init__(f"Proposal {proposal.public_id} is {proposal.status}.")
        self.proposal = proposal


class TextChanged(Exception):
    """A passage the proposal cites is no longer in the source's text."""


def extractor_name() -> str:
    return f"kirok.lib.extraction {installed_version()}"


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def proposed(proposal: Proposal) -> dict:
    """The extractor's incident as it was proposed (JSON decoded)."""
    return json.loads(proposal.proposed or "{}")


def decision(proposal: Proposal) -> dict:
    return json.loads(proposal.decision or "{}")


# --- Proposing ----------------------------------------------------------------------------


@transaction.atomic
def propose(source: Source, *, user) -> list[Proposal]:
    """Read the source's text and keep each incident found as a pending proposal.

    Pending proposals read from an older text are replaced; an incident already proposed
    (the same passages, pending or decided) is not proposed twice, so running it again on
    an unchanged text adds nothing and a reviewer's open page stays valid. Returns the new
    proposals; audited as ``proposals_made`` with their count.
    """
    digest = text_digest(source.text)
    source.proposals.filter(status=Proposal.Status.PENDING).exclude(text_sha256=digest).delete()
    known = {_evidence_key(proposed(p)) for p in source.proposals.all()}
    number = source.proposals.aggregate(last=models.Max("number"))["last"] or 0
    found = extract(
        source.text, lang=_language(source), published=_anchor(source), field_spans=True
    )["incidents"]
    created = []
    for incident in found:
        if _evidence_key(incident) in known:
            continue
        number += 1
        created.append(
            Proposal.objects.create(
                source=source,
                number=number,
                proposed=json.dumps(incident, ensure_ascii=False),
                confidence=incident.get("confidence") or 0,
                text_sha256=digest,
                extractor=extractor_name(),
                proposed_by=user,
            )
        )
    audit.record(
        "proposals_made",
        actor=user,
        obj=source,
        detail={"count": len(created), "found": len(found), "extractor": extractor_name()},
    )
    return created


def _evidence_key(incident: dict) -> tuple:
    return tuple((e["start"], e["end"], e["quote"]) for e in incident.get("evidence") or ())


# The languages the extractor's lexicons are written for.
EXTRACTED_LANGUAGES = extraction.LANGUAGES


def reads_language(source: Source) -> bool:
    """Whether the extractor reads the source's language (an unstated one it detects)."""
    return source.language in ("", *EXTRACTED_LANGUAGES)


def _language(source: Source) -> str | None:
    return source.language if source.language in EXTRACTED_LANGUAGES else None


def _anchor(source: Source) -> dt.date | None:
    """The day relative dates count from: publication, else collection (its first day)."""
    return source.published_date_earliest or source.collected_date_earliest


# --- What the review form starts from ------------------------------------------------------


@dataclass
class Suggestion:
    """The proposal translated into Kirok's records: terms, places and organizations."""

    title: str
    summary: str
    types: list[Term]
    date: str
    place: Place | None
    organization: Organization | None
    count_min: int | None
    count_max: int | None
    count_text: str
    victims: list[dict]


def suggestion(proposal: Proposal) -> Suggestion:
    found = proposed(proposal)
    types = violation_terms(found.get("types") or [])
    place = _place(found.get("place"))
    count = found.get("victim_count") or {}
    named_at = (found.get("spans") or {}).get("perpetrator")
    return Suggestion(
        title=_title(types, place, found),
        summary=" … ".join(e["quote"] for e in found.get("evidence") or ()),
        types=types,
        date=(found.get("date") or {}).get("edtf") or "",
        place=place,
        organization=_named_unit(proposal.source.text, named_at)
        or _organization(found.get("perpetrator")),
        count_min=count.get("min"),
        count_max=count.get("max"),
        count_text=count.get("text") or "",
        victims=list(found.get("victims") or ()),
    )


def violation_terms(types: list[str]) -> list[Term]:
    codes = [TYPE_TERMS.get(kind, kind) for kind in types]
    terms = {t.code: t for t in Term.objects.of("violation_type").filter(code__in=codes)}
    return [terms[code] for code in dict.fromkeys(codes) if code in terms]


def _place(found: dict | None) -> Place | None:
    if not found or not found.get("place_id"):
        return None
    return Place.objects.filter(gazetteer_id=found["place_id"]).first()


# How far before the perpetrator's words a unit's full name may begin ("Hoeryong City"
# before "State Security Department").
_UNIT_NAME_REACH = 60


def _named_unit(text: str, span: dict | None) -> Organization | None:
    """The organization whose full name the text gives where the perpetrator is named: the
    extractor reads "State Security Department" as the MSS, but "Hoeryong City State
    Security Department" names the city bureau, a seeded unit of its own. The longest name
    that ends with the perpetrator's words wins; None when no name matches."""
    if not span:
        return None
    window = text[max(0, span["start"] - _UNIT_NAME_REACH) : span["end"]].casefold()
    best: tuple[int, Organization] | None = None
    for name in OrganizationName.objects.select_related("organization"):
        words = name.text.casefold()
        if window.endswith(words) and (best is None or len(words) > best[0]):
            best = (len(words), name.organization)
    return best[1] if best else None


def _organization(found: dict | None) -> Organization | None:
    code = ORGANIZATION_CODES.get((found or {}).get("org") or "")
    return Organization.objects.filter(code=code).first() if code else None


def _title(types: list[Term], place: Place | None, found: dict) -> str:
    """e.g. "Arbitrary arrest — Musan, 2019-05", in the reviewer's language."""
    what = ", ".join(term.label for term in types) or "?"
    where_when = [str(place) if place else "", (found.get("date") or {}).get("edtf") or ""]
    details = ", ".join(part for part in where_when if part)
    return f"{what} — {details}" if details else what


# --- Deciding -----------------------------------------------------------------------------


@dataclass
class ReviewedVictim:
    name: str
    pseudonym: bool = False
    sex: str = Sex.UNKNOWN
    age: int | None = None
    born: int | None = None  # the year
    relationship: str = ""
    index: int | None = None  # which proposed victim this was (for its passage), if any


@dataclass
class Review:
    """What the reviewer kept: None (or empty) for a rejected field."""

    title: str
    cases: list
    summary: str = ""
    types: list[Term] = field(default_factory=list)
    date: str = ""
    place: Place | None = None
    organization: Organization | None = None
    role: Term | None = None
    count_min: int | None = None
    count_max: int | None = None
    count_text: str = ""
    victims: list[ReviewedVictim] = field(default_factory=list)
    verdicts: dict[str, str] = field(default_factory=dict)  # field → accepted/edited/rejected


@transaction.atomic
def accept(proposal: Proposal, review: Review, *, user) -> Incident:
    """Create the incident, its victims and their acts as reviewed, with their passages.

    Raises AlreadyDecided if another reviewer decided the proposal first, TextChanged if a
    passage it cites is no longer in the text; either way nothing is created.
    """
    _claim(proposal, Proposal.Status.ACCEPTED, user)
    source = proposal.source
    found = proposed(proposal)
    evidence = [_anchored(source.text, e["start"], e["end"], e["quote"]) for e in found["evidence"]]
    incident = _create_incident(review)
    for start, end in evidence:
        _cite(source, incident, start, end)
    victim_spans = (found.get("spans") or {}).get("victims") or []
    for victim in review.victims:
        name_at = _victim_position(source.text, found, victim_spans, victim)
        passage = _sentence_around(evidence, name_at)
        person = _create_person(victim, review, incident)
        _cite(source, person, *passage)
        for act in _create_acts(incident, person, review):
            _cite(source, act, *passage)
    proposal.incident = incident
    proposal.decision = json.dumps(
        {"fields": review.verdicts, "victims": len(review.victims)}, ensure_ascii=False
    )
    proposal.save(update_fields=["incident", "decision", "updated_at"])
    audit.record(
        "proposal_accepted",
        actor=user,
        obj=source,
        detail={
            "proposal": str(proposal.public_id),
            "incident": str(incident.public_id),
            "fields": review.verdicts,
            "victims": len(review.victims),
        },
    )
    return incident


@transaction.atomic
def reject(proposal: Proposal, reason: str, *, user) -> None:
    """Mark the proposal rejected, with the reviewer's reason (kept encrypted)."""
    _claim(proposal, Proposal.Status.REJECTED, user)
    proposal.decision = json.dumps({"reason": reason}, ensure_ascii=False)
    proposal.save(update_fields=["decision", "updated_at"])
    audit.record(
        "proposal_rejected",
        actor=user,
        obj=proposal.source,
        detail={"proposal": str(proposal.public_id), "with_reason": bool(reason)},
    )


def _claim(proposal: Proposal, status: str, user) -> None:
    """Mark the proposal decided unless someone did first. The conditional UPDATE takes the
    row's (PostgreSQL) or the database's (SQLite) write lock before it checks, so of two
    reviewers deciding at once exactly one passes."""
    now = timezone.now()
    claimed = Proposal.objects.filter(pk=proposal.pk, status=Proposal.Status.PENDING).update(
        status=status, decided_by=user, decided_at=now, version=models.F("version") + 1
    )
    if not claimed:
        raise AlreadyDecided(Proposal.objects.select_related("decided_by").get(pk=proposal.pk))
    proposal.refresh_from_db()


def _anchored(text: str, start: int, end: int, quote: str) -> tuple[int, int]:
    """Where the quoted passage is in the source's text now (it may have moved)."""
    if passages.fits(text, start, end, quote):
        return start, end
    at = passages.nearest(text, quote, start)
    if at is None:
        raise TextChanged(quote)
    return at, at + len(quote)


def _victim_position(text: str, found: dict, spans: list, victim: ReviewedVictim) -> int | None:
    """Where the proposed victim's name is in the text (None for one the reviewer added)."""
    if victim.index is None or victim.index >= len(spans) or spans[victim.index] is None:
        return None
    span = spans[victim.index]
    name = found["victims"][victim.index]["name"] or ""
    try:
        return _anchored(text, span["start"], span["end"], name)[0]
    except TextChanged:
        return None


def _sentence_around(evidence: list[tuple[int, int]], position: int | None) -> tuple[int, int]:
    """The incident's passage that contains ``position``, else its first one."""
    for start, end in evidence:
        if position is not None and start <= position < end:
            return start, end
    return evidence[0]


def _cite(source: Source, record: models.Model, start: int, end: int) -> EvidenceSpan:
    span = EvidenceSpan(
        source=source,
        start=start,
        end=end,
        quote=source.text[start:end],
        **{record._meta.model_name: record},
    )
    span.full_clean()
    span.save()
    return span


def _create_incident(review: Review) -> Incident:
    incident = Incident(
        title=review.title,
        summary=review.summary,
        start_date=review.date,
        place=review.place,
        victim_count_min=review.count_min,
        victim_count_max=review.count_max,
        victim_count_exact=(
            review.count_min
            if review.count_min is not None and review.count_min == review.count_max
            else None
        ),
        victim_count_text=review.count_text[:200],
    )
    incident.full_clean(exclude=["cases", "violation_types"])
    incident.save()
    incident.violation_types.set(review.types)
    incident.cases.set(review.cases)
    return incident


def _create_person(victim: ReviewedVictim, review: Review, incident: Incident) -> Person:
    person = Person(
        sex=victim.sex or Sex.UNKNOWN,
        birth_date=str(victim.born) if victim.born else _birth_years(victim.age, incident),
        notes=_person_notes(victim),
    )
    person.full_clean(exclude=["cases", "identity"])
    person.save()
    person.cases.set(review.cases)
    name = PersonName(
        person=person,
        text=victim.name,
        script=guess_script(victim.name),
        kind=NameKind.PSEUDONYM if victim.pseudonym else NameKind.LEGAL,
        is_primary=True,
    )
    name.full_clean()
    name.save()
    return person


def _birth_years(age: int | None, incident: Incident) -> str:
    """ "1983/1984" for someone aged 35 at an event in 2019: the two years they may have been
    born in; nothing without both an age and the event's year."""
    year = incident.start_date_earliest.year if incident.start_date_earliest else None
    latest = incident.start_date_latest.year if incident.start_date_latest else None
    if age is None or year is None or year != latest:
        return ""
    return f"{year - age - 1}/{year - age}"


def _person_notes(victim: ReviewedVictim) -> str:
    lines = []
    if victim.relationship:
        lines.append(f"Relationship as the source words it: {victim.relationship}")
    if victim.age is not None:
        lines.append(f"Age as the source gives it: {victim.age}")
    return "\n".join(lines)


def _create_acts(incident: Incident, person: Person, review: Review) -> list[Act]:
    """One act per violation type against this victim, with the perpetrator if kept."""
    acts = []
    for sequence, term in enumerate(review.types, start=1):
        act = Act(
            incident=incident,
            victim=person,
            violation_type=term,
            date=review.date,
            place=review.place,
            sequence=sequence,
        )
        act.full_clean()
        act.save()
        if review.organization is not None and review.role is not None:
            ActPerpetrator.objects.create(
                act=act, organization=review.organization, role=review.role
            )
        acts.append(act)
    return acts
