"""Readers: turn one rule's match into an EDTF value (absolute dates, then relative ones)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from fractions import Fraction

from kirok.lib.date_phrases.values import (
    Context,
    Reader,
    Value,
    _add,
    _at,
    _coarse,
    _month_end,
    _qualify,
    _y,
    _ym,
)
from kirok.lib.date_phrases.words import (
    _BACKWARD,
    _CLOSING,
    _DECADE_PARTS,
    _KO_DAY_WORDS,
    _MONTH_PARTS,
    _SEASON_MONTHS,
    _YEAR_PARTS,
    MODIFIERS,
    MONTHS,
    NUMBERS,
    PARTS,
    SEASONS,
    UNITS,
    VAGUE,
    WEEKDAYS,
)
from kirok.lib.dates import UnparsableDate, bounds

# Readers ------------------------------------------------------------------------------------


def _g(match: re.Match, name: str) -> str | None:
    return match.groupdict().get(name)


def _year_of(match: re.Match, context: Context) -> int:
    two_digits = _g(match, "yy")
    if two_digits:  # 98년 3월, '98: 1930–2029
        return int(two_digits) + (1900 if int(two_digits) >= 30 else 2000)
    return context.year(_g(match, "year"))


def _month_of(match: re.Match) -> int:
    text = match["month"].rstrip(".")
    return int(text) if text.isdigit() else MONTHS[text]


def _part_of(match: re.Match) -> str:
    return PARTS[" ".join((_g(match, "part") or _g(match, "partof") or "").split())]


def _read_day(match: re.Match, context: Context) -> Value:
    year, month = _year_of(match, context), _month_of(match)
    if not _g(match, "day"):
        return Value(_ym(year, month))
    return _day_value(year, month, int(match["day"]), context)


def _day_value(year: int, month: int, day: int, context: Context) -> Value:
    try:
        return Value(dt.date(year, month, day).isoformat())
    except ValueError:
        raise UnparsableDate(
            "no_such_day",
            "%(phrase)r: %(month)s has no day %(day)s.",
            phrase=context.phrase,
            month=_ym(year, month),
            day=day,
        ) from None


def _read_numeric_day(match: re.Match, context: Context) -> Value:
    first, second = int(match["a"]), int(match["b"])
    if first != second and first <= 12 and second <= 12:
        raise UnparsableDate(
            "day_or_month",
            "%(phrase)r: the day and the month could be either way round; "
            "write the month as a word, or use YYYY-MM-DD.",
            phrase=context.phrase,
        )
    day, month = (first, second) if first > 12 or first == second else (second, first)
    if month > 12:
        raise UnparsableDate(
            "no_month", "%(phrase)r has no month between 1 and 12.", phrase=context.phrase
        )
    return _day_value(int(match["year"]), month, day, context)


def _read_month(match: re.Match, context: Context) -> Value:
    return Value(_ym(_year_of(match, context), _month_of(match)))


def _read_year(match: re.Match, context: Context) -> Value:
    return Value(_y(_year_of(match, context)))


def _read_month_part(match: re.Match, context: Context) -> Value:
    year, month = _year_of(match, context), _month_of(match)
    first, last = _MONTH_PARTS[_part_of(match)]
    last = min(last, _month_end(year, month))
    return Value(dt.date(year, month, first).isoformat(), dt.date(year, month, last).isoformat())


def _read_year_part(match: re.Match, context: Context) -> Value:
    year = _year_of(match, context)
    first, last = _YEAR_PARTS[_part_of(match)]
    return Value(_ym(year, first), _ym(year, last))


def _read_decade(match: re.Match, context: Context) -> Value:
    if _g(match, "dd"):  # the '90s
        digit = int(match["dd"])
        decade = (190 if digit >= 3 else 200) + digit
    else:
        decade = int(match["decade"])
    if not (_g(match, "part") or _g(match, "partof")):
        return Value(f"{decade}X")
    first, last = _DECADE_PARTS[_part_of(match)]
    return Value(_y(decade * 10 + first), _y(decade * 10 + last))


def _read_season(match: re.Match, context: Context) -> Value:
    code = SEASONS[match["season"]]
    if _g(match, "year"):
        return Value(f"{match['year']}-{code}")
    return Value(f"{_season_year(context.year(None), code, context.need_anchor())}-{code}")


def _season_year(year: int, code: int, anchor: dt.date) -> int:
    # In January or February "that winter" is the one that began the December before.
    return year - 1 if code == 24 and anchor.month <= 2 and year == anchor.year else year


def _wrapped(match: re.Match, context: Context, name: str = "a") -> Value:
    text = match[name].strip()
    # The rule tables are built from these readers, so they are imported when first used.
    from kirok.lib.date_phrases.rules import CORE_RULES, YEARLESS_RULES

    for rule in CORE_RULES + YEARLESS_RULES:
        found = rule.pattern.fullmatch(text)
        if found:
            return rule.read(found, Context(context.anchor, text))
    raise UnparsableDate(  # pragma: no cover
        "unread", "%(phrase)r is not a date this parser reads.", phrase=text
    )


def _read_between(match: re.Match, context: Context) -> Value:
    """A range. One end often leaves out the year the other gives, and takes it from there:
    "2019년 3월 12일부터 4월 5일까지", "12 March to 5 April 2019", "March to May 2019"; a year
    later or earlier where the months run across New Year ("December 2018 to February")."""
    if _has_year(match["a"]) or not _has_year(match["b"]):
        first = _wrapped(match, context)
        last = _sharing_year(match, "b", first, context, +1)
    else:
        last = _wrapped(match, context, "b")
        first = _sharing_year(match, "a", last, context, -1)
    return Value(first.start, last.last)


def _has_year(text: str) -> bool:
    return bool(re.search(r"\d{4}|\d\d\s*년|'\d\d", text))


def _sharing_year(match: re.Match, name: str, other: Value, context: Context, step: int) -> Value:
    """The end ``name`` of a range, read in the year of the ``other`` end when it gives none;
    ``step`` years on if it would then fall on the wrong side of the other."""
    if _has_year(match[name]):
        return _wrapped(match, context, name)
    day = bounds(other.start if step > 0 else other.last).earliest
    value = _wrapped(match, Context(day, context.phrase), name)
    start, end = (other, value) if step > 0 else (value, other)
    if bounds(end.last).latest < bounds(start.start).earliest:
        # Only the anchor's year is read (the end gives its month): 1 January, as 29
        # February has no day in the next year.
        value = _wrapped(match, Context(dt.date(day.year + step, 1, 1), context.phrase), name)
    return value


def _open_ended(before: bool, inclusive: bool) -> Reader:
    """ "by 2005" → ../2005; "before 2005" → ../2004; "since 2005" → 2005/..; "after" → 2006/.."""

    def read(match: re.Match, context: Context) -> Value:
        value = _wrapped(match, context)
        if before:
            if inclusive:
                return Value("..", value.last)
            day = bounds(value.start).earliest - dt.timedelta(days=1)
            return Value("..", _coarse(day, ending=True))
        if inclusive:
            return Value(value.start, "..")
        return Value(_coarse(bounds(value.last).latest + dt.timedelta(days=1), ending=False), "..")

    return read


def _marked(mark: str) -> Reader:
    return lambda match, context: _qualify(_wrapped(match, context), mark)


# Relative phrases ---------------------------------------------------------------------------


def _count(text: str) -> tuple[Fraction, Fraction, bool]:
    """A spoken count as (lowest, highest, approximate?): "a few" → (2, 4, False)."""
    text = " ".join(text.split())
    if text in VAGUE:
        low, high, approximate = VAGUE[text]
        return Fraction(low), Fraction(high), approximate
    if text in _KO_DAY_WORDS:
        return Fraction(_KO_DAY_WORDS[text]), Fraction(_KO_DAY_WORDS[text]), False
    parts = [p for p in re.split(r"\s*(?:-|~|\bto\b|\bor\b)\s*", text) if p]
    numbers = [Fraction(p) if p[0].isdigit() else NUMBERS[p] for p in parts]
    if re.fullmatch(r"(?:twenty|thirty|forty|fifty)-[a-z]+", text) and numbers[1] < 10:
        return (total := numbers[0] + numbers[1]), total, False  # "twenty-one", not 1 to 20
    return min(numbers), max(numbers), False


def _read_shift(match: re.Match, context: Context) -> Value:
    anchor = context.need_anchor()
    low, high, approximate = _count(_g(match, "dayword") or match["count"])
    unit = "day" if _g(match, "dayword") else UNITS[match["unit"]]
    if _g(match, "half"):
        low, high = low + Fraction(1, 2), high + Fraction(1, 2)
    how = MODIFIERS.get(" ".join((_g(match, "mod") or _g(match, "pre") or "").split()), "")
    plus = _g(match, "plus") or ""
    if "odd" in plus or _g(match, "odd"):
        high = low + max(1, low // 2)  # "ten-odd", 10여: 10 to 15
    elif plus:
        how = "more"  # "10+ years"
    direction = " ".join(match["dir"].split())
    how = "less" if direction in _CLOSING else how
    sign = -1 if direction in _BACKWARD else 1
    return _shift(anchor, (low, high, unit), sign, how, approximate or how == "approx")


def _shift(anchor: dt.date, amount: tuple, sign: int, how: str, approximate: bool) -> Value:
    low, high, unit = _whole_units(*amount)
    if how == "more":
        edge = _add(anchor, sign * low, unit).isoformat()
        return Value(edge, "..") if sign > 0 else Value("..", edge)
    if how == "less":
        first, last = sorted((anchor, _add(anchor, sign * high, unit)))
        return Value(first.isoformat(), last.isoformat())
    first, last = sorted((_add(anchor, sign * low, unit), _add(anchor, sign * high, unit)))
    value = Value(_at(first, unit), _at(last, unit))
    return _qualify(value, "~") if approximate else value


def _whole_units(low: Fraction, high: Fraction, unit: str) -> tuple[int, int, str]:
    """Halves move to the next smaller unit: 1½ years → 18 months."""
    finer = {
        "decade": ("year", 10),
        "year": ("month", 12),
        "month": ("day", 30),
        "week": ("day", 7),
    }
    while (low.denominator != 1 or high.denominator != 1) and unit in finer:
        unit, factor = finer[unit]
        low, high = low * factor, high * factor
    return int(low), int(high), unit


def _relative(make: Callable[[dt.date, re.Match], Value]) -> Reader:
    return lambda match, context: make(context.need_anchor(), match)


def _years_on(offset: int) -> Reader:
    return _relative(lambda anchor, m: Value(_y(anchor.year + offset)))


def _months_on(offset: int) -> Reader:
    return _relative(
        lambda anchor, m: Value(_at(_add(anchor.replace(day=1), offset, "month"), "month"))
    )


def _days_on(offset: int) -> Reader:
    return _relative(lambda anchor, m: Value(_add(anchor, offset, "day").isoformat()))


def _week_on(offset: int) -> Reader:
    def week(anchor: dt.date, match: re.Match) -> Value:
        monday = anchor - dt.timedelta(days=anchor.weekday() - 7 * offset)
        if _g(match, "weekday"):
            return Value((monday + dt.timedelta(days=WEEKDAYS[match["weekday"]])).isoformat())
        return Value(monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat())

    return _relative(week)


def _season_of_year(offset: int) -> Reader:
    def season(anchor: dt.date, match: re.Match) -> Value:
        code = SEASONS[match["season"]]
        year = anchor.year + offset
        return Value(f"{_season_year(year, code, anchor) if offset == 0 else year}-{code}")

    return _relative(season)


def _season_span(year: int, code: int) -> tuple[dt.date, dt.date]:
    first, last = _SEASON_MONTHS[code]
    end_year = year + 1 if last < first else year  # winter ends in the next year
    return dt.date(year, first, 1), dt.date(end_year, last, _month_end(end_year, last))


def _season_step(step: int) -> Reader:
    """The first season of that name starting after the anchor, or the last one ended before."""

    def season(anchor: dt.date, match: re.Match) -> Value:
        code = SEASONS[match["season"]]
        years = range(anchor.year - 2, anchor.year + 2)
        if step > 0:
            year = next(y for y in years if _season_span(y, code)[0] > anchor)
        else:
            year = [y for y in years if _season_span(y, code)[1] < anchor][-1]
        return Value(f"{year}-{code}")

    return _relative(season)


def _month_of_year(offset: int) -> Reader:
    def read(match: re.Match, context: Context) -> Value:
        year = context.need_anchor().year + offset
        return _read_day(match, Context(dt.date(year, 1, 1), context.phrase))

    return read


def _next_month_named(anchor: dt.date, match: re.Match) -> Value:
    month = _month_of(match)
    year = anchor.year if dt.date(anchor.year, month, 1) > anchor else anchor.year + 1
    return Value(_ym(year, month))


def _weekday_step(step: int) -> Reader:
    def weekday(anchor: dt.date, match: re.Match) -> Value:
        gap = (WEEKDAYS[match["weekday"]] - anchor.weekday()) * step
        return Value((anchor + dt.timedelta(days=step * ((gap - 1) % 7 + 1))).isoformat())

    return _relative(weekday)
