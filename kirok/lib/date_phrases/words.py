"""The words of date phrases: months, seasons, parts, numbers, units and modifiers."""

from __future__ import annotations

import re
from fractions import Fraction

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
