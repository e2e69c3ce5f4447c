"""The table for publication (ExportKind.VICTIMS_PUBLIC): how many victims, by years, region,
violation, perpetrator, sex and age group, with no count below PUBLISH_THRESHOLD.

It is made from the acts of the request's incidents that the requester may see, counted as
the statistics page counts them (the incident's year and region, the victim's age group at
the time, kirok.statistics and kirok.records.ages), except that persons whom record linkage
found to be one person (one Identity) count once. Small counts are generalised or left out
by kirok.lib.disclosure. No name, date, place below the province, free text, record id or
account name is in it: it is meant to leave Kirok, and so it carries no watermark either.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kirok.facts.counting import YEAR_SPREAD_ALLOWED
from kirok.interop.models import ExportRequest
from kirok.lib import disclosure
from kirok.lib.disclosure import Step
from kirok.records import access
from kirok.records.ages import age_group
from kirok.records.models import Act, ActPerpetrator, Organization, Place
from kirok.statistics.regions import place_regions

# No published count is below this. Five is the usual threshold of statistical offices for
# counts of people; it is not configurable, so that no one lowers it under pressure.
PUBLISH_THRESHOLD = 5
UNKNOWN = "unknown"
# A region generalised to its country; the gazetteer may have no place for the country.
COUNTRIES = {"KP": _("North Korea"), "CN": _("China")}
COLUMNS = [
    "years",
    "region",
    "region_name",
    "violation",
    "perpetrator",
    "perpetrator_name",
    "sex",
    "age_group",
    "victims",
]
# Cell positions: years, region, violation, perpetrator, sex, age group.
YEARS, REGION, VIOLATION, PERPETRATOR, SEX, AGE_GROUP = range(6)
# What a small cell gives up first: the exact year, then the age group, then the region
# (for its country), then the sex, then the period. Violation and perpetrator are what the
# table is for; they are never generalised.
STEPS = (
    Step(YEARS, disclosure.five_year_period),
    Step(AGE_GROUP, disclosure.everything),
    Step(REGION, lambda region: region.split("-")[0] if region != UNKNOWN else region),
    Step(SEX, disclosure.everything),
    Step(YEARS, disclosure.everything),
)


@dataclass(frozen=True)
class PublicTable:
    rows: list[list]
    protected: disclosure.Protected

    def heading(self) -> str:
        """The file's first line: what it counts and what it leaves out (no account names)."""
        made = timezone.localdate().isoformat()
        protected = self.protected
        return (
            f"Kirok table for publication, made {made}. Victims of the chosen cases' "
            f"incidents, each counted once per row (records found to be one person count "
            f"once). No count is below {protected.threshold}: smaller groups were merged "
            f"(years into five-year periods, then age groups, regions into countries, sexes, "
            f"periods into all years) or left out. Victims counted: {protected.members}; "
            f"victims with an entry in no row: {protected.suppressed}. No one is named."
        )


def build(export: ExportRequest, reader) -> PublicTable:
    """The table of ``export`` as ``reader`` may make it now."""
    protected = disclosure.protect(_memberships(export, reader), STEPS, PUBLISH_THRESHOLD)
    names = _names([cell for cell, _count in protected.cells])
    rows = [
        [
            cell[YEARS],
            cell[REGION],
            names["places"].get(cell[REGION], ""),
            cell[VIOLATION],
            cell[PERPETRATOR],
            names["organizations"].get(cell[PERPETRATOR], ""),
            cell[SEX],
            cell[AGE_GROUP],
            count,
        ]
        for cell, count in sorted(protected.cells, key=_order)
    ]
    return PublicTable(rows, protected)


def _order(item: tuple[disclosure.Cell, int]) -> tuple:
    cell = item[0]
    # Years first, in time ("2015–2019" after "2014", "all" and "unknown" last).
    return (not cell[YEARS][:4].isdigit(), cell[YEARS], *cell[1:])


def _memberships(export: ExportRequest, reader) -> Iterator[tuple[disclosure.Cell, Hashable]]:
    from kirok.interop import tables  # here: tables imports this module

    acts = Act.objects.filter(
        incident__in=tables.exported_incidents(export, reader).values("pk"),
        victim__in=access.visible_persons(reader).values("pk"),
    )
    perpetrators = _perpetrators(acts)
    regions = place_regions()
    for row in acts.values_list(
        "pk",
        "victim_id",
        "victim__identity_id",
        "victim__sex",
        "victim__birth_date_earliest",
        "victim__birth_date_latest",
        "violation_type__code",
        "incident__start_date_earliest",
        "incident__start_date_latest",
        "incident__place_id",
    ).order_by("pk"):
        act, person, identity, sex, born_lo, born_hi, violation, day_lo, day_hi, place = row
        member = ("identity", identity) if identity else ("person", person)
        cell = [
            _year(day_lo, day_hi),
            regions.get(place, UNKNOWN),
            violation,
            UNKNOWN,
            sex or UNKNOWN,
            age_group(_years(born_lo, born_hi), _years(day_lo, day_hi)),
        ]
        for perpetrator in perpetrators.get(act) or [UNKNOWN]:
            cell[PERPETRATOR] = perpetrator
            yield tuple(cell), member


def _years(earliest, latest) -> tuple[int, int] | None:
    return (earliest.year, latest.year) if earliest and latest else None


def _year(earliest, latest) -> str:
    """The statistics page's year: the middle year of a date known to a few years."""
    years = _years(earliest, latest)
    if years is None or years[1] - years[0] > YEAR_SPREAD_ALLOWED:
        return UNKNOWN
    return str(sum(years) // 2)


def _perpetrators(acts) -> dict[int, set[str]]:
    """Each act's perpetrator organizations, as the code of the body at the top of their
    hierarchy: a county bureau counts for its ministry, so no bureau points at a town."""
    parent = dict(Organization.objects.values_list("pk", "parent_id"))
    code = dict(Organization.objects.values_list("pk", "code"))
    found: dict[int, set[str]] = {}
    links = ActPerpetrator.objects.filter(
        act__in=acts, organization__isnull=False, role__code="perpetrator"
    ).values_list("act_id", "organization_id")
    for act, organization in links:
        top, steps = organization, 0
        while parent.get(top) is not None and steps < 32:
            top, steps = parent[top], steps + 1
        found.setdefault(act, set()).add(code.get(top) or f"organization-{top}")
    return found


def _names(cells: list[disclosure.Cell]) -> dict[str, dict[str, str]]:
    """Display names of the regions, countries and top organizations the table names, in
    the reader's language."""
    regions = {cell[REGION] for cell in cells}
    codes = {cell[PERPETRATOR] for cell in cells}
    places = Place.objects.filter(gazetteer_id__in=regions).prefetch_related("names")
    organizations = Organization.objects.filter(code__in=codes).prefetch_related("names")
    return {
        "places": {
            **{code: str(label) for code, label in COUNTRIES.items()},
            **{place.gazetteer_id: place.display_name() for place in places},
        },
        "organizations": {org.code: org.display_name() for org in organizations},
    }
