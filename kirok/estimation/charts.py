"""Geometry of the estimation page's SVG charts: pure Python, no Django.

Three charts, drawn by templates from what these functions measure:

- the estimate plot: per stratum and for the total, the observed count (a bar), the estimate
  (a dot) and its interval (a line);
- the UpSet chart: one column per capture pattern (how many people were on exactly those
  lists), with a matrix of dots below saying which lists the pattern is;
- a trace: a sampler's draws of the total, in order (LCMCR).
"""

from __future__ import annotations

from dataclasses import dataclass

from kirok.statistics.charts import fit_label, nice_ticks

PLOT_WIDTH = 640
PLOT_LABEL_WIDTH = 130
PLOT_ROW = 34
UPSET_MAX_PATTERNS = 40  # beyond this the columns are too thin to read; the table has all
UPSET_COLUMN = 34
UPSET_BARS_HEIGHT = 150
UPSET_DOT_ROW = 24
UPSET_LABEL_WIDTH = 190


@dataclass(frozen=True)
class Tick:
    value: int
    position: float


@dataclass(frozen=True)
class PlotRow:
    label: str
    shown_label: str
    observed: int
    estimate: float
    low: float
    high: float
    y: float
    observed_x: float
    observed_width: float
    estimate_x: float
    low_x: float
    high_x: float
    is_total: bool


@dataclass(frozen=True)
class PlotGeometry:
    width: int
    height: int
    left: int
    right: int
    axis_y: float
    rows: list[PlotRow]
    ticks: list[Tick]


def estimate_plot(rows: list[tuple[str, int, float, float, float, bool]]) -> PlotGeometry:
    """Rows of (label, observed, estimate, low, high, is_total), drawn one under another."""
    top = max((max(o, e, h) for _l, o, e, _lo, h, _t in rows), default=1)
    ticks = nice_ticks(int(top) + 1)
    left, right = PLOT_LABEL_WIDTH + 10, PLOT_WIDTH - 24
    scale = (right - left) / ticks[-1]

    def x(value: float) -> float:
        return round(left + max(0.0, value) * scale, 1)

    placed = [
        PlotRow(
            label=label,
            shown_label=fit_label(label, PLOT_LABEL_WIDTH - 4, 13),
            observed=observed,
            estimate=estimate,
            low=low,
            high=high,
            y=14 + index * PLOT_ROW,
            observed_x=x(observed),
            observed_width=round(x(observed) - left, 1),
            estimate_x=x(estimate),
            low_x=x(low),
            high_x=x(high),
            is_total=is_total,
        )
        for index, (label, observed, estimate, low, high, is_total) in enumerate(rows)
    ]
    axis_y = 14 + len(rows) * PLOT_ROW - 8
    return PlotGeometry(
        width=PLOT_WIDTH,
        height=int(axis_y + 44),
        left=left,
        right=right,
        axis_y=axis_y,
        rows=placed,
        ticks=[Tick(value, x(value)) for value in ticks],
    )


@dataclass(frozen=True)
class UpsetColumn:
    label: str
    count: int
    x: float
    center: float
    bar_y: float
    bar_height: float
    dots: list[tuple[float, bool]]  # (y, on this list) per list
    line_top: float | None
    line_bottom: float | None


@dataclass(frozen=True)
class UpsetGeometry:
    width: int
    height: int
    left: int
    baseline: float
    columns: list[UpsetColumn]
    list_rows: list[tuple[str, str, float]]  # (key, shown label, y)
    ticks: list[Tick]
    left_out: int  # patterns not drawn (too many); the table lists them


def upset(
    lists: list[tuple[str, str]], patterns: list[tuple[tuple[int, ...], str, int]]
) -> UpsetGeometry:
    """lists: (key, label); patterns: (bits, label, count), drawn by decreasing count.

    Patterns nobody has are left out: the chart shows what was seen.
    """
    seen = sorted((p for p in patterns if p[2] > 0), key=lambda p: (-p[2], -sum(p[0]), p[1]))
    drawn, left_out = seen[:UPSET_MAX_PATTERNS], max(0, len(seen) - UPSET_MAX_PATTERNS)
    ticks = nice_ticks(max((c for _b, _l, c in drawn), default=0))
    left = UPSET_LABEL_WIDTH + 10
    top_pad = 10
    baseline = top_pad + UPSET_BARS_HEIGHT
    scale = UPSET_BARS_HEIGHT / ticks[-1]
    dot_top = baseline + 18
    list_rows = [
        (key, fit_label(f"{key} {label}", UPSET_LABEL_WIDTH - 6, 12), dot_top + i * UPSET_DOT_ROW)
        for i, (key, label) in enumerate(lists)
    ]
    columns = []
    for index, (bits, label, count) in enumerate(drawn):
        x = left + index * UPSET_COLUMN
        dots = [(y, bool(bit)) for (_k, _s, y), bit in zip(list_rows, bits, strict=True)]
        on = [y for y, bit in dots if bit]
        height = round(count * scale, 1)
        columns.append(
            UpsetColumn(
                label=label,
                count=count,
                x=x + 4,
                center=x + UPSET_COLUMN / 2,
                bar_y=round(baseline - height, 1),
                bar_height=height,
                dots=dots,
                line_top=min(on) if len(on) > 1 else None,
                line_bottom=max(on) if len(on) > 1 else None,
            )
        )
    width = max(left + len(drawn) * UPSET_COLUMN + 20, 360)
    height = int(dot_top + len(lists) * UPSET_DOT_ROW)
    return UpsetGeometry(
        width=width,
        height=height,
        left=left,
        baseline=baseline,
        columns=columns,
        list_rows=list_rows,
        ticks=[Tick(v, round(baseline - v * scale, 1)) for v in ticks],
        left_out=left_out,
    )


@dataclass(frozen=True)
class TraceGeometry:
    width: int
    height: int
    lines: list[str]  # one polyline's points attribute per chain
    low: float
    high: float
    draws: int


def trace(chains: list[list[float]], width: int = 640, height: int = 140) -> TraceGeometry | None:
    """Each chain's draws in order on one scale, thinned to at most one point a pixel."""
    chains = [c for c in chains if len(c) >= 2]
    if not chains:
        return None
    left, plot_width, plot_height = 50, width - 60, height - 20
    low = min(min(c) for c in chains)
    high = max(max(c) for c in chains)
    span = (high - low) or 1.0
    lines = []
    for chain in chains:
        kept = chain[:: max(1, len(chain) // plot_width)]
        lines.append(
            " ".join(
                f"{left + i * plot_width / (len(kept) - 1):.1f},"
                f"{10 + plot_height - (v - low) / span * plot_height:.1f}"
                for i, v in enumerate(kept)
            )
        )
    return TraceGeometry(width, height, lines, low, high, sum(len(c) for c in chains))
