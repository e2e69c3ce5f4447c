"""Places in running text that may name a person (kirok.lib.names.mentions)."""

from __future__ import annotations

import doctest

import pytest

from kirok.lib.names import comparison_key, mentions


def test_the_examples_in_the_docstring_hold():
    assert doctest.testmod(mentions).failed == 0


def named(text: str) -> list[str]:
    return [text[m.start : m.end] for m in mentions.mentions(text)]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("김혜송은 연행됐다", "김혜송"),  # a particle
        ("김혜송씨는 연행됐다", "김혜송"),  # a title and a particle
        ("리영철 동무가 말했다", "리영철"),  # the North Korean spelling of 이
        ("김 혜송이 말했다", "김 혜송"),  # the surname apart
        ("남궁민수는 떠났다", "남궁민수"),  # a two-syllable surname
        ("Officers took KIM HYE SONG away", "KIM HYE SONG"),
        ("Hye-song Kim was taken", "Hye-song Kim"),  # given name first
        ("Ch'oe Sun-hŭi and others", "Ch'oe Sun-hŭi"),  # McCune–Reischauer
        ("朝鲜籍女子金惠松被遣返", "金惠松"),  # Chinese, no space around the name
        ("同案的南宫民也被抓", "南宫民"),  # a two-character surname, simplified 宫
        ("刘英哲在图们被拘留", "刘英哲"),  # simplified 刘 (劉)
        ("어머니 金順愛(김순애)는", "金順愛"),  # characters in a Korean text
    ],
)
def test_a_name_in_running_text_is_found_with_the_key_of_its_every_spelling(text, name):
    assert name in named(text)
    mention = next(m for m in mentions.mentions(text) if text[m.start : m.end] == name)
    assert comparison_key(name) in mention.keys


@pytest.mark.parametrize("text", ["강제송환", "the Ministry of State Security", "가두었다"])
def test_four_syllable_words_rare_surnames_and_capitals_without_a_surname_are_no_names(text):
    assert named(text) == []


def test_chinese_text_gives_a_name_only_where_a_surname_character_begins_one():
    key = comparison_key("Kim Hye-song")
    text = "金额为五千元。朝鲜籍女子金惠松被遣返，金惠兰没有。"
    assert [text[m.start : m.end] for m in mentions.naming(text, key)] == ["金惠松"]
    assert named("被遣返后下落不明") == []  # no surname's character begins a name
    assert named("金\U00020000松") == []  # a character without a Korean reading


def test_naming_finds_only_the_places_with_that_key():
    text = "Kim Hye-ran and Kim Hye-song were taken; 김혜송은 돌아오지 않았다."
    key = comparison_key("Gim Hyesong")
    assert [text[m.start : m.end] for m in mentions.naming(text, key)] == [
        "Kim Hye-song",
        "김혜송",
    ]


@pytest.mark.parametrize(
    ("query", "is_name"),
    [
        ("Kim Hye-song", True),
        ("kim hye-song", True),  # typed in lower case
        ("김혜송", True),
        ("보위부 연행", False),
        ("강제송환", False),
        ("repatriated", False),
    ],
)
def test_a_query_is_taken_for_a_name_when_it_reads_whole_as_one(query, is_name):
    assert mentions.is_name(query) is is_name
