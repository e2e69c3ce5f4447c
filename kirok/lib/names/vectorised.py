"""Similarity for many names at once: readings cached per unique string, scores in arrays.

Real lists repeat names, so each unique string is read once (cached), and the expensive
parts are computed once per distinct combination: edit distances per pair of distinct
given-name skeletons (rapidfuzz ``process.cdist`` for a matrix, ``process.cpdist`` for
aligned pairs, one worker), surname scores per pair of distinct surname readings, Hangul
scores per pair of distinct Hangul given names. ``similarity`` for a single pair goes
through the same code, so every path gives the same number.

>>> m = similarity_matrix(["김혜송", "Kim Hye-song"], ["Hyesong Kim", "김혜숙"])
>>> [[round(float(x), 2) for x in row] for row in m]
[[1.0, 0.6], [1.0, 0.68]]
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain
from operator import itemgetter

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, Indel, Levenshtein

from kirok.lib.names import hangul as h
from kirok.lib.names import surnames as sn
from kirok.lib.names.folding import ALL
from kirok.lib.names.matching import (
    CONFLICT_PENALTY,
    EDIT_SLOPE,
    GIVEN_WEIGHT,
    MIN_EDIT_COST,
    SECONDARY_PENALTY,
    SLIP_CREDIT,
    SURNAME_WEIGHT,
    SYLLABLE_SLOPE,
    SYLLABLE_WEIGHT,
    TYPO_FACTOR,
    readings,
)

MAX_CANDIDATES = 4
WIDTH = 32  # skeleton characters whose masks are compared (longer names: the rest is ALL)
_SURNAME_INDEX = {s: i for i, s in enumerate(sn.surnames())}
_ONE = {"workers": 1}


class _Registry:
    """Every distinct skeleton, surname reading and Hangul given name seen, with a stable id.

    Ids outlive a call so that a string's rows are computed once; the registry only grows
    with distinct spellings, which is what the caches hold anyway.
    """

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.key_len = array("q")
        self.key_bits = array("Q")  # which sound classes a skeleton uses (an edit bound)
        self._symbols: dict[str, int] = {}
        self.hanguls: list[str] = []
        self.jamo: list[str] = []
        self.slips: list[str] = []  # hangul.fold_slips of each
        self.in_hangul = array("b")
        self.cands = array("q")
        self.sclass = array("q")
        self.stext = array("q")
        self.class_names: list[str] = []
        self._texts = 0
        self._ids: dict[tuple, int] = {}

    def _id(self, kind: str, value, add) -> int:
        found = self._ids.get((kind, value))
        if found is None:
            found = self._ids[(kind, value)] = add(value)
        return found

    def key(self, key: str) -> int:
        def add(k: str) -> int:
            self.keys.append(k)
            self.key_len.append(len(k))
            bits = 0
            for char in k:
                bits |= 1 << (self._symbols.setdefault(char, len(self._symbols)) % 64)
            self.key_bits.append(bits)
            return len(self.keys) - 1

        return self._id("key", key, add)

    def hangul(self, text: str) -> int:
        def add(t: str) -> int:
            self.hanguls.append(t)
            self.jamo.append(h.jamo_string(t))
            self.slips.append(h.fold_slips(t))
            return len(self.hanguls) - 1

        return self._id("hangul", text, add) if text else -1

    def surname(self, reading) -> int:
        def add(r) -> int:
            in_hangul, cands, sclass, stext = r
            self.in_hangul.append(in_hangul)
            self.cands.extend(cands + (-1,) * (MAX_CANDIDATES - len(cands)))
            self.sclass.append(self._id("class", sclass, self._add_class))
            self.stext.append(self._id("text", stext, self._add_text))
            return len(self.in_hangul) - 1

        return self._id("surname", reading, add)

    def _add_class(self, name: str) -> int:
        self.class_names.append(name)
        return len(self.class_names) - 1

    def _add_text(self, _text: str) -> int:
        self._texts += 1
        return self._texts - 1


_REGISTRY = _Registry()


_PAD = (ALL,) * WIDTH


@lru_cache(maxsize=500_000)
def _rows(text: str) -> tuple[tuple, ...]:
    """One row per reading of a string: (key id, surname id, Hangul id, well formed, masks,
    primaries), the masks padded with ALL to WIDTH. Plain tuples: numpy arrays are built
    once per call over all strings (in _side), not per string."""
    found = readings(text)
    rows = []
    for r in found:
        cands = tuple(_SURNAME_INDEX[c] for c in r.surname_candidates[:MAX_CANDIDATES])
        text_key = h.fold_initial_sound(r.surname_text) if r.surname_in_hangul else ""
        surname = (r.surname_in_hangul, cands, r.surname_class, text_key)
        rows.append(
            (
                _REGISTRY.key(r.given.key),
                _REGISTRY.surname(surname),
                _REGISTRY.hangul(r.given_hangul),
                r.well_formed,
                (r.given.masks + _PAD)[:WIDTH],
                (r.given.primaries + _PAD)[:WIDTH],
            )
        )
    return tuple(rows)


def clear_caches() -> None:
    """Forget every reading (for benchmarks that measure the cold path)."""
    _rows.cache_clear()
    readings.cache_clear()


@dataclass
class _Side:
    """The readings of one side's unique strings, as arrays (one row per reading)."""

    starts: np.ndarray  # first row of each unique string
    primary: np.ndarray  # the row is its string's first reading
    key: np.ndarray
    surname: np.ndarray
    hangul: np.ndarray  # -1 when the given name is not in Hangul
    masks: np.ndarray  # (rows, WIDTH), padded with ALL
    primaries: np.ndarray
    well_formed: np.ndarray
    named: np.ndarray  # per unique string: it has a letter at all (an empty name matches none)


def _side(unique: Sequence[str]) -> _Side:
    parts = [_rows(text) for text in unique]
    counts = np.fromiter(map(len, parts), np.int64, len(parts))
    starts = np.cumsum(counts) - counts
    primary = np.zeros(int(counts.sum()), dtype=bool)
    primary[starts] = True
    rows = list(chain.from_iterable(parts))
    ids = np.array([row[:3] for row in rows], dtype=np.int64).reshape(-1, 3)
    well_formed = np.fromiter((row[3] for row in rows), bool, len(rows))
    masks = np.array([row[4] for row in rows], dtype=np.int32).reshape(-1, WIDTH)
    primaries = np.array([row[5] for row in rows], dtype=np.int32).reshape(-1, WIDTH)
    named = np.fromiter((any(map(str.isalpha, text)) for text in unique), bool, len(unique))
    return _Side(
        starts, primary, ids[:, 0], ids[:, 1], ids[:, 2], masks, primaries, well_formed, named
    )


def _intern(values: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The distinct values and, for each input, the index of its value (C-level loops)."""
    ids = {v: i for i, v in enumerate(dict.fromkeys(values))}
    found = itemgetter(*values)(ids)
    return list(ids), np.asarray(found if len(values) > 1 else [found], dtype=np.int64)


def _prepare(left: Sequence[str], right: Sequence[str]):
    unique_a, inv_a = _intern(left)
    unique_b, inv_b = _intern(right)
    return _side(unique_a), _side(unique_b), inv_a, inv_b


def _surname_scores(sa: np.ndarray, sb: np.ndarray) -> np.ndarray:
    """matching.surname_similarity for aligned arrays of surname ids."""
    reg = _REGISTRY
    in_hangul = np.frombuffer(reg.in_hangul, dtype=np.int8).astype(bool)
    cands = np.frombuffer(reg.cands, dtype=np.int64).reshape(-1, MAX_CANDIDATES)
    sclass = np.frombuffer(reg.sclass, dtype=np.int64)
    stext = np.frombuffer(reg.stext, dtype=np.int64)
    ha, hb, ca, cb = in_hangul[sa], in_hangul[sb], cands[sa], cands[sb]
    a0, b0 = ca[:, 0], cb[:, 0]
    a0_in_b = (cb == a0[:, None]).any(axis=1) & (a0 >= 0)
    b0_in_a = (ca == b0[:, None]).any(axis=1) & (b0 >= 0)
    shared = ((ca[:, :, None] == cb[:, None, :]) & (ca[:, :, None] >= 0)).any(axis=(1, 2))
    same_class = sclass[sa] == sclass[sb]
    partial = process.cpdist(
        [reg.class_names[i] for i in sclass[sa]],
        [reg.class_names[i] for i in sclass[sb]],
        scorer=Indel.normalized_similarity,
        dtype=np.float32,
        **_ONE,
    )
    partial = np.maximum(partial - 0.5, 0.0)
    both = np.where((a0 >= 0) & (b0 >= 0), a0 == b0, stext[sa] == stext[sb]).astype(float)
    one = np.where(
        np.where(ha, a0_in_b, b0_in_a),
        np.where(a0 == b0, 1.0, 0.95),
        np.where(same_class, 0.8, partial),
    )
    neither = np.where(shared, 1.0, np.where(same_class, 0.9, partial))
    return np.where(ha & hb, both, np.where(ha | hb, one, neither))


def _edit_scores(distance, len_a, len_b, typo) -> np.ndarray:
    longest = np.maximum(np.maximum(len_a, len_b), 1)
    per_edit = np.maximum(EDIT_SLOPE / longest, MIN_EDIT_COST)
    per_edit = np.where(typo, per_edit * TYPO_FACTOR, per_edit)
    return np.clip(1.0 - per_edit * distance, 0.0, 1.0)


def _penalties(a: _Side, b: _Side, ra: np.ndarray, rb: np.ndarray) -> np.ndarray:
    """matching.mask_penalty for reading pairs with equal keys (aligned 1-d arrays)."""
    width = min(a.masks.shape[1], b.masks.shape[1])
    ma, mb = a.masks[ra, :width], b.masks[rb, :width]
    pa, pb = a.primaries[ra, :width], b.primaries[rb, :width]
    both = ma & mb
    conflicts = (both == 0).sum(axis=1)
    secondary = ((both != 0) & ((pa & pb) == 0)).sum(axis=1)
    return conflicts * CONFLICT_PENALTY + secondary * SECONDARY_PENALTY


def _hangul_scores(ha: np.ndarray, hb: np.ndarray) -> np.ndarray:
    """Hangul given names: syllable-level (falling fast) and jamo-level, weighted."""
    texts, jamo, slips = _REGISTRY.hanguls, _REGISTRY.jamo, _REGISTRY.slips
    kw = {"scorer": Levenshtein.normalized_similarity, "dtype": np.float32, **_ONE}
    syllable = process.cpdist([texts[i] for i in ha], [texts[i] for i in hb], **kw)
    misheard = process.cpdist([slips[i] for i in ha], [slips[i] for i in hb], **kw)
    syllable = syllable + SLIP_CREDIT * (misheard - syllable)
    syllable = np.clip(1.0 - SYLLABLE_SLOPE * (1.0 - syllable), 0.0, 1.0)
    by_jamo = process.cpdist([jamo[i] for i in ha], [jamo[i] for i in hb], **kw)
    return SYLLABLE_WEIGHT * syllable + (1.0 - SYLLABLE_WEIGHT) * by_jamo


def _unique_pairs(x: np.ndarray, y: np.ndarray, size: int):
    """Distinct (x, y) pairs and, for each input position, which one it is."""
    combined, inverse = np.unique(x * size + y, return_inverse=True)
    return combined // size, combined % size, inverse.ravel()


def _key_lengths() -> np.ndarray:
    return np.frombuffer(_REGISTRY.key_len, dtype=np.int64).astype(np.float32)


# This many edits leave nothing of a given-name score (1 − MIN_EDIT_COST × edits < 0), and
# this many when a spelling looks mistyped and edits cost less.
_CUTOFF = int(np.ceil(1.0 / MIN_EDIT_COST))
_TYPO_CUTOFF = int(np.ceil(1.0 / (MIN_EDIT_COST * TYPO_FACTOR)))


def _given_edit_scores(ka: np.ndarray, kb: np.ndarray, typo: np.ndarray) -> np.ndarray:
    """Edit-distance scores of skeleton pairs; pairs that cannot come within _CUTOFF edits
    (by length, or by the sound classes one has and the other lacks) are 0 without asking
    rapidfuzz, which is most pairs of different people."""
    keys, lengths = _REGISTRY.keys, _key_lengths()
    bits = np.frombuffer(_REGISTRY.key_bits, dtype=np.uint64)
    differing = np.bitwise_count(bits[ka] ^ bits[kb]).astype(np.float32)
    bound = np.maximum(np.abs(lengths[ka] - lengths[kb]), np.ceil(differing / 2))
    given = np.zeros(len(ka), dtype=np.float64)
    close = np.flatnonzero(bound < np.where(typo, _TYPO_CUTOFF, _CUTOFF))
    if len(close):
        ca, cb, which = _unique_pairs(ka[close], kb[close], len(keys))
        # OSA: a swap of two letters (a typo: Hyesnog) is one edit, not two.
        distance = process.cpdist(
            [keys[i] for i in ca],
            [keys[i] for i in cb],
            scorer=OSA.distance,
            score_cutoff=_TYPO_CUTOFF,
            **_ONE,
        )
        given[close] = _edit_scores(distance[which], lengths[ka[close]], lengths[kb[close]],
                                    typo[close])  # fmt: skip
    return given


def _surname_pairs(a: _Side, b: _Side, ra: np.ndarray, rb: np.ndarray) -> np.ndarray:
    """Surname scores per reading pair, from a grid over the few distinct surname readings."""
    used_a, local_a = np.unique(a.surname, return_inverse=True)
    used_b, local_b = np.unique(b.surname, return_inverse=True)
    # A grid over every distinct surname reading on each side is cheaper than finding the
    # distinct pairs only when it is much smaller than the list of pairs itself.
    if len(used_a) * len(used_b) <= max(10_000, len(ra) // 8):
        grid_a, grid_b = np.meshgrid(used_a, used_b, indexing="ij")
        grid = _surname_scores(grid_a.ravel(), grid_b.ravel()).reshape(grid_a.shape)
        return grid[local_a.ravel()[ra], local_b.ravel()[rb]]
    sa, sb, which = _unique_pairs(a.surname[ra], b.surname[rb], len(_REGISTRY.in_hangul))
    return _surname_scores(sa, sb)[which]


def _scores(a: _Side, b: _Side, ra: np.ndarray, rb: np.ndarray) -> np.ndarray:
    """The score of every aligned reading pair (ra[i], rb[i])."""
    ka, kb = a.key[ra], b.key[rb]
    given = _given_edit_scores(ka, kb, ~(a.well_formed[ra] & b.well_formed[rb]))
    equal = np.flatnonzero(ka == kb)
    if len(equal):
        given[equal] = np.maximum(1.0 - _penalties(a, b, ra[equal], rb[equal]), 0.0)
    both = np.flatnonzero((a.hangul[ra] >= 0) & (b.hangul[rb] >= 0))
    if len(both):
        size = len(_REGISTRY.hanguls)
        ha, hb, which = _unique_pairs(a.hangul[ra[both]], b.hangul[rb[both]], size)
        given[both] = _hangul_scores(ha, hb)[which]
    return SURNAME_WEIGHT * _surname_pairs(a, b, ra, rb) + GIVEN_WEIGHT * given


def similarity_pairs(a_list: Sequence[str], b_list: Sequence[str]) -> np.ndarray:
    """Scores of aligned pairs ``(a_list[i], b_list[i])`` (float32 array).

    >>> [round(float(x), 2) for x in similarity_pairs(["김현숙", "이영호"], ["김혜숙", "이영희"])]
    [0.62, 0.66]
    """
    if len(a_list) != len(b_list):
        raise ValueError("similarity_pairs needs two lists of the same length.")
    if not len(a_list):
        return np.zeros(0, dtype=np.float32)
    a, b, inv_a, inv_b = _prepare(a_list, b_list)
    ra, rb, group_starts = _expand(a, b, inv_a, inv_b)
    scores = _scores(a, b, ra, rb)
    if len(scores) != len(group_starts):
        scores = np.maximum.reduceat(scores, group_starts)
    scores[~(a.named[inv_a] & b.named[inv_b])] = 0.0
    return scores.astype(np.float32)


def _expand(a: _Side, b: _Side, ua: np.ndarray, ub: np.ndarray):
    """The reading pairs to compare for each string pair, grouped by pair.

    First × first, first × others and others × first: two names misread the same way
    (남궁정영 as 남 + 궁정영 on both sides) must not look closer than their first readings.
    """
    count_a = np.diff(np.append(a.starts, len(a.key)))[ua]
    count_b = np.diff(np.append(b.starts, len(b.key)))[ub]
    combos = count_a + count_b - 1
    group = np.repeat(np.arange(len(ua)), combos)
    offset = np.arange(combos.sum()) - np.repeat(np.cumsum(combos) - combos, combos)
    extra_b = count_b[group] - 1
    in_b = offset <= extra_b
    ra = a.starts[ua][group] + np.where(in_b, 0, offset - extra_b)
    rb = b.starts[ub][group] + np.where(in_b, offset, 0)
    return ra, rb, np.cumsum(combos) - combos


def similarity_matrix(a_list: Sequence[str], b_list: Sequence[str]) -> np.ndarray:
    """Scores of every name in ``a_list`` against every name in ``b_list`` (float32 array).

    >>> scores = similarity_matrix(["Kim Hye-song"], ["김혜송", "Lee Young-hee"])
    >>> [round(float(x), 2) for x in scores[0]]
    [1.0, 0.0]
    """
    if not len(a_list) or not len(b_list):
        return np.zeros((len(a_list), len(b_list)), dtype=np.float32)
    a, b, inv_a, inv_b = _prepare(a_list, b_list)
    keys = _REGISTRY.keys
    used_a, key_a = np.unique(a.key, return_inverse=True)
    used_b, key_b = np.unique(b.key, return_inverse=True)
    distance = process.cdist(
        [keys[i] for i in used_a],
        [keys[i] for i in used_b],
        scorer=OSA.distance,
        dtype=np.int32,
        **_ONE,
    )
    lengths = _key_lengths()
    typo = ~(a.well_formed[:, None] & b.well_formed[None, :])
    scores = _edit_scores(
        distance[key_a.ravel()][:, key_b.ravel()],
        lengths[a.key][:, None],
        lengths[b.key][None, :],
        typo,
    )
    eq_a, eq_b = np.nonzero(a.key[:, None] == b.key[None, :])
    if len(eq_a):
        scores[eq_a, eq_b] = np.maximum(1.0 - _penalties(a, b, eq_a, eq_b), 0.0)
    _overwrite_hangul(a, b, scores)
    scores = SURNAME_WEIGHT * _surname_grid(a, b) + GIVEN_WEIGHT * scores
    # Second readings meet first readings only (see _expand).
    scores[~a.primary[:, None] & ~b.primary[None, :]] = -1.0
    per_string = np.maximum.reduceat(np.maximum.reduceat(scores, a.starts, 0), b.starts, 1)
    per_string[~a.named, :] = 0.0
    per_string[:, ~b.named] = 0.0
    return per_string[inv_a][:, inv_b].astype(np.float32)


def _overwrite_hangul(a: _Side, b: _Side, given: np.ndarray) -> None:
    rows, cols = np.flatnonzero(a.hangul >= 0), np.flatnonzero(b.hangul >= 0)
    if not len(rows) or not len(cols):
        return
    used_a, which_a = np.unique(a.hangul[rows], return_inverse=True)
    used_b, which_b = np.unique(b.hangul[cols], return_inverse=True)
    grid_a, grid_b = np.meshgrid(used_a, used_b, indexing="ij")
    sim = _hangul_scores(grid_a.ravel(), grid_b.ravel()).reshape(grid_a.shape)
    given[np.ix_(rows, cols)] = sim[which_a.ravel()][:, which_b.ravel()]


def _surname_grid(a: _Side, b: _Side) -> np.ndarray:
    used_a, which_a = np.unique(a.surname, return_inverse=True)
    used_b, which_b = np.unique(b.surname, return_inverse=True)
    grid_a, grid_b = np.meshgrid(used_a, used_b, indexing="ij")
    sim = _surname_scores(grid_a.ravel(), grid_b.ravel()).reshape(grid_a.shape)
    return sim[which_a.ravel()][:, which_b.ravel()]


def similarity(a: str, b: str) -> float:
    """Similarity of two names in [0, 1]; see the package docstring for what it measures.

    >>> round(similarity("김혜송", "Kim Hye-song"), 2), round(similarity("이영호", "이영희"), 2)
    (1.0, 0.66)
    """
    return float(similarity_pairs([a], [b])[0])
