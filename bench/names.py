"""Benchmark kirok.lib.names: throughput of the vectorised path and same/different separation.

Run: ``.venv/bin/python bench/names.py [--pairs 1000000] [--people 4000] [--seed 7]``.

1. A seeded population of Korean names (surnames by rough frequency, given names from the
   name syllables) and, for each person, spellings as sources write them: Hangul (with or
   without a space, DPRK spelling), every romanization system, style and order, surnames as
   the system writes them or as commonly printed, popular respellings written by an
   independent generator here (Hyun, Sung, Young, -hee, -sook, Woo), capitals, and typos.
2. Labelled pairs: two spellings of one person (same) against spellings of two different
   people of the population, half drawn at random and half namesakes (one surname, as
   Kims, Lees and Parks so often share): the separation linkage needs, and the number the
   goal (ROC AUC ≥ 0.99) is about. Then a stress test that no population produces at this
   rate: a second person with one given syllable changed to a near-sounding one (혜송 /
   혜성, 현 / 혜, 영 / 용) or the same given name under a surname of the same sound class
   (서 / 소). Many of those are spelt exactly alike by some system (MR without breves writes
   both 송 and 성 "song"); the report says how many, and the separation without them.
3. ROC AUC (rank based, ties averaged), precision and recall at the best-F1 threshold.
4. Comparisons per second on one core for 1,000,000 aligned pairs drawn with repetition from
   the spellings, cold (caches empty) and warm.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import itertools

import numpy as np

from kirok.lib.names import (
    NameStyle,
    folding,
    parsing,
    romanize_name,
    similarity_matrix,
    similarity_pairs,
    vectorised,
)
from kirok.lib.names import hangul as h
from kirok.lib.names.romanization import SYSTEMS, romanize
from kirok.lib.names.surnames import surnames
from kirok.lib.names.syllables import NAME_SYLLABLES, tier

DPRK_FORM = {"이": "리", "임": "림", "노": "로", "유": "류", "양": "량", "나": "라"}
# How people respell RR vowels in their own names (Sung, Hyun, Soo, Hee, Wee, Eui, Young),
# written here independently of the library's tables. Keyed by the RR vowel letters.
POPULAR_VOWELS = {"eo": ("u", "o"), "yeo": ("yu", "yo"), "u": ("oo",), "eu": ("u",),
                  "i": ("ee",), "wi": ("wee",), "ui": ("ee", "eui"), "ae": ("ai",)}  # fmt: skip
POPULAR_SYLLABLES = {"영": "young", "이": "yi", "시": "shi", "신": "shin", "진": "jin"}
COMMON_SURNAME = {"김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
                  "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh",
                  "서": "Suh", "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song",
                  "전": "Jeon", "홍": "Hong", "유": "Yoo", "고": "Ko", "문": "Moon",
                  "양": "Yang"}  # fmt: skip
LIAISON_FINALS = frozenset((7, 19, 20, 22, 23, 25, 27))


def make_people(rng: random.Random, count: int) -> list[tuple[str, str]]:
    family = list(surnames())
    family_weights = [1 / (i + 1) ** 1.1 for i in range(len(family))]
    syllables = list(NAME_SYLLABLES)
    syllable_weights = [3.0 / (1 + tier(s)) for s in syllables]
    people = set()
    while len(people) < count:
        surname = rng.choices(family, family_weights)[0]
        size = rng.choices([1, 2, 3], [0.07, 0.9, 0.03])[0]
        given = "".join(rng.choices(syllables, syllable_weights, k=size))
        if _writable(given):
            people.add((surname, given))
    return sorted(people)


def _writable(given: str) -> bool:
    pairs = itertools.pairwise(given)
    return not any(
        h.decompose(a).final in LIAISON_FINALS and h.decompose(b).initial == h.I_NG
        for a, b in pairs
    )


def popular(rng: random.Random, surname: str, given: str, given_first: bool) -> str:
    """A spelling as people write their own names: RR syllables with common respellings."""
    pieces = []
    for syllable in given:
        text = romanize(syllable, "rr").lower()
        if rng.random() < 0.5:
            vowel = re.search(r"[aeiouwy]+", text)
            choices = POPULAR_VOWELS.get(vowel.group()) if vowel else None
            if syllable in POPULAR_SYLLABLES:
                text = POPULAR_SYLLABLES[syllable]
            elif choices:
                text = text[: vowel.start()] + rng.choice(choices) + text[vowel.end() :]
        pieces.append(text)
    family = COMMON_SURNAME.get(surname) or romanize(surname, "rr")
    joiner = rng.choice(["-", "", " "])
    given_text = joiner.join(p.capitalize() if joiner == " " else p for p in pieces)
    given_text = given_text[:1].upper() + given_text[1:]
    return f"{given_text} {family}" if given_first else f"{family} {given_text}"


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip inside a word of the name (not its first letter, not a space)."""
    inner = [i for i in range(1, len(text) - 1) if text[i].isalpha() and text[i + 1].isalpha()
             and text[i - 1].isalpha()]  # fmt: skip
    if not inner:
        return text
    i = rng.choice(inner)
    kind = rng.choice(["swap", "drop", "replace", "double"])
    if kind == "swap":
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice("aeioungkr") + text[i + 1 :]


def spell(rng: random.Random, surname: str, given: str) -> str:
    """One spelling of a person, as some source would write it."""
    roll = rng.random()
    if roll < 0.2:
        written = DPRK_FORM.get(surname, surname) if rng.random() < 0.3 else surname
        return written + (" " if rng.random() < 0.2 else "") + given
    given_first = rng.random() < 0.25
    if roll < 0.45:
        text = popular(rng, surname, given, given_first)
    else:
        text = romanize_name(
            surname + given,
            rng.choice(SYSTEMS),
            rng.choice(list(NameStyle)),
            given_first=given_first,
            sound_changes=rng.random() < 0.7,
            surname=rng.choice(["standard", "common"]),
        )
    if rng.random() < 0.15:  # the UN and NGO habit: the surname in capitals
        parts = text.split(" ")
        at = -1 if given_first else 0
        parts[at] = parts[at].upper()
        text = " ".join(parts)
    if rng.random() < 0.08:
        text = typo(rng, text)
    return text


NEAR_VOWELS = {"ㅓ": "ㅗ", "ㅗ": "ㅓ", "ㅡ": "ㅜ", "ㅜ": "ㅡ", "ㅐ": "ㅔ", "ㅔ": "ㅐ", "ㅕ": "ㅛ",
               "ㅛ": "ㅕ", "ㅖ": "ㅔ", "ㅣ": "ㅢ"}  # fmt: skip
NEAR_FINALS = {4: 21, 21: 4, 1: 0, 0: 4, 8: 0, 16: 4, 17: 16}  # ㄴ↔ㅇ, ㄱ→∅, ∅→ㄴ, ㄹ→∅, ㅁ→ㄴ


def near_syllable(rng: random.Random, syllable: str) -> str:
    """A syllable that sounds or romanizes alike (송 → 성, 현 → 혀, 영 → 용)."""
    s = h.decompose(syllable)
    if rng.random() < 0.6 and h.MEDIALS[s.medial] in NEAR_VOWELS:
        medial = h.MEDIALS.index(NEAR_VOWELS[h.MEDIALS[s.medial]])
        return h.compose(s.initial, medial, s.final)
    if s.final in NEAR_FINALS:
        return h.compose(s.initial, s.medial, NEAR_FINALS[s.final])
    return h.compose(s.initial, (s.medial + 1) % 21, s.final)


def hard_negative(rng: random.Random, person: tuple[str, str]) -> tuple[str, str]:
    surname, given = person
    if rng.random() < 0.25:
        same_class = {"서": "소", "소": "서", "성": "송", "송": "성", "전": "천", "천": "전",
                      "조": "주", "주": "조", "정": "장", "장": "정", "김": "금",
                      "이": "여"}  # fmt: skip
        return same_class.get(surname, "한" if surname != "한" else "함"), given
    i = rng.randrange(len(given))
    return surname, given[:i] + near_syllable(rng, given[i]) + given[i + 1 :]


def labelled_pairs(rng: random.Random, people, per_kind: int):
    """Pairs with their kind: same person; different people at random; namesakes (different
    people with one surname, as Kims and Lees are); near-sounding (the stress test)."""
    pairs: dict[str, tuple[list[str], list[str]]] = {}
    by_surname: dict[str, list[tuple[str, str]]] = {}
    for person in people:
        by_surname.setdefault(person[0], []).append(person)
    shared = [p for p in people if len(by_surname[p[0]]) > 1]

    def add(kind: str, a: tuple[str, str], b: tuple[str, str], seed: int | None = None):
        left, right = pairs.setdefault(kind, ([], []))
        left.append(spell(rng, *a))
        right.append(spell(random.Random(seed) if seed is not None else rng, *b))

    for _ in range(per_kind):
        person = rng.choice(people)
        add("same", person, person)
    for _ in range(per_kind // 2):
        add("random", *rng.sample(people, 2))
    for _ in range(per_kind - per_kind // 2):
        person = rng.choice(shared)
        add("namesake", person, rng.choice([p for p in by_surname[person[0]] if p != person]))
    alike = []
    for _ in range(per_kind // 2):
        person = rng.choice(people)
        other = hard_negative(rng, person)
        if other == person or not _writable(other[1]):
            other = hard_negative(rng, person)
        seed = rng.randrange(2**32)
        add("near", person, other, seed)
        # Would the same source, writing the first person the same way, print the same
        # letters? Then no method can tell the two apart from these spellings.
        alike.append(_plain(spell(random.Random(seed), *person)) == _plain(pairs["near"][1][-1]))
    return pairs, np.asarray(alike)


def _plain(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


def roc_auc(scores: np.ndarray, labels: np.ndarray) -> float:
    """Mann–Whitney U / (n₁ n₀), with tied scores given their average rank."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores), dtype=float)
    sorted_scores = scores[order]
    boundaries = np.flatnonzero(np.diff(sorted_scores)) + 1
    starts = np.concatenate(([0], boundaries))
    ends = np.concatenate((boundaries, [len(scores)]))
    for start, end in zip(starts, ends, strict=True):
        ranks[order[start:end]] = (start + end + 1) / 2
    positives = labels == 1
    n_pos, n_neg = positives.sum(), (~positives).sum()
    return float((ranks[positives].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def best_threshold(scores: np.ndarray, labels: np.ndarray):
    best = (0.0, 0.0, 0.0, 0.0)
    for threshold in np.unique(np.round(scores, 3)):
        predicted = scores >= threshold
        tp = (predicted & (labels == 1)).sum()
        if not tp:
            continue
        precision, recall = tp / predicted.sum(), tp / (labels == 1).sum()
        f1 = 2 * precision * recall / (precision + recall)
        if f1 > best[0]:
            best = (f1, float(threshold), float(precision), float(recall))
    return best


def report(label: str, scores: np.ndarray, labels: np.ndarray) -> None:
    f1, threshold, precision, recall = best_threshold(scores, labels)
    print(
        f"  {label}: ROC AUC {roc_auc(scores, labels):.4f}; best F1 {f1:.4f} at "
        f"{threshold:.3f} (precision {precision:.4f}, recall {recall:.4f})"
    )


def clear_caches() -> None:
    vectorised.clear_caches()
    parsing.parses.cache_clear()
    folding.fold.cache_clear()
    folding.fold_hangul.cache_clear()


def throughput(rng: random.Random, people, pairs: int, unique: int) -> None:
    pool = [spell(rng, *rng.choice(people)) for _ in range(unique)]
    weights = np.asarray([1 / (i + 1) ** 0.5 for i in range(unique)])
    weights /= weights.sum()
    np_rng = np.random.default_rng(rng.randrange(2**32))
    left = [pool[i] for i in np_rng.choice(unique, pairs, p=weights)]
    right = [pool[i] for i in np_rng.choice(unique, pairs, p=weights)]
    clear_caches()
    # CPU time of this process: the machine may be shared, and one core is what we measure.
    for label in ("cold (readings computed)", "warm (readings cached)"):
        start, wall = time.process_time(), time.perf_counter()
        similarity_pairs(left, right)
        seconds, wall = time.process_time() - start, time.perf_counter() - wall
        print(
            f"  {label:26s} {pairs:,} pairs in {seconds:.2f} s CPU ({wall:.2f} s wall) "
            f"= {pairs / seconds:,.0f}/s"
        )
    side = 1000
    start = time.process_time()
    similarity_matrix(pool[:side], pool[-side:])
    seconds = time.process_time() - start
    print(f"  {'matrix 1000 × 1000 (warm)':26s} {side**2 / seconds:,.0f}/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=4000)
    parser.add_argument("--labelled", type=int, default=20_000, help="same-person pairs")
    parser.add_argument("--unique", type=int, default=30_000, help="distinct spellings")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    people = make_people(rng, args.people)

    pairs, alike = labelled_pairs(rng, people, args.labelled)
    scores = {kind: similarity_pairs(*texts) for kind, texts in pairs.items()}
    same = scores["same"]
    print(f"separation: {len(same):,} same-person pairs against")

    def against(label: str, *kinds: str) -> None:
        different = np.concatenate([scores[k] for k in kinds])
        labels = np.r_[np.ones(len(same)), np.zeros(len(different))]
        report(f"{label} ({len(different):,})", np.r_[same, different], labels)

    against("different people, half namesakes", "random", "namesake")
    against("  of them at random", "random")
    against("  of them namesakes", "namesake")
    against("stress test: near-sounding names", "near")
    distinguishable = scores["near"][~alike]
    report(
        f"  without the {alike.sum():,} spelt alike",
        np.r_[same, distinguishable],
        np.r_[np.ones(len(same)), np.zeros(len(distinguishable))],
    )
    print(f"throughput on one core ({args.unique:,} distinct spellings, repeated)")
    throughput(rng, people, args.pairs, args.unique)


if __name__ == "__main__":
    main()
