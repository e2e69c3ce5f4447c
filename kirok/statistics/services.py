"""The statistics actions: build the dashboard, and build one chart for a download (audited).

Downloads are aggregate numbers, not records, so they need no second person's approval
(kirok.interop); they are still written to the audit log with the chart and the filters.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from kirok.audit import services as audit
from kirok.statistics import aggregates, charts
from kirok.statistics.aggregates import Bar, Chart, Dashboard
from kirok.statistics.cartogram import layout
from kirok.statistics.filters import Filters
from kirok.statistics.regions import region_counts

MAP_KEY = "incidents_by_region"
DEFAULT_CHART = "victims_by_year"
_CHARTS = {
    "victims_by_year": aggregates.victims_by_year,
    "victims_by_violation": aggregates.victims_by_violation,
    "victims_by_sex": aggregates.victims_by_sex,
    "victims_by_age_group": aggregates.victims_by_age_group,
    "victims_by_occupation": aggregates.victims_by_occupation,
    "victims_by_perpetrator": aggregates.victims_by_perpetrator,
    "incidents_by_status": aggregates.incidents_by_status,
    "proceedings_by_forum": aggregates.proceedings_by_forum,
    "proceedings_by_status": aggregates.proceedings_by_status,
}


def dashboard_for(user, filters: Filters) -> Dashboard:
    """Every number of the dashboard, over what ``user`` may see."""
    return aggregates.build_dashboard(user, filters)


def download_chart(user, key: str, filters: Filters, file_format: str) -> Chart | None:
    """One chart (or the map's counts as a chart) for a download; None for an unknown key.

    The download is written to the audit log: which chart, which format, which filters.
    """
    if key != MAP_KEY and key not in _CHARTS:
        return None
    scope = aggregates.scope_for(user, filters)
    chart = map_chart(scope) if key == MAP_KEY else _CHARTS[key](scope)
    audit.record(
        "statistics_downloaded",
        actor=user,
        detail={"chart": key, "format": file_format, "filters": sorted(filters.active())},
    )
    return chart


def map_chart(scope: aggregates.Scope) -> Chart:
    """The map's numbers as a chart: one bar per region, in map order, then "elsewhere"."""
    counts, elsewhere = region_counts(scope.incident_rows)
    bars = [
        Bar(tile.short_name(False), counts.get(tile.region_id, 0), tile.region_id)
        for tile in layout()
    ]
    bars.append(Bar(_("No place or elsewhere"), elsewhere, ""))
    return Chart(MAP_KEY, _("Incidents by province"), _("Incidents"), bars, parameter="province")


def region_values(chart: Chart) -> dict[str, int]:
    """The map chart's bars back as {region id: incidents}."""
    return {bar.code: bar.value for bar in chart.bars if bar.code}


def chart_csv(chart: Chart) -> str:
    """The chart as CSV: one row per bar; sub-units' labels start with "— "."""
    rows = [(("— " if bar.level else "") + bar.label, bar.value) for bar in chart.bars]
    return charts.to_csv((str(chart.title), str(chart.unit)), rows)
