"""The dashboard's numbers, counted over the records the reader may see.

The counting works on the snapshot of kirok.facts, through a reader's view that applies
kirok.records.access's rule: a record of a case the reader is not in never reaches a
count. Fields that are encrypted (names, birth dates) are not used: age groups come from
the year bounds kept beside the encrypted birth date. The filters are those of the search
facets (kirok.search.facets), one value each, and mean the same thing, except for years:
the dashboard places an incident in one year (kirok.facts.counting.counted_year) where the
list keeps every incident that may have started in the chosen years.

Victims are the persons the reader may see who suffered an act in one of the counted
incidents; a victim of several acts counts once per bar (so the bars of one chart may add
up to more than the number of victims, as they do in every multiple-choice breakdown).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kirok.facts import counting, loading, snapshot
from kirok.lib import occupations
from kirok.records.ages import AGE_GROUP_LABELS
from kirok.records.models import (
    IncidentStatus,
    Organization,
    ProceedingStatus,
    Sex,
)
from kirok.search.facets import organizations_within, places_within
from kirok.statistics import filters as filtering
from kirok.statistics.regions import region_counts
from kirok.vocabularies.models import Term, pick_label

TOP_OCCUPATIONS = 12


@dataclass
class Bar:
    """One bar: its label, its number and the filter that shows its records (if any)."""

    label: str
    value: int
    code: str = ""
    level: int = 0  # 1 for a sub-unit shown under its parent (organizations)


@dataclass
class Chart:
    key: str
    title: str
    unit: str
    bars: list[Bar]
    parameter: str = ""  # the filter a bar's code sets, e.g. "violation"
    note: str = ""
    layout: str = "rows"  # "rows" (horizontal bars) or "columns" (years)

    @property
    def total(self) -> int:
        return sum(bar.value for bar in self.bars if bar.level == 0)


@dataclass
class Dashboard:
    counters: dict[str, int]
    charts: dict[str, Chart] = field(default_factory=dict)
    regions: dict[str, int] = field(default_factory=dict)
    unplaced_incidents: int = 0


@dataclass
class Scope:
    """What one request counts, as masks over the reader's view of the counting snapshot
    (kirok.facts): the incidents kept by the filters, and the acts whose victims are
    counted — acts of those incidents, with a victim the reader may see, that match the
    filters about one victim (sex, age group, violation)."""

    view: counting.View
    incidents: np.ndarray
    acts: np.ndarray

    @property
    def snapshot(self):
        return self.view.snapshot

    def victims_by(self, dimension: str) -> dict:
        """Distinct victims per value of ``dimension`` (year, violation, sex, age_group,
        occupation); None (or "") stands for "not known"."""
        found = counting.pairing(
            self.snapshot, f"victims_by:{dimension}", lambda: _victim_pairing(self, dimension)
        ).count(self.view.persons, self.acts)
        decode = _DECODERS[dimension](self.snapshot)
        counted: dict = {}
        for value, n in found.items():
            key = decode(value)
            counted[key] = counted.get(key, 0) + n
        return counted

    @cached_property
    def victims(self) -> int:
        return _distinct(counting.victim_rows(self.snapshot)[self.acts])

    @cached_property
    def incident_rows(self) -> list[tuple[str, int | None, int]]:
        """(status, place id, number of incidents)."""
        status = self.snapshot.column("incidents", "status")[self.incidents]
        place = self.snapshot.column("incidents", "place")[self.incidents]
        width = int(place.max(initial=0)) + 1
        counts = np.bincount(status * width + place)
        return [
            (loading.INCIDENT_STATUSES[int(k // width)], int(k % width) or None, int(counts[k]))
            for k in np.flatnonzero(counts)
        ]

    @cached_property
    def proceeding_rows(self) -> list[tuple[int, str, int]]:
        """(forum id, status, number of proceedings): the visible proceedings about a kept
        incident or a counted victim."""
        snapshot = self.snapshot
        about = np.zeros(snapshot.size("proceedings"), dtype=bool)
        persons = np.zeros(snapshot.size("persons"), dtype=bool)
        victims = counting.victim_rows(snapshot)[self.acts]
        persons[victims[victims >= 0]] = True
        for table, column, kept in (
            ("proceeding_incidents", "incidents", self.incidents),
            ("proceeding_persons", "persons", persons),
        ):
            linked = snapshot.rows_of(column, snapshot.column(table, column.removesuffix("s")))
            hit = np.zeros(len(linked), dtype=bool)
            hit[linked >= 0] = kept[linked[linked >= 0]]
            rows = snapshot.rows_of("proceedings", snapshot.column(table, "proceeding"))
            about[rows[hit & (rows >= 0)]] = True
        about &= self.view.proceedings
        forum = snapshot.column("proceedings", "forum")[about]
        status = snapshot.column("proceedings", "status")[about]
        counts = np.bincount(forum * 16 + status)
        return [
            (int(k // 16), loading.PROCEEDING_STATUSES[int(k % 16)], int(counts[k]))
            for k in np.flatnonzero(counts)
        ]

    @cached_property
    def perpetrator_rows_kept(self) -> np.ndarray:
        """Per row of the perpetrators table: whether its act is counted."""
        acts = counting.act_rows_of(self.snapshot, "perpetrators")
        kept = np.zeros(len(acts), dtype=bool)
        kept[acts >= 0] = self.acts[acts[acts >= 0]]
        return kept

    def victims_by_unit(self, depth: int) -> dict[int, int]:
        """Distinct victims per organization at ``depth`` of the tree (0: the top), every
        unit named in an act counting for its ancestor there."""

        def build() -> counting.Pairing:
            snapshot = self.snapshot
            acts = counting.act_rows_of(snapshot, "perpetrators")
            victims = np.full(len(acts), -1, dtype=np.int64)
            victims[acts >= 0] = counting.victim_rows(snapshot)[acts[acts >= 0]]
            units = _organization_tree().levels[snapshot.column("perpetrators", "organization")]
            values = units[:, depth]
            return counting.Pairing.build(victims, np.where(values > 0, values, -1))

        found = counting.pairing(self.snapshot, f"victims_by_unit:{depth}", build)
        return found.count(self.view.persons, self.perpetrator_rows_kept)

    @cached_property
    def perpetrator_units(self) -> int:
        """How many organizations are named in the acts counted."""
        named = self.snapshot.column("perpetrators", "organization")
        return _distinct(named[self.perpetrator_rows_kept])

    @cached_property
    def sources(self) -> int:
        """Visible sources cited on a kept incident or on a counted act."""
        snapshot = self.snapshot
        spans_incident = counting.incident_rows_of(snapshot, "spans")
        spans_act = counting.act_rows_of(snapshot, "spans")
        on_incident = (snapshot.column("spans", "act") == 0) & (spans_incident >= 0)
        cited = np.zeros(len(spans_act), dtype=bool)
        cited[on_incident] = self.incidents[spans_incident[on_incident]]
        on_act = spans_act >= 0
        cited[on_act] |= self.acts[spans_act[on_act]]
        cited &= self.view.source_visible()
        return _distinct(snapshot.column("spans", "source")[cited])


def _victim_pairing(scope: Scope, dimension: str) -> counting.Pairing:
    snapshot = scope.snapshot
    values = {
        "year": lambda: _pick_year(snapshot),
        "violation": lambda: snapshot.column("acts", "type"),
        "sex": lambda: counting.act_sex(snapshot),
        "age_group": lambda: counting.act_age_group(snapshot),
        "occupation": lambda: counting.act_occupation(snapshot),
    }[dimension]()
    return counting.Pairing.build(counting.victim_rows(snapshot), values)


def _pick_year(snapshot) -> np.ndarray:
    """Per act: the year its incident is counted in (0: none)."""
    rows = counting.incident_rows_of(snapshot, "acts")
    years = np.zeros(len(rows), dtype=np.int64)
    years[rows >= 0] = counting.counted_year(snapshot)[rows[rows >= 0]]
    return years


_DECODERS = {
    "year": lambda snapshot: lambda value: value or None,
    "violation": lambda snapshot: lambda value: value or None,
    "sex": lambda snapshot: lambda value: loading.SEXES[value],
    "age_group": lambda snapshot: lambda value: loading.AGE_GROUPS[value],
    "occupation": lambda snapshot: snapshot.occupation_names.__getitem__,
}


def scope_for(user, wanted: filtering.Filters) -> Scope:
    """The records ``user`` may see, narrowed by ``wanted``."""
    view = counting.view_for(user)
    snapshot = view.snapshot
    acts = view.victim_visible() & _acts_matching(view, wanted)
    incidents = view.incidents & _incidents_matching(view, wanted)
    if wanted.sex or wanted.age_group:
        incidents &= _incidents_of(snapshot, "acts", acts)
    if wanted.source_kind or wanted.reliability:
        incidents &= _incidents_of(snapshot, "spans", _spans_matching(view, wanted))
    in_kept = np.zeros(len(acts), dtype=bool)
    rows = counting.incident_rows_of(snapshot, "acts")
    in_kept[rows >= 0] = incidents[rows[rows >= 0]]
    return Scope(view=view, incidents=incidents, acts=acts & in_kept)


def _incidents_matching(view: counting.View, wanted: filtering.Filters) -> np.ndarray:
    """The filters that concern an incident as a whole."""
    kept = np.ones(len(view.incidents), dtype=bool)
    if wanted.status:
        kept &= counting.incidents_where(
            view, "status", [loading.INCIDENT_STATUSES.index(wanted.status)]
        )
    if wanted.year_from is not None or wanted.year_to is not None:
        year = counting.counted_year(view.snapshot)
        kept &= year > 0
        if wanted.year_from is not None:
            kept &= year >= wanted.year_from
        if wanted.year_to is not None:
            kept &= year <= wanted.year_to
    if wanted.province:
        kept &= counting.incidents_where(view, "place", places_within([wanted.province]))
    if wanted.violation:
        kept &= counting.incidents_where(view, "violation", _term_ids([wanted.violation]))
    if wanted.perpetrator:
        organizations = organizations_within([wanted.perpetrator])
        kept &= counting.incidents_where(view, "perpetrator", organizations)
    return kept


def _acts_matching(view: counting.View, wanted: filtering.Filters) -> np.ndarray:
    """The filters that concern one victim: sex, age group, violation."""
    snapshot = view.snapshot
    kept = np.ones(snapshot.size("acts"), dtype=bool)
    if wanted.sex:
        kept &= counting.act_sex(snapshot) == loading.SEXES.index(wanted.sex)
    if wanted.age_group:
        kept &= counting.act_age_group(snapshot) == loading.AGE_GROUPS.index(wanted.age_group)
    if wanted.violation:
        kept &= np.isin(snapshot.column("acts", "type"), _term_ids([wanted.violation]))
    return kept


def _spans_matching(view: counting.View, wanted: filtering.Filters) -> np.ndarray:
    """Evidence spans from a visible source of the wanted kind and grade."""
    snapshot = view.snapshot
    sources = snapshot.rows_of("sources", snapshot.column("spans", "source"))
    kept = view.source_visible().copy()  # shared with other requests: not changed in place
    for column, code in (("kind", wanted.source_kind), ("reliability", wanted.reliability)):
        if code:
            values = np.zeros(len(sources), dtype=np.int64)
            values[sources >= 0] = snapshot.column("sources", column)[sources[sources >= 0]]
            kept &= np.isin(values, _term_ids([code]))
    return kept


def _incidents_of(snapshot, table: str, kept_rows: np.ndarray) -> np.ndarray:
    rows = counting.incident_rows_of(snapshot, table)[kept_rows]
    found = np.zeros(snapshot.size("incidents"), dtype=bool)
    found[rows[rows >= 0]] = True
    return found


def _term_ids(codes: list[str]) -> list[int]:
    return list(Term.objects.filter(code__in=codes).values_list("pk", flat=True))


def counters(scope: Scope) -> dict[str, int]:
    """The five headline numbers."""
    return {
        "incidents": int(scope.incidents.sum()),
        "victims": scope.victims,
        "perpetrators": scope.perpetrator_units,
        "sources": scope.sources,
        "proceedings": sum(n for _forum, _status, n in scope.proceeding_rows),
    }


def build_dashboard(user, wanted: filtering.Filters) -> Dashboard:
    """Every number of the dashboard for ``user`` with the filters ``wanted``."""
    scope = scope_for(user, wanted)
    charts = [
        victims_by_year(scope),
        victims_by_violation(scope),
        victims_by_sex(scope),
        victims_by_age_group(scope),
        victims_by_occupation(scope),
        victims_by_perpetrator(scope),
        incidents_by_status(scope),
        proceedings_by_forum(scope),
        proceedings_by_status(scope),
    ]
    regions, unplaced = region_counts(scope.incident_rows)
    return Dashboard(
        counters=counters(scope),
        charts={chart.key: chart for chart in charts},
        regions=regions,
        unplaced_incidents=unplaced,
    )


# --- One function per chart --------------------------------------------------------------

VICTIMS = _("Victims")


def victims_by_year(scope: Scope) -> Chart:
    counted = scope.victims_by("year")
    uncertain = counted.pop(None, 0)
    bars = []
    if counted:
        first, last = min(counted), max(counted)
        bars = [Bar(str(year), counted.get(year, 0), str(year)) for year in range(first, last + 1)]
    note = ""
    if uncertain:
        note = ngettext(
            "%(count)s victim of an incident whose date spans more than three years, or is "
            "unknown, is not shown by year.",
            "%(count)s victims of incidents whose dates span more than three years, or are "
            "unknown, are not shown by year.",
            uncertain,
        ) % {"count": uncertain}
    return Chart(
        "victims_by_year",
        _("Victims by year of the incident"),
        VICTIMS,
        bars,
        parameter="year",
        note=note,
        layout="columns",
    )


def victims_by_violation(scope: Scope) -> Chart:
    return Chart(
        "victims_by_violation",
        _("Victims by violation"),
        VICTIMS,
        _term_bars(scope.victims_by("violation")),
        parameter="violation",
    )


def victims_by_sex(scope: Scope) -> Chart:
    counted = scope.victims_by("sex")
    bars = [Bar(str(label), counted.get(code, 0), code) for code, label in Sex.choices]
    return Chart("victims_by_sex", _("Victims by sex"), VICTIMS, bars, parameter="sex")


def victims_by_age_group(scope: Scope) -> Chart:
    counted = scope.victims_by("age_group")
    bars = [Bar(str(label), counted.get(code, 0), code) for code, label in AGE_GROUP_LABELS.items()]
    note = _(
        "Age at the start of the incident, from the birth year and the incident's date. A "
        "victim whose possible ages fall in two groups is counted as uncertain; one without "
        "a birth date or an incident date as unknown."
    )
    return Chart(
        "victims_by_age_group",
        _("Victims by age at the time of the incident"),
        VICTIMS,
        bars,
        parameter="age_group",
        note=note,
    )


def victims_by_occupation(scope: Scope) -> Chart:
    counted = Counter(scope.victims_by("occupation"))
    unknown = counted.pop("", 0)
    ranked = counted.most_common()
    bars = [
        Bar(pick_label(occupations.labels(key), occupations.as_written(key)), n)
        for key, n in ranked[:TOP_OCCUPATIONS]
    ]
    others = sum(n for _text, n in ranked[TOP_OCCUPATIONS:])
    if others:
        bars.append(Bar(str(_("Other occupations")), others))
    if unknown:
        bars.append(Bar(str(_("Not recorded")), unknown))
    return Chart("victims_by_occupation", _("Victims by occupation"), VICTIMS, bars)


def victims_by_perpetrator(scope: Scope) -> Chart:
    """Victims per organization, sub-units rolled up: a Hoeryong city bureau counts for the
    North Hamgyong provincial bureau and for the Ministry of State Security.

    Counted from the distinct (victim, organization) pairs, so that a victim named under two
    bureaus of one ministry counts once for the ministry.
    """
    tree = _organization_tree()
    top, second = scope.victims_by_unit(0), scope.victims_by_unit(1)
    bars = []
    for root in sorted(tree.roots, key=lambda r: -top.get(r.pk, 0)):
        if not top.get(root.pk):
            continue
        bars.append(Bar(root.display_name(), top[root.pk], root.code or ""))
        below = [c for c in tree.children.get(root.pk, []) if second.get(c.pk)]
        for child in sorted(below, key=lambda c: -second[c.pk]):
            bars.append(Bar(child.display_name(), second[child.pk], child.code or "", 1))
    note = _("Sub-units count for the units above them: every bureau counts for its ministry.")
    return Chart(
        "victims_by_perpetrator",
        _("Victims by perpetrator organization"),
        VICTIMS,
        bars,
        parameter="perpetrator",
        note=note,
    )


@dataclass
class _Tree:
    roots: list
    children: dict
    parent: dict

    def path_from_root(self, pk: int) -> list[int]:
        """The organization's ancestors from the top down, then itself."""
        path, node = [], pk
        while node is not None and len(path) < 32:
            path.append(node)
            node = self.parent.get(node)
        return path[::-1]

    @cached_property
    def levels(self) -> np.ndarray:
        """Per organization pk: its ancestor at the top and at the second level (0: none)."""
        table = np.zeros((max(self.parent, default=0) + 1, 2), dtype=np.int64)
        for pk in self.parent:
            path = self.path_from_root(pk)
            table[pk, : len(path[:2])] = path[:2]
        return table


def _distinct(keys: np.ndarray) -> int:
    """How many different non-negative numbers ``keys`` holds (a mask, not a sort)."""
    keys = keys[keys >= 0]
    seen = np.zeros(int(keys.max(initial=-1)) + 1, dtype=bool)
    seen[keys] = True
    return int(seen.sum())


def _organization_tree() -> _Tree:
    """The organizations with their names, kept until an organization changes."""
    return snapshot.reference("organization_tree", _read_organization_tree)


def _read_organization_tree() -> _Tree:
    organizations = list(Organization.objects.prefetch_related("names"))
    children: dict = {}
    for organization in organizations:
        children.setdefault(organization.parent_id, []).append(organization)
    parent = {organization.pk: organization.parent_id for organization in organizations}
    return _Tree(roots=children.get(None, []), children=children, parent=parent)


def incidents_by_status(scope: Scope) -> Chart:
    counted = _summed((status, n) for status, _place, n in scope.incident_rows)
    bars = [Bar(str(label), counted.get(code, 0), code) for code, label in IncidentStatus.choices]
    return Chart(
        "incidents_by_status", _("Incidents by status"), _("Incidents"), bars, parameter="status"
    )


def proceedings_by_forum(scope: Scope) -> Chart:
    counted = _summed((forum, n) for forum, _status, n in scope.proceeding_rows)
    return Chart(
        "proceedings_by_forum",
        _("Proceedings by forum"),
        _("Proceedings"),
        _term_bars(counted),
    )


def proceedings_by_status(scope: Scope) -> Chart:
    counted = _summed((status, n) for _forum, status, n in scope.proceeding_rows)
    bars = [Bar(str(label), counted.get(code, 0), code) for code, label in ProceedingStatus.choices]
    return Chart("proceedings_by_status", _("Proceedings by status"), _("Proceedings"), bars)


def _summed(pairs) -> dict:
    total: dict = {}
    for key, n in pairs:
        total[key] = total.get(key, 0) + n
    return total


def _term_bars(counted: dict[int, int]) -> list[Bar]:
    """Bars for vocabulary terms (by id) in the vocabulary's order, the empty ones left out."""
    terms = Term.objects.filter(pk__in=counted).order_by("sort_order", "code")
    return [Bar(term.label, counted[term.pk], term.code) for term in terms]


CHART_KEYS = (
    "victims_by_year",
    "victims_by_violation",
    "victims_by_sex",
    "victims_by_age_group",
    "victims_by_occupation",
    "victims_by_perpetrator",
    "incidents_by_status",
    "proceedings_by_forum",
    "proceedings_by_status",
)
