"""Occupations as documenters type them, counted as one whatever the language.

A victim's occupation is free text: one list says "teacher", a testimony 교원, another 교사.
Counted as written, the statistics show three bars for one occupation. The occupations in
kirok/data/occupations/occupations.csv (README there) each have an English and a Korean
label and other spellings; :func:`key` gives every spelling of one the same key, and
:func:`labels` gives its label in each language. Other text is its own occupation, case and
spaces aside. Pure Python (no Django).

>>> key("Teacher"), key("교원"), key(" 교사 "), key("Potter"), key("  potter")
('=teacher', '=teacher', '=teacher', 'potter', 'potter')
>>> labels("=teacher"), labels("potter"), as_written("potter")
({'en': 'Teacher', 'ko': '교원'}, {}, 'Potter')
>>> key("")
''
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

KNOWN = "="  # marks the key of a listed occupation; free text never starts with it


@dataclass(frozen=True)
class Occupation:
    code: str
    labels: dict[str, str]  # language → label
    spellings: tuple[str, ...]


def key(text: str) -> str:
    """The key under which an occupation is counted: "=code" for a listed one, else the
    text folded (case, width, spaces); "" for none."""
    folded = _fold(text).lstrip(KNOWN)
    occupation = _by_spelling().get(folded)
    return KNOWN + occupation.code if occupation else folded


def labels(counted: str) -> dict[str, str]:
    """The labels by language of a listed occupation's key of :func:`key`; {} for the key
    of other text."""
    occupation = _by_code().get(counted[1:]) if counted.startswith(KNOWN) else None
    return dict(occupation.labels) if occupation else {}


def as_written(counted: str) -> str:
    """The key of other text as a chart shows it: its first letter capitalised."""
    return counted[:1].upper() + counted[1:]


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


@lru_cache(maxsize=1)
def occupations() -> tuple[Occupation, ...]:
    text = resources.files("kirok.data").joinpath("occupations", "occupations.csv")
    rows = csv.DictReader(text.read_text("utf-8").splitlines())
    return tuple(
        Occupation(
            row["code"],
            {"en": row["en"], "ko": row["ko"]},
            (row["en"], row["ko"], *filter(None, row["also"].split(";"))),
        )
        for row in rows
    )


@lru_cache(maxsize=1)
def _by_spelling() -> dict[str, Occupation]:
    return {_fold(s): o for o in occupations() for s in o.spellings}


@lru_cache(maxsize=1)
def _by_code() -> dict[str, Occupation]:
    return {o.code: o for o in occupations()}
