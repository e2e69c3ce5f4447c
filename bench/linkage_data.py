"""A seeded generator of Korean person records scattered over several sources, with noise.

It builds true persons in families, lets each of them be written down by 1–4 sources, and
has every source write them its own way. The output is a list of
:class:`~kirok.linkage.engine.records.PersonRecord` and the true person of each record, so
that a linkage can be scored. Everything is invented from the seed: surnames follow their
share of the Korean population, given names come from common syllables and a short list of
very common whole given names, places come from Kirok's gazetteer of North Korean
administrative units. No real person's data is used.

Population
==========

* Families (households): a father and a mother (different surnames; 85% of households have
  both parents among the persons), 0–3 children with the father's surname, born 22–38 years
  after the father. The whole household shares a hometown. In 50% of families the children
  share a generation syllable (돌림자: 영호, 영철, 영수), as Korean siblings often do.
* Given names: 35% are drawn from :data:`COMMON_GIVEN_NAMES` (Zipf-like weights), the rest
  from two common syllables (:data:`GIVEN_SYLLABLES`). With surnames at their real
  frequencies (Kim 21.5%, Lee 14.7%, Park 8.4%, Choi 4.7% …) this makes many different
  people share a name, a birth year and often a province.
* Fathers are born 1935–1975, mothers 2 years before to 6 after their husbands, children
  22–38 years after their fathers (not after 2005); a child's sex is 50/50. The event year
  (disappearance, arrest, forced return) is 18–60 years after birth and not after 2024;
  a wife shares her husband's, and 40% of children share their father's (a family taken
  together), at least a year after the child's birth.
* Hometowns: a county or city of North Korea; the border provinces (North Hamgyong,
  Ryanggang, Chagang, North Pyongan) are three times as likely, as in real defector data.

Records
=======

Each person appears in 1–4 sources (1: 35%, 2: 30%, 3: 20%, 4: 15%; about 2.15 records per
person), each of a kind drawn without replacement from :data:`SOURCE_KINDS` (an NGO list, a
testimony, a UN communication, a news report, a North Korean document), in one of a few
organisations of that kind (``source`` = ``"ngo_list-2"``).

Noise, per record (rates are probabilities; the tests check them):

==============================================  ============================================
field                                           noise
==============================================  ============================================
script of the main name                         Hangul: testimony 85%, NK document 100%,
                                                NGO list 25%, others 5%; otherwise Latin
Hangul spelling                                 NK document: DPRK spelling (리/로/림/량 …)
                                                always; testimony 15%
Latin system                                    RR 30%, MR 15%, MR without breves 20%,
                                                DPRK 10%, DPRK without breves 15%, ad hoc
                                                (popular English spellings) 10%
Latin surname                                   standard (Gim, Yi, Bak) 25%, common
                                                (Kim, Lee, Park) 75%, with varied conventional
                                                forms (Lee/Yi/Rhee/Ri, Choi/Choe …)
Latin given name separation                     hyphen 40%, joined 35%, spaced 25%
given name first (Hye-song Kim)                 20% of Latin names
second name (Hangul ↔ Latin of the same name)   20%
alias (another given name) as an extra name     4%
alias only (the legal name missing)             1.5%
typo (one edit in a Latin name; one vowel or    5%
consonant changed in a Hangul name)
sex                                             missing 15%, wrong 1%
birth year                                      exact 55%, ±1 13%, ±2 5%, a range of 5 years
                                                5%, only the age at the event 12% (±1 for
                                                the birthday), missing 10%
event year                                      given 70% (and always with an age); ±1 10%
hometown                                        missing 20%; a neighbouring county 8%; only
                                                the province 5%; else the true place; in any
                                                gazetteer spelling (Hangul, DPRK Hangul, RR,
                                                MR, common, variants), ± "-si"/"-gun"; a typo
                                                in 3% of Latin ones
relatives (names of parents or spouse)          listed in 30% of records of persons who
                                                have them, written in the record's script
==============================================  ============================================

>>> data = generate(50, seed=1)
>>> len(data.records) > 50, set(data.truth) == {r.record_id for r in data.records}
(True, True)
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass, field
from functools import cache

from kirok.lib import gazetteer
from kirok.lib.names import NameStyle, romanize_name
from kirok.lib.names import hangul as jamo
from kirok.lib.synthetic.names import CONVENTIONAL, DPRK_SPELLING, SURNAMES
from kirok.linkage.engine.records import PersonRecord

__all__ = ["COMMON_GIVEN_NAMES", "RATES", "Dataset", "Person", "generate"]

# The rates the docstring states; the tests measure the generated data against them.
RATES = {
    "records_per_person": {1: 0.35, 2: 0.30, 3: 0.20, 4: 0.15},
    "common_given_name": 0.35,
    "given_first": 0.20,
    "second_name": 0.20,
    "alias_extra": 0.04,
    "alias_only": 0.015,
    "typo": 0.05,
    "sex_missing": 0.15,
    "sex_wrong": 0.01,
    "birth": {"exact": 0.55, "off1": 0.13, "off2": 0.05, "range": 0.05, "age": 0.12,
              "missing": 0.10},
    "event_given": 0.70,
    "hometown": {"missing": 0.20, "neighbour": 0.08, "province": 0.05, "true": 0.67},
    "relatives_listed": 0.30,
}  # fmt: skip

SOURCE_KINDS = ("ngo_list", "testimony", "un_communication", "news_report", "nk_document")
ORGANISATIONS_PER_KIND = 3
HANGUL_SHARE = {"testimony": 0.85, "nk_document": 1.0, "ngo_list": 0.25}
OTHER_HANGUL_SHARE = 0.05
TESTIMONY_DPRK_SPELLING = 0.15
LATIN_SYSTEMS = {"rr": 30, "mr": 15, "mr_plain": 20, "dprk": 10, "dprk_plain": 15, "adhoc": 10}
GIVEN_STYLES = {NameStyle.HYPHENATED: 40, NameStyle.JOINED: 35, NameStyle.SPACED: 25}
STANDARD_SURNAME_SHARE = 0.25
BORDER_PROVINCES = {"KP-09", "KP-10", "KP-04", "KP-03"}  # weighted ×3
BORDER_WEIGHT = 3

# Very common given names (weights fall like a Zipf law): many people share them.
COMMON_GIVEN_NAMES = {
    "male": ("영호", "영철", "영수", "명철", "성호", "정호", "광철", "철수", "영남", "성철",
             "명호", "정철", "동철", "경호", "상철", "진호", "철호", "영일", "광호", "성민"),
    "female": ("영희", "순희", "정숙", "영숙", "미경", "순옥", "영옥", "정희", "옥순", "명숙",
               "혜숙", "경희", "춘희", "은희", "금순", "영애", "정순", "미숙", "선희", "혜영"),
}  # fmt: skip
GIVEN_SYLLABLES = {
    "male": ("영정성명광철동경상기진용대문혁학국일충남승준현원창봉",
             "호철수남일민석준혁진국훈식만길룡범선환우복성"),
    "female": ("영정순옥명금은혜미경춘향선설현지수연화숙",
               "희숙자옥순화미경주진실영아련란향심정연애선"),
}  # fmt: skip
# Names of well-known public figures: the data must not seem to describe them.
AVOIDED_NAMES = frozenset((
    "김일성", "김정일", "김정은", "김여정", "김정숙", "김경희", "김주애", "이설주", "장성택",
    "김평일", "김정남", "김정철", "김한솔", "최룡해", "김영남", "이명박", "박근혜", "문재인",
    "윤석열", "이재명", "노무현", "김대중", "김영삼", "김정순", "김영철", "최선희", "리선권",
    "김덕훈", "박봉주",
))  # fmt: skip
# Popular English spellings of given-name sounds: Young-hee rather than Yeong-hui.
_POPULAR = (("gyeong", "kyung"), ("myeong", "myung"), ("hyeong", "hyung"), ("yeong", "young"),
            ("eong", "ung"), ("eok", "uk"), ("eol", "ul"), ("eon", "un"), ("hui", "hee"),
            ("gw", "kw"), ("eo", "u"))  # fmt: skip
_LATIN_UNIT_SUFFIXES = {"city": ("-si", " City", "-shi"), "county": ("-gun", " County", "-kun")}
_HANGUL_UNIT_SUFFIX = {"city": "시", "county": "군"}
# Vowels and consonants that are easily mistyped or misheard for one another.
_MEDIAL_SWAPS = {1: 5, 5: 1, 4: 8, 8: 4, 6: 12, 12: 6, 13: 17, 17: 13, 18: 20, 20: 18}
_INITIAL_SWAPS = {0: 15, 15: 0, 3: 16, 16: 3, 12: 14, 14: 12, 9: 10, 10: 9}


@dataclass
class Person:
    """A true person: what every record of them tries to say."""

    person_id: str
    surname: str  # Hangul, South Korean spelling
    given: str  # Hangul
    sex: str
    birth_year: int
    event_year: int
    place_id: str
    relatives: list[str] = field(default_factory=list)  # person_ids of parents / spouse

    @property
    def hangul(self) -> str:
        return self.surname + self.given


@dataclass
class Dataset:
    """Generated records, the true person of each record, and the persons."""

    records: list[PersonRecord]
    truth: dict[str, str]  # record_id -> person_id
    persons: dict[str, Person]
    # What noise each record received (record_id -> set of labels), for the tests.
    noise: dict[str, set[str]] = field(default_factory=dict)


def generate(persons: int, seed: int = 0) -> Dataset:
    """``persons`` true persons in families and their records, reproducibly from ``seed``."""
    rng = random.Random(seed)
    people = _population(rng, persons)
    dataset = Dataset(records=[], truth={}, persons={p.person_id: p for p in people})
    for person in people:
        for kind in _source_kinds(rng):
            _add_record(rng, dataset, person, kind)
    return dataset


# ---------------------------------------------------------------- population


def _population(rng: random.Random, count: int) -> list[Person]:
    people: list[Person] = []
    while len(people) < count:
        people.extend(_family(rng, len(people), count - len(people)))
    return people


def _family(rng: random.Random, start: int, room: int) -> list[Person]:
    """A household: parents and children sharing a hometown; at most ``room`` persons."""
    ids = (f"P{n:07d}" for n in itertools.count(start))
    place = _draw_place(rng)
    father_year = rng.randint(1935, 1975)
    event = _event_year(rng, father_year)
    father = _person(rng, next(ids), "male", _draw_surname(rng), father_year, place, event)
    members = [father]
    if rng.random() < 0.85:
        mother_year = father_year + rng.randint(-2, 6)
        surname = _draw_surname(rng, avoid=father.surname)
        mother = _person(rng, next(ids), "female", surname, mother_year, place, event)
        father.relatives.append(mother.person_id)
        mother.relatives.append(father.person_id)
        members.append(mother)
    members += _children(rng, ids, members, rng.choice((0, 1, 1, 2, 2, 3)))
    kept = members[:room]  # the last family is cut to the number of persons asked for
    kept_ids = {p.person_id for p in kept}
    for person in kept:
        person.relatives = [i for i in person.relatives if i in kept_ids]
    return kept


def _children(rng: random.Random, ids, parents: list[Person], count: int) -> list[Person]:
    father = parents[0]
    shared = rng.choice(GIVEN_SYLLABLES["male"][0]) if rng.random() < 0.5 else None
    children: list[Person] = []
    for _ in range(count):
        year = min(father.birth_year + rng.randint(22, 38), 2005)
        sex = rng.choice(("male", "female"))
        child = _person(rng, next(ids), sex, father.surname, year, father.place_id, 0)
        if shared and child.given[0] != shared:
            child.given = _unique_given(shared + child.given[1], child.given, father.surname)
        # Parents do not give two of their children the same name.
        while child.given in {c.given for c in children}:
            child.given = _draw_given(rng, sex, father.surname)
        child.event_year = _event_year(rng, year) if rng.random() < 0.6 else father.event_year
        child.event_year = max(child.event_year, year + 1)
        child.relatives = [p.person_id for p in parents]
        children.append(child)
    return children


def _unique_given(wanted: str, fallback: str, surname: str) -> str:
    spellings = {surname + wanted, DPRK_SPELLING.get(surname, surname) + wanted}
    ok = wanted[0] != wanted[1] and not spellings & AVOIDED_NAMES
    return wanted if ok else fallback


def _person(rng, person_id, sex, surname, birth_year, place, event_year) -> Person:
    return Person(
        person_id=person_id,
        surname=surname,
        given=_draw_given(rng, sex, surname),
        sex=sex,
        birth_year=birth_year,
        event_year=event_year or _event_year(rng, birth_year),
        place_id=place,
    )


def _event_year(rng: random.Random, birth_year: int) -> int:
    return min(birth_year + rng.randint(18, 60), 2024)


_SURNAME_TEXTS = [s for s, _ in SURNAMES]
_SURNAME_WEIGHTS = list(itertools.accumulate(share for _, share in SURNAMES))


def _draw_surname(rng: random.Random, avoid: str | None = None) -> str:
    while True:
        surname = rng.choices(_SURNAME_TEXTS, cum_weights=_SURNAME_WEIGHTS)[0]
        if surname != avoid:
            return surname


def _draw_given(rng: random.Random, sex: str, surname: str) -> str:
    while True:
        if rng.random() < RATES["common_given_name"]:
            names = COMMON_GIVEN_NAMES[sex]
            given = rng.choices(names, weights=[1 / (i + 1) for i in range(len(names))])[0]
        else:
            first, second = GIVEN_SYLLABLES[sex]
            given = rng.choice(first) + rng.choice(second)
        spellings = {surname + given, DPRK_SPELLING.get(surname, surname) + given}
        if given[0] != given[1] and not spellings & AVOIDED_NAMES:
            return given


@cache
def _places() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """North Korean counties and cities, border provinces weighted up."""
    units = [e for e in gazetteer.entries() if e.country_code == "KP" and e.level == "admin2"]
    units = [e for e in units if e.status in ("", "current")]
    weights = [BORDER_WEIGHT if e.parent_id in BORDER_PROVINCES else 1 for e in units]
    return tuple(e.id for e in units), tuple(itertools.accumulate(weights))


def _draw_place(rng: random.Random) -> str:
    ids, cum = _places()
    return rng.choices(ids, cum_weights=cum)[0]


@cache
def _neighbours(place_id: str) -> tuple[str, ...]:
    """The three nearest other units in the same province (by coordinates)."""
    here = gazetteer.entries_by_id()[place_id]
    same = [i for i in _places()[0] if i != place_id]
    same = [gazetteer.entries_by_id()[i] for i in same]
    same = [e for e in same if e.parent_id == here.parent_id] or same
    if here.latitude is None:
        return tuple(e.id for e in same[:3])

    def distance(e) -> float:
        if e.latitude is None:
            return 1e9
        return (e.latitude - here.latitude) ** 2 + (e.longitude - here.longitude) ** 2

    return tuple(e.id for e in sorted(same, key=distance)[:3])


# ---------------------------------------------------------------- records


def _source_kinds(rng: random.Random) -> list[str]:
    counts = RATES["records_per_person"]
    count = rng.choices(list(counts), weights=list(counts.values()))[0]
    kinds = rng.sample(SOURCE_KINDS, k=min(count, len(SOURCE_KINDS)))
    return [f"{kind}-{rng.randrange(ORGANISATIONS_PER_KIND) + 1}" for kind in kinds]


def _add_record(rng: random.Random, dataset: Dataset, person: Person, source: str) -> None:
    record_id = f"R{len(dataset.records):07d}"
    noise: set[str] = set()
    kind = source.rsplit("-", 1)[0]
    writer = _Writer(rng, kind, noise)
    birth = _birth_fields(rng, person, noise)
    record = PersonRecord(
        record_id=record_id,
        source=source,
        names=_names(rng, writer, person, noise),
        sex=_sex(rng, person, noise),
        hometown=_hometown(rng, writer, person, noise),
        relatives=_relatives(rng, writer, dataset, person, noise),
        **birth,
    )
    dataset.records.append(record)
    dataset.truth[record_id] = person.person_id
    dataset.noise[record_id] = noise


class _Writer:
    """How one source writes names: its script, romanization system and house style."""

    def __init__(self, rng: random.Random, kind: str, noise: set[str]):
        self.rng = rng
        hangul_share = HANGUL_SHARE.get(kind, OTHER_HANGUL_SHARE)
        self.hangul = rng.random() < hangul_share
        self.dprk_hangul = kind == "nk_document" or (
            kind == "testimony" and rng.random() < TESTIMONY_DPRK_SPELLING
        )
        self.system = rng.choices(list(LATIN_SYSTEMS), weights=list(LATIN_SYSTEMS.values()))[0]
        self.style = rng.choices(list(GIVEN_STYLES), weights=list(GIVEN_STYLES.values()))[0]
        self.given_first = rng.random() < RATES["given_first"]
        self.standard_surname = rng.random() < STANDARD_SURNAME_SHARE
        noise.add("hangul" if self.hangul else f"latin:{self.system}")
        if self.hangul and self.dprk_hangul:
            noise.add("dprk_hangul")

    def write(self, surname: str, given: str, *, hangul: bool | None = None) -> str:
        """A name in this source's script and style."""
        if self.hangul if hangul is None else hangul:
            if self.dprk_hangul:
                surname = DPRK_SPELLING.get(surname, surname)
            return surname + given
        return self._latin(surname, given)

    def _latin(self, surname: str, given: str) -> str:
        system = "rr" if self.system == "adhoc" else self.system
        words = _romanized(surname + given, system, self.style, self.given_first).split()
        if not self.standard_surname and surname in CONVENTIONAL:
            words[-1 if self.given_first else 0] = self.rng.choice(CONVENTIONAL[surname][:3])
        text = " ".join(words)
        if self.system == "adhoc":
            text = _popular(text)
        return text


@cache
def _romanized(hangul: str, system: str, style: NameStyle, given_first: bool) -> str:
    return romanize_name(hangul, system, style, given_first=given_first)


def _popular(text: str) -> str:
    words = []
    for word in text.split():
        lowered = word.lower()
        for systematic, popular in _POPULAR:
            lowered = lowered.replace(systematic, popular)
        words.append("-".join(p[:1].upper() + p[1:] for p in lowered.split("-")))
    return " ".join(words)


def _names(rng: random.Random, writer: _Writer, person: Person, noise: set[str]):
    given = person.given
    alias = _draw_given(rng, person.sex, person.surname)
    while alias == given:
        alias = _draw_given(rng, person.sex, person.surname)
    draw = rng.random()
    if draw < RATES["alias_only"]:
        noise.add("alias_only")
        given = alias
    main = writer.write(person.surname, given)
    if rng.random() < RATES["typo"]:
        noise.add("typo")
        mistyped = _typo(rng, main)
        # A typo must not turn the person into a well-known public figure.
        main = main if mistyped in AVOIDED_NAMES else mistyped
    names = [main]
    if rng.random() < RATES["second_name"]:
        noise.add("second_name")
        names.append(writer.write(person.surname, given, hangul=not writer.hangul))
    if RATES["alias_only"] <= draw < RATES["alias_only"] + RATES["alias_extra"]:
        noise.add("alias_extra")
        names.append(writer.write(person.surname, alias))
    if writer.given_first and not writer.hangul:
        noise.add("given_first")
    return tuple(dict.fromkeys(names))


def _typo(rng: random.Random, text: str) -> str:
    if jamo.has_hangul(text):
        return _hangul_typo(rng, text)
    positions = [i for i, c in enumerate(text) if c.isalpha()]
    i = rng.choice(positions[1:] or positions)
    edit = rng.choice(("swap", "drop", "double", "replace"))
    if edit == "swap" and i + 1 < len(text) and text[i + 1].isalpha():
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if edit == "drop":
        return text[:i] + text[i + 1 :]
    if edit == "double":
        return text[:i] + text[i] + text[i:]
    return text[:i] + rng.choice("aeiouygknhs") + text[i + 1 :]


def _hangul_typo(rng: random.Random, text: str) -> str:
    """One misheard vowel or consonant in a given-name syllable (혜 → 해, 숙 → 쑥)."""
    positions = [i for i, c in enumerate(text) if jamo.is_syllable(c)][1:]
    i = rng.choice(positions or [0])
    syl = jamo.decompose(text[i])
    if syl.medial in _MEDIAL_SWAPS and (syl.initial not in _INITIAL_SWAPS or rng.random() < 0.5):
        new = jamo.compose(syl.initial, _MEDIAL_SWAPS[syl.medial], syl.final)
    elif syl.initial in _INITIAL_SWAPS:
        new = jamo.compose(_INITIAL_SWAPS[syl.initial], syl.medial, syl.final)
    else:
        new = jamo.compose(syl.initial, syl.medial, 4 if syl.final == 0 else 0)
    return text[:i] + new + text[i + 1 :]


def _sex(rng: random.Random, person: Person, noise: set[str]) -> str | None:
    draw = rng.random()
    if draw < RATES["sex_missing"]:
        noise.add("sex_missing")
        return None
    if draw < RATES["sex_missing"] + RATES["sex_wrong"]:
        noise.add("sex_wrong")
        return "female" if person.sex == "male" else "male"
    return person.sex


def _birth_fields(rng: random.Random, person: Person, noise: set[str]) -> dict:
    rates = RATES["birth"]
    how = rng.choices(list(rates), weights=list(rates.values()))[0]
    noise.add(f"birth_{how}")
    year = person.birth_year
    event = person.event_year if rng.random() < RATES["event_given"] else None
    if event is not None and rng.random() < 0.1:
        event += rng.choice((-1, 1))
    fields: dict = {"event_year": event}
    if how == "exact":
        fields["birth_year"] = year
    elif how in ("off1", "off2"):
        fields["birth_year"] = year + rng.choice((-1, 1)) * (1 if how == "off1" else 2)
    elif how == "range":
        low = year - rng.randint(0, 4)
        fields["birth_year_range"] = (low, low + 4)
    elif how == "age":
        fields["event_year"] = person.event_year
        fields["age_at_event"] = person.event_year - year - rng.choice((0, 0, 1))
    return fields


def _hometown(rng: random.Random, writer: _Writer, person: Person, noise: set[str]):
    rates = RATES["hometown"]
    how = rng.choices(list(rates), weights=list(rates.values()))[0]
    noise.add(f"hometown_{how}")
    if how == "missing":
        return None
    place_id = person.place_id
    if how == "neighbour":
        place_id = rng.choice(_neighbours(place_id))
    elif how == "province":
        place_id = gazetteer.entries_by_id()[place_id].parent_id
    text = _place_spelling(rng, writer, place_id)
    if not writer.hangul and rng.random() < 0.03 and len(text) > 4:
        noise.add("hometown_typo")
        text = _typo(rng, text)
    return text


def _place_spelling(rng: random.Random, writer: _Writer, place_id: str) -> str:
    entry = gazetteer.entries_by_id()[place_id]
    scripts = [(text, kind) for text, kind in entry.names if kind not in ("chinese", "pinyin")]
    hangul = [t for t, _ in scripts if jamo.has_hangul(t)]
    latin = [t for t, _ in scripts if not jamo.has_hangul(t)]
    choices = (hangul if writer.hangul else latin) or hangul or latin
    text = rng.choice(choices)
    unit = (
        "city" if "city" in entry.place_type else "county" if "county" in entry.place_type else ""
    )
    if unit and rng.random() < 0.3:
        if jamo.has_hangul(text) and not text.endswith(_HANGUL_UNIT_SUFFIX[unit]):
            text += _HANGUL_UNIT_SUFFIX[unit]
        elif not jamo.has_hangul(text) and "-" not in text and " " not in text:
            text += rng.choice(_LATIN_UNIT_SUFFIXES[unit])
    return text


def _relatives(rng, writer: _Writer, dataset: Dataset, person: Person, noise: set[str]):
    if not person.relatives or rng.random() >= RATES["relatives_listed"]:
        return ()
    noise.add("relatives")
    kin = [dataset.persons[i] for i in person.relatives]
    return tuple(writer.write(k.surname, k.given) for k in kin)
