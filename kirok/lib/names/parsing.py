"""Split a Korean name, in Hangul or any romanization, into surname and given name.

Order, hyphens, spaces and capitals vary by source: "Kim Hye-song" (NGO lists), "KIM Hye
Song" (UN style, surname in capitals), "Hye-song Kim" (Western order), "Kim, Hye-song"
(catalogues), "김혜송" or "김 혜송". The parser uses, in order: a comma, a surname in capitals,
a hyphenated given name, which end is a known surname, and surname frequency. Where two
readings remain, both are returned by ``parses`` (``parse_name`` gives the first).

>>> parse_name("Hye-song Kim")  # doctest: +NORMALIZE_WHITESPACE
ParsedName(surname='Kim', given='Hye-song', order='given_first', script='latin',
           surname_hangul_candidates=('김',))
>>> parse_name("KIM Hye Song").given, parse_name("kim hye-song").given
('Hye-song', 'Hye-song')
>>> parse_name("남궁민").surname, parse_name("Min Namgung").surname
('남궁', 'Namgung')
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from kirok.lib.names import hangul as h
from kirok.lib.names import hanja
from kirok.lib.names import surnames as sn

SURNAME_FIRST, GIVEN_FIRST, UNKNOWN = "surname_first", "given_first", "unknown"


class ParsedName(NamedTuple):
    """A name split into parts. Hangul parts stay in Hangul (as written, not folded)."""

    surname: str
    given: str
    order: str
    script: str
    surname_hangul_candidates: tuple[str, ...]


_SPLIT = re.compile(r"[\s,/·]+")
_LATIN = re.compile(r"[A-Za-zÀ-ɏ]")
# Titles a list may write before a romanized name or after a Hangul one ("Mr. Kim Hye-song",
# "김혜송 씨", "김혜송 동무"): read as a name part they gave "Mr" as the surname. No Korean
# given name is one of these words; the Hangul ones of one syllable are taken only as a
# separate word, or attached to a name of three syllables or more (김혜송씨), since 군/양
# also end given names (김상군) and 씨/님 follow a bare surname (김씨 is "Mr Kim").
_LATIN_TITLES = re.compile(
    r"^(?:(?:mr|mrs|ms|miss|mx|dr|prof|madam|mme|mdm|rev)\b\.?\s*)+", re.IGNORECASE
)
_HANGUL_TITLES = ("선생님", "선생", "여사", "동무", "동지", "씨", "님", "군", "양")
_ATTACHED_TITLES = ("선생님", "선생", "여사", "동무", "동지", "씨", "님")


def parse_name(text: str) -> ParsedName:
    """The most likely reading of a name (see ``parses`` for all of them)."""
    return parses(text)[0]


@lru_cache(maxsize=200_000)
def parses(text: str) -> tuple[ParsedName, ...]:
    """Every plausible reading of a name, the most likely first.

    >>> [p.surname for p in parses("Kim Song")], [p.surname for p in parses("선우진")]
    (['Kim', 'Song'], ['선우', '선'])
    """
    cleaned = without_titles(_without_brackets(text).strip().strip("()[]\"'").strip())
    if not h.has_hangul(cleaned) and hanja.has_hanja(cleaned):
        return _hanja_parses(cleaned)
    if h.has_hangul(cleaned):
        script = "mixed" if _LATIN.search(cleaned) else "hangul"
        hangul_only = "".join(c if h.is_syllable(c) or c.isspace() else " " for c in cleaned)
        return tuple(p._replace(script=script) for p in _hangul_parses(hangul_only))
    return _latin_parses(cleaned)


# A part in brackets after or inside a name is never part of it: an age, a note ("사망"),
# the name in another script or an alias ("김혜송 (김순희)", which is two names).
_BRACKETED = re.compile(r"\s*[(（\[][^)）\]]*[)）\]]")


def _without_brackets(text: str) -> str:
    """The name without its bracketed parts; the text itself if nothing else is left
    ("(金惠松)" is the name)."""
    outside = _BRACKETED.sub(" ", text)
    return outside if any(ch.isalpha() for ch in outside) else text


def without_titles(text: str) -> str:
    """The name without a title before it (Latin) or after it (Hangul).

    >>> [without_titles(name) for name in ("Mr. Kim Hye-song", "김혜송 씨", "김혜송씨")]
    ['Kim Hye-song', '김혜송', '김혜송']
    >>> without_titles("김상군"), without_titles("김씨"), without_titles("Misun Kim")
    ('김상군', '김씨', 'Misun Kim')
    """
    if h.has_hangul(text):
        words = text.split()
        if len(words) > 1 and words[-1] in _HANGUL_TITLES:
            return " ".join(words[:-1])
        for title in _ATTACHED_TITLES:
            name = text[: -len(title)]
            if text.endswith(title) and len(name.replace(" ", "")) >= 3:
                return name.rstrip()
        return text
    without = _LATIN_TITLES.sub("", text)
    return without if _LATIN.search(without) else text


def hangul_reading(text: str) -> str:
    """The Hangul a name in Chinese characters is read as, the way every comparison reads
    it (its likely reading, without titles, notes or other letters); "" for any other name.

    >>> hangul_reading("金惠松先生"), hangul_reading("金惠松 / Kim"), hangul_reading("김혜송")
    ('김혜송', '김혜송', '')
    """
    parsed = parse_name(text)
    return parsed.surname + parsed.given if parsed.script == "hanja" else ""


def _hanja_parses(text: str) -> tuple[ParsedName, ...]:
    """A name in Chinese characters, parsed in each of its Hangul readings (金惠松 as 김혜송,
    then 금혜송); a name with a character of unknown reading stays unread, as before."""
    # As with Hangul, letters of another script beside the characters ("金惠松 / Kim") are
    # left out rather than read as part of the name.
    characters = "".join(c if hanja.is_hanja(c) or c.isspace() else " " for c in text)
    found = [
        parsed._replace(script="hanja")
        for reading in hanja.hangul_readings(" ".join(characters.split()))
        for parsed in _hangul_parses(without_titles(reading))
    ]
    return tuple(found) or (ParsedName("", "", UNKNOWN, "hanja", ()),)


def _hangul_parses(text: str) -> list[ParsedName]:
    words = text.split()
    if len(words) >= 2:
        first, rest = words[0], "".join(words[1:])
        last, before = words[-1], "".join(words[:-1])
        if sn.hangul_surname(first) or not sn.hangul_surname(last):
            return [_hangul(first, rest, SURNAME_FIRST)]
        return [_hangul(last, before, GIVEN_FIRST)]
    name = "".join(words)
    if len(name) <= 1:
        return [_hangul(name, "", UNKNOWN)]
    compound = sn.compound_surname(name)
    single = _hangul(name[0], name[1:], SURNAME_FIRST)
    if compound is None:
        return [single]
    # Both readings are kept: 선우진 is 선우 + 진 or 선 + 우진, and similarity takes the best.
    return [_hangul(compound, name[2:], SURNAME_FIRST), single]


def _hangul(surname: str, given: str, order: str) -> ParsedName:
    folded = sn.hangul_surname(surname)
    candidates = (folded,) if folded else ()
    return ParsedName(surname, given, order, "hangul", candidates)


def _latin_parses(text: str) -> tuple[ParsedName, ...]:
    if "," in text:
        before, _, after = text.partition(",")
        tokens_after = _tokens(after)
        if _tokens(before) and tokens_after:
            return (_latin(_tokens(before), tokens_after, SURNAME_FIRST),)
    tokens = _tokens(text)
    if not tokens:
        return (ParsedName("", "", UNKNOWN, "latin", ()),)
    if len(tokens) == 1:
        return _single_token(tokens[0])
    readings = _orderings(tokens)
    return tuple(_latin(s, g, order) for s, g, order in readings)


def _tokens(text: str) -> list[str]:
    """The words of a name; a word without a letter ("35" in "Kim Hye-song, 35") is none."""
    return [t for t in _SPLIT.split(text.strip()) if any(ch.isalpha() for ch in t)]


def _orderings(tokens: list[str]) -> list[tuple[list[str], list[str], str]]:
    """Candidate (surname tokens, given tokens, order), most likely first."""
    head, tail = _surname_span(tokens, front=True), _surname_span(tokens, front=False)
    first = (tokens[: head or 1], tokens[head or 1 :], SURNAME_FIRST)
    last = (tokens[len(tokens) - (tail or 1) :], tokens[: len(tokens) - (tail or 1)], GIVEN_FIRST)
    signal = _order_signal(tokens, head, tail)
    if signal == GIVEN_FIRST or (tail and not head):
        return [last, first]
    if signal == SURNAME_FIRST or (head and not tail):
        return [first, last]
    if head and tail:
        # Both ends are surnames ("Kim Song", "Jong Un Kim"): a compound surname wins. Of two
        # words, the more frequent surname; with more, Korean order unless the last is a
        # more frequent surname spelt as no given-name syllable is (Kim, Lee, Park, Choi).
        if _is_compound(first[0]) != _is_compound(last[0]):
            return [first, last] if _is_compound(first[0]) else [last, first]
        if len(tokens) == 2:
            return [first, last] if _rank(first[0]) <= _rank(last[0]) else [last, first]
        if _unmistakable(last[0]) and _rank(last[0]) < _rank(first[0]):
            return [last, first]
    return [first, last]


# Spellings of 김 이 박 최 that no given-name syllable shares (RR "I" could be 이 in 영이).
_UNMISTAKABLE = frozenset({"kim", "gim", "lee", "yi", "rhee", "park", "pak", "bak", "choi", "choe"})
# Compound surnames common enough to be read from two words ("Nam Gung Min"); a rare one
# such as 소봉 would misread "So Bong Yong" (서봉영).
_SPACED_COMPOUNDS = frozenset({"남궁", "황보", "제갈", "사공", "독고"})


def _unmistakable(surname_tokens: list[str]) -> bool:
    return "".join(surname_tokens).lower().replace("'", "") in _UNMISTAKABLE


def _is_compound(surname_tokens: list[str]) -> bool:
    return any(len(c) == 2 for c in sn.surname_candidates("".join(surname_tokens)))


def _rank(surname_tokens: list[str]) -> int:
    return sn.frequency_rank(sn.surname_candidates("".join(surname_tokens))[0])


def _surname_span(tokens: list[str], *, front: bool) -> int:
    """How many tokens at one end spell a known surname (2 for "Nam Gung"), else 0."""
    if len(tokens) >= 3:
        pair = tokens[:2] if front else tokens[-2:]
        if any(c in _SPACED_COMPOUNDS for c in sn.surname_candidates("".join(pair))):
            return 2
    end = tokens[0] if front else tokens[-1]
    return 1 if sn.is_known_surname(end) else 0


def _order_signal(tokens: list[str], head: int, tail: int) -> str | None:
    """A surname in capitals, or a hyphenated given name, says which end is which."""
    # "I" or "O" alone is no signal: only a word of capitals against one in lower case.
    upper = [t.isupper() and len(t) > 1 for t in (tokens[0], tokens[-1])]
    lower = [any(c.islower() for c in t) for t in (tokens[0], tokens[-1])]
    if upper[0] and lower[1]:
        return SURNAME_FIRST
    if upper[1] and lower[0]:
        return GIVEN_FIRST
    if "-" in tokens[-1] and "-" not in tokens[0] and head:
        return SURNAME_FIRST
    if "-" in tokens[0] and "-" not in tokens[-1] and tail:
        return GIVEN_FIRST
    return None


def _single_token(token: str) -> tuple[ParsedName, ...]:
    """One word: a surname glued to a given name ("Kimhyesong"), or a given name alone."""
    readings = []
    letters = token.replace("-", "")
    for size in range(min(8, len(letters) - 2), 0, -1):
        head = letters[:size]
        if sn.is_known_surname(head):
            readings.append(_latin([head], [letters[size:]], SURNAME_FIRST))
            break
    readings.append(ParsedName("", _given_display([token]), UNKNOWN, "latin", ()))
    return tuple(readings)


def _latin(surname_tokens: list[str], given_tokens: list[str], order: str) -> ParsedName:
    surname = "".join(surname_tokens).replace("-", "")
    surname = surname[:1].upper() + surname[1:].lower()
    candidates = sn.surname_candidates(surname)
    return ParsedName(surname, _given_display(given_tokens), order, "latin", candidates)


def _given_display(tokens: list[str]) -> str:
    """Given-name syllables joined the hyphenated way: "Hye Song", "HYE-SONG" → "Hye-song"."""
    parts = [p for t in tokens for p in t.split("-") if p]
    text = "-".join(p.lower() for p in parts)
    return text[:1].upper() + text[1:]
