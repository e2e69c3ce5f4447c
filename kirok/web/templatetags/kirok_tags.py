"""Template helpers for Kirok's records: uncertain dates, place paths and name readings."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

from kirok.lib import names
from kirok.records.fields import bounds_of
from kirok.web import dates

# The countries this documentation is mostly about; any other code is shown as it is.
COUNTRY_NAMES = {
    "KP": _("North Korea"),
    "KR": _("South Korea"),
    "CN": _("China"),
    "RU": _("Russia"),
}

register = template.Library()


@register.inclusion_tag("web/_date.html")
def edtf_date(record, field: str, show: str = "full") -> dict:
    """An EDTF field of ``record`` in words, with its value and calendar range.

    ``{% edtf_date incident "start_date" %}`` shows e.g. "about November 2012", then
    ``2012-11~`` and 2012-10-01 – 2012-12-31. ``show="range"`` leaves out the EDTF value,
    ``show="words"`` shows the words alone (value and range in a tooltip).
    """
    value = getattr(record, field, "") or ""
    earliest = getattr(record, f"{field}_earliest", None)
    latest = getattr(record, f"{field}_latest", None)
    # From the value itself: a birth date's stored bounds are whole years (they are not
    # encrypted), and "27 January 1957" over "1957-01-01 – 1957-12-31" reads as a doubt. A
    # value stored before a stricter parser keeps its stored bounds.
    found = bounds_of(record, field)
    if found is not None:
        earliest, latest = found.earliest, found.latest
    return {
        "value": value,
        "words": dates.describe(value),
        "earliest": earliest,
        "latest": latest,
        "show": show,
    }


@register.filter
def describe_edtf(value: str) -> str:
    return dates.describe(value)


@register.filter
def country_name(code: str) -> str:
    """``KP`` → "North Korea" (북한); unknown codes unchanged."""
    return str(COUNTRY_NAMES.get((code or "").upper(), code))


@register.filter
def hangul_reading(name_text: str) -> str:
    """How Kirok reads a name in Chinese characters (金惠松 → 김혜송), "" if it cannot: a
    documenter sees which Hangul name the search and linkage compare it as."""
    return names.hangul_reading(name_text or "")
