"""The dashboard's filters: query-string parameters in, one value each (kirok.statistics
.aggregates applies them).

The parameter names are those of the search facets (kirok.search), so that a search and a
dashboard can hand each other their filters:

==============  =============================================================
``violation``   violation type code (the incident's or one of its acts')
``year_from``   first year, ``year_to`` last year (kirok.facts.counting.counted_year)
``province``    gazetteer id of a province or Chinese prefecture (``KP-09``)
``perpetrator`` organization code; its sub-units count too (``mss`` = every bureau)
``status``      incident status (alleged, corroborated, verified)
``sex``         a victim's sex
``age_group``   a victim's age group at the time of the incident (kirok.records.ages)
``source_kind`` kind of a source cited for the incident or one of its acts
``reliability`` reliability grade (a–f) of such a source
==============  =============================================================

A value that is not valid is ignored and reported in ``Filters.errors``: a mistyped link
shows every record the reader may see, with a message, rather than an error page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from django.utils.translation import gettext_lazy as _

from kirok.records.ages import AGE_GROUP_CODES
from kirok.records.models import (
    IncidentStatus,
    Organization,
    Place,
    Sex,
)
from kirok.vocabularies.models import Term

FIRST_YEAR, LAST_YEAR = 1900, 2100

PARAMETERS = (
    "violation",
    "year_from",
    "year_to",
    "province",
    "perpetrator",
    "status",
    "sex",
    "age_group",
    "source_kind",
    "reliability",
)


@dataclass(frozen=True)
class Filters:
    """The filters of one request; empty strings and None mean "not filtered"."""

    violation: str = ""
    year_from: int | None = None
    year_to: int | None = None
    province: str = ""
    perpetrator: str = ""
    status: str = ""
    sex: str = ""
    age_group: str = ""
    source_kind: str = ""
    reliability: str = ""
    errors: tuple[str, ...] = field(default=(), compare=False)

    def active(self) -> dict[str, str]:
        """The filters in use, as query-string values."""
        found = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if spec.name != "errors" and value not in ("", None):
                found[spec.name] = str(value)
        return found


def parse_filters(params) -> Filters:
    """Read the filters from a QueryDict (or any mapping); invalid values are dropped."""
    values, errors = {}, []
    for name in PARAMETERS:
        raw = (params.get(name) or "").strip()[:80]
        if not raw:
            continue
        if name.startswith("year_"):
            year = _year(raw)
            if year is None:
                errors.append(_("“%(value)s” is not a year.") % {"value": raw})
                continue
            values[name] = year
        elif _is_known(name, raw):
            values[name] = raw
        else:
            errors.append(
                _("Unknown value for %(name)s: “%(value)s”.") % {"name": name, "value": raw}
            )
    return Filters(**values, errors=tuple(errors))


def _year(text: str) -> int | None:
    return int(text) if text.isdigit() and FIRST_YEAR <= int(text) <= LAST_YEAR else None


def _is_known(name: str, value: str) -> bool:
    if name == "status":
        return value in IncidentStatus.values
    if name == "sex":
        return value in Sex.values
    if name == "age_group":
        return value in AGE_GROUP_CODES
    if name == "province":
        return Place.objects.filter(gazetteer_id=value).exists()
    if name == "perpetrator":
        return Organization.objects.filter(code=value).exists()
    vocabulary = {
        "violation": "violation_type",
        "source_kind": "source_kind",
        "reliability": "source_reliability",
    }[name]
    return Term.objects.filter(vocabulary__key=vocabulary, code=value).exists()
