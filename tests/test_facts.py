"""The counting snapshot (kirok.facts): it applies the same visibility rule as
kirok.records.access, the same age rule as kirok.records.ages, and stays equal to the
database through edits, deletions, case changes and rolled-back transactions."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from django.db import transaction

from kirok.facts import counting, loading, snapshot
from kirok.records import access, ages
from kirok.records.models import Incident, Person, Proceeding
from kirok.sources.models import Source
from tests import factories

VISIBLE = {
    "incidents": (access.visible_incidents, "incident"),
    "persons": (access.visible_persons, "person"),
    "sources": (access.visible_sources, "source"),
    "proceedings": (access.visible_proceedings, "proceeding"),
}


def seen_in_snapshot(user, table: str) -> set[int]:
    view = counting.view_for(user)
    keys = view.snapshot.column(table, VISIBLE[table][1])
    return set(keys[getattr(view, table)].tolist())


@pytest.fixture
def world(db):
    """Two cases, one record of each kind in each, one in both, one in none; one
    member of each role in case A, an outsider, and an administrator in both."""
    users = {
        role: factories.make_user(role)
        for role in ("coordinator", "documenter", "analyst", "viewer", "administrator")
    }
    case_a = factories.make_case("A", members=users.values())
    case_b = factories.make_case("B", members=[users["administrator"]])
    for cases in ([case_a], [case_b], [case_a, case_b], []):
        person = factories.make_person(cases=cases, sex="female", birth_date="1980")
        incident = factories.make_incident(cases=cases, start_date="2012-05")
        factories.make_act(incident=incident, victim=person)
        source = factories.make_source(cases=cases)
        factories.make_evidence(source, incident=incident)
        factories.make_proceeding(incidents=[incident], cases=cases)
    users["outsider"] = factories.make_user("viewer")
    return users


@pytest.mark.parametrize("table", sorted(VISIBLE))
@pytest.mark.parametrize(
    "persona", ["coordinator", "documenter", "analyst", "viewer", "administrator", "outsider"]
)
def test_the_snapshot_shows_each_reader_exactly_what_access_shows(world, persona, table):
    user = world[persona]
    in_database = set(VISIBLE[table][0](user).values_list("pk", flat=True))
    assert seen_in_snapshot(user, table) == in_database
    if persona in ("administrator", "outsider"):
        assert in_database == set()
    if persona == "coordinator":
        assert len(in_database) == 3  # case A, both cases, and the unassigned one


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    for table in VISIBLE:
        assert seen_in_snapshot(AnonymousUser(), table) == set()


def test_the_age_rule_in_numpy_is_the_rule_of_kirok_records_ages():
    years = range(1990, 2000)
    combinations = [
        (b_lo, b_hi, e_lo, e_hi)
        for b_lo, b_hi in itertools.combinations_with_replacement(years, 2)
        for e_lo, e_hi in itertools.combinations_with_replacement(range(1995, 2030, 3), 2)
    ]
    combinations += [(0, 0, 2012, 2012), (1980, 1980, 0, 0), (2015, 2016, 2012, 2012)]
    b_lo, b_hi, e_lo, e_hi = (np.array(column) for column in zip(*combinations, strict=True))
    codes = counting.age_groups((b_lo, b_hi), (e_lo, e_hi))
    for (born_lo, born_hi, event_lo, event_hi), code in zip(combinations, codes, strict=True):
        born = (born_lo, born_hi) if born_lo else None
        event = (event_lo, event_hi) if event_lo else None
        assert loading.AGE_GROUPS[code] == ages.age_group(born, event), (born, event)


def tables_read_fresh() -> dict:
    """Every table read from the database now, rows sorted, to compare with a snapshot."""
    fresh = snapshot.Snapshot(tables={})
    snapshot._load(fresh, {family: None for family in snapshot.FAMILIES}, "default")
    return normalised(fresh)


def normalised(found: snapshot.Snapshot) -> dict:
    tables = {}
    for name, columns in found.tables.items():
        names = sorted(c for c in columns if c not in ("occupation", "updated"))
        rows = sorted(zip(*(columns[c].tolist() for c in names), strict=True))
        tables[name] = (names, rows)
    return tables


def test_every_kind_of_change_reaches_the_snapshot_and_equals_a_fresh_read(world, monkeypatch):
    coordinator = world["coordinator"]
    torture = factories.term("violation_type", "torture")
    counting.view_for(coordinator)  # read once, then change things
    full_reads = []
    reader = snapshot._read_everything
    monkeypatch.setattr(snapshot, "_read_everything", lambda *a: full_reads.append(1) or reader(*a))
    incident = Incident.objects.order_by("pk").first()
    person = Person.objects.order_by("pk").first()
    source = Source.objects.order_by("pk").first()
    case_b = factories.make_case("C")

    incident.status = "verified"
    incident.save()
    incident.violation_types.add(torture)
    new_victim = factories.make_person(cases=[case_b], sex="male", birth_date="2001")
    act = factories.make_act(incident=incident, victim=new_victim, violation_type="torture")
    factories.make_evidence(source, act=act)
    person.sex = "male"
    person.save()
    person.cases.add(case_b)
    source.cases.clear()
    Proceeding.objects.order_by("pk").last().delete()
    Incident.objects.order_by("pk").last().delete()

    current = snapshot.current()
    assert full_reads == []  # only the changed records were read again
    assert normalised(current) == tables_read_fresh()
    assert seen_in_snapshot(coordinator, "incidents") == set(
        access.visible_incidents(coordinator).values_list("pk", flat=True)
    )


def test_a_rolled_back_change_leaves_the_snapshot(world):
    coordinator = world["coordinator"]
    before = seen_in_snapshot(coordinator, "incidents")
    with pytest.raises(RuntimeError), transaction.atomic():
        factories.make_incident(start_date="2013")  # unassigned: the coordinator sees it
        assert len(seen_in_snapshot(coordinator, "incidents")) == len(before) + 1
        raise RuntimeError("the save failed")
    assert seen_in_snapshot(coordinator, "incidents") == before
    assert normalised(snapshot.current()) == tables_read_fresh()


def test_a_bulk_load_tells_every_snapshot_to_read_everything(world):
    from kirok.facts import changes

    coordinator = world["coordinator"]
    before = seen_in_snapshot(coordinator, "incidents")
    # bulk_create sends no signal: the snapshot cannot know until told.
    Incident.objects.bulk_create([Incident(title="bulk", start_date="2014")])
    changes.everything_changed()
    assert len(seen_in_snapshot(coordinator, "incidents")) == len(before) + 1
