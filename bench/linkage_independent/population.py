"""The synthetic persons: names, birth and event years, hometowns, aliases and namesakes."""

import random
from collections import defaultdict
from dataclasses import dataclass

from bench.linkage_independent.hangul import SOUTH_TO_NORTH_SURNAME
from bench.linkage_independent.places import PLACE_WEIGHTS
from bench.linkage_independent.tables import weight_table, weighted_choice

ALIAS_RATE = 0.06  # of persons
NAMESAKE_RATE = 0.03  # of persons
NAMESAKE_BIRTH_OFFSETS = [-2, -1, -1, 0, 0, 1, 1, 2]


# Names --------------------------------------------------------------------------------------

# Relative frequencies, roughly those of the South Korean census.
SURNAME_FREQUENCIES = weight_table("""
    김 21.5  이 14.7  박 8.4  최 4.7  정 4.3  강 2.4  조 2.1  윤 2.1  장 2.0  임 1.7  한 1.5
    오 1.5   서 1.5   신 1.4  권 1.4  황 1.4  안 1.4  송 1.3  전 1.3  홍 1.1  고 0.9  문 0.9
    양 0.9   손 0.9   배 0.8  백 0.7  허 0.7  유 0.6  남 0.6  심 0.5  노 0.5  하 0.5  곽 0.4
    성 0.4   차 0.4   주 0.4  우 0.4  구 0.4  민 0.3  류 0.4  나 0.3  진 0.3  지 0.3  엄 0.3
    채 0.2   원 0.2   천 0.2  방 0.2  공 0.2  현 0.2  함 0.2  변 0.2  염 0.2  여 0.15 추 0.15
    도 0.1   소 0.1   석 0.1  선 0.1  설 0.1  마 0.1  길 0.1  연 0.1  위 0.1  표 0.1  명 0.1
    기 0.1   반 0.1   왕 0.05 금 0.05 옥 0.05 육 0.05 인 0.05 맹 0.05 제 0.05 모 0.05 탁 0.05
    국 0.05  봉 0.05  계 0.04 태 0.04 용 0.04 편 0.03 경 0.03 어 0.03
""")

# Common North Korean given names with relative weights.
MALE_COMMON_NAMES = weight_table("""
    영철 30 영남 18 명철 22 광철 20 철수 16 성호 15 영호 16 철민 12 광혁 10 정남 10 성철 18
    경철 10 영수 14 명호 9  광남 8  영일 10 철호 12 혁철 9  금철 8  진혁 8  성민 8  동철 10
    창호 8  정호 9  용철 12 길수 6  만수 5  춘식 5  기철 7  성남 8  학철 6  정철 11 룡철 6
    충성 4  일남 6  국철 6  대성 6  명수 7  철진 6  광명 6  영진 8  경수 6  상철 7  문철 5
    은철 6  송철 4  정혁 6  현철 7  영환 5  명길 4  광호 6  창길 4  덕수 4  봉남 3  철웅 4
    영광 5  성일 5  일권 3  금성 4  명국 4
""")
FEMALE_COMMON_NAMES = weight_table("""
    영희 30 옥순 18 순희 22 은희 16 정숙 16 혜송 8  금순 14 경희 18 미경 10 영옥 14 영숙 14
    춘희 10 명옥 10 순옥 10 은정 10 혜영 10 금희 10 정희 12 옥희 9  선희 10 영애 8  명희 9
    은주 7  혜경 8  순애 6  향미 6  은향 5  정옥 8  금옥 7  성희 8  춘옥 6  경옥 7  미향 6
    설화 4  진주 4  영란 7  명순 7  순실 5  옥실 4  혜성 5  은심 4  정란 5  금주 5  영미 8
    은경 6  향숙 5  복순 5  봉선 4  정미 6  혜련 5  송이 4  련희 4  은별 3  설경 3  옥련 5
    경애 5  명심 3  순남 4  춘화 4  미란 5
""")
MALE_SINGLE_NAMES = "철혁웅훈호일진범석준"
FEMALE_SINGLE_NAMES = "옥순향란설미희화련심"
# Syllable pools for composed names; a repeated syllable is simply drawn more often.
MALE_FIRST_SYLLABLES = "영명광철성정경금진동창용일혁국학상문기석준현태세승대충덕봉만춘길룡"
MALE_SECOND_SYLLABLES = "철호남수민일혁진식국훈준범길성근룡선만환수혁복명권택학"
FEMALE_FIRST_SYLLABLES = "영옥순은정혜금경미명춘선향설현지유수효소복봉련진송해"
FEMALE_SECOND_SYLLABLES = "희순옥숙경영미정화향주애실림련심란아연진이선단녀"


def random_given_name(rng: random.Random, sex: str) -> str:
    roll = rng.random()
    male = sex == "M"
    if roll < 0.03:
        return rng.choice(MALE_SINGLE_NAMES if male else FEMALE_SINGLE_NAMES)
    if roll < 0.68:
        return weighted_choice(rng, MALE_COMMON_NAMES if male else FEMALE_COMMON_NAMES)
    first = MALE_FIRST_SYLLABLES if male else FEMALE_FIRST_SYLLABLES
    second = MALE_SECOND_SYLLABLES if male else FEMALE_SECOND_SYLLABLES
    while True:
        name = rng.choice(first) + rng.choice(second)
        if name[0] != name[1]:
            return name


# Persons ------------------------------------------------------------------------------------


@dataclass
class Person:
    person_id: str
    sex: str  # "M" or "F"
    surname: str
    given_name: str
    birth_year: int
    event_year: int
    hometown: str  # a place stem, e.g. 회령
    alias: str | None  # a second given name


def random_birth_year(rng: random.Random) -> int:
    while True:
        year = round(rng.triangular(1940, 2005, 1976))
        if 1940 <= year <= 2005:
            return year


def random_event_year(rng: random.Random, birth_year: int) -> int:
    # Arrests and repatriations peaked in 1997-2012 and fell after the 2020 border closure.
    years = range(max(1995, birth_year + 10), 2025)
    return weighted_choice(rng, [(year, _event_year_weight(year)) for year in years])


def _event_year_weight(year: int) -> float:
    if 1997 <= year <= 2012:
        return 2.2
    if year >= 2020:
        return 0.6
    return 1.0


def random_person(rng: random.Random, person_id: str) -> Person:
    sex = "M" if rng.random() < 0.48 else "F"
    surname = weighted_choice(rng, SURNAME_FREQUENCIES)
    if surname in SOUTH_TO_NORTH_SURNAME and rng.random() < 0.4:
        surname = SOUTH_TO_NORTH_SURNAME[surname]
    given_name = random_given_name(rng, sex)
    birth_year = random_birth_year(rng)
    event_year = random_event_year(rng, birth_year)
    hometown = weighted_choice(rng, PLACE_WEIGHTS)
    alias = None
    if rng.random() < ALIAS_RATE:
        alias = random_given_name(rng, sex)
        while alias == given_name:
            alias = random_given_name(rng, sex)
    return Person(person_id, sex, surname, given_name, birth_year, event_year, hometown, alias)


def random_namesake(rng: random.Random, person_id: str, original: Person) -> Person:
    """A different person who shares the original's sex and name and was born near them."""
    namesake = random_person(rng, person_id)
    namesake.sex = original.sex
    namesake.surname = original.surname
    namesake.given_name = original.given_name
    birth_year = original.birth_year + rng.choice(NAMESAKE_BIRTH_OFFSETS)
    namesake.birth_year = min(2005, max(1940, birth_year))
    namesake.event_year = random_event_year(rng, namesake.birth_year)
    if rng.random() < 0.35:
        namesake.hometown = original.hometown
    if namesake.alias == namesake.given_name:
        namesake.alias = None
    return namesake


def random_population(rng: random.Random, count: int) -> list[Person]:
    persons: list[Person] = []
    for index in range(count):
        person_id = f"P{index + 1:06d}"
        if persons and rng.random() < NAMESAKE_RATE:
            persons.append(random_namesake(rng, person_id, rng.choice(persons)))
        else:
            persons.append(random_person(rng, person_id))
    # Shuffled so that ids reveal neither creation order nor who was cloned from whom.
    shuffled_ids = [person.person_id for person in persons]
    rng.shuffle(shuffled_ids)
    for person, person_id in zip(persons, shuffled_ids, strict=True):
        person.person_id = person_id
    return persons


# Namesake groups ----------------------------------------------------------------------------


def namesake_groups(persons: list[Person], window: int = 2) -> list[list[Person]]:
    """Persons with the same Hangul name whose birth years chain within ``window`` years.

    Their records are the ones a linker can only tell apart by the other fields.
    """
    by_name: dict[str, list[Person]] = defaultdict(list)
    for person in persons:
        by_name[person.surname + person.given_name].append(person)
    groups = []
    for same_name in by_name.values():
        group: list[Person] = []
        for person in sorted(same_name, key=lambda candidate: candidate.birth_year):
            if group and person.birth_year - group[-1].birth_year > window:
                groups.append(group)
                group = []
            group.append(person)
        groups.append(group)
    return [group for group in groups if len(group) > 1]
