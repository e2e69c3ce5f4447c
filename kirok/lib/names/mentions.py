"""Where a text may name a Korean person, with the comparison keys of each such place.

A report in English names "Kim Hye-song", a testimony in Korean says "김혜송은", a partner's
list "KIM HYE SONG" or "Gim Hyesong". All share one comparison key (``matching``), so a
search for any spelling can find the texts that name the person in any other, if the text
index holds the keys of the names in each text (kirok.security.indexing).

Finding names in running text without a model means guessing generously: a Hangul word of
two or three syllables (four with a two-syllable surname) that starts with a common
surname, after a particle such as 은, 는, 이, 가, 의 or 씨 is taken off; and two or three
capitalised Latin words of which the first or the last is a surname romanization; and in
Chinese characters, which a Chinese police record writes without a space around a name
("朝鲜籍女子金惠松被遣返"), the two or three characters that start with one of a common
surname's characters (金, 李, 刘 …), read as Hangul (kirok.lib.names.hanja). "조선"
(Korea) and "정부" (government) pass for names too. That costs a few index tokens and
nothing else: a search looks for the key of a name it is given, and no real name has the
key of "조선" unless it reads 조선 (a person named 조선 would be found in a text about Korea;
the snippet shows the word, and the reader sees what it is).

Pure Python (no Django).

>>> def named(text):
...     return [(text[m.start : m.end], sorted(m.keys)) for m in mentions(text)]
>>> named("조선 보위부는 김혜송을 데려갔다")  # 조선 (Korea) reads as 조 Son
[('조선', ['co:son']), ('김혜송', ['kim:hYsoN'])]
>>> [name for name, _keys in named("Officers took Hye-song KIM and Ri Yong Hui.")]
['Hye-song KIM', 'Ri Yong', 'Ri Yong Hui', 'Yong Hui']
>>> keys_in("KIM HYE SONG") >= {matching.comparison_key("Gim Hyesong")}
True
>>> [name for name, _keys in named("朝鲜籍女子金惠松被遣返")]
['金惠', '金惠松']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from kirok.lib.names import hanja, matching, parsing, surnames

# Particles and titles that follow a name in Korean text ("김혜송씨는" is 김혜송).
_PARTICLE_LIST = (
    "은 는 이 가 을 를 의 와 과 도 로 에 만 님 씨 양 군 에게 에게서 께서 한테 으로 에서 "
    "처럼 이가 이는 이를 이의 이와 이도 이랑 씨가 씨는 씨를 씨의 씨와 씨도 씨에게 "
    "동무 동무는 동무가 동무의"
)
_PARTICLES = frozenset(_PARTICLE_LIST.split())
_LONGEST_PARTICLE = max(map(len, _PARTICLES))
# Surnames read as the start of a name in Hangul text: the most frequent, which nearly
# every Korean bears (the table's order; 제갈 and 사공 are within it).
COMMON_SURNAMES = 100
_HANGUL_WORD = re.compile(r"[가-힣]+")
# A capitalised Latin word, with hyphens and apostrophes inside ("Hye-song", "Ch'oe").
_LATIN_WORD = r"[A-Z][A-Za-zÀ-ɏ'’]*(?:-[A-Za-zÀ-ɏ'’]+)*"
_LATIN_RUN = re.compile(rf"{_LATIN_WORD}(?: {_LATIN_WORD}){{1,5}}")
_LATIN_WORD_RE = re.compile(_LATIN_WORD)
# A run of Chinese characters (the blocks that hold names' characters; kirok.lib.names.hanja).
_HANJA_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_COMPOUNDS = frozenset(surnames.COMPOUND_SURNAMES)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    keys: frozenset[str]


def mentions(text: str, surname_class: str | None = None) -> list[Mention]:
    """The places in ``text`` that may name a person, in text order, with the comparison
    keys of every reading of each; only those whose surname may be of ``surname_class``
    (the part of a key before its colon), if given."""
    found = (
        _hangul_mentions(text, surname_class)
        + _latin_mentions(text, surname_class)
        + _hanja_mentions(text, surname_class)
    )
    return sorted(found, key=lambda m: (m.start, m.end))


def is_name(text: str) -> bool:
    """Whether ``text`` reads whole as a name by the guesses above, whatever its case.

    >>> is_name("kim hye-song"), is_name("김 혜송"), is_name("金惠松"), is_name("강제송환")
    (True, True, True, False)
    """
    text = " ".join(text.split())
    if hanja.has_hanja(text):
        text = parsing.hangul_reading(text)  # 金惠松 is read 김혜송
    written = text.title() if text.isascii() else text
    return any(m.start == 0 and m.end == len(text) for m in mentions(written))


def name_key(query: str) -> str:
    """The comparison key of a query that reads whole as a name (:func:`is_name`), which
    texts that give the name in any spelling hold; "" for any other query."""
    return matching.comparison_key(query) if is_name(query) else ""


def naming(text: str, key: str) -> list[Mention]:
    """The places in ``text`` that may name a person whose name has the comparison ``key``:
    where a search shows a text found through the key.

    This runs on every text a search shows, some of them long lists of names: the text is
    scanned (by regular expressions, in C) for the spellings of the key's surname alone,
    and only the few words around each are read as :func:`mentions` reads a text.
    """
    surname_class = key.partition(":")[0]
    found: dict[tuple[int, int], Mention] = {}
    for detect, places in (
        (_hangul_mentions, _hangul_places(text, surname_class)),
        (_latin_mentions, _latin_places(text, surname_class)),
        (_hanja_mentions, _hanja_places(text, surname_class)),
    ):
        for start, end in places:
            for m in detect(text[start:end], surname_class):
                if key in m.keys:
                    found[(start + m.start, start + m.end)] = Mention(
                        start + m.start, start + m.end, m.keys
                    )
    return sorted(found.values(), key=lambda m: (m.start, m.end))


def keys_in(text: str) -> set[str]:
    """Every comparison key of every place in ``text`` that may name a person."""
    return {key for mention in mentions(text) for key in mention.keys}


def _hangul_mentions(text: str, surname_class: str | None) -> list[Mention]:
    found = []
    words = list(_HANGUL_WORD.finditer(text))
    for index, word in enumerate(words):
        start, written = word.start(), word.group()
        if not _wanted(_hangul_surname_classes(written[:3]), surname_class):
            continue
        if len(written) == 1 and index + 1 < len(words):
            # "김 혜송": a surname written apart from the given name.
            following = words[index + 1]
            if following.start() == word.end() + 1:
                for given in _without_particle(following.group(), 1, 3):
                    found += _hangul_name(f"{written} {given}", start)
            continue
        longest = 4 if surnames.compound_surname(written[:3]) else 3
        for name in _without_particle(written, 2, longest):
            found += _hangul_name(name, start)
    return found


def _wanted(classes: frozenset[str], surname_class: str | None) -> bool:
    return bool(classes) and (surname_class is None or surname_class in classes)


@lru_cache(maxsize=4096)
def _hangul_surname_classes(word: str) -> frozenset[str]:
    """The classes of the common surnames a Hangul word may start with (남궁 and 남 for
    남궁민). Rare ones (가, 부, 동방 …) begin too many words to be worth a guess."""
    found = [surnames.hangul_surname(word[0]), surnames.compound_surname(word[:3])]
    return frozenset(
        matching.surname_class(s)
        for s in found
        if s and surnames.frequency_rank(s) < COMMON_SURNAMES
    )


def _without_particle(word: str, shortest: int, longest: int) -> list[str]:
    """The word, and the word less each particle it may end with, that are of a name's
    length; "김혜송이" is 김혜송 with 이 or a four-syllable name, so both are kept."""
    forms = [word] + [
        word[:-size] for size in range(1, _LONGEST_PARTICLE + 1) if word[-size:] in _PARTICLES
    ]
    return [form for form in forms if shortest <= len(form) <= longest]


def _hangul_name(name: str, start: int) -> list[Mention]:
    keys = _keys(name)
    return [Mention(start, start + len(name), keys)] if keys else []


def _latin_mentions(text: str, surname_class: str | None) -> list[Mention]:
    found = []
    for run in _LATIN_RUN.finditer(text):
        words = [
            (m.start() + run.start(), m.end() + run.start())
            for m in _LATIN_WORD_RE.finditer(run.group())
        ]
        for first in range(len(words)):
            for last in range(first + 1, min(first + 3, len(words))):
                ends = (text[slice(*words[first])], text[slice(*words[last])])
                if not any(_wanted(_latin_surname_classes(end), surname_class) for end in ends):
                    continue
                start, end = words[first][0], words[last][1]
                if keys := _keys(text[start:end]):
                    found.append(Mention(start, end, keys))
    return found


@lru_cache(maxsize=4096)
def _latin_surname_classes(word: str) -> frozenset[str]:
    """The classes of the surnames a romanized word may spell ("Ri": 이's)."""
    return frozenset(matching.surname_class(s) for s in surnames.surname_candidates(word))


def _hanja_mentions(text: str, surname_class: str | None) -> list[Mention]:
    """Chinese writes no space around a name ("朝鲜籍女子金惠松被遣返"): from each character
    of a common surname, the two and three characters that start there (three and four
    after 南宮), read as Hangul (kirok.lib.names.hanja)."""
    found = []
    for run in _HANJA_RUN.finditer(text):
        written = run.group()
        for index in range(len(written) - 1):
            if not _wanted(_hanja_surname_classes(written[index : index + 3]), surname_class):
                continue
            longest = 4 if surnames.hanja_surname(written[index : index + 3]) in _COMPOUNDS else 3
            for end in range(index + 2, min(index + longest, len(written)) + 1):
                found += _hanja_name(written[index:end], run.start() + index)
    return found


@lru_cache(maxsize=4096)
def _hanja_surname_classes(start: str) -> frozenset[str]:
    """The classes of the common surnames that Chinese characters may start with (南宮 and
    南 for 南宮民)."""
    found = [surnames.hanja_surnames().get(start[:1])]
    if len(start) >= 3:
        found.append(surnames.hanja_surnames().get(start[:2]))
    return frozenset(
        matching.surname_class(s)
        for s in found
        if s and surnames.frequency_rank(s) < COMMON_SURNAMES
    )


def _hanja_name(name: str, start: int) -> list[Mention]:
    # A character without a Korean reading leaves the name unread (hanja.hangul_readings).
    keys = _keys(name) if hanja.hangul_readings(name) else frozenset()
    return [Mention(start, start + len(name), keys)] if keys else []


@lru_cache(maxsize=50_000)  # the same words recur through a text and across texts
def _keys(name: str) -> frozenset[str]:
    return frozenset(key for key in matching.comparison_keys(name) if key)


# --- Finding one surname's spellings fast (naming) ------------------------------------------

_HANGUL = re.compile(r"[가-힣]")
_REACH = 40  # characters either side of a Latin surname that a name of three words spans


def _hangul_places(text: str, surname_class: str) -> Iterator[tuple[int, int]]:
    """Each word that starts with a surname of the class, with the next word ("김 혜송")."""
    spelling = _hangul_spellings(surname_class)
    for match in spelling.finditer(text) if spelling else ():
        start, end = match.span()
        if start and _HANGUL.match(text[start - 1]):
            continue  # inside a word
        if end - start == 1 and text[end : end + 1] == " ":
            following = _HANGUL_WORD.match(text, end + 1)
            end = following.end() if following else end
        yield start, end


@lru_cache(maxsize=512)
def _hangul_spellings(surname_class: str) -> re.Pattern | None:
    """The syllables that begin a Hangul name of this surname class (리 and 이 for "i"),
    each with the rest of its word."""
    starts = {surname[0] for surname in _hangul_surnames_by_class().get(surname_class, ())}
    return re.compile(f"[{''.join(sorted(starts))}][가-힣]*") if starts else None


@lru_cache(maxsize=1)
def _hangul_surnames_by_class() -> dict[str, set[str]]:
    """Every written form of each common surname (the North's 리 beside 이), by class."""
    by_class: dict[str, set[str]] = {}
    for code in range(ord("가"), ord("힣") + 1):
        for surname_class in _hangul_surname_classes(chr(code)):
            by_class.setdefault(surname_class, set()).add(chr(code))
    for compound in surnames.COMPOUND_SURNAMES:
        for surname_class in _hangul_surname_classes(compound + "가"):
            by_class.setdefault(surname_class, set()).add(compound)
    return by_class


def _hanja_places(text: str, surname_class: str) -> Iterator[tuple[int, int]]:
    """Each character of a surname of the class, with the three characters after it."""
    spelling = _hanja_spellings(surname_class)
    for match in spelling.finditer(text) if spelling else ():
        yield match.start(), min(len(text), match.start() + 4)


@lru_cache(maxsize=512)
def _hanja_spellings(surname_class: str) -> re.Pattern | None:
    """The characters that begin a name of this surname class in Chinese characters."""
    starts = {
        written[0]
        for written, hangul in surnames.hanja_surnames().items()
        if surnames.frequency_rank(hangul) < COMMON_SURNAMES
        and matching.surname_class(hangul) == surname_class
    }
    return re.compile(f"[{''.join(sorted(starts))}]") if starts else None


def _latin_places(text: str, surname_class: str) -> Iterator[tuple[int, int]]:
    """Whole words up to _REACH characters either side of each capitalised word that spells
    a surname of the class. Capitalised words are found in C, and few of them are
    surnames: a regular expression of the spellings ("i", "ri", "lee" …) ignoring case was
    slower than the names it looked for."""
    spellings = _latin_spellings(surname_class)
    for word in _LATIN_WORD_RE.finditer(text) if spellings else ():
        if _stripped(word.group()) not in spellings:
            continue
        start, end = word.span()
        left = max(0, start - _REACH)
        if left:
            left = text.find(" ", left, start) + 1 or start
        right = min(len(text), end + _REACH)
        if right < len(text):
            right = max(end, text.rfind(" ", end, right))
        yield left, right


@lru_cache(maxsize=50_000)  # capitalised words recur through and across texts
def _stripped(word: str) -> str:
    return surnames.strip(word)


@lru_cache(maxsize=512)
def _latin_spellings(surname_class: str) -> frozenset[str]:
    """The romanizations of the surnames of this class, as surnames.strip leaves them."""
    return frozenset(
        spelling
        for spelling, hangul in surnames.spelling_index().items()
        if any(matching.surname_class(h) == surname_class for h in hangul)
    )
