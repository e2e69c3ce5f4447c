"""From the records an analyst may see to capture tables, and from capture tables to a result.

A person is *on a list* when a source of that list cites them: an evidence passage of the
source on the person, on an act whose victim the person is, or on an incident where the
person is a victim. People are counted as linkage Identities (a person record without one
counts alone), and only through kirok.records.access: a record the analyst may not see is
never counted and cannot change any number.

A person's year and province are those of the earliest incident in which they are a victim
(among the acts that pass the violation filter); their sex is the one their records agree on.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kirok import installed_version
from kirok.estimation.models import EstimationAnalysis
from kirok.facts.counting import YEAR_SPREAD_ALLOWED
from kirok.lib.disclosure import five_year_period
from kirok.lib.estimation import CaptureTable, Estimate, from_memberships
from kirok.lib.estimation import estimate as run_method
from kirok.lib.estimation.diagnostics import table_warnings
from kirok.records import access
from kirok.records.models import Act, Incident, Organization, Person, Place
from kirok.records.models.places import PlaceLevel
from kirok.sources.models import Source

LIST_KEYS = "ABCDEFGH"  # at most eight lists: each gets one letter, as in the UpSet chart
MIN_LISTS, MAX_LISTS, MAX_DGA_LISTS = 2, 8, 5
STRATA = ("none", "year", "period", "province", "sex")
UNKNOWN = "unknown"  # the stratum of people whose year, province or sex is not known


class MethodUnavailable(RuntimeError):
    """The estimation method's module is not installed in this version of Kirok."""


@dataclass(frozen=True)
class Parameters:
    """What the analyst chose: the lists, the filters, the strata, the method and its options."""

    list_kind: str  # "source" or "organization"
    list_ids: tuple[str, ...]  # public ids, in the order the lists get their letters
    strata: str = "none"
    violation: str = ""
    year_from: int | None = None
    year_to: int | None = None
    method: str = "loglinear"
    options: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {
            "lists": {"kind": self.list_kind, "ids": list(self.list_ids)},
            "strata": self.strata,
            "violation": self.violation,
            "year_from": self.year_from,
            "year_to": self.year_to,
            "method": self.method,
            "options": dict(self.options),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Parameters:
        return cls(
            list_kind=data["lists"]["kind"],
            list_ids=tuple(data["lists"]["ids"]),
            strata=data.get("strata", "none"),
            violation=data.get("violation", ""),
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            method=data.get("method", "loglinear"),
            options=dict(data.get("options", {})),
        )


@dataclass(frozen=True)
class ListDefinition:
    key: str  # "A", "B" …: the CSV column and the UpSet chart's row
    label: str  # the source's title or the organization's name
    source_ids: frozenset[int]
    kind: str = "source"  # or "organization"
    public_id: str = ""


@dataclass
class Collected:
    """The capture tables of one choice of lists, and where their people came from."""

    lists: list[ListDefinition]
    tables: dict[tuple[str, ...], CaptureTable]
    person_records: int  # visible person records counted
    identities: int  # the people they are, after linkage
    case_ids: list[int]
    includes_unassigned: bool

    @property
    def folded(self) -> int:
        """Person records that linkage folded into another record's Identity."""
        return self.person_records - self.identities

    def snapshot(self, strata: str) -> dict[str, Any]:
        return make_snapshot(self.lists, strata, self.tables)

    def labelled_lists(self) -> list[dict[str, str]]:
        """Each list's letter and name, as the page and EstimationAnalysis.list_labels hold them."""
        return labelled_lists(self.lists)


def labelled_lists(lists: list[ListDefinition]) -> list[dict[str, str]]:
    return [{"key": d.key, "label": d.label} for d in lists]


# --- Which people are on which list ---------------------------------------------------------


def list_definitions(user, kind: str, public_ids: Iterable[str]) -> list[ListDefinition]:
    """The chosen lists, in the order chosen; an id the analyst may not see is left out."""
    visible = access.visible_sources(user)
    found = []
    for public_id in public_ids:
        wanted = access.parse_public_id(public_id)
        if wanted is None:
            continue
        if kind == "organization":
            organization = Organization.objects.filter(public_id=wanted).first()
            if organization is None:
                continue
            sources = visible.filter(organization=organization)
            label = str(organization)
        else:
            source = visible.filter(public_id=wanted).first()
            if source is None:
                continue
            sources, label = Source.objects.filter(pk=source.pk), source.title
        key = LIST_KEYS[len(found)] if len(found) < len(LIST_KEYS) else str(len(found) + 1)
        found.append(
            ListDefinition(
                key, label, frozenset(sources.values_list("pk", flat=True)), kind, str(wanted)
            )
        )
    return found


def person_lists(user, lists: list[ListDefinition]) -> dict[int, set[str]]:
    """Each visible person cited by a source of a list: the keys of the lists citing them."""
    list_of_source: dict[int, list[str]] = defaultdict(list)
    for definition in lists:
        for source_id in definition.source_ids:
            list_of_source[source_id].append(definition.key)
    spans = access.visible_evidence(user).filter(source__in=list(list_of_source))
    cited: dict[int, set[str]] = defaultdict(set)
    by_incident: dict[int, set[str]] = defaultdict(set)
    for source_id, person_id, victim_id, incident_id in spans.values_list(
        "source_id", "person_id", "act__victim_id", "incident_id"
    ):
        keys = list_of_source[source_id]
        for person in (person_id, victim_id):
            if person is not None:
                cited[person].update(keys)
        if incident_id is not None:
            by_incident[incident_id].update(keys)
    victims = Act.objects.filter(incident_id__in=list(by_incident)).values_list(
        "incident_id", "victim_id"
    )
    for incident_id, victim_id in victims:
        cited[victim_id].update(by_incident[incident_id])
    seen = set(access.visible_persons(user).filter(pk__in=list(cited)).values_list("pk", flat=True))
    return {person: keys for person, keys in cited.items() if person in seen}


@dataclass
class Victim:
    """What the strata and filters need to know about one person record."""

    identity: Any
    sex: str
    year: int | None = None
    incident_id: int | None = None
    place_id: int | None = None
    day: Any = None
    passes_violation: bool = True


def victim_facts(user, person_ids: list[int], violation: str) -> dict[int, Victim]:
    """Identity, sex, and the earliest visible incident of each person (as a victim)."""
    facts = {
        pk: Victim(identity=identity or ("person", pk), sex=sex)
        for pk, identity, sex in Person.objects.filter(pk__in=person_ids).values_list(
            "pk", "identity_id", "sex"
        )
    }
    acts = Act.objects.filter(
        victim_id__in=person_ids, incident__in=access.visible_incidents(user).values("pk")
    )
    if violation:
        facts_with_act = set(
            acts.filter(violation_type__code=violation).values_list("victim_id", flat=True)
        )
        acts = acts.filter(violation_type__code=violation)
        for pk, victim in facts.items():
            victim.passes_violation = pk in facts_with_act
    rows = acts.order_by("victim_id", "incident_id").values_list(
        "victim_id",
        "incident_id",
        "incident__start_date_earliest",
        "incident__start_date_latest",
        "incident__place_id",
    )
    for victim_id, incident_id, earliest, latest, place_id in rows:
        victim = facts[victim_id]
        earlier = earliest is not None and (victim.day is None or earliest < victim.day)
        if victim.incident_id is None or earlier:
            victim.incident_id, victim.place_id, victim.day = incident_id, place_id, earliest
            victim.year = counted_year(earliest, latest)
    return facts


def counted_year(earliest, latest) -> int | None:
    """The statistics page's year: the middle year when the date is known to a few years."""
    if earliest is None or latest is None or latest.year - earliest.year > YEAR_SPREAD_ALLOWED:
        return None
    return (earliest.year + latest.year) // 2


def province_of_places(place_ids: Iterable[int]) -> dict[int, str]:
    """Each place's province (admin1) gazetteer id, through the place hierarchy."""
    rows = {pk: (parent, level, gid) for pk, parent, level, gid in _place_rows()}
    found = {}
    for pk in set(place_ids):
        node, steps = pk, 0
        while node is not None and steps < 32:
            parent, level, gazetteer_id = rows.get(node, (None, None, None))
            if level == PlaceLevel.ADMIN1:
                found[pk] = gazetteer_id or f"place-{node}"
                break
            node, steps = parent, steps + 1
    return found


def _place_rows():
    return Place.objects.values_list("pk", "parent_id", "level", "gazetteer_id")


# --- Capture tables -------------------------------------------------------------------------


def collect(user, parameters: Parameters) -> Collected:
    """The capture tables of ``parameters`` over what ``user`` may see."""
    lists = list_definitions(user, parameters.list_kind, parameters.list_ids)
    on_lists = person_lists(user, lists)
    facts = victim_facts(user, list(on_lists), parameters.violation)
    kept = [pk for pk in on_lists if _passes(facts[pk], parameters)]
    people = _identities(kept, on_lists, facts)
    places = province_of_places(
        fact.place_id for fact in facts.values() if fact.place_id is not None
    )
    memberships: dict[tuple[str, ...], list[tuple[Any, str]]] = defaultdict(list)
    for identity, (keys, stratum_facts) in people.items():
        stratum = _stratum(parameters.strata, stratum_facts, places)
        memberships[stratum].extend((identity, key) for key in keys)
    keys = tuple(d.key for d in lists)
    tables = {stratum: _table(keys, pairs) for stratum, pairs in sorted(memberships.items())}
    if not tables:  # nobody counted: one empty table, so that the page can say so
        tables = {(): _table(keys, [])}
    case_ids, unassigned = _counted_cases(user, kept, lists)
    return Collected(lists, tables, len(kept), len(people), case_ids, unassigned)


def _passes(victim: Victim, parameters: Parameters) -> bool:
    if parameters.violation and not victim.passes_violation:
        return False
    if parameters.year_from is None and parameters.year_to is None:
        return True
    if victim.year is None:
        return False
    low = parameters.year_from if parameters.year_from is not None else victim.year
    high = parameters.year_to if parameters.year_to is not None else victim.year
    return low <= victim.year <= high


def _identities(kept, on_lists, facts) -> dict[Any, tuple[set[str], list[Victim]]]:
    people: dict[Any, tuple[set[str], list[Victim]]] = {}
    for pk in kept:
        keys, victims = people.setdefault(facts[pk].identity, (set(), []))
        keys.update(on_lists[pk])
        victims.append(facts[pk])
    return people


def _stratum(strata: str, victims: list[Victim], places: dict[int, str]) -> tuple[str, ...]:
    if strata == "none":
        return ()
    if strata == "sex":
        known = {v.sex for v in victims if v.sex in ("female", "male", "other")}
        return (known.pop() if len(known) == 1 else UNKNOWN,)
    dated = [v for v in victims if v.day is not None]
    first = min(dated, key=lambda v: v.day) if dated else (victims[0] if victims else None)
    if strata in ("year", "period"):
        year = first.year if first is not None else None
        if year is None:
            return (UNKNOWN,)
        # Five-year periods for when single years hold too few people to estimate.
        return (str(year) if strata == "year" else five_year_period(str(year)),)
    place = first.place_id if first is not None else None
    return (places.get(place, UNKNOWN) if place is not None else UNKNOWN,)


def _table(keys: tuple[str, ...], pairs: list[tuple[Any, str]]) -> CaptureTable:
    return from_memberships(pairs, keys)


def _counted_cases(user, person_ids, lists) -> tuple[list[int], bool]:
    """The cases through which ``user`` saw what was counted, and whether some was in none.

    Counted: the persons, the lists' sources, and every visible incident in which a counted
    person is a victim (which includes each incident whose passage put a person on a list,
    and each incident that gave a person's year or province). Another reader may see the
    analysis only if a member of all of them: then every record counted is visible to them.
    """
    incident_ids = list(
        Act.objects.filter(
            victim_id__in=person_ids, incident__in=access.visible_incidents(user).values("pk")
        )
        .values_list("incident_id", flat=True)
        .distinct()
    )
    member = set(access.member_case_ids(user).values_list("case_id", flat=True))
    groups = (
        (Person, person_ids),
        (Source, [pk for d in lists for pk in d.source_ids]),
        (Incident, incident_ids),
    )
    cases: set[int] = set()
    unassigned = False
    for model, ids in groups:
        through = model.cases.through
        column = f"{model._meta.model_name}_id"
        rows = through.objects.filter(**{f"{column}__in": ids}).values_list(column, "case_id")
        with_case: dict[int, set[int]] = defaultdict(set)
        for record_id, case_id in rows:
            with_case[record_id].add(case_id)
        for record_id in set(ids):
            seen_through = with_case.get(record_id, set()) & member
            if not with_case.get(record_id):
                unassigned = True
            cases |= seen_through
    return sorted(cases), unassigned


def make_snapshot(
    lists: list[ListDefinition], strata: str, tables: dict[tuple[str, ...], CaptureTable]
) -> dict[str, Any]:
    """The input of an analysis as JSON: the lists (letter, kind, public id), the counts per
    pattern. No name: the lists' names are kept encrypted beside it."""
    return {
        "lists": [{"key": d.key, "kind": d.kind, "id": d.public_id} for d in lists],
        "strata": strata,
        "tables": [
            {
                "stratum": list(stratum),
                "counts": {
                    "".join(str(int(b)) for b in row): int(n)
                    for row, n in zip(table.patterns, table.counts, strict=True)
                },
            }
            for stratum, table in tables.items()
        ],
    }


def tables_from_snapshot(snapshot: dict[str, Any]) -> dict[tuple[str, ...], CaptureTable]:
    """The capture tables a snapshot holds (the inverse of make_snapshot)."""
    keys = [entry["key"] for entry in snapshot["lists"]]
    return {
        tuple(entry["stratum"]): CaptureTable.from_counts(
            keys, {tuple(int(b) for b in bits): n for bits, n in entry["counts"].items()}
        )
        for entry in snapshot["tables"]
    }


def snapshot_digest(snapshot: dict[str, Any]) -> str:
    """SHA-256 of the snapshot's canonical JSON (sorted keys, no spaces)."""
    canonical = json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- Running a method -----------------------------------------------------------------------


def run(
    tables: dict[tuple[str, ...], CaptureTable], method: str, options: dict[str, Any]
) -> dict[str, Any]:
    """Estimate every stratum and the total; the result as JSON (Estimate.as_json each).

    Raises MethodUnavailable when the method's module is missing, and the library's
    ValueError (CaptureError included) when the data or options cannot be used.
    """
    try:
        if list(tables) == [()]:
            total = run_method(tables[()], method, **options)
            return {"total": _with_table_warnings(total, tables[()]), "by_stratum": []}
        from kirok.lib.estimation.strata import estimate_by_stratum

        stratified = estimate_by_stratum(tables, method, **options)
    except ModuleNotFoundError as error:
        if "kirok.lib.estimation" in str(error.name or ""):
            raise MethodUnavailable(method) from error
        raise
    return {
        # The whole population's table raises its own warnings (lists that never overlap
        # anywhere), besides those of each stratum that the total repeats.
        "total": _with_table_warnings(stratified.total, _combined(tables)),
        "by_stratum": [
            {"stratum": list(stratum), "estimate": _with_table_warnings(found, tables[stratum])}
            for stratum, found in stratified.by_stratum.items()
        ],
        "notes": [str(note) for note in stratified.notes],
    }


def _combined(tables: dict[tuple[str, ...], CaptureTable]) -> CaptureTable:
    first = next(iter(tables.values()))
    counts = sum((t.counts for t in tables.values()), start=first.counts * 0)
    return CaptureTable(first.lists, first.patterns, counts)


def _with_table_warnings(found: Estimate, table: CaptureTable) -> dict[str, Any]:
    """The estimate as JSON, with the table's own warnings if the method left them out."""
    data = found.as_json()
    present = {(w["code"], json.dumps(w["params"], sort_keys=True)) for w in data["warnings"]}
    extra = [
        {"code": w.code, "message": w.message, "params": w.params}
        for w in table_warnings(table)
        if (w.code, json.dumps(w.params, sort_keys=True)) not in present
    ]
    data["warnings"] = extra + data["warnings"]
    return _plain(data)


def _plain(value: Any) -> Any:
    """JSON-safe: numpy numbers and tuples become Python numbers and lists, and a number
    that is not finite (an estimate that does not exist) becomes None, as JSON has no NaN."""
    return _finite(json.loads(json.dumps(value, default=_default)))


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list):
        return [_finite(v) for v in value]
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    return value


def _default(value: Any) -> Any:
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "item"):
        return value.item()
    raise TypeError(f"not serialisable: {type(value).__name__}")


# --- Saving ---------------------------------------------------------------------------------


def save_analysis(
    user,
    title: str,
    parameters: Parameters,
    collected: Collected,
    result: dict[str, Any],
    derived_from: EstimationAnalysis | None = None,
) -> EstimationAnalysis:
    """Store the analysis with its input snapshot; audited as ``estimation_saved``."""
    from kirok.audit import services as audit

    snapshot = collected.snapshot(parameters.strata)
    analysis = EstimationAnalysis.objects.create(
        title=title,
        list_labels=json.dumps(collected.labelled_lists(), ensure_ascii=False),
        created_by=user,
        parameters=parameters.as_json(),
        snapshot=snapshot,
        snapshot_sha256=snapshot_digest(snapshot),
        case_ids=collected.case_ids,
        includes_unassigned=collected.includes_unassigned,
        result=result,
        kirok_version=installed_version(),
        derived_from=derived_from,
    )
    audit.record("estimation_saved", actor=user, obj=analysis)
    return analysis


def rerun(analysis: EstimationAnalysis) -> dict[str, Any]:
    """The analysis's method again on its stored snapshot (seeded: the same numbers)."""
    parameters = Parameters.from_json(analysis.parameters)
    return run(tables_from_snapshot(analysis.snapshot), parameters.method, parameters.options)
