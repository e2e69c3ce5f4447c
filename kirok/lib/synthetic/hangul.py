"""Romanize Hangul syllables one at a time, and pick Korean particles.

A precomposed syllable (U+AC00–U+D7A3) is ``0xAC00 + (initial × 21 + medial) × 28 + final``,
so three small tables per system give every syllable. The demo data only needs names, so
no sound-change rules across syllables are applied, except that McCune–Reischauer voices
k/t/p/ch at the start of a name's second syllable (``Yŏng-gil``), which every MR name list
does. Kirok's names library (a later issue) replaces this with full rules.

>>> romanize("혜송", "rr"), romanize("혜송", "mr"), romanize("성철", "dprk")
('hyesong', 'hyesong', 'songchol')
>>> romanize_given_name("영길", "mr")
'Yŏng-gil'
>>> topic("김혜송"), topic("저")
('김혜송은', '저는')
"""

from __future__ import annotations

FIRST_SYLLABLE = 0xAC00
LAST_SYLLABLE = 0xD7A3
MEDIAL_COUNT = 21
FINAL_COUNT = 28

SYSTEMS = ("rr", "mr", "mr_plain", "dprk")

_INITIALS = {
    "rr": ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
           "k", "t", "p", "h"),
    "mr": ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch", "ch'",
           "k'", "t'", "p'", "h"),
    "dprk": ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj", "ch",
             "kh", "th", "ph", "h"),
}  # fmt: skip
_MEDIALS = {
    "rr": ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
           "wo", "we", "wi", "yu", "eu", "ui", "i"),
    "mr": ("a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u",
           "wŏ", "we", "wi", "yu", "ŭ", "ŭi", "i"),
    "dprk": ("a", "ae", "ya", "yae", "o", "e", "yo", "ye", "o", "wa", "wae", "oe", "yo", "u",
             "wo", "we", "wi", "yu", "u", "ui", "i"),
}  # fmt: skip
# Syllable-final sounds are the same in all three systems once a syllable stands alone.
_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
           "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")  # fmt: skip
_MR_VOICED = {"k": "g", "t": "d", "p": "b", "ch": "j"}
_PLAIN = str.maketrans({"ŏ": "o", "ŭ": "u", "Ŏ": "O", "Ŭ": "U", "'": ""})


def is_syllable(char: str) -> bool:
    return len(char) == 1 and FIRST_SYLLABLE <= ord(char) <= LAST_SYLLABLE


def jamo_indices(syllable: str) -> tuple[int, int, int]:
    """(initial, medial, final) indices of one precomposed syllable.

    >>> jamo_indices("송")
    (9, 8, 21)
    """
    if not is_syllable(syllable):
        raise ValueError(f"{syllable!r} is not a precomposed Hangul syllable.")
    offset = ord(syllable) - FIRST_SYLLABLE
    initial, rest = divmod(offset, MEDIAL_COUNT * FINAL_COUNT)
    medial, final = divmod(rest, FINAL_COUNT)
    return initial, medial, final


def romanize_syllable(syllable: str, system: str, after_voiced: bool = False) -> str:
    """One syllable in lower case; ``after_voiced`` applies MR's voicing of k/t/p/ch."""
    table = "mr" if system == "mr_plain" else system
    initial, medial, final = jamo_indices(syllable)
    onset = _INITIALS[table][initial]
    if table == "mr" and after_voiced:
        onset = _MR_VOICED.get(onset, onset)
    text = onset + _MEDIALS[table][medial] + _FINALS[final]
    return text.translate(_PLAIN) if system == "mr_plain" else text


def romanize(hangul: str, system: str) -> str:
    """Every syllable romanized on its own and joined, in lower case."""
    return "".join(romanize_syllable(s, system) for s in hangul)


def romanize_given_name(given: str, system: str, hyphen: bool = True) -> str:
    """A given name as name lists print it: ``Hye-song`` (or ``Hyesong`` without hyphen)."""
    parts = []
    for index, syllable in enumerate(given):
        voiced = index > 0 and system in ("mr", "mr_plain") and _ends_voiced(given[index - 1])
        parts.append(romanize_syllable(syllable, system, after_voiced=voiced))
    joined = ("-" if hyphen else "").join(parts)
    return joined[:1].upper() + joined[1:]


def _ends_voiced(syllable: str) -> bool:
    # Vowels and n, m, ng, l are voiced: a following k/t/p/ch is pronounced g/d/b/j.
    return _FINALS[jamo_indices(syllable)[2]] in ("", "n", "m", "ng", "l")


def has_final_consonant(word: str) -> bool:
    """Whether the last Hangul syllable of ``word`` ends in a consonant (batchim)."""
    for char in reversed(word):
        if is_syllable(char):
            return jamo_indices(char)[2] != 0
        if char.isdigit():
            return char in "013678"  # 영, 일, 삼, 육, 칠, 팔 end in a consonant
    return False


def _ends_in_rieul(word: str) -> bool:
    last = next((c for c in reversed(word) if is_syllable(c)), "")
    return bool(last) and jamo_indices(last)[2] == 8


_PARTICLES = {  # kind: (after a consonant, after a vowel)
    "topic": ("은", "는"),
    "object": ("을", "를"),
    "and": ("과", "와"),
    "subject": ("이", "가"),
}


def particle(word: str, kind: str) -> str:
    """The particle of ``kind`` that follows ``word``: particle("김혜송", "and") == "과"."""
    if kind == "direction":
        consonant = has_final_consonant(word) and not _ends_in_rieul(word)
        return "으로" if consonant else "로"
    after_consonant, after_vowel = _PARTICLES[kind]
    return after_consonant if has_final_consonant(word) else after_vowel


def topic(word: str) -> str:
    """``word`` + 은/는."""
    return word + particle(word, "topic")
