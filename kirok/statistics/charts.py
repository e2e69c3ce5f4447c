"""Chart geometry for server-rendered SVG, and CSV: pure Python, no Django.

The templates draw what these functions measure, so that the page, the downloaded SVG and
the tests agree on every bar. Text sizes are in SVG user units (pixels at 100 %).

>>> nice_ticks(37)
[0, 10, 20, 30, 40]
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from dataclasses import dataclass

from kirok.lib.spreadsheet_cells import safe_cell

WIDTH = 540  # fits two charts side by side at their natural size on a laptop
ROW_HEIGHT = 28
LABEL_WIDTH = 210  # room for a Korean organization name at 13 px
BAR_LEFT = LABEL_WIDTH + 10
BAR_SPACE = WIDTH - BAR_LEFT - 56  # leaves room for the number after the longest bar
AXIS_HEIGHT = 44
COLUMN_HEIGHT = 220
COLUMN_LEFT = 52
MAX_YEAR_LABELS = 12
MAX_COLUMN_WIDTH = 40


def nice_ticks(maximum: int, wanted: int = 4) -> list[int]:
    """Round tick values from 0 to at least ``maximum``, about ``wanted`` steps.

    >>> nice_ticks(0), nice_ticks(3)
    ([0, 1], [0, 1, 2, 3])
    """
    if maximum <= 0:
        return [0, 1]
    raw = maximum / wanted
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    top = step * math.ceil(maximum / step)
    return list(range(0, top + 1, step))


def text_width(text: str, font_size: float) -> float:
    """A generous estimate of the width of ``text`` in pixels (no font metrics on a server):
    Hangul, Hanja and other wide letters take one em, the rest about 0.55 em."""
    wide = sum(1 for char in text if unicodedata.east_asian_width(char) in ("W", "F"))
    return (wide + 0.55 * (len(text) - wide)) * font_size


def fit_label(text: str, max_width: float, font_size: float) -> str:
    """``text``, shortened with an ellipsis until it fits ``max_width`` pixels.

    >>> fit_label("Uncertain (spans two groups)", 120, 13)
    'Uncertain (span…'
    """
    if text_width(text, font_size) <= max_width:
        return text
    while text and text_width(text + "…", font_size) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


@dataclass(frozen=True)
class RowBar:
    label: str
    shown_label: str
    value: int
    level: int
    y: float
    width: float
    label_x: float
    value_x: float
    text_y: float


@dataclass(frozen=True)
class Tick:
    value: int
    position: float


@dataclass(frozen=True)
class RowGeometry:
    width: int
    height: int
    bars: list[RowBar]
    ticks: list[Tick]
    axis_y: float
    bar_left: int
    bar_height: int
    unit_x: float


def row_geometry(bars: list[tuple[str, int, int]]) -> RowGeometry:
    """Horizontal bars: (label, value, level) each; level 1 is indented under level 0."""
    ticks = nice_ticks(max((value for _l, value, _lv in bars), default=0))
    scale = BAR_SPACE / ticks[-1]
    placed = []
    for index, (label, value, level) in enumerate(bars):
        y = 8 + index * ROW_HEIGHT
        width = value * scale
        placed.append(
            RowBar(
                label=label,
                shown_label=fit_label(label, LABEL_WIDTH - 4, 12 if level else 13),
                value=value,
                level=level,
                y=y,
                width=round(width, 1),
                label_x=LABEL_WIDTH,
                value_x=round(BAR_LEFT + width + 6, 1),
                text_y=y + 14,
            )
        )
    axis_y = 8 + len(bars) * ROW_HEIGHT + 2
    return RowGeometry(
        width=WIDTH,
        height=int(axis_y + AXIS_HEIGHT),
        bars=placed,
        ticks=[Tick(t, round(BAR_LEFT + t * scale, 1)) for t in ticks],
        axis_y=axis_y,
        bar_left=BAR_LEFT,
        bar_height=20,
        unit_x=BAR_LEFT + BAR_SPACE / 2,
    )


@dataclass(frozen=True)
class Column:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float
    show_label: bool
    center: float


@dataclass(frozen=True)
class ColumnGeometry:
    width: int
    height: int
    columns: list[Column]
    ticks: list[Tick]
    baseline: float
    left: int
    right: int
    unit_y: float


def column_geometry(bars: list[tuple[str, int]]) -> ColumnGeometry:
    """Vertical columns (years): every n-th label shown so that they never overlap."""
    ticks = nice_ticks(max((value for _l, value in bars), default=0))
    top, baseline = 12, 12 + COLUMN_HEIGHT
    scale = COLUMN_HEIGHT / ticks[-1]
    span = (WIDTH - COLUMN_LEFT - 12) / max(1, len(bars))
    every = max(1, math.ceil(len(bars) / MAX_YEAR_LABELS))
    columns = []
    for index, (label, value) in enumerate(bars):
        height = value * scale
        x = COLUMN_LEFT + index * span
        width = min(span * 0.76, MAX_COLUMN_WIDTH)
        columns.append(
            Column(
                label=label,
                value=value,
                x=round(x + (span - width) / 2, 1),
                y=round(baseline - height, 1),
                width=round(width, 1),
                height=round(height, 1),
                show_label=index % every == 0,
                center=round(x + span / 2, 1),
            )
        )
    return ColumnGeometry(
        width=WIDTH,
        height=baseline + AXIS_HEIGHT,
        columns=columns,
        ticks=[Tick(t, round(baseline - t * scale, 1)) for t in ticks],
        baseline=baseline,
        left=COLUMN_LEFT,
        right=WIDTH - 12,
        unit_y=top + COLUMN_HEIGHT / 2,
    )


def to_csv(header: tuple[str, str], rows: list[tuple[str, int]]) -> str:
    """A two-column CSV (label, number), with a formula-safe first column.

    A label starting with = + - @ would run as a formula in a spreadsheet; it gets a quote.

    >>> to_csv(("year", "victims"), [("2012", 3)])
    'year,victims\\r\\n2012,3\\r\\n'
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    for label, value in rows:
        writer.writerow([safe_cell(label), value])
    return out.getvalue()


# Colour classes of the map: 0, then five steps of one hue (light to dark).
MAP_COLOURS = ("#eef0f3", "#fde0c5", "#f9b384", "#ec7f4f", "#c8502b", "#8c2d14")
MAP_DARK_FROM = 4  # classes from this one on get white text


def map_classes(maximum: int) -> list[tuple[int, int]]:
    """The value ranges of the colour classes after 0: five ranges up to ``maximum``.

    >>> map_classes(10)
    [(1, 2), (3, 4), (5, 6), (7, 8), (9, 10)]
    """
    if maximum <= 0:
        return []
    step = max(1, math.ceil(maximum / 5))
    ranges, low = [], 1
    while low <= maximum:
        ranges.append((low, low + step - 1))
        low += step
    return ranges


def map_class(value: int, classes: list[tuple[int, int]]) -> int:
    """The colour class (0 for none) of ``value``."""
    for index, (low, high) in enumerate(classes, start=1):
        if low <= value <= high:
            return index
    return 0
