#!/usr/bin/env python3
"""Synthetic Korean person records for benchmarking record linkage, built independently.

The records imitate lists of North Koreans detained, forcibly repatriated or disappeared, as
compiled by several organisations that each write names, years and places their own way. Every
record carries the id of the synthetic person it describes (``true_person``), so a linkage
result can be scored against the truth. All data are synthetic: no row describes a real person.

This generator was written without looking at the linkage engine it is meant to test, from
general knowledge of Korean names, of the romanization systems (Revised Romanization,
McCune–Reischauer with and without breves, the DPRK's official system and popular passport
spellings) and of North Korean places, so that it does not share the engine's assumptions.
Standard library only; the same ``--persons`` and ``--seed`` always give the same file.

Population
----------
- Sex: 48% male, 52% female.
- Surname: 85 surnames at roughly South Korean census frequencies (김 23%, 이 16%, 박 9%,
  최 5%, 정 4.5%, ...). A fifth of people carry a surname with a North Korean initial-sound
  form (이/리, 임/림, 유/류, 노/로, 양/량, 나/라, 염/렴, 여/려, 용/룡); 40% of them have the
  northern form as their own spelling.
- Given name: 3% one syllable; 65% one of 60 common North Korean names per sex, weighted
  (영철, 명철, 영희, 순희, ...); 32% two random syllables from sex-specific pools.
- Birth year: triangular between 1940 and 2005, peaking in 1976.
- Event year (arrest, repatriation): from the later of 1995 and age 10 up to 2024, with
  1997-2012 2.2 times and 2020 on 0.6 times as likely as other years.
- Hometown: 72 cities and counties, weighted towards the Chinese border (North Hamgyong 37%,
  Ryanggang 19%, South Hamgyong 12%; 혜산 8%, 청진 and 회령 6.5% each). Each place lists its
  neighbours, used for the hometown noise below.
- Alias: 6% of people also go by a second given name.
- Namesakes: each person after the first has a 3% chance of being a different person with
  the same sex, surname and given name as an earlier one, born within two years of them
  (offset -2..+2 with weights 1, 2, 2, 2, 1), with the same hometown 35% of the time.
- Records per person: 1 (45%), 2 (25%), 3 (15%), 4 (9%), 5 (6%); 2.06 on average. Each
  record comes from a source drawn independently, so one source may list a person twice.
- Person ids (P000001, ...) are shuffled so that they do not reveal the namesake structure;
  records are shuffled and then numbered r000001, ...

Sources
-------
Share of records, how the name is written (both scripts / Hangul only / Latin only), the mix
of romanization systems (RR / MR / MR without breves / DPRK / popular), how often the given
name comes first, and how often the hometown is in Hangul::

    source       share  both/Hangul/Latin  RR/MR/MRA/NK/POP  given name first  Hangul place
    NGO-A          26%  50/45/5            50/5/15/0/30                   12%           85%
    NGO-B          20%  25/5/70            25/20/20/10/25                 25%           25%
    testimony      18%  30/60/10           30/10/25/15/20                 12%           80%
    UN-WGEID       14%  15/0/85            25/15/25/35/0                  12%            5%
    press          12%  30/20/50           40/5/10/0/45                   35%           30%
    KINU-report    10%  60/30/10           45/0/30/0/25                   12%           90%

Witness testimony doubles the Hangul typos (14% instead of 7%), switches the surname between
its southern and northern form more often (35% instead of 15%) and gives an age when the
birth year is missing more often (85% instead of 60%). UN-WGEID has more Latin typos (8%
instead of 5%), spaces given-name syllables more often (joined/hyphenated/spaced 25/35/40
instead of 35/40/25) and capitalises more (Title/UPPER/SURNAME-only 35/30/35 instead of
75/15/10).

Romanization systems
--------------------
- RR: syllable by syllable (영철 -> Yeongcheol), no sound changes across syllables.
- MR: McCune–Reischauer with breves and apostrophes (Yŏngch'ŏl); ㄱ ㄷ ㅂ ㅈ are voiced after
  a vowel or ㄴ ㄹ ㅁ ㅇ (영길 Yŏnggil); ㄹ after ㄹ is l; 시/쉬 is shi 20% of the time.
- MRA: MR without breves or apostrophes (Yongchol), as most English texts print it.
- NK: DPRK official style: ㅈ j, ㅋ ㅌ ㅍ kh th ph, no breves, voicing applied half the time;
  given-name syllables are spaced (Kim Yong Chol) 60% of the time.
- POP: passport-style spellings: 정 Jung, 영 Young, 순 Soon, 희 Hee, 시 Shi, 유 Yoo.
- Surnames: the 61 common ones have conventional spellings per system (Lee/Yi/Ri, Park/Pak,
  Choi/Ch'oe), the usual one used 70% of the time, otherwise one of the alternatives; the
  others are romanized like given names.

Noise, drawn independently for every record
-------------------------------------------
- Surname: switched between its southern and northern form (이 <-> 리) with the source's rate.
- Alias: half the records of a person with an alias use it (about 3% of all records).
- Initial-sound variant of the given name's first syllable (룡 <-> 용, 련 <-> 연, 락 -> 낙): 5%.
- Hangul typo in the given name (7%, testimony 14%): one syllable gets a similar-sounding
  vowel (60%: ㅖ/ㅐ/ㅔ, ㅗ/ㅓ, ㅛ/ㅕ, ㅜ/ㅡ, ㅢ/ㅣ, ㅚ/ㅙ/ㅞ, ㅝ/ㅗ), final (25%: ㅇ/ㄴ/ㅁ, ㄱ or
  ㄹ dropped) or initial (15%: ㅈ/ㅊ, ㄱ/ㅋ, ㄷ/ㅌ, ㅂ/ㅍ, ㅅ/ㅆ, ㄹ/ㅇ/ㄴ).
- Hangul name written with a space after the surname: 4% of records that have one.
- Latin name: given-name syllables joined, hyphenated (second syllable lower-case 75% of the
  time) or spaced; Title case, UPPER CASE or SURNAME in capitals; given name first with the
  source's rate, 15% of those as "Surname, Given".
- Latin typo (5%, UN-WGEID 8%) in names of four letters or more: a letter dropped (40%),
  swapped with the next (30%), doubled (15%) or a vowel changed (15%); the first letter is
  never dropped, swapped or doubled.
- Sex: missing 15%, wrong 1%.
- Event year: exact 75%, off by one 12%, missing 13%.
- Birth year: exact 55%, off by one 15%, off by two 5%, missing 25%.
- Age at the event: given for 60% (testimony 85%) of records without a birth year and 10%
  of those with one, and only when the event year is given. It is the true age (55%), one
  less (20%, birthday not yet passed) or one more (25%, Korean age).
- Hometown: missing 20%; 7% of the others name a neighbouring place. In Hangul: 회령시 (55%),
  회령 (25%), 함경북도 회령시 (13%), 함북 회령(시) (7%). In Latin letters: a conventional
  spelling for six well-known places half the time (Rajin-Sonbong, Ch'ŏngjin), otherwise MR
  without breves 55%, RR 30%, MR 15%; then bare (40%), with "-si"/" City"/"-gun"/" County"
  (25%), with the province (25%) or with both (10%); 8% in capitals.

Columns: record_id, source, name, name_hangul, sex, birth_year, age_at_event, event_year,
hometown, true_person. Empty means unknown.

Usage: python linkage_data_independent.py --persons 2000 --seed 1 --out records.csv
"""

import argparse
import csv
import random
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import NamedTuple, TypeVar

T = TypeVar("T")

COLUMNS = (
    "record_id",
    "source",
    "name",
    "name_hangul",
    "sex",
    "birth_year",
    "age_at_event",
    "event_year",
    "hometown",
    "true_person",
)


def weighted_choice(rng: random.Random, items: Sequence[tuple[T, float]]) -> T:
    """Pick a value with probability proportional to its weight.

    >>> weighted_choice(random.Random(0), [("a", 1), ("b", 0)])
    'a'
    """
    remaining = rng.random() * sum(weight for _, weight in items)
    for value, weight in items:
        remaining -= weight
        if remaining <= 0:
            return value
    return items[-1][0]


def pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    """Pick a key of ``weights``, whose order is part of what a seed produces."""
    return weighted_choice(rng, list(weights.items()))


def table_rows(text: str) -> list[list[str]]:
    """Split a whitespace-separated text table into rows of cells; ``-`` is an empty cell."""
    return [
        ["" if cell == "-" else cell for cell in line.split()] for line in text.strip().splitlines()
    ]


def text_pairs(text: str) -> list[tuple[str, str]]:
    """Read ``"key value key value ..."`` into pairs, keeping their order."""
    cells = text.split()
    return list(zip(cells[::2], cells[1::2], strict=True))


def weight_table(text: str) -> list[tuple[str, float]]:
    """Read ``"name weight name weight ..."`` into (name, weight) pairs, keeping their order."""
    return [(name, float(weight)) for name, weight in text_pairs(text)]


def capitalize_first(text: str) -> str:
    return text[:1].upper() + text[1:]


# Hangul syllables ---------------------------------------------------------------------------

# Unicode lays out the 11,172 precomposed syllables as initial × vowel × final.
SYLLABLE_BASE = 0xAC00
SYLLABLE_COUNT = 11172
VOWEL_COUNT = 21
FINAL_COUNT = 28

Initial = IntEnum("Initial", "G GG N D DD R M B BB S SS SILENT J JJ CH K T P H", start=0)
Vowel = IntEnum("Vowel", "A AE YA YAE EO E YEO YE O WA WAE OE YO U WO WE WI YU EU UI I", start=0)


class Final(IntEnum):
    """The final consonants that the romanization and noise rules single out."""

    NONE = 0
    G = 1
    N = 4
    L = 8
    M = 16
    B = 17
    NG = 21


# Vowels that start with an i/y glide: before them a North Korean ㄹ becomes ㅇ in the South.
Y_VOWELS = {Vowel.YA, Vowel.YAE, Vowel.YEO, Vowel.YE, Vowel.YO, Vowel.YU, Vowel.I}


def is_syllable(char: str) -> bool:
    return SYLLABLE_BASE <= ord(char) < SYLLABLE_BASE + SYLLABLE_COUNT


def decompose(syllable: str) -> tuple[int, int, int]:
    """Split a syllable into (initial, vowel, final) indices: 각 -> (0, 0, 1)."""
    offset = ord(syllable) - SYLLABLE_BASE
    per_initial = VOWEL_COUNT * FINAL_COUNT
    return offset // per_initial, offset % per_initial // FINAL_COUNT, offset % FINAL_COUNT


def compose(initial: int, vowel: int, final: int) -> str:
    return chr(SYLLABLE_BASE + (initial * VOWEL_COUNT + vowel) * FINAL_COUNT + final)


# Romanization -------------------------------------------------------------------------------

# Initial consonants in Unicode order: Revised Romanization, McCune–Reischauer, DPRK official.
_INITIALS = table_rows("""
ㄱ  g   k    k
ㄲ  kk  kk   kk
ㄴ  n   n    n
ㄷ  d   t    t
ㄸ  tt  tt   tt
ㄹ  r   r    r
ㅁ  m   m    m
ㅂ  b   p    p
ㅃ  pp  pp   pp
ㅅ  s   s    s
ㅆ  ss  ss   ss
ㅇ  -   -    -
ㅈ  j   ch   j
ㅉ  jj  tch  jj
ㅊ  ch  ch'  ch
ㅋ  k   k'   kh
ㅌ  t   t'   th
ㅍ  p   p'   ph
ㅎ  h   h    h
""")
RR_INITIALS = [row[1] for row in _INITIALS]
MR_INITIALS = [row[2] for row in _INITIALS]
DPRK_INITIALS = [row[3] for row in _INITIALS]

# Vowels in Unicode order: Revised Romanization, McCune–Reischauer.
_VOWELS = table_rows("""
ㅏ a    a
ㅐ ae   ae
ㅑ ya   ya
ㅒ yae  yae
ㅓ eo   ŏ
ㅔ e    e
ㅕ yeo  yŏ
ㅖ ye   ye
ㅗ o    o
ㅘ wa   wa
ㅙ wae  wae
ㅚ oe   oe
ㅛ yo   yo
ㅜ u    u
ㅝ wo   wŏ
ㅞ we   we
ㅟ wi   wi
ㅠ yu   yu
ㅡ eu   ŭ
ㅢ ui   ŭi
ㅣ i    i
""")
RR_VOWELS = [row[1] for row in _VOWELS]
MR_VOWELS = [row[2] for row in _VOWELS]

# Finals in Unicode order, as pronounced at the end of a word; all systems agree on them.
FINALS = [""] + [
    spelling
    for _, spelling in text_pairs("""
    ㄱ k  ㄲ k  ㄳ k  ㄴ n  ㄵ n  ㄶ n  ㄷ t  ㄹ l  ㄺ k  ㄻ m  ㄼ l  ㄽ l  ㄾ l  ㄿ p
    ㅀ l  ㅁ m  ㅂ p  ㅄ p  ㅅ t  ㅆ t  ㅇ ng ㅈ t  ㅊ t  ㅋ k  ㅌ t  ㅍ p  ㅎ t
    """)
]

# McCune–Reischauer voices these plain consonants between voiced sounds (영길 -> Yŏnggil).
MR_VOICED_INITIALS = {Initial.G: "g", Initial.D: "d", Initial.B: "b", Initial.J: "j"}
VOICING_FINALS = {Final.NONE, Final.N, Final.L, Final.M, Final.NG}
# Popular spellings write ㅅ as "sh" before an i or y sound (신 Shin, 수 Soo).
SH_VOWELS = {Vowel.I, Vowel.YA, Vowel.YEO, Vowel.YO, Vowel.YU, Vowel.WI}
MCCUNE_FAMILY = {"MR", "MRA", "NK"}
_WITHOUT_BREVES = str.maketrans({"ŏ": "o", "ŭ": "u", "Ŏ": "O", "Ŭ": "U", "'": None})


def strip_breves(text: str) -> str:
    """Drop McCune–Reischauer's breves and apostrophes: Ch'ŏngjin -> Chongjin."""
    return text.translate(_WITHOUT_BREVES)


def romanize_syllables(hangul: str, system: str, rng: random.Random) -> list[str]:
    """Romanize one word syllable by syllable; non-Hangul characters are skipped.

    ``system`` is RR, MR, MRA (MR without breves), NK (DPRK official) or POP (popular).
    Some systems choose between spellings, hence ``rng``.

    >>> romanize_syllables("영철", "MR", random.Random(0))
    ['yŏng', "ch'ŏl"]
    """
    spellings = []
    previous_final = None
    syllables = [char for char in hangul if is_syllable(char)]
    for position, syllable in enumerate(syllables):
        initial, vowel, final = decompose(syllable)
        if system == "RR":
            spelling = RR_INITIALS[initial] + RR_VOWELS[vowel] + FINALS[final]
        elif system in MCCUNE_FAMILY:
            spelling = _mccune_syllable(system, initial, vowel, final, previous_final, rng)
        elif system == "POP":
            spelling = _popular_syllable(initial, vowel, final, position == 0, rng)
        else:
            raise ValueError(f"unknown romanization system {system!r}")
        spellings.append(spelling)
        previous_final = final
    return spellings


def _mccune_syllable(
    system: str,
    initial: int,
    vowel: int,
    final: int,
    previous_final: int | None,
    rng: random.Random,
) -> str:
    table = DPRK_INITIALS if system == "NK" else MR_INITIALS
    spelling = table[initial]
    voiced = initial in MR_VOICED_INITIALS and previous_final in VOICING_FINALS
    # North Korean texts mark voicing inconsistently (Kim Jong Il, Kim Chong Il).
    if voiced and (system != "NK" or rng.random() < 0.5):
        spelling = MR_VOICED_INITIALS[initial]
    # MR proper writes 시 as "si", yet "shi" is common in print.
    could_be_shi = system == "MR" and initial == Initial.S and vowel in (Vowel.I, Vowel.WI)
    if could_be_shi and rng.random() < 0.2:
        spelling = "sh"
    if initial == Initial.R and previous_final == Final.L:
        spelling = "l"
    spelling += MR_VOWELS[vowel] + FINALS[final]
    return spelling if system == "MR" else strip_breves(spelling)


def _popular_syllable(
    initial: int, vowel: int, final: int, is_first: bool, rng: random.Random
) -> str:
    # One draw per syllable, needed or not: the sequence of draws is what a seed reproduces.
    roll = rng.random()
    spelling = (
        _popular_initial(initial, vowel, is_first, roll)
        + _popular_vowel(initial, vowel, final, roll)
        + FINALS[final]
    )
    return "yi" if spelling == "i" else spelling


def _popular_initial(initial: int, vowel: int, is_first: bool, roll: float) -> str:
    if initial == Initial.G:  # passports keep the K of Kim and Kwang, inside a name often g
        return "g" if not is_first and roll < 0.6 else "k"
    if initial == Initial.S and vowel in SH_VOWELS:
        return "sh"
    return RR_INITIALS[initial]


def _popular_vowel(initial: int, vowel: int, final: int, roll: float) -> str:
    if vowel == Vowel.EO:  # 정 Jung, 서 Seo or Suh
        if final != Final.NONE:
            return "u"
        return "eo" if roll < 0.5 else "uh"
    if vowel == Vowel.YEO:  # 영 Young, 현 Hyun
        if initial == Initial.SILENT and final == Final.NG:
            return "you"
        return "yu" if final != Final.NONE else "yeo"
    if vowel == Vowel.U:  # 순 Soon, 숙 Sook
        if final in (Final.NONE, Final.N, Final.G, Final.B) and roll < 0.75:
            return "oo"
        return "u"
    if vowel == Vowel.UI:  # 희 Hee
        return "ee" if initial == Initial.H else "ui"
    if vowel == Vowel.YU and initial == Initial.SILENT:  # 유 Yoo
        return "yoo" if roll < 0.4 else "yu"
    return RR_VOWELS[vowel]


# Surnames -----------------------------------------------------------------------------------

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

# The South drops an initial ㄹ (두음법칙) that the North keeps: 이 in Seoul is 리 in Pyongyang.
SOUTH_TO_NORTH_SURNAME = dict(text_pairs("이 리 임 림 유 류 노 로 양 량 나 라 염 렴 여 려 용 룡"))
NORTH_TO_SOUTH_SURNAME = {north: south for south, north in SOUTH_TO_NORTH_SURNAME.items()}


def other_surname_form(surname: str) -> str:
    """The northern form of a southern surname and vice versa: 이 -> 리, 리 -> 이, 김 -> 김."""
    if surname in SOUTH_TO_NORTH_SURNAME:
        return SOUTH_TO_NORTH_SURNAME[surname]
    return NORTH_TO_SOUTH_SURNAME.get(surname, surname)


# Conventional spellings, the usual one first, in columns: Revised Romanization |
# McCune–Reischauer (breves are dropped for MRA) | DPRK official | popular. Surnames not
# listed are romanized syllable by syllable.
_SURNAME_SPELLINGS = """
김  Kim Gim          | Kim          | Kim         | Kim
이  Lee Yi I         | Yi Lee       | Ri Li       | Lee Rhee Yi
리  Ri Lee           | Ri Li        | Ri          | Ri Rhee Lee
박  Park Bak         | Pak          | Pak         | Park Pak
최  Choi Choe        | Ch'oe Choe   | Choe        | Choi
정  Jeong Jung       | Chŏng Chong  | Jong Chong  | Jung Chung Jeong
강  Kang Gang        | Kang         | Kang        | Kang
조  Jo Cho           | Cho          | Jo Cho      | Cho Jo
윤  Yun Yoon         | Yun          | Yun         | Yoon
장  Jang Chang       | Chang        | Jang Chang  | Jang Chang
임  Im Lim           | Im Lim       | Rim Im      | Lim Yim
림  Rim Lim          | Rim Lim      | Rim         | Rim Lim
한  Han              | Han          | Han         | Han
오  O Oh             | O            | O           | Oh
서  Seo Suh          | Sŏ So        | So          | Suh Seo
신  Sin Shin         | Sin Shin     | Sin         | Shin
권  Gwon Kwon        | Kwŏn Kwon    | Kwon        | Kwon
황  Hwang            | Hwang        | Hwang       | Hwang
안  An Ahn           | An           | An          | Ahn
송  Song             | Song         | Song        | Song
전  Jeon Jun         | Chŏn Chon    | Jon Chon    | Jeon Chun Jun
홍  Hong             | Hong         | Hong        | Hong
고  Go Ko            | Ko           | Ko          | Ko Koh
문  Mun Moon         | Mun          | Mun         | Moon
양  Yang             | Yang         | Yang        | Yang
량  Ryang Yang       | Ryang        | Ryang       | Ryang Yang
손  Son Sohn         | Son          | Son         | Son Sohn
배  Bae              | Pae          | Pae         | Bae
백  Baek Paek        | Paek         | Paek        | Baek Paik
허  Heo              | Hŏ Ho        | Ho          | Heo Hur Huh
유  Yu Yoo           | Yu           | Yu          | Yoo
류  Ryu Yu           | Ryu Yu       | Ryu         | Ryu Yoo
남  Nam              | Nam          | Nam         | Nam
심  Sim Shim         | Sim          | Sim         | Shim
노  No Noh           | No           | No          | Noh Roh
로  Ro Roh           | Ro           | Ro          | Roh Ro
하  Ha               | Ha           | Ha          | Ha
곽  Gwak Kwak        | Kwak         | Kwak        | Kwak
성  Seong Sung       | Sŏng Song    | Song        | Sung
차  Cha              | Ch'a Cha     | Cha         | Cha
주  Ju Joo           | Chu          | Ju Chu      | Joo Ju
우  U Woo            | U            | U           | Woo
구  Gu Koo Ku        | Ku           | Ku          | Koo Ku
민  Min              | Min          | Min         | Min
나  Na               | Na           | Na          | Na Rha
라  Ra Na            | Ra           | Ra          | Ra Rha
진  Jin              | Chin         | Jin Chin    | Jin Chin
지  Ji               | Chi          | Ji Chi      | Ji Jee Chi
엄  Eom Um           | Ŏm Om        | Om          | Um Uhm
채  Chae             | Ch'ae Chae   | Chae        | Chae
원  Won              | Wŏn Won      | Won         | Won
천  Cheon Chun       | Ch'ŏn Chon   | Chon        | Chun Chon
방  Bang             | Pang         | Pang        | Bang
공  Gong Kong        | Kong         | Kong        | Kong
현  Hyeon Hyun       | Hyŏn Hyon    | Hyon        | Hyun
함  Ham              | Ham          | Ham         | Hahm Ham
염  Yeom Yum         | Yŏm Yom      | Ryom Yom    | Yum Yeom
렴  Ryeom Yeom       | Ryŏm         | Ryom        | Ryom Yum
여  Yeo Yuh          | Yŏ Yo        | Yo          | Yeo Yuh
려  Ryeo Yeo         | Ryŏ          | Ryo         | Ryo Yeo
변  Byeon Byun       | Pyŏn Pyon    | Pyon        | Byun
"""


def _surname_spelling_table(text: str) -> dict[str, dict[str, list[str]]]:
    table = {}
    for line in text.strip().splitlines():
        surname, rest = line.split(maxsplit=1)
        columns = [column.split() for column in rest.split("|")]
        table[surname] = dict(zip(("RR", "MR", "NK", "POP"), columns, strict=True))
    return table


SURNAME_SPELLINGS = _surname_spelling_table(_SURNAME_SPELLINGS)


def romanize_surname(surname: str, system: str, rng: random.Random) -> str:
    """Spell a surname as a writer using ``system`` usually would: 이 -> Lee, Yi or Ri."""
    spellings = SURNAME_SPELLINGS.get(surname)
    if spellings is None:
        return capitalize_first("".join(romanize_syllables(surname, system, rng)))
    options = spellings["MR" if system == "MRA" else system]
    usual = len(options) == 1 or rng.random() < 0.7
    spelling = options[0] if usual else rng.choice(options[1:])
    return strip_breves(spelling) if system == "MRA" else spelling


# Given names --------------------------------------------------------------------------------

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


# Places -------------------------------------------------------------------------------------


class Province(NamedTuple):
    short_hangul: str  # the abbreviation refugees often use: 함북 for 함경북도
    latin: list[str]


PROVINCES = {
    "양강도": Province(
        "양강도", ["Ryanggang", "Ryanggang Province", "Yanggang-do", "Ryanggang-do"]
    ),
    "함경북도": Province(
        "함북",
        [
            "North Hamgyong",
            "North Hamgyong Province",
            "Hamgyongbuk-do",
            "Hamgyeongbuk-do",
            "N. Hamgyong",
        ],
    ),
    "함경남도": Province(
        "함남",
        [
            "South Hamgyong",
            "South Hamgyong Province",
            "Hamgyongnam-do",
            "Hamgyeongnam-do",
            "S. Hamgyong",
        ],
    ),
    "평안북도": Province(
        "평북", ["North Pyongan", "North Pyongan Province", "Pyonganbuk-do", "Pyeonganbuk-do"]
    ),
    "평안남도": Province(
        "평남", ["South Pyongan", "South Pyongan Province", "Pyongannam-do", "Pyeongannam-do"]
    ),
    "자강도": Province("자강도", ["Jagang", "Chagang", "Jagang Province", "Chagang-do"]),
    "강원도": Province("강원도", ["Kangwon", "Kangwon Province", "Gangwon-do"]),
    "황해북도": Province("황북", ["North Hwanghae", "North Hwanghae Province", "Hwanghaebuk-do"]),
    "황해남도": Province("황남", ["South Hwanghae", "South Hwanghae Province", "Hwanghaenam-do"]),
    "평양직할시": Province("평양", ["Pyongyang"]),
    "남포특별시": Province("남포", ["Nampo"]),
}


class Place(NamedTuple):
    stem: str  # 회령
    unit: str  # 시 (city) or 군 (county)
    province: str
    weight: float
    neighbours: list[str]


# Province, place, 시 or 군, relative weight as a hometown, neighbouring places.
_PLACES = """
양강도      혜산    시  12    보천 운흥 삼수
양강도      삼지연  시  2     보천 대홍단
양강도      보천    군  3     혜산 삼지연
양강도      대홍단  군  2     삼지연 백암
양강도      운흥    군  2     혜산 갑산
양강도      백암    군  1.5   대홍단 운흥
양강도      김형직  군  1.5   김정숙 풍서
양강도      김정숙  군  1.5   김형직 삼수
양강도      풍서    군  1     김형직 갑산
양강도      갑산    군  1.5   운흥 풍서
양강도      삼수    군  1     혜산 김정숙
함경북도    청진    시  10    부령 경성
함경북도    회령    시  10    무산 청진 새별
함경북도    김책    시  3     길주 화대
함경북도    무산    군  8     회령 연사
함경북도    온성    군  5     새별 은덕
함경북도    새별    군  3     온성 은덕 회령
함경북도    은덕    군  2     새별 온성 라선
함경북도    길주    군  3     김책 명천
함경북도    경성    군  2.5   청진 어랑
함경북도    부령    군  2     청진 무산
함경북도    연사    군  2     무산 경성
함경북도    라선    시  1.5   은덕
함경북도    명천    군  1.5   길주 화성
함경북도    화성    군  1     명천 어랑
함경북도    어랑    군  1.5   경성 화성
함경북도    화대    군  1     김책 명천
함경남도    함흥    시  7     함주 정평
함경남도    단천    시  3     허천 김책
함경남도    신포    시  1.5   북청
함경남도    북청    군  2     신포 홍원
함경남도    허천    군  1     단천
함경남도    홍원    군  1     북청 함주
함경남도    함주    군  1.5   함흥 정평
함경남도    정평    군  1     함주 함흥
평안북도    신의주  시  4     의주 용천
평안북도    정주    시  1.5   구성
평안북도    구성    시  1     정주 삭주
평안북도    의주    군  1.5   신의주 삭주
평안북도    용천    군  1     신의주
평안북도    삭주    군  1     의주 벽동
평안북도    벽동    군  0.8   삭주
자강도      강계    시  2.5   만포 희천
자강도      만포    시  2     강계 자성 위원
자강도      희천    시  1     강계
자강도      자성    군  0.8   만포 중강
자강도      중강    군  0.8   자성
자강도      위원    군  0.6   만포
평안남도    평성    시  2     순천 평양
평안남도    순천    시  1.5   평성 개천
평안남도    안주    시  1     개천
평안남도    개천    시  1     안주 순천
평안남도    덕천    시  1     개천
평안남도    은산    군  0.8   순천
강원도      원산    시  2.5   문천 안변
강원도      문천    시  0.8   원산
강원도      안변    군  0.8   원산
강원도      고성    군  0.5   통천
강원도      통천    군  0.5   고성
황해북도    사리원  시  2     황주 봉산
황해북도    송림    시  0.8   황주
황해북도    황주    군  0.8   사리원 송림
황해북도    봉산    군  0.6   사리원
황해북도    개성    시  1.5   개풍
황해북도    개풍    군  0.5   개성
황해남도    해주    시  2     벽성 옹진
황해남도    옹진    군  0.8   벽성 해주
황해남도    벽성    군  0.6   해주 옹진
황해남도    연안    군  0.6   배천
황해남도    배천    군  0.5   연안
평양직할시  평양    시  6     평성 남포
남포특별시  남포    시  1.5   평양
"""
PLACES = [
    Place(stem, unit, province, float(weight), neighbours)
    for province, stem, unit, weight, *neighbours in table_rows(_PLACES)
]
PLACE_BY_STEM = {place.stem: place for place in PLACES}
PLACE_WEIGHTS = [(place.stem, place.weight) for place in PLACES]

# Spellings in common use that no romanization system produces on its own.
CONVENTIONAL_PLACE_SPELLINGS = {
    "평양": ["Pyongyang", "P'yŏngyang", "Pyeongyang"],
    "라선": ["Rason", "Rajin-Sonbong", "Raseon", "Nason"],
    "신의주": ["Sinuiju", "Sinŭiju", "Shinuiju"],
    "함흥": ["Hamhung", "Hamhŭng", "Hamheung"],
    "청진": ["Chongjin", "Ch'ŏngjin", "Cheongjin"],
    "새별": ["Saebyol", "Saebyŏl", "Saebyeol", "Saeppyol"],
}
# "-si" is listed twice on purpose: it is the spelling seen most often.
UNIT_SPELLINGS = {
    "시": ["-si", " City", "-shi", " city", "-si"],
    "군": ["-gun", " County", "-kun", " county", "-gun"],
}


def romanize_place(stem: str, rng: random.Random) -> str:
    if stem in CONVENTIONAL_PLACE_SPELLINGS and rng.random() < 0.5:
        return rng.choice(CONVENTIONAL_PLACE_SPELLINGS[stem])
    system = weighted_choice(rng, [("MRA", 55), ("RR", 30), ("MR", 15)])
    return capitalize_first("".join(romanize_syllables(stem, system, rng)))


def render_hometown(rng: random.Random, stem: str, hangul_rate: float) -> str:
    """Write a hometown as one record would: 회령시, 함북 회령, Hoeryong-si, ..."""
    place = PLACE_BY_STEM[stem]
    if rng.random() < hangul_rate:
        return _hangul_hometown(rng, place)
    return _latin_hometown(rng, place)


def _hangul_hometown(rng: random.Random, place: Place) -> str:
    roll = rng.random()
    if roll < 0.55:
        return place.stem + place.unit
    if roll < 0.80:
        return place.stem
    if roll < 0.93:
        return f"{place.province} {place.stem}{place.unit}"
    unit = "" if rng.random() < 0.5 else place.unit
    return f"{PROVINCES[place.province].short_hangul} {place.stem}{unit}"


def _latin_hometown(rng: random.Random, place: Place) -> str:
    base = romanize_place(place.stem, rng)
    units = UNIT_SPELLINGS[place.unit]
    provinces = PROVINCES[place.province].latin
    roll = rng.random()
    if roll < 0.40:
        hometown = base
    elif roll < 0.65:
        hometown = base + rng.choice(units)
    elif roll < 0.90:
        hometown = f"{base}, {rng.choice(provinces)}"
    else:
        unit = rng.choice(units)
        hometown = f"{base}{unit}, {rng.choice(provinces)}"
    return hometown.upper() if rng.random() < 0.08 else hometown


# Spelling noise -----------------------------------------------------------------------------

# Substitutions a listener or a hurried writer makes: 혜 -> 해, 송 -> 성, 용 -> 영, 희 -> 히.
SIMILAR_VOWELS = {
    Vowel.YE: [Vowel.AE, Vowel.E],
    Vowel.AE: [Vowel.E, Vowel.YE],
    Vowel.E: [Vowel.AE],
    Vowel.O: [Vowel.EO],
    Vowel.EO: [Vowel.O],
    Vowel.YO: [Vowel.YEO],
    Vowel.YEO: [Vowel.YO],
    Vowel.U: [Vowel.EU],
    Vowel.EU: [Vowel.U],
    Vowel.UI: [Vowel.I],
    Vowel.I: [Vowel.UI],
    Vowel.OE: [Vowel.WAE, Vowel.WE],
    Vowel.WAE: [Vowel.OE],
    Vowel.WE: [Vowel.OE],
    Vowel.WO: [Vowel.O],
}
SIMILAR_FINALS = {
    Final.NG: [Final.N],
    Final.N: [Final.NG, Final.M],
    Final.M: [Final.N],
    Final.G: [Final.NONE],
    Final.L: [Final.NONE],
}
SIMILAR_INITIALS = {
    Initial.J: [Initial.CH],
    Initial.CH: [Initial.J],
    Initial.G: [Initial.K],
    Initial.K: [Initial.G],
    Initial.D: [Initial.T],
    Initial.B: [Initial.P],
    Initial.S: [Initial.SS],
    Initial.R: [Initial.SILENT, Initial.N],
    Initial.SILENT: [Initial.R],
}
HANGUL_TYPO_KINDS = [("vowel", 60), ("final", 25), ("initial", 15)]
LATIN_TYPO_KINDS = [("drop", 40), ("swap", 30), ("double", 15), ("vowel", 15)]
LATIN_VOWEL_SWAPS = dict(text_pairs("o u u o e a a e i e O U U O E A A E I E"))


def hangul_typo(rng: random.Random, given_name: str) -> str:
    """Replace one syllable by a similar-sounding one; unchanged if none is found."""
    position = rng.randrange(len(given_name))
    syllable = given_name[position]
    initial, vowel, final = decompose(syllable)
    for _attempt in range(6):
        kind = weighted_choice(rng, HANGUL_TYPO_KINDS)
        if kind == "vowel" and vowel in SIMILAR_VOWELS:
            replacement = compose(initial, rng.choice(SIMILAR_VOWELS[vowel]), final)
        elif kind == "final" and final in SIMILAR_FINALS:
            replacement = compose(initial, vowel, rng.choice(SIMILAR_FINALS[final]))
        elif kind == "initial" and initial in SIMILAR_INITIALS:
            replacement = compose(rng.choice(SIMILAR_INITIALS[initial]), vowel, final)
        else:
            continue
        if replacement != syllable:
            return given_name[:position] + replacement + given_name[position + 1 :]
    return given_name


def initial_sound_variant(syllable: str) -> str:
    """Switch between the northern and southern form of a syllable: 룡 <-> 용, 락 -> 낙."""
    initial, vowel, final = decompose(syllable)
    if initial == Initial.R:
        southern_initial = Initial.SILENT if vowel in Y_VOWELS else Initial.N
        return compose(southern_initial, vowel, final)
    if initial == Initial.SILENT and vowel in Y_VOWELS:
        return compose(Initial.R, vowel, final)
    return syllable


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


# Sources ------------------------------------------------------------------------------------


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
ALIAS_RATE = 0.06  # of persons
ALIAS_USE_RATE = 0.5  # of the records of a person with an alias
NAMESAKE_RATE = 0.03  # of persons
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
RECORDS_PER_PERSON = [(1, 45), (2, 25), (3, 15), (4, 9), (5, 6)]
NAMESAKE_BIRTH_OFFSETS = [-2, -1, -1, 0, 0, 1, 1, 2]


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


# Records ------------------------------------------------------------------------------------


def make_record(rng: random.Random, person: Person, source: SourceProfile) -> dict[str, str]:
    """One source's record of a person, with that source's noise (see the module docstring)."""
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


# Data set -----------------------------------------------------------------------------------


def generate(persons: int, seed: int) -> tuple[list[Person], list[dict[str, str]]]:
    """The synthetic population and its records (rows of the CSV, ``COLUMNS`` as keys)."""
    rng = random.Random(seed)
    population = random_population(rng, persons)
    records = []
    for person in population:
        for _ in range(weighted_choice(rng, RECORDS_PER_PERSON)):
            source = weighted_choice(rng, SOURCE_SHARES)
            records.append(make_record(rng, person, source))
    rng.shuffle(records)
    rows = [{"record_id": f"r{index + 1:06d}", **record} for index, record in enumerate(records)]
    return population, rows


def generate_rows(persons: int, seed: int) -> list[dict[str, str]]:
    """The CSV rows for ``persons`` synthetic people; the same seed gives the same rows.

    >>> rows = generate_rows(persons=3, seed=1)
    >>> sorted(rows[0]) == sorted(COLUMNS)
    True
    """
    return generate(persons, seed)[1]


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


def write_csv(rows: list[dict[str, str]], path: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)


def summary(persons: list[Person], rows: list[dict[str, str]]) -> str:
    records_per_person: dict[str, int] = defaultdict(int)
    for row in rows:
        records_per_person[row["true_person"]] += 1
    true_pairs = sum(count * (count - 1) // 2 for count in records_per_person.values())
    singletons = sum(1 for count in records_per_person.values() if count == 1)
    groups = namesake_groups(persons)
    in_groups = [person for group in groups for person in group]
    group_records = sum(records_per_person[person.person_id] for person in in_groups)
    names = {person.surname + person.given_name for person in persons}
    return (
        f"{len(rows)} records, {len(persons)} persons, {singletons} singleton persons, "
        f"{true_pairs} true within-person pairs\n"
        f"namesake groups (same Hangul full name, birth years within 2): {len(groups)} groups, "
        f"{len(in_groups)} persons, {group_records} records; "
        f"distinct canonical full names: {len(names)}"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, required=True, help="number of people")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", required=True, help="CSV file to write")
    parser.add_argument("--quiet", action="store_true", help="print no summary")
    args = parser.parse_args(argv)
    persons, rows = generate(args.persons, args.seed)
    write_csv(rows, args.out)
    if not args.quiet:
        print(f"wrote {args.out}: {summary(persons, rows)}", file=sys.stderr)


if __name__ == "__main__":
    main()
