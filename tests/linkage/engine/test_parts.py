"""The engine's parts on their own: features, blocking, clustering (plain Python)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kirok.linkage.engine import PersonRecord, link, model
from kirok.linkage.engine.blocking import blocks, candidate_pairs
from kirok.linkage.engine.clustering import cluster
from kirok.linkage.engine.comparisons import NEARBY_KM, NameSimilarity
from kirok.linkage.engine.features import place, place_xy, record_features
from kirok.linkage.engine.model import (
    EM_BUCKETS,
    EM_MAX_PAIRS,
    EM_RULES,
    TF_SMOOTHING,
    _em_bucket,
    _em_rules,
    name_key_frequencies,
)
from tests.linkage.engine.people import background, kim_hyesong


def test_every_spelling_of_hyesan_is_one_place():
    places = {
        record_features(0, PersonRecord("x", hometown=town)).place_id
        for town in (
            "Hyesan",
            "혜산시",
            "Hyesan-si",
            "Hyesan City",
            "Hyesan City, Ryanggang Province",
            "혜산(양강도)",
            "Hyesan/Ryanggang",  # a slash between the parts of an address, as a comma
        )
    }
    assert places == {"KP-10-hyesan-si"}
    musan = record_features(0, PersonRecord("x", hometown="Musan"))
    assert musan.province == "KP-09"  # North Hamgyong


@pytest.mark.parametrize(
    "withheld",
    ["김○○", "김OO", "김00", "김**", "김××", "김 모씨", "김모", "김아무개", "남궁모", "김○송",
     "KIM OO", "Kim OOO", "Kim XX", "Kim ***", "김??", "김", "Kim", "Mr. Pak"],
)  # fmt: skip
def test_a_name_that_gives_only_the_surname_is_not_compared(withheld):
    assert record_features(0, PersonRecord("x", names=(withheld,))).name is None


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("이현모", "i:hUnmo"),
        ("김모란", "kim:molan"),
        ("Kim Mo", "kim:mo"),
        ("Hyesong", ":hYsoN"),
        ("김혜송?", "kim:hYsoN"),  # one question mark doubts the name, it hides nothing
        ("Kim_Hye_song", "kim:hYsoN"),
        ("김혜송 2000", "kim:hYsoN"),
    ],
)
def test_a_name_that_only_looks_withheld_is_still_a_name(name, key):
    assert record_features(0, PersonRecord("x", names=(name,))).name.key == key


def test_an_unknown_hometown_stays_as_text():
    f = record_features(0, PersonRecord("x", hometown="Xyzzy Farm"))
    assert f.place_id == "text:xyzzyfarm" and f.province is None


@pytest.mark.parametrize(
    "unknown", ["미상", "불명", "NA", "N/A", "nan", "Unknown", "성명 미상", "-"]
)
def test_a_value_that_says_it_is_unknown_is_missing_not_a_value(unknown):
    # Two records "from 미상" must not agree on a hometown, nor two "nan" share a name.
    f = record_features(
        0, PersonRecord("x", names=(unknown, f"김혜송 ({unknown})"), hometown=unknown)
    )
    assert f.place_id is None and f.province is None
    assert f.names == ("김혜송",)


def test_birth_year_from_age_at_the_event_is_a_range():
    f = record_features(0, PersonRecord("x", age_at_event=35, event_year=2019))
    assert (f.birth_low, f.birth_high, f.birth_kind) == (1983, 1985, "age")
    stated = record_features(0, PersonRecord("x", birth_year=1984, age_at_event=35))
    assert (stated.birth_low, stated.birth_high, stated.birth_kind) == (1984, 1984, "year")


def test_sex_is_read_in_either_language():
    assert record_features(0, PersonRecord("x", sex="남")).sex == "male"
    assert record_features(0, PersonRecord("x", sex="F")).sex == "female"
    assert record_features(0, PersonRecord("x", sex="unknown")).sex is None


def test_pyongyang_is_a_city_with_neighbours_and_a_province_is_an_area():
    # Pyongyang is a first-level unit like a province, but one city: a record from
    # Pyongyang and one from Pyongsong (26 km away) name neighbouring places.
    (x1, y1), (x2, y2) = (place_xy(place(town)[0]) for town in ("평양시", "평남 평성"))
    assert math.hypot(x1 - x2, y1 - y2) <= NEARBY_KM
    assert place_xy(place("양강도")[0]) is None


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
    kept_apart = cluster(ids, scored, threshold=0.9)
    assert kept_apart["a"] == kept_apart["b"] != kept_apart["c"]
    # Never compared, a–c counts as an unlikely pair (UNCOMPARED_PROBABILITY): the two
    # strong links outweigh it at 0.5, not at 0.9.
    assert len(set(cluster(ids, scored[:2], threshold=0.5).values())) == 1
    assert len(set(cluster(ids, scored[:2], threshold=0.9).values())) == 2


def test_one_doubtful_pair_does_not_veto_a_merge_the_others_support():
    # a, b, c are one person; d is too, but one of its pairs (a wrong sex on a) is weak.
    ids = ["a", "b", "c", "d"]
    scored = [(0, 1, 0.99), (0, 2, 0.99), (1, 2, 0.99), (2, 3, 0.98), (1, 3, 0.97), (0, 3, 0.2)]
    assert len(set(cluster(ids, scored, threshold=0.5).values())) == 1
    # The mean log-odds across (0.98, 0.97, 0.2) is below what 0.9 asks for.
    strict = cluster(ids, scored, threshold=0.9)
    assert strict["a"] == strict["b"] == strict["c"] != strict["d"]


def test_a_different_decision_cuts_the_weakest_link():
    ids = ["a", "b", "c"]
    scored = [(0, 1, 0.99), (1, 2, 0.95)]
    result = cluster(ids, scored, threshold=0.9, different=[(0, 2)])
    assert result == {"a": "a", "b": "a", "c": "c"}  # the weaker b–c link gives way


def test_cluster_ids_are_the_smallest_record_id():
    result = cluster(["r9", "r10", "r2"], [(0, 1, 0.99), (1, 2, 0.99)], threshold=0.5)
    assert set(result.values()) == {"r10"}  # string order, as record ids are strings


def _pairs(records: list[PersonRecord]) -> set[tuple[str, str]]:
    features = [record_features(i, r) for i, r in enumerate(records)]
    ids = [r.record_id for r in records]
    return {(ids[a], ids[b]) for a, b in candidate_pairs(features).tolist()}


def test_a_name_misspelt_by_one_letter_meets_its_right_spelling():
    # No birth year, no hometown: only the name can bring them together.
    records = [PersonRecord("a", names=("장문철",)), PersonRecord("b", names=("장뮨철",))]
    features = [record_features(i, r) for i, r in enumerate(records)]
    assert features[0].name.key != features[1].name.key
    assert _pairs(records) == {("a", "b")}
    far = [PersonRecord("a", names=("장문철",)), PersonRecord("c", names=("장영희",))]
    assert _pairs(far) == set()


def test_a_letter_added_or_dropped_meets_the_name_without_it():
    # "Eun-shimm": a doubled letter makes a key one letter longer than 이은심's.
    records = [
        PersonRecord("a", names=("이은심",), birth_year=1957),
        PersonRecord("b", names=("LEE EUN-SHIMM",), birth_year=1957),
    ]
    features = [record_features(i, r) for i, r in enumerate(records)]
    assert features[0].name.key != features[1].name.key
    assert _pairs(records) == {("a", "b")}


def test_a_misspelt_name_without_a_birth_year_meets_one_with_it():
    records = [
        PersonRecord("a", names=("장문철",), birth_year=1968),
        PersonRecord("b", names=("장뮨철",)),
        PersonRecord("c", names=("장뮨철",), birth_year=1990),  # another decade: kept apart
    ]
    assert ("a", "b") in _pairs(records) and ("a", "c") not in _pairs(records)


def test_a_mistyped_surname_or_a_foreign_name_meets_by_hometown_and_a_name_part():
    records = [
        PersonRecord("a", names=("Kang Chin-ok",), hometown="Pukchong"),
        PersonRecord("b", names=("Knag Chin Ok",), hometown="Pukchong-kun"),
        PersonRecord("c", names=("aidan horsley",), hometown="irvingdale vic"),
        PersonRecord("d", names=("aidsn horsley",), hometown="irvingdale vic"),
        PersonRecord("e", names=("Kang Chin-ok",), hometown="Musan"),  # another town
    ]
    assert {("a", "b"), ("c", "d")} <= _pairs(records)
    assert ("b", "e") not in _pairs(records)


def test_same_hometown_and_birth_year_meet_whatever_the_names():
    # An alias: the name shares nothing, the rest of the record does.
    records = [
        PersonRecord("a", names=("박영철",), birth_year=1965, hometown="Musan"),
        PersonRecord("b", names=("박혁남",), birth_year=1965, hometown="무산군"),
        PersonRecord("c", names=("최명희",), birth_year=1966, hometown="Musan"),
    ]
    assert _pairs(records) == {("a", "b")}


def test_a_crowd_of_namesakes_is_cut_by_decade_then_by_province():
    towns = ("Musan", "Hyesan", "Sinuiju", "Kanggye", "Wonsan", "Haeju")
    crowd = [
        PersonRecord(
            f"k{i:03d}", names=("김영호",), birth_year=1970 + i % 10, hometown=towns[i % 6]
        )
        for i in range(300)
    ]
    nowhere = PersonRecord("unknown", names=("Kim Young-ho",), birth_year=1972)
    pairs = _pairs([*crowd, nowhere])
    assert ("k000", "k006") in pairs  # both of Musan, in the 1970s
    assert ("k000", "k001") not in pairs  # Musan and Hyesan
    assert ("k006", "unknown") in pairs  # no hometown: compared within every province
    assert len(pairs) < 300 * 60


def test_the_name_frequency_leaves_out_the_two_records_compared():
    names = ["김혜송", "김혜송", "김영호", "김영호", "김영호", "Kim Young-ho"]
    features = [record_features(i, PersonRecord(str(i), names=(n,))) for i, n in enumerate(names)]
    table = name_key_frequencies(features).to_pydict()
    frequency = dict(zip(table["name_key"], table["tf_name_key"], strict=True))
    kim_hyesong, kim_youngho = features[0].name.key, features[2].name.key
    # Only the pair itself carries 김혜송: half a record's worth (TF_SMOOTHING) remains.
    assert frequency[kim_hyesong] == pytest.approx(TF_SMOOTHING / 6)
    # Four records carry Kim Young-ho (any script): two others besides the pair.
    assert frequency[kim_youngho] == pytest.approx((2 + TF_SMOOTHING) / 6)


def test_name_similarity_is_the_same_looked_up_or_computed():
    names = ["김혜송", "Kim Hye-song", "Hyesong Kim", "김혜송", None, "이영희"]
    similarity = NameSimilarity(names)
    pairs = np.array([(0, 1), (0, 3), (1, 2), (2, 5), (0, 4)], dtype=np.int64)
    similarity.precompute(pairs)
    looked_up = similarity(pairs[:, 1], pairs[:, 0])  # either order
    fresh = NameSimilarity(names)(pairs[:, 0], pairs[:, 1])  # nothing precomputed
    assert looked_up.tolist() == pytest.approx(fresh.tolist())
    assert looked_up[1] == 1.0  # written alike
    assert looked_up[4] == 0.0  # no name
    assert looked_up[0] > 0.9 > looked_up[3]  # a romanization, then another person
    # A pair never precomputed (Splink's random sample for u) is computed on the spot.
    unseen = similarity(np.array([1]), np.array([5]))[0]
    assert unseen == pytest.approx(fresh_score(names, 1, 5)) and unseen < 0.6


def fresh_score(names, a: int, b: int) -> float:
    return NameSimilarity(names)(np.array([a]), np.array([b]))[0]


def test_neighbouring_counties_are_nearby_far_ones_only_the_same_province():
    musan, yonsa, kimchaek = (
        record_features(0, PersonRecord("x", hometown=town)).place_xy
        for town in ("Musan", "Yonsa", "Kimchaek")
    )
    assert math.dist(musan, yonsa) <= NEARBY_KM < math.dist(musan, kimchaek)
    province = record_features(0, PersonRecord("x", hometown="North Hamgyong"))
    assert province.province == "KP-09" and province.place_xy is None


def test_a_huge_em_block_is_sampled_and_a_small_one_is_not():
    # 1,100 records of one town and one birth year: 604,450 pairs, one EM block.
    crowd = [
        PersonRecord(str(i), names=(f"김{chr(0xAC00 + i)}철",), birth_year=1976, hometown="Hyesan")
        for i in range(1100)
    ]
    features = [record_features(i, r) for i, r in enumerate(crowd)]

    def place_and_year(rows):
        return [rule for rule in _em_rules(rows) if rule.startswith(EM_RULES[1])]

    assert place_and_year(features) == [
        f"{EM_RULES[1]} AND l.em_bucket < {EM_BUCKETS * EM_MAX_PAIRS // 604_450}"
    ]
    kept = sum(_em_bucket(i) < 827 for i in range(1100))
    assert 0.75 < kept / 1100 < 0.9  # the hash spreads rows over the buckets
    assert place_and_year(features[:300]) == [EM_RULES[1]]  # 44,850 pairs: all of them


def test_a_sampled_em_block_still_trains_the_model(monkeypatch):
    monkeypatch.setattr(model, "EM_MAX_PAIRS", 50)
    records = [*background(600), *kim_hyesong()]
    result = link(records)
    assert any(
        "em_bucket" in rule
        for rule in _em_rules([record_features(i, r) for i, r in enumerate(records)])
    )
    assert len({result.clusters[r.record_id] for r in kim_hyesong()}) == 1
