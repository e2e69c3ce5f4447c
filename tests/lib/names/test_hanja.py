"""Names written in Chinese characters meet their Hangul and romanized spellings."""

import pytest

from kirok.lib.names import comparison_key, comparison_keys, parse_name, similarity
from kirok.lib.names.hanja import MAX_READINGS, hangul_readings, readings_of

UNREAD = "\U00020000"  # an ideograph of Extension B with no Korean reading


@pytest.mark.parametrize(
    ("hanja", "hangul", "romanized"),
    [
        ("金惠松", "김혜송", "Kim Hye-song"),  # 金 reads 김 in a name, not 금
        ("李英哲", "이영철", "Lee Young-chul"),  # 李 is 리 in the North, 이 in the South
        ("刘英哲", "류영철", "Ryu Yong Chol"),  # simplified 刘, as a Chinese record writes 劉
        ("郑光日", "정광일", "Jong Kwang Il"),  # simplified 郑 (鄭)
        ("金正恩", "김정은", "Kim Jong Un"),
        ("南宮民", "남궁민", "Namgung Min"),  # compound surname
        ("金 惠松", "김혜송", "Hyesong Kim"),  # a space after the surname
        ("金英蘭", "김영란", "Kim Young-ran"),  # 蘭 is 난 at the start of a word, 란 inside
        ("全恩兰", "전은란", "Jeon Eun-ran"),  # …where its ㄹ also changes the sound before it
        ("李蘭姬", "이난희", "Lee Nan-hee"),  # the given name's first syllable drops its ㄹ
        # A given name's character reads as schools teach it, not as a rarer reading the
        # list of name characters adds (純 순, not 준; 實 실, not 지; 昭 소; 辰 진):
        ("金純姬", "김순희", "Kim Sun-hui"),
        ("金英實", "김영실", "Kim Yong-sil"),
        ("李昭英", "리소영", "Ri So-yong"),
        ("朴辰哲", "박진철", "Pak Jin-chol"),
        ("沈金順", "심금순", "Sim Kum-sun"),  # 沈 is 심 as a surname, 金 금 in a given name
    ],
)
def test_a_name_in_chinese_characters_meets_its_hangul_and_romanized_spellings(
    hanja, hangul, romanized
):
    assert comparison_key(hanja) == comparison_key(hangul)
    assert comparison_key(hangul) in comparison_keys(romanized)
    assert similarity(hanja, hangul) == pytest.approx(1.0)
    assert similarity(hanja, romanized) >= 0.9


def test_a_different_name_in_chinese_characters_stays_different():
    assert similarity("金惠松", "김혜숙") <= 0.8  # 松 is 송, not 숙
    assert similarity("金惠松", "박혜송") < 0.9  # 朴 is another surname
    assert comparison_key("金惠淑") != comparison_key("김혜송")


def test_a_surnames_reading_comes_first_where_the_name_starts_and_the_others_stay():
    assert readings_of("金") == ("금", "김")  # as taught; 김 as a surname
    assert hangul_readings("金惠松") == ["김혜송", "금혜송"]
    assert hangul_readings("沈金順")[:2] == ["심금순", "심김순"]
    assert parse_name("金惠松").surname == "김"
    assert parse_name("金惠松").script == "hanja"
    # 宁 is a character of its own (저), and in Chinese text the simplified 寧: both are kept.
    assert {"저", "녕"} <= set(readings_of("宁"))


def test_a_character_of_unknown_reading_leaves_the_name_unread():
    # A guess would give the name another person's key; unread, it matches nothing.
    assert hangul_readings("金" + UNREAD + "松") == []
    assert comparison_key("金" + UNREAD + "松") == ":"
    assert similarity("金" + UNREAD + "松", "김혜송") == 0.0


def test_the_readings_of_a_long_name_are_capped():
    # 樂 has four readings; four of them in a row would be 256 spellings.
    assert len(hangul_readings("樂樂樂樂")) == MAX_READINGS == 8
    # Each character's first reading first, but from the third character on the reading that
    # keeps its ㄹ (란 before 난) leads: the South drops ㄹ only at the start of a word.
    readings = hangul_readings("蘭蘭蘭蘭")
    assert len(readings) == MAX_READINGS
    assert readings[0] == "난난란란"


@pytest.mark.parametrize(
    "written", ["金惠松 Kim", "金惠松/Kim", "(金惠松)", "金惠松先生", "金惠松, 48"]
)
def test_other_letters_and_titles_beside_the_characters_are_not_read_as_the_name(written):
    assert comparison_key(written) == comparison_key("김혜송")


def test_each_surnames_chinese_characters_read_as_that_surname():
    """The surname characters by which names are found in Chinese text (surnames._HANJA) are
    checked against the readings table, so a slip in the table cannot pass unnoticed."""
    from kirok.lib.names.hangul import fold_initial_sound
    from kirok.lib.names.surnames import hanja_surname, hanja_surnames

    for written, surname in hanja_surnames().items():
        assert surname in {fold_initial_sound(r) for r in hangul_readings(written)}, written
        assert hanja_surname(written + "英") == surname
    assert hanja_surname("公安") is None
