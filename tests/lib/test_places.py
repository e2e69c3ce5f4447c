"""Place lookup against the gazetteer (kirok.lib.places)."""

import csv
import doctest
import time
from collections import defaultdict
from pathlib import Path

import pytest

from kirok.lib import gazetteer, places

SPELLINGS = Path(__file__).with_name("place_spellings.csv")


def _spelling_rows() -> list[dict[str, str]]:
    with SPELLINGS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


ROWS = _spelling_rows()


def test_the_spelling_table_is_big_and_names_real_places():
    assert len(ROWS) >= 100
    known = gazetteer.entries_by_id()
    assert all(row["expected_id"] in known for row in ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['text']}->{r['expected_id']}" for r in ROWS])
def test_a_spelling_people_write_finds_its_place(row):
    found = [match.place_id for match in places.find(row["text"])]
    if row["note"].startswith("ambiguous"):
        assert row["expected_id"] in found[:3]
    else:
        assert found[:1] == [row["expected_id"]]


def test_every_spelling_in_the_gazetteer_finds_its_own_place():
    owners = defaultdict(set)
    for entry in gazetteer.entries():
        for text, _ in entry.names:
            owners[places._key(places._fold(text))].add(entry.id)
    for entry in gazetteer.entries():
        for text, _ in entry.names:
            shared = len(owners[places._key(places._fold(text))])
            found = [match.place_id for match in places.find(text, limit=10)]
            # A spelling shared by k places may rank after the other k - 1 and one former row.
            assert entry.id in found[: shared + 1], (text, entry.id, found)


def test_a_match_carries_its_path_country_and_province():
    hyesan = places.find("Hyesan")[0]
    assert hyesan.path == [
        ("KP-10-hyesan-si", "Hyesan"),
        ("KP-10", "Ryanggang"),
        ("KP", "North Korea (DPRK)"),
    ]
    assert (hyesan.country, hyesan.admin1, hyesan.place_type) == ("KP", "KP-10", "city")
    assert (hyesan.name, hyesan.hangul) == ("Hyesan", "혜산시")


def test_a_site_path_runs_through_its_county_and_province():
    camp = places.find("Camp 14")[0]
    assert [place_id for place_id, _ in camp.path] == [
        "SITE-KWANLISO-14",
        "KP-02-gaecheon-si",
        "KP-02",
        "KP",
    ]
    assert camp.admin1 == "KP-02"


def test_a_chinese_county_has_its_prefecture_and_province_above_it():
    changbai = places.find("长白")[0]
    assert [place_id for place_id, _ in changbai.path] == [
        "CN-JL-BAISHAN-CHANGBAI",
        "CN-JL-BAISHAN",
        "CN-JL",
        "CN",
    ]
    assert (changbai.country, changbai.admin1) == ("CN", "CN-JL")


def test_a_province_is_its_own_admin1_and_a_country_has_none():
    assert places.find("양강도")[0].admin1 == "KP-10"
    assert places.find("North Korea")[0].admin1 is None


def test_a_former_name_finds_the_current_unit_first_and_says_so():
    saebyol = places.find("Saebyol")
    assert [m.place_id for m in saebyol[:2]] == ["KP-09-gyeongwon-gun", "KP-09-saebyeol-gun"]
    assert all(m.former for m in saebyol[:2])
    assert saebyol[0].matched == "Saebyol"
    assert saebyol[0].confidence > saebyol[1].confidence


def test_a_current_name_is_not_marked_former():
    assert not places.find("Kyongwon")[0].former
    samjiyon = places.find("Samjiyon")
    assert (samjiyon[0].place_id, samjiyon[0].former) == ("KP-10-samjiyeon-si", False)
    assert (samjiyon[1].place_id, samjiyon[1].former) == ("KP-10-samjiyeon-gun", True)


def test_confidence_falls_from_primary_to_variant_to_fuzzy():
    primary = places.find("Hyesan")[0].confidence
    stem = places.find("혜산")[0].confidence
    variant = places.find("Kabsan")[0].confidence
    former = places.find("Saebyol")[0].confidence
    fuzzy = places.find("Hyesna")[0].confidence
    assert primary == 1.0
    assert primary > stem > variant > former > fuzzy > 0


def test_a_unit_word_that_contradicts_the_type_lowers_confidence():
    assert places.find("Hyesan City")[0].confidence == 1.0
    assert places.find("Hyesan County")[0].confidence < 0.8


def test_a_unit_suffix_match_outranks_a_same_named_larger_unit():
    found = places.find("Sinuiju-si")
    assert found[0].place_id == "KP-03-sinuiju-si"
    assert found[0].confidence > found[1].confidence


def test_a_province_qualifier_breaks_a_tie_between_two_counties():
    both = places.find("Unsan")
    assert {m.place_id for m in both[:2]} == {"KP-03-unsan-gun", "KP-02-eunsan-gun"}
    assert both[0].confidence == both[1].confidence
    north = places.find("Unsan, North Pyongan")
    assert north[0].place_id == "KP-03-unsan-gun"
    assert north[0].confidence > north[1].confidence


def test_a_qualifier_outside_every_match_lowers_them_all():
    assert places.find("Hyesan, China")[0].confidence < places.find("Hyesan")[0].confidence


def test_a_place_written_under_a_province_that_no_longer_holds_it_is_found():
    # Rason belonged to North Hamgyong (2004–2010), Kaesong to North Hwanghae: lists write
    # the province of their time. Found, with the confidence a comma's qualifier gives.
    assert [(m.place_id, m.confidence) for m in places.find("함경북도 라선시")] == [("KP-13", 0.8)]
    assert places.find("황해북도 개성시")[0].place_id == "KP-15"
    assert places.find("양강도 혜산시")[0].confidence == 1.0  # its own province: no loss
    assert places.find("Musan Hoeryong") == []  # two towns: neither is the place


@pytest.mark.parametrize(
    ("written", "confidence"),
    [
        ("North Hamgyong Province, Hoeryong City", 1.0),  # largest first, as Korean orders it
        ("함경북도, 회령시", 1.0),
        ("함경북도 회령시 유선동", 0.9),  # down to a neighbourhood the gazetteer does not hold
        ("Yuseon-dong, Hoeryong", 0.9),
        ("Hoeryong-si Yuseon-dong", 0.9),
    ],
)
def test_an_address_is_found_at_its_smallest_known_unit(written, confidence):
    found = places.find(written)
    assert (found[0].place_id, found[0].confidence) == ("KP-09-hoeryeong-si", confidence)


@pytest.mark.parametrize(
    ("written", "place_id"),
    [
        ("함경북도회령시", "KP-09-hoeryeong-si"),  # Hangul addresses are often run together
        ("량강도혜산시", "KP-10-hyesan-si"),
        ("함북회령", "KP-09-hoeryeong-si"),
        ("평양시사동구", "KP-01-sadong-guyeok"),
        ("평안북도신의주시", "KP-03-sinuiju-si"),
    ],
)
def test_a_hangul_address_written_without_spaces_is_found_at_its_smallest_unit(written, place_id):
    found = places.find(written)
    assert (found[0].place_id, found[0].confidence) == (place_id, 1.0)
    # A run-together province that no longer holds the place: as with a space, found.
    assert places.find("황해북도개성시")[0].place_id == "KP-15"


def test_an_address_of_two_places_apart_or_of_unknown_words_finds_nothing_new():
    assert places.find("Musan Hoeryong") == []
    assert places.find("유선동 남문동") == []
    # A unit word is not an unknown neighbourhood: the wrong unit still costs its 0.75.
    assert places.find("Hyesan County")[0].confidence == 0.75


@pytest.mark.parametrize(
    ("written", "place_id"),
    [
        ("惠山市", "KP-10-hyesan-si"),  # a Chinese record of a North Korean town
        ("两江道 惠山市", "KP-10-hyesan-si"),  # simplified 两 (兩: 량)
        ("会宁市", "KP-09-hoeryeong-si"),  # 寧 reads 녕 first; 령 names the town
        ("朝鲜 咸镜北道 会宁市", "KP-09-hoeryeong-si"),
        ("茂山郡", "KP-09-musan-gun"),
        ("清津市", "KP-09-cheongjin-si"),
    ],
)
def test_a_north_korean_place_in_chinese_characters_is_read_in_hangul(written, place_id):
    found = places.find(written)
    assert found[0].place_id == place_id
    assert found[0].confidence == pytest.approx(0.9)  # a reading, not a name the gazetteer has


def test_a_chinese_name_the_gazetteer_holds_keeps_its_full_confidence():
    assert [(m.place_id, m.confidence) for m in places.find("延吉市")][:1] == [
        ("CN-JL-YANBIAN-YANJI", 1.0)
    ]
    assert places.find("金\U00020000") == []  # a character with no reading: nothing


def test_the_initial_sound_rule_is_folded_both_ways():
    assert places.find("룡천군")[0].place_id == places.find("용천군")[0].place_id
    assert places.find("락랑구역")[0].place_id == "KP-01-nangnang-guyeok"


def test_limit_caps_the_number_of_matches():
    assert len(places.find("Hwasong", limit=1)) == 1
    assert len(places.find("Hwasong", limit=5)) == 3


@pytest.mark.parametrize(
    "text",
    [
        "xyzzy",
        "",
        "   ",
        "<script>",
        "'; DROP TABLE places;--",
        "Seoul",
        "안녕",
        "!!!",
        "0",
        "Hyesan " * 100,
    ],
)
def test_garbage_gives_no_matches_and_no_error(text):
    assert places.find(text) == []


def test_a_lookup_is_fast_once_the_index_is_built():
    places.find("Hyesan")  # builds the index
    texts = [row["text"] for row in ROWS]
    start = time.perf_counter()
    for text in texts:
        places.find(text)
    per_lookup = (time.perf_counter() - start) / len(texts)
    assert per_lookup < 0.005  # typically ~0.15 ms; generous for slow CI machines


def test_the_module_examples_run():
    assert doctest.testmod(places).failed == 0
