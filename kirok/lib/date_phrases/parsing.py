"""parse(): find the date phrase in a text, check it is the only one, and read it.

find_all(): every date phrase of a longer text (a document), each read on demand, for
kirok.lib.extraction.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from kirok.lib.date_phrases import documents
from kirok.lib.date_phrases.rules import RULES, Rule
from kirok.lib.date_phrases.values import Context
from kirok.lib.date_phrases.words import _PUNCTUATION, MONTHS
from kirok.lib.dates import DateParse, InvalidDate, UnparsableDate, bounds

LANGUAGES = ("auto", "en", "ko")
# Month names as words ("may" only capitalised: "he may have been taken in 2019" is a date).
_MONTH_NAMES = frozenset(name for name in MONTHS if len(name) > 3 or name == "may")
MAX_LENGTH = 1000  # a date phrase, not a document; also bounds the regular-expression work


def parse(text: str, anchor: dt.date | None = None, language: str = "auto") -> DateParse:
    """Read a date phrase as EDTF, or raise UnparsableDate saying why; it never guesses.

    ``anchor`` is the date relative phrases count from ("six months later"); ``language`` is
    "en", "ko" or "auto" (both).

    >>> parse("He was taken in early November 2012.").text
    'early November 2012'
    >>> parse("2010년경").edtf, parse("before 2005").edtf, parse("2005년 이후").edtf
    ('2010~', '../2004', '2005/..')
    >>> parse("a few months later", anchor=dt.date(2012, 6, 1)).edtf
    '2012-08/2012-10'
    >>> parse("March")
    Traceback (most recent call last):
    ...
    kirok.lib.dates.UnparsableDate: 'March' has no year: write the year, or give an anchor date.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    if not text or not text.strip():
        raise UnparsableDate("empty_text", "The text is empty: there is no date to read.")
    if len(text) > MAX_LENGTH:
        raise UnparsableDate(
            "too_long",
            "The text is longer than %(limit)s characters: give one phrase.",
            limit=MAX_LENGTH,
        )
    as_edtf = _already_edtf(text)
    if as_edtf:
        return as_edtf
    if mismatch := documents.juche_mismatch(text):
        raise mismatch
    normalized, origins = _normalize(text)
    chosen = _phrases(normalized, language)
    if not chosen:
        raise _why_not(text, language)
    spans = [_span(match) for match, _ in chosen]
    phrases = [text[origins[start] : origins[end - 1] + 1] for start, end in spans]
    if len(chosen) > 1:
        raise UnparsableDate(
            "several_dates",
            "%(text)r holds several dates (%(found)s): give one.",
            text=text.strip(),
            found=phrases,
        )
    _refuse_leftovers(text, phrases[0], origins[spans[0][0]], origins[spans[0][1] - 1] + 1)
    match, rule = chosen[0]
    return _result(rule.read(match, Context(anchor, phrases[0])).edtf, phrases[0])


@dataclass(frozen=True)
class PhraseFound:
    """A date phrase inside a longer text: where it is, its words, and how to read it."""

    start: int  # offsets into the text given to find_all
    end: int
    text: str
    match: re.Match
    rule: Rule

    def edtf(self, anchor: dt.date | None = None) -> str:
        """The phrase as EDTF, counted from ``anchor`` when it is relative; may raise
        UnparsableDate (e.g. "March" with no anchor) or ValueError."""
        return self.rule.read(self.match, Context(anchor, self.text)).edtf


def find_all(text: str, language: str = "auto") -> list[PhraseFound]:
    """Every date phrase of ``text``, in order, longest first where two overlap.

    Unlike parse(), several dates are expected here (a document tells many events), and
    nothing is read until asked: the reader chooses each phrase's anchor.

    >>> [(p.text, p.edtf()) for p in find_all("Arrested in March 2010, freed in 2012.")]
    [('March 2010', '2010-03'), ('2012', '2012')]
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, not {language!r}")
    normalized, origins = _normalize(text)
    found = []
    for match, rule in _phrases(normalized, language):
        begin, finish = _span(match)
        start, end = origins[begin], origins[finish - 1] + 1
        found.append(PhraseFound(start, end, text[start:end], match, rule))
    return found


def _already_edtf(text: str) -> DateParse | None:
    value = text.strip()
    if not re.fullmatch(r"[\dX~?%./\-\[\]{},]+", value) or not re.search(r"\d", value):
        return None
    try:
        return _result(value, value)
    except UnparsableDate:
        return None  # "2020/3/3" is not EDTF, but the rules below read it


def _result(edtf_text: str, original: str) -> DateParse:
    try:
        found = bounds(edtf_text)
    except InvalidDate as error:
        raise UnparsableDate(
            "reads_as",
            "%(text)r reads as %(edtf)r: %(error)s",
            text=original,
            edtf=edtf_text,
            error=error,
        ) from None
    return DateParse(found.edtf, found.earliest, found.latest, text=original)


def _normalize(text: str) -> tuple[str, list[int]]:
    """NFKC (full-width digits), case-folded, one kind of dash, Juche years and Chinese date
    forms in their Korean form (kirok.lib.date_phrases.documents); remembers each char's
    origin."""
    chars: list[str] = []
    origins: list[int] = []
    for index, char in enumerate(text):
        for out in unicodedata.normalize("NFKC", char).casefold():
            chars.append(_PUNCTUATION.get(out, out))
            origins.append(index)
    return documents.rewrite("".join(chars), origins)


def _span(match: re.Match) -> tuple[int, int]:
    return match.span("phrase") if "phrase" in match.re.groupindex else match.span()


def _phrases(text: str, language: str) -> list[tuple[re.Match, Rule]]:
    """Every rule's matches, longest first, without those inside a longer one."""
    found = [
        (match, rule)
        for rule in RULES
        if language == "auto" or rule.language in (language, "any")
        for match in rule.pattern.finditer(text)
        if _span(match)[1] > _span(match)[0]
    ]
    found.sort(key=lambda f: (_span(f[0])[0] - _span(f[0])[1], _span(f[0])[0]))
    chosen: list[tuple[re.Match, Rule]] = []
    for match, rule in found:
        start, end = _span(match)
        if all(end <= _span(m)[0] or start >= _span(m)[1] for m, _ in chosen):
            chosen.append((match, rule))
    return sorted(chosen, key=lambda c: _span(c[0]))


def _refuse_leftovers(text: str, phrase: str, start: int, end: int) -> None:
    """Refuse a number or a month name left beside the date: "March 32, 2020" would
    otherwise be read as 2020, and "March or May 2019" as May, silently dropping the rest."""
    outside = text[:start] + " " + text[end:]
    leftover = re.findall(r"\w*\d\w*", outside) + [
        word
        for word in re.findall(r"[A-Za-z]+", outside)
        if word.casefold() in _MONTH_NAMES and (word.casefold() != "may" or word[0].isupper())
    ]
    if leftover:
        raise UnparsableDate(
            "leftover",
            "%(text)r: %(phrase)r is read as the date, but not %(leftover)s; "
            "remove it or write the date in full.",
            text=text.strip(),
            phrase=phrase,
            leftover=", ".join(leftover),
        )


def _why_not(text: str, language: str) -> UnparsableDate:
    shown = text.strip()
    if any(not 1800 <= int(y) <= 2199 for y in re.findall(r"(?<!\d)\d{4}(?!\d)", text)):
        return UnparsableDate(
            "phrase_years", "%(text)r: only years from 1800 to 2199 are read.", text=shown
        )
    korean = bool(re.search(r"[가-힣]", text))
    if language == "en" and korean:
        return UnparsableDate(
            "korean_not_asked", "%(text)r is Korean, but language='en' was asked for.", text=shown
        )
    if language == "ko" and not korean:
        return UnparsableDate(
            "korean_asked", "%(text)r is not Korean, but language='ko' was asked for.", text=shown
        )
    return UnparsableDate(
        "no_date",
        "No date found in %(text)r: expected a phrase such as '3 March 2020', "
        "'early November 2012', '2012년 11월 초', 'around 2010' or 'six months later'.",
        text=shown,
    )
