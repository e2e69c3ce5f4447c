"""EDTF dates in words, in the reader's language: ``2012-11~`` → "about November 2012".

The EDTF value stays the record of what is known; these words only help a reader. A value
whose shape is not described here (e.g. a qualifier inside a date, ``2004-06~-11``) is shown
as it is, which is honest, never wrong.
"""

from __future__ import annotations

import re

from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kirok.lib import dates

_SINGLE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2}))?(?:-(?P<day>\d{2}))?(?P<q>[~?%]?)$")
_DECADE = re.compile(r"^(?P<decade>\d{3})X(?P<q>[~?%]?)$")


def describe(value: str) -> str:
    """Words for an EDTF value, or the value itself when it has an unusual shape.

    >>> describe("2012-11~")  # doctest: +SKIP
    'about November 2012'
    """
    value = dates.normalise(value or "")
    if not value:
        return ""
    if value[0] in "[{":
        return _describe_set(value)
    if "/" in value:
        return _describe_interval(*value.split("/", 1))
    return _describe_single(value) or value


def _describe_interval(start: str, end: str) -> str:
    first, last = _describe_single(start), _describe_single(end)
    if start == ".." and last:
        return _("%(end)s or earlier") % {"end": last}
    if end == ".." and first:
        return _("%(start)s or later") % {"start": first}
    if start == "" and last:
        return _("unknown start to %(end)s") % {"end": last}
    if end == "" and first:
        return _("%(start)s to an unknown end") % {"start": first}
    if first and last:
        return _("%(start)s to %(end)s") % {"start": first, "end": last}
    return f"{start}/{end}"


def _describe_set(value: str) -> str:
    members = [m.strip() for m in value.strip("[]{}").split(",") if m.strip()]
    described = [_describe_single(m) for m in members]
    if not members or not all(described) or ".." in value:
        return value
    joined = ", ".join(described)
    if value.startswith("["):
        return _("one of: %(dates)s") % {"dates": joined}
    return _("all of: %(dates)s") % {"dates": joined}


def _describe_single(part: str) -> str:
    found = _SINGLE.match(part)
    if found:
        base = _calendar_words(found["year"], found["month"], found["day"])
    else:
        found = _DECADE.match(part)
        if not found:
            return ""
        base = _("the %(decade)s0s") % {"decade": found["decade"]}
    return _qualified(base, found["q"]) if base else ""


def _calendar_words(year: str, month: str | None, day: str | None) -> str:
    year_number = int(year)
    if month is None:
        return pgettext("a year on its own", "%(year)s") % {"year": year_number}
    month_number = int(month)
    seasons = {21: _("spring"), 22: _("summer"), 23: _("autumn"), 24: _("winter")}
    if month_number in seasons and day is None:
        return _("%(season)s %(year)s") % {"season": seasons[month_number], "year": year_number}
    if month_number not in MONTHS:
        return ""
    month_name = MONTHS[month_number]
    if day is None:
        return _("%(month)s %(year)s") % {"month": month_name, "year": year_number}
    return _("%(day)s %(month)s %(year)s") % {
        "day": int(day),
        "month": month_name,
        "year": year_number,
    }


def _qualified(words: str, qualifier: str) -> str:
    if qualifier == "~":
        return _("about %(date)s") % {"date": words}
    if qualifier == "?":
        return _("%(date)s (uncertain)") % {"date": words}
    if qualifier == "%":
        return _("about %(date)s (uncertain)") % {"date": words}
    return words
