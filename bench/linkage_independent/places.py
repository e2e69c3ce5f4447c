"""North Korean provinces, cities and counties, their neighbours, and how a record writes a
hometown in Hangul or Latin letters."""

import random
from typing import NamedTuple

from bench.linkage_independent.romanization import capitalize_first, romanize_syllables
from bench.linkage_independent.tables import table_rows, weighted_choice


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
