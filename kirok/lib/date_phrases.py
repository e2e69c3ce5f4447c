"""Read English and Korean date phrases from testimonies as EDTF values with bounds.

>>> parse("early November 2012").edtf
'2012-11-01/2012-11-10'
>>> parse("1990년대 후반").edtf, parse("the winter of 2017").latest
('1997/1999', datetime.date(2018, 2, 28))
>>> parse("10년이 넘게 지나서", anchor=dt.date(2012, 6, 1)).edtf
'2022-06-01/..'

Why rules and not a library such as dateparser: a testimony's date is evidence, so every
phrase must map to one documented EDTF form and anything else must be refused with a reason.
General parsers fill gaps from today's date and guess the day/month order, which is exactly
what must not happen here. Regular expressions per language (the tables below) are
predictable, testable phrase by phrase and easy to extend.

The parser looks for date phrases inside the text and takes the longest; a text with two
separate dates ("arrested in 2010, released in 2012") is refused rather than one picked.
Text that is already EDTF ("2012-11", "2019~") is taken as it is; in phrases, years run from
1800 to 2199, and a number left over beside the date ("March 32, 2020") is refused.

Conventions (early/mid/late are thirds, so that they tile the period without gaps):

* Month (초순/중순/하순, 초/말): days 1–10, 11–20, 21–end.
* Year (초/중반/말): Jan–Apr, May–Aug, Sep–Dec, so mid-2019 is ``2019-05/2019-08``;
  first/second half (상반기/하반기): Jan–Jun, Jul–Dec.
* Decade (초반/중반/후반): years 0–3, 4–6, 7–9 (late 1990s ``1997/1999``); "the 2000s" is the
  decade 2000–2009, never the century; "the 1990s" is ``199X``.
* Seasons are EDTF codes 21–24 (spring Mar–May … winter Dec–Feb). "winter of 2017" and
  "2017년 겨울" are ``2017-24``: the winter that begins in December 2017 and ends in
  February 2018, as meteorological seasons run (and as ``bounds`` reads code 24).
* Approximate (around, c., 경, 무렵, 쯤) appends ``~``; uncertain (``?``, probably, 아마) ``?``.
  A season cannot carry them in EDTF, so "around spring 2015" becomes ``2015-03~/2015-05~``.
* English "before 2005"/"after 2005" exclude 2005 (``../2004``, ``2006/..``); "by", "until",
  "since" and "from" include it. Korean 이전/이후/까지/부터 include it, as Korean legal usage
  does (``../2005``, ``2005/..``), and it is the wider, safer reading; bare 전/후 exclude it.
* Relative phrases need an anchor date and keep their unit's precision: "six months later"
  is a month, "two years ago" a year, "3 days later" a day. "more than N … later" is an open
  interval from exactly anchor + N (``2022-06-01/..``); "within N …" runs from the anchor
  to anchor + N; "about", "nearly", 쯤, 가까이 add ``~``.
* Vague counts are ranges: "a few"/몇/수 2–4, "several"/여러 3–7, "N-odd"/N여 N to 1.5 N;
  "a couple of"/두어 is about 2 (``~``). Halves move to the smaller unit (1년 반: 18 months).
* A month or season with no year (March, 3월, "early November") takes the anchor's year,
  and is refused without an anchor. "the following spring" is the first one after the
  anchor; 이듬해 봄 / 다음 해 봄 is the spring of the year after the anchor's.
* Two-digit years (98년 3월, '98) are read as 1930–2029. "2003-05" is ISO May 2003, not
  2003–2005; numeric day/month orders are read only when unambiguous (13/04/2020).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

from kirok.lib.dates import DateParse, InvalidDate, UnparsableDate, bounds

__all__ = ["LANGUAGES", "MAX_LENGTH", "parse"]

LANGUAGES = ("auto", "en", "ko")
MAX_LENGTH = 1000  # a date phrase, not a document; also bounds the regular-expression work

# Vocabulary ---------------------------------------------------------------------------------

_MONTH_NAMES = (
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec"),
)  # fmt: skip
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
SEASONS = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24,
           "봄": 21, "여름": 22, "가을": 23, "겨울": 24}  # fmt: skip
_SEASON_MONTHS = {21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 2)}
_EN_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WEEKDAYS = {name: i for i, name in enumerate(_EN_WEEKDAYS)} | {
    day + "요일": i for i, day in enumerate("월화수목금토일")
}
PARTS = {"early": "early", "beginning": "early", "start": "early", "mid": "mid",
         "middle": "mid", "late": "late", "end": "late", "first half": "h1",
         "second half": "h2", "초": "early", "초순": "early", "상순": "early", "초반": "early",
         "초엽": "early", "중순": "mid", "중반": "mid", "하순": "late", "말": "late",
         "후반": "late", "말엽": "late", "상반기": "h1", "하반기": "h2"}  # fmt: skip
_MONTH_PARTS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
_YEAR_PARTS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12), "h1": (1, 6), "h2": (7, 12)}
_DECADE_PARTS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}

_EN_WORDS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
             "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen", "twenty"]  # fmt: skip
_KO_NATIVE = {"한": 1, "두": 2, "세": 3, "석": 3, "네": 4, "넉": 4, "다섯": 5, "여섯": 6,
              "일곱": 7, "여덟": 8, "아홉": 9, "열": 10, "열한": 11, "열두": 12,
              "스무": 20}  # fmt: skip
_SINO_DIGITS = "일이삼사오육칠팔구"
NUMBERS: dict[str, Fraction] = {
    **{word: Fraction(i) for i, word in enumerate(_EN_WORDS, 1)},
    **{word: Fraction(n) for word, n in _KO_NATIVE.items()},
    "a": Fraction(1), "an": Fraction(1), "thirty": Fraction(30), "forty": Fraction(40),
    "fifty": Fraction(50), "a dozen": Fraction(12), "half a": Fraction(1, 2),
    "half an": Fraction(1, 2), "반": Fraction(1, 2),
}  # fmt: skip
for _n in range(1, 100):  # Sino-Korean numerals: 일 … 구십구
    _tens, _ones = divmod(_n, 10)
    _word = ("" if _tens < 2 else _SINO_DIGITS[_tens - 1]) + ("십" if _tens else "")
    NUMBERS.setdefault(_word + (_SINO_DIGITS[_ones - 1] if _ones else ""), Fraction(_n))
# Counts that are not one number: (lowest, highest, approximate?).
VAGUE = {"a couple of": (2, 2, True), "a couple": (2, 2, True), "a few": (2, 4, False),
         "few": (2, 4, False), "several": (3, 7, False), "두어": (2, 2, True),
         "몇": (2, 4, False), "수": (2, 4, False), "여러": (3, 7, False),
         "한두": (1, 2, False), "두세": (2, 3, False), "서너": (3, 4, False),
         "이삼": (2, 3, False), "삼사": (3, 4, False), "며칠": (2, 4, False)}  # fmt: skip
_KO_DAY_WORDS = {"하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7,
                 "열흘": 10, "보름": 15}  # fmt: skip
UNITS = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade",
         "일": "day", "날": "day", "주": "week", "주일": "week", "개월": "month",
         "달": "month", "년": "year", "해": "year"}  # fmt: skip
# What a modifier does to a count: approximate it, or open ("more") or close ("less") it.
MODIFIERS = {"about": "approx", "around": "approx", "roughly": "approx", "some": "approx",
             "approximately": "approx", "almost": "approx", "nearly": "approx",
             "just over": "approx", "just under": "approx", "more than": "more",
             "over": "more", "at least": "more", "less than": "less", "under": "less",
             "within": "less", "넘게": "more", "넘어": "more", "이상": "more",
             "남짓": "approx", "가까이": "approx", "쯤": "approx", "정도": "approx",
             "가량": "approx", "약": "approx", "대략": "approx", "거의": "approx"}  # fmt: skip
_BACKWARD = {"ago", "before", "earlier", "previously", "전", "앞서"}
_CLOSING = {"within", "이내", "안에"}  # "within two years": from the anchor up to two years on
_PUNCTUATION = {"–": "-", "—": "-", "−": "-", "‐": "-", "〜": "~", "’": "'", "‘": "'"}


def _alt(words) -> str:
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


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
                f"{self.phrase!r} is relative: it needs an anchor date (the date it counts from)."
            )
        return self.anchor

    def year(self, text: str | None) -> int:
        if text:
            return int(text)
        if self.anchor is None:
            raise UnparsableDate(
                f"{self.phrase!r} has no year: write the year, or give an anchor date."
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
        raise UnparsableDate(f"Counting {amount} {unit}s from {day} leaves the calendar.") from None


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


# Parsing ------------------------------------------------------------------------------------

Reader = Callable[[re.Match, Context], Value]


@dataclass(frozen=True)
class Rule:
    language: str  # "en", "ko" or "any"
    pattern: re.Pattern
    read: Reader


def parse(text: str, anchor: dt.date | None = None, language: str = "auto") -> DateParse:
    """Read a date phrase as EDTF, or raise UnparsableDate saying why; it never guesses.

    ``anchor`` is the date relative phrases count from ("six months later"); ``language`` is
    "en", "ko" or "auto" (both).

    >>> parse("He was taken in early November 2012.").text
    'early November 2012'
    >>> parse("2010년경").edtf, parse("before 2005").edtf, parse("2005년 이후").edtf
    ('2010~', '../2004', '2005/..')
    >>> parse("a few months later", anchor=dt.date(2012, 6, 1)).edtf
    '2012-08/2012-10'
    >>> parse("March")
    Traceback (most recent call last):
    ...
    kirok.lib.dates.UnparsableDate: 'March' has no year: write the year, or give an anchor date.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    if not text or not text.strip():
        raise UnparsableDate("The text is empty: there is no date to read.")
    if len(text) > MAX_LENGTH:
        raise UnparsableDate(f"The text is longer than {MAX_LENGTH} characters: give one phrase.")
    as_edtf = _already_edtf(text)
    if as_edtf:
        return as_edtf
    normalized, origins = _normalize(text)
    chosen = _phrases(normalized, language)
    if not chosen:
        raise UnparsableDate(_why_not(text, language))
    spans = [_span(match) for match, _ in chosen]
    phrases = [text[origins[start] : origins[end - 1] + 1] for start, end in spans]
    if len(chosen) > 1:
        found = ", ".join(map(repr, phrases))
        raise UnparsableDate(f"{text.strip()!r} holds several dates ({found}): give one.")
    _refuse_leftover_numbers(text, phrases[0], origins[spans[0][0]], origins[spans[0][1] - 1] + 1)
    match, rule = chosen[0]
    return _result(rule.read(match, Context(anchor, phrases[0])).edtf, phrases[0])


def _already_edtf(text: str) -> DateParse | None:
    value = text.strip()
    if not re.fullmatch(r"[\dX~?%./\-\[\]{},]+", value) or not re.search(r"\d", value):
        return None
    try:
        return _result(value, value)
    except UnparsableDate:
        return None  # "2020/3/3" is not EDTF, but the rules below read it


def _result(edtf_text: str, original: str) -> DateParse:
    try:
        found = bounds(edtf_text)
    except InvalidDate as error:
        raise UnparsableDate(f"{original!r} reads as {edtf_text!r}: {error}") from None
    return DateParse(found.edtf, found.earliest, found.latest, text=original)


def _normalize(text: str) -> tuple[str, list[int]]:
    """NFKC (full-width digits), case-folded, one kind of dash; remembers each char's origin."""
    chars: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        for out in unicodedata.normalize("NFKC", char).casefold():
            chars.append(_PUNCTUATION.get(out, out))
            origins.append(index)
    return "".join(chars), origins


def _span(match: re.Match) -> tuple[int, int]:
    return match.span("phrase") if "phrase" in match.re.groupindex else match.span()


def _phrases(text: str, language: str) -> list[tuple[re.Match, Rule]]:
    """Every rule's matches, longest first, without those inside a longer one."""
    found = [
        (match, rule)
        for rule in RULES
        if language == "auto" or rule.language in (language, "any")
        for match in rule.pattern.finditer(text)
        if _span(match)[1] > _span(match)[0]
    ]
    found.sort(key=lambda f: (_span(f[0])[0] - _span(f[0])[1], _span(f[0])[0]))
    chosen: list[tuple[re.Match, Rule]] = []
    for match, rule in found:
        start, end = _span(match)
        if all(end <= _span(m)[0] or start >= _span(m)[1] for m, _ in chosen):
            chosen.append((match, rule))
    return sorted(chosen, key=lambda c: _span(c[0]))


def _refuse_leftover_numbers(text: str, phrase: str, start: int, end: int) -> None:
    # "March 32, 2020" would otherwise be read as 2020, silently dropping "March 32".
    leftover = re.findall(r"\w*\d\w*", text[:start] + " " + text[end:])
    if leftover:
        raise UnparsableDate(
            f"{text.strip()!r}: {phrase!r} is read as the date, but not {', '.join(leftover)}; "
            "remove it or write the date in full."
        )


def _why_not(text: str, language: str) -> str:
    shown = text.strip()
    if any(not 1800 <= int(y) <= 2199 for y in re.findall(r"(?<!\d)\d{4}(?!\d)", text)):
        return f"{shown!r}: only years from 1800 to 2199 are read."
    korean = bool(re.search(r"[가-힣]", text))
    if language == "en" and korean:
        return f"{shown!r} is Korean, but language='en' was asked for."
    if language == "ko" and not korean:
        return f"{shown!r} is not Korean, but language='ko' was asked for."
    return (
        f"No date found in {shown!r}: expected a phrase such as '3 March 2020', "
        "'early November 2012', '2012년 11월 초', 'around 2010' or 'six months later'."
    )


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
        raise UnparsableDate(f"{context.phrase!r}: {_ym(year, month)} has no day {day}.") from None


def _read_numeric_day(match: re.Match, context: Context) -> Value:
    first, second = int(match["a"]), int(match["b"])
    if first != second and first <= 12 and second <= 12:
        raise UnparsableDate(
            f"{context.phrase!r}: the day and the month could be either way round; "
            "write the month as a word, or use YYYY-MM-DD."
        )
    day, month = (first, second) if first > 12 or first == second else (second, first)
    if month > 12:
        raise UnparsableDate(f"{context.phrase!r} has no month between 1 and 12.")
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
    for rule in CORE_RULES:
        found = rule.pattern.fullmatch(text)
        if found:
            return rule.read(found, Context(context.anchor, text))
    raise UnparsableDate(f"{text!r} is not a date this parser reads.")  # pragma: no cover


def _read_between(match: re.Match, context: Context) -> Value:
    return Value(_wrapped(match, context).start, _wrapped(match, context, "b").last)


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


# Rule tables --------------------------------------------------------------------------------
# Order matters only inside composed patterns ("before <date>"): longer forms come first.

_Y = r"(?P<year>(?:1[89]|2[01])\d\d)"
_YK = rf"(?<!\d){_Y}"
_MON = rf"(?<![a-z])(?P<month>{_alt(MONTHS)})\.?(?![a-z])"
_MNUM = r"(?<!\d)(?P<month>1[0-2]|0?[1-9])"
_DNUM = r"(?P<day>3[01]|[12]\d|0?[1-9])(?!\d)"
_ORD = r"(?:st|nd|rd|th)?"
_SEASON_EN = _alt(w for w in SEASONS if w.isascii())
_SEASON_KO = "봄|여름|가을|겨울"
_WEEKDAY_EN = _alt(_EN_WEEKDAYS)
_WEEKDAY_KO = "[월화수목금토일]요일"
_PART_OF = r"(?:(?P<part>early|mid|late)[\s-]*|(?P<partof>beginning|start|middle|end{})\s+of\s+)"
_PART_MONTH_KO = "초순|상순|중순|하순|초|말(?!일)"
_PART_OF_MONTH = _PART_OF.format("")
_PART_OF_YEAR = _PART_OF.format(r"|first\s+half|second\s+half")


def _rule(language: str, pattern: str, read: Reader) -> Rule:
    return Rule(language, re.compile(pattern), read)


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _whole(pattern: str) -> str:
    """Only the whole text: "March" or "spring" inside a sentence is too likely another word."""
    return (
        r"^\W*(?:(?:sometime|some\s+time)\s+)?(?:(?:in|on|during)\s+)?(?:the\s+month\s+of\s+)?"
        rf"(?P<phrase>{pattern})(?:\s*(?:에는|에))?\W*$"
    )


CORE_RULES = [
    _rule("any", rf"(?<![\d.]){_Y}\s*[-/.]\s*{_MNUM}\s*[-/.]\s*{_DNUM}\.?", _read_day),
    _rule("any", rf"(?<![\d.])(?P<a>\d{{1,2}})\s*[/.]\s*(?P<b>\d{{1,2}})\s*[/.]\s*{_Y}(?!\d)",
          _read_numeric_day),
    _rule("any", rf"(?<![\d./]){_MNUM}\s*[/.]\s*{_Y}(?!\d|\s*[/.]\s*\d)", _read_month),
    _rule("en", rf"{_MON}\s*{_DNUM}{_ORD},?\s*{_Y}(?!\d)", _read_day),
    _rule("en", rf"(?<!\d){_DNUM}{_ORD}\s+(?:of\s+)?{_MON},?\s*{_Y}(?!\d)", _read_day),
    _rule("ko", rf"{_YK}\s*년\s*{_MNUM}\s*월\s*{_DNUM}\s*일", _read_day),
    _rule("ko", rf"(?<!\d)(?P<yy>\d\d)\s*년\s*{_MNUM}\s*월(?:\s*{_DNUM}\s*일)?", _read_day),
    _rule("en", rf"(?<![a-z])(?:the\s+)?{_PART_OF_MONTH}{_MON}(?:,?\s*(?:of\s+)?{_Y}(?!\d))?",
          _read_month_part),
    _rule("ko", rf"(?:{_YK}\s*년\s*)?{_MNUM}\s*월\s*(?P<part>{_PART_MONTH_KO})", _read_month_part),
    _rule("en", r"(?<![a-z])(?:the\s+)?(?P<part>early|mid|late)[\s-]*(?:the\s+)?"
          r"(?P<decade>(?:1[89]|2[01])\d)0'?s(?![a-z])", _read_decade),
    _rule("ko", r"(?<!\d)(?P<decade>(?:1[89]|2[01])\d)0\s*년대"
          r"(?:\s*(?P<part>초반|중반|후반|초엽|말엽|초|말))?", _read_decade),
    _rule("en", r"(?<![\w'])(?:the\s+)?(?:(?P<decade>(?:1[89]|2[01])\d)0|'(?P<dd>\d)0)'?s(?![a-z])",
          _read_decade),
    _rule("en", rf"(?<![a-z])(?:the\s+)?{_PART_OF_YEAR}"
          rf"(?:the\s+year\s+)?{_Y}(?!\d|'?s(?![a-z]))", _read_year_part),
    _rule("ko", rf"{_YK}\s*년\s*(?:도\s*)?(?P<part>초반|중반|후반|상반기|하반기|초|말(?!일))",
          _read_year_part),
    _rule("en", rf"(?<![a-z])(?:the\s+)?(?P<season>{_SEASON_EN})\s+(?:of\s+)?{_Y}(?!\d)",
          _read_season),
    _rule("en", rf"(?<!\d){_Y}\s+(?P<season>{_SEASON_EN})(?![a-z])", _read_season),
    _rule("ko", rf"{_YK}\s*년\s*(?:도\s*)?(?P<season>{_SEASON_KO})", _read_season),
    _rule("en", rf"{_MON},?\s*(?:of\s+)?{_Y}(?!\d)", _read_month),
    _rule("ko", rf"{_YK}\s*년\s*{_MNUM}\s*월", _read_month),
    _rule("any", rf"(?<![\d.]){_Y}\s*[-/.]\s*{_MNUM}(?!\d|\s*[-/.]\s*\d)\.?", _read_month),
    _rule("ko", rf"{_YK}\s*년(?:\s*도)?(?!\s*대)", _read_year),
    _rule("en", r"(?<![\w'])'(?P<yy>\d\d)(?!\d|'?s)", _read_year),
    _rule("any", rf"(?<!\w){_Y}(?!\d|'?s(?![a-z])|\s*년)", _read_year),
    _rule("ko", rf"{_MNUM}\s*월\s*{_DNUM}\s*일", _read_day),
    _rule("ko", rf"{_MNUM}\s*월", _read_month),
]  # fmt: skip
_CORE = "(?:" + "|".join(f"(?:{_unnamed(r.pattern.pattern)})" for r in CORE_RULES) + ")"

_WHOLE_RULES = [
    _rule("en", _whole(rf"{_MON}\s*{_DNUM}{_ORD}"), _read_day),
    _rule("en", _whole(rf"{_DNUM}{_ORD}\s+(?:of\s+)?{_MON}"), _read_day),
    _rule("en", _whole(_MON), _read_month),
    _rule("any", _whole(rf"(?:the\s+)?(?P<season>{_SEASON_EN}|{_SEASON_KO})"), _read_season),
]

_A, _B = f"(?P<a>{_CORE})", f"(?P<b>{_CORE})"
_WRAPPER_RULES = [
    _rule("en", rf"(?<![a-z])(?:between|from)\s+{_A}\s*(?:and|to|until|till|through|-)\s*{_B}",
          _read_between),
    _rule("any", rf"{_A}\s*(?:-|~|\bto\b|\buntil\b|\btill\b|\bthrough\b)\s*{_B}", _read_between),
    _rule("ko", rf"{_A}\s*(?:부터|에서)\s*{_B}\s*(?:까지|사이)?", _read_between),
    _rule("ko", rf"{_A}\s*(?:과|와)\s*{_B}\s*사이", _read_between),
    _rule("en", rf"(?<![a-z])(?:before|prior\s+to|earlier\s+than)\s+{_A}",
          _open_ended(True, False)),
    _rule("en", r"(?<![a-z])(?:by|until|till|up\s+to|no\s+later\s+than|not\s+after|"
          rf"on\s+or\s+before)\s+{_A}", _open_ended(True, True)),
    _rule("ko", rf"{_A}\s*(?:이전|까지)", _open_ended(True, True)),
    _rule("ko", rf"{_A}\s*전(?!후)", _open_ended(True, False)),
    _rule("en", rf"(?<![a-z])(?:after|later\s+than)\s+{_A}", _open_ended(False, False)),
    _rule("en", r"(?<![a-z])(?:since|from|starting(?:\s+(?:in|from))?|as\s+of|"
          rf"no\s+earlier\s+than|not\s+before|on\s+or\s+after)\s+{_A}", _open_ended(False, True)),
    _rule("ko", rf"{_A}\s*(?:이후|부터)", _open_ended(False, True)),
    _rule("ko", rf"{_A}\s*(?:후|뒤)(?!반)", _open_ended(False, False)),
    _rule("en", r"(?<![a-z])(?:(?:some\s*time\s+)?around|about|circa|approximately|approx\.?|"
          rf"roughly|ca?\.)\s*{_A}", _marked("~")),
    _rule("ko", rf"(?:(?:약|대략)\s*)?{_A}\s*(?:경|무렵|쯤|께|즈음|전후|가량)", _marked("~")),
    _rule("ko", rf"(?:약|대략)\s*{_A}", _marked("~")),
    _rule("any", rf"{_A}\s*\?", _marked("?")),
    _rule("en", r"(?<![a-z])(?:probably|possibly|perhaps|maybe|presumably|likely)\s+"
          rf"(?:in\s+|on\s+)?{_A}", _marked("?")),
    _rule("ko", rf"(?:아마도?|추정컨대)\s*{_A}", _marked("?")),
    _rule("ko", rf"{_A}\s*(?:으로|로)?\s*추정", _marked("?")),
]  # fmt: skip

_EN_WORD_COUNT = _alt(w for w in NUMBERS if w.isascii())
_EN_AMOUNT = (
    rf"(?:(?P<mod>{_alt(w for w in MODIFIERS if w.isascii())})\s+)?(?P<count>\d{{1,3}}(?:\.\d+)?"
    rf"(?:\s*(?:-|to|or)\s*\d{{1,3}})?|{_alt(w for w in VAGUE if w.isascii())}|"
    rf"(?:{_EN_WORD_COUNT})(?:\s*(?:-|to|or)\s*(?:{_EN_WORD_COUNT}))?)"
    r"(?P<plus>\+|-?\s?odd(?![a-z])|-?plus(?![a-z]))?[\s-]*"
    r"(?P<unit>day|week|month|year|decade)s?(?P<half>\s+and\s+a\s+half)?(?:'s|s')?"
)
_KO_WORD_COUNT = _alt(w for w in {**VAGUE, **NUMBERS} if not w.isascii())
_KO_AMOUNT = (
    rf"(?:(?P<pre>약|대략|거의)\s*)?(?:(?P<dayword>{_alt(_KO_DAY_WORDS)})|(?<!\d)(?P<count>"
    rf"\d{{1,3}}(?:\.\d+)?(?:\s*[~\-]\s*\d{{1,3}})?|{_KO_WORD_COUNT})"
    r"\s*(?P<odd>여)?\s*(?P<unit>개월|주일|달|주|일|날|년|해))\s*(?P<half>반)?"
    r"\s*(?:이|가|을|를)?\s*(?P<mod>넘게|넘어|이상|남짓|가까이|쯤|정도|가량)?\s*(?:이|가)?\s*"
)
_KO_DIRECTION = (
    r"지난\s*(?:후|뒤)|흐른\s*(?:후|뒤)|지나서|지나고|흘러서?|만에|이내|안에|후|뒤|전|앞서"
)
_SHIFT_RULES = [
    _rule("en", rf"(?<![a-z\d]){_EN_AMOUNT}\s+"
          r"(?P<dir>later|after(?:wards?)?|on|ago|before|earlier|previously)(?![a-z])",
          _read_shift),
    _rule("en", rf"(?<![a-z])(?P<dir>after|within|in)\s+{_EN_AMOUNT}(?![a-z])", _read_shift),
    _rule("ko", rf"{_KO_AMOUNT}(?P<dir>{_KO_DIRECTION})(?![반후])", _read_shift),
]  # fmt: skip

# "the next year", "the previous month", "that day" …, and their Korean forms.
_STEPS = {"year": _years_on, "month": _months_on, "day": _days_on, "week": _week_on}
_NEIGHBOUR_RULES = [
    rule
    for unit, step in _STEPS.items()
    for rule in (
        _rule("en", rf"(?:the\s+)?(?:next|following|subsequent)\s+{unit}|the\s+{unit}\s+after",
              step(1)),
        _rule("en", rf"(?:the\s+)?(?:previous|preceding|prior)\s+{unit}|the\s+{unit}\s+before",
              step(-1)),
        _rule("en", rf"(?:that|the\s+same)\s+{unit}", step(0)),
    )
]  # fmt: skip
_W_KO = r"(?:\s*(?P<weekday>[월화수목금토일]요일))?"
_NEXT_YEAR_KO, _SAME_YEAR_KO = r"(?:그\s*)?(?:이듬\s*해|다음\s*해)", r"(?:그\s*해|같은\s*해|올해)"
_NAMED_RULES = [
    _rule("en", r"last\s+year", _years_on(-1)),
    _rule("en", r"this\s+year", _years_on(0)),
    _rule("en", r"last\s+month", _months_on(-1)),
    _rule("en", r"this\s+month", _months_on(0)),
    _rule("en", r"last\s+week", _week_on(-1)),
    _rule("en", r"(?:the\s+)?next\s+morning|tomorrow", _days_on(1)),
    _rule("en", r"yesterday", _days_on(-1)),
    _rule("en", r"today", _days_on(0)),
    _rule("en", rf"(?:the\s+)?(?:next|following|subsequent)\s+(?P<season>{_SEASON_EN})",
          _season_step(1)),
    _rule("en", rf"(?:the\s+)?(?:previous|preceding|prior|last)\s+(?P<season>{_SEASON_EN})",
          _season_step(-1)),
    _rule("en", rf"(?:that|the\s+same|this)\s+(?P<season>{_SEASON_EN})", _season_of_year(0)),
    _rule("en", rf"(?:the\s+)?(?:next|following)\s+{_MON}", _relative(_next_month_named)),
    _rule("en", rf"(?:the\s+)?(?:next|following|coming)\s+(?P<weekday>{_alt(_EN_WEEKDAYS)})",
          _weekday_step(1)),
    _rule("en", rf"(?:the\s+)?(?:last|previous|preceding)\s+(?P<weekday>{_alt(_EN_WEEKDAYS)})",
          _weekday_step(-1)),
    _rule("ko", rf"{_NEXT_YEAR_KO}|(?:그\s*)?(?:다음\s*연도|익년)|내년", _years_on(1)),
    _rule("ko", r"(?:그\s*)?(?:전\s*해|전년|지난\s*해)|작년", _years_on(-1)),
    _rule("ko", rf"{_SAME_YEAR_KO}|당해|금년", _years_on(0)),
    _rule("ko", r"(?:그\s*)?다음\s*달|이듬\s*달|익월", _months_on(1)),
    _rule("ko", r"(?:그\s*)?(?:전\s*달|지난\s*달)", _months_on(-1)),
    _rule("ko", r"그\s*달|같은\s*달|당월", _months_on(0)),
    _rule("ko", r"(?:그\s*)?다음\s*날|이튿날|익일|내일", _days_on(1)),
    _rule("ko", r"(?:그\s*)?전날|어제", _days_on(-1)),
    _rule("ko", r"그\s*날|같은\s*날|당일|오늘", _days_on(0)),
    _rule("ko", rf"(?:그\s*)?다음\s*주{_W_KO}", _week_on(1)),
    _rule("ko", rf"지난\s*주{_W_KO}", _week_on(-1)),
    _rule("ko", rf"이번\s*주{_W_KO}", _week_on(0)),
    _rule("ko", rf"{_NEXT_YEAR_KO}\s*(?P<season>{_SEASON_KO})", _season_of_year(1)),
    _rule("ko", rf"{_SAME_YEAR_KO}\s*(?P<season>{_SEASON_KO})", _season_of_year(0)),
    _rule("ko", rf"(?:그\s*)?(?:전\s*해|작년|지난\s*해)\s*(?P<season>{_SEASON_KO})",
          _season_of_year(-1)),
    _rule("ko", rf"다음\s*(?P<season>{_SEASON_KO})", _season_step(1)),
    _rule("ko", rf"지난\s*(?P<season>{_SEASON_KO})", _season_step(-1)),
    _rule("ko", rf"{_NEXT_YEAR_KO}\s*{_MNUM}\s*월(?:\s*{_DNUM}\s*일)?", _month_of_year(1)),
    _rule("ko", rf"{_SAME_YEAR_KO}\s*{_MNUM}\s*월(?:\s*{_DNUM}\s*일)?", _month_of_year(0)),
]  # fmt: skip

RULES = CORE_RULES + _WHOLE_RULES + _WRAPPER_RULES + _SHIFT_RULES + _NEIGHBOUR_RULES + _NAMED_RULES
