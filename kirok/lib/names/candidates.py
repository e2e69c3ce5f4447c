"""Candidate Hangul spellings for a romanized Korean name, most likely first.

The inverse of the romanization tables over the syllables names are made of
(``syllables.NAME_SYLLABLES``): every system's spelling of every name syllable, plus the
spellings people use (Hyun, Sung, Young, Hee, Sook, Woo …). A name is read under three
hypotheses (RR and popular spellings; MR with breves; MR or DPRK without them), and each
reading costs its hypothesis, the rarity of its syllables and any spelling that is not the
system's own. Sound changes are not undone: MR Sŏng-min gives 성민, not 석민.

>>> hangul_candidates("Kim Hye-song", limit=3)
['김혜송', '김혜성']
>>> hangul_candidates("Ri Sol Ju", limit=2)
['이설주', '이솔주']
"""

from __future__ import annotations

import heapq
import re
from functools import cache, lru_cache

from kirok.lib.names import hangul as h
from kirok.lib.names.folding import normalize_latin
from kirok.lib.names.parsing import parses
from kirok.lib.names.romanization import romanize, romanize_given_pieces
from kirok.lib.names.syllables import NAME_SYLLABLES, tier

# Cost of reading a name under each hypothesis: syllables written apart ("Jong Un") are the
# DPRK's and the news agencies' style, hyphens and joined syllables RR's and MR's.
_HYPOTHESIS_COST = {
    False: {"rr": 0.0, "mr": 0.1, "plain": 0.25},
    True: {"plain": 0.0, "mr": 0.1, "rr": 0.2},
}
_TIER_COST = 0.1  # per rarity tier of a syllable
_VARIANT_COST = 0.3  # a popular spelling (Hyun for 현) or an MR voiced form (gil for 길)
_SPLIT_COST = 0.6  # reading one hyphen- or space-separated piece as two syllables
_BEAM = 40
_MAX_PIECE = 7

# Popular respellings of RR, applied once each: (pattern, replacement).
_POPULAR = (
    ("eo", "u"), ("eo", "o"), ("u", "oo"), ("eu", "u"), ("yeo", "yu"), ("yeong", "young"),
    ("ui", "ee"), ("ui", "i"), ("i$", "ee"), ("^si", "shi"), ("^s", "sh"), ("^u", "woo"),
    ("^g", "k"), ("^d", "t"), ("^b", "p"), ("^j", "ch"), ("^u$", "wu"), ("ae", "ai"),
)  # fmt: skip


def _key(text: str) -> str:
    return re.sub(r"[^a-z]", "", normalize_latin(text))


def _add(index: dict[str, dict[str, float]], spelling: str, syllable: str, cost: float) -> None:
    key = _key(spelling)
    if key:
        current = index.setdefault(key, {})
        current[syllable] = min(cost, current.get(syllable, cost))


@cache
def _indexes() -> dict[str, dict[str, dict[str, float]]]:
    indexes: dict[str, dict[str, dict[str, float]]] = {"rr": {}, "mr": {}, "plain": {}}
    for syllable in NAME_SYLLABLES:
        rarity = tier(syllable) * _TIER_COST
        rr = romanize(syllable, "rr").lower()
        _add(indexes["rr"], rr, syllable, rarity)
        for pattern, replacement in _POPULAR:
            variant = re.sub(pattern, replacement, rr, count=1)
            if variant != rr:
                # "u" for ㅓ (Hyun, Sung, Jung) is nearly as common as RR's own eo.
                cheap = pattern == "eo" and replacement == "u"
                _add(indexes["rr"], variant, syllable, rarity + _VARIANT_COST / (2 if cheap else 1))
        for system, group in (("mr", "mr"), ("mr_plain", "plain"), ("dprk_plain", "plain")):
            own = romanize(syllable, system).lower()
            _add(indexes[group], own, syllable, rarity)
            # Second syllables are voiced after vowels and nasals (Tae-jung, Tong Gu).
            voiced = romanize("아" + syllable, system, given_name=True).lower()[1:]
            _add(indexes[group], voiced, syllable, rarity + _VARIANT_COST)
        _add(indexes["mr"], romanize(syllable, "dprk"), syllable, rarity)
    return indexes


def _segments(given: str) -> list[str]:
    return [s for s in re.split(r"[\s\-‐·]+", given) if s]


def _read_given(given: str, index: dict[str, dict[str, float]]) -> list[tuple[float, str]]:
    """Best readings of a romanized given name under one hypothesis (beam search)."""
    segments = _segments(given)
    readings = [(0.0, "")]
    for segment in segments:
        split_cost = _SPLIT_COST if len(segments) > 1 else 0.0
        readings = _read_segment(_key(segment), index, readings, split_cost)
        if not readings:
            return []
    return readings


def _read_segment(text: str, index, prefixes: list[tuple[float, str]], split_cost: float):
    beams: list[list[tuple[float, str]]] = [[] for _ in range(len(text) + 1)]
    beams[0] = prefixes
    for start in range(len(text)):
        if not beams[start]:
            continue
        beams[start] = heapq.nsmallest(_BEAM, beams[start])
        extra = split_cost if start else 0.0
        for end in range(start + 1, min(len(text), start + _MAX_PIECE) + 1):
            for syllable, cost in index.get(text[start:end], {}).items():
                beams[end].extend((c + cost + extra, s + syllable) for c, s in beams[start])
    return heapq.nsmallest(_BEAM, beams[len(text)])


def hangul_candidates(romanized: str, limit: int = 10) -> list[str]:
    """Ranked Hangul spellings (South Korean orthography) of a romanized name.

    Hangul input is returned as it is, with the DPRK spelling folded (리설주 → 이설주).

    >>> hangul_candidates("Hyesong Kim", limit=1), hangul_candidates("리설주")
    (['김혜송'], ['이설주'])
    """
    if h.has_hangul(romanized):
        parsed = parses(romanized)[0]
        surname = parsed.surname_hangul_candidates or (parsed.surname,)
        return [surname[0] + h.fold_initial_sound(parsed.given)]
    scored: dict[str, float] = {}
    readings = [p for p in parses(romanized) if p.surname_hangul_candidates]
    for rank, parsed in enumerate(readings or parses(romanized)[:1]):
        surnames = parsed.surname_hangul_candidates or ("",)
        # parse_name writes "Hye Song" as "Hye-song"; only the input tells them apart.
        spaced = "-" not in romanized and len(_segments(parsed.given)) > 1
        for group, index in _indexes().items():
            hypothesis = _HYPOTHESIS_COST[spaced][group]
            for cost, given in _read_given(parsed.given, index):
                for position, surname in enumerate(surnames):
                    total = cost + hypothesis + 0.3 * position + 0.5 * rank
                    name = surname + h.fold_initial_sound(given)
                    scored[name] = min(total, scored.get(name, total))
    ranked = sorted(scored.items(), key=lambda item: (item[1], item[0]))
    return [name for name, _ in ranked[:limit]]


@lru_cache(maxsize=200_000)
def is_well_formed(given: str) -> bool:
    """Whether a romanized given name splits into spellings of name syllables.

    A typo usually breaks that (Jihco, Bneong); a different name seldom does, so matching
    forgives edits more when a spelling is not well formed.

    >>> is_well_formed("Hye-song"), is_well_formed("Jihco"), is_well_formed("Chŏng-ŭn")
    (True, False, True)
    """
    text = _key(given)
    if not text:
        return True
    spellings = _all_spellings()
    reachable = [True] + [False] * len(text)
    for start in range(len(text)):
        if reachable[start]:
            for end in range(start + 1, min(len(text), start + _MAX_PIECE) + 1):
                if text[start:end] in spellings:
                    reachable[end] = True
    return reachable[-1]


@cache
def _all_spellings() -> frozenset[str]:
    """Every syllable spelling, with the forms sound changes give it in MR and the DPRK
    system (례 after ㅇ: nye; 목 before a vowel: mog)."""
    spellings = {key for index in _indexes().values() for key in index}
    for syllable in NAME_SYLLABLES:
        for system in ("mr", "dprk"):
            for before in _NEIGHBOURS:
                spellings.add(_key(romanize_given_pieces(before + syllable, system)[1]))
            for after in _NEIGHBOURS:
                spellings.add(_key(romanize_given_pieces(syllable + after, system)[0]))
    return frozenset(spellings)


# Syllables whose final or initial triggers every kind of change on a neighbour.
_NEIGHBOURS = ("가", "강", "간", "갈", "각", "갑", "아", "라", "나", "마")
