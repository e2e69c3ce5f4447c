"""The rule tables: one regular expression per way of writing a date, and its reader."""

from __future__ import annotations

import re
from dataclasses import dataclass

from kirok.lib.date_phrases.readers import (
    _days_on,
    _marked,
    _month_of_year,
    _months_on,
    _next_month_named,
    _open_ended,
    _read_between,
    _read_day,
    _read_decade,
    _read_month,
    _read_month_part,
    _read_numeric_day,
    _read_season,
    _read_shift,
    _read_year,
    _read_year_part,
    _relative,
    _season_of_year,
    _season_step,
    _week_on,
    _weekday_step,
    _years_on,
)
from kirok.lib.date_phrases.values import Reader
from kirok.lib.date_phrases.words import (
    _EN_WEEKDAYS,
    _KO_DAY_WORDS,
    MODIFIERS,
    MONTHS,
    NUMBERS,
    SEASONS,
    VAGUE,
    _alt,
)


@dataclass(frozen=True)
class Rule:
    language: str  # "en", "ko" or "any"
    pattern: re.Pattern
    read: Reader


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

# A month, or a day of it, with no year: the start of a range that gives its year at the end
# ("12 March to 5 April 2019", "March to May 2019"), read in the end's year (_read_between).
YEARLESS_RULES = [
    _rule("en", rf"{_MON}\s*{_DNUM}{_ORD}", _read_day),
    _rule("en", rf"{_DNUM}{_ORD}\s+(?:of\s+)?{_MON}", _read_day),
    _rule("en", _MON, _read_month),
]
_YEARLESS = "(?:" + "|".join(f"(?:{_unnamed(r.pattern.pattern)})" for r in YEARLESS_RULES) + ")"
_A, _B = f"(?P<a>{_CORE})", f"(?P<b>{_CORE})"
_WRAPPER_RULES = [
    _rule("en", rf"(?<![a-z])(?:between|from)\s+{_A}\s*(?:and|to|until|till|through|-)\s*{_B}",
          _read_between),
    _rule("en", rf"(?<![a-z\d])(?:(?:between|from)\s+)?(?P<a>{_YEARLESS})\s*"
          rf"(?:and|to|until|till|through|-)\s*{_B}", _read_between),
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
    _rule("ko", r"(?:그\s*)?(?:전\s*해|전년|지난\s*해)|(?<!재)작년", _years_on(-1)),
    _rule("ko", r"재작년|지지난\s*해", _years_on(-2)),  # the year before last
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
    _rule("ko", rf"(?:그\s*)?(?:전\s*해|(?<!재)작년|지난\s*해)\s*(?P<season>{_SEASON_KO})",
          _season_of_year(-1)),
    _rule("ko", rf"(?:재작년|지지난\s*해)\s*(?P<season>{_SEASON_KO})", _season_of_year(-2)),
    _rule("ko", rf"다음\s*(?P<season>{_SEASON_KO})", _season_step(1)),
    _rule("ko", rf"지난\s*(?P<season>{_SEASON_KO})", _season_step(-1)),
    _rule("ko", rf"{_NEXT_YEAR_KO}\s*{_MNUM}\s*월(?:\s*{_DNUM}\s*일)?", _month_of_year(1)),
    _rule("ko", rf"{_SAME_YEAR_KO}\s*{_MNUM}\s*월(?:\s*{_DNUM}\s*일)?", _month_of_year(0)),
]  # fmt: skip

RULES = CORE_RULES + _WHOLE_RULES + _WRAPPER_RULES + _SHIFT_RULES + _NEIGHBOUR_RULES + _NAMED_RULES
