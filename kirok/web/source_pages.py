"""What the source pages show: a source's text with its cited passages marked, what each
passage supports, its files, and the records a passage can be tied to.

Every record comes through kirok.records.access. A passage that supports a record the
reader may not see is left out entirely (not marked, not counted): that a record elsewhere
cites this sentence is itself information.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext as _

from kirok.accounts.models import Case, Role
from kirok.lib import passages
from kirok.records import access
from kirok.records.models import Act, PersonName
from kirok.sources import services
from kirok.sources.forms import LANGUAGE_CHOICES
from kirok.sources.models import EVIDENCE_TARGETS, Attachment, EvidenceSpan, Source

PAGE_SIZE = 25
# The target menu lists at most this many incidents (with their acts) and persons.
MAX_TARGETS = 100


@dataclass
class Passage:
    """One cited passage on a source's page: the span, what it supports, whether it is
    still at its place in the text."""

    span: EvidenceSpan
    kind: str  # "incident", "act", "person", "relation", "proceeding"
    record: models.Model
    in_place: bool
    victim_visible: bool = False  # for an act: may the reader see its victim?
    removable: bool = False  # may the reader edit both the source and the record?

    @property
    def kind_label(self) -> str:
        return target_kind_label(self.kind)


@dataclass
class SourcePage:
    source: Source
    segments: list[passages.Segment]
    passages: list[Passage]
    lost: list[Passage] = field(default_factory=list)
    attachments: list = field(default_factory=list)
    proposals: dict[str, int] = field(default_factory=dict)  # status → count; empty if none


def source_list(user) -> models.QuerySet[Source]:
    """The sources ``user`` may see, newest first, with what the list shows."""
    return (
        access.visible_sources(user)
        .select_related("kind", "reliability", "credibility")
        .order_by(models.F("published_date_earliest").desc(nulls_last=True), "-pk")
    )


def name_languages(sources) -> None:
    """Set ``language_name`` on each source: "Korean" for ``ko``, in the reader's language."""
    names = {code: str(label) for code, label in LANGUAGE_CHOICES if code}
    for source in sources:
        source.language_name = names.get(source.language, source.language)


def source_queryset() -> models.QuerySet[Source]:
    return Source.objects.select_related(
        "kind", "reliability", "credibility", "collected_by", "organization"
    ).prefetch_related("organization__names")


def source_details(user, source: Source, can_edit: bool = False) -> SourcePage:
    """The source's text cut into segments around the passages ``user`` may know about.

    With ``can_edit`` (the reader may edit the source), each passage whose record the
    reader may edit too is ``removable``."""
    spans = list(visible_spans(user, source))
    for span in spans:
        span.source = source  # already here: no query per passage
    cited = [_passage(span, source.text) for span in spans]
    if can_edit:
        _mark_removable(user, cited)
    victims = {p.record.victim_id for p in cited if p.kind == "act"}
    seen = set(access.visible_persons(user).filter(pk__in=victims).values_list("pk", flat=True))
    for cited_passage in cited:
        cited_passage.victim_visible = cited_passage.kind == "act" and (
            cited_passage.record.victim_id in seen
        )
    placed = [p for p in cited if p.in_place]
    segments = passages.segments(
        source.text, [(p.span.public_id, p.span.start, p.span.end) for p in placed]
    )
    name_languages([source])
    return SourcePage(
        source=source,
        segments=segments,
        passages=placed,
        lost=[p for p in cited if not p.in_place],
        attachments=_with_copies(user, source, attachments_with_custody(source)),
        proposals=proposal_counts(source),
    )


def proposal_counts(source: Source) -> dict[str, int]:
    """How many of the source's proposed records wait, were accepted, were rejected."""
    counts = dict(source.proposals.values_list("status").annotate(n=models.Count("pk")).order_by())
    if not counts:
        return {}
    return {status: counts.get(status, 0) for status in ("pending", "accepted", "rejected")}


def attachments_with_custody(source: Source) -> list:
    """The source's files, each with ``custody_events`` (oldest first) and ``custody_ok``
    (the hash chain still verifies: no entry was changed or removed)."""
    attachments = list(source.attachments.select_related("added_by").order_by("pk"))
    for attachment in attachments:
        attachment.custody_events = list(attachment.custody.select_related("actor").order_by("pk"))
        attachment.custody_ok = services.custody_intact(attachment)
    return attachments


def _with_copies(user, source: Source, attachments: list) -> list:
    """Give each file ``copies``: the other sources ``user`` may see that carry the same bytes.
    Kirok refuses a file a source the adder can see already holds, but a copy added in
    another case stays a separate source, and may later come into one reader's view."""
    hashes = {attachment.sha256 for attachment in attachments}
    if not hashes:
        return attachments
    same_bytes = (
        Attachment.objects.filter(sha256__in=hashes, source__in=access.visible_sources(user))
        .exclude(source=source)
        .select_related("source")
        .order_by("source_id")
    )
    copies: dict[str, list[Source]] = {}
    for other in same_bytes:
        copies.setdefault(other.sha256, []).append(other.source)
    for attachment in attachments:
        attachment.copies = copies.get(attachment.sha256, [])
    return attachments


def _mark_removable(user, cited: list[Passage]) -> None:
    """Set ``removable`` where the reader may edit the record (access.get_evidence_for_user
    applies the same rule to the removal itself)."""
    incident_ids = {
        p.span.incident_id or (p.record.incident_id if p.kind == "act" else None) for p in cited
    }
    person_ids = {
        p.span.person_id or (p.record.subject_id if p.kind == "relation" else None) for p in cited
    }
    editable_incidents = set(
        editable(access.visible_incidents(user), user)
        .filter(pk__in=incident_ids - {None})
        .values_list("pk", flat=True)
    )
    editable_persons = set(
        editable(access.visible_persons(user), user)
        .filter(pk__in=person_ids - {None})
        .values_list("pk", flat=True)
    )
    editable_proceedings = set(
        editable(access.visible_proceedings(user), user)
        .filter(pk__in={p.span.proceeding_id for p in cited} - {None})
        .values_list("pk", flat=True)
    )
    for passage in cited:
        span = passage.span
        passage.removable = (
            (span.incident_id or 0) in editable_incidents
            or (passage.kind == "act" and passage.record.incident_id in editable_incidents)
            or (span.person_id or 0) in editable_persons
            or (passage.kind == "relation" and passage.record.subject_id in editable_persons)
            or (span.proceeding_id or 0) in editable_proceedings
        )


def visible_spans(user, source: Source) -> models.QuerySet[EvidenceSpan]:
    """The passages of ``source`` whose record ``user`` may see."""
    return (
        access.visible_evidence(user)
        .filter(source=source)
        .select_related(
            "incident",
            "act__incident",
            "act__violation_type",
            "act__victim",
            "person",
            "relation__kind",
            "relation__subject",
            "relation__object",
            "proceeding",
        )
        # Summaries, notes and birth dates are not shown here: not decrypted either.
        .defer(
            "incident__summary",
            "act__incident__summary",
            "act__notes",
            "act__victim__birth_date",
            "act__victim__notes",
            "person__birth_date",
            "person__notes",
            "relation__notes",
            "relation__subject__birth_date",
            "relation__subject__notes",
            "relation__object__birth_date",
            "relation__object__notes",
            "proceeding__notes",
        )
        .prefetch_related(
            *(
                models.Prefetch(path, queryset=_name_parts())
                for path in (
                    "person__names",
                    "act__victim__names",
                    "relation__subject__names",
                    "relation__object__names",
                )
            )
        )
        .order_by("start", "pk")
    )


def _passage(span: EvidenceSpan, text: str) -> Passage:
    kind = next(name for name in EVIDENCE_TARGETS if getattr(span, f"{name}_id"))
    in_place = passages.fits(text, span.start, span.end, span.quote)
    return Passage(span, kind, getattr(span, kind), in_place)


# --- Who may tie a passage to what -------------------------------------------------------


def editable_cases(user) -> models.QuerySet[Case]:
    """The cases ``user`` may put a record in (kirok.records.access.editable_case_ids)."""
    return Case.objects.filter(pk__in=access.editable_case_ids(user)).order_by("name")


def editable(visible: models.QuerySet, user) -> models.QuerySet:
    """The records of ``visible`` that ``user`` may also edit (access.can_edit, in bulk)."""
    model = visible.model
    through = model.cases.through
    column = f"{model._meta.model_name}_id"
    in_editable = through.objects.filter(case_id__in=access.editable_case_ids(user))
    condition = models.Q(pk__in=in_editable.values(column))
    if user.role == Role.COORDINATOR:
        condition |= ~models.Q(pk__in=through.objects.values(column))
    return visible.filter(condition)


def beside(records: models.QuerySet, source: Source) -> models.QuerySet:
    """Records in a case of the source (or, for a source in no case, records in none)."""
    model = records.model
    through = model.cases.through
    column = f"{model._meta.model_name}_id"
    case_ids = source.cases.values("pk")
    if source.cases.exists():
        return records.filter(pk__in=through.objects.filter(case_id__in=case_ids).values(column))
    return records.exclude(pk__in=through.objects.values(column))


def evidence_targets(user, source: Source) -> tuple[list, dict]:
    """The menu of records a passage of ``source`` can support, and the record of each value.

    Only records ``user`` may see and edit, in the source's cases: incidents with their
    acts, and persons. Those the source already supports come first, then the newest, up to
    MAX_TARGETS of each kind (a menu of thousands is slow to build and to use). Values are
    ``<kind>:<public id>``, never an integer key.
    """
    cited = source.evidence.values_list("incident_id", "act__incident_id", "person_id")
    cited_incidents = {i for row in cited for i in row[:2] if i}
    cited_persons = {row[2] for row in cited if row[2]}
    # Only what the menu shows: every encrypted field loaded is a decryption.
    incidents = _cited_then_newest(
        beside(editable(access.visible_incidents(user), user), source).only(
            "pk", "public_id", "title", "start_date_earliest"
        ),
        cited_incidents,
        (models.F("start_date_earliest").desc(nulls_last=True), "-pk"),
    )
    acts = list(
        Act.objects.filter(incident__in=[i.pk for i in incidents])
        .select_related("violation_type")
        .only("pk", "public_id", "incident_id", "victim_id", "sequence", "violation_type")
        .order_by("incident_id", "victim_id", "sequence", "pk")
    )
    titles = {incident.pk: incident.title for incident in incidents}
    victims = {
        person.pk: person
        for person in _named(
            access.visible_persons(user).filter(pk__in={a.victim_id for a in acts})
        )
    }
    persons = _cited_then_newest(
        _named(beside(editable(access.visible_persons(user), user), source)),
        cited_persons,
        ("-pk",),
    )
    groups = _group_labels()
    return _menu(
        (groups["incident"], "incident", incidents, str),
        (groups["act"], "act", acts, lambda act: _act_label(act, titles, victims)),
        (groups["person"], "person", persons, str),
    )


def with_target(menu: list, targets: dict, value: str, label: str, record) -> None:
    """Put one more record on the menu (first in its group), e.g. one chosen on its own page
    that is older than the first MAX_TARGETS; ``value`` is ``<kind>:<public id>``."""
    targets[value] = record
    if any(value == option for _group, options in menu for option, _text in options):
        return
    group_label = _group_labels()[value.partition(":")[0]]
    for group, options in menu:
        if group == group_label:
            options.insert(0, (value, label))
            return
    menu.append((group_label, [(value, label)]))


def _group_labels() -> dict[str, str]:
    return {"incident": _("Incidents"), "act": _("Acts"), "person": _("Persons")}


def _name_parts() -> models.QuerySet[PersonName]:
    """Names with just what ``str(person)`` reads (Person.primary_name)."""
    return PersonName.objects.only("pk", "person_id", "text", "is_primary", "sort_order")


def _named(persons: models.QuerySet) -> models.QuerySet:
    """Persons with just enough loaded to print their name."""
    names = models.Prefetch("names", queryset=_name_parts())
    return persons.only("pk", "public_id").prefetch_related(names)


def _cited_then_newest(records: models.QuerySet, cited: set[int], order: tuple) -> list:
    first = list(records.filter(pk__in=cited).order_by(*order)[:MAX_TARGETS])
    rest = records.exclude(pk__in=cited).order_by(*order)[: MAX_TARGETS - len(first)]
    return first + list(rest) if len(first) < MAX_TARGETS else first


def _menu(*groups) -> tuple[list, dict]:
    targets: dict[str, models.Model] = {}
    menu = []
    for label, kind, records, describe in groups:
        options = []
        for record in records:
            value = f"{kind}:{record.public_id}"
            targets[value] = record
            options.append((value, describe(record)))
        if options:
            menu.append((label, options))
    return menu, targets


def _act_label(act: Act, titles: dict[int, str], victims: dict[int, models.Model]) -> str:
    """The incident, the violation and the victim, named only if the reader may see them."""
    victim = victims.get(act.victim_id)
    who = str(victim) if victim is not None else _("a person you cannot see")
    return f"{titles[act.incident_id]} — {act.violation_type.label}: {who}"


def target_kind_label(kind: str) -> str:
    """The word for what a passage supports, in the reader's language."""
    labels = {
        "incident": _("Incident"),
        "act": _("Act"),
        "person": _("Person"),
        "relation": _("Relation"),
        "proceeding": _("Proceeding"),
    }
    return labels.get(kind, kind)


# --- Edit conflicts ----------------------------------------------------------------------


@dataclass
class FieldDifference:
    label: str
    yours: str
    theirs: str


def conflicting_fields(yours, current: Source) -> list[FieldDifference]:
    """The fields where the saved ``current`` source differs from what the form ``yours``
    submitted, with both values in words, in the form's order."""
    differences = []
    for name, field_ in yours.fields.items():
        if name in ("version", "file") or name not in yours.cleaned_data:
            continue
        mine, saved = yours.cleaned_data[name], _stored_value(current, name)
        if _comparable(mine) != _comparable(saved):
            differences.append(FieldDifference(str(field_.label), _words(mine), _words(saved)))
    return differences


def _stored_value(source: Source, name: str):
    if name == "cases":
        return list(source.cases.all())
    return getattr(source, name)


def _comparable(value):
    if isinstance(value, models.QuerySet | list | tuple):
        return sorted(item.pk for item in value)
    return value if value not in (None, "") else ""


def _words(value) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, models.QuerySet | list | tuple):
        return ", ".join(str(item) for item in value) or "—"
    if hasattr(value, "label"):
        return str(value.label)
    return str(value) if value not in (None, "") else "—"
