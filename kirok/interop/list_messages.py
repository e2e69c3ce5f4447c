"""What a list's fault (kirok.linkage.engine.lists.ListError) means, in the reader's language.

The lists library has no Django in it and says its faults in English (`kirok link dedupe`
prints them so); the import page and `kirok import` say them through this table, keyed by the
error's code, with the same parameters. A code the table lacks is said as the library says it.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kirok.linkage.engine.lists import ListError

SENTENCES = {
    "not_utf8": _("%(name)s is not UTF-8 text (byte %(byte)s); save it as CSV UTF-8."),
    "not_utf8_korean_windows": _(
        "%(name)s is not UTF-8 text: it reads as the Windows Korean encoding (CP949/EUC-KR), "
        "which Excel uses for “CSV (comma delimited)”. In Excel choose Save As, “CSV UTF-8 "
        "(comma delimited)”, or convert it with: iconv -f cp949 -t utf-8 IN.csv > OUT.csv"
    ),
    "not_a_number": _("%(column)s %(value)s is not a whole number."),
    "out_of_range": _("%(column)s %(value)s is not between %(low)s and %(high)s."),
    "after_today": _("%(column)s %(value)s is not between %(low)s and today."),
    "not_an_event_year": _(
        "event_year %(value)s is not a year or a date (2019, 2019년, 2019-05-03, 2019년 5월)."
    ),
    "not_an_age_span": _(
        "age_at_event %(value)s is not a span of ages between 0 and %(high)s, youngest first."
    ),
    "not_an_age": _(
        "age_at_event %(value)s is not an age (35, 35세, 만 35세, 30대, late 30s, 35-40)."
    ),
    "not_a_year_span": _(
        "%(column)s %(value)s is not a span of years between %(low)s and %(high)s, earliest first."
    ),
    "not_a_date": _(
        "%(column)s %(value)s is not a calendar date written YYYY-MM-DD (a year alone goes in "
        "birth_year)."
    ),
    "no_column": _("the header has no %(wanted)s column; expected any of %(known)s"),
    "no_column_separator": _(
        "the header has no %(wanted)s column (the columns seem separated by something else "
        "than commas); expected any of %(known)s"
    ),
    "not_csv": _("not valid CSV (%(error)s)."),
    "not_csv_unclosed": _(
        "not valid CSV (%(error)s; a quotation mark opened there is never closed)."
    ),
}


def explain(error: ListError) -> str:
    """The fault in the active language, without its line (the caller places it)."""
    sentence = SENTENCES.get(error.code)
    if sentence is None:
        message = error.message
        prefix = f"line {error.line}: "
        return message.removeprefix(prefix) if error.line else message
    return str(sentence) % error.params
