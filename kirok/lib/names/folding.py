"""Fold any romanization of a Korean name into a phonetic skeleton where the systems meet.

Romanizations disagree in predictable ways: eo/ŏ/o/u for ㅓ, eu/ŭ/u for ㅡ, g/k, d/t, b/p,
j/ch, r/l, s/sh, ae/e, yeo/yo/yu, voiced or not (Kim Tae-jung), sound changes written or not
(Sŏng-min and Seokmin for 석민). The skeleton merges all of them: it is a string of one
character per sound class, so two spellings of one Hangul name give the same string.

Each character carries a mask of what its spelling can mean: which Hangul vowels (eo can
only be ㅓ, o can be ㅗ or, in MR without breves, ㅓ), and for stops whether the spelling
allows an aspirate (k' and kh do, g does not). Matching uses the masks to tell apart names
that share a skeleton (혜송 and 혜성) when one spelling rules one of them out.

>>> fold("Hye-song").key == fold("Hyesŏng").key == fold("Hye Sung").key == fold("hyeseong").key
True
>>> fold("Sŏng-min").key == fold("Seokmin").key
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kirok.lib.names import hangul as h
from kirok.lib.names.romanization import romanize_given_pieces

NONASP = 1 << 21
ASP = 1 << 22
ALL = (1 << 23) - 1
_V = {v: 1 << i for i, v in enumerate(h.MEDIALS)}


def _vm(vowels: str) -> int:
    mask = 0
    for v in vowels:
        mask |= _V[v]
    return mask


# Vowel spellings, longest first: (letters, class, possible vowels, primary reading).
_VOWEL_UNITS = (
    ("yeo", "U", "ㅕ", "ㅕ"), ("yoo", "U", "ㅠ", "ㅠ"), ("wee", "I", "ㅟ", "ㅟ"),
    ("eui", "i", "ㅢ", "ㅢ"), ("you", "U", "ㅠㅕㅛ", "ㅠ"),
    ("yae", "Y", "ㅒ", "ㅒ"), ("wae", "V", "ㅙㅚㅞ", "ㅙ"), ("weo", "Q", "ㅝ", "ㅝ"),
    ("woo", "o", "ㅜ", "ㅜ"), ("ya", "A", "ㅑ", "ㅑ"), ("ye", "Y", "ㅖㅒ", "ㅖ"),
    ("yo", "U", "ㅛㅕ", "ㅛ"), ("yu", "U", "ㅠㅕ", "ㅠ"), ("yi", "i", "ㅣㅢ", "ㅣ"),
    ("wa", "W", "ㅘ", "ㅘ"), ("wo", "Q", "ㅝ", "ㅝ"), ("we", "V", "ㅞㅚㅙ", "ㅞ"),
    ("wi", "I", "ㅟ", "ㅟ"), ("wu", "o", "ㅜ", "ㅜ"), ("eo", "o", "ㅓ", "ㅓ"),
    ("eu", "o", "ㅡ", "ㅡ"),
    ("ee", "i", "ㅣㅢ", "ㅣ"), ("ae", "e", "ㅐ", "ㅐ"), ("ai", "e", "ㅐ", "ㅐ"),
    ("ui", "i", "ㅢㅟ", "ㅢ"), ("oo", "o", "ㅜ", "ㅜ"),
    ("ou", "o", "ㅜㅓㅗㅡ", "ㅜ"), ("a", "a", "ㅏ", "ㅏ"), ("e", "e", "ㅔㅐ", "ㅔ"),
    ("i", "i", "ㅣㅢ", "ㅣ"), ("o", "o", "ㅗㅓ", "ㅗ"), ("u", "o", "ㅜㅡㅓ", "ㅜ"),
    ("y", "i", "ㅣ", "ㅣ"),
)  # fmt: skip
# Consonant spellings, longest first: (letters, class, aspiration mask).
_CONSONANT_UNITS = (
    ("tch", "c", NONASP), ("chh", "c", ASP), ("ch", "c", NONASP | ASP), ("jj", "c", NONASP),
    ("ng", "N", 0), ("kh", "k", ASP), ("ck", "k", NONASP | ASP), ("th", "t", ASP),
    ("ph", "p", ASP), ("ss", "s", 0), ("sh", "s", 0),
    ("k", "k", NONASP | ASP), ("g", "k", NONASP), ("q", "k", NONASP | ASP),
    ("t", "t", NONASP | ASP), ("d", "t", NONASP), ("p", "p", NONASP | ASP), ("b", "p", NONASP),
    ("f", "p", ASP), ("v", "p", NONASP), ("j", "c", NONASP), ("z", "c", NONASP),
    ("c", "k", NONASP | ASP), ("x", "s", 0), ("s", "s", 0), ("n", "n", 0), ("m", "m", 0),
    ("l", "l", 0), ("r", "l", 0), ("h", "h", 0),
)  # fmt: skip
_VOWEL_LETTERS = frozenset("aeiouwy")
_SEPARATORS = re.compile(r"[\s\-‐‑–·.]+")
_APOSTROPHES = frozenset("'’ʼ‘`´")
_STOPS = frozenset("ktpc")
_KEPT_DOUBLE = frozenset("nmlktp")
VOWEL_CLASSES = frozenset("aeAYoUWVQIi")
# Nasal of a stop before n/m/l (국민 → 궁민, 입문 → 임문, 빛나 → 빈나).
_NASAL = {"k": "N", "p": "m", "t": "n", "c": "n", "s": "n"}


@dataclass
class Token:
    """One sound class, what its spelling allows, its most likely reading and its letters."""

    cls: str
    mask: int
    primary: int
    letters: str
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Folded:
    """A skeleton key (one character per sound) with a mask and primary reading per character."""

    key: str
    masks: tuple[int, ...]
    primaries: tuple[int, ...]


def normalize_latin(text: str) -> str:
    """Lower case; ŏ/ǒ → eo and ŭ/ǔ → eu (their only readings); other marks dropped.

    >>> normalize_latin("Ch'ŏr-wŏn Ŭnjŏng")
    "ch'eor-weon eunjeong"
    """
    out = []
    for char in unicodedata.normalize("NFKD", text.lower()):
        if char in "\u0306\u030c" and out and out[-1] in ("o", "u"):
            out[-1] = "\x02" if out[-1] == "o" else "\x01"
        elif not unicodedata.combining(char):
            out.append(char)
    # MR ŭi is ㅢ, which RR writes ui; a lone ŭ is RR eu, ŏ is eo.
    return "".join(out).replace("\x01i", "ui").replace("\x01", "eu").replace("\x02", "eo")


def scan(text: str) -> list[Token]:
    """Tokens of a normalized Latin string; separators skipped, apostrophes aspirate."""
    tokens: list[Token] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char in _APOSTROPHES:
            if tokens and tokens[-1].cls in _STOPS and tokens[-1].end == i:
                tokens[-1].mask = ASP
                tokens[-1].primary = ASP
            i += 1
            continue
        unit = _vowel_unit(text, i) if char in _VOWEL_LETTERS else _consonant_unit(text, i)
        if unit is None:
            i += 1
            continue
        letters, cls, mask, primary = unit
        tokens.append(Token(cls, mask, primary, letters, i, i + len(letters)))
        i += len(letters)
    return tokens


# Lookup tables by spelling, tried longest first (3, 2, then 1 letters).
_VOWELS_BY_SPELLING = {u[0]: (u[0], u[1], _vm(u[2]), _vm(u[3])) for u in _VOWEL_UNITS}
_CONSONANTS_BY_SPELLING = {
    u[0]: (u[0], u[1], u[2] if u[1] in _STOPS else ALL, u[2] if u[1] in _STOPS else ALL)
    for u in _CONSONANT_UNITS
}


def _vowel_unit(text: str, i: int):
    for size in (3, 2, 1):
        unit = _VOWELS_BY_SPELLING.get(text[i : i + size])
        if unit is None:
            continue
        after = text[i + size : i + size + 1]
        if unit[0] == "ee" and after in _VOWEL_LETTERS:
            continue  # 세은 Seeun is se + eun, not see + un
        if unit[0] in ("y", "w") and after in _VOWEL_LETTERS:
            continue
        return unit
    return None


def _consonant_unit(text: str, i: int):
    for size in (3, 2, 1):
        unit = _CONSONANTS_BY_SPELLING.get(text[i : i + size])
        if unit is not None:
            return unit
    return None


def canonicalize(tokens: list[Token]) -> list[Token]:
    """Rewrite spellings that differ only by a written sound change, until nothing changes."""
    # Every rule merges two tokens or moves a pair towards a fixed form; the cap only guards
    # against a rule added later that undoes another.
    for _ in range(4 * len(tokens) + 4):
        if not any(_rewrite(tokens, i) for i in range(len(tokens) - 1)):
            break
    return tokens


# The vowels a merged class can stand for (o + e read together as ㅚ: Roe for 뢰).
_CLASS_VOWELS = {
    "V": _vm("ㅚㅙㅞ"), "U": _vm("ㅕㅛㅠ"), "Q": _vm("ㅝ"), "i": _vm("ㅣㅢ"), "o": _vm("ㅓㅗㅜㅡ"),
}  # fmt: skip


def _merge(a: Token, b: Token, cls: str, letters: str) -> Token:
    extra = _CLASS_VOWELS.get(cls, 0) if a.cls != b.cls else 0
    mask, primary = a.mask | b.mask | extra, a.primary | b.primary | extra
    return Token(cls, mask, primary, letters, a.start, b.end)


def _rewrite(tokens: list[Token], i: int) -> bool:
    a, b = tokens[i], tokens[i + 1]
    pair = a.cls + b.cls
    if a.cls in VOWEL_CLASSES and b.cls in VOWEL_CLASSES:
        return _rewrite_vowels(tokens, i, a, b)
    replacement = _CONSONANT_RULES.get(pair)
    if replacement is not None:
        _apply_consonants(tokens, i, replacement)
        return True
    if (a.cls == b.cls and a.cls not in _KEPT_DOUBLE) or (a.cls == "t" and b.cls in "cs"):
        # A doubled stop, n, m or l is a coda and an onset in every system (악경 Akgyeong,
        # Akkyŏng; 아경 Agyeong), or a tense stop written with two letters (까 kka) in all of
        # them: it stays two characters, so 악경 and 아경 differ.
        tokens[i : i + 2] = [_merge(a, b, b.cls, a.letters + b.letters)]
        return True
    return False


# Pairs whose spellings differ between systems by a sound change; rewritten to the changed
# form (k+n → ng+n as in 국민 Gungmin; n+l and l+n → l, as 신라 Silla, 별내 Byeollae), and
# n+k → ng because RR and MR write ㄴㄱ as "ng" and "n'g".
_CONSONANT_RULES = {
    **{s + n: _NASAL[s] + ("n" if n == "l" else n) for s in "kptcs" for n in "nml"},
    "Nl": "Nn", "ml": "mn", "nl": "ll", "ln": "ll", "nk": "N",
}  # fmt: skip


def _apply_consonants(tokens: list[Token], i: int, replacement: str) -> None:
    a, b = tokens[i], tokens[i + 1]
    if len(replacement) == 1:
        tokens[i : i + 2] = [_merge(a, b, replacement, a.letters + b.letters)]
        return
    tokens[i] = Token(replacement[0], ALL, ALL, a.letters, a.start, a.end)
    tokens[i + 1] = Token(replacement[1], ALL, ALL, b.letters, b.start, b.end)


def _rewrite_vowels(tokens: list[Token], i: int, a: Token, b: Token) -> bool:
    """Vowel runs that split differently in RR and MR (세은 seeun / seun, 여우 yeou / you)."""
    if b.cls == "o":
        if a.letters in ("e", "oe") or a.cls in "oUQ":
            keep = a.cls if a.cls in "UQ" else "o"
            tokens[i : i + 2] = [_merge(a, b, keep, b.letters)]
            return True
        if a.letters in ("ae", "yae", "wae"):
            first = {"ae": "a", "yae": "A", "wae": "W"}[a.letters]
            tokens[i] = Token(first, ALL, ALL, a.letters[:-1], a.start, a.end)
            tokens[i + 1] = Token("o", b.mask | a.mask, b.primary, "e" + b.letters, b.start, b.end)
            return True
        if a.letters in ("ye", "we"):
            tokens[i : i + 2] = [_merge(a, b, "U" if a.letters == "ye" else "Q", b.letters)]
            return True
    if a.cls == "o" and b.cls == "e":
        tokens[i : i + 2] = [_merge(a, b, "V", "oe")]  # 외 oe, and MR 서엔 so-en
        return True
    if b.cls == "i" and a.letters == "eu":
        tokens[i : i + 2] = [_merge(a, b, "i", "ui")]  # 으이 eui = ui
        return True
    if a.cls == b.cls and a.cls in "aeiA":
        tokens[i : i + 2] = [_merge(a, b, a.cls, a.letters + b.letters)]
        return True
    return False


def fold_word_initial(tokens: list[Token]) -> list[Token]:
    """The South Korean initial-sound rule on a name part (DPRK Ryong = 용, Ri = 이)."""
    if len(tokens) < 2 or tokens[0].cls not in "ln":
        return tokens
    first, vowel = tokens[0], tokens[1]
    y_vowel = vowel.cls in "AYUi"
    if first.cls == "l" and not y_vowel:
        return [Token("n", ALL, ALL, first.letters, first.start, first.end), *tokens[1:]]
    if y_vowel and (first.cls == "l" or vowel.cls in "Ui"):
        return tokens[1:]
    return tokens


@lru_cache(maxsize=200_000)
def fold(romanized: str, *, name_part: bool = True) -> Folded:
    """The skeleton of a romanized name part (surname or given name), with masks.

    >>> fold("Kim Jong Un").key == fold("Gim Jeongeun").key
    True
    """
    # Separators go first: "Eok-hal" and "Eokhal" must scan alike (k-h → kh).
    tokens = scan(_SEPARATORS.sub("", normalize_latin(romanized)))
    if name_part:
        tokens = fold_word_initial(tokens)
    tokens = canonicalize(tokens)
    return _folded(tokens)


def _folded(tokens: list[Token]) -> Folded:
    return Folded(
        "".join(t.cls for t in tokens),
        tuple(t.mask for t in tokens),
        tuple(t.primary for t in tokens),
    )


@lru_cache(maxsize=200_000)
def fold_hangul(given: str) -> Folded:
    """The skeleton of a Hangul name part, with masks taken from the jamo themselves.

    The key is computed from the syllable-by-syllable RR spelling so that it is exactly the
    key of every romanization; the masks then say precisely which vowel and which consonant
    each character is.

    >>> fold_hangul("혜송").key == fold("Hye-song").key
    True
    """
    folded_text = h.fold_initial_sound(given.replace(" ", ""))
    sylls = [h.decompose(c) for c in folded_text if h.is_syllable(c)]
    pieces = romanize_given_pieces(folded_text, "rr", sound_changes=False)
    text = "".join(pieces)
    owner = [i for i, p in enumerate(pieces) for _ in p]
    tokens = scan(text)
    for tok in tokens:
        _mask_from_jamo(tok, owner, pieces, sylls)
    tokens = canonicalize(fold_word_initial(tokens))
    return _folded(tokens)


def _coda_len(syl) -> int:
    return len(_CODA_SPELLING.get(syl.final, ""))


_CODA_SPELLING = {i: s for i, s in enumerate(("", "k", "k", "k", "n", "n", "n", "t", "l", "k",
                  "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t",
                  "p", "t"))}  # fmt: skip
_ASPIRATED_INITIALS = frozenset((h.I_K, h.I_T, h.I_P, h.I_CH))
_PLAIN_INITIALS = frozenset((h.I_G, h.I_D, h.I_B, h.I_J, h.I_KK, h.I_TT, h.I_PP, h.I_JJ))


def _mask_from_jamo(tok: Token, owner: list[int], pieces: list[str], sylls) -> None:
    first, last = owner[tok.start], owner[tok.end - 1]
    if first != last:
        if tok.cls in _STOPS:
            tok.mask = tok.primary = ALL  # a coda and an onset written together (pp)
        return  # a vowel run over two syllables: keep what the letters allow
    syl = sylls[first]
    if tok.cls in VOWEL_CLASSES:
        piece = pieces[first]
        onset_len = len(piece) - len(piece.lstrip("bcdghjklmnprst"))
        whole_vowel = tok.end - tok.start >= len(piece) - onset_len - _coda_len(syl)
        # A token holding only part of a vowel's letters (the e of 혜외 hye-oe scanned as
        # yeo + e) keeps what its letters allow.
        tok.mask = tok.primary = (1 << syl.medial) | (0 if whole_vowel else tok.mask)
        return
    starts_piece = tok.start == 0 or owner[tok.start - 1] != first
    if tok.cls in _STOPS and starts_piece:
        if syl.initial in _ASPIRATED_INITIALS:
            tok.mask = tok.primary = ASP
        elif syl.initial in _PLAIN_INITIALS:
            tok.mask = tok.primary = NONASP
