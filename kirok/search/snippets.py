"""The passage of a text around the words a search found, with those words marked.

Pure Python (no Django): a snippet is a list of (text, is_match) pieces, so that the template
escapes every piece and marks the matches itself; no HTML is ever built from record text.

>>> [(p.text, p.match) for p in snippet("그날 보위부는 그를 연행했다", ["보위부"])]
[('그날 ', False), ('보위부', True), ('는 그를 연행했다', False)]
"""

from __future__ import annotations

from dataclasses import dataclass

from kirok.lib import text_match
from kirok.lib.names import mentions

CONTEXT = 60


@dataclass(frozen=True)
class Piece:
    text: str
    match: bool


def snippet(text: str, words: list[str], context: int = CONTEXT) -> list[Piece]:
    """The passage of ``text`` where most of the ``words`` occur closest together, cut to
    about ``context`` characters either side, matches marked; the start of the text if no
    word occurs. A Latin word is marked where a word starts with it (kirok.lib.text_match).

    >>> text = "Kim Tong-son, from Onsong. Kim Hye-song was taken in 2019."
    >>> pieces = snippet(text, ["kim", "hye", "song"], context=15)
    >>> "".join(f"[{p.text}]" if p.match else p.text for p in pieces)
    '…, from Onsong. [Kim] [Hye]-[song] was taken in 2019…'
    """
    folded = text_match.comparable(text)
    words = [text_match.fold(w) for w in words if w]
    stretch = text_match.closest(folded, words)
    if stretch is None:
        return _head(text, context)
    start = max(0, stretch[0] - context)
    end = min(len(text), stretch[0] + 2 * context)  # words pages apart: the first of them
    spans = [(begin, finish) for begin, finish, _ in text_match.spans(folded, words, start, end)]
    return _cut(text, start, end, spans)


def marked(text: str, spans: list[tuple[int, int]], context: int = CONTEXT) -> list[Piece]:
    """The passage of ``text`` around the first of ``spans`` (start, end), each marked: a
    name found in another spelling than the query's, which no word of the query matches.

    >>> pieces = marked("그날 김혜송은 떠났다", [(3, 6)])
    >>> "".join(f"[{p.text}]" if p.match else p.text for p in pieces)
    '그날 [김혜송]은 떠났다'
    """
    if not spans:
        return _head(text, context)
    start = max(0, spans[0][0] - context)
    end = min(len(text), spans[0][0] + 2 * context)
    return _cut(text, start, end, [span for span in spans if start <= span[0] < end])


def naming(texts: list[str], keys: list[str]) -> list[Piece]:
    """The passage of the first of ``texts`` that gives a name with one of the comparison
    ``keys`` (kirok.lib.names.mentions), each such name marked; [] if none does.

    >>> pieces = naming(["No name here.", "그날 김혜송은 떠났다"], ["kim:hYsoN"])
    >>> "".join(f"[{p.text}]" if p.match else p.text for p in pieces)
    '그날 [김혜송]은 떠났다'
    """
    for text in texts:
        spans = sorted((m.start, m.end) for key in keys for m in mentions.naming(text, key))
        if spans:
            return marked(text, spans)
    return []


def _head(text: str, context: int) -> list[Piece]:
    head = text[: 2 * context]
    return [Piece(head + ("…" if len(text) > len(head) else ""), False)] if head else []


def _cut(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> list[Piece]:
    pieces: list[Piece] = []
    cursor = start
    for begin, finish in _merged(spans):
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


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for begin, finish in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(finish, merged[-1][1]))
        else:
            merged.append((begin, finish))
    return merged
