"""Where the words of a search occur in a text: the one rule every confirmation and every
highlight follows.

The blind text index (kirok.security.indexing) finds candidates by keyed hashes of tokens:
word prefixes for Latin script, two-character pieces for Hangul and Chinese characters. A
candidate is then decrypted and confirmed here, by the same rule the index means:

- a Latin word (or digits) matches at the start of a word: "song" finds "Song-hui" and
  "Songhwa", not the end of "Onsong"; "hye" finds "Hyesan", not "Pyongchye";
- a Korean or Chinese word matches anywhere, because Korean attaches particles and endings
  to a word and writes compounds without spaces: "보위부" finds "보위부는" and "국가보위부".

Pure Python (no Django).

>>> query_words("Kim  Hye-song")
['kim', 'hye', 'song']
>>> holds_all("Kim Tong-son, from Onsong", ["kim", "song"])
False
>>> holds_all("국가보위부에서 조사를 받았다", ["보위부"])
True
>>> [(start, end) for start, end, _ in spans(fold("Onsong, Songhwa"), ["song"])]
[(8, 12)]
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_WORD = re.compile(r"\w+", re.UNICODE)
# Hangul (syllables and jamo) and the CJK ideographs: matched anywhere in a word.
_CJK = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af\u3400-\u9fff\uf900-\ufaff]")
# Characters allowed between two words of a phrase: a space, a hyphen, "Kim, Hye-song".
GAP = 3
# How far from an occurrence of the rarest word the others are looked for, and at most how
# many of its occurrences are tried (kept small: this runs for every result of a search).
NEAR = 120
MAX_ANCHORS = 10


# A found text is folded to confirm it, to order it and to cut its passage: the last few
# are kept, and no more, since they are decrypted testimony.
@lru_cache(maxsize=4)
def fold(text: str) -> str:
    """Case and width folded, as the text index folds what it cuts."""
    return unicodedata.normalize("NFKC", text).casefold()


def query_words(query: str) -> list[str]:
    """The words of a query as the text index cuts them, folded."""
    return _WORD.findall(fold(query))


def holds_all(text: str, words: list[str]) -> bool:
    """Whether every word of a query occurs in ``text`` by the rule above."""
    folded = fold(text)
    return all(_first(folded, fold(word)) >= 0 for word in words if word)


def spans(
    folded: str, words: list[str], start: int = 0, end: int | None = None
) -> list[tuple[int, int, int]]:
    """(start, end, index of the word) of the occurrences of the (folded) words that start
    in folded[start:end], in the order of the text."""
    end = len(folded) if end is None else end
    found = []
    for index, word in enumerate(words):
        at = _first(folded, word, start)
        while 0 <= at < end:
            found.append((at, at + len(word), index))
            at = _first(folded, word, at + 1)
    return sorted(found)


def comparable(text: str) -> str:
    """The text folded for comparison, the same length as the text so that offsets carry
    over (a character whose folding changes the length, like ß, is compared as it is)."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded  # nearly always; else fold one character at a time
    return "".join(f if len(f := fold(char)) == 1 else char for char in text)


def is_cjk(word: str) -> bool:
    """Whether a word holds Hangul or Chinese characters (matched anywhere, not at a start)."""
    return bool(_CJK.search(word))


def _first(folded: str, word: str, start: int = 0) -> int:
    """The first occurrence of a non-empty ``word`` at or after ``start``; -1 if none."""
    if not word:
        return -1
    anywhere = is_cjk(word)
    while (start := folded.find(word, start)) >= 0:
        if anywhere or start == 0 or not _WORD.match(folded[start - 1]):
            return start
        start += 1
    return -1


def closest(folded: str, words: list[str]) -> tuple[int, int, int] | None:
    """(start, end, how many different words) of the shortest stretch of the folded text
    that holds the most different words of the query; None if none occurs.

    The words side by side (:func:`together`) are that stretch. Failing that, stretches are
    looked for around each occurrence of the rarest word (the first MAX_ANCHORS), the other
    words within NEAR characters of it: a long list holds "kim" thousands of times, and
    this is computed for every result of a search.

    >>> text = fold("Kim Tong-son of Hyesan. Later: Kim Hye-song, born 1984.")
    >>> start, end, count = closest(text, ["kim", "hye", "song"])
    >>> text[start:end], count
    ('kim hye-song', 3)
    """
    if (phrase := _phrase_in(folded, tuple(dict.fromkeys(w for w in words if w)))) is not None:
        return phrase
    present = [word for word in dict.fromkeys(words) if _first(folded, word) >= 0]
    if not present:
        return None
    anchor = min(present, key=folded.count)
    best: tuple[int, int, int] | None = None
    for position, _, _ in spans(folded, [anchor])[:MAX_ANCHORS]:
        start, end, count = position, position + len(anchor), 1
        for word in present:
            near = _nearest(folded, word, position) if word != anchor else None
            if near is not None:
                start, end, count = min(start, near), max(end, near + len(word)), count + 1
        if best is None or (count, start - end) > (best[2], best[0] - best[1]):
            best = (start, end, count)
    return best


def _nearest(folded: str, word: str, position: int) -> int | None:
    """The occurrence of ``word`` nearest to ``position``, if one is within NEAR."""
    best = None
    start = _first(folded, word, max(0, position - NEAR))
    while 0 <= start <= position + NEAR:
        if best is None or abs(start - position) < abs(best - position):
            best = start
        start = _first(folded, word, start + 1)
    return best


def together(text: str, words: list[str]) -> bool:
    """Whether the words stand side by side, as the words of a name or a phrase do: in the
    query's order or turned round ("Kim Hye-song", "Hye Song KIM", "Kim, Hye Song"), at
    most GAP characters apart, rather than scattered through a long text.

    >>> words = ["kim", "hye", "song"]
    >>> together("List: Hye Song KIM (1984)", words), together("Kim, of Hyesan; Songhwa", words)
    (True, False)
    """
    distinct = tuple(dict.fromkeys(fold(word) for word in words if word))
    return _phrase_in(fold(text), distinct) is not None


def _phrase_in(folded: str, words: tuple[str, ...]) -> tuple[int, int, int] | None:
    """(start, end, number of words) of the first place the words stand side by side."""
    if len(words) < 2:
        start = _first(folded, words[0]) if words else -1
        return (start, start + len(words[0]), 1) if start >= 0 else None
    # The phrase holds the rarest word: the pattern (an alternation, which the regular
    # expression engine tries at every position) is run only around it.
    rarest = min(words, key=folded.count)
    reach = sum(map(len, words)) + (GAP + 2) * len(words)
    pattern = _phrases(words)
    at = folded.find(rarest)
    while at >= 0:
        for match in pattern.finditer(folded, max(0, at - reach), at + len(rarest) + reach):
            start = match.start()
            if start == 0 or is_cjk(match.group()[0]) or not _WORD.match(folded[start - 1]):
                return start, match.end(), len(words)
        at = folded.find(rarest, at + 1)
    return None


@lru_cache(maxsize=64)
def _phrases(words: tuple[str, ...]) -> re.Pattern:
    """The words in their order and in each rotation of it, GAP non-word characters apart
    at most. No look-behind: a pattern that opens with a literal is searched fast; where a
    match starts is checked afterwards."""
    rotations = [words[i:] + words[:i] for i in range(len(words))]
    return re.compile("|".join(_phrase(order) for order in rotations))


def _phrase(words: tuple[str, ...]) -> str:
    # A Korean word may carry a particle of a syllable or two before the gap: 보위부는 혜산.
    pieces = [re.escape(w) + (r"\w{0,2}" if is_cjk(w) else "") for w in words[:-1]]
    return rf"\W{{0,{GAP}}}".join([*pieces, re.escape(words[-1])])
