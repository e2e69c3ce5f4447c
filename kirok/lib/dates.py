"""Uncertain dates as EDTF (ISO 8601-2 Extended Date/Time Format) with calendar bounds.

Dates in human-rights documentation are rarely exact: "in 2019", "early November 2012",
"some time before 2005". Kirok stores each date as an EDTF string, which says honestly what
is known, together with the earliest and latest calendar day it could be, so that records can
still be sorted and filtered.

>>> bounds("2012-11")
DateBounds(edtf='2012-11', earliest=datetime.date(2012, 11, 1), latest=datetime.date(2012, 11, 30))
>>> bounds("2019~").earliest, bounds("2019~").latest
(datetime.date(2018, 1, 1), datetime.date(2020, 12, 31))
>>> bounds("..2019").edtf, bounds("..2019").earliest
('../2019', None)

:func:`parse` reads the phrases people write ("early November 2012", "2012년 11월 초",
"six months later") into such values; the rules live in kirok.lib.date_phrases.

>>> parse("2012년 11월 초").edtf
'2012-11-01/2012-11-10'

This module has no Django in it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from functools import lru_cache

import edtf

_QUALIFIERS = re.compile(r"[~?%]")
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}


class DateError(ValueError):
    """Why a date cannot be read: ``str()`` says it in English, and ``code`` with ``params``
    say the same for a translation, which the web app gives in the reader's language
    (kirok.records.date_messages). A param may itself be a DateError (the reason inside)."""

    def __init__(self, code: str, english: str, **params: object) -> None:
        self.code, self.english, self.params = code, english, params
        super().__init__(english % {name: _quoted(value) for name, value in params.items()})

    def __reduce__(self):
        # Pickled as it was made (the default would call the class with the message alone).
        return functools.partial(type(self), self.code, self.english, **self.params), ()


def _quoted(value: object) -> object:
    """A list of phrases as the English messages write it: '2019', '3월 12일'."""
    return ", ".join(map(repr, value)) if isinstance(value, list) else value


class InvalidDate(DateError):
    """The text is not a valid EDTF date, or not a possible calendar date."""


class UnparsableDate(DateError):
    """A date phrase that :func:`parse` cannot read; the message says what and why."""


@dataclass(frozen=True)
class DateBounds:
    """An EDTF value and the first and last day it may denote (None: open-ended)."""

    edtf: str
    earliest: dt.date | None
    latest: dt.date | None


@dataclass(frozen=True)
class DateParse(DateBounds):
    """What :func:`parse` read: the EDTF value, its bounds and the phrase it came from."""

    text: str


def parse(text: str, anchor: dt.date | None = None, language: str = "auto") -> DateParse:
    """Read an English or Korean date phrase as EDTF; see kirok.lib.date_phrases.parse.

    >>> parse("six months later", anchor=dt.date(2012, 6, 1)).edtf
    '2012-12'
    """
    # Imported here because date_phrases builds on this module's bounds().
    from kirok.lib import date_phrases

    return date_phrases.parse(text, anchor=anchor, language=language)


def normalise(text: str) -> str:
    """Tidy common ways of writing EDTF: trim spaces, turn ``..2019`` into ``../2019``.

    >>> normalise(" ..2019 ")
    '../2019'
    """
    value = text.strip()
    if value.startswith("..") and not value.startswith("../"):
        value = "../" + value[2:]
    if value.endswith("..") and not value.endswith("/.."):
        value = value[:-2] + "/.."
    return value


def bounds(text: str) -> DateBounds:
    """Validate an EDTF string and compute its earliest and latest possible days.

    Approximate (``~``) or uncertain (``?``, ``%``) dates widen by one unit of their
    precision: a year for ``2019~``, a month for ``2012-11~``, a week for a day.
    Open interval ends (``..``) and unknown ends (an empty side of ``/``) give ``None``.

    >>> bounds("2012-11-01/2012-11-10").latest
    datetime.date(2012, 11, 10)
    >>> bounds("2012-11-31")
    Traceback (most recent call last):
    ...
    kirok.lib.dates.InvalidDate: '2012-11-31' is not a day of the calendar.
    """
    value = normalise(text)
    if not value:
        raise InvalidDate("empty", "The date is empty.")
    if not _is_edtf(value):
        raise InvalidDate("not_edtf", "%(value)r is not a valid EDTF date.", value=value)
    if value in ("../..", "/", "/..", "../"):
        raise InvalidDate(
            "no_when",
            "%(value)r says nothing about when; leave the date empty instead.",
            value=value,
        )
    if value.startswith("["):
        earliest, latest = _set_bounds(value)
    elif "/" in value:
        start, end = value.split("/", 1)
        earliest = _endpoint(start)[0]
        latest = _endpoint(end)[1]
    else:
        earliest, latest = _endpoint(value)
    if earliest and latest and earliest > latest:
        raise InvalidDate("ends_before_start", "%(value)r ends before it starts.", value=value)
    return DateBounds(value, earliest, latest)


_YEAR = r"\d{4}"
_MONTH = r"(?:0[1-9]|1[0-2])"
_DAY = r"(?:0[1-9]|[12]\d|3[01])"
_SIMPLE_DATE = rf"{_YEAR}(?:-{_MONTH}(?:-{_DAY})?|-2[1-4])?[~?%]?"
# The forms Kirok writes every day: a year, month or day, a season, approximate or uncertain,
# and intervals of them with open ends. Calendar validity (30 February) is checked later.
_COMMON_EDTF = re.compile(
    rf"{_SIMPLE_DATE}|(?:{_SIMPLE_DATE}|\.\.)/{_SIMPLE_DATE}|{_SIMPLE_DATE}/(?:{_SIMPLE_DATE}|\.\.)"
)


def _is_edtf(value: str) -> bool:
    """Whether a value is EDTF: common forms by a strict pattern, the rest by edtf's grammar."""
    return bool(_COMMON_EDTF.fullmatch(value)) or _is_rare_edtf(value)


@lru_cache(maxsize=4096)
def _is_rare_edtf(value: str) -> bool:
    # edtf's pyparsing grammar takes 5-30 ms a call, so it only sees the forms the pattern
    # above does not cover (unspecified digits, sets, partial qualification …), cached.
    try:
        edtf.parse_edtf(value)
    except Exception:
        return False
    return True


def _set_bounds(value: str) -> tuple[dt.date | None, dt.date | None]:
    # "[2001,2003]" one of a set; "[..2019]" on or before. Bounds span all members.
    members = [m.strip() for m in value.strip("[]{}").split(",") if m.strip()]
    lows, highs = [], []
    for member in members:
        if member.startswith(".."):
            lows.append(None)
            member = member[2:]
        if member.endswith(".."):
            highs.append(None)
            member = member[:-2]
        for part in member.split(".."):
            low, high = _endpoint(part)
            lows.append(low)
            highs.append(high)
    earliest = None if None in lows else min(lows)
    latest = None if None in highs else max(highs)
    return earliest, latest


def _endpoint(part: str) -> tuple[dt.date | None, dt.date | None]:
    """Bounds of one date without '/', or (None, None) for an open or unknown end."""
    if part in ("", ".."):
        return None, None
    qualified = bool(_QUALIFIERS.search(part))
    core = _QUALIFIERS.sub("", part)
    negative = core.startswith("-")
    pieces = core.lstrip("-").split("-")
    if negative or (not pieces[0].isdigit() and "X" not in pieces[0]):
        raise _year_out_of_range(part)
    low, high, unit = _strict_bounds(pieces)
    if qualified:
        low, high = _pad(low, unit, -1), _pad(high, unit, +1)
    return low, high


def _strict_bounds(pieces: list[str]) -> tuple[dt.date, dt.date, str]:
    year_text = pieces[0]
    first_year = int(year_text.replace("X", "0"))
    last_year = int(year_text.replace("X", "9"))
    if first_year < 1:
        raise _year_out_of_range(year_text)
    if len(pieces) == 1:
        return dt.date(first_year, 1, 1), dt.date(last_year, 12, 31), "year"
    month_text = pieces[1]
    if month_text.isdigit() and int(month_text) in _SEASON_MONTHS:
        first_month, last_month = _SEASON_MONTHS[int(month_text)]
        end_year = last_year + 1 if first_month > last_month else last_year
        return (
            dt.date(first_year, first_month, 1),
            _month_end(end_year, last_month),
            "month",
        )
    first_month = int(month_text.replace("X", "0")) or 1
    last_month = min(int(month_text.replace("X", "9")), 12)
    if len(pieces) == 2:
        return dt.date(first_year, first_month, 1), _month_end(last_year, last_month), "month"
    day_text = pieces[2]
    if "X" in day_text:
        first_day = max(int(day_text.replace("X", "0")), 1)
        return (
            dt.date(first_year, first_month, first_day),
            _month_end(last_year, last_month),
            "day",
        )
    try:
        return (
            dt.date(first_year, first_month, int(day_text)),
            dt.date(last_year, last_month, int(day_text)),
            "day",
        )
    except ValueError:
        raise InvalidDate(
            "not_a_day", "%(value)r is not a day of the calendar.", value="-".join(pieces)
        ) from None


def _year_out_of_range(value: str) -> InvalidDate:
    return InvalidDate("year_range", "%(value)r: only years 1 to 9999 are supported.", value=value)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _pad(day: dt.date, unit: str, direction: int) -> dt.date:
    if unit == "day":
        return day + dt.timedelta(days=7 * direction)
    if unit == "month":
        month_index = day.year * 12 + day.month - 1 + direction
        year, month = divmod(month_index, 12)
        month += 1
        if direction < 0:
            return dt.date(year, month, 1)
        return _month_end(year, month)
    year = day.year + direction
    return dt.date(year, 1, 1) if direction < 0 else dt.date(year, 12, 31)


def overlaps(a: DateBounds, b: DateBounds) -> bool:
    """Whether two uncertain dates could be the same time (open ends overlap everything).

    >>> overlaps(bounds("2012"), bounds("2012-11~"))
    True
    """
    starts_before_b_ends = a.earliest is None or b.latest is None or a.earliest <= b.latest
    ends_after_b_starts = a.latest is None or b.earliest is None or a.latest >= b.earliest
    return starts_before_b_ends and ends_after_b_starts
