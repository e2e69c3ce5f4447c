"""Write a Hangul personal name in a system and a house style.

>>> romanize_name("김혜송", "rr", style=NameStyle.HYPHENATED, surname="common")
'Kim Hye-song'
>>> romanize_name("김혜송", "mr_plain", style=NameStyle.SPACED, given_first=True)
'Hye Song Kim'
>>> romanize_name("한복남", "rr"), romanize_name("안중근", "mr"), romanize_name("박동구", "dprk")
('Han Boknam', 'An Chung-gŭn', 'Pak Tong Gu')
"""

from __future__ import annotations

from enum import Enum

from kirok.lib.names import surnames as sn
from kirok.lib.names.parsing import parse_name
from kirok.lib.names.romanization import base_system, romanize_given_pieces


class NameStyle(Enum):
    """How the syllables of a given name are separated."""

    HYPHENATED = "hyphenated"  # Hye-song (RR's allowed form, MR/ALA-LC, most NGO lists)
    JOINED = "joined"  # Hyesong (RR's principle, passports)
    SPACED = "spaced"  # Hye Song (DPRK, many news agencies)


# Each system's own form, when no style is asked for.
DEFAULT_STYLE = {
    "rr": NameStyle.JOINED,
    "mr": NameStyle.HYPHENATED,
    "mr_plain": NameStyle.HYPHENATED,
    "dprk": NameStyle.SPACED,
    "dprk_plain": NameStyle.SPACED,
}
SURNAME_SPELLINGS = ("standard", "common")


def format_given(pieces: list[str], style: NameStyle) -> str:
    """Join romanized given-name syllables in a style.

    >>> format_given(["hye", "song"], NameStyle.SPACED)
    'Hye Song'
    """
    if style is NameStyle.SPACED:
        return " ".join(p[:1].upper() + p[1:] for p in pieces if p)
    text = ("-" if style is NameStyle.HYPHENATED else "").join(pieces)
    return text[:1].upper() + text[1:]


def romanize_name(
    hangul: str,
    system: str,
    style: NameStyle | None = None,
    *,
    given_first: bool = False,
    sound_changes: bool = True,
    surname: str = "standard",
) -> str:
    """A Hangul personal name romanized: surname (by the system or as commonly printed),
    given name by the system's given-name rule, in the requested style and order.

    ``surname="standard"`` follows the system (RR 김 Gim, MR/ALA-LC 이 Yi, DPRK 리 Ri);
    ``"common"`` gives the usual printed spelling (Kim, Lee, Park, Choi).

    >>> romanize_name("홍빛나", "rr", style=NameStyle.HYPHENATED)
    'Hong Bit-na'
    >>> romanize_name("리설주", "dprk_plain")
    'Ri Sol Ju'
    """
    base_system(system)
    if surname not in SURNAME_SPELLINGS:
        raise ValueError(f"surname must be one of {SURNAME_SPELLINGS}, not {surname!r}.")
    parsed = parse_name(hangul)
    if parsed.script == "latin":
        raise ValueError(f"{hangul!r} has no Hangul to romanize.")
    family = (
        sn.common_spelling(parsed.surname)
        if surname == "common"
        else sn.standard_spelling(parsed.surname, system)
    )
    pieces = romanize_given_pieces(parsed.given, system, sound_changes=sound_changes)
    given = format_given(pieces, style or DEFAULT_STYLE[system])
    parts = [given, family] if given_first else [family, given]
    return " ".join(p for p in parts if p)
