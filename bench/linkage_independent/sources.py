"""The sources and how each writes a record of a person: script, romanization, spelling
mistakes, missing and wrong fields (the noise of the package docstring)."""

import random
from collections.abc import Mapping
from dataclasses import dataclass, replace

from bench.linkage_independent.hangul import hangul_typo, initial_sound_variant, other_surname_form
from bench.linkage_independent.places import PLACE_BY_STEM, render_hometown
from bench.linkage_independent.population import Person
from bench.linkage_independent.romanization import (
    capitalize_first,
    romanize_surname,
    romanize_syllables,
)
from bench.linkage_independent.tables import pick, text_pairs, weighted_choice


@dataclass(frozen=True)
class SourceProfile:
    """How one source writes its records; every rate is a probability per record."""

    name: str
    share: float  # relative weight of the source among all records
    scripts: Mapping[str, float]  # name written in "both" scripts, "hangul" or "latin" only
    systems: Mapping[str, float]  # romanization systems
    joins: Mapping[str, float]  # given-name syllables "joined", "hyphen"-ated or "space"-d
    cases: Mapping[str, float]  # "title", "upper" or "surname_upper"
    given_name_first: float
    hangul_typo: float
    latin_typo: float
    surname_switch: float  # southern <-> northern surname form
    hangul_hometown: float
    age_if_birth_year_missing: float


_TYPICAL = SourceProfile(
    name="typical",
    share=0,
    scripts={"both": 35, "hangul": 30, "latin": 35},
    systems={"RR": 30, "MR": 10, "MRA": 25, "NK": 15, "POP": 20},
    joins={"joined": 35, "hyphen": 40, "space": 25},
    cases={"title": 75, "upper": 15, "surname_upper": 10},
    given_name_first=0.12,
    hangul_typo=0.07,
    latin_typo=0.05,
    surname_switch=0.15,
    hangul_hometown=0.6,
    age_if_birth_year_missing=0.6,
)
SOURCES = [
    replace(
        _TYPICAL,
        name="NGO-A",
        share=26,
        scripts={"both": 50, "hangul": 45, "latin": 5},
        systems={"RR": 50, "POP": 30, "MRA": 15, "MR": 5},
        hangul_hometown=0.85,
    ),
    replace(
        _TYPICAL,
        name="NGO-B",
        share=20,
        scripts={"both": 25, "hangul": 5, "latin": 70},
        systems={"MR": 20, "MRA": 20, "POP": 25, "RR": 25, "NK": 10},
        given_name_first=0.25,
        hangul_hometown=0.25,
    ),
    replace(
        _TYPICAL,
        name="testimony",
        share=18,
        scripts={"both": 30, "hangul": 60, "latin": 10},
        hangul_typo=0.14,
        surname_switch=0.35,
        hangul_hometown=0.8,
        age_if_birth_year_missing=0.85,
    ),
    replace(
        _TYPICAL,
        name="UN-WGEID",
        share=14,
        scripts={"both": 15, "hangul": 0, "latin": 85},
        systems={"NK": 35, "MR": 15, "MRA": 25, "RR": 25},
        cases={"title": 35, "upper": 30, "surname_upper": 35},
        joins={"joined": 25, "hyphen": 35, "space": 40},
        hangul_hometown=0.05,
        latin_typo=0.08,
    ),
    replace(
        _TYPICAL,
        name="press",
        share=12,
        scripts={"both": 30, "hangul": 20, "latin": 50},
        systems={"POP": 45, "RR": 40, "MRA": 10, "MR": 5},
        given_name_first=0.35,
        hangul_hometown=0.3,
    ),
    replace(
        _TYPICAL,
        name="KINU-report",
        share=10,
        scripts={"both": 60, "hangul": 30, "latin": 10},
        systems={"RR": 45, "MRA": 30, "POP": 25},
        hangul_hometown=0.9,
    ),
]
SOURCE_SHARES = [(source, source.share) for source in SOURCES]

# Rates that do not depend on the source.
ALIAS_USE_RATE = 0.5  # of the records of a person with an alias
INITIAL_SOUND_VARIANT_RATE = 0.05
SPACED_HANGUL_RATE = 0.04
SEX_MISSING_RATE = 0.15
SEX_WRONG_RATE = 0.01
HOMETOWN_MISSING_RATE = 0.20
NEIGHBOUR_RATE = 0.07  # of the hometowns given
AGE_WITH_BIRTH_YEAR_RATE = 0.10
EVENT_YEAR_ERRORS = [("exact", 75), ("off_by_one", 12), ("missing", 13)]
BIRTH_YEAR_ERRORS = [("exact", 55), ("off_by_one", 15), ("off_by_two", 5), ("missing", 25)]
# International age, one less before the birthday, one more when counted the Korean way.
AGE_OFFSETS = [(0, 55), (-1, 20), (1, 25)]


# Records ------------------------------------------------------------------------------------


def make_record(rng: random.Random, person: Person, source: SourceProfile) -> dict[str, str]:
    """One source's record of a person, with that source's noise (see the package docstring)."""
    # The draws happen in this order whatever the outcome: reordering changes every dataset.
    name, name_hangul = _written_names(rng, person, source)
    sex = _written_sex(rng, person.sex)
    event_year = _noisy_event_year(rng, person.event_year)
    birth_year = _noisy_birth_year(rng, person.birth_year)
    age = _age_at_event(rng, person, source, birth_year, event_year)
    hometown = _written_hometown(rng, person.hometown, source)
    return {
        "source": source.name,
        "name": name,
        "name_hangul": name_hangul,
        "sex": sex,
        "birth_year": _text(birth_year),
        "age_at_event": _text(age),
        "event_year": _text(event_year),
        "hometown": hometown,
        "true_person": person.person_id,
    }


def _text(number: int | None) -> str:
    return "" if number is None else str(number)


def _written_names(rng: random.Random, person: Person, source: SourceProfile) -> tuple[str, str]:
    surname = person.surname
    if rng.random() < source.surname_switch:
        surname = other_surname_form(surname)
    given_name = person.given_name
    if person.alias and rng.random() < ALIAS_USE_RATE:
        given_name = person.alias
    if rng.random() < INITIAL_SOUND_VARIANT_RATE:
        given_name = initial_sound_variant(given_name[0]) + given_name[1:]
    if rng.random() < source.hangul_typo:
        given_name = hangul_typo(rng, given_name)
    script = pick(rng, source.scripts)
    hangul = surname + given_name
    latin = romanize_name(rng, surname, given_name, source)
    if rng.random() < source.latin_typo:
        latin = latin_typo(rng, latin)
    if script == "hangul":
        latin = ""
    elif script == "latin":
        hangul = ""
    if hangul and rng.random() < SPACED_HANGUL_RATE:
        hangul = f"{surname} {given_name}"
    return latin, hangul


def romanize_name(rng: random.Random, surname: str, given_name: str, source: SourceProfile) -> str:
    """A full name in Latin letters as ``source`` would write it: "Kim Yong-chol", "PARK, ..."."""
    system = pick(rng, source.systems)
    latin_surname = romanize_surname(surname, system, rng)
    syllables = romanize_syllables(given_name, system, rng)
    join = pick(rng, source.joins)
    if system == "NK" and rng.random() < 0.6:
        join = "space"
    latin_given = _join_given_name(rng, syllables, join)
    given_name_first = rng.random() < source.given_name_first
    case = pick(rng, source.cases)
    if case == "upper":
        latin_surname, latin_given = latin_surname.upper(), latin_given.upper()
    elif case == "surname_upper":
        latin_surname = latin_surname.upper()
    if not given_name_first:
        return f"{latin_surname} {latin_given}"
    if rng.random() < 0.15:
        return f"{latin_surname}, {latin_given}"
    return f"{latin_given} {latin_surname}"


def _join_given_name(rng: random.Random, syllables: list[str], join: str) -> str:
    if len(syllables) == 1:
        return capitalize_first(syllables[0])
    if join == "joined":
        return capitalize_first("".join(syllables))
    if join == "hyphen":
        second = syllables[1] if rng.random() < 0.75 else capitalize_first(syllables[1])
        return f"{capitalize_first(syllables[0])}-{second}"
    return " ".join(capitalize_first(syllable) for syllable in syllables)


def _written_sex(rng: random.Random, sex: str) -> str:
    roll = rng.random()
    if roll < SEX_MISSING_RATE:
        return ""
    if roll < SEX_MISSING_RATE + SEX_WRONG_RATE:
        return "F" if sex == "M" else "M"
    return sex


def _noisy_event_year(rng: random.Random, year: int) -> int | None:
    error = weighted_choice(rng, EVENT_YEAR_ERRORS)
    if error == "off_by_one":
        return year + rng.choice([-1, 1])
    return None if error == "missing" else year


def _noisy_birth_year(rng: random.Random, year: int) -> int | None:
    error = weighted_choice(rng, BIRTH_YEAR_ERRORS)
    if error == "off_by_one":
        return year + rng.choice([-1, 1])
    if error == "off_by_two":
        return year + rng.choice([-2, 2])
    return None if error == "missing" else year


def _age_at_event(
    rng: random.Random,
    person: Person,
    source: SourceProfile,
    birth_year: int | None,
    event_year: int | None,
) -> int | None:
    # Sources that lack a birth year often give an age instead.
    if birth_year is None:
        given = rng.random() < source.age_if_birth_year_missing
    else:
        given = rng.random() < AGE_WITH_BIRTH_YEAR_RATE
    if not given or event_year is None:
        return None
    # Computed from the truth, so that an age is no more wrong than a written age would be.
    true_age = person.event_year - person.birth_year
    return true_age + weighted_choice(rng, AGE_OFFSETS)


def _written_hometown(rng: random.Random, stem: str, source: SourceProfile) -> str:
    if rng.random() < HOMETOWN_MISSING_RATE:
        return ""
    if rng.random() < NEIGHBOUR_RATE:
        stem = rng.choice(PLACE_BY_STEM[stem].neighbours)
    return render_hometown(rng, stem, source.hangul_hometown)


# Latin typos --------------------------------------------------------------------------------

LATIN_TYPO_KINDS = [("drop", 40), ("swap", 30), ("double", 15), ("vowel", 15)]
LATIN_VOWEL_SWAPS = dict(text_pairs("o u u o e a a e i e O U U O E A A E I E"))


def latin_typo(rng: random.Random, text: str) -> str:
    """Drop, swap, double or change one letter (never drop, swap or double the first)."""
    letters = [index for index, char in enumerate(text) if char.isalpha()]
    if len(letters) < 4:
        return text
    kind = weighted_choice(rng, LATIN_TYPO_KINDS)
    index = rng.choice(letters[1:])
    dropped = text[:index] + text[index + 1 :]
    if kind == "drop":
        return dropped
    if kind == "swap":
        if index + 1 < len(text) and text[index + 1].isalpha():
            return text[:index] + text[index + 1] + text[index] + text[index + 2 :]
        return dropped
    if kind == "double":
        return text[:index] + text[index] + text[index:]
    vowels = [position for position in letters if text[position] in LATIN_VOWEL_SWAPS]
    if not vowels:
        return dropped
    position = rng.choice(vowels)
    return text[:position] + LATIN_VOWEL_SWAPS[text[position]] + text[position + 1 :]
