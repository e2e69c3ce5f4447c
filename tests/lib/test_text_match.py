"""Where a search's words occur in a text (kirok.lib.text_match), and the passage shown."""

from __future__ import annotations

import doctest

import pytest

from kirok.lib import text_match
from kirok.search import snippets


@pytest.mark.parametrize("module", [text_match, snippets])
def test_the_examples_in_the_docstrings_hold(module):
    assert doctest.testmod(module).failed == 0


@pytest.mark.parametrize(
    ("text", "word", "found"),
    [
        ("Songhwa county", "song", True),
        ("Kim Hye-song", "song", True),
        ("the Onsong holding centre", "song", False),  # inside a Latin word
        ("A/HRC/WGEID/2020/5", "wgeid", True),  # a slash starts a word
        ("온성군 보위부는", "보위부", True),  # a particle after it
        ("국가보위부에서", "보위부", True),  # a Korean compound
        ("DETAINED at Onsong", "detained", True),  # case folded
        ("Ｋｉｍ Hye-song", "kim", True),  # full-width letters folded
    ],
)
def test_a_latin_word_matches_where_a_word_starts_and_korean_anywhere(text, word, found):
    assert text_match.holds_all(text, [word]) is found


def test_every_word_must_occur():
    assert text_match.holds_all("Kim Hye-song, from Onsong", ["kim", "hye", "song"])
    assert not text_match.holds_all("Kim Tong-son, from Onsong", ["kim", "hye", "song"])


@pytest.mark.parametrize(
    ("text", "side_by_side"),
    [
        ("2. Kim Hye-song (born 1984)", True),
        ("HYE SONG KIM, 1984", True),  # given name first
        ("Kim, Hye Song", True),  # a UN list's surname first
        ("Kim Tong-son, from Hyesan; Songhwa county", False),
        ("Kim Hye", False),  # a word missing
    ],
)
def test_words_side_by_side_are_told_from_words_scattered(text, side_by_side):
    assert text_match.together(text, ["kim", "hye", "song"]) is side_by_side


def test_korean_words_side_by_side_may_carry_a_particle():
    assert text_match.together("그해 온성군 보위부는 혜산에서 그를 잡았다", ["보위부", "혜산"])
    assert not text_match.together("보위부가 왔다. 그 뒤 혜산으로 갔다", ["보위부", "혜산"])


def test_the_closest_stretch_is_found_in_a_long_text_without_delay():
    """A long list holding one word thousands of times: the stretch is found in one pass
    (an earlier version of the window compared every pair of occurrences)."""
    text = "Kim Chol, " * 20_000 + "Kim Hye-song"
    start, end, count = text_match.closest(text_match.fold(text), ["kim", "hye", "song"])
    assert (text[start:end], count) == ("Kim Hye-song", 3)


def test_the_snippet_shows_where_the_words_stand_closest_not_where_one_first_occurs():
    text = "Kim Tong-son, from Onsong. " + "Nothing here. " * 20 + "Kim Hye-song was taken."
    pieces = snippets.snippet(text, ["kim", "hye", "song"])
    marked = [piece.text for piece in pieces if piece.match]
    assert marked[-3:] == ["Kim", "Hye", "song"]
    assert "Tong-son" not in "".join(piece.text for piece in pieces)


def test_a_character_whose_folding_is_longer_keeps_the_marks_in_place():
    pieces = snippets.snippet("Straße in Hyesan", ["hyesan"])
    assert [(p.text, p.match) for p in pieces] == [("Straße in ", False), ("Hyesan", True)]


def test_words_pages_apart_give_a_passage_of_the_usual_length():
    text = "Kim Chol-su was taken. " + "Nothing here. " * 500 + "Hyesan. Songhwa."
    passage = "".join(piece.text for piece in snippets.snippet(text, ["kim", "hye", "song"]))
    assert passage.startswith("Kim Chol-su") and len(passage) <= 2 * snippets.CONTEXT + 2
