"""Browsing incidents: filters from the query string, and facet counts over visible records.

Parameters (the names the statistics dashboard uses too, so that the two can hand each other
their filters; each facet may be given several times, meaning "any of these"):

===============  ==========================================================================
``q``            words of an incident's title or summary, or any spelling of a victim's name
``violation``    violation type code (the incident's or one of its acts')
``year_from``    first year, ``year_to`` last year: incidents whose start may fall in them
``province``     gazetteer id of a province, or of a Chinese border prefecture (``KP-09``)
``perpetrator``  organization code; its sub-units count too (``mss`` = every bureau)
``status``       incident status (alleged, corroborated, verified)
``sex``          a victim's sex
``age_group``    a victim's age group at the time (kirok.records.ages: 0-17 … 60+,
                 uncertain, unknown)
``source_kind``  kind of a source cited for the incident or one of its acts
``reliability``  reliability grade (a–f) of such a source
``sort``         newest (default), oldest, updated, victims
===============  ==========================================================================

Every count is taken over :func:`kirok.records.access.visible_incidents`, and the victims and
sources behind a facet over ``visible_persons``/``visible_sources``: a hidden case can change
no number on the page. A facet's counts apply every *other* filter, so that choosing one
value still shows how many incidents the other values of that facet would add.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from kirok.records import access
from kirok.records.ages import AGE_GROUP_CODES, AGE_GROUP_LABELS, age_group_expression
from kirok.records.models import (
    Act,
    ActPerpetrator,
    Incident,
    IncidentStatus,
    Organization,
    PersonName,
    Place,
    Sex,
)
from kirok.security import indexing
from kirok.sources.models import EvidenceSpan
from kirok.vocabularies.models import Term

FIRST_YEAR, LAST_YEAR = 1900, 2100
MAX_VALUES = 20  # per facet: more is a crafted URL, not a person's choice
MAX_QUERY = 200
FACETS = (
    "violation",
    "province",
    "perpetrator",
    "status",
    "sex",
    "age_group",
    "source_kind",
    "reliability",
)
SORTS = {
    "newest": (_("Newest first"), (models.F("start_date_earliest").desc(nulls_last=True), "-pk")),
    "oldest": (_("Oldest first"), (models.F("start_date_earliest").asc(nulls_last=True), "pk")),
    "updated": (_("Recently changed"), ("-updated_at", "-pk")),
    "victims": (
        _("Most victims"),
        (
            Coalesce("victim_count_exact", "victim_count_min").desc(nulls_last=True),
            "-pk",
        ),
    ),
}
# Which level of a country's places is its "province" facet: North Korea's provinces, and
# the prefectures of the Chinese border (one Chinese province holds most of the border).
REGION_LEVEL = {"CN": "admin2"}
VOCABULARIES = {
    "violation": "violation_type",
    "source_kind": "source_kind",
    "reliability": "source_reliability",
}
FACET_LABELS = {
    "violation": _("Violation type"),
    "province": _("Province"),
    "perpetrator": _("Perpetrator"),
    "status": _("Status"),
    "sex": _("Victim's sex"),
    "age_group": _("Victim's age"),
    "source_kind": _("Source kind"),
    "reliability": _("Source reliability"),
}


@dataclass
class Filters:
    """What one request asks for; ``errors`` says which parts were not understood."""

    q: str = ""
    year_from: int | None = None
    year_to: int | None = None
    chosen: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "newest"
    errors: list[str] = field(default_factory=list)

    def values(self, facet: str) -> list[str]:
        return self.chosen.get(facet, [])

    def audit_detail(self) -> dict:
        """The filters as the audit log may keep them: codes and years, never the words."""
        detail = {name: values for name, values in self.chosen.items() if values}
        if self.year_from is not None:
            detail["year_from"] = self.year_from
        if self.year_to is not None:
            detail["year_to"] = self.year_to
        return detail

    @property
    def is_empty(self) -> bool:
        return not (self.q or self.year_from or self.year_to or any(self.chosen.values()))


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    key: str
    label: str
    options: list[Option]


# --- Reading the query string ------------------------------------------------------------


def parse_filters(params) -> Filters:
    """The filters of a QueryDict; unknown values are dropped and named in ``errors``."""
    filters = Filters(q=" ".join((params.get("q") or "").split())[:MAX_QUERY])
    for name in ("year_from", "year_to"):
        raw = (params.get(name) or "").strip()
        if raw:
            year = int(raw) if raw.isdigit() and FIRST_YEAR <= int(raw) <= LAST_YEAR else None
            if year is None:
                filters.errors.append(_("“%(value)s” is not a year.") % {"value": raw[:20]})
            setattr(filters, name, year)
    if filters.year_from and filters.year_to and filters.year_from > filters.year_to:
        filters.errors.append(_("The first year is after the last; they were swapped."))
        filters.year_from, filters.year_to = filters.year_to, filters.year_from
    for facet in FACETS:
        wanted = [v.strip()[:80] for v in params.getlist(facet) if v.strip()][:MAX_VALUES]
        known = _known_values(facet, wanted) if wanted else set()
        filters.chosen[facet] = [v for v in dict.fromkeys(wanted) if v in known]
        for value in wanted:
            if value not in known:
                filters.errors.append(
                    _("Unknown value for %(name)s: “%(value)s”.")
                    % {"name": FACET_LABELS[facet], "value": value[:40]}
                )
    sort = params.get("sort") or "newest"
    filters.sort = sort if sort in SORTS else "newest"
    return filters


def _known_values(facet: str, wanted: list[str]) -> set[str]:
    if facet == "status":
        return set(IncidentStatus.values)
    if facet == "sex":
        return set(Sex.values)
    if facet == "age_group":
        return set(AGE_GROUP_CODES)
    if facet == "province":
        return set(
            Place.objects.filter(gazetteer_id__in=wanted).values_list("gazetteer_id", flat=True)
        )
    if facet == "perpetrator":
        return set(Organization.objects.filter(code__in=wanted).values_list("code", flat=True))
    terms = Term.objects.filter(vocabulary__key=VOCABULARIES[facet], code__in=wanted)
    return set(terms.values_list("code", flat=True))


# --- Filtering -----------------------------------------------------------------------------


def browse(user, filters: Filters) -> models.QuerySet[Incident]:
    """The incidents ``user`` may see that match every filter, in the chosen order."""
    ordered = filtered(user, filters).order_by(*SORTS[filters.sort][1])
    return ordered.prefetch_related("violation_types")


def filtered(user, filters: Filters, leave_out: str = "") -> models.QuerySet[Incident]:
    """Visible incidents matching every filter but ``leave_out`` (for that facet's counts).

    Every condition is a subquery on primary keys, so the result has no duplicates and can
    be counted and grouped directly.
    """
    incidents = access.visible_incidents(user)
    if filters.q:
        incidents = incidents.filter(_matching_words_or_victim(user, filters.q))
    if filters.year_from is not None:
        incidents = incidents.filter(start_date_latest__gte=datetime.date(filters.year_from, 1, 1))
    if filters.year_to is not None:
        incidents = incidents.filter(
            start_date_earliest__lte=datetime.date(filters.year_to, 12, 31)
        )
    for facet in FACETS:
        values = filters.values(facet)
        if values and facet != leave_out:
            incidents = incidents.filter(pk__in=_FILTERS[facet](user, values))
    return incidents


def _matching_words_or_victim(user, query: str) -> models.Q:
    """Incidents whose title or summary holds every word (by the blind text index), or with
    a victim the reader may see whose name is any spelling of the query (blind name index).

    The text condition stays at the index's word pieces, without decrypting to confirm as
    the search page does: it has to hold in SQL for counting and paging, and two pieces of
    a Korean word found apart in one summary are rare enough for a list that is then read.
    """
    named = PersonName.objects.spelled_like(query).values("person_id")
    victims = Act.objects.filter(
        victim_id__in=named, victim__in=access.visible_persons(user).values("pk")
    )
    condition = models.Q(pk__in=victims.values("incident_id"))
    words = indexing.candidate_ids(Incident, query)
    if words is not None:
        condition |= models.Q(pk__in=words)
    return condition


def _by_violation(user, values):
    typed = Incident.violation_types.through.objects.filter(term__code__in=values)
    acts = Act.objects.filter(violation_type__code__in=values)
    return Incident.objects.filter(
        models.Q(pk__in=typed.values("incident_id")) | models.Q(pk__in=acts.values("incident_id"))
    ).values("pk")


def _by_province(user, values):
    return Incident.objects.filter(place_id__in=places_within(values)).values("pk")


def _by_perpetrator(user, values):
    named = ActPerpetrator.objects.filter(organization_id__in=organizations_within(values))
    return named.values("act__incident_id")


def _by_status(user, values):
    return Incident.objects.filter(status__in=values).values("pk")


def _victim_acts(user) -> models.QuerySet[Act]:
    """Acts whose victim the reader may see: a hidden person's sex or age counts nowhere."""
    return Act.objects.filter(victim__in=access.visible_persons(user).values("pk"))


def _by_sex(user, values):
    return _victim_acts(user).filter(victim__sex__in=values).values("incident_id")


def _by_age_group(user, values):
    acts = _victim_acts(user).annotate(age_group=age_group_expression())
    return acts.filter(age_group__in=values).values("incident_id")


def _cited(user, **conditions) -> models.QuerySet[EvidenceSpan]:
    sources = access.visible_sources(user).filter(**conditions)
    return EvidenceSpan.objects.filter(source__in=sources.values("pk"))


def _by_source_kind(user, values):
    return _incidents_of_spans(_cited(user, kind__code__in=values))


def _by_reliability(user, values):
    return _incidents_of_spans(_cited(user, reliability__code__in=values))


def _incidents_of_spans(spans: models.QuerySet[EvidenceSpan]):
    on_acts = Act.objects.filter(pk__in=spans.values("act_id")).values("incident_id")
    return Incident.objects.filter(
        models.Q(pk__in=spans.values("incident_id")) | models.Q(pk__in=on_acts)
    ).values("pk")


_FILTERS: dict[str, Callable] = {
    "violation": _by_violation,
    "province": _by_province,
    "perpetrator": _by_perpetrator,
    "status": _by_status,
    "sex": _by_sex,
    "age_group": _by_age_group,
    "source_kind": _by_source_kind,
    "reliability": _by_reliability,
}


# --- Hierarchies (places, organizations): small trees, read once per call ------------------


def _tree(model) -> dict[int | None, list[int]]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in model.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    return children


def _below(children: dict, roots: list[int]) -> list[int]:
    found, todo, seen = [], list(roots), set()
    while todo:
        pk = todo.pop()
        if pk not in seen:
            seen.add(pk)
            found.append(pk)
            todo.extend(children.get(pk, ()))
    return found


def places_within(gazetteer_ids: list[str]) -> list[int]:
    """The places with these gazetteer ids and every place within them."""
    roots = list(Place.objects.filter(gazetteer_id__in=gazetteer_ids).values_list("pk", flat=True))
    return _below(_tree(Place), roots)


def organizations_within(codes: list[str]) -> list[int]:
    """The organizations with these codes and all their sub-units."""
    roots = list(Organization.objects.filter(code__in=codes).values_list("pk", flat=True))
    return _below(_tree(Organization), roots)


def region_of_places() -> dict[int, int]:
    """Each place's province (or Chinese prefecture, REGION_LEVEL): place pk → region pk."""
    rows = {pk: (parent, level, country) for pk, parent, level, country in
            Place.objects.values_list("pk", "parent_id", "level", "country_code")}  # fmt: skip
    regions = {}
    for pk in rows:
        node, steps = pk, 0
        while node is not None and steps < 32:
            parent, level, country = rows[node]
            if level == REGION_LEVEL.get(country, "admin1"):
                regions[pk] = node
                break
            node, steps = parent, steps + 1
    return regions


# --- Counting --------------------------------------------------------------------------------


def facets(user, filters: Filters) -> list[Facet]:
    """Every facet with its options and counts, over what ``user`` may see."""
    return [Facet(key, str(FACET_LABELS[key]), _options(user, filters, key)) for key in FACETS]


def _options(user, filters: Filters, key: str) -> list[Option]:
    base = filtered(user, filters, leave_out=key).values("pk")
    counts = _COUNTS[key](user, base)
    labels = _labels(key, set(counts) | set(filters.values(key)))
    chosen = set(filters.values(key))
    options = [
        Option(value, label, counts.get(value, 0), value in chosen)
        for value, label in labels
        if counts.get(value) or value in chosen
    ]
    if key == "perpetrator":  # dozens of units: the most frequent ones, and the chosen
        options.sort(key=lambda o: (not o.selected, -o.count, o.label))
        options = [o for i, o in enumerate(options) if o.selected or i < 15]
    return options


def _count_violation(user, base) -> dict[str, int]:
    """Incidents per violation type, named on the incident or on one of its acts.

    Counted as typed + acted − both, three grouped queries that use the foreign-key indexes
    (a correlated count per type made SQLite scan the acts once per incident)."""
    typed = Incident.violation_types.through.objects.filter(incident_id__in=base)
    acted = Act.objects.filter(incident_id__in=base)
    same_act = Act.objects.filter(
        incident_id=models.OuterRef("incident_id"), violation_type_id=models.OuterRef("term_id")
    )
    counts = _grouped(typed, "term__code", "incident_id")
    for code, n in _grouped(acted, "violation_type__code", "incident_id").items():
        counts[code] = counts.get(code, 0) + n
    for code, n in _grouped(
        typed.filter(models.Exists(same_act)), "term__code", "incident_id"
    ).items():
        counts[code] -= n
    return {code: n for code, n in counts.items() if n}


def _count_province(user, base) -> dict[str, int]:
    regions = region_of_places()
    codes = dict(
        Place.objects.filter(pk__in=set(regions.values())).values_list("pk", "gazetteer_id")
    )
    counts: dict[str, int] = {}
    rows = Incident.objects.filter(pk__in=base, place__isnull=False).values("place_id")
    for row in rows.annotate(n=models.Count("pk")):
        region = codes.get(regions.get(row["place_id"]))
        if region:
            counts[region] = counts.get(region, 0) + row["n"]
    return counts


def _count_perpetrator(user, base) -> dict[str, int]:
    named = ActPerpetrator.objects.filter(
        act__incident_id__in=base, organization__code__isnull=False
    )
    rows = named.values("organization__code").annotate(
        n=models.Count("act__incident_id", distinct=True)
    )
    return {row["organization__code"]: row["n"] for row in rows}


def _count_status(user, base) -> dict[str, int]:
    rows = Incident.objects.filter(pk__in=base).values("status").annotate(n=models.Count("pk"))
    return {row["status"]: row["n"] for row in rows}


def _count_sex(user, base) -> dict[str, int]:
    acts = _victim_acts(user).filter(incident_id__in=base)
    rows = acts.values("victim__sex").annotate(n=models.Count("incident_id", distinct=True))
    return {row["victim__sex"]: row["n"] for row in rows}


def _count_age_group(user, base) -> dict[str, int]:
    acts = _victim_acts(user).filter(incident_id__in=base).annotate(group=age_group_expression())
    rows = acts.values("group").annotate(n=models.Count("incident_id", distinct=True))
    return {row["group"]: row["n"] for row in rows}


def _count_cited(user, base, field_name: str) -> dict[str, int]:
    """Incidents per kind (or grade) of a visible source cited on them or on an act of
    theirs. (Splitting the two paths into grouped queries minus their overlap, as for
    violation types, was ten times slower here: the overlap's correlated subquery repeats
    the visibility subqueries for each span.)"""
    spans = _cited(user).filter(
        models.Q(incident_id__in=base) | models.Q(act__incident_id__in=base)
    )
    incident = Coalesce("incident_id", "act__incident_id")
    rows = (
        spans.filter(**{f"source__{field_name}__isnull": False})
        .order_by()
        .values(f"source__{field_name}__code")
        .annotate(n=models.Count(incident, distinct=True))
    )
    return {row[f"source__{field_name}__code"]: row["n"] for row in rows}


def _grouped(rows: models.QuerySet, value: str, incident: str) -> dict[str, int]:
    """Distinct incidents per value."""
    grouped = rows.order_by().values(value).annotate(n=models.Count(incident, distinct=True))
    return {row[value]: row["n"] for row in grouped}


_COUNTS: dict[str, Callable] = {
    "violation": _count_violation,
    "province": _count_province,
    "perpetrator": _count_perpetrator,
    "status": _count_status,
    "sex": _count_sex,
    "age_group": _count_age_group,
    "source_kind": lambda user, base: _count_cited(user, base, "kind"),
    "reliability": lambda user, base: _count_cited(user, base, "reliability"),
}


def _labels(key: str, values: set[str]) -> list[tuple[str, str]]:
    """(value, label) in the facet's natural order."""
    if key == "status":
        return [(v, str(label)) for v, label in IncidentStatus.choices if v in values]
    if key == "sex":
        return [(v, str(label)) for v, label in Sex.choices if v in values]
    if key == "age_group":
        return [(v, str(label)) for v, label in AGE_GROUP_LABELS.items() if v in values]
    if key == "province":
        places = Place.objects.filter(gazetteer_id__in=values).prefetch_related("names")
        return sorted(((p.gazetteer_id, p.display_name()) for p in places), key=lambda x: x[0])
    if key == "perpetrator":
        found = Organization.objects.filter(code__in=values).prefetch_related("names")
        return sorted(((o.code, o.display_name()) for o in found), key=lambda x: x[1])
    terms = Term.objects.filter(vocabulary__key=VOCABULARIES[key], code__in=values)
    return [(t.code, t.label) for t in terms.order_by("sort_order", "code")]
