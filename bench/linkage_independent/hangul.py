"""Hangul syllables: taken apart and put together, misspelt, and the northern and southern
forms of an initial ㄹ (두음법칙), for given names and surnames."""

import random
from enum import IntEnum

from bench.linkage_independent.tables import text_pairs, weighted_choice

# Unicode lays out the 11,172 precomposed syllables as initial × vowel × final.
SYLLABLE_BASE = 0xAC00
SYLLABLE_COUNT = 11172
VOWEL_COUNT = 21
FINAL_COUNT = 28

Initial = IntEnum("Initial", "G GG N D DD R M B BB S SS SILENT J JJ CH K T P H", start=0)
Vowel = IntEnum("Vowel", "A AE YA YAE EO E YEO YE O WA WAE OE YO U WO WE WI YU EU UI I", start=0)


class Final(IntEnum):
    """The final consonants that the romanization and noise rules single out."""

    NONE = 0
    G = 1
    N = 4
    L = 8
    M = 16
    B = 17
    NG = 21


# Vowels that start with an i/y glide: before them a North Korean ㄹ becomes ㅇ in the South.
Y_VOWELS = {Vowel.YA, Vowel.YAE, Vowel.YEO, Vowel.YE, Vowel.YO, Vowel.YU, Vowel.I}


def is_syllable(char: str) -> bool:
    return SYLLABLE_BASE <= ord(char) < SYLLABLE_BASE + SYLLABLE_COUNT


def decompose(syllable: str) -> tuple[int, int, int]:
    """Split a syllable into (initial, vowel, final) indices: 각 -> (0, 0, 1)."""
    offset = ord(syllable) - SYLLABLE_BASE
    per_initial = VOWEL_COUNT * FINAL_COUNT
    return offset // per_initial, offset % per_initial // FINAL_COUNT, offset % FINAL_COUNT


def compose(initial: int, vowel: int, final: int) -> str:
    return chr(SYLLABLE_BASE + (initial * VOWEL_COUNT + vowel) * FINAL_COUNT + final)


# Typos --------------------------------------------------------------------------------------

# Substitutions a listener or a hurried writer makes: 혜 -> 해, 송 -> 성, 용 -> 영, 희 -> 히.
SIMILAR_VOWELS = {
    Vowel.YE: [Vowel.AE, Vowel.E],
    Vowel.AE: [Vowel.E, Vowel.YE],
    Vowel.E: [Vowel.AE],
    Vowel.O: [Vowel.EO],
    Vowel.EO: [Vowel.O],
    Vowel.YO: [Vowel.YEO],
    Vowel.YEO: [Vowel.YO],
    Vowel.U: [Vowel.EU],
    Vowel.EU: [Vowel.U],
    Vowel.UI: [Vowel.I],
    Vowel.I: [Vowel.UI],
    Vowel.OE: [Vowel.WAE, Vowel.WE],
    Vowel.WAE: [Vowel.OE],
    Vowel.WE: [Vowel.OE],
    Vowel.WO: [Vowel.O],
}
SIMILAR_FINALS = {
    Final.NG: [Final.N],
    Final.N: [Final.NG, Final.M],
    Final.M: [Final.N],
    Final.G: [Final.NONE],
    Final.L: [Final.NONE],
}
SIMILAR_INITIALS = {
    Initial.J: [Initial.CH],
    Initial.CH: [Initial.J],
    Initial.G: [Initial.K],
    Initial.K: [Initial.G],
    Initial.D: [Initial.T],
    Initial.B: [Initial.P],
    Initial.S: [Initial.SS],
    Initial.R: [Initial.SILENT, Initial.N],
    Initial.SILENT: [Initial.R],
}
HANGUL_TYPO_KINDS = [("vowel", 60), ("final", 25), ("initial", 15)]


def hangul_typo(rng: random.Random, given_name: str) -> str:
    """Replace one syllable by a similar-sounding one; unchanged if none is found."""
    position = rng.randrange(len(given_name))
    syllable = given_name[position]
    initial, vowel, final = decompose(syllable)
    for _attempt in range(6):
        kind = weighted_choice(rng, HANGUL_TYPO_KINDS)
        if kind == "vowel" and vowel in SIMILAR_VOWELS:
            replacement = compose(initial, rng.choice(SIMILAR_VOWELS[vowel]), final)
        elif kind == "final" and final in SIMILAR_FINALS:
            replacement = compose(initial, vowel, rng.choice(SIMILAR_FINALS[final]))
        elif kind == "initial" and initial in SIMILAR_INITIALS:
            replacement = compose(rng.choice(SIMILAR_INITIALS[initial]), vowel, final)
        else:
            continue
        if replacement != syllable:
            return given_name[:position] + replacement + given_name[position + 1 :]
    return given_name


# Initial ㄹ: kept in the North, dropped in the South -----------------------------------------


def initial_sound_variant(syllable: str) -> str:
    """Switch between the northern and southern form of a syllable: 룡 <-> 용, 락 -> 낙."""
    initial, vowel, final = decompose(syllable)
    if initial == Initial.R:
        southern_initial = Initial.SILENT if vowel in Y_VOWELS else Initial.N
        return compose(southern_initial, vowel, final)
    if initial == Initial.SILENT and vowel in Y_VOWELS:
        return compose(Initial.R, vowel, final)
    return syllable


# The South drops an initial ㄹ (두음법칙) that the North keeps: 이 in Seoul is 리 in Pyongyang.
SOUTH_TO_NORTH_SURNAME = dict(text_pairs("이 리 임 림 유 류 노 로 양 량 나 라 염 렴 여 려 용 룡"))
NORTH_TO_SOUTH_SURNAME = {north: south for south, north in SOUTH_TO_NORTH_SURNAME.items()}


def other_surname_form(surname: str) -> str:
    """The northern form of a southern surname and vice versa: 이 -> 리, 리 -> 이, 김 -> 김."""
    if surname in SOUTH_TO_NORTH_SURNAME:
        return SOUTH_TO_NORTH_SURNAME[surname]
    return NORTH_TO_SOUTH_SURNAME.get(surname, surname)
