"""Occupations typed freely, counted as one (kirok.lib.occupations)."""

from __future__ import annotations

import doctest

import pytest

from kirok.lib import occupations


def test_the_examples_in_the_docstring_hold():
    assert doctest.testmod(occupations).failed == 0


@pytest.mark.parametrize(
    "spellings",
    [
        ("labourer", "Laborer", "노동자", "로동자"),  # North Korean spelling
        ("teacher", "School teacher", "교원", "교사"),
        ("no occupation", "Unemployed", "무직"),
        ("farm worker", "협동농장원", "농민"),
    ],
)
def test_every_spelling_of_a_listed_occupation_has_one_key(spellings):
    assert len({occupations.key(text) for text in spellings}) == 1


def test_no_spelling_belongs_to_two_occupations():
    seen: dict[str, str] = {}
    for occupation in occupations.occupations():
        for spelling in occupation.spellings:
            folded = occupations.key(spelling)
            assert seen.setdefault(spelling.casefold(), occupation.code) == occupation.code
            assert folded == occupations.KNOWN + occupation.code


def test_free_text_cannot_pass_for_the_key_of_another_occupation():
    """Keys of listed occupations start with "=": typed text that starts so loses it."""
    assert occupations.key("=teacher") == occupations.key("teacher") == "=teacher"
    assert occupations.key("=mason") == "mason"
