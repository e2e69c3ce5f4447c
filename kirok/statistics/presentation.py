"""What the dashboard template needs beyond the numbers: geometry, links, options, tiles.

Kept apart from the views (thin) and from aggregates (counting); no database writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.utils import translation
from django.utils.translation import gettext as _

from kirok.facts import snapshot
from kirok.records.ages import AGE_GROUP_LABELS
from kirok.records.models import IncidentStatus, Organization, Sex
from kirok.statistics import cartogram, charts
from kirok.statistics.aggregates import Chart
from kirok.statistics.filters import Filters
from kirok.vocabularies.models import Term

TILE_WIDTH, TILE_HEIGHT, TILE_GAP = 96, 62, 6


def query_string(filters: Filters, **changes) -> str:
    """The filters as a query string, with ``changes`` applied (None removes one)."""
    values = filters.active()
    for name, value in changes.items():
        if value in (None, ""):
            values.pop(name, None)
        else:
            values[name] = str(value)
    return urlencode(values)


def bar_href(chart: Chart, code: str, filters: Filters) -> str:
    """The dashboard narrowed to one bar (a year, a violation type …), or "" if none."""
    if not chart.parameter or not code:
        return ""
    if chart.parameter == "year":
        return "?" + query_string(filters, year_from=code, year_to=code)
    return "?" + query_string(filters, **{chart.parameter: code})


def chart_view(chart: Chart, filters: Filters) -> dict:
    """A chart with its geometry and its bars' links, ready for the template."""
    hrefs = [bar_href(chart, bar.code, filters) for bar in chart.bars]
    if chart.layout == "columns":
        geometry = charts.column_geometry([(bar.label, bar.value) for bar in chart.bars])
        items = list(zip(geometry.columns, hrefs, strict=True))
    else:
        geometry = charts.row_geometry([(bar.label, bar.value, bar.level) for bar in chart.bars])
        items = list(zip(geometry.bars, hrefs, strict=True))
    return {"chart": chart, "geometry": geometry, "items": items, "query": query_string(filters)}


@dataclass(frozen=True)
class MapTile:
    region_id: str
    lines: list[str]
    value: int
    colour: str
    dark: bool
    x: int
    y: int
    country_code: str
    href: str


def map_view(counts: dict[str, int], filters: Filters) -> dict:
    """The cartogram's tiles, coloured, with the legend's classes."""
    korean = (translation.get_language() or "").startswith("ko")
    classes = charts.map_classes(max(counts.values(), default=0))
    tiles = []
    for tile in cartogram.layout():
        value = counts.get(tile.region_id, 0)
        colour_class = charts.map_class(value, classes)
        tiles.append(
            MapTile(
                region_id=tile.region_id,
                lines=_tile_lines(tile.short_name(korean)),
                value=value,
                colour=charts.MAP_COLOURS[colour_class],
                dark=colour_class >= charts.MAP_DARK_FROM,
                x=tile.column * (TILE_WIDTH + TILE_GAP) + 2,
                y=tile.row * (TILE_HEIGHT + TILE_GAP) + 2,
                country_code=tile.country_code,
                href="?" + query_string(filters, province=tile.region_id),
            )
        )
    width = max(t.x for t in tiles) + TILE_WIDTH + 4
    height = max(t.y for t in tiles) + TILE_HEIGHT + 4
    legend = [(charts.MAP_COLOURS[0], "0")] + [
        (charts.MAP_COLOURS[i], f"{low}" if low == high else f"{low}–{high}")
        for i, (low, high) in enumerate(classes, start=1)
    ]
    return {"tiles": tiles, "width": width, "height": height, "legend": legend}


def _tile_lines(name: str) -> list[str]:
    """One line, or two for a long English name ("North" / "Hamgyong")."""
    if len(name) <= 10 or " " not in name:
        return [name]
    first, _space, rest = name.partition(" ")
    return [first, rest]


def filter_options() -> dict:
    """The choices of the filter form, labelled in the reader's language."""
    language = translation.get_language()
    return snapshot.reference(f"filter_options:{language}", _filter_options)


def _filter_options() -> dict:
    korean = (translation.get_language() or "").startswith("ko")
    regions = [(t.region_id, t.short_name(korean)) for t in cartogram.layout()]
    top = Organization.objects.filter(parent__isnull=True).prefetch_related("names")
    second = Organization.objects.filter(parent__parent__isnull=True, parent__isnull=False)
    organizations = []
    for root in top:
        organizations.append((root.code, root.display_name()))
        for child in second.filter(parent=root).prefetch_related("names"):
            organizations.append((child.code, "— " + child.display_name()))
    return {
        "violation": _terms("violation_type"),
        "province": regions,
        "perpetrator": [(code, name) for code, name in organizations if code],
        "status": list(IncidentStatus.choices),
        "sex": list(Sex.choices),
        "age_group": [(code, str(label)) for code, label in AGE_GROUP_LABELS.items()],
        "source_kind": _terms("source_kind"),
        "reliability": [
            (t.code, f"{t.code.upper()} · {t.label}") for t in Term.objects.of("source_reliability")
        ],
    }


def _terms(vocabulary: str) -> list[tuple[str, str]]:
    return [(term.code, term.label) for term in Term.objects.of(vocabulary)]


def filter_fields(filters: Filters) -> list[dict]:
    """The select fields of the form, in the order of the search facets."""
    options = filter_options()
    labels = {
        "violation": _("Violation"),
        "province": _("Province or prefecture"),
        "perpetrator": _("Perpetrator"),
        "status": _("Status"),
        "sex": _("Victim's sex"),
        "age_group": _("Victim's age group"),
        "source_kind": _("Source kind"),
        "reliability": _("Source reliability"),
    }
    return [
        {
            "name": name,
            "label": label,
            "options": options[name],
            "selected": getattr(filters, name),
        }
        for name, label in labels.items()
    ]
