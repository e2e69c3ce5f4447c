"""Small, hand-written lists of person records for the engine's tests (no database).

``background`` is a crowd of different people with ordinary Korean names, so that the
people a test is about are not alone (term frequencies and the prior then mean something).
"""

from __future__ import annotations

from kirok.linkage.engine import PersonRecord

_SURNAMES = ("Kim", "Lee", "Park", "Choi", "Jeong", "Kang", "Cho", "Yoon", "Jang", "Lim")
_GIVEN = (
    "Min-jun", "Seo-yeon", "Ji-ho", "Ha-eun", "Do-yun", "Su-bin", "Ye-jun", "Ji-woo",
    "Jun-seo", "Chae-won", "Hyun-woo", "Da-eun", "Sung-min", "Eun-ji", "Tae-hyun",
)  # fmt: skip
_TOWNS = ("Sinuiju", "Kanggye", "Hamhung", "Wonsan", "Kaesong", "Nampo", "Haeju", "Anju")


def background(count: int = 60) -> list[PersonRecord]:
    """``count`` different people: distinct name, birth year and town combinations."""
    records = []
    for i in range(count):
        surname = _SURNAMES[i % len(_SURNAMES)]
        given = _GIVEN[(i * 7) % len(_GIVEN)]
        records.append(
            PersonRecord(
                record_id=f"bg{i:03d}",
                source=f"list-{i % 3}",
                names=(f"{surname} {given}",),
                sex="male" if i % 2 else "female",
                birth_year=1940 + (i * 13) % 60,
                hometown=_TOWNS[i % len(_TOWNS)],
            )
        )
    return records


def kim_hyesong() -> list[PersonRecord]:
    """One woman in three sources: an NGO list, a testimony in Hangul, a UN communication."""
    return [
        PersonRecord(
            "ngo-17", "ngo list", ("Kim Hye-song",), "female", None, None, 35, 2019, "Hyesan"
        ),
        PersonRecord("testimony-4", "testimony", ("김혜송",), "female", 1984,
                     hometown="혜산시"),
        PersonRecord("un-203", "UN communication", ("Hyesong Kim",), None, 1985,
                     hometown="Hyesan-si"),
    ]  # fmt: skip


def four_kim_youngho() -> list[PersonRecord]:
    """Four different men named Kim Young-ho, born around 1970 in North Hamgyong."""
    return [
        PersonRecord("kyh-1", "ngo list", ("Kim Young-ho",), "male", 1966, hometown="Chongjin",
                     relatives=("Kim Chol-su", "Pak Sun-ok")),
        PersonRecord("kyh-2", "testimony", ("김영호",), "male", 1970, hometown="무산군",
                     relatives=("김만복", "리정숙")),
        PersonRecord("kyh-3", "UN communication", ("Kim Yong-ho",), "male", 1974,
                     hometown="Hoeryong", relatives=("Kim Tae-sik", "Choe Myong-hui")),
        PersonRecord("kyh-4", "news", ("Kim Yŏng-ho",), "male", None, None, 27, 2005,
                     "Kyongsong", relatives=("Kim Il-nam", "Han Ok-sil")),
    ]  # fmt: skip
