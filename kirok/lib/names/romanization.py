"""Hangul → Latin in the systems Kirok's sources use, written from the jamo tables.

Systems (``SYSTEMS``):

* ``"rr"`` — Revised Romanization (문화관광부 고시 제2000-8호): eo/eu, g/d/b/j before vowels,
  k/t/p at the end, sound changes across syllables written as pronounced (신라 Silla,
  종로 Jongno, 백마 Baengma), tensing not written (울산 Ulsan), ㅎ kept after ㄱ/ㄷ/ㅂ in nouns
  (묵호 Mukho). In given names the rule (제3장 제4항) writes no sound change between the
  syllables: 한복남 Han Boknam, 홍빛나 Hong Bitna.
* ``"mr"`` — McCune–Reischauer (1939) with breves and apostrophes: ŏ ŭ, aspirates k' t' p' ch',
  k/t/p/ch voiced to g/d/b/j between voiced sounds, n'g for ㄴ+ㄱ, sh before wi, and the same
  assimilations (독립 tongnip). Given names follow ALA-LC: sound changes across the syllables,
  the first syllable voiceless (Kim Chi-ha, An Chung-gŭn, Kim Ch'ŏr-wŏn).
* ``"mr_plain"`` — MR without breves and apostrophes, as newspapers print it.
* ``"dprk"`` — the DPRK's own system (조선어의 라틴문자 표기법, 1992, revised 2002): MR's vowels
  with breves, aspirates kh th ph ch, ㅈ always j, ㄱ/ㄷ/ㅂ voiced after vowels and resonants,
  ㄹ kept after other consonants (압록강 Amrokgang). Personal names are written one syllable
  a word with only voicing across them (박동구 Pak Tong Gu). We use the 2002 vowel table
  (ㅚ = oe; the 2012 revision writes oi).
* ``"dprk_plain"`` — the DPRK system without breves, as KCNA prints it (Kim Jong Un).

>>> romanize("신라", "rr"), romanize("독립문", "rr")
('Silla', 'Dongnimmun')
>>> romanize("평양", "mr"), romanize("평양", "dprk")
("P'yŏngyang", 'Phyŏngyang')
>>> romanize("빛나", "rr", given_name=True), romanize("빛나", "mr", given_name=True)
('Bitna', 'Pinna')
>>> romanize("혜산", "mr_plain"), romanize("정은", "dprk_plain", given_name=True)
('Hyesan', 'Jongun')
"""

from __future__ import annotations

from dataclasses import dataclass

from kirok.lib.names import hangul as h
from kirok.lib.names.hangul import Syllable

SYSTEMS = ("rr", "mr", "mr_plain", "dprk", "dprk_plain")

# Coda sounds after neutralisation; None means the syllable ends in its vowel.
K, N, T, L, M, P, NG = "K", "N", "T", "L", "M", "P", "NG"
_VOICED_CONTEXT = frozenset({"V", N, M, NG, L})
_NASAL_OF = {K: NG, T: N, P: M}

_F = {name: i for i, name in enumerate(h.FINALS)}
# A final consonant's sound when a consonant follows or the word ends.
_CODA = {
    _F["ㄱ"]: K, _F["ㄲ"]: K, _F["ㅋ"]: K, _F["ㄳ"]: K, _F["ㄺ"]: K,
    _F["ㄴ"]: N, _F["ㄵ"]: N, _F["ㄶ"]: N,
    _F["ㄷ"]: T, _F["ㅅ"]: T, _F["ㅆ"]: T, _F["ㅈ"]: T, _F["ㅊ"]: T, _F["ㅌ"]: T, _F["ㅎ"]: T,
    _F["ㄹ"]: L, _F["ㄼ"]: L, _F["ㄽ"]: L, _F["ㄾ"]: L, _F["ㅀ"]: L,
    _F["ㅁ"]: M, _F["ㄻ"]: M,
    _F["ㅂ"]: P, _F["ㅍ"]: P, _F["ㅄ"]: P, _F["ㄿ"]: P,
    _F["ㅇ"]: NG,
}  # fmt: skip
# A single final consonant moved onto a following vowel (liaison) becomes this initial.
_FINAL_AS_INITIAL = {
    _F[f]: h.INITIALS.index(i)
    for f, i in zip("ㄱㄲㄴㄷㄹㅁㅂㅅㅆㅈㅊㅋㅌㅍ", "ㄱㄲㄴㄷㄹㅁㅂㅅㅆㅈㅊㅋㅌㅍ", strict=True)
}
# Clusters before a vowel: the first part stays, the second moves (닭이 → 달기).
_CLUSTER_SPLIT = {
    _F["ㄳ"]: (K, h.I_SS), _F["ㄵ"]: (N, h.I_J), _F["ㄺ"]: (L, h.I_G), _F["ㄻ"]: (L, h.I_M),
    _F["ㄼ"]: (L, h.I_B), _F["ㄽ"]: (L, h.I_SS), _F["ㄾ"]: (L, h.I_T), _F["ㄿ"]: (L, h.I_P),
    _F["ㅄ"]: (P, h.I_SS),
}  # fmt: skip
_ASPIRATED = {h.I_G: h.I_K, h.I_D: h.I_T, h.I_B: h.I_P, h.I_J: h.I_CH}
_H_FINALS = {_F["ㅎ"]: None, _F["ㄶ"]: N, _F["ㅀ"]: L}


@dataclass(frozen=True)
class Junction:
    """How the boundary between two syllables is pronounced.

    ``coda`` ends the left syllable; ``onset`` (an initial index) starts the right one. With
    ``liaison`` the onset consonant came from the left syllable, and is written at its end
    so that hyphenated names keep it on the left (목월 Mog-wŏl). ``from_n`` marks an ㄹㄹ
    that was ㄴㄹ in writing (the DPRK writes it ll, a written ㄹㄹ lr).
    """

    coda: str | None
    onset: int
    liaison: bool = False
    from_n: bool = False


def standalone_coda(final: int) -> str | None:
    """The sound of a final consonant at the end of a word (월곶 → t, 닭 → k)."""
    return _CODA.get(final) if final else None


def junction(final: int, initial: int, medial: int, *, north: bool = False) -> Junction:
    """Standard pronunciation across one syllable boundary (표준 발음법, assimilations).

    ``north`` keeps ㄹ after a consonant as the DPRK system writes it (압록 → Amrok).
    """
    if not final:
        return Junction(None, initial)
    if initial == h.I_NG:
        return _liaison(final, medial)
    if final in _H_FINALS:
        return _after_h(final, initial)
    if final == _F["ㄷ"] and initial == h.I_H and medial == h.M_I:
        return Junction(None, h.I_CH, liaison=True)  # 굳히다 → 구치다
    coda = _CODA[final]
    if initial in (h.I_N, h.I_M):
        coda = _NASAL_OF.get(coda, coda)
        if coda == L and initial == h.I_N:
            return Junction(L, h.I_R)  # 별내 → 별래
        return Junction(coda, initial)
    if initial == h.I_R:
        return _before_r(coda, north)
    return Junction(coda, initial)


def _liaison(final: int, medial: int) -> Junction:
    if final == _F["ㅇ"]:
        return Junction(NG, h.I_NG)
    if final == _F["ㅎ"]:
        return Junction(None, h.I_NG)  # 좋아 → 조아
    if final == _F["ㄶ"]:
        return Junction(None, h.I_N, liaison=True)
    if final == _F["ㅀ"]:
        return Junction(None, h.I_R, liaison=True)
    if final in _CLUSTER_SPLIT:
        stay, move = _CLUSTER_SPLIT[final]
        return Junction(stay, move)
    initial = _FINAL_AS_INITIAL[final]
    if medial == h.M_I and final == _F["ㄷ"]:
        initial = h.I_J  # 해돋이 → 해도지
    elif medial == h.M_I and final == _F["ㅌ"]:
        initial = h.I_CH  # 같이 → 가치
    return Junction(None, initial, liaison=True)


def _after_h(final: int, initial: int) -> Junction:
    """ㅎ, ㄶ, ㅀ before a consonant: aspiration (좋고 → 조코) or ㄴ-assimilation."""
    left = _H_FINALS[final]
    if initial in _ASPIRATED:
        return Junction(left, _ASPIRATED[initial])
    if initial == h.I_S:
        return Junction(left, h.I_SS)
    if initial == h.I_N:
        return Junction(L, h.I_R) if left == L else Junction(N, h.I_N)
    return Junction(left if left else T, initial)


def _before_r(coda: str, north: bool) -> Junction:
    if coda == L:
        return Junction(L, h.I_R)
    if coda == N:
        return Junction(L, h.I_R, from_n=True)  # 신라 → 실라
    if north and coda == T:
        return Junction(T, h.I_R)  # no DPRK rule or example; write it as spelled
    nasal = _NASAL_OF.get(coda, coda)
    return Junction(nasal, h.I_R if north else h.I_N)  # 종로 → 종노; DPRK 압록 Amrok


@dataclass(frozen=True)
class Speller:
    """How one system writes sounds: initials, vowels, codas and its voicing rule."""

    initials: tuple[str, ...]
    medials: tuple[str, ...]
    voiced: dict[int, tuple[str, frozenset[str]]]  # initial → (voiced spelling, contexts)
    apostrophe_n_g: bool = False  # MR's n'g
    r_before_h: bool = False  # MR writes ㄹㅎ as rh
    sh_before_wi: bool = False  # MR writes 쉬 as shwi
    ll_only_from_n: bool = False  # DPRK writes a written ㄹㄹ as lr


_RR_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
                "k", "t", "p", "h")  # fmt: skip
_MR_INITIALS = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "ch", "tch",
                "ch'", "k'", "t'", "p'", "h")  # fmt: skip
_DPRK_INITIALS = ("k", "kk", "n", "t", "tt", "r", "m", "p", "pp", "s", "ss", "", "j", "jj",
                  "ch", "kh", "th", "ph", "h")  # fmt: skip
_RR_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
               "wo", "we", "wi", "yu", "eu", "ui", "i")  # fmt: skip
_MR_MEDIALS = ("a", "ae", "ya", "yae", "ŏ", "e", "yŏ", "ye", "o", "wa", "wae", "oe", "yo", "u",
               "wŏ", "we", "wi", "yu", "ŭ", "ŭi", "i")  # fmt: skip
_STOPS_VOICED_AFTER_L = frozenset({"V", N, M, NG, L})
_STOPS_VOICED = frozenset({"V", N, M, NG})

SPELLERS = {
    "rr": Speller(_RR_INITIALS, _RR_MEDIALS, voiced={}),
    "mr": Speller(
        _MR_INITIALS,
        _MR_MEDIALS,
        # MR leaves ㄷ and ㅈ voiceless after l: Sino-Korean tenses them (Hong Kil-tong).
        voiced={
            h.I_G: ("g", _STOPS_VOICED_AFTER_L),
            h.I_B: ("b", _STOPS_VOICED_AFTER_L),
            h.I_D: ("d", _STOPS_VOICED),
            h.I_J: ("j", _STOPS_VOICED),
        },
        apostrophe_n_g=True,
        r_before_h=True,
        sh_before_wi=True,
    ),
    "dprk": Speller(
        _DPRK_INITIALS,
        _MR_MEDIALS,
        voiced={i: (v, _VOICED_CONTEXT) for i, v in ((h.I_G, "g"), (h.I_D, "d"), (h.I_B, "b"))},
        ll_only_from_n=True,
    ),
}
_CODA_LETTERS = {K: "k", N: "n", T: "t", L: "l", M: "m", P: "p", NG: "ng"}
_PLAIN = str.maketrans({"ŏ": "o", "ŭ": "u", "ë": "e", "Ŏ": "O", "Ŭ": "U", "'": ""})
_NO_BREVES = str.maketrans({"ŏ": "o", "ŭ": "u", "ë": "e", "Ŏ": "O", "Ŭ": "U"})

# How syllables in a run are joined: full sound changes, voicing only, or none at all.
FULL, VOICING, NONE = "full", "voicing", "none"


def base_system(system: str) -> str:
    """The system whose rules a plain variant uses (mr_plain → mr)."""
    if system not in SYSTEMS:
        raise ValueError(f"Unknown romanization system {system!r}; use one of {SYSTEMS}.")
    return system.removesuffix("_plain")


def plain(text: str, system: str) -> str:
    """Drop what a system's plain variant drops (breves; for MR also apostrophes)."""
    if system == "mr_plain":
        return text.translate(_PLAIN)
    if system == "dprk_plain":
        return text.translate(_NO_BREVES)
    return text


def spell_syllables(sylls: list[Syllable], system: str, joins: list[str]) -> list[str]:
    """Romanize a run of syllables; ``joins[i]`` says how syllable i meets syllable i+1.

    Returns one lower-case piece per syllable, a consonant moved by liaison kept on the
    left (so pieces can be hyphenated the ALA-LC way: Ch'ŏr-wŏn).
    """
    base = base_system(system)
    speller = SPELLERS[base]
    north = base == "dprk"
    pieces = []
    prev = None  # what precedes the current onset: None at a word start, "V" or a coda
    onset = sylls[0].initial if sylls else 0
    from_n = False
    for i, syl in enumerate(sylls):
        head = _spell_onset(speller, onset, prev, syl.medial, from_n)
        vowel = _spell_vowel(speller, base, syl, sylls[i - 1] if i else None, pieces)
        if i + 1 < len(sylls):
            nxt = sylls[i + 1]
            j = _join(syl, nxt, joins[i], north)
            tail = _spell_tail(speller, j, nxt, joins[i])
            prev = None if joins[i] == NONE else (j.coda or "V")
            onset, from_n = (h.I_NG if j.liaison else j.onset), j.from_n
        else:
            coda = standalone_coda(syl.final)
            tail = _CODA_LETTERS[coda] if coda else ""
        pieces.append(head + vowel + tail)
    return [plain(p, system) for p in pieces]


def _join(left: Syllable, right: Syllable, how: str, north: bool) -> Junction:
    if how == FULL:
        return junction(left.final, right.initial, right.medial, north=north)
    return Junction(standalone_coda(left.final), right.initial)


def _spell_tail(speller: Speller, j: Junction, nxt: Syllable, how: str) -> str:
    if j.liaison:
        return _spell_onset(speller, j.onset, "V", nxt.medial, False)
    if j.coda is None:
        return ""
    if j.coda == L and j.onset == h.I_H and speller.r_before_h and how == FULL:
        return "r"  # MR 일하 Irha
    letters = _CODA_LETTERS[j.coda]
    if j.coda == N and j.onset == h.I_G and speller.apostrophe_n_g and how != NONE:
        return letters + "'"  # MR 난곡 Nan'gok, distinct from 낭옥 Nangok
    return letters


def _spell_onset(speller: Speller, initial: int, prev: str | None, medial: int, from_n: bool):
    if initial == h.I_R and prev == L:
        return "r" if speller.ll_only_from_n and not from_n else "l"
    if initial == h.I_S and medial == h.M_WI and speller.sh_before_wi:
        return "sh"
    voiced = speller.voiced.get(initial)
    if voiced and prev in voiced[1]:
        return voiced[0]
    return speller.initials[initial]


def _spell_vowel(speller: Speller, base: str, syl: Syllable, before, pieces: list[str]) -> str:
    # MR writes 에 after a or o as ë, so that 가에 (kaë) differs from 개 (kae).
    if (
        base == "mr"
        and syl.medial == h.M_E
        and syl.initial == h.I_NG
        and before is not None
        and not before.final
        and pieces
        and pieces[-1][-1:] in ("a", "o")
    ):
        return "ë"
    return speller.medials[syl.medial]


def _runs(text: str, hyphen_joins: str):
    """Split text into Hangul runs (with in-run hyphens) and other characters."""
    run: list[Syllable] = []
    joins: list[str] = []
    for char in text:
        if h.is_syllable(char):
            run.append(h.decompose(char))
            joins.append(FULL)
            continue
        if char == "-" and run:
            joins[-1] = hyphen_joins + "-"
            continue
        if run:
            yield run, joins
            run, joins = [], []
        yield char, None
    if run:
        yield run, joins


def romanize(
    hangul: str, system: str, *, sound_changes: bool = True, given_name: bool = False
) -> str:
    """Romanize Hangul text in ``system``; other characters pass through.

    ``sound_changes=False`` writes every syllable on its own, "as people often write".
    ``given_name=True`` applies each system's rule for given names (RR: no sound change
    between the syllables; MR: ALA-LC, changes applied; DPRK: voicing only). Each word is
    capitalised. Within a word a hyphen is kept; MR applies sound changes across it
    (영진-리 Yŏngjil-li), RR and the DPRK do not (인왕-리 Inwang-ri).

    >>> romanize("한복남", "rr"), romanize("복남", "rr", given_name=True)
    ('Hanbongnam', 'Boknam')
    >>> romanize("영진-리", "mr"), romanize("압록", "dprk"), romanize("대동-강", "mr")
    ('Yŏngjil-li', 'Amrok', 'Taedong-gang')
    """
    base = base_system(system)
    within = _within_join(base, sound_changes, given_name)
    across_hyphen = FULL if base == "mr" and sound_changes else NONE
    out = []
    for item, joins in _runs(hangul, across_hyphen):
        if joins is None:
            out.append(item)
            continue
        hows = [j.rstrip("-") if j.endswith("-") else within for j in joins]
        pieces = spell_syllables(item, system, hows)
        marks = ("-" if j.endswith("-") else "" for j in joins)
        out.append("".join(p + mark for p, mark in zip(pieces, marks, strict=False)))
    return _capitalize_words("".join(out))


def _within_join(base: str, sound_changes: bool, given_name: bool) -> str:
    if not sound_changes:
        return NONE
    if given_name and base == "rr":
        return NONE
    if given_name and base == "dprk":
        return VOICING
    return FULL


def _capitalize_words(text: str) -> str:
    words = text.split(" ")
    return " ".join(w[:1].upper() + w[1:] if w else w for w in words)


def romanize_given_pieces(given: str, system: str, *, sound_changes: bool = True) -> list[str]:
    """A given name's syllables romanized by the system's given-name rule, one piece each.

    >>> romanize_given_pieces("철원", "mr"), romanize_given_pieces("동구", "dprk")
    (["ch'ŏr", 'wŏn'], ['tong', 'gu'])
    """
    sylls = [h.decompose(c) for c in given if h.is_syllable(c)]
    how = _within_join(base_system(system), sound_changes, True)
    return spell_syllables(sylls, system, [how] * max(0, len(sylls) - 1))
