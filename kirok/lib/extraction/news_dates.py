"""Date phrases of news reports that kirok.lib.dates reads only alone, or not at all.

The dates library finds "12 March 2016" or 작년 겨울 inside a sentence, but reads a month or
weekday without a year ("May 28", "on Monday") only when it is the whole text, because
inside a sentence such words are too often something else. In a dated news report they are
dates, counted back from the publication day. This module finds them, and the reporter's
relative phrases ("earlier this month", 이달 초, 지난달 중순, "since the spring", and
Chinese 今年3月, 去年底, 上个月中旬), and returns EDTF values the dates library validates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

from kirok.lib import dates
from kirok.lib.date_phrases.documents import chinese_number

_MONTHS = [m.lower() for m in calendar.month_name[1:]]
_WEEKDAYS = [d.lower() for d in calendar.day_name]
_SEASONS_EN = {"spring": 21, "summer": 22, "autumn": 23, "fall": 23, "winter": 24}
_SEASONS_KO = {"봄": 21, "여름": 22, "가을": 23, "겨울": 24}
_SEASON_START = {21: 3, 22: 6, 23: 9, 24: 12}
_THIRDS_KO = {"초": 0, "초순": 0, "상순": 0, "중순": 1, "하순": 2, "말": 2}
_THIRDS_EN = {"early": 0, "beginning": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}

_MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH_WORDS = "|".join([*_MONTHS, *(rf"{a}\." for a in _MONTH_ABBREVIATIONS)])
_MONTH_NO_YEAR = re.compile(
    rf"\b(?:(?P<part>early|mid|late)[\s-]+)?(?P<month>{_MONTH_WORDS})"
    r"(?:\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b)?(?!,?\s+\d{4})(?!\s+of\s+\d{4})",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(rf"\b(?:on|last)\s+(?P<day>{'|'.join(_WEEKDAYS)})\b", re.IGNORECASE)
_THIS_MONTH_EN = re.compile(
    r"\b(?P<which>earlier|later|early|late)? ?this (?P<unit>month|year)\b", re.I
)
_SINCE_SEASON_EN = re.compile(
    rf"\bsince (?:the |last )?(?P<season>{'|'.join(_SEASONS_EN)})\b", re.I
)
_MONTH_PART_KO = re.compile(
    r"(?P<which>이달|이번 달|지난달|지난 달)\s?(?P<part>초순|상순|중순|하순|초|말)?"
    r"(?P<since>\s?부터|\s?들어)?"
)
_YEAR_PART_KO = re.compile(
    r"(?<![가-힣])(?P<which>올해|금년|지난해|작년|재작년)(?:\s?(?P<month>\d{1,2})월)?"
    r"(?:\s?(?P<part>초순|중순|하순|상반기|하반기|초|중반|말)(?![가-힣]))?"
)
_YEAR_PART_EN = re.compile(
    r"\b(?P<part>early|late|the end of|the beginning of|the start of)\s+"
    r"(?P<which>last|this) year\b",
    re.IGNORECASE,
)
_YEAR_THIRDS = {
    "초": (1, 4),
    "중반": (5, 8),
    "말": (9, 12),
    "상반기": (1, 6),
    "하반기": (7, 12),
    "early": (1, 4),
    "the beginning of": (1, 4),
    "the start of": (1, 4),
    "late": (9, 12),
    "the end of": (9, 12),
}
# Chinese news counts from the day it is published as Korean news does: 今年3月 (올해 3월),
# 去年底 (작년 말), 前年 (재작년), 上个月中旬 (지난달 중순), 本月初 (이달 초), 去年冬天.
_YEARS_BACK_ZH = {"今年": 0, "本年": 0, "去年": 1, "上年": 1, "前年": 2}
_PARTS_ZH = {"初": "초", "上旬": "초순", "中旬": "중순", "下旬": "하순", "底": "말", "末": "말",
             "上半年": "상반기", "下半年": "하반기"}  # fmt: skip
_SEASONS_ZH = {"春": 21, "夏": 22, "秋": 23, "冬": 24}
_YEAR_PART_ZH = re.compile(
    rf"(?P<which>{'|'.join(_YEARS_BACK_ZH)})"
    r"(?:(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月份?)?"
    r"(?P<part>上半年|下半年|上旬|中旬|下旬|初|底|末)?"
    r"(?:(?P<season>[春夏秋冬])(?:季|天))?"
)
_MONTH_PART_ZH = re.compile(
    r"(?P<which>本月|这个月|這個月|上个月|上個月|上月)(?P<part>上旬|中旬|下旬|初|底|末)?"
)
_DAY_KO = re.compile(r"지난 (?P<day>\d{1,2})일")
_SINCE_KO = re.compile(
    r"(?P<which>지난해|작년|올해|지난)?\s?(?P<what>\d{1,2}월|봄|여름|가을|겨울)\s?부터"
)


def find(text: str, published: dt.date | None) -> Iterator[tuple[int, int, str]]:
    """(start, end, EDTF) for each phrase found; nothing without a publication date."""
    if published is None:
        return
    readers = (
        (_MONTH_NO_YEAR, _month_no_year),
        (_WEEKDAY, _weekday),
        (_THIS_MONTH_EN, _this_period),
        (_SINCE_SEASON_EN, _since_season_en),
        (_MONTH_PART_KO, _month_part_ko),
        (_DAY_KO, _day_ko),
        (_YEAR_PART_KO, _year_part_ko),
        (_YEAR_PART_EN, _year_part_en),
        (_SINCE_KO, _since_ko),
        (_YEAR_PART_ZH, _year_part_zh),
        (_MONTH_PART_ZH, _month_part_zh),
    )
    for pattern, read in readers:
        for match in pattern.finditer(text):
            value = read(match, published)
            if value and _valid(value):
                yield match.start(), match.end(), value


def _valid(value: str) -> bool:
    try:
        dates.bounds(value)
    except dates.InvalidDate:
        return False
    return True


def _past_year(month: int, day: int, published: dt.date) -> int:
    """The year that puts month/day on or before publication."""
    return (
        published.year if (month, day) <= (published.month, published.day) else published.year - 1
    )


def _month_no_year(match: re.Match, published: dt.date) -> str | None:
    if match["month"][0].islower():
        return None  # "may" the verb, "march" the walk
    word = match["month"].lower().rstrip(".")
    month = _MONTHS.index(word) + 1 if word in _MONTHS else _MONTH_ABBREVIATIONS[word]
    if match["day"]:
        day = int(match["day"])
        if day > calendar.monthrange(published.year, month)[1]:
            return None
        return f"{_past_year(month, day, published):04d}-{month:02d}-{day:02d}"
    year = _past_year(month, 1, published)
    if match["part"]:
        return _third(year, month, _THIRDS_EN[match["part"].lower()])
    return f"{year:04d}-{month:02d}"


def _weekday(match: re.Match, published: dt.date) -> str:
    wanted = _WEEKDAYS.index(match["day"].lower())
    back = (published.weekday() - wanted) % 7 or (
        7 if match.group().lower().startswith("last") else 0
    )
    return (published - dt.timedelta(days=back)).isoformat()


def _this_period(match: re.Match, published: dt.date) -> str:
    start = (
        published.replace(day=1)
        if match["unit"].lower() == "month"
        else published.replace(month=1, day=1)
    )
    if (match["which"] or "").lower() in ("later", "late"):
        return start.isoformat()[:7] if match["unit"].lower() == "month" else str(published.year)
    return f"{start.isoformat()}/{published.isoformat()}"


def _since_season_en(match: re.Match, published: dt.date) -> str:
    return _since_season(_SEASONS_EN[match["season"].lower()], published, None)


def _since_season(code: int, published: dt.date, year: int | None) -> str:
    if year is None:
        year = published.year if _SEASON_START[code] <= published.month else published.year - 1
    return f"{year:04d}-{code}/{published.isoformat()}"


def _month_part_ko(match: re.Match, published: dt.date) -> str:
    last_month = match["which"].startswith("지난")
    if match["since"]:
        start = _third_start(_first_of(published, last_month), match["part"])
        return f"{start.isoformat()}/{published.isoformat()}"
    return _month_part(published, last_month, match["part"])


def _first_of(published: dt.date, last_month: bool) -> dt.date:
    first = published.replace(day=1)
    return (first - dt.timedelta(days=1)).replace(day=1) if last_month else first


def _month_part(published: dt.date, last_month: bool, part: str | None) -> str:
    """This month or last, or a third of it (초, 중순 …); this month runs to publication."""
    first = _first_of(published, last_month)
    if part:
        return _third(first.year, first.month, _THIRDS_KO[part])
    if first.month == published.month:
        return f"{first.isoformat()}/{published.isoformat()}"
    return first.isoformat()[:7]


def _third_start(first: dt.date, part: str | None) -> dt.date:
    return first.replace(day=(1, 11, 21)[_THIRDS_KO[part]] if part else 1)


def _third(year: int, month: int, third: int) -> str:
    last = calendar.monthrange(year, month)[1]
    low, high = ((1, 10), (11, 20), (21, last))[third]
    return f"{year:04d}-{month:02d}-{low:02d}/{year:04d}-{month:02d}-{high:02d}"


def _day_ko(match: re.Match, published: dt.date) -> str | None:
    day = int(match["day"])
    month_start = published.replace(day=1)
    if day > published.day:
        month_start = (month_start - dt.timedelta(days=1)).replace(day=1)
    if day > calendar.monthrange(month_start.year, month_start.month)[1]:
        return None
    return month_start.replace(day=day).isoformat()


def _since_ko(match: re.Match, published: dt.date) -> str | None:
    which, what = match["which"] or "", match["what"]
    if what.endswith("월"):
        month = int(what[:-1])
        if not 1 <= month <= 12:
            return None
        year = _past_year(month, 1, published)
        return f"{year:04d}-{month:02d}/{published.isoformat()}"
    year = published.year - 1 if which in ("지난해", "작년") else None
    if year is None and which == "올해":
        year = published.year
    return _since_season(_SEASONS_KO[what], published, year)


_YEARS_BACK_KO = {"올해": 0, "금년": 0, "지난해": 1, "작년": 1, "재작년": 2}


def _year_part_ko(match: re.Match, published: dt.date) -> str | None:
    year = published.year - _YEARS_BACK_KO[match["which"]]
    month = int(match["month"]) if match["month"] else None
    return _in_year(year, month, match["part"])  # the year alone: the dates library reads it


def _in_year(year: int, month: int | None, part: str | None) -> str | None:
    """A month, a third of it (초순 …) or a part of the year (초, 상반기 …) in ``year``; None
    when the words give neither a month nor a part."""
    if month is not None:
        if not 1 <= month <= 12:
            return None
        if part in _THIRDS_KO:
            return _third(year, month, _THIRDS_KO[part])
        return f"{year:04d}-{month:02d}"
    if part in _YEAR_THIRDS:
        first, last = _YEAR_THIRDS[part]
        return f"{year:04d}-{first:02d}/{year:04d}-{last:02d}"
    return None


def _year_part_en(match: re.Match, published: dt.date) -> str:
    year = published.year - 1 if match["which"].lower() == "last" else published.year
    first, last = _YEAR_THIRDS[match["part"].lower()]
    return f"{year:04d}-{first:02d}/{year:04d}-{last:02d}"


def _year_part_zh(match: re.Match, published: dt.date) -> str | None:
    """As _year_part_ko, with a season (去年冬天), and the year alone (今年), which the dates
    library does not read in Chinese."""
    year = published.year - _YEARS_BACK_ZH[match["which"]]
    if match["season"]:
        return f"{year:04d}-{_SEASONS_ZH[match['season']]}"
    month = chinese_number(match["month"]) if match["month"] else None
    if month is None and not match["part"]:
        return str(year)
    return _in_year(year, month, _PARTS_ZH.get(match["part"] or ""))


def _month_part_zh(match: re.Match, published: dt.date) -> str:
    """As _month_part_ko: 本月初, 上个月中旬."""
    return _month_part(
        published, match["which"].startswith("上"), _PARTS_ZH.get(match["part"] or "")
    )
