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
    ],
)
def test_a_name_in_running_text_is_found_with_the_key_of_its_every_spelling(text, name):
    assert name in named(text)
    mention = next(m for m in mentions.mentions(text) if text[m.start : m.end] == name)
    assert comparison_key(name) in mention.keys


@pytest.mark.parametrize("text", ["강제송환", "the Ministry of State Security", "가두었다"])
def test_four_syllable_words_rare_surnames_and_capitals_without_a_surname_are_no_names(text):
    assert named(text) == []


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
