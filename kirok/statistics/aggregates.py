"""The dashboard's numbers, counted in SQL over the records the reader may see.

Every queryset starts from kirok.records.access (``visible_*``): a record of a case the
reader is not in never reaches a count. Fields that are encrypted (names, birth dates) are
not used: age groups come from the year bounds kept beside the encrypted birth date.

Victims are the persons the reader may see who suffered an act in one of the counted
incidents; a victim of several acts counts once per bar (so the bars of one chart may add
up to more than the number of victims, as they do in every multiple-choice breakdown).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kirok.records import access
from kirok.records.ages import AGE_GROUP_LABELS, age_group_expression
from kirok.records.models import (
    Act,
    ActPerpetrator,
    IncidentStatus,
    Organization,
    ProceedingStatus,
    Sex,
)
from kirok.statistics import filters as filtering
from kirok.statistics.regions import region_counts
from kirok.vocabularies.models import Term

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
    """What one request counts: the visible, filtered incidents and their victims' acts.

    The charts share three fetches, each made once: one row per act (victim, year,
    violation, sex, age group, occupation), incidents grouped by status and place, and
    proceedings grouped by forum and status. Each visibility subquery is then evaluated a
    handful of times per page rather than once per chart.
    """

    incidents: models.QuerySet
    acts: models.QuerySet
    proceedings: models.QuerySet
    sources: models.QuerySet

    @cached_property
    def act_rows(self) -> list[tuple]:
        """(victim id, year or None, violation type id, sex, age group, occupation) per act."""
        return list(
            self.acts.order_by()
            .annotate(
                year=filtering.year_of("incident__start_date"), age_group=age_group_expression()
            )
            .values_list(
                "victim_id", "year", "violation_type_id", "victim__sex", "age_group",
                "victim__occupation",
            )
        )  # fmt: skip

    @cached_property
    def incident_rows(self) -> list[tuple[str, int | None, int]]:
        """(status, place id, number of incidents)."""
        grouped = (
            self.incidents.order_by().values("status", "place_id").annotate(n=models.Count("pk"))
        )
        return [(row["status"], row["place_id"], row["n"]) for row in grouped]

    @cached_property
    def proceeding_rows(self) -> list[tuple[int, str, int]]:
        """(forum id, status, number of proceedings)."""
        grouped = (
            self.proceedings.order_by().values("forum_id", "status").annotate(n=models.Count("pk"))
        )
        return [(row["forum_id"], row["status"], row["n"]) for row in grouped]

    @cached_property
    def perpetrator_rows(self) -> list[tuple[int, int]]:
        """Distinct (victim id, organization id) pairs of the acts counted."""
        named = ActPerpetrator.objects.filter(
            act__in=self.acts.values("pk"), organization__isnull=False
        )
        return list(named.values_list("act__victim_id", "organization_id").distinct())

    def victims_by(self, column: int) -> dict:
        """Distinct victims per value of one column of ``act_rows``."""
        found: dict = {}
        for row in self.act_rows:
            found.setdefault(row[column], set()).add(row[0])
        return {value: len(victims) for value, victims in found.items()}


def scope_for(user, wanted: filtering.Filters) -> Scope:
    """The records ``user`` may see, narrowed by ``wanted``."""
    sources = access.visible_sources(user)
    incidents = filtering.filter_incidents(access.visible_incidents(user), wanted, sources)
    acts = Act.objects.filter(
        incident__in=incidents.values("pk"), victim__in=access.visible_persons(user).values("pk")
    )
    acts = filtering.filter_acts(acts, wanted)
    proceedings = access.visible_proceedings(user).filter(
        models.Q(pk__in=_proceedings_of_incidents(incidents))
        | models.Q(pk__in=_proceedings_of_victims(acts))
    )
    return Scope(incidents=incidents, acts=acts, proceedings=proceedings, sources=sources)


def _proceedings_of_incidents(incidents):
    through = incidents.model.proceedings.through
    return through.objects.filter(incident__in=incidents.values("pk")).values("proceeding_id")


def _proceedings_of_victims(acts):
    from kirok.records.models import Proceeding

    through = Proceeding.persons.through
    return through.objects.filter(person__in=acts.values("victim_id")).values("proceeding_id")


def counters(scope: Scope) -> dict[str, int]:
    """The five headline numbers."""
    from kirok.sources.models import EvidenceSpan

    spans = EvidenceSpan.objects.filter(
        models.Q(incident__in=scope.incidents.values("pk"))
        | models.Q(act__in=scope.acts.values("pk"))
    )
    return {
        "incidents": sum(n for _status, _place, n in scope.incident_rows),
        "victims": len({row[0] for row in scope.act_rows}),
        "perpetrators": len({organization for _victim, organization in scope.perpetrator_rows}),
        "sources": scope.sources.filter(pk__in=spans.values("source_id")).count(),
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
    counted = scope.victims_by(1)
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
        _term_bars(scope.victims_by(2)),
        parameter="violation",
    )


def victims_by_sex(scope: Scope) -> Chart:
    counted = scope.victims_by(3)
    bars = [Bar(str(label), counted.get(code, 0), code) for code, label in Sex.choices]
    return Chart("victims_by_sex", _("Victims by sex"), VICTIMS, bars, parameter="sex")


def victims_by_age_group(scope: Scope) -> Chart:
    counted = scope.victims_by(4)
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
    victims: dict[str, set] = {}
    for row in scope.act_rows:
        victims.setdefault((row[5] or "").strip(), set()).add(row[0])
    counted = Counter({text: len(ids) for text, ids in victims.items()})
    unknown = counted.pop("", 0)
    ranked = counted.most_common()
    bars = [Bar(text, n) for text, n in ranked[:TOP_OCCUPATIONS]]
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
    top: dict[int, set] = {}
    second: dict[int, set] = {}
    for victim, organization in scope.perpetrator_rows:
        path = tree.path_from_root(organization)
        top.setdefault(path[0], set()).add(victim)
        if len(path) > 1:
            second.setdefault(path[1], set()).add(victim)
    bars = []
    for root in sorted(tree.roots, key=lambda r: -len(top.get(r.pk, ()))):
        if not top.get(root.pk):
            continue
        bars.append(Bar(root.display_name(), len(top[root.pk]), root.code or ""))
        below = [c for c in tree.children.get(root.pk, []) if second.get(c.pk)]
        for child in sorted(below, key=lambda c: -len(second[c.pk])):
            bars.append(Bar(child.display_name(), len(second[child.pk]), child.code or "", 1))
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


def _organization_tree() -> _Tree:
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
