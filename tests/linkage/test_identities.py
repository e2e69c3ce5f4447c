"""Runs of the real engine over persons in the database, and the Identities they leave.

Each run_linkage call runs Splink (DuckDB) on a handful of persons: a few seconds each.
"""

from __future__ import annotations

import json

import pytest

from kirok.audit.models import AuditEvent
from kirok.linkage import services
from kirok.linkage.engine import Decision
from kirok.linkage.models import (
    CandidatePair,
    IdentityChange,
    LinkageRun,
    PairDecision,
    Verdict,
)
from kirok.records.models import Identity, Person


def identity_of(person: Person) -> int | None:
    return Person.objects.get(pk=person.pk).identity_id


def pair_of(run, a: Person, b: Person) -> CandidatePair:
    left, right = services.ordered(a, b)
    return CandidatePair.objects.get(run=run, left=left, right=right)


@pytest.fixture
def first_run(people):
    return services.run_linkage(None)


def test_a_run_links_two_spellings_into_one_identity_and_leaves_namesakes_apart(people, first_run):
    woman = identity_of(people.kim_hyesong)
    assert woman is not None
    assert identity_of(people.kim_hyesong_latin) == woman
    namesake = identity_of(people.kim_yongho_1950)
    assert namesake is None or namesake != identity_of(people.kim_yongho_1982)
    assert identity_of(people.pak) is None
    assert Person.objects.count() == 5  # nothing merged away


def test_a_run_is_stored_so_that_it_can_be_reproduced(people, first_run):
    assert first_run.finished_at is not None
    assert len(first_run.snapshot) == 64
    assert first_run.parameters["threshold"] == 0.5
    assert first_run.model, "the trained model is kept"
    assert first_run.record_count == 5
    assert first_run.cluster_count == 1
    assert first_run.change_count == 2
    pair = pair_of(first_run, people.kim_hyesong, people.kim_hyesong_latin)
    assert pair.match_probability >= 0.9
    assert pair.levels
    event = AuditEvent.objects.get(action="linkage_run")
    assert event.detail["persons"] == 5


def test_no_name_is_stored_in_clear_by_a_run(people, first_run):
    stored = json.dumps(
        [
            first_run.model,
            first_run.parameters,
            *CandidatePair.objects.values_list("levels", flat=True),
        ],
        ensure_ascii=False,
    )
    for name in ("김혜송", "Hye-song", "김영호", "Yong-ho", "박철수"):
        assert name not in stored


def test_a_second_run_keeps_the_identity_and_changes_nothing(people, first_run):
    woman = identity_of(people.kim_hyesong)
    again = services.run_linkage(None)
    assert again.change_count == 0
    assert identity_of(people.kim_hyesong_latin) == woman


def test_undoing_a_run_puts_the_previous_identities_back(people):
    before = Identity.objects.create()
    Person.objects.filter(pk=people.kim_hyesong.pk).update(identity=before)
    run = services.run_linkage(None)
    assert identity_of(people.kim_hyesong_latin) == before.pk  # joined the existing identity
    assert services.undo_run(run) == 1
    assert identity_of(people.kim_hyesong) == before.pk
    assert identity_of(people.kim_hyesong_latin) is None
    assert IdentityChange.objects.filter(run=run, undone_at__isnull=False).count() == 1
    assert AuditEvent.objects.filter(action="linkage_undone").exists()


def test_a_different_decision_splits_at_once_and_is_never_overridden_by_a_later_run(
    people, first_run, analyst
):
    pair = pair_of(first_run, people.kim_hyesong, people.kim_hyesong_latin)
    services.record_decision(analyst, pair, Verdict.DIFFERENT, "two women, says the family")
    assert identity_of(people.kim_hyesong) != identity_of(people.kim_hyesong_latin)
    rerun = services.run_linkage(None)
    assert rerun.decision_count == 1
    woman, other = identity_of(people.kim_hyesong), identity_of(people.kim_hyesong_latin)
    assert woman is None or woman != other
    event = AuditEvent.objects.get(action="linkage_decided")
    assert event.detail["verdict"] == "different"
    assert "family" not in json.dumps(event.detail)  # the note stays out of the log


def test_a_same_decision_merges_at_once_and_undo_reverses_it(people, analyst):
    left, right = services.ordered(people.pak, people.kim_yongho_1950)
    run = LinkageRun.objects.create(finished_at="2026-01-01T00:00:00Z")
    pair = CandidatePair.objects.create(
        run=run, left=left, right=right, match_probability=0.5, match_weight=0.0, certainty=0.0
    )
    services.record_decision(analyst, pair, Verdict.SAME)
    merged = identity_of(people.pak)
    assert merged is not None and merged == identity_of(people.kim_yongho_1950)
    assert services.undo_merge(analyst, Identity.objects.get(pk=merged)) == 2
    assert identity_of(people.pak) is None and identity_of(people.kim_yongho_1950) is None
    # The "same" decision is withdrawn with the merge, or the next run would force it again.
    assert services.latest_decisions()[(left.pk, right.pk)].verdict == Verdict.UNSURE


def test_the_latest_decision_counts_and_the_history_is_kept(people, analyst):
    left, right = services.ordered(people.pak, people.kim_yongho_1950)
    for verdict in (Verdict.SAME, Verdict.UNSURE, Verdict.DIFFERENT):
        PairDecision.objects.create(left=left, right=right, verdict=verdict, reviewer=analyst)
    latest = services.latest_decisions()
    assert latest[(left.pk, right.pk)].verdict == Verdict.DIFFERENT
    assert PairDecision.objects.count() == 3


def test_a_result_that_would_break_a_different_decision_is_refused():
    clusters = {"a": "a", "b": "a", "c": "c"}
    with pytest.raises(services.LinkageError):
        services.check_decisions_kept(clusters, [Decision("a", "b", "different")])
    services.check_decisions_kept(clusters, [Decision("a", "c", "different")])


def test_person_records_carry_names_birth_years_hometown_and_family(people):
    from tests import factories

    mother = factories.make_person(
        names=[{"text": "리순희", "script": "hangul", "is_primary": True}], sex="female"
    )
    factories.make_relation(mother, "mother_of", people.kim_hyesong)
    person = Person.objects.prefetch_related("names").get(pk=people.kim_hyesong.pk)
    (record,) = services.person_records([person])
    assert record.record_id == str(person.public_id)
    assert record.names == ("김혜송",)
    assert record.sex == "female"
    assert record.birth_year == 1984
    assert record.hometown == "KP-09-hoeryeong-si"
    assert record.relatives == ("리순희",)
    assert record.birth_date is None  # only the year is known


def test_a_person_born_on_a_known_day_gives_the_engine_the_date(people):
    from tests import factories

    person = factories.make_person(
        names=[{"text": "리철호", "script": "hangul", "is_primary": True}],
        birth_date="1968-04-15",
    )
    (record,) = services.person_records(
        [Person.objects.prefetch_related("names").get(pk=person.pk)]
    )
    assert (record.birth_year, record.birth_date) == (1968, "1968-04-15")


def test_the_one_dated_act_of_a_person_gives_the_engine_its_event_year(people):
    from tests import factories

    def record_of(person):
        (record,) = services.person_records(
            [Person.objects.prefetch_related("names").get(pk=person.pk)]
        )
        return record

    listed = factories.make_person(names=[{"text": "김가상", "script": "hangul"}])
    factories.make_act(victim=listed, date="2019-03")
    assert record_of(listed).event_year == 2019

    # Arrested, then held: no one year tells the event; nor does a date spread over years.
    held = factories.make_person(names=[{"text": "박가상", "script": "hangul"}])
    factories.make_act(victim=held, date="2012-11")
    factories.make_act(victim=held, date="2013-02")
    vague = factories.make_person(names=[{"text": "리가상", "script": "hangul"}])
    factories.make_act(victim=vague, date="2010/2012")
    assert record_of(held).event_year is None and record_of(vague).event_year is None
