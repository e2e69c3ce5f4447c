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

Modules
-------
- ``tables``: reading the text tables the modules are written in; weighted draws.
- ``hangul``: syllables taken apart and put together, typos on them, the northern and
  southern forms of an initial ㄹ (surnames included).
- ``romanization``: the RR, MR, MRA, NK and POP systems and the surnames' usual spellings.
- ``places``: provinces, cities and counties, their neighbours, how a hometown is written.
- ``population``: surnames and given names, birth and event years, persons and namesakes.
- ``sources``: the source profiles and how a record is written from a person (the noise).
- ``dataset``: the whole data set and its CSV; ``cli``: the command line.

Columns: record_id, source, name, name_hangul, sex, birth_year, age_at_event, event_year,
hometown, true_person. Empty means unknown.

Usage, from the repository root:
python -m bench.linkage_independent --persons 2000 --seed 1 --out records.csv
"""

from bench.linkage_independent.cli import main
from bench.linkage_independent.dataset import COLUMNS, generate, generate_rows, write_csv
from bench.linkage_independent.population import namesake_groups

__all__ = ["COLUMNS", "generate", "generate_rows", "main", "namesake_groups", "write_csv"]
