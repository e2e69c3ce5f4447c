"""Why a date cannot be read, in the reader's language.

The dates library (kirok.lib.dates, kirok.lib.date_phrases) has no Django in it and speaks
English; each of its errors carries a ``code`` and the ``params`` of its sentence, so that
the pages can say the same in Korean. An error this table does not know (a new one in the
library) is shown in the library's English rather than not at all.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext

from kirok.lib.dates import DateError

_SENTENCES: dict[str, Callable[[], str]] = {
    "empty": lambda: gettext("The date is empty."),
    "not_edtf": lambda: gettext("“%(value)s” is not a valid EDTF date."),
    "no_when": lambda: gettext(
        "“%(value)s” says nothing about when; leave the date empty instead."
    ),
    "ends_before_start": lambda: gettext("“%(value)s” ends before it starts."),
    "year_range": lambda: gettext("“%(value)s”: only years 1 to 9999 are supported."),
    "not_a_day": lambda: gettext("“%(value)s” is not a day of the calendar."),
    "needs_anchor": lambda: gettext(
        "“%(phrase)s” counts from another date; write the date itself (for example 2012년 "
        "11월 초 or early November 2012)."
    ),
    "no_year": lambda: gettext("“%(phrase)s” has no year: write the year too."),
    "leaves_calendar": lambda: gettext("Counting from %(day)s leaves the calendar."),
    "no_such_day": lambda: gettext("“%(phrase)s”: %(month)s has no day %(day)s."),
    "day_or_month": lambda: gettext(
        "“%(phrase)s”: the day and the month could be either way round; write the month as "
        "a word, or use YYYY-MM-DD."
    ),
    "no_month": lambda: gettext("“%(phrase)s” has no month between 1 and 12."),
    "empty_text": lambda: gettext("The text is empty: there is no date to read."),
    "too_long": lambda: gettext("The text is longer than %(limit)s characters: give one phrase."),
    "several_dates": lambda: gettext("“%(text)s” holds several dates (%(found)s): give one."),
    "reads_as": lambda: gettext("“%(text)s” reads as “%(edtf)s”: %(error)s"),
    "leftover": lambda: gettext(
        "“%(text)s”: “%(phrase)s” is read as the date, but not %(leftover)s; remove it or "
        "write the date in full."
    ),
    "phrase_years": lambda: gettext("“%(text)s”: only years from 1800 to 2199 are read."),
    "no_date": lambda: gettext(
        "No date found in “%(text)s”: write it as, for example, 3 March 2020, early November "
        "2012, 2012년 11월 초, around 2010 or 주체108년."
    ),
    "korean_not_asked": lambda: gettext("“%(text)s” is Korean, but English was asked for."),
    "korean_asked": lambda: gettext("“%(text)s” is not Korean, but Korean was asked for."),
    "unread": lambda: gettext("“%(phrase)s” is not a date Kirok reads."),
    "juche_mismatch": lambda: gettext(
        "“%(text)s”: Juche %(juche)s is %(gregorian)s, not %(year)s; check which year the "
        "document gives."
    ),
}


def explain(error: ValueError) -> str:
    """The error's sentence in the active language (a reason inside it too); any other
    ValueError as it says itself."""
    sentence = _SENTENCES.get(error.code) if isinstance(error, DateError) else None
    if sentence is None:
        return str(error)
    return sentence() % {name: _shown(value) for name, value in error.params.items()}


def _shown(value: object) -> object:
    if isinstance(value, DateError):
        return explain(value)
    if isinstance(value, list):  # phrases: “2019”, “3월 12일”
        return ", ".join(f"“{phrase}”" for phrase in value)
    return value
