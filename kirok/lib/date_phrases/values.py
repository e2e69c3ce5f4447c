"""EDTF values under construction and the calendar arithmetic the readers need."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from kirok.lib.date_phrases.words import _SEASON_MONTHS
from kirok.lib.dates import UnparsableDate

# Values and calendar arithmetic -------------------------------------------------------------


@dataclass(frozen=True)
class Value:
    """One EDTF date (``end`` empty) or the two ends of an interval (``..`` is open)."""

    start: str
    end: str = ""

    @property
    def edtf(self) -> str:
        return self.start if self.end in ("", self.start) else f"{self.start}/{self.end}"

    @property
    def last(self) -> str:
        return self.end or self.start


@dataclass(frozen=True)
class Context:
    anchor: dt.date | None
    phrase: str

    def need_anchor(self) -> dt.date:
        if self.anchor is None:
            raise UnparsableDate(
                "needs_anchor",
                "%(phrase)r is relative: it needs an anchor date (the date it counts from).",
                phrase=self.phrase,
            )
        return self.anchor

    def year(self, text: str | None) -> int:
        if text:
            return int(text)
        if self.anchor is None:
            raise UnparsableDate(
                "no_year",
                "%(phrase)r has no year: write the year, or give an anchor date.",
                phrase=self.phrase,
            )
        return self.anchor.year


def _y(year: int) -> str:
    return f"{year:04d}"


def _ym(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def _month_end(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _add(day: dt.date, amount: int, unit: str) -> dt.date:
    try:
        if unit in ("day", "week"):
            return day + dt.timedelta(days=amount * (7 if unit == "week" else 1))
        months = amount * {"month": 1, "year": 12, "decade": 120}[unit]
        year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
        return dt.date(year, month + 1, min(day.day, _month_end(year, month + 1)))
    except (OverflowError, ValueError):
        raise UnparsableDate(
            "leaves_calendar",
            "Counting %(amount)s %(unit)ss from %(day)s leaves the calendar.",
            amount=amount,
            unit=unit,
            day=day,
        ) from None


def _at(day: dt.date, unit: str) -> str:
    """A day written to the precision of the unit that was counted."""
    if unit in ("day", "week"):
        return day.isoformat()
    return _ym(day.year, day.month) if unit == "month" else _y(day.year)


def _coarse(day: dt.date, ending: bool) -> str:
    """The widest EDTF unit that starts (or ends) exactly on this day: 2004-12-31 → 2004."""
    edge_day = _month_end(day.year, day.month) if ending else 1
    if day.day != edge_day:
        return day.isoformat()
    return _y(day.year) if day.month == (12 if ending else 1) else _ym(day.year, day.month)


def _qualify(value: Value, mark: str) -> Value:
    """Mark both ends approximate or uncertain; seasons become months (EDTF has no 2015-21~)."""
    start, end = _season_edge(value.start, 0), _season_edge(value.last, 1)
    marked = [e if e == ".." or e[-1] in "~?%" else e + mark for e in (start, end)]
    return Value(marked[0], marked[1] if end != start else "")


def _season_edge(edtf_text: str, side: int) -> str:
    season = re.fullmatch(r"(\d{4})-(2[1-4])", edtf_text)
    if not season:
        return edtf_text
    year, month = int(season[1]), _SEASON_MONTHS[int(season[2])][side]
    return _ym(year + (1 if side and month < 3 else 0), month)


Reader = Callable[[re.Match, Context], Value]
