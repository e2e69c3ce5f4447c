"""Names written in Chinese characters, read as Hangul.

South Korean registers, older North Korean papers and, above all, Chinese police and court
records of North Koreans caught in China write a Korean name in Chinese characters: 金惠松,
or in the simplified forms of mainland China, 刘英哲 for 劉英哲. Each character has a Korean
reading (kirok/data/hanja/readings.txt, from Unicode's Unihan database), so the name has a
Hangul spelling, 김혜송 or 류영철, which the rest of the package compares like any other.

A few characters have several readings (金: 김 as a surname, 금 otherwise; 純: 순, or 준 in the
list of name characters; 寧: 녕, 령 or 영). The one schools teach comes first, a surname's own
where the name starts, and :func:`hangul_readings` gives the combinations in that order, so
the first is the likely one and the others remain for matching.

>>> hangul_readings("金惠松")
['김혜송', '금혜송']
>>> hangul_readings("刘英哲")[0], hangul_readings("李 英哲")[0]
('류영철', '리 영철')
>>> has_hanja("김혜송"), has_hanja("金惠松"), hangul_readings("金\U00020000松")  # no reading
(False, True, [])
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from importlib import resources

from kirok.lib.names import surnames
from kirok.lib.names.hangul import fold_initial_sound

# Readings of one name at most: the combinations of characters with several readings grow
# fast (four characters of three readings are 81), and the likely ones come first.
MAX_READINGS = 8


def is_hanja(char: str) -> bool:
    """Whether a character is a CJK ideograph (the unified and compatibility blocks)."""
    code = ord(char)
    return (
        0x4E00 <= code <= 0x9FFF  # CJK Unified Ideographs
        or 0x3400 <= code <= 0x4DBF  # Extension A
        or 0xF900 <= code <= 0xFAFF  # Compatibility Ideographs (Korean duplicates)
        or 0x20000 <= code <= 0x3134F  # Extensions B–G
    )


def has_hanja(text: str) -> bool:
    return any(is_hanja(char) for char in text)


@lru_cache(maxsize=1)
def _table() -> dict[str, tuple[str, ...]]:
    text = resources.files("kirok.data").joinpath("hanja", "readings.txt").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        char, _, readings = line.partition("\t")
        table[char] = tuple(readings.split())
    return table


def readings_of(char: str) -> tuple[str, ...]:
    """The Korean readings of one character, the taught one first (金: 금 김); () if unknown."""
    return _table().get(char, ())


@lru_cache(maxsize=50_000)
def hangul_readings(text: str, limit: int = MAX_READINGS) -> list[str]:
    """The Hangul spellings of a name written in Chinese characters, the likely one first.

    Spaces and other characters that are not ideographs stay as they are. An ideograph with
    no known Korean reading leaves the name unread: [] (a wrong guess would join strangers).
    """
    choices = []
    for index, char in enumerate(text):
        if not is_hanja(char):
            choices.append((char,))
        elif found := readings_of(char):
            if index == 0:
                found = _surname_first(char, found)
            elif _third_or_later(text, index):
                found = _inside_a_name(found)
            choices.append(found)
        else:
            return []
    ranked = sorted(
        itertools.islice(_combinations(choices), limit * limit),
        key=lambda pair: pair[0],
    )
    return [spelling for _, spelling in ranked[:limit]]


def _surname_first(char: str, readings: tuple[str, ...]) -> tuple[str, ...]:
    """The readings with a surname's own first, where a name starts with its character: 金
    reads 김 there (금 elsewhere, as in 金順), 車 차, 沈 심."""
    surname = surnames.hanja_surnames().get(char)
    folded = [r for r in readings if surname and fold_initial_sound(r) == surname]
    return tuple(folded) + tuple(r for r in readings if r not in folded)


def _third_or_later(text: str, index: int) -> bool:
    """Whether a character comes after the first two of a name written without a space: the
    surname and the given name's first syllable (hangul.fold_initial_sound reads those)."""
    return index >= 2 and is_hanja(text[index - 1]) and is_hanja(text[index - 2])


def _inside_a_name(readings: tuple[str, ...]) -> tuple[str, ...]:
    """The readings with the one that keeps its initial ㄹ first, where the character also
    reads without it (蘭: 난 란): the South drops ㄹ only at the start of a word, so 英蘭 is
    영란 and 恩蘭 은란, whose ㄹ also changes the sound before it (은란 is said 을란)."""
    kept = [
        r
        for r in readings
        if r[:1] and fold_initial_sound(r) != r and fold_initial_sound(r) in readings
    ]
    return tuple(kept) + tuple(r for r in readings if r not in kept)


def _combinations(choices: list[tuple[str, ...]]):
    """(rank, spelling) of each combination; the rank adds up how far down each character's
    list its reading is, so every first reading together comes first."""
    indexed = [list(enumerate(options)) for options in choices]
    for combination in itertools.product(*indexed):
        yield sum(rank for rank, _ in combination), "".join(part for _, part in combination)
