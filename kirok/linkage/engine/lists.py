"""Lists of persons as analysts and partner organisations keep them: CSV with a header.

Read by `kirok link dedupe` (an analyst's own list, linked without the database) and by
`kirok import` (a partner's list brought into Kirok as records). `record_id` and any of
INPUT_COLUMNS are read; other columns are left to the caller; empty cells and the ways lists
write "not known" (NA, nan, 미상 …) are missing values. A bad cell is a ListError that names
its line and column and quotes it (shortened), so the list's keeper can mend the file.
No Django here.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections.abc import Iterator, Mapping, Sequence

from kirok.linkage.engine.features import AGE_UNCERTAINTY, clean
from kirok.linkage.engine.records import PersonRecord

INPUT_COLUMNS = (
    "record_id",
    "source",
    "name",
    "name_hangul",
    "sex",
    "birth_year",
    "birth_date",
    "age_at_event",
    "event_year",
    "hometown",
)
# Beyond this a list is refused rather than read for hours or exhaust memory; larger lists
# belong on the Spark backend (docs/deployment/linkage-spark.md).
MAX_RECORDS = 500_000
EARLIEST_YEAR = 1850
MAX_AGE = 130
SHOWN_CHARACTERS = 40  # of a bad cell, in an error message

# Korean headings, as Korean NGOs' spreadsheets write them (spaces become "_" first).
KOREAN_HEADINGS = {
    "번호": "record_id",
    "일련번호": "record_id",
    "출처": "source",
    "이름": "name",
    "성명": "name",
    "한글_이름": "name_hangul",
    "한글이름": "name_hangul",
    "성별": "sex",
    "출생연도": "birth_year",
    "출생년도": "birth_year",
    "생년": "birth_year",
    "생년월일": "birth_date",
    "나이": "age_at_event",
    "당시_나이": "age_at_event",
    "사건_연도": "event_year",
    "고향": "hometown",
    "출신지": "hometown",
}


# What ListError says, by its code; kirok.interop.list_messages says the same in the
# reader's language. ``value`` is a cell as messages quote it (_shown).
MESSAGES = {
    "not_utf8": "{name} is not UTF-8 text (byte {byte}); save it as CSV UTF-8.",
    "not_utf8_korean_windows": (
        "{name} is not UTF-8 text (byte {byte}); save it as CSV UTF-8. It reads as the Windows "
        "Korean encoding (CP949/EUC-KR), which Excel uses for 'CSV (comma delimited)': in "
        "Excel choose Save As, 'CSV UTF-8 (comma delimited)', or convert it with: "
        "iconv -f cp949 -t utf-8 IN.csv > OUT.csv"
    ),
    "not_a_number": "{column} {value} is not a whole number.",
    "out_of_range": "{column} {value} is not between {low} and {high}.",
    "after_today": "{column} {value} is not between {low} and today.",
    "not_an_event_year": (
        "event_year {value} is not a year or a date (2019, 2019년, 2019-05-03, 2019년 5월)."
    ),
    "not_an_age_span": (
        "age_at_event {value} is not a span of ages between 0 and {high}, youngest first."
    ),
    "not_an_age": "age_at_event {value} is not an age (35, 35세, 만 35세, 30대, late 30s, 35-40).",
    "not_a_year_span": (
        "{column} {value} is not a span of years between {low} and {high}, earliest first."
    ),
    "not_a_date": (
        "{column} {value} is not a calendar date written YYYY-MM-DD (a year alone goes in "
        "birth_year)."
    ),
    "no_record_id": "record_id is empty.",
    "repeated_id": "record_id {value} repeats line {first}; every row needs its own id.",
    "no_column": "the header has no {wanted} column; expected any of {known}",
    "no_column_separator": (
        "the header has no {wanted} column (the columns seem separated by something else "
        "than commas); expected any of {known}"
    ),
    "too_many": "more than {most} records; split the list.",
    "not_csv": "not valid CSV ({error}).",
    "not_csv_unclosed": "not valid CSV ({error}; a quotation mark opened there is never closed).",
    "no_records": "the file has a header but no records.",
}


class ListError(ValueError):
    """The list cannot be used; the message says what to fix, and where.

    ``code`` names the fault (a key of MESSAGES), ``line`` its line if it has one, and
    ``params`` what the message quotes (``column`` too, for a cell).
    """

    def __init__(self, code: str, *, line: int | None = None, **params) -> None:
        self.code, self.line, self.params = code, line, params
        self.message = (f"line {line}: " if line else "") + MESSAGES[code].format(**params)
        super().__init__(self.message)


def decode(content: bytes, name: str) -> str:
    """The list's bytes as text: UTF-8 (a byte-order mark is allowed).

    Korean Excel saves "CSV" in the Windows Korean encoding unless told otherwise; the error
    then says how to save it as UTF-8. Not converted here: a guess that read a Chinese or
    Japanese file as Korean would turn its names into other names without a word.
    """
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        windows = _reads_as_korean_windows(content)
        code = "not_utf8_korean_windows" if windows else "not_utf8"
        raise ListError(code, name=name, byte=error.start) from None


def _reads_as_korean_windows(content: bytes) -> bool:
    try:
        text = content.decode("cp949")
    except UnicodeDecodeError:
        return False
    return any("가" <= ch <= "힣" for ch in text)


# A year or an age as lists write them: "1984", "1984년생", "35세", "약 35살", "about
# 1984", "1984?", and "1984.0" as a spreadsheet program writes a number column with gaps.
# Group "about" says the number is approximate.
_NUMBER = re.compile(
    r"(?P<about>약|about|approx\.?|c\.|ca\.|circa|~)?\s*(?P<number>-?\d+)(?:\.0+)?"
    r"\s*(?:년생|년|세|살)?\s*(?P<doubt>\?)?",
    re.IGNORECASE,
)
# Birth years known only within a span: "1984-1986", "1984–86", "1984~1986" (the Korean
# range mark), one of two years, "1984 or 1985", "1984/85", "1984 또는 1985", and a decade,
# "1980s" or "1980년대".
_YEARS = re.compile(
    r"(?P<low>\d{4})\s*(?:[-–~〜]|(?P<either>[/,]|\s(?:or|또는|혹은)\s))\s*"
    r"(?P<high>\d{2}|\d{4})\s*(?:년생|년)?",
    re.IGNORECASE,
)
_DECADE = re.compile(r"(?P<decade>\d{3})0\s*(?:'?s|년대)(?:\s*생)?", re.IGNORECASE)
# A year and month, as Korean documents date things: "1984.5", "1984.05", "1984-05",
# "1984/5", "1984년 5월(생)". The month is not compared; the year is the birth year.
_MONTH = re.compile(
    r"(?P<year>\d{4})\s*(?:[-./]|년)\s*(?P<month>0?[1-9]|1[0-2])\s*(?:월|\.)?\s*(?:생)?"
)
# A calendar day as Korean lists write it besides ISO: "1984.03.05", "1984. 3. 5.",
# "1984/3/5", "1984년 3월 5일", with the midnight a spreadsheet may add ("… 00:00:00").
_DAY = re.compile(
    r"(?P<year>\d{4})\s*(?:[-./]|년)\s*(?P<month>\d{1,2})\s*(?:[-./]|월)\s*"
    r"(?P<day>\d{1,2})\s*(?:일|\.)?(?:[ T]00:00(?::00(?:\.0+)?)?)?"
)
# A day written as eight digits, YYYYMMDD, as some registers and spreadsheets do.
_BASIC_DAY = re.compile(r"(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
# A birth year of two digits, as Koreans say it: "84년생", "'84". Never a bare "84", which
# may be an age put in the wrong column.
_SHORT_YEAR = re.compile(r"(?:['’](?P<quoted>\d{2})|(?P<said>\d{2})\s*년생)")
# Ages as testimonies give them besides a number: an age group, "30대" or "30s", with its
# early, middle or late part ("30대 후반", "late 30s"), or a span, "35-40세".
_AGE_GROUP = re.compile(
    r"(?:(?P<part>early|mid|late)[\s-]*)?(?P<tens>[1-9])0\s*(?:'?s|대)\s*(?P<part_ko>초반|중반|후반)?",
    re.IGNORECASE,
)
_AGE_SPAN = re.compile(r"(?P<low>\d{1,3})\s*[-–~〜]\s*(?P<high>\d{1,3})\s*(?:세|살)?")
_AGE_PARTS = {"early": (0, 3), "초반": (0, 3), "mid": (4, 6), "중반": (4, 6),
              "late": (7, 9), "후반": (7, 9)}  # fmt: skip
# An approximate birth year ("about 1984", "1984?") is taken as a range of this half-width.
APPROXIMATE_YEARS = 1


def _shown(value: str) -> str:
    """A cell as an error message quotes it: a whole paragraph pasted into a year column
    would bury the message."""
    return repr(value if len(value) <= SHOWN_CHARACTERS else value[:SHOWN_CHARACTERS] + "…")


def _number(value: str, column: str, line: int) -> tuple[int, bool] | None:
    """The whole number of a cell and whether it was marked approximate; None if empty."""
    if not value:
        return None
    found = _NUMBER.fullmatch(value)
    if found is None:
        raise ListError("not_a_number", line=line, column=column, value=_shown(value))
    number = _within_range(int(found["number"]), column, line)
    return number, bool(found["about"] or found["doubt"])


def _within_range(number: int, column: str, line: int) -> int:
    """``number`` if the column may hold it (_plausible), else ListError "out_of_range"."""
    low, high = _plausible(column)
    if not low <= number <= high:
        raise ListError("out_of_range", line=line, column=column, value=number, low=low, high=high)
    return number


def _birth(
    value: str, line: int
) -> tuple[int | None, tuple[int, int] | None, datetime.date | None]:
    """(birth year, range of years, full date) from the birth_year column, which lists fill
    with a year, an approximate year, a span, a decade, a year and month, or a whole date."""
    if _DAY.fullmatch(value) or _BASIC_DAY.fullmatch(value):
        day = _date(value, line, "birth_year")
        return day.year, None, day
    if (written := _year_last(value, line, "birth_year")) is not None:
        year, day = written
        return year, None, day
    if span := _span(value, line):
        return None, span, None
    if (year := _year_of_month(value, line)) is not None:
        return year, None, None
    if (year := _short_year(value)) is not None:
        return year, None, None
    if value and not _NUMBER.fullmatch(value):
        years = _phrase_years(value, "birth_year", line)
        if years is not None:
            return (years[0], None, None) if years[0] == years[1] else (None, years, None)
    found = _number(value, "birth_year", line)
    if found is None:
        return None, None, None
    year, approximate = found
    if approximate:
        return None, (year - APPROXIMATE_YEARS, year + APPROXIMATE_YEARS), None
    return year, None, None


def _year_of_month(value: str, line: int) -> int | None:
    """The year of a year and month ("1984.5": May 1984); None for anything else."""
    found = _MONTH.fullmatch(value)
    if found is None:
        return None
    return _within_range(int(found["year"]), "birth_year", line)


def _short_year(value: str) -> int | None:
    """The year of "84년생" or "'84": this century's if that has come, else the last's."""
    found = _SHORT_YEAR.fullmatch(value)
    if found is None:
        return None
    this_year = datetime.date.today().year
    year = this_year // 100 * 100 + int(found["quoted"] or found["said"])
    return year if year <= this_year else year - 100


def _phrase_years(value: str, column: str, line: int) -> tuple[int, int] | None:
    """(first, last) year of a date as people write it ("1984년경", "2019년 5월 3일",
    "early 2019", "1984 (추정)"), read by the dates library; None if it reads no date."""
    # Imported here: the edtf package reads Django's settings when it is imported, and
    # every `kirok` command imports this module before it has checked the settings.
    from kirok.lib import dates

    try:
        found = dates.parse(value.replace("(", " ").replace(")", " "))
    except ValueError:
        return None
    if found.earliest is None or found.latest is None:
        return None  # open-ended ("before 2005"): no year to compare
    first, last = found.earliest.year, found.latest.year
    earliest, latest = _plausible(column)
    if not earliest <= first <= last <= latest:
        raise ListError(
            "out_of_range", line=line, column=column, value=_shown(value), low=earliest,
            high=latest,
        )  # fmt: skip
    return first, last


# A date with the year last, day and month in either order ("03/05/2019", "3.5.2019"): the
# year is certain whichever the order.
_YEAR_LAST = re.compile(
    r"(?P<first>\d{1,2})\s*[./-]\s*(?P<second>\d{1,2})\s*[./-]\s*(?P<year>\d{4})"
)


def _day_and_month(found: re.Match) -> bool:
    """Whether the two numbers before the year can be a day and a month, in either order."""
    low, high = sorted((int(found["first"]), int(found["second"])))
    return 1 <= low <= 12 and high <= 31


def _year_last(value: str, line: int, column: str) -> tuple[int, datetime.date | None] | None:
    """A date written with the year last ("25/03/1984", "3.5.1984"): its year, and its day
    when the order is certain (one number above 12: "03/02/1984" may be 3 February or 2
    March, so it gives the year alone). None for anything else."""
    found = _YEAR_LAST.fullmatch(value)
    if found is None or not _day_and_month(found):
        return None
    year = int(found["year"])
    first, second = int(found["first"]), int(found["second"])
    if first <= 12 and second <= 12:
        return _within_range(year, column, line), None
    month, day = (second, first) if first > 12 else (first, second)
    return year, _real_day(year, month, day, value, line, column)


def _birth_date(value: str, line: int) -> tuple[int | None, datetime.date | None]:
    """From the birth_date column: (None, the day), or (the year, None) for a date with the
    year last whose day and month cannot be told apart."""
    if (written := _year_last(value, line, "birth_date")) is not None:
        year, day = written
        return (None, day) if day else (year, None)
    return None, _date(value, line)


def _event(value: str, line: int) -> tuple[int, int] | None:
    """(first, last) year of the event: a year ("2019", "2019년"), or a date or period
    ("2019-05-03", "03/05/2019", "2019년 5월", "2018~2019", "2018 or 2019")."""
    if (found := _YEAR_LAST.fullmatch(value)) and _day_and_month(found):
        value = found["year"]
    elif span := _span(value, line, "event_year"):
        return span
    if value and not _NUMBER.fullmatch(value):
        if (years := _phrase_years(value, "event_year", line)) is None:
            raise ListError("not_an_event_year", line=line, value=_shown(value))
        return years
    found = _number(value, "event_year", line)
    return (found[0], found[0]) if found else None


# How lists and testimonies write an age besides its number, rewritten in turn to the forms
# _age reads: "age 35", "aged 35", "35 years (old)", "35 yrs", "35 y.o.", "35세 가량 / 쯤 / 경
# / 정도" (about 35), "35 (approx.)", "30여세" (thirty-odd: the thirties), "thirties",
# "teens", "30대초" (30대 초반).
_TENS = {"twent": 2, "thirt": 3, "fort": 4, "fift": 5, "sixt": 6, "sevent": 7, "eight": 8,
         "ninet": 9}  # fmt: skip
_PART_OF_TENS = {"초": "초반", "중": "중반", "후": "후반", "말": "후반"}
_AGE_REWRITES = [
    (re.compile(pattern, re.IGNORECASE), replacement)
    for pattern, replacement in [
        (r"^만\s*", ""),
        (r"^(?:at\s+)?(?:the\s+)?aged?\s+(?:of\s+)?", ""),
        (r"^(?:in\s+)?(?:his|her|their)\s+", ""),
        (r"\s*(?:years?(?:\s+old)?|yrs?\.?|y\.?\s?o\.?|y/o)$", ""),
        (r"\s*(?:가량|쯤|경|정도|내외|안팎)$", ""),
        (r"\s*[(（](?:approx\.?|approximately|est\.?|estimated|추정)[)）]$", ""),
        (r"-?ish$", ""),
        (r"^([1-9]0)\s*여\s*(?:세|살)?$", r"\1대"),
        (r"^teen(?:ager)?s?$", "13-19"),
        (r"(twent|thirt|fort|fift|sixt|sevent|eight|ninet)ies$",
         lambda found: f"{_TENS[found[1].casefold()]}0s"),
        (r"^([1-9]0)\s*대\s*(초|중|후|말)$",
         lambda found: f"{found[1]}대 {_PART_OF_TENS[found[2]]}"),
    ]
]  # fmt: skip


def _plain_age(value: str) -> str:
    """An age cell rewritten to what :func:`_age` reads: "aged 35 years" → "35"."""
    value = value.strip()
    for pattern, replacement in _AGE_REWRITES:
        value = pattern.sub(replacement, value).strip()
    return value


def _age(value: str, line: int) -> tuple[int, int] | None:
    """(youngest, oldest) of the age at the event: "35", "35세", "만 35세" (the international
    age), "about 35", "aged 35", "35 years old", an age group ("30대", "30s", "30대 후반",
    "late 30s", "thirties", "30여세") or "35-40"."""
    shown, value = value, _plain_age(value)
    if found := _AGE_GROUP.fullmatch(value):
        tens = int(found["tens"]) * 10
        low, high = _AGE_PARTS.get((found["part"] or found["part_ko"] or "").casefold(), (0, 9))
        return tens + low, tens + high
    if found := _AGE_SPAN.fullmatch(value):
        low, high = int(found["low"]), int(found["high"])
        if not 0 <= low <= high <= MAX_AGE:
            raise ListError("not_an_age_span", line=line, value=_shown(shown), high=MAX_AGE)
        return low, high
    if value and not _NUMBER.fullmatch(value):
        raise ListError("not_an_age", line=line, value=_shown(shown))
    found = _number(value, "age_at_event", line)
    return (found[0], found[0]) if found else None


def _span(value: str, line: int, column: str = "birth_year") -> tuple[int, int] | None:
    """(first, last) of a year written as a span or a decade; None for anything else."""
    if found := _YEARS.fullmatch(value):
        low, high = int(found["low"]), found["high"]
        if len(high) == 2 and int(high) <= low % 100:
            return None  # "1984-05" is May 1984 (_year_of_month), not a span
        high = int(high) if len(high) == 4 else low // 100 * 100 + int(high)  # 1984–86
        if found["either"]:  # "1985 or 1984": one of two years, in any order
            low, high = sorted((low, high))
    elif found := _DECADE.fullmatch(value):
        low = int(found["decade"]) * 10
        high = low + 9
    else:
        return None
    earliest, latest = _plausible(column)
    if not earliest <= low <= high <= latest:
        raise ListError(
            "not_a_year_span", line=line, column=column, value=_shown(value), low=earliest,
            high=latest,
        )  # fmt: skip
    return low, high


def _plausible(column: str) -> tuple[int, int]:
    """The values a column may take: an age up to MAX_AGE, a year from EARLIEST_YEAR to
    this year (a mistyped 19844 or -5 is refused, not compared)."""
    if column == "age_at_event":
        return 0, MAX_AGE
    return EARLIEST_YEAR, datetime.date.today().year


def _date(value: str, line: int, column: str = "birth_date") -> datetime.date | None:
    """A full date of birth (YYYY-MM-DD, YYYYMMDD or a form of _DAY): a real day, from
    EARLIEST_YEAR to today. A year alone belongs in birth_year."""
    if not value:
        return None
    if written := _DAY.fullmatch(value):
        year, month, day = (int(written[part]) for part in ("year", "month", "day"))
        return _real_day(year, month, day, value, line, column)
    try:
        found = datetime.date.fromisoformat(value)
    except ValueError:
        raise ListError("not_a_date", line=line, column=column, value=_shown(value)) from None
    return _real_day(found.year, found.month, found.day, value, line, column)


def _real_day(year: int, month: int, day: int, value: str, line: int, column: str) -> datetime.date:
    """The calendar day, from EARLIEST_YEAR to today; ListError naming ``value`` otherwise."""
    try:
        found = datetime.date(year, month, day)
    except ValueError:
        raise ListError("not_a_date", line=line, column=column, value=_shown(value)) from None
    earliest = datetime.date(EARLIEST_YEAR, 1, 1)
    if not earliest <= found <= datetime.date.today():
        raise ListError("after_today", line=line, column=column, value=value, low=earliest)
    return found


def person_record(row: dict[str, str], line: int) -> PersonRecord:
    """The record a row describes; ListError naming the line and the column of a bad cell."""

    def cell(column: str) -> str:
        return clean(row.get(column))  # "" for an empty cell and for "NA", "nan", "미상" …

    record_id = (row.get("record_id") or "").strip()
    if not record_id:
        raise ListError("no_record_id", line=line, column="record_id")
    names = tuple(n for n in (cell("name"), cell("name_hangul")) if n)
    birth_year, birth_range, year_day = _birth(cell("birth_year"), line)
    date_year, day = _birth_date(cell("birth_date"), line)
    day = day or year_day
    if birth_year is None and birth_range is None:
        birth_year = date_year
    event, age = _event(cell("event_year"), line), _age(cell("age_at_event"), line)
    exact_event = event[0] if event and event[0] == event[1] else None
    exact_age = age[0] if age and age[0] == age[1] else None
    both_exact = exact_event is not None and exact_age is not None
    if birth_year is None and birth_range is None and day is None and not both_exact:
        birth_range = _born_between(event, age)
    return PersonRecord(
        record_id=record_id,
        source=cell("source") or None,
        names=names,
        sex=cell("sex") or None,
        birth_date=day.isoformat() if day else None,
        hometown=cell("hometown") or None,
        birth_year=birth_year,
        birth_year_range=birth_range,
        age_at_event=exact_age,
        event_year=exact_event,
    )


def _born_between(
    event: tuple[int, int] | None, age: tuple[int, int] | None
) -> tuple[int, int] | None:
    """The birth years an age group or a period of the event allows ("30대" in 2019: 1979 to
    1990), with the engine's margin for an age (features.AGE_UNCERTAINTY); an exact age in
    an exact year is left to the engine, which derives it the same way."""
    if event is None or age is None:
        return None
    return event[0] - age[1] - AGE_UNCERTAINTY, event[1] - age[0] + AGE_UNCERTAINTY


def _column(heading: str) -> str:
    """A column's name as INPUT_COLUMNS spell it: "Record ID" and "birth-year" are meant."""
    return re.sub(r"[\s-]+", "_", heading.strip()).casefold()


def read_rows(
    text: str,
    *,
    required: Sequence[str] = ("record_id",),
    headings: Mapping[str, str] | None = None,
    known: Sequence[str] = INPUT_COLUMNS,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row of CSV text with the line it ends on, its columns named as INPUT_COLUMNS
    spell them: "Record ID" is record_id, and a Korean heading (KOREAN_HEADINGS, and
    ``headings``) its column. ListError for a header with none of ``required`` (with a hint
    when the columns are not separated by commas), for text that is not CSV, and past
    MAX_RECORDS rows. ``known`` are the columns the error message lists."""
    named = {**KOREAN_HEADINGS, **(headings or {})}

    def column(heading: str) -> str:
        return named.get(_column(heading), _column(heading))

    # strict: an unclosed quotation mark is an error, not a cell that swallows every row after
    # it without a word (the lenient reader's way).
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    header = [column(h) for h in (reader.fieldnames or []) if h]
    if not set(required) & set(header):
        other = any(r in h and sep in h for h in header for r in required for sep in ";\t|")
        code = "no_column_separator" if other else "no_column"
        raise ListError(code, wanted=" or ".join(required), known=", ".join(known))
    reader.fieldnames = [column(h) if h else h for h in reader.fieldnames or []]
    line, count = 1, 0
    try:
        for row in reader:
            line = reader.line_num
            count += 1
            if count > MAX_RECORDS:
                raise ListError("too_many", most=f"{MAX_RECORDS:,}")
            yield line, row
    except csv.Error as error:
        where = line + 1  # the row that could not be read starts after the last one read
        code = "not_csv_unclosed" if "end of data" in str(error) else "not_csv"
        raise ListError(code, line=where, error=str(error)) from None


def parse_records(text: str) -> list[PersonRecord]:
    """Records from CSV text; ListError for a missing record_id column, duplicates, etc."""
    records, seen = [], {}
    for line, row in read_rows(text):
        record = person_record(row, line)
        if record.record_id in seen:
            raise ListError(
                "repeated_id", line=line, column="record_id", value=_shown(record.record_id),
                first=seen[record.record_id],
            )  # fmt: skip
        seen[record.record_id] = line
        records.append(record)
    if not records:
        raise ListError("no_records")
    return records
