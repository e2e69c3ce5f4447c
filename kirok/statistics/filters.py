"""The dashboard's filters: query-string parameters in, filtered querysets out.

The parameter names are those of the search facets (kirok.search), so that a search and a
dashboard can hand each other their filters:

==============  =============================================================
``violation``   violation type code (the incident's or one of its acts')
``year_from``   first year, ``year_to`` last year (see ``incident_year`` below)
``province``    gazetteer id of a province or Chinese prefecture (``KP-09``)
``perpetrator`` organization code; its sub-units count too (``mss`` = every bureau)
``status``      incident status (alleged, corroborated, verified)
``sex``         a victim's sex
``age_group``   a victim's age group at the time of the incident (kirok.statistics.ages)
``source_kind`` kind of a source cited for the incident or one of its acts
``reliability`` reliability grade (a–f) of such a source
==============  =============================================================

A value that is not valid is ignored and reported in ``Filters.errors``: a mistyped link
shows every record the reader may see, with a message, rather than an error page.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from django.db import models
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from kirok.records.ages import AGE_GROUP_CODES, Year, age_group_expression
from kirok.records.models import (
    Act,
    ActPerpetrator,
    Incident,
    IncidentStatus,
    Organization,
    Place,
    Sex,
)
from kirok.sources.models import EvidenceSpan
from kirok.vocabularies.models import Term

# An incident is placed in a year when its date range spans at most this many calendar
# years beyond the first: "2012-11", "2019" and "about 2019" (2018–2020) have a year;
# "../2019" or "2005/2015" have none and are counted apart as "year uncertain".
YEAR_SPREAD_ALLOWED = 2
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


# --- Applying the filters ----------------------------------------------------------------


def year_of(prefix: str) -> models.Expression:
    """The year a record is counted in, from the EDTF bounds ``<prefix>_earliest/_latest``.

    The middle year of the earliest and latest possible days, when they lie at most
    YEAR_SPREAD_ALLOWED calendar years apart; NULL ("year uncertain") otherwise.

    >>> Incident.objects.annotate(year=year_of("start_date"))  # doctest: +SKIP
    """
    first = Year(f"{prefix}_earliest")
    last = Year(f"{prefix}_latest")
    return models.Case(
        models.When(LessThanOrEqual(last - first, YEAR_SPREAD_ALLOWED), then=(first + last) / 2),
        default=None,
        output_field=models.IntegerField(),
    )


def filter_incidents(incidents: models.QuerySet, filters: Filters, sources) -> models.QuerySet:
    """``incidents`` narrowed by ``filters``; ``sources`` are the sources the reader may see.

    Every condition is a subquery on primary keys (no joins), so the result has no
    duplicates and can be counted and grouped directly.
    """
    if filters.status:
        incidents = incidents.filter(status=filters.status)
    if filters.year_from is not None or filters.year_to is not None:
        incidents = incidents.filter(pk__in=_incidents_in_years(filters))
    if filters.province:
        incidents = incidents.filter(place__in=place_subtree(filters.province))
    if filters.violation:
        typed = Incident.violation_types.through.objects.filter(term__code=filters.violation)
        acts = Act.objects.filter(violation_type__code=filters.violation)
        incidents = incidents.filter(
            models.Q(pk__in=typed.values("incident_id"))
            | models.Q(pk__in=acts.values("incident_id"))
        )
    if filters.perpetrator:
        named = ActPerpetrator.objects.filter(
            organization__in=organization_subtree(filters.perpetrator)
        )
        incidents = incidents.filter(pk__in=named.values("act__incident_id"))
    if filters.sex or filters.age_group:
        victims = filter_acts(Act.objects.all(), filters)
        incidents = incidents.filter(pk__in=victims.values("incident_id"))
    if filters.source_kind or filters.reliability:
        incidents = incidents.filter(pk__in=_cited_incident_ids(filters, sources))
    return incidents


def filter_acts(acts: models.QuerySet, filters: Filters) -> models.QuerySet:
    """Acts narrowed by the filters that concern one victim: sex, age group, violation."""
    if filters.sex:
        acts = acts.filter(victim__sex=filters.sex)
    if filters.age_group:
        acts = acts.annotate(age_group=age_group_expression()).filter(age_group=filters.age_group)
    if filters.violation:
        acts = acts.filter(violation_type__code=filters.violation)
    return acts


def _incidents_in_years(filters: Filters) -> models.QuerySet:
    dated = Incident.objects.annotate(counted_year=year_of("start_date"))
    if filters.year_from is not None:
        dated = dated.filter(counted_year__gte=filters.year_from)
    if filters.year_to is not None:
        dated = dated.filter(counted_year__lte=filters.year_to)
    return dated.values("pk")


def _cited_incident_ids(filters: Filters, sources: models.QuerySet) -> models.QuerySet:
    """Incidents for which a visible source of the wanted kind/grade is cited (on it or an act)."""
    cited = sources
    if filters.source_kind:
        cited = cited.filter(kind__code=filters.source_kind)
    if filters.reliability:
        cited = cited.filter(reliability__code=filters.reliability)
    spans = EvidenceSpan.objects.filter(source__in=cited.values("pk"))
    on_acts = Act.objects.filter(pk__in=spans.values("act_id")).values("incident_id")
    return Incident.objects.filter(
        models.Q(pk__in=spans.values("incident_id")) | models.Q(pk__in=on_acts)
    ).values("pk")


# --- Hierarchies (places, organizations), read once per request -----------------------------


def _subtree(model, root_pk: int) -> list[int]:
    """``root_pk`` and every record below it; the trees are small (hundreds of rows)."""
    children: dict[int | None, list[int]] = {}
    for pk, parent in model.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [root_pk]
    while todo and len(found) < 100_000:
        pk = todo.pop()
        found.append(pk)
        todo.extend(children.get(pk, ()))
    return found


def place_subtree(gazetteer_id: str) -> list[int]:
    """The place with this gazetteer id and every place within it."""
    root = Place.objects.filter(gazetteer_id=gazetteer_id).values_list("pk", flat=True).first()
    return _subtree(Place, root) if root else []


def organization_subtree(code: str) -> list[int]:
    """The organization with this code and all its sub-units (MSS → provincial bureaus → …)."""
    root = Organization.objects.filter(code=code).values_list("pk", flat=True).first()
    return _subtree(Organization, root) if root else []
