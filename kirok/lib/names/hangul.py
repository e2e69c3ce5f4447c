"""Hangul syllables and their jamo: decomposition, composition and the initial-sound rule.

A precomposed syllable (U+AC00–U+D7A3) is ``0xAC00 + (initial × 21 + medial) × 28 + final``.
Everything else in the package works on the three indices, so this module is the only place
that knows the arithmetic.

>>> tuple(decompose("송"))
(9, 8, 21)
>>> compose(9, 8, 21)
'송'
>>> fold_initial_sound("량강도"), fold_initial_sound("리설주"), fold_initial_sound("녕변")
('양강도', '이설주', '영변')
"""

from __future__ import annotations

from typing import NamedTuple

FIRST_SYLLABLE = 0xAC00
LAST_SYLLABLE = 0xD7A3
MEDIAL_COUNT = 21
FINAL_COUNT = 28

# Compatibility jamo, in index order, for display and for tables that read like the rules.
INITIALS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
MEDIALS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
FINALS = ("", "ㄱ", "ㄲ", "ㄳ", "ㄴ", "ㄵ", "ㄶ", "ㄷ", "ㄹ", "ㄺ", "ㄻ", "ㄼ", "ㄽ", "ㄾ", "ㄿ",
          "ㅀ", "ㅁ", "ㅂ", "ㅄ", "ㅅ", "ㅆ", "ㅇ", "ㅈ", "ㅊ", "ㅋ", "ㅌ", "ㅍ", "ㅎ")  # fmt: skip

# Index constants used by the rules (initials).
I_G, I_KK, I_N, I_D, I_TT, I_R, I_M, I_B, I_PP, I_S, I_SS, I_NG, I_J, I_JJ = range(14)
I_CH, I_K, I_T, I_P, I_H = range(14, 19)
# Medials the rules look at.
M_I = MEDIALS.index("ㅣ")
M_WI = MEDIALS.index("ㅟ")
M_E = MEDIALS.index("ㅔ")
# Vowels before which North Korean initial ㄹ/ㄴ becomes ㅇ in the South (ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ).
_Y_MEDIALS = frozenset(MEDIALS.index(v) for v in "ㅑㅕㅖㅛㅠㅣ")
# ㄴ only drops before these (Hangul orthography art. 10: 녀 뇨 뉴 니).
_N_DROP_MEDIALS = frozenset(MEDIALS.index(v) for v in "ㅕㅛㅠㅣ")


class Syllable(NamedTuple):
    """One precomposed syllable as jamo indices."""

    initial: int
    medial: int
    final: int


def is_syllable(char: str) -> bool:
    """True for one precomposed Hangul syllable.

    >>> is_syllable("김"), is_syllable("K"), is_syllable("ㄱ")
    (True, False, False)
    """
    return len(char) == 1 and FIRST_SYLLABLE <= ord(char) <= LAST_SYLLABLE


def has_hangul(text: str) -> bool:
    """True if the text contains at least one precomposed syllable.

    >>> has_hangul("Kim 혜송"), has_hangul("Kim")
    (True, False)
    """
    return any(is_syllable(c) for c in text)


def decompose(syllable: str) -> Syllable:
    """(initial, medial, final) indices of one precomposed syllable."""
    if not is_syllable(syllable):
        raise ValueError(f"{syllable!r} is not a precomposed Hangul syllable.")
    offset = ord(syllable) - FIRST_SYLLABLE
    initial, rest = divmod(offset, MEDIAL_COUNT * FINAL_COUNT)
    medial, final = divmod(rest, FINAL_COUNT)
    return Syllable(initial, medial, final)


def compose(initial: int, medial: int, final: int = 0) -> str:
    """The precomposed syllable for three jamo indices."""
    return chr(FIRST_SYLLABLE + (initial * MEDIAL_COUNT + medial) * FINAL_COUNT + final)


def jamo_string(hangul: str) -> str:
    """The text with every syllable spelled out in compatibility jamo (for edit distances).

    >>> jamo_string("혜송")
    'ㅎㅖㅅㅗㅇ'
    """
    out = []
    for char in hangul:
        if is_syllable(char):
            s = decompose(char)
            out.append(INITIALS[s.initial] + MEDIALS[s.medial] + FINALS[s.final])
        else:
            out.append(char)
    return "".join(out)


def fold_syllable(syllable: str) -> str:
    """The South Korean spelling of a word-initial syllable (두음 법칙).

    >>> fold_syllable("리"), fold_syllable("로"), fold_syllable("녀"), fold_syllable("나")
    ('이', '노', '여', '나')
    """
    if not is_syllable(syllable):
        return syllable
    initial, medial, final = decompose(syllable)
    if initial == I_R:
        initial = I_NG if medial in _Y_MEDIALS else I_N
    elif initial == I_N and medial in _N_DROP_MEDIALS:
        initial = I_NG
    return compose(initial, medial, final)


# Sounds that listeners and writers confuse: ㅐ/ㅔ/ㅒ/ㅖ (merged in Seoul and Pyongyang
# speech after a consonant), 왜/외/웨, and the nasal finals ㄴ/ㅁ/ㅇ (학민 heard as 학밈).
_SLIP_MEDIALS = {
    MEDIALS.index(heard): MEDIALS.index(written)
    for heard, written in (("ㅐ", "ㅔ"), ("ㅒ", "ㅔ"), ("ㅖ", "ㅔ"), ("ㅙ", "ㅚ"), ("ㅞ", "ㅚ"))
}
_SLIP_FINALS = {FINALS.index("ㄴ"): FINALS.index("ㅇ"), FINALS.index("ㅁ"): FINALS.index("ㅇ")}


def fold_slips(hangul: str) -> str:
    """The text with sounds easily misheard or miswritten made one (see _SLIP_MEDIALS).

    >>> fold_slips("학민") == fold_slips("학밈"), fold_slips("혜송") == fold_slips("해송")
    (True, True)
    >>> fold_slips("영호") == fold_slips("영희")
    False
    """
    out = []
    for char in hangul:
        if is_syllable(char):
            s = decompose(char)
            medial = _SLIP_MEDIALS.get(s.medial, s.medial)
            char = compose(s.initial, medial, _SLIP_FINALS.get(s.final, s.final))
        out.append(char)
    return "".join(out)


def fold_initial_sound(hangul: str) -> str:
    """Map North Korean spelling to the South Korean one at the start of every word.

    The DPRK keeps word-initial ㄹ and ㄴ (리, 량, 로, 녕); the South writes them as ㅇ or ㄴ
    (이, 양, 노, 영). Words are split on spaces and hyphens; only their first syllable changes,
    so 천리마 keeps its 리. Works for names and place names alike.

    >>> fold_initial_sound("룡천군"), fold_initial_sound("락원"), fold_initial_sound("천리마")
    ('용천군', '낙원', '천리마')
    """
    out = []
    at_word_start = True
    for char in hangul:
        if is_syllable(char):
            out.append(fold_syllable(char) if at_word_start else char)
            at_word_start = False
        else:
            out.append(char)
            at_word_start = char.isspace() or char in "-‐·"
    return "".join(out)


def syllables(text: str) -> list[str]:
    """The precomposed syllables of a text, in order, dropping everything else.

    >>> syllables("김 혜-송")
    ['김', '혜', '송']
    """
    return [c for c in text if is_syllable(c)]
