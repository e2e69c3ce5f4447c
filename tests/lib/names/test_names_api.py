"""The public API of kirok.lib.names on the cases the issue names, plus the doctests."""

import doctest
import importlib

import numpy as np
import pytest

from kirok.lib import names
from kirok.lib.names import (
    COMPOUND_SURNAMES,
    NameStyle,
    comparison_key,
    comparison_keys,
    fold_initial_sound,
    hangul_candidates,
    parse_name,
    romanize,
    romanize_name,
    similarity,
    similarity_matrix,
    similarity_pairs,
    surname_candidates,
)

MODULES = ["", ".hangul", ".romanization", ".surnames", ".folding", ".parsing", ".matching",
           ".vectorised", ".formatting", ".candidates", ".syllables", ".hanja"]  # fmt: skip


@pytest.mark.parametrize("module", MODULES)
def test_the_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module("kirok.lib.names" + module))
    assert result.failed == 0


SPELLINGS_OF_KIM_HYE_SONG = [
    "김혜송", "김 혜송", "Kim Hye Song", "Kim Hye-song", "Hyesong Kim", "KIM Hye Song",
    "kim hye-song", "Kim Hyesong", "Gim Hyesong", "Hye Song KIM", "Kim, Hye-song",
    "Hye-song Kim", "Kimhyesong",
]  # fmt: skip


@pytest.mark.parametrize("spelling", SPELLINGS_OF_KIM_HYE_SONG)
def test_every_spelling_of_kim_hye_song_meets_the_hangul(spelling):
    assert comparison_key("김혜송") in comparison_keys(spelling)
    assert similarity("김혜송", spelling) >= 0.9


@pytest.mark.parametrize(
    "written",
    ["Mr. Kim Hye-song", "MRS KIM Hye Song", "Dr Hyesong Kim", "김혜송 씨", "김혜송씨",
     "김혜송 선생님", "김혜송 동무", "김혜송 여사", "Kim Hye-song, 35", "Kim, Hye-song (35)"],
)  # fmt: skip
def test_a_title_or_an_age_written_with_the_name_is_not_read_as_part_of_it(written):
    assert comparison_key(written) == comparison_key("김혜송")
    assert similarity("김혜송", written) >= 0.9


@pytest.mark.parametrize(
    "written",
    ["김혜송 (사망)", "김혜송(여)", "Kim Hye-song (deceased)", "김혜송 [가명]", "김혜송 (김순희)",
     "(김혜송)"],
)  # fmt: skip
def test_a_part_in_brackets_is_not_read_into_the_name(written):
    # A note, an age or an alias: as part of the name, 김혜송 (사망) had the key of a
    # person named 김혜송사망 and was found by no spelling of 김혜송.
    assert comparison_key(written) == comparison_key("김혜송")


def test_words_that_look_like_titles_stay_when_they_are_the_name():
    # 군 ends given names (김상군); 김씨 is "Mr Kim", a surname alone; "Misun" is not "Miss".
    assert parse_name("김상군").given == "상군"
    assert parse_name("김씨").given == "씨"
    assert parse_name("Misun Kim").given == "Misun"


def test_a_spelling_that_rules_the_name_out_shares_its_key_but_not_its_score():
    # sŏng (MR) and seong (RR) can only be 성: blocking still finds 김혜송, the score does not.
    for spelling in ("Kim Hye-sŏng", "Kim Hyeseong"):
        assert comparison_key(spelling) == comparison_key("김혜송")
        assert similarity("김혜송", spelling) <= 0.8
        assert similarity("김혜성", spelling) >= 0.9


@pytest.mark.parametrize(
    ("text", "surname", "given", "order"),
    [
        ("Hye-song Kim", "Kim", "Hye-song", "given_first"),
        ("KIM Hye Song", "Kim", "Hye-song", "surname_first"),
        ("Kim Hyesong", "Kim", "Hyesong", "surname_first"),
        ("kim hye-song", "Kim", "Hye-song", "surname_first"),
        ("Namgung Min", "Namgung", "Min", "surname_first"),
        ("Min Namgung", "Namgung", "Min", "given_first"),
        ("Hwangbo In-ho", "Hwangbo", "In-ho", "surname_first"),
        ("Jegal Seong", "Jegal", "Seong", "surname_first"),
        ("Sunwoo Jae-hyun", "Sunwoo", "Jae-hyun", "surname_first"),
        ("Nam Gung Min", "Namgung", "Min", "surname_first"),
        ("Jong Un Kim", "Kim", "Jong-un", "given_first"),
        ("Kim, Hye-song", "Kim", "Hye-song", "surname_first"),
        ("김혜송", "김", "혜송", "surname_first"),
        ("남궁민", "남궁", "민", "surname_first"),
        ("김 혜송", "김", "혜송", "surname_first"),
        ("혜송 김", "김", "혜송", "given_first"),
    ],
)
def test_it_parses_names_whatever_the_order(text, surname, given, order):
    parsed = parse_name(text)
    assert (parsed.surname, parsed.given, parsed.order) == (surname, given, order)


def test_it_reports_the_script_and_the_hangul_surnames():
    assert parse_name("김혜송").script == "hangul"
    assert parse_name("Kim Hye-song").script == "latin"
    assert parse_name("Ri Sol Ju").surname_hangul_candidates == ("이",)


@pytest.mark.parametrize(
    ("hangul", "spellings"),
    [
        ("김", "Kim Gim"),
        ("이", "Lee Yi Rhee Ri I Rhie Rie"),
        ("박", "Park Pak Bak Pack"),
        ("최", "Choi Choe Choy Chey Ch'oe"),
        ("정", "Jung Jeong Chung Cheong Joung Chŏng"),
        ("강", "Kang Gang"),
        ("조", "Cho Jo Joe Chough"),
        ("윤", "Yoon Yun"),
        ("신", "Shin Sin Shinn"),
        ("유", "Ryu Yu Yoo You Rhyu"),
        ("임", "Lim Im Rim Yim"),
        ("노", "Roh No Ro Noh"),
        ("양", "Ryang Yang"),
        ("오", "Oh O"),
        ("서", "Seo Suh So Sŏ"),
        ("권", "Kwon Gwon Kwŏn"),
        ("안", "Ahn An"),
        ("장", "Jang Chang"),
        ("전", "Jeon Jun Chun Chon"),
        ("남궁", "Namgung Namkoong Nam-gung"),
        ("황보", "Hwangbo"),
        ("제갈", "Jegal Chegal"),
        ("선우", "Seonu Sunwoo"),
        ("독고", "Dokgo Tokko"),
    ],
)
def test_surname_spellings_find_their_surname(hangul, spellings):
    for spelling in spellings.split():
        assert hangul in surname_candidates(spelling), spelling


def test_all_compound_surnames_are_known():
    expected = {"남궁", "황보", "제갈", "사공", "선우", "서문", "독고", "동방", "어금", "망절"}
    assert expected <= set(COMPOUND_SURNAMES)


@pytest.mark.parametrize(
    ("north", "south"),
    [("리", "이"), ("량강도", "양강도"), ("로동", "노동"), ("류", "유"), ("림", "임"),
     ("라선", "나선"), ("룡천", "용천"), ("녕변", "영변"), ("천리마", "천리마"), ("락원", "낙원")],
)  # fmt: skip
def test_fold_initial_sound_gives_the_south_korean_spelling(north, south):
    assert fold_initial_sound(north) == south


@pytest.mark.parametrize(
    ("system", "style", "given_first", "expected"),
    [
        ("rr", NameStyle.HYPHENATED, False, "Kim Hye-song"),
        ("rr", NameStyle.JOINED, False, "Kim Hyesong"),
        ("rr", NameStyle.SPACED, False, "Kim Hye Song"),
        ("rr", NameStyle.JOINED, True, "Hyesong Kim"),
        ("mr_plain", NameStyle.HYPHENATED, False, "Kim Hye-song"),
    ],
)
def test_romanize_name_writes_each_house_style(system, style, given_first, expected):
    assert (
        romanize_name("김혜송", system, style, given_first=given_first, surname="common")
        == expected
    )


def test_rr_given_names_take_no_sound_change_unless_asked_to_write_a_word():
    assert romanize_name("한복남", "rr") == "Han Boknam"
    assert romanize("한복남", "rr") == "Hanbongnam"
    assert romanize_name("홍빛나", "rr", sound_changes=False) == "Hong Bitna"


def test_mr_and_the_dprk_system_write_as_their_references():
    assert romanize_name("김정은", "mr") == "Kim Chŏng-ŭn"
    assert romanize_name("김정은", "mr_plain") == "Kim Chong-un"
    assert romanize_name("김정은", "dprk") == "Kim Jŏng Ŭn"
    assert romanize_name("김정은", "dprk_plain") == "Kim Jong Un"
    assert romanize("평양", "dprk") == "Phyŏngyang"


def test_unknown_systems_and_latin_input_are_refused():
    with pytest.raises(ValueError):
        romanize("김", "yale")
    with pytest.raises(ValueError):
        romanize_name("Kim Hye-song", "rr")


def test_hangul_candidates_rank_the_rr_reading_first():
    assert hangul_candidates("Kim Hye-song")[:2] == ["김혜송", "김혜성"]
    assert hangul_candidates("Kim Jong Un")[0] == "김정은"
    assert "이영희" in hangul_candidates("Lee Young-hee", limit=3)


@pytest.mark.parametrize(
    ("a", "b"),
    [("김현숙", "김혜숙"), ("이영호", "이영희"), ("김혜송", "김혜성"), ("김혜송", "박혜송"),
     ("Kim Hye-seong", "김혜송"), ("Lee Young-ho", "이영희"), ("Kim Hye Song", "Park Hye Song")],
)  # fmt: skip
def test_different_names_score_at_most_0_8(a, b):
    assert similarity(a, b) <= 0.8


@pytest.mark.parametrize(
    ("heard", "written"), [("윤학민", "윤학밈"), ("김혜송", "김해송"), ("강봉단", "강본단")]
)
def test_a_slip_of_the_ear_scores_above_a_different_name_and_below_a_spelling(heard, written):
    # Nasal finals (ㄴ/ㅁ/ㅇ) and ㅐ/ㅔ/ㅖ are what a listener confuses; ㅗ/ㅢ is another name.
    assert 0.75 <= similarity(heard, written) < 0.9
    assert similarity("이영호", "이영희") < 0.7


def test_a_latin_spelling_that_fits_two_names_is_high_for_both_but_best_for_the_usual_one():
    # "Hye Song" is MR without breves for 혜성 as well as RR for 혜송: both are possible.
    assert similarity("Kim Hye Song", "김혜성") >= 0.9
    assert similarity("Kim Hye Song", "김혜송") > similarity("Kim Hye Song", "김혜성")


def test_the_vectorised_paths_agree_with_each_other_and_the_scalar_one():
    left = ["김혜송", "Kim Hye-song", "이영희", "Choe Ryong Hae", "Namgung Min", "Lee Young-ho"]
    right = ["Hyesong Kim", "김혜숙", "Lee Young-hee", "최룡해", "남궁민", "이영호", ""]
    matrix = similarity_matrix(left, right)
    assert matrix.shape == (6, 7) and matrix.dtype == np.float32
    rows, cols = np.meshgrid(range(len(left)), range(len(right)), indexing="ij")
    pairs = similarity_pairs([left[i] for i in rows.ravel()], [right[j] for j in cols.ravel()])
    assert np.allclose(pairs.reshape(matrix.shape), matrix)
    assert np.isclose(matrix[0, 0], similarity(left[0], right[0]))
    assert ((matrix >= 0) & (matrix <= 1)).all()


def test_the_vectorised_paths_handle_empty_and_mismatched_input():
    assert similarity_matrix([], ["김"]).shape == (0, 1)
    assert similarity_pairs([], []).shape == (0,)
    with pytest.raises(ValueError):
        similarity_pairs(["김"], [])


def test_a_blank_name_is_like_no_other():
    # A missing name carries no evidence: "" or "-" must not half-match a surname.
    assert similarity("", "Kim") == 0.0
    assert similarity(" - ", "김혜송") == 0.0
    assert similarity_matrix(["Kim Hye-song", ""], ["김혜송", "--"])[1].tolist() == [0.0, 0.0]


def test_the_package_exports_what_its_docstring_promises():
    assert set(names.__all__) >= {"romanize", "romanize_name", "parse_name", "similarity"}
