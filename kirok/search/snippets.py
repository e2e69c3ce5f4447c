"""The passage of a text around the words a search found, with those words marked.

Pure Python (no Django): a snippet is a list of (text, is_match) pieces, so that the template
escapes every piece and marks the matches itself; no HTML is ever built from record text.

>>> [(p.text, p.match) for p in snippet("그날 보위부는 그를 연행했다", ["보위부"])]
[('그날 ', False), ('보위부', True), ('는 그를 연행했다', False)]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

CONTEXT = 60
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Piece:
    text: str
    match: bool


def query_words(query: str) -> list[str]:
    """The words of a query as the text index cuts them (case and width folded).

    >>> query_words("Kim  Hye-song")
    ['kim', 'hye', 'song']
    """
    return _WORD.findall(_fold(query))


def snippet(text: str, words: list[str], context: int = CONTEXT) -> list[Piece]:
    """The first passage of ``text`` holding one of ``words``, cut to about ``context``
    characters either side, matches marked; the start of the text if no word occurs."""
    folded = _comparable(text)
    spans = _matches(folded, [_fold(w) for w in words if w])
    if not spans:
        head = text[: 2 * context]
        return [Piece(head + ("…" if len(text) > len(head) else ""), False)] if head else []
    first = spans[0][0]
    start = max(0, first - context)
    end = min(len(text), first + 2 * context)
    pieces: list[Piece] = []
    cursor = start
    for begin, finish in spans:
        if begin < cursor or finish > end:
            continue
        pieces.append(Piece(text[cursor:begin], False))
        pieces.append(Piece(text[begin:finish], True))
        cursor = finish
    pieces.append(Piece(text[cursor:end], False))
    if start > 0:
        pieces[0] = Piece("…" + pieces[0].text.lstrip(), pieces[0].match)
    if end < len(text):
        pieces[-1] = Piece(pieces[-1].text.rstrip() + "…", pieces[-1].match)
    return [piece for piece in pieces if piece.text]


def holds_any(text: str, words: list[str]) -> bool:
    """Whether one of the (folded) words occurs in the text."""
    folded = _comparable(text)
    return any(_fold(word) in folded for word in words if word)


def holds_all(text: str, words: list[str]) -> bool:
    """Whether every (folded) word occurs in the text: how a blind-index candidate is
    confirmed against its decrypted text."""
    folded = _fold(text)
    return all(_fold(word) in folded for word in words)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold()


def _comparable(text: str) -> str:
    """The text folded for comparison, the same length as the text so offsets carry over
    (a character whose folding changes the length, like ß, is compared as it is)."""
    folded = _fold(text)
    if len(folded) == len(text):
        return folded  # nearly always; else fold one character at a time
    pieces = []
    for char in text:
        folded = _fold(char)
        pieces.append(folded if len(folded) == 1 else char)
    return "".join(pieces)


def _matches(folded: str, words: list[str]) -> list[tuple[int, int]]:
    spans = []
    for word in words:
        spans += [(m.start(), m.end()) for m in re.finditer(re.escape(word), folded)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for begin, finish in spans:
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(finish, merged[-1][1]))
        else:
            merged.append((begin, finish))
    return merged
