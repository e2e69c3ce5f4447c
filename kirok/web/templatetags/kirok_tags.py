"""Template helpers for Kirok's records: uncertain dates and place paths."""

from __future__ import annotations

from django import template

from kirok.web import dates

register = template.Library()


@register.inclusion_tag("web/_date.html")
def edtf_date(record, field: str, detailed: bool = True) -> dict:
    """An EDTF field of ``record`` in words, with its value and calendar range.

    ``{% edtf_date incident "start_date" %}`` shows e.g. "about November 2012", then
    ``2012-11~`` and 2012-10-01 – 2012-12-31 unless ``detailed`` is False.
    """
    value = getattr(record, field, "") or ""
    return {
        "value": value,
        "words": dates.describe(value),
        "earliest": getattr(record, f"{field}_earliest", None),
        "latest": getattr(record, f"{field}_latest", None),
        "detailed": detailed,
    }


@register.filter
def describe_edtf(value: str) -> str:
    return dates.describe(value)
