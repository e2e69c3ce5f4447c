"""Read the counted facts of records from the database into numpy columns.

One loader per family of tables (incident, person, source, proceeding); each reads every
record of its family, or only those whose keys it is given (a change since the last read).
Only plain columns are read: codes, keys, the date bounds kept beside encrypted dates. No
name, testimony or other encrypted value enters the snapshot.

Missing values are 0 (keys, years) or -1 (days, counts): primary keys start at 1.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

import numpy as np
from django.db import models

from kirok.lib.occupations import key as occupation_key
from kirok.records.ages import AGE_GROUP_CODES
from kirok.records.models import (
    Act,
    ActPerpetrator,
    Incident,
    IncidentStatus,
    Person,
    Proceeding,
    ProceedingStatus,
    Sex,
)
from kirok.sources.models import EvidenceSpan, Source

Columns = dict[str, np.ndarray]

INCIDENT_STATUSES = tuple(IncidentStatus.values)
PROCEEDING_STATUSES = tuple(ProceedingStatus.values)
SEXES = tuple(Sex.values)
AGE_GROUPS = AGE_GROUP_CODES


def incident_family(keys: list[int] | None) -> dict[str, Columns]:
    """Incidents and what hangs on them: cases, violation types, acts, perpetrators, spans."""
    incidents = _only(Incident.objects.all(), "pk", keys)
    rows = list(
        incidents.values_list(
            "pk", "status", "place_id", "start_date_earliest", "start_date_latest",
            "updated_at", "victim_count_exact", "victim_count_min",
        )
    )  # fmt: skip
    acts = _only(Act.objects.all(), "incident_id", keys)
    perpetrators = _only(ActPerpetrator.objects.all(), "act__incident_id", keys)
    on_incidents = _only(EvidenceSpan.objects.filter(incident__isnull=False), "incident_id", keys)
    on_acts = _only(EvidenceSpan.objects.filter(act__isnull=False), "act__incident_id", keys)
    spans = _columns(on_incidents, ("incident_id", "act_id", "source_id"))
    spans_on_acts = _columns(on_acts, ("act__incident_id", "act_id", "source_id"))
    return {
        "incidents": {
            "incident": _ints(r[0] for r in rows),
            "status": _codes((r[1] for r in rows), INCIDENT_STATUSES),
            "place": _ints(r[2] for r in rows),
            "day_lo": _days(r[3] for r in rows),
            "day_hi": _days(r[4] for r in rows),
            "year_lo": _ints(d.year if d else 0 for d in (r[3] for r in rows)),
            "year_hi": _ints(d.year if d else 0 for d in (r[4] for r in rows)),
            "updated": np.array([r[5].timestamp() for r in rows], dtype=np.float64),
            "victims": _ints(((r[6] if r[6] is not None else r[7]) for r in rows), missing=-1),
        },
        "incident_cases": _links(Incident.cases.through, "incident_id", "case_id", keys),
        "incident_types": _links(Incident.violation_types.through, "incident_id", "term_id", keys),
        "acts": _columns(acts, ("incident_id", "pk", "victim_id", "violation_type_id")),
        "perpetrators": _columns(
            perpetrators.filter(organization__isnull=False),
            ("act__incident_id", "act_id", "organization_id"),
        ),
        "spans": {name: np.concatenate([spans[name], spans_on_acts[name]]) for name in spans},
    }


def person_family(keys: list[int] | None, occupations: dict[str, int]) -> dict[str, Columns]:
    """Persons: sex, occupation (as a number of ``occupations``, which maps the key of
    each occupation to its number), birth years, cases."""
    rows = list(
        _only(Person.objects.all(), "pk", keys).values_list(
            "pk", "sex", "occupation", "birth_date_earliest", "birth_date_latest"
        )
    )
    return {
        "persons": {
            "person": _ints(r[0] for r in rows),
            "sex": _codes((r[1] for r in rows), SEXES),
            # "teacher", "Teacher", 교원 and 교사 are one occupation (kirok.lib.occupations).
            "occupation": _ints(_interned(occupation_key(r[2] or ""), occupations) for r in rows),
            "born_lo": _ints(d.year if d else 0 for d in (r[3] for r in rows)),
            "born_hi": _ints(d.year if d else 0 for d in (r[4] for r in rows)),
        },
        "person_cases": _links(Person.cases.through, "person_id", "case_id", keys),
    }


def source_family(keys: list[int] | None) -> dict[str, Columns]:
    """Sources: kind and reliability (vocabulary term ids), cases."""
    sources = _only(Source.objects.all(), "pk", keys)
    return {
        "sources": _columns(sources, ("pk", "kind_id", "reliability_id")),
        "source_cases": _links(Source.cases.through, "source_id", "case_id", keys),
    }


def proceeding_family(keys: list[int] | None) -> dict[str, Columns]:
    """Proceedings: forum, status, cases, and the incidents and persons they concern."""
    rows = list(_only(Proceeding.objects.all(), "pk", keys).values_list("pk", "forum_id", "status"))
    through = Proceeding.incidents.through
    return {
        "proceedings": {
            "proceeding": _ints(r[0] for r in rows),
            "forum": _ints(r[1] for r in rows),
            "status": _codes((r[2] for r in rows), PROCEEDING_STATUSES),
        },
        "proceeding_cases": _links(Proceeding.cases.through, "proceeding_id", "case_id", keys),
        "proceeding_incidents": _links(through, "proceeding_id", "incident_id", keys),
        "proceeding_persons": _links(
            Proceeding.persons.through, "proceeding_id", "person_id", keys
        ),
    }


# The column that owns each table's rows: a change to that record reloads them.
KEY_COLUMN = {
    "incidents": "incident",
    "incident_cases": "incident",
    "incident_types": "incident",
    "acts": "incident",
    "perpetrators": "incident",
    "spans": "incident",
    "persons": "person",
    "person_cases": "person",
    "sources": "source",
    "source_cases": "source",
    "proceedings": "proceeding",
    "proceeding_cases": "proceeding",
    "proceeding_incidents": "proceeding",
    "proceeding_persons": "proceeding",
}

# Column names, in the order of the fields each loader reads.
_NAMES = {
    ("incident_id", "pk", "victim_id", "violation_type_id"): ("incident", "act", "victim", "type"),
    ("act__incident_id", "act_id", "organization_id"): ("incident", "act", "organization"),
    ("incident_id", "act_id", "source_id"): ("incident", "act", "source"),
    ("act__incident_id", "act_id", "source_id"): ("incident", "act", "source"),
    ("pk", "kind_id", "reliability_id"): ("source", "kind", "reliability"),
}


# --- helpers ----------------------------------------------------------------------------------


def _only(queryset: models.QuerySet, key: str, keys: list[int] | None) -> models.QuerySet:
    return queryset if keys is None else queryset.filter(**{f"{key}__in": keys})


def _columns(queryset: models.QuerySet, fields: tuple[str, ...]) -> Columns:
    rows = list(queryset.order_by().values_list(*fields))
    names = _NAMES[fields]
    return {name: _ints(row[i] for row in rows) for i, name in enumerate(names)}


def _links(through, owner: str, other: str, keys: list[int] | None) -> Columns:
    """The rows of an m2m table, named after the two models ("incident", "case")."""
    rows = list(_only(through.objects.all(), owner, keys).values_list(owner, other))
    return {
        owner.removesuffix("_id"): _ints(r[0] for r in rows),
        other.removesuffix("_id"): _ints(r[1] for r in rows),
    }


def _ints(values: Iterable, missing: int = 0) -> np.ndarray:
    return np.fromiter((missing if v is None else v for v in values), dtype=np.int64)


def _days(dates: Iterable[datetime.date | None]) -> np.ndarray:
    return _ints((d.toordinal() if d else None for d in dates), missing=-1)


def _codes(values: Iterable[str], known: tuple[str, ...]) -> np.ndarray:
    """Each value's position in ``known`` (-1 for one not known)."""
    position = {code: i for i, code in enumerate(known)}
    return _ints((position.get(v, -1) for v in values), missing=-1)


def _interned(text: str, numbers: dict[str, int]) -> int:
    """A number for each distinct text, 0 for none; ``numbers`` grows as texts appear."""
    if not text:
        return 0
    return numbers.setdefault(text, len(numbers) + 1)


LOADERS: dict[str, Callable] = {
    "incident": incident_family,
    "source": source_family,
    "proceeding": proceeding_family,
}
