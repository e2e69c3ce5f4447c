"""The engine's parts on their own: features, blocking, clustering (plain Python)."""

from __future__ import annotations

from kirok.linkage.engine import PersonRecord
from kirok.linkage.engine.blocking import blocks, candidate_pairs
from kirok.linkage.engine.clustering import cluster
from kirok.linkage.engine.features import record_features
from tests.linkage.engine.people import background, kim_hyesong


def test_every_spelling_of_hyesan_is_one_place():
    places = {
        record_features(0, PersonRecord("x", hometown=town)).place_id
        for town in ("Hyesan", "혜산시", "Hyesan-si", "Hyesan City")
    }
    assert places == {"KP-10-hyesan-si"}
    musan = record_features(0, PersonRecord("x", hometown="Musan"))
    assert musan.province == "KP-09"  # North Hamgyong


def test_an_unknown_hometown_stays_as_text():
    f = record_features(0, PersonRecord("x", hometown="Xyzzy Farm"))
    assert f.place_id == "text:xyzzyfarm" and f.province is None


def test_birth_year_from_age_at_the_event_is_a_range():
    f = record_features(0, PersonRecord("x", age_at_event=35, event_year=2019))
    assert (f.birth_low, f.birth_high, f.birth_kind) == (1983, 1985, "age")
    stated = record_features(0, PersonRecord("x", birth_year=1984, age_at_event=35))
    assert (stated.birth_low, stated.birth_high, stated.birth_kind) == (1984, 1984, "year")


def test_sex_is_read_in_either_language():
    assert record_features(0, PersonRecord("x", sex="남")).sex == "male"
    assert record_features(0, PersonRecord("x", sex="F")).sex == "female"
    assert record_features(0, PersonRecord("x", sex="unknown")).sex is None


def test_three_spellings_of_kim_hyesong_share_a_block():
    features = [record_features(i, r) for i, r in enumerate(kim_hyesong())]
    shared = [rows for key, rows in blocks(features).items() if len(rows) == 3]
    assert shared, "the three spellings never meet"


def test_blocking_stays_near_linear_on_a_crowd():
    features = [record_features(i, r) for i, r in enumerate(background(600))]
    assert len(candidate_pairs(features)) < 600 * 30


def test_a_weak_pair_stops_a_chain():
    ids = ["a", "b", "c"]
    scored = [(0, 1, 0.99), (1, 2, 0.98), (0, 2, 0.001)]
    assert len(set(cluster(ids, scored, threshold=0.9).values())) == 1
    kept_apart = cluster(ids, scored, threshold=0.9, doubt_below=0.05)
    assert kept_apart["a"] == kept_apart["b"] != kept_apart["c"]


def test_a_different_decision_cuts_the_weakest_link():
    ids = ["a", "b", "c"]
    scored = [(0, 1, 0.99), (1, 2, 0.95)]
    result = cluster(ids, scored, threshold=0.9, different=[(0, 2)])
    assert result == {"a": "a", "b": "a", "c": "c"}  # the weaker b–c link gives way


def test_cluster_ids_are_the_smallest_record_id():
    result = cluster(["r9", "r10", "r2"], [(0, 1, 0.99), (1, 2, 0.99)], threshold=0.9)
    assert set(result.values()) == {"r10"}  # string order, as record ids are strings
