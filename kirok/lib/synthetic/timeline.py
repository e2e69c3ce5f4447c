"""Uncertain dates as sources give them: an EDTF string, its bounds, and the words for it.

The generator knows the true day of everything; a source only says "early November 2012"
or "around 2012". Each :class:`Uncertain` keeps the EDTF value together with the first and
last day it allows, computed here the way ``kirok.lib.dates.bounds`` does (that module is
not imported: it pulls in Django through the edtf package).

>>> part_of_month(dt.date(2012, 11, 3)).edtf
'2012-11-01/2012-11-10'
>>> phrase(part_of_month(dt.date(2012, 11, 3)), "en"), phrase(month_of(dt.date(2012, 11, 3)), "ko")
('in early November 2012', '2012년 11월')
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from dataclasses import dataclass

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip
_PARTS = (("early", "초", 1, 10), ("mid", "중순", 11, 20), ("late", "말", 21, 31))


@dataclass(frozen=True)
class Uncertain:
    edtf: str
    earliest: dt.date | None
    latest: dt.date | None
    shape: str  # day, month, part, month_approx, year, year_approx, years, before


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return year, month + 1


def exact_day(day: dt.date) -> Uncertain:
    return Uncertain(day.isoformat(), day, day, "day")


def month_of(day: dt.date) -> Uncertain:
    first = day.replace(day=1)
    return Uncertain(f"{day:%Y-%m}", first, _month_end(day.year, day.month), "month")


def part_of_month(day: dt.date) -> Uncertain:
    """Early, mid or late month as an EDTF interval of days."""
    _, _, first_day, last_day = _part(day)
    first = day.replace(day=first_day)
    last = day.replace(day=min(last_day, calendar.monthrange(day.year, day.month)[1]))
    return Uncertain(f"{first.isoformat()}/{last.isoformat()}", first, last, "part")


def _part(day: dt.date) -> tuple[str, str, int, int]:
    return next(part for part in _PARTS if part[2] <= day.day <= part[3])


def around_month(day: dt.date) -> Uncertain:
    """``2012-11~``: EDTF approximation widens by one month on each side."""
    before, after = _shift_month(day, -1), _shift_month(day, +1)
    return Uncertain(
        f"{day:%Y-%m}~", dt.date(before[0], before[1], 1), _month_end(*after), "month_approx"
    )


def year_of(day: dt.date) -> Uncertain:
    return Uncertain(str(day.year), dt.date(day.year, 1, 1), dt.date(day.year, 12, 31), "year")


def around_year(year: int) -> Uncertain:
    """``1984~``: one year either side."""
    return Uncertain(f"{year}~", dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31), "year_approx")


def between_years(first: int, last: int) -> Uncertain:
    return Uncertain(f"{first}/{last}", dt.date(first, 1, 1), dt.date(last, 12, 31), "years")


def before_year(year: int) -> Uncertain:
    """``../2005``: some time up to the end of that year, with no known start."""
    return Uncertain(f"../{year}", None, dt.date(year, 12, 31), "before")


# How precisely each kind of statement tends to date an event (weights of shapes).
EVENT_PRECISION = {"day": 22, "month": 30, "part": 20, "month_approx": 12, "year": 10,
                   "year_approx": 6}  # fmt: skip


def blur(rng: random.Random, day: dt.date, weights: dict[str, int] | None = None) -> Uncertain:
    """The true ``day`` as a source would date it, at a randomly chosen precision."""
    weights = weights or EVENT_PRECISION
    shape = rng.choices(list(weights), weights=list(weights.values()))[0]
    makers = {
        "day": exact_day,
        "month": month_of,
        "part": part_of_month,
        "month_approx": around_month,
        "year": year_of,
        "year_approx": lambda d: around_year(d.year),
    }
    return makers[shape](day)


def phrase(date: Uncertain, language: str) -> str:
    """Words for a date, for use inside a sentence: "in early November 2012", "2012년 11월 초"."""
    return _phrase_ko(date) if language == "ko" else _phrase_en(date)


def _stated(date: Uncertain) -> tuple[int, int, int]:
    """(year, month, day) as written in the EDTF value; 0 where it does not say."""
    core = date.edtf.removeprefix("../").rstrip("~").split("/")[0]
    parts = [int(p) for p in core.split("-")] + [0, 0]
    return parts[0], parts[1], parts[2]


def _phrase_en(date: Uncertain) -> str:
    year, month, day = _stated(date)
    shape = date.shape
    if shape in ("day", "month", "part", "month_approx"):
        month_year = f"{MONTHS_EN[month - 1]} {year}"
        if shape == "day":
            return f"on {day} {month_year}"
        if shape == "part":
            part = _part(dt.date(year, month, day))[0]
            return f"in mid-{month_year}" if part == "mid" else f"in {part} {month_year}"
        return f"around {month_year}" if shape == "month_approx" else f"in {month_year}"
    if shape == "years":
        return f"between {year} and {date.edtf[-4:]}"
    if shape == "before":
        return f"before {date.edtf[-4:]}"
    return f"around {year}" if shape == "year_approx" else f"in {year}"


def _phrase_ko(date: Uncertain) -> str:
    year, month, day = _stated(date)
    shape = date.shape
    if shape == "day":
        return f"{year}년 {month}월 {day}일"
    if shape == "part":
        return f"{year}년 {month}월 {_part(dt.date(year, month, day))[1]}"
    if shape in ("month", "month_approx"):
        return f"{year}년 {month}월" + ("경" if shape == "month_approx" else "")
    if shape == "years":
        return f"{year}년에서 {date.edtf[-4:]}년 사이"
    if shape == "before":
        return f"{date.edtf[-4:]}년 이전"
    return f"{year}년" + ("경" if shape == "year_approx" else "")


def birth_phrase(date: Uncertain, language: str) -> str:
    """How a source states a birth date: "born around 1984", "1984년생"."""
    if language == "ko":
        if date.shape in ("day", "month", "year"):
            return f"{phrase(date, 'ko')}생"
        if date.shape == "years":
            return f"{date.edtf[:4]}~{date.edtf[-4:]}년생"
        return f"{phrase(date, 'ko')} 출생"
    text = phrase(date, "en")
    return "born " + (
        text
        if date.shape != "years"
        else text.replace("between", "").strip().replace(" and ", " or ")
    )


def short_form(date: Uncertain, language: str) -> str:
    """The compact form a list or table uses: ``1984-03-12``, ``1984``, ``c. 1984``."""
    if date.shape in ("day", "month", "year"):
        return date.edtf
    if date.shape == "year_approx":
        return f"{date.edtf[:4]}년경" if language == "ko" else f"c. {date.edtf[:4]}"
    if date.shape == "before":
        return f"{date.edtf[-4:]}년 이전" if language == "ko" else f"before {date.edtf[-4:]}"
    return phrase(date, language)
