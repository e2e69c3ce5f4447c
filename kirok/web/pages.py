"""What each page shows, gathered in a bounded number of queries.

Every record comes through kirok.records.access; a related person, incident or source that
the reader may not see is left out (or shown as restricted), never shown in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from kirok.lib.names import comparison_key
from kirok.records import access
from kirok.records.models import Act, ActPerpetrator, Incident, Organization, Person, Relation
from kirok.search import snippets
from kirok.security import indexing
from kirok.sources.models import Attachment, EvidenceSpan, Source
from kirok.web.places import place_paths

LATEST_INCIDENTS = 10

# A relation read the other way round: on B's page, "A is mother of B" reads "child of A".
# Vocabulary terms carry one label only for now, so the inverses of the seeded kinds are here;
# a kind added later without an inverse is shown as "A is <kind> this person".
_SYMMETRIC_RELATIONS = {"spouse_of", "sibling_of", "relative_of", "acquaintance_of"}
_INVERSE_LABELS = {
    "mother_of": _("Child of"),
    "father_of": _("Child of"),
    "child_of": _("Parent of"),
    "grandparent_of": _("Grandchild of"),
}


@dataclass
class VictimActs:
    victim: Person
    visible: bool
    acts: list[Act] = field(default_factory=list)


@dataclass
class IncidentActs:
    incident: Incident
    acts: list[Act] = field(default_factory=list)


@dataclass
class SourceEvidence:
    source: Source
    spans: list[EvidenceSpan] = field(default_factory=list)


@dataclass
class NamingSource:
    """A source whose text gives one of a person's names, where no passage is cited yet."""

    source: Source
    snippet: list[snippets.Piece]


@dataclass
class RelationLine:
    """One relative as seen from this person: "<label> <relative>", e.g. "Child of 김순옥".

    ``reversed`` means no inverse label is known: read "<relative> is <label> this person".
    """

    label: str
    relative: Person
    relation: Relation
    reversed: bool = False


def home_counts(user) -> dict[str, int]:
    """The numbers on the home page, each counted through the access functions."""
    incidents = access.visible_incidents(user)
    acts = Act.objects.filter(incident__in=incidents.values("pk"))
    named = ActPerpetrator.objects.filter(act__in=acts.values("pk"), organization__isnull=False)
    return {
        "incidents": incidents.count(),
        "persons": access.visible_persons(user).count(),
        "victims": access.visible_persons(user).filter(pk__in=acts.values("victim_id")).count(),
        "sources": access.visible_sources(user).count(),
        "proceedings": access.visible_proceedings(user).count(),
        "perpetrators": Organization.objects.filter(pk__in=named.values("organization_id")).count(),
    }


def latest_incidents(user) -> list[Incident]:
    """The ten latest incidents by start date, each with ``place_path`` set."""
    incidents = list(
        access.visible_incidents(user)
        .prefetch_related("violation_types")
        .order_by(models.F("start_date_earliest").desc(nulls_last=True), "-pk")[:LATEST_INCIDENTS]
    )
    _attach_paths(incidents)
    return incidents


def incident_queryset() -> models.QuerySet[Incident]:
    return Incident.objects.prefetch_related("violation_types")


def incident_details(user, incident: Incident) -> dict:
    acts = list(_act_queryset().filter(incident=incident).order_by("victim_id", "sequence", "pk"))
    _attach_paths([incident, *acts])
    people = {act.victim_id for act in acts} | {
        p.person_id for act in acts for p in act.perpetrators.all() if p.person_id
    }
    visible_people = set(
        access.visible_persons(user).filter(pk__in=people).values_list("pk", flat=True)
    )
    _mark_visible_perpetrators(acts, visible_people)
    groups: dict[int, VictimActs] = {}
    for act in acts:
        group = groups.setdefault(
            act.victim_id, VictimActs(act.victim, act.victim_id in visible_people)
        )
        group.acts.append(act)
    spans = _evidence(user, models.Q(incident=incident), models.Q(act__incident=incident))
    _link_acts_to_passages(acts, spans)
    proceedings = (
        access.visible_proceedings(user)
        .filter(incidents=incident)
        .select_related("forum", "filed_by")
        .prefetch_related("filed_by__names")
    )
    return {
        "incident": incident,
        "victims": list(groups.values()),
        "visible_people": visible_people,
        "sources": spans,
        "independent_sources": independent_source_count(spans),
        "cited_sources": len({item.source.pk for item in spans}),
        "proceedings": list(proceedings),
        "proposals": recorded_from(user, incident),
    }


def recorded_from(user, incident: Incident) -> list:
    """The accepted proposals this incident was recorded from (kirok.sources.proposals),
    with who accepted them: only those of sources the reader may see."""
    from kirok.sources.models import Proposal

    return list(
        Proposal.objects.filter(
            incident=incident, source__in=access.visible_sources(user).values("pk")
        )
        .select_related("source", "decided_by")
        .only("number", "decided_at", "source__public_id", "source__title", "decided_by__username")
    )


def person_queryset() -> models.QuerySet[Person]:
    return Person.objects.prefetch_related("names")


def person_details(user, person: Person) -> dict:
    paths = place_paths([person.birthplace_id, person.hometown_id])
    incidents = access.visible_incidents(user)
    acts = list(
        _act_queryset()
        .filter(victim=person, incident__in=incidents.values("pk"))
        .select_related("incident")
        .order_by("incident__start_date_earliest", "incident_id", "sequence", "pk")
    )
    _attach_paths(acts)
    perpetrator_people = {p.person_id for act in acts for p in act.perpetrators.all()}
    visible_people = set(
        access.visible_persons(user)
        .filter(pk__in=perpetrator_people - {None})
        .values_list("pk", flat=True)
    )
    _mark_visible_perpetrators(acts, visible_people)
    # The acts are the ones already read (against this person, in incidents the reader may
    # see); relations are looked up by their own indexes.
    relations = Relation.objects.filter(models.Q(subject=person) | models.Q(object=person))
    spans = _evidence(
        user,
        models.Q(person=person),
        models.Q(act_id__in=[act.pk for act in acts]),
        models.Q(relation_id__in=relations.values("pk")),
    )
    _link_acts_to_passages(acts, spans)
    names = list(person.names.all())
    return {
        "person": person,
        "names": names,
        "birthplace": paths.get(person.birthplace_id, []),
        "hometown": paths.get(person.hometown_id, []),
        "relations": _relations(user, person),
        "incidents": _by_incident(acts),
        # The person is visible too: their own acts name them as the victim.
        "visible_people": visible_people | {person.pk},
        "sources": spans,
        "naming_sources": _sources_naming(user, names, {item.source.pk for item in spans}),
        "sensitive_count": _sensitive_count(user, person),
    }


# Sources shown at most under "other sources that may name this person": each is decrypted.
NAMING_SOURCES = 10


def _sources_naming(user, names: list, cited: set[int]) -> list[NamingSource]:
    """The newest sources the reader may see whose text gives one of the person's names in
    any spelling or script (the text index's name keys, kirok.lib.names.mentions), and that
    cite no passage about the person yet: where more evidence may be. The name is marked."""
    keys = sorted({comparison_key(name.text) for name in names} - {""})
    keys = [key for key in keys if not key.endswith(":")]  # a withheld given name: 김○○
    if not keys:
        return []
    naming = models.Q()
    for key in keys:
        naming |= models.Q(pk__in=indexing.ids_naming(Source, key))
    found = (
        access.visible_sources(user)
        .filter(naming)
        .exclude(pk__in=cited)
        .select_related("kind", "reliability", "credibility")
        .order_by("-pk")[:NAMING_SOURCES]
    )
    shown = []
    for source in found:
        if passage := snippets.naming([source.text, source.title], keys):
            shown.append(NamingSource(source, passage))
    return shown


def _sensitive_count(user, person: Person) -> int | None:
    """How many contact details are kept, for a reader who may ask to see them; else None
    (then the page does not even say that there are any)."""
    if not access.may_reveal_sensitive_contacts(user, person):
        return None
    return person.sensitive_contacts.count()


def _by_incident(acts: list[Act]) -> list[IncidentActs]:
    groups: dict[int, IncidentActs] = {}
    for act in acts:
        groups.setdefault(act.incident_id, IncidentActs(act.incident)).acts.append(act)
    return list(groups.values())


def _relations(user, person: Person) -> list[RelationLine]:
    visible = access.visible_persons(user).values("pk")
    outgoing = (
        Relation.objects.filter(subject=person, object__in=visible)
        .select_related("kind", "object")
        .prefetch_related("object__names")
    )
    incoming = (
        Relation.objects.filter(object=person, subject__in=visible)
        .select_related("kind", "subject")
        .prefetch_related("subject__names")
    )
    lines = [RelationLine(r.kind.label, r.object, r) for r in outgoing]
    for relation in incoming:
        code = relation.kind.code
        if code in _SYMMETRIC_RELATIONS:
            lines.append(RelationLine(relation.kind.label, relation.subject, relation))
        elif code in _INVERSE_LABELS:
            lines.append(RelationLine(str(_INVERSE_LABELS[code]), relation.subject, relation))
        else:
            lines.append(RelationLine(relation.kind.label, relation.subject, relation, True))
    return lines


def _act_queryset() -> models.QuerySet[Act]:
    perpetrators = models.Prefetch(
        "perpetrators",
        queryset=ActPerpetrator.objects.select_related("organization", "person", "role")
        .prefetch_related("organization__names", "person__names")
        .order_by("pk"),
    )
    return Act.objects.select_related("violation_type", "victim").prefetch_related(
        "victim__names", perpetrators
    )


def _mark_visible_perpetrators(acts: list[Act], visible_people: set[int]) -> None:
    for act in acts:
        for perpetrator in act.perpetrators.all():
            perpetrator.person_visible = perpetrator.person_id in visible_people


def _evidence(user, *which: models.Q) -> list[SourceEvidence]:
    """The passages matching any of ``which`` from sources the reader may see, grouped by
    source.

    Each condition is a SELECT of its own, on its own index, in a UNION that the passages
    are read by: the conditions OR-ed across their joins in one WHERE made SQLite scan every
    passage, 2.3 s for a person's page at 100,000 incidents (3.4 million passages).
    """
    first, *rest = (
        EvidenceSpan.objects.filter(condition).order_by().values("pk") for condition in which
    )
    spans = (
        EvidenceSpan.objects.filter(pk__in=first.union(*rest) if rest else first)
        .filter(source__in=access.visible_sources(user).values("pk"))
        .select_related(
            "source__kind", "source__reliability", "source__credibility", "relation__kind"
        )
        .order_by("source__published_date_earliest", "source_id", "start", "pk")
    )
    grouped: dict[int, SourceEvidence] = {}
    for span in spans:
        grouped.setdefault(span.source_id, SourceEvidence(span.source)).spans.append(span)
    for item in grouped.values():
        item.spans = _distinct_passages(item.spans)
    return list(grouped.values())


def _distinct_passages(spans: list[EvidenceSpan]) -> list[EvidenceSpan]:
    """Each passage once: one sentence often supports several acts (one per victim), and a
    passage inside a longer one already shown adds nothing to read. In text order.

    Each kept passage lists in ``claims`` the spans it stands for (itself included), so that
    the page can say what it supports; each span's ``shown_as`` is the passage shown."""
    kept: list[EvidenceSpan] = []
    for span in sorted(spans, key=lambda s: (-len(s.quote), s.pk)):
        outer = next((other for other in kept if _within(span, other)), None)
        if outer is None:
            span.claims = [span]
            span.shown_as = span
            kept.append(span)
        else:
            outer.claims.append(span)
            span.shown_as = outer
    for span in kept:
        span.claims.sort(key=lambda claim: (_CLAIM_ORDER.index(_claim_kind(claim)), claim.pk))
    return sorted(kept, key=lambda s: (s.start is None, s.start or 0, s.pk))


_CLAIM_ORDER = ("incident", "act", "person", "relation", "proceeding")


def _claim_kind(span: EvidenceSpan) -> str:
    return next(kind for kind in _CLAIM_ORDER if getattr(span, f"{kind}_id"))


def independent_source_count(evidence: list[SourceEvidence]) -> int:
    """How many independent sources support a record, among those the reader may see.

    No source says it copies another, so each distinct source counts once, however many
    passages it gives, with one exception Kirok can see: sources that carry the same file
    (one SHA-256) are one document, added twice, and count once. A report uploaded by two
    documenters is not two witnesses.
    """
    files: dict[int, set[str]] = {item.source.pk: set() for item in evidence}
    for source_id, sha256 in Attachment.objects.filter(source_id__in=files).values_list(
        "source_id", "sha256"
    ):
        files[source_id].add(sha256)
    documents: list[set[str]] = []  # the files of each group of sources found one document
    for hashes in files.values():
        same = [document for document in documents if document & hashes]
        for document in same:
            documents.remove(document)
            hashes = hashes | document
        documents.append(hashes)
    return len(documents)


def _link_acts_to_passages(acts: list[Act], evidence: list[SourceEvidence]) -> None:
    """Give each act ``passages``: the (source, shown passage) pairs that support it, so
    that an act can point to its evidence on the page without quoting it twice; and give
    each claim its ``claim_kind`` and, for an act of this page, ``claim_act``."""
    by_act: dict[int, list] = {}
    for item in evidence:
        for shown in item.spans:
            for claim in shown.claims:
                if claim.act_id:
                    pairs = by_act.setdefault(claim.act_id, [])
                    if all(existing[1] is not shown for existing in pairs):
                        pairs.append((item.source, shown))
    acts_by_pk = {act.pk: act for act in acts}
    for item in evidence:
        for shown in item.spans:
            for claim in shown.claims:
                claim.claim_kind = _claim_kind(claim)
                claim.claim_act = acts_by_pk.get(claim.act_id)
    for act in acts:
        act.passages = by_act.get(act.pk, [])


def _within(inner: EvidenceSpan, outer: EvidenceSpan) -> bool:
    if not inner.quote:
        return True  # "the source as a whole" says nothing another passage does not
    if None not in (inner.start, inner.end, outer.start, outer.end):
        return outer.start <= inner.start and inner.end <= outer.end
    return inner.quote in outer.quote


def _attach_paths(records: list) -> None:
    """Set ``place_path`` (place → … → country) on every record that has a ``place``."""
    paths = place_paths(record.place_id for record in records)
    for record in records:
        record.place_path = paths.get(record.place_id, [])
