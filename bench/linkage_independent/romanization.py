"""Hangul in Latin letters: Revised Romanization (RR), McCune–Reischauer with breves (MR)
and without (MRA), the DPRK's official system (NK) and popular passport spellings (POP);
surnames have conventional spellings of their own."""

import random

from bench.linkage_independent.hangul import Final, Initial, Vowel, decompose, is_syllable
from bench.linkage_independent.tables import table_rows, text_pairs


def capitalize_first(text: str) -> str:
    """Upper-case the first letter and leave the rest alone (str.capitalize lowers it)."""
    return text[:1].upper() + text[1:]


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
