"""Fictional Korean names and the many ways sources write them.

Surnames follow their approximate share of the Korean population; given names combine
common syllables. A handful of very common names is deliberately given to several different
people (several 김영호 born around 1970), because that is what makes record linkage hard.

The same person is written 김혜송 in a Seoul testimony, 김혜송 with 리 for 이 in a North
Korean document, "Kim Hye-song" or "Kim Hyesong" (Revised Romanization), "Kim Hye-sŏng"
(McCune–Reischauer), "Kim Hye Song" (North Korean style) or "Hyesong Kim" in English.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

from kirok.lib.synthetic import hangul
from kirok.lib.synthetic.dataset import DemoName

# (surname, approximate share of the population in per cent)
SURNAMES = (
    ("김", 21.5), ("이", 14.7), ("박", 8.4), ("최", 4.7), ("정", 4.3), ("강", 2.3), ("조", 2.1),
    ("윤", 2.1), ("장", 2.0), ("임", 1.7), ("한", 1.5), ("오", 1.5), ("서", 1.4), ("신", 1.4),
    ("권", 1.4), ("황", 1.4), ("안", 1.4), ("송", 1.3), ("류", 1.2), ("홍", 1.1), ("전", 1.1),
    ("고", 0.9), ("문", 0.9), ("양", 0.9), ("손", 0.9), ("배", 0.8), ("백", 0.7), ("허", 0.6),
    ("남", 0.55), ("심", 0.55), ("노", 0.45), ("하", 0.45), ("곽", 0.4), ("성", 0.4),
    ("차", 0.4), ("주", 0.4), ("우", 0.4), ("구", 0.4), ("민", 0.35), ("유", 0.25), ("나", 0.3),
    ("진", 0.33), ("지", 0.3), ("엄", 0.28), ("채", 0.25), ("원", 0.25), ("천", 0.2),
    ("방", 0.2), ("공", 0.2), ("현", 0.2), ("함", 0.15), ("변", 0.26), ("염", 0.13),
    ("여", 0.13), ("추", 0.13), ("도", 0.1), ("소", 0.1), ("석", 0.1), ("선", 0.09),
    ("설", 0.09), ("마", 0.08), ("길", 0.08), ("연", 0.08), ("위", 0.06), ("표", 0.06),
    ("명", 0.05), ("기", 0.05), ("반", 0.05), ("라", 0.05), ("왕", 0.05), ("금", 0.04),
    ("옥", 0.04), ("육", 0.04), ("인", 0.04), ("맹", 0.03), ("제", 0.03), ("모", 0.03),
    ("탁", 0.03), ("국", 0.02), ("어", 0.02), ("은", 0.02), ("편", 0.02), ("용", 0.02),
    ("예", 0.01), ("경", 0.02), ("봉", 0.02), ("사", 0.01), ("부", 0.01), ("황보", 0.02),
    ("남궁", 0.02), ("제갈", 0.01), ("선우", 0.01),
)  # fmt: skip

# Syllables of given names; a repeated syllable is drawn more often.
_GIVEN_SYLLABLES = {
    "male": (
        "영영영정정성성명명광철동경상기진용대문혁학국일충남승준현원창봉",
        "호호철철철수수남일민석준혁혁진국훈식만길룡범선환우복성",
    ),
    "female": (
        "영영영정정순순옥옥명금금은은혜미경춘춘향선설현지수연화숙",
        "희희희숙숙자옥순순화미경주진실영아련란향심정연애선",
    ),
}
# Names of well-known public figures: the demo must not seem to describe them.
_AVOIDED = {
    "김일성", "김정일", "김정은", "김여정", "김정숙", "김경희", "김주애", "이설주",
    "장성택", "김평일", "김정남", "김정철", "김한솔", "최룡해", "김영남", "이명박",
    "박근혜", "문재인", "윤석열", "이재명", "노무현", "김대중", "김영삼", "김정순",
}  # fmt: skip

# North Korea does not apply the South's initial-sound rule: 이 is 리, 노 is 로 …
DPRK_SPELLING = {"이": "리", "임": "림", "노": "로", "나": "라", "양": "량", "유": "류", "연": "련",
                 "염": "렴", "용": "룡", "여": "려"}  # fmt: skip
# South Korean texts write 류 either way.
SOUTH_VARIANTS = {"류": "유"}

# Spellings people actually use for their surnames; the first is the most common.
CONVENTIONAL = {
    "김": ("Kim",), "이": ("Lee", "Yi", "Rhee", "Ri"), "박": ("Park", "Pak"),
    "최": ("Choi", "Choe"), "정": ("Jung", "Jeong", "Chung"), "강": ("Kang",), "조": ("Cho", "Jo"),
    "윤": ("Yoon", "Yun"), "장": ("Jang", "Chang"), "임": ("Lim", "Im", "Rim"), "한": ("Han",),
    "오": ("Oh", "O"), "서": ("Seo", "Suh"), "신": ("Shin", "Sin"), "권": ("Kwon",),
    "황": ("Hwang",), "안": ("Ahn", "An"), "송": ("Song",), "류": ("Ryu", "Yu", "Yoo"),
    "유": ("Yoo", "Yu"), "홍": ("Hong",), "전": ("Jeon", "Jun", "Chon"), "고": ("Ko",),
    "문": ("Moon", "Mun"), "양": ("Yang",), "손": ("Son", "Sohn"), "배": ("Bae", "Pae"),
    "백": ("Baek", "Paek"), "허": ("Heo", "Hur"), "노": ("Roh", "No", "Ro"),
    "심": ("Shim", "Sim"), "성": ("Sung", "Seong"), "주": ("Joo", "Ju"), "우": ("Woo",),
    "구": ("Koo", "Ku"), "나": ("Na", "Ra"), "진": ("Jin", "Chin"), "지": ("Ji", "Chi"),
    "엄": ("Eom", "Um"), "천": ("Cheon", "Chun"), "현": ("Hyun", "Hyon"),
    "변": ("Byun", "Pyon"), "염": ("Yeom", "Yom"), "여": ("Yeo", "Yo"), "석": ("Seok", "Suk"),
    "선": ("Sun", "Seon"), "연": ("Yeon", "Yon"), "명": ("Myung", "Myong"),
    "금": ("Keum", "Kum"), "육": ("Yook", "Yuk"), "황보": ("Hwangbo",),
    "남궁": ("Namgoong", "Namgung"), "제갈": ("Jegal",), "선우": ("Sunwoo", "Sonu"),
}  # fmt: skip
# McCune–Reischauer's own spellings of some surnames (not the syllable-by-syllable result).
MR_SURNAMES = {"이": "Yi", "박": "Pak", "최": "Ch'oe", "정": "Chŏng", "임": "Im", "류": "Ryu",
               "노": "No", "조": "Cho", "장": "Chang", "전": "Chŏn"}  # fmt: skip
# Popular English spellings of given-name sounds: Young-hee rather than Yeong-hui.
_POPULAR = (("gyeong", "kyung"), ("myeong", "myung"), ("hyeong", "hyung"), ("yeong", "young"),
            ("eong", "ung"), ("eok", "uk"), ("eol", "ul"), ("eon", "un"), ("hui", "hee"),
            ("gw", "kw"))  # fmt: skip


@dataclass(frozen=True)
class KoreanName:
    family: str  # South Korean spelling, as most testimonies write it
    given: str

    @property
    def hangul(self) -> str:
        return self.family + self.given

    def hangul_spelling(self, spelling: str = "south") -> tuple[str, str]:
        """(family, given) in ``south``, ``south_variant`` or ``dprk`` spelling."""
        if spelling == "dprk":
            return DPRK_SPELLING.get(self.family, self.family), self.given
        if spelling == "south_variant":
            return SOUTH_VARIANTS.get(self.family, self.family), self.given
        return self.family, self.given


# Several different people share each of these names and birth years (±2).
COMMON_NAME_CLUSTERS = (
    (KoreanName("김", "영호"), "male", 1970, 5),
    (KoreanName("이", "영희"), "female", 1975, 4),
    (KoreanName("박", "영철"), "male", 1968, 3),
    (KoreanName("김", "순희"), "female", 1965, 3),
    (KoreanName("최", "명철"), "male", 1980, 3),
)


_SURNAME_TEXTS = [surname for surname, _ in SURNAMES]
_SURNAME_WEIGHTS = list(itertools.accumulate(share for _, share in SURNAMES))


def draw_name(rng: random.Random, sex: str) -> KoreanName:
    """A believable name: surname by population share, a two-syllable given name."""
    family = rng.choices(_SURNAME_TEXTS, cum_weights=_SURNAME_WEIGHTS)[0]
    first, second = _GIVEN_SYLLABLES["female" if sex == "female" else "male"]
    while True:
        given = rng.choice(first) + rng.choice(second)
        if given[0] != given[1] and family + given not in _AVOIDED:
            return KoreanName(family, given)


def hangul_name(name: KoreanName, spelling: str = "south", kind: str = "legal") -> DemoName:
    family, given = name.hangul_spelling(spelling)
    return DemoName(family + given, "hangul", kind, "", family, given, False)


LATIN_STYLES = {
    # style: weight in English-language sources. "rr_strict" spells the surname by the
    # letter of Revised Romanization too (Gim, Bak, I), as some lists do.
    "rr": 30, "rr_joined": 12, "rr_strict": 2, "mr": 8, "mr_plain": 18, "dprk": 14,
    "given_first": 10, "popular": 8,
}  # fmt: skip


def latin_name(
    rng: random.Random, name: KoreanName, style: str | None = None, kind: str = "legal"
) -> DemoName:
    """The name as an English-language source might print it, in a randomly chosen style."""
    style = style or rng.choices(list(LATIN_STYLES), weights=list(LATIN_STYLES.values()))[0]
    family = _latin_surname(rng, name, style)
    system = {"rr_joined": "rr", "rr_strict": "rr", "given_first": "rr",
              "popular": "rr"}.get(style, style)  # fmt: skip
    if style == "dprk":
        given = " ".join(hangul.romanize_given_name(s, "dprk") for s in name.given)
    else:
        given = hangul.romanize_given_name(name.given, system, hyphen=style != "rr_joined")
    if style == "given_first":
        given = given.replace("-", "")
    if style == "popular":
        given = _popular(given)
    text = f"{given} {family}" if style == "given_first" else f"{family} {given}"
    # "Popular" spellings follow no system; Kirok records them as "other".
    romanization = "other" if style == "popular" else system
    return DemoName(text, "latin", kind, romanization, family, given, False)


def _latin_surname(rng: random.Random, name: KoreanName, style: str) -> str:
    if style == "dprk":
        dprk_family = DPRK_SPELLING.get(name.family, name.family)
        return hangul.romanize(dprk_family, "dprk").capitalize()
    if style in ("mr", "mr_plain"):
        mr = MR_SURNAMES.get(name.family) or hangul.romanize(name.family, "mr").capitalize()
        return mr.translate(str.maketrans("ŏŭ", "ou", "'")) if style == "mr_plain" else mr
    if style == "rr_strict" or name.family not in CONVENTIONAL:
        return hangul.romanize(name.family, "rr").capitalize()
    options = CONVENTIONAL[name.family]
    return options[0] if rng.random() < 0.6 else rng.choice(options)


def _popular(given: str) -> str:
    lowered = given.lower()
    for systematic, popular in _POPULAR:
        lowered = lowered.replace(systematic, popular)
    return lowered[:1].upper() + lowered[1:]
