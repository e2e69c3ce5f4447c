"""Who is on which list: evidence makes membership, linkage folds records, access limits all."""

from __future__ import annotations

import pytest

from kirok.estimation import services
from kirok.lib.estimation import CaptureError
from kirok.records.models import Identity
from tests import factories


def parameters(sources, **fields) -> services.Parameters:
    return services.Parameters(
        list_kind="source", list_ids=tuple(str(s.public_id) for s in sources), **fields
    )


def counts(table) -> dict[tuple[int, ...], int]:
    return {
        tuple(int(b) for b in row): int(n)
        for row, n in zip(table.patterns, table.counts, strict=True)
        if n
    }


def test_evidence_on_a_person_an_act_or_an_incident_puts_the_person_on_the_list(
    estimation_world,
):
    world = estimation_world
    collected = services.collect(world.analyst, parameters(world.sources))
    assert list(collected.tables) == [()]
    assert counts(collected.tables[()]) == world.expected
    assert collected.person_records == collected.identities == 30
    assert [d.key for d in collected.lists] == ["A", "B", "C"]


def test_a_person_cited_by_two_sources_is_on_both_lists(db, reference_data):
    analyst = factories.make_user("analyst")
    case = factories.make_case(members=[analyst])
    first, second = factories.make_source(cases=[case]), factories.make_source(cases=[case])
    person = factories.make_person(cases=[case])
    factories.make_evidence(first, person=person)
    factories.make_evidence(second, person=person)
    collected = services.collect(analyst, parameters([first, second]))
    assert counts(collected.tables[()]) == {(1, 1): 1}


def test_two_records_linked_into_one_identity_count_once(db, reference_data):
    analyst = factories.make_user("analyst")
    case = factories.make_case(members=[analyst])
    first, second = factories.make_source(cases=[case]), factories.make_source(cases=[case])
    identity = Identity.objects.create()
    one = factories.make_person(cases=[case], identity=identity)
    other = factories.make_person(cases=[case], identity=identity)
    factories.make_evidence(first, person=one)
    factories.make_evidence(second, person=other)
    collected = services.collect(analyst, parameters([first, second]))
    assert counts(collected.tables[()]) == {(1, 1): 1}
    assert (collected.person_records, collected.identities, collected.folded) == (2, 1, 1)


def test_records_of_a_case_the_analyst_is_not_in_change_nothing(estimation_world):
    world = estimation_world
    before = services.collect(world.analyst, parameters(world.sources))
    hidden_case = factories.make_case("다른 사례")
    # Hidden people cited by the analyst's own sources, and a hidden person linked into the
    # Identity of a visible one: none of it may show in any number.
    for _ in range(5):
        person = factories.make_person(cases=[hidden_case])
        factories.make_evidence(world.sources[0], person=person)
        factories.make_evidence(world.sources[1], person=person)
    identity = Identity.objects.create()
    visible = world.persons[0]
    visible.identity = identity
    visible.save()
    hidden = factories.make_person(cases=[hidden_case], identity=identity)
    factories.make_evidence(world.sources[2], person=hidden)
    hidden_source = factories.make_source(cases=[hidden_case])
    factories.make_evidence(hidden_source, person=world.persons[1])
    after = services.collect(world.analyst, parameters([*world.sources, hidden_source]))
    assert counts(after.tables[()]) == counts(before.tables[()])
    assert (after.person_records, after.identities) == (before.person_records, 30)
    assert len(after.lists) == 3  # the hidden source is not a list the analyst can choose
    assert after.case_ids == [world.case.pk] and not after.includes_unassigned


def test_strata_by_year_and_by_sex(estimation_world):
    world = estimation_world
    by_year = services.collect(world.analyst, parameters(world.sources, strata="year"))
    assert sorted(by_year.tables) == [("2012",), ("2015",)]
    assert sum(t.observed for t in by_year.tables.values()) == 30
    by_sex = services.collect(world.analyst, parameters(world.sources, strata="sex"))
    assert sorted(by_sex.tables) == [("female",), ("male",)]
    assert by_sex.tables[("female",)].observed == 15


def test_strata_by_province_follow_the_place_hierarchy(estimation_world):
    world = estimation_world
    by_province = services.collect(world.analyst, parameters(world.sources, strata="province"))
    assert list(by_province.tables) == [("KP-09",)]  # Hoeryong is in North Hamgyong


def test_year_range_and_violation_filters(estimation_world):
    world = estimation_world
    only_2015 = services.collect(
        world.analyst, parameters(world.sources, year_from=2014, year_to=2016)
    )
    assert only_2015.identities == 15
    none = services.collect(world.analyst, parameters(world.sources, violation="torture"))
    assert none.identities == 0
    detained = services.collect(
        world.analyst, parameters(world.sources, violation="arbitrary_detention")
    )
    assert detained.identities == 30


def test_organization_lists_gather_their_sources(db, reference_data):
    analyst = factories.make_user("analyst")
    case = factories.make_case(members=[analyst])
    group_one = factories.make_organization("ngo-one", "단체 하나", "NGO one", kind="ngo")
    group_two = factories.make_organization("ngo-two", "단체 둘", "NGO two", kind="ngo")
    sources = [
        factories.make_source(cases=[case], organization=org)
        for org in (group_one, group_one, group_two)
    ]
    person = factories.make_person(cases=[case])
    factories.make_evidence(sources[1], person=person)
    factories.make_evidence(sources[2], person=person)
    alone = factories.make_person(cases=[case])
    factories.make_evidence(sources[0], person=alone)
    chosen = services.Parameters(
        list_kind="organization", list_ids=(str(group_one.public_id), str(group_two.public_id))
    )
    collected = services.collect(analyst, chosen)
    assert counts(collected.tables[()]) == {(1, 1): 1, (1, 0): 1}
    assert [d.label for d in collected.lists] == ["NGO one", "NGO two"]


def test_snapshot_round_trip_and_digest(estimation_world):
    world = estimation_world
    collected = services.collect(world.analyst, parameters(world.sources, strata="year"))
    snapshot = collected.snapshot("year")
    again = services.tables_from_snapshot(snapshot)
    assert {k: counts(t) for k, t in again.items()} == {
        k: counts(t) for k, t in collected.tables.items()
    }
    assert len(services.snapshot_digest(snapshot)) == 64
    assert services.snapshot_digest(snapshot) == services.snapshot_digest(
        services.make_snapshot(collected.lists, "year", again)
    )


def test_the_conftest_personas_each_count_only_what_they_see(analyst, coordinator, case):
    """The analyst is in ``case``; the coordinator is not, and sees only unassigned records."""
    first, second = factories.make_source(cases=[case]), factories.make_source(cases=[case])
    both = factories.make_person(names=[], cases=[case])
    one = factories.make_person(names=[], cases=[case])
    unassigned = factories.make_person(names=[])  # in no case: coordinators only
    for source, person in ((first, both), (second, both), (first, one)):
        factories.make_evidence(source, person=person)
    chosen = parameters([first, second])
    before = services.collect(analyst, chosen)
    factories.make_evidence(first, person=unassigned)
    factories.make_evidence(second, person=unassigned)
    after = services.collect(analyst, chosen)
    assert counts(after.tables[()]) == counts(before.tables[()]) == {(1, 1): 1, (1, 0): 1}
    # The coordinator is not in the case: its sources are not lists it can choose.
    assert services.list_definitions(coordinator, "source", chosen.list_ids) == []
    with pytest.raises(CaptureError):
        services.collect(coordinator, chosen)


def test_the_cases_counted_include_those_of_the_victims_incidents(db, reference_data):
    analyst = factories.make_user("analyst")
    first_case = factories.make_case(members=[analyst])
    second_case = factories.make_case(members=[analyst])
    outside = factories.make_case()  # the analyst is not in it: never named
    sources = [factories.make_source(cases=[first_case]) for _ in range(2)]
    person = factories.make_person(names=[], cases=[first_case])
    for source in sources:
        factories.make_evidence(source, person=person)
    factories.make_act(incident=factories.make_incident(cases=[second_case]), victim=person)
    factories.make_act(incident=factories.make_incident(cases=[outside]), victim=person)
    collected = services.collect(analyst, parameters(sources))
    assert collected.case_ids == sorted([first_case.pk, second_case.pk])
