"""Dates as North Korean and Chinese documents write them, rewritten into the Korean phrases
the rules read (before any rule runs, keeping each character's place in the original text).

- **The Juche calendar.** North Korean documents count years from 1912, Kim Il Sung's birth:
  a verdict or a notice is dated "주체108(2019)년 3월 12일" or "주체108년", often with no
  Gregorian year at all. Juche N is the year N + 1911. Where both are written and disagree,
  nothing is rewritten and :func:`juche_mismatch` says so: one of them was copied wrongly.
- **Chinese dates.** A Chinese detention notice or court paper writes "2019年3月12日",
  "二〇一九年三月十五日", "2019年3月上旬", "2019年底", "2019年春" or "2010年左右". These are
  the Korean forms in characters (년, 월, 일; 상순, 하순; 말; 봄; 경), so each is rewritten
  into its Korean form, and only next to a number or a date: 日 in 日本 stays as it is.

Pure Python (no Django).

>>> rewritten("주체108(2019)년 3월 12일")
'2019년 3월 12일'
>>> rewritten("二〇一九年三月十五日"), rewritten("2019年3月上旬"), rewritten("2010年左右")
('2019년3월15일', '2019년3월상순', '2010년경')
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kirok.lib.dates import UnparsableDate

JUCHE_OFFSET = 1911  # Juche 1 is 1912

# Chinese numerals: a year written digit by digit (二〇一九), a month or day with 十 (十二, 二十五).
_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
           "八": 8, "九": 9}  # fmt: skip
_NUMERAL = "[〇零一二三四五六七八九十]"
_DATE_AFTER = r"(?<=[\d년월일])"  # a date, already rewritten, ends just before

_REWRITABLE = re.compile(r"주체|juche|[年月日号號]")
_JUCHE = re.compile(r"(?:주체|juche)\s*(?P<juche>\d{1,3})(?:\s*\(\s*(?P<year>\d{4})\s*\))?")
_CHINESE_NUMBER = re.compile(rf"{_NUMERAL}+(?=[年月日号])")
# Chinese date words and their Korean forms, in the order they are rewritten.
_CHINESE_WORDS: tuple[tuple[re.Pattern, str], ...] = tuple(
    (re.compile(pattern), korean)
    for pattern, korean in (
        (r"(?<=\d)年代", "년대"),
        (r"(?<=\d)年度?", "년"),
        (r"(?<=\d)月份?", "월"),
        (r"(?<=\d)[日号號]", "일"),
        (r"(?<=월)\s*上旬", "상순"),
        (r"(?<=월)\s*中旬", "중순"),
        (r"(?<=월)\s*下旬", "하순"),
        (r"(?<=[년월대])\s*初", "초"),
        (r"(?<=[년월대])\s*(?:底|末)", "말"),
        (r"(?<=년)\s*上半年", "상반기"),
        (r"(?<=년)\s*下半年", "하반기"),
        (r"(?<=년)\s*春(?:季|天)?", "봄"),
        (r"(?<=년)\s*夏(?:季|天)?", "여름"),
        (r"(?<=년)\s*秋(?:季|天)?", "가을"),
        (r"(?<=년)\s*冬(?:季|天)?", "겨울"),
        (rf"{_DATE_AFTER}\s*(?:左右|前后|前後)", "경"),
        (r"(?:大约|大約|约|約)(?=\s*\d)", "약"),
        (rf"{_DATE_AFTER}\s*(?:以前|之前)", "이전"),
        (rf"{_DATE_AFTER}\s*(?:以后|以後|之后|之後)", "이후"),
        (rf"{_DATE_AFTER}\s*(?:至|到)(?=\s*\d)", "~"),
    )
)


def rewrite(chars: str, origins: list[int]) -> tuple[str, list[int]]:
    """``chars`` (normalised text, see parsing._normalize) with Juche years and Chinese date
    forms rewritten, and the place in the original text of each character given."""
    if not _REWRITABLE.search(chars):
        return chars, origins  # most texts: one scan instead of one per form
    chars, origins = _replace(chars, origins, _JUCHE, _gregorian_year)
    chars, origins = _replace(chars, origins, _CHINESE_NUMBER, _arabic)
    for pattern, korean in _CHINESE_WORDS:
        chars, origins = _replace(chars, origins, pattern, lambda _match, k=korean: k)
    return chars, origins


def rewritten(text: str) -> str:
    """The text as the rules read it (for the examples and tests)."""
    return rewrite(text, list(range(len(text))))[0]


def juche_mismatch(text: str) -> UnparsableDate | None:
    """Why a Juche year and the Gregorian year beside it cannot both be right, if they
    disagree: "주체108(2018)년" (Juche 108 is 2019)."""
    for match in _JUCHE.finditer(text.casefold()):
        juche, year = int(match["juche"]), match["year"]
        if year and int(year) != juche + JUCHE_OFFSET:
            return UnparsableDate(
                "juche_mismatch",
                "%(text)r: Juche %(juche)s is %(gregorian)s, not %(year)s; "
                "check which year the document gives.",
                text=match.group(),
                juche=juche,
                gregorian=juche + JUCHE_OFFSET,
                year=year,
            )
    return None


def _gregorian_year(match: re.Match) -> str | None:
    juche, year = int(match["juche"]), match["year"]
    if juche < 1 or (year and int(year) != juche + JUCHE_OFFSET):
        return None  # left as written: parse() refuses it (juche_mismatch)
    return str(juche + JUCHE_OFFSET)


def _arabic(match: re.Match) -> str | None:
    number = chinese_number(match.group())
    return None if number is None else str(number)


# A number written with 十 and 百 (二十五, 一百零五); digits alone are read one by one.
_POSITIONAL = re.compile(
    r"(?:(?P<hundreds>[一二两兩三四五六七八九])百零?)?"
    r"(?:(?P<tens>[一二两兩三四五六七八九])?(?P<ten>十))?(?P<ones>[一二两兩三四五六七八九])?"
)
_COUNTING_DIGITS = {**_DIGITS, "两": 2, "兩": 2}


def chinese_number(word: str) -> int | None:
    """A number in Arabic digits or Chinese numerals; None for a form that is neither.

    Digits alone are read one by one, as a year is written; 十 and 百 give the places.

    >>> [chinese_number(w) for w in ("二〇一九", "十二", "二十五", "十", "两", "一百零五", "2019")]
    [2019, 12, 25, 10, 2, 105, 2019]
    >>> chinese_number("二十十"), chinese_number("百")
    (None, None)
    """
    if word.isascii() and word.isdigit():
        return int(word)
    if word and all(char in _COUNTING_DIGITS for char in word):
        return int("".join(str(_COUNTING_DIGITS[char]) for char in word))
    found = _POSITIONAL.fullmatch(word)
    if not word or found is None or not (found["hundreds"] or found["ten"]):
        return None
    hundreds = _COUNTING_DIGITS[found["hundreds"]] if found["hundreds"] else 0
    tens = (_COUNTING_DIGITS[found["tens"]] if found["tens"] else 1) if found["ten"] else 0
    ones = _COUNTING_DIGITS[found["ones"]] if found["ones"] else 0
    return 100 * hundreds + 10 * tens + ones


def _replace(
    chars: str,
    origins: list[int],
    pattern: re.Pattern,
    replacement: Callable[[re.Match], str | None],
) -> tuple[str, list[int]]:
    """Each match of ``pattern`` replaced; the new characters take the matched characters'
    places (the last one the last place, so that a phrase ending there ends where the
    original did)."""
    matches = list(pattern.finditer(chars))
    if not matches:
        return chars, origins
    out, places, position = [], [], 0
    for match in matches:
        new = replacement(match)
        if new is None:
            continue
        start, end = match.span()
        out.append(chars[position:start])
        places += origins[position:start]
        out.append(new)
        places += ([origins[start]] * (len(new) - 1) + [origins[end - 1]]) if new else []
        position = end
    out.append(chars[position:])
    places += origins[position:]
    return "".join(out), places
