"""What a reviewer or analyst notices about `link`: who ends up as one person, and why."""

from __future__ import annotations

import dataclasses
import json
import random

import pytest

from kirok.linkage.engine import Decision, LinkResult, PersonRecord, ScoredPair, link
from kirok.linkage.engine.features import split_names
from tests.linkage.engine.people import background, four_kim_youngho, kim_hyesong


@pytest.fixture(scope="module")
def crowd_result() -> LinkResult:
    """One run over the crowd, Kim Hye-song's three records and the four Kim Young-ho."""
    return link(background() + kim_hyesong() + four_kim_youngho())


def test_kim_hyesong_in_three_spellings_is_one_person(crowd_result):
    clusters = crowd_result.clusters
    assert clusters["ngo-17"] == clusters["testimony-4"] == clusters["un-203"] == "ngo-17"


def test_the_pairs_say_why_they_match(crowd_result):
    pair = next(p for p in crowd_result.pairs if {p.left, p.right} == {"ngo-17", "testimony-4"})
    assert pair.match_probability >= 0.9
    assert pair.levels["name"] == "same name key"
    assert pair.levels["hometown"] == "same place"  # Hyesan and 혜산시 are one gazetteer place
    assert pair.levels["birth_year"] == "derived from age, overlapping"  # 35 in 2019 ~ 1984


def test_four_namesakes_from_north_hamgyong_stay_four_people(crowd_result):
    namesakes = ["kyh-1", "kyh-2", "kyh-3", "kyh-4"]
    assert len({crowd_result.clusters[r] for r in namesakes}) == 4


def test_a_hometown_in_another_province_counts_hard_against_a_pair_in_a_small_list():
    # The demo's Kim Young-ho born 1970 in Samjiyon (Ryanggang) and the one born 1970 in
    # Chongjin (North Hamgyong) were one identity. A list too small to train on keeps the
    # starting weights, and in every generated set fewer than 1 in 50 true pairs name
    # towns that far apart (docs/methodology/linkage.md): that must weigh 4 bits against.
    samjiyon = PersonRecord("samjiyon", "ngo list", ("Kim Yeong-ho",), "male", 1970,
                            hometown="삼지연시")  # fmt: skip

    def weight(hometown: str | None) -> float:
        other = PersonRecord("other", "testimony", ("김영호",), "male", 1970, hometown=hometown)
        result = link(background() + four_kim_youngho() + [samjiyon, other])
        pair = next(p for p in result.pairs if {p.left, p.right} == {"samjiyon", "other"})
        return pair.match_weight

    assert weight("Chongjin") <= weight(None) - 4


def test_the_crowd_is_not_merged(crowd_result):
    crowd = [r.record_id for r in background()]
    assert len({crowd_result.clusters[r] for r in crowd}) == len(crowd)


def test_result_records_how_it_was_made(crowd_result):
    assert len(crowd_result.snapshot) == 64
    assert crowd_result.parameters["threshold"] == 0.5
    assert crowd_result.parameters["backend"] == "duckdb"
    assert crowd_result.parameters["engine_version"]
    model = json.loads(json.dumps(crowd_result.model))  # JSON-able
    names = [c["output_column_name"] for c in model["comparisons"]]
    assert names == ["name", "birth_year", "sex", "event_year", "hometown", "family", "source"]
    assert all(p.match_probability >= 0.05 for p in crowd_result.pairs)


def _twins() -> list[PersonRecord]:
    """Three records that look like one person in every field."""
    return [
        PersonRecord(f"t{i}", f"list {i}", ("Ri Chol-ho",), "male", 1971, hometown="Musan")
        for i in (1, 2, 3)
    ]


def test_a_different_decision_is_never_overridden():
    records = background(30) + _twins()
    linked = link(records)
    assert linked.clusters["t1"] == linked.clusters["t2"] == linked.clusters["t3"]

    decided = link(records, decisions=[Decision("t1", "t2", "different")])
    assert decided.clusters["t1"] != decided.clusters["t2"]
    # the third record still joins one of them; the constraint is kept whatever the scores
    assert decided.clusters["t3"] in {decided.clusters["t1"], decided.clusters["t2"]}


def test_a_different_decision_holds_even_at_threshold_zero():
    decided = link(_twins(), threshold=0.0, decisions=[Decision("t3", "t1", "different")])
    assert decided.clusters["t1"] != decided.clusters["t3"]


def test_a_same_decision_forces_a_link():
    strangers = [
        PersonRecord("a", names=("Pak Myong-chol",), sex="male", birth_year=1950),
        PersonRecord("b", names=("최순희",), sex="female", birth_year=1990),
    ]
    records = background(30) + strangers
    assert link(records).clusters["a"] != link(records).clusters["b"]
    forced = link(records, decisions=[Decision("a", "b", "same")])
    assert forced.clusters["a"] == forced.clusters["b"] == "a"


def test_unsure_changes_nothing():
    records = background(30) + _twins()
    plain = link(records)
    unsure = link(records, decisions=[Decision("t1", "t2", "unsure")])
    assert unsure.clusters == plain.clusters


def test_same_and_different_on_one_pair_keeps_them_apart():
    decided = link(
        _twins(), decisions=[Decision("t1", "t2", "same"), Decision("t1", "t2", "different")]
    )
    assert decided.clusters["t1"] != decided.clusters["t2"]


def test_same_input_same_result_in_any_order():
    records = background(40) + kim_hyesong() + four_kim_youngho()
    first = link(records)
    shuffled = list(records)
    random.Random(3).shuffle(shuffled)
    second = link(shuffled)
    assert first.clusters == second.clusters
    assert first.pairs == second.pairs
    assert first.snapshot == second.snapshot
    assert first.model == second.model


def test_english_names_link_too():
    people = [
        PersonRecord("e1", names=("joshua smith",), sex="male", birth_year=1980, hometown="Perth"),
        PersonRecord("e2", names=("joshua smyth",), sex="male", birth_year=1980, hometown="Perth"),
        PersonRecord("e3", names=("michaela neumann",), sex="female", birth_year=1975),
    ]
    result = link(background(30) + people)
    assert result.clusters["e1"] == result.clusters["e2"] != result.clusters["e3"]


def _born(record_id: str, name: str, day: str | None, town: str | None = None) -> PersonRecord:
    year = None if day else 1970
    return PersonRecord(
        record_id, f"list {record_id}", (name,), "male", year, birth_date=day, hometown=town
    )


def _link_two(first: PersonRecord, second: PersonRecord) -> tuple[LinkResult, ScoredPair | None]:
    """Link two records among the crowd: the result and the pair of the two, if scored."""
    result = link([*background(), first, second])
    pair = next((p for p in result.pairs if {p.left, p.right} == {"a", "b"}), None)
    return result, pair


def test_a_full_date_of_birth_finds_and_links_a_badly_misspelt_name():
    # "Kim Ypungho" (p is beside o on a keyboard) is three letters from "Kim Young-ho"'s
    # key: no name key meets it. The same day of birth brings the two records together,
    # and the names written alike then link them.
    dated, pair = _link_two(
        _born("a", "Kim Young-ho", "1970-03-02"), _born("b", "Kim Ypungho", "1970-03-02")
    )
    assert dated.clusters["a"] == dated.clusters["b"]
    assert pair.levels["birth_date"] == "same date"
    assert pair.levels["birth_year"] == "compared as full dates"  # not weighed twice
    years_only, _ = _link_two(_born("a", "Kim Young-ho", None), _born("b", "Kim Ypungho", None))
    assert years_only.clusters["a"] != years_only.clusters["b"]


def test_a_record_without_a_birth_says_missing_beside_one_with_a_full_date():
    """Splink numbers both of the birth year's weightless levels alike; the reviewer must see
    "missing" where one record gives no birth, not "compared as full dates"."""
    dated = _born("a", "Kim Young-ho", "1970-03-02", "Musan")
    unborn = PersonRecord("b", "list b", ("김영호",), "male", None, hometown="무산군")
    _, pair = _link_two(dated, unborn)
    assert pair.levels["birth_year"] == "missing"
    assert pair.levels["birth_date"] == "missing"


def test_a_day_and_month_swapped_is_a_near_date_and_a_different_day_counts_against():
    swapped, near = _link_two(
        _born("a", "Kim Young-ho", "1970-03-02", "Musan"),
        _born("b", "김영호", "1970-02-03", "무산군"),
    )
    assert near.levels["birth_date"] == "one digit off, or day and month swapped"
    assert swapped.clusters["a"] == swapped.clusters["b"]
    _, other = _link_two(
        _born("a", "Kim Young-ho", "1970-03-02", "Musan"),
        _born("b", "김영호", "1970-11-21", "무산군"),
    )
    assert other.levels["birth_date"] == "different"
    assert other.match_weight < near.match_weight - 4  # 16 times less likely, at least


def test_two_records_of_one_list_weigh_less_than_the_same_records_in_two_lists():
    # A list rarely names one person twice: the same two records weigh less as entries of
    # one list than as entries of two (mildly with the starting values of a small input;
    # training learns how rare such pairs are in the data).
    def weight(first_source: str, second_source: str) -> float:
        records = [
            PersonRecord("a", first_source, ("Pak Un-jong",), "female", 1979, hometown="Musan"),
            PersonRecord("b", second_source, ("박은정",), "female", 1980, hometown="무산군"),
        ]
        _, pair = _link_two(*records)
        return pair.match_weight

    two_lists = weight("list 1", "list 2")
    one_list = weight("list 1", "list 1")
    assert one_list < two_lists - 1  # half as likely, at least


@pytest.mark.parametrize(
    ("cell", "names"),
    [
        ("김혜송(김순희)", ["김혜송", "김순희"]),
        ("김혜송 (일명 김순희)", ["김혜송", "김순희"]),
        ("Kim Hye-song a.k.a. Kim Sun-hui", ["Kim Hye-song", "Kim Sun-hui"]),
        ("김혜송 / Kim Hye-song", ["김혜송", "Kim Hye-song"]),
        ("Kim, Hye-song", ["Kim, Hye-song"]),  # surname first, one name
        ("김일명", ["김일명"]),  # a given name that is also the word for "alias"
        ("김혜송 (35)", ["김혜송"]),  # an age in brackets is no name
        ("김혜송(여)", ["김혜송"]),  # nor is a note of sex, age or place
        ("김혜송 (여, 48세)", ["김혜송"]),
        ("Kim Hye-song (F, 48)", ["Kim Hye-song"]),
        ("Kim Hye-song (female, aged 48)", ["Kim Hye-song"]),
        ("김혜송(女)", ["김혜송"]),
        ("김혜송 (회령)", ["김혜송"]),
        ("Kim Hye-song (Kanggye)", ["Kim Hye-song"]),
        ("김혜송 (함경북도 회령시)", ["김혜송"]),
        ("김혜송 (사망)", ["김혜송"]),  # what became of the person: 사망 read 사 + 망
        ("박철 (브로커)", ["박철"]),  # their part in the story
        ("김혜송 (피해자의 어머니)", ["김혜송"]),  # whose relative they are
        ("Kim Hye-song (victim's mother)", ["Kim Hye-song"]),
        ("김혜송 (여, 48세, 사망)", ["김혜송"]),
        ("김혜송 (형수)", ["김혜송", "형수"]),  # not a word of the list: kept as a name
        ("김혜송(안주)", ["김혜송", "안주"]),  # Anju is a town, and may be 안 + 주: kept
        ("김혜송 (Kang Gye)", ["김혜송", "Kang Gye"]),  # two romanized words are a name
        # Without brackets: an alias word between two names, or a comma between full names.
        ("김혜송 일명 김순희", ["김혜송", "김순희"]),
        ("김혜송 또는 김순희", ["김혜송", "김순희"]),
        ("김혜송, Kim Hye-song", ["김혜송", "Kim Hye-song"]),
        ("Kim Hye-song, Kim Sun-hui", ["Kim Hye-song", "Kim Sun-hui"]),
        ("김혜송, 여, 48세", ["김혜송"]),  # notes after commas are left out too
        ("Kim Hye-song, F, 48", ["Kim Hye-song"]),
        ("Kim Hye Song, Hyesan", ["Kim Hye Song"]),
        ("KIM, Hye Song", ["KIM, Hye Song"]),  # a UN list's surname first: one name
        ("CHŎNG, Hye-rim", ["CHŎNG, Hye-rim"]),
        ("KIM, Hye Song, F", ["KIM, Hye Song"]),
        ("Hye-song, Kim", ["Hye-song, Kim"]),
    ],
)
def test_a_cell_with_an_alias_holds_several_names(cell, names):
    assert split_names(cell) == names


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("김○○", "김○○"),
        ("김OO", "김**"),
        ("김모씨", "김 모씨"),
        ("Kim", "Mr. Kim"),
        ("KIM XX", "Kim XX"),
    ],
)
def test_two_people_whose_given_names_were_withheld_are_not_joined_by_the_surname(first, second):
    # Reports write 김○○ to protect a person. Read as a name, every 김○○ had the key
    # "kim:", rare and so strong: two strangers of one town and year were joined at 1.0.
    result, pair = _link_two(
        PersonRecord("a", "list a", (first,), "female", 1984, hometown="혜산"),
        PersonRecord("b", "list b", (second,), "female", 1984, hometown="혜산"),
    )
    assert result.clusters["a"] != result.clusters["b"]
    assert pair is None or pair.levels["name"] == "missing"


def test_two_women_noted_female_in_brackets_share_no_name():
    # Read as a name, "(여)" gave both records the surname 여 with no given name: the same
    # name key, and the name's strongest level.
    _assert_apart_with_different_names(
        PersonRecord("a", "list a", ("김혜송(여)",), "female", 1984, hometown="혜산"),
        PersonRecord("b", "list b", ("박순옥(여)",), "female", 1984, hometown="혜산"),
    )


def _assert_apart_with_different_names(first: PersonRecord, second: PersonRecord) -> None:
    """Two records of the crowd stay two people, their names compared as different."""
    result, pair = _link_two(first, second)
    assert result.clusters["a"] != result.clusters["b"]
    assert pair is None or pair.levels["name"] == "different"


def _u_of(result: LinkResult, comparison: str, label: str) -> float:
    (level,) = [
        level
        for c in result.model["comparisons"]
        if c["output_column_name"] == comparison
        for level in c["comparison_levels"]
        if level.get("label_for_charts") == label
    ]
    return level["u_probability"]


def test_a_small_list_counts_how_often_its_records_share_a_town_by_chance():
    # Sixty people from three border towns: "same hometown" is weak evidence in this list,
    # whatever a list spread over the whole country would say. Ten people say too little
    # to move the starting value far.
    three_towns = [
        PersonRecord(f"p{i}", "list", (f"{name}",), None, 1950 + i % 40,
                     hometown=("Hyesan", "Hoeryong", "Musan")[i % 3])
        for i, name in enumerate(f"{s} {g}" for s in ("Kim", "Pak", "Choe", "Ri", "Jong")
                                  for g in ("Chol", "Sun-hui", "Yong-ho", "Myong-ok", "Kwang-il",
                                            "Hye-song", "Ok-sun", "Chol-min", "Song-il",
                                            "Un-ha", "Jin-a", "Mi-ran"))
    ]  # fmt: skip
    starting = 0.01
    assert _u_of(link(three_towns), "hometown", "same place") > 10 * starting
    assert _u_of(link(three_towns[:10]), "hometown", "same place") < 3 * starting


def test_a_record_listing_an_alias_in_its_name_links_to_a_record_under_the_alias():
    # Nothing but the name and the year: read whole, the first cell is no name that could
    # meet "Kim Sun-hui" (the pair was not even compared).
    result, pair = _link_two(
        PersonRecord("a", "list a", ("김혜송(일명 김순희)",), "female", 1984),
        PersonRecord("b", "list b", ("Kim Sun-hui",), "female", 1984),
    )
    assert result.clusters["a"] == result.clusters["b"]
    assert pair.levels["name"] == "very similar (≥ 0.9)"  # 김순희 and Kim Sun-hui


def test_a_date_that_is_not_a_calendar_day_is_not_compared():
    result = link([_born("a", "Kim Young-ho", "1970-02-30"), _born("b", "Kim Young-ho", "1970")])
    assert "birth_date" not in [c["output_column_name"] for c in result.model["comparisons"]]


def test_nothing_to_compare():
    assert link([]).clusters == {}
    alone = link([PersonRecord("only")])
    assert alone.clusters == {"only": "only"} and alone.pairs == []
    nameless = link([PersonRecord("x"), PersonRecord("y")])
    assert nameless.clusters == {"x": "x", "y": "y"}


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="unique"):
        link([PersonRecord("a"), PersonRecord("a")])
    with pytest.raises(ValueError, match="backend"):
        link(_twins(), backend="oracle")
    with pytest.raises(ValueError, match="verdict"):
        link(_twins(), decisions=[Decision("t1", "t2", "maybe")])


def test_a_trained_run_is_reproducible():
    """Above the training size, u and m are estimated from the data: still deterministic."""
    records = background(700) + kim_hyesong()
    first, second = link(records), link(list(reversed(records)))
    assert first.parameters["records"] >= 500
    assert first.model == second.model
    assert first.clusters == second.clusters
    assert [p.match_probability for p in first.pairs] == [p.match_probability for p in second.pairs]


@pytest.mark.parametrize("kept", [("sex",), ()], ids=["names and sex", "names only"])
def test_a_trained_run_of_names_without_years_or_hometowns_still_links(kept):
    """An analyst's list may hold names and little else: no pair then meets the prior's
    rules (name + birth year, name + hometown), and the run keeps its starting prior
    instead of failing on an estimate of 0."""
    blank = {"birth_year": None, "age_at_event": None, "event_year": None, "hometown": None}
    records = [
        dataclasses.replace(r, **{k: v for k, v in blank.items() if k not in kept})
        for r in background(700)
    ]
    twins = [PersonRecord("h1", names=("김혜송",)), PersonRecord("h2", names=("Kim Hye-song",))]
    result = link(records + twins)
    assert result.parameters["records"] >= 500
    assert result.clusters["h1"] == result.clusters["h2"]


def test_spark_without_pyspark_says_how_to_get_it():
    """pyspark is optional: asking for Spark without it is a clear error, not a traceback."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        from kirok.linkage.engine.spark import SparkUnavailable

        with pytest.raises(SparkUnavailable, match=r"docs/deployment/linkage-spark\.md"):
            link(_twins(), backend="spark")
    else:
        pytest.skip("pyspark is installed here; test_spark.py covers the backend")


def test_a_rare_name_alone_links_a_common_one_alone_does_not():
    """Nothing but the name: 탁혜송 is written by these two records only, while Kim Min-jun
    is carried by four other people besides the two records compared."""
    rare = [
        PersonRecord("r1", "list-a", ("탁혜송",)),
        PersonRecord("r2", "list-b", ("Tak Hye-song",)),
    ]
    others = [
        PersonRecord(f"c{i}", f"list-{i}", ("Kim Min-jun",), birth_year=1950 + 7 * i, hometown=town)
        for i, town in enumerate(("Musan", "Hyesan", "Sinuiju", "Kanggye"))
    ]
    common = [
        PersonRecord("x1", "list-a", ("김민준",)),
        PersonRecord("x2", "list-b", ("Kim Min-jun",)),
    ]
    clusters = link(background() + rare + others + common).clusters
    assert clusters["r1"] == clusters["r2"]
    assert clusters["x1"] != clusters["x2"]


def test_a_neighbouring_county_and_a_misspelt_village_count_for_the_hometown():
    records = [
        *background(),
        PersonRecord("n1", "a", ("도명수",), birth_year=1961, hometown="Musan"),
        PersonRecord("n2", "b", ("Do Myong-su",), birth_year=1961, hometown="Yonsa"),
        PersonRecord("v1", "a", ("어경란",), birth_year=1971, hometown="Songdong-ri farm"),
        PersonRecord("v2", "b", ("Eo Kyong-ran",), birth_year=1971, hometown="Songdng-ri farm"),
    ]
    levels = {(p.left, p.right): p.levels["hometown"] for p in link(records).pairs}
    assert levels[("n1", "n2")] == "nearby (≤ 50 km)"
    assert levels[("v1", "v2")] == "unknown place, spelled almost alike"


def test_a_misspelt_name_the_names_library_cannot_read_is_written_alike_as_text():
    # English names with typos, as in FEBRL: the names library reads them apart (< 0.6).
    records = [
        *background(),
        PersonRecord("e1", "a", ("isabella gilbertson",), birth_year=1911, hometown="morwell"),
        PersonRecord("e2", "b", ("isabela gilbertsn",), birth_year=1911, hometown="morwell"),
    ]
    result = link(records)
    (pair,) = [p for p in result.pairs if (p.left, p.right) == ("e1", "e2")]
    assert pair.levels["name"] == "written alike as text (Jaro–Winkler ≥ 0.9)"
    assert result.clusters["e1"] == result.clusters["e2"]


def test_siblings_of_one_town_are_not_joined_on_their_shared_surname():
    # Jaro–Winkler gives "jeong eun-ji" / "jeong jun-seo" ≥ 0.9 for their shared beginning;
    # read as Korean, they are two given names.
    _assert_apart_with_different_names(
        PersonRecord("a", "list a", ("Jeong Eun-ji",), "female", 1972, hometown="Kaesong"),
        PersonRecord("b", "list b", ("Jeong Jun-seo",), "female", 1975, hometown="Kaesong"),
    )
