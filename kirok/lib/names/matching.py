"""Comparison keys and the pieces of the similarity score, for one name at a time.

A name is read into one ``NameReading`` per plausible parse: its surname class (the skeleton
shared by every spelling of the surname: 서 and 소 both "so", because "So" can be either),
the Hangul surnames it can be, the given name's skeleton with its masks, and, when written in
Hangul, the given name itself. ``vectorised`` turns readings into scores for many pairs.

>>> comparison_key("김혜송") == comparison_key("Hyesong Kim") == comparison_key("KIM Hye Sŏng")
True
>>> comparison_key("Kim Hye-song")
'kim:hYsoN'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Indel

from kirok.lib.names import hangul as h
from kirok.lib.names.candidates import is_well_formed
from kirok.lib.names.folding import Folded, fold, fold_hangul
from kirok.lib.names.parsing import ParsedName, parses

# Weights of the two parts; a different surname caps a pair at about 0.65 + 0.35 × 0.5.
SURNAME_WEIGHT = 0.35
GIVEN_WEIGHT = 0.65
# Given names with equal skeletons: each syllable the spelling rules out, each secondary
# reading (o read as ㅓ, "u" as ㅡ) costs this much.
CONFLICT_PENALTY = 0.35
SECONDARY_PENALTY = 0.03
# Given names with different skeletons: each edit costs EDIT_SLOPE / length, and at least
# MIN_EDIT_COST, so one changed letter (혜송 / 혜숙: hYsoN / hYsok) takes it to about 0.6.
EDIT_SLOPE = 2.5
MIN_EDIT_COST = 0.32
# Edits cost this much less when a spelling does not split into name syllables (a typo).
TYPO_FACTOR = 0.5
# Hangul on both sides: a changed syllable is a different name (영호 / 영희), so the syllable
# score weighs most and falls fast; jamo keep some credit for a slip (혜 / 헤).
SYLLABLE_WEIGHT = 0.6
SYLLABLE_SLOPE = 1.5
# A syllable changed by a slip of the ear (hangul.fold_slips: 민/밈, 혜/해) counts this much
# of the way towards the same syllable.
SLIP_CREDIT = 0.6


@dataclass(frozen=True)
class NameReading:
    """One parse of a name, in the form the scores need."""

    surname_text: str
    surname_class: str
    surname_candidates: tuple[str, ...]
    surname_in_hangul: bool
    given: Folded
    given_hangul: str  # South Korean spelling of a Hangul given name, else ""
    well_formed: bool = True  # False for a romanized given name that looks mistyped

    @property
    def key(self) -> str:
        return f"{self.surname_class}:{self.given.key}"


@lru_cache(maxsize=4096)
def surname_class(hangul_surname: str) -> str:
    """The skeleton every spelling of this surname folds to (이 → "i", 최 → "cV")."""
    return fold_hangul(hangul_surname).key


def _reading(parsed: ParsedName) -> NameReading:
    in_hangul = parsed.script != "latin"
    candidates = parsed.surname_hangul_candidates
    if candidates:
        sur_class = surname_class(candidates[0])
    elif in_hangul:
        sur_class = fold_hangul(parsed.surname).key
    else:
        sur_class = fold(parsed.surname).key
    if in_hangul:
        given = fold_hangul(parsed.given)
        given_hangul = h.fold_initial_sound(parsed.given)
    else:
        given, given_hangul = fold(parsed.given), ""
    well_formed = in_hangul or is_well_formed(parsed.given)
    return NameReading(
        parsed.surname, sur_class, candidates, in_hangul, given, given_hangul, well_formed
    )


@lru_cache(maxsize=500_000)
def readings(text: str) -> tuple[NameReading, ...]:
    """Every reading of a name, most likely first (cached: names repeat in real data)."""
    seen: dict[tuple, NameReading] = {}
    for parsed in parses(text):
        reading = _reading(parsed)
        seen.setdefault((parsed.surname.lower(), parsed.given.lower()), reading)
    return tuple(seen.values())


def comparison_key(text: str) -> str:
    """A blocking key on which every romanization of one Hangul name meets.

    ``surname class : given-name skeleton``. Different names may share a key (혜송 and 혜성
    do: "Hye Song" can be either); ``similarity`` then tells them apart where it can.

    >>> comparison_key("Gim Hyesong") == comparison_key("Kim Hye-song") == comparison_key("김혜송")
    True
    """
    return readings(text)[0].key


def comparison_keys(text: str) -> set[str]:
    """The keys of every plausible reading (order, compound surname), for blocking.

    >>> sorted(comparison_keys("Kim Song"))
    ['kim:soN', 'soN:kim']
    """
    return {r.key for r in readings(text)}


def surname_similarity(a: NameReading, b: NameReading) -> float:
    """1 for the same surname, lower as the evidence for it weakens, at most 0.5 if unrelated."""
    if a.surname_in_hangul and b.surname_in_hangul:
        if a.surname_candidates and b.surname_candidates:
            return float(a.surname_candidates[0] == b.surname_candidates[0])
        return float(h.fold_initial_sound(a.surname_text) == h.fold_initial_sound(b.surname_text))
    if a.surname_in_hangul or b.surname_in_hangul:
        written, latin = (a, b) if a.surname_in_hangul else (b, a)
        if written.surname_candidates and written.surname_candidates[0] in latin.surname_candidates:
            return 1.0 if latin.surname_candidates[0] == written.surname_candidates[0] else 0.95
        if written.surname_class == latin.surname_class:
            return 0.8
    elif set(a.surname_candidates) & set(b.surname_candidates):
        return 1.0
    elif a.surname_class == b.surname_class:
        return 0.9
    return unrelated_surname_similarity(a.surname_class, b.surname_class)


def unrelated_surname_similarity(a: str, b: str) -> float:
    """Some credit for a near miss in spelling (Kim / Kin), none for a different surname."""
    return max(0.0, Indel.normalized_similarity(a, b) - 0.5)


def mask_penalty(a: Folded, b: Folded) -> float:
    """For equal skeletons: what the masks rule out (conflicts) or make less likely."""
    conflicts = secondary = 0
    for ma, mb, pa, pb in zip(a.masks, b.masks, a.primaries, b.primaries, strict=True):
        if not ma & mb:
            conflicts += 1
        elif not pa & pb:
            secondary += 1
    return conflicts * CONFLICT_PENALTY + secondary * SECONDARY_PENALTY
