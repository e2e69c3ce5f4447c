"""The reference data the demo points at: vocabulary codes, organizations and places.

Read from Kirok's own seed files and gazetteer rather than copied, so that a renamed code
breaks the generator loudly instead of producing records that point at nothing. Reading a
JSON file from an app's ``seed`` folder imports no Django (those packages' ``__init__`` are
empty).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from kirok.lib import gazetteer

# Provinces (admin1) as ISO 3166-2:KP codes; KP-11/12 do not exist, KP-SEZ-* are nominal.
KP_PROVINCES = ("KP-01", "KP-02", "KP-03", "KP-04", "KP-05", "KP-06", "KP-07", "KP-08",
                "KP-09", "KP-10", "KP-13", "KP-14", "KP-15")  # fmt: skip
# Most people who leave come from the provinces along the Chinese border, so most demo
# hometowns do too; every province still appears.
PROVINCE_WEIGHTS = {"KP-09": 25, "KP-10": 20, "KP-08": 10, "KP-04": 7, "KP-03": 8, "KP-02": 8,
                    "KP-01": 5, "KP-05": 4, "KP-06": 4, "KP-07": 4, "KP-13": 2, "KP-14": 2,
                    "KP-15": 1}  # fmt: skip

# English labels for facilities; the gazetteer has Korean and romanized names only.
SITE_LABELS_EN = {
    "SITE-KWANLISO-14": "Kwanliso No. 14 (Kaechon political prison camp)",
    "SITE-KWANLISO-15": "Kwanliso No. 15 (Yodok political prison camp)",
    "SITE-KWANLISO-16": "Kwanliso No. 16 (Hwasong political prison camp)",
    "SITE-KWANLISO-18": "Kwanliso No. 18 (Pukchang political prison camp)",
    "SITE-KWANLISO-22": "Kwanliso No. 22 (Hoeryong political prison camp)",
    "SITE-KWANLISO-25": "Kwanliso No. 25 (Chongjin political prison camp)",
    "SITE-KYOHWASO-1": "Kyohwaso No. 1 (Kaechon re-education camp)",
    "SITE-KYOHWASO-4": "Kyohwaso No. 4 (Kangdong re-education camp)",
    "SITE-KYOHWASO-12": "Kyohwaso No. 12 (Jongori re-education camp)",
    "SITE-MSS-ONSONG": "Onsong State Security holding centre",
    "SITE-MSS-SINUIJU": "Sinuiju State Security holding centre",
    "SITE-MSS-HYESAN": "Hyesan State Security holding centre",
    "SITE-MSS-MUSAN": "Musan State Security holding centre",
    "SITE-NAMYANG": "the Namyang workers' district crossing",
}
# Camps with the years in which the demo may send people there (reports of closures).
KWANLISO_YEARS = {
    "SITE-KWANLISO-14": (2000, 2024),
    "SITE-KWANLISO-15": (2000, 2024),
    "SITE-KWANLISO-16": (2000, 2024),
    "SITE-KWANLISO-25": (2000, 2024),
    "SITE-KWANLISO-22": (2000, 2011),
    "SITE-KWANLISO-18": (2000, 2006),
}
KYOHWASO = ("SITE-KYOHWASO-12", "SITE-KYOHWASO-1", "SITE-KYOHWASO-4")


@dataclass(frozen=True)
class Corridor:
    """A usual route back: where people are caught in China, who hands them over, and where
    North Korea's state security holds them first."""

    arrest_places: tuple[str, ...]
    chinese_police: dict
    crossing: str
    holding_site: str
    county_security: str
    provincial_security: str


CORRIDORS = (
    Corridor(
        arrest_places=("CN-JL-YANBIAN-TUMEN", "CN-JL-YANBIAN-YANJI", "CN-JL-YANBIAN-LONGJING",
                       "CN-JL-YANBIAN-WANGQING", "CN-JL-CHANGCHUN", "CN-HL-HARBIN"),
        chinese_police={"CN-JL-YANBIAN-TUMEN": "cn-tumen-psb", "CN-JL-CHANGCHUN": "cn-jilin-psd",
                        "CN-HL-HARBIN": "cn-mps"},
        crossing="SITE-NAMYANG",
        holding_site="SITE-MSS-ONSONG",
        county_security="mss-kp-09-onseong-gun",
        provincial_security="mss-kp-09",
    ),
    Corridor(
        arrest_places=("CN-JL-YANBIAN-HELONG", "CN-JL-YANBIAN-ANTU", "CN-JL-YANBIAN-DUNHUA"),
        chinese_police={},
        crossing="KP-09-musan-gun",
        holding_site="SITE-MSS-MUSAN",
        county_security="mss-kp-09-musan-gun",
        provincial_security="mss-kp-09",
    ),
    Corridor(
        arrest_places=("CN-JL-BAISHAN-CHANGBAI", "CN-JL-BAISHAN-LINJIANG", "CN-JL-BAISHAN"),
        chinese_police={"default": "cn-baishan-psb"},
        crossing="KP-10-hyesan-si",
        holding_site="SITE-MSS-HYESAN",
        county_security="mss-kp-10-hyesan-si",
        provincial_security="mss-kp-10",
    ),
    Corridor(
        arrest_places=("CN-LN-DANDONG", "CN-LN-DANDONG-KUANDIAN", "CN-LN-DANDONG-DONGGANG",
                       "CN-LN-SHENYANG"),
        chinese_police={"CN-LN-SHENYANG": "cn-liaoning-psd", "default": "cn-dandong-psb"},
        crossing="KP-03-sinuiju-si",
        holding_site="SITE-MSS-SINUIJU",
        county_security="mss-kp-03-sinuiju-si",
        provincial_security="mss-kp-03",
    ),
)  # fmt: skip
CORRIDOR_WEIGHTS = (45, 15, 22, 18)
# Where state security agents are reported to seize people inside China.
ABDUCTION_PLACES = ("CN-JL-YANBIAN-YANJI", "CN-JL-YANBIAN-LONGJING", "CN-JL-YANBIAN-TUMEN",
                    "CN-JL-YANBIAN-HUNCHUN", "CN-LN-DANDONG", "CN-JL-BAISHAN-CHANGBAI",
                    "CN-JL-TONGHUA-JIAN")  # fmt: skip

# Where people seized in China are taken across, held, and by which unit.
ABDUCTION_ROUTES = {
    "CN-JL-YANBIAN-YANJI": ("SITE-NAMYANG", "SITE-MSS-ONSONG", "mss-kp-09-hoeryeong-si"),
    "CN-JL-YANBIAN-LONGJING": ("SITE-NAMYANG", "SITE-MSS-ONSONG", "mss-kp-09-onseong-gun"),
    "CN-JL-YANBIAN-TUMEN": ("SITE-NAMYANG", "SITE-MSS-ONSONG", "mss-kp-09-onseong-gun"),
    "CN-JL-YANBIAN-HUNCHUN": ("SITE-NAMYANG", "SITE-MSS-ONSONG", "mss-kp-09-cheongjin-si"),
    "CN-LN-DANDONG": ("KP-03-sinuiju-si", "SITE-MSS-SINUIJU", "mss-kp-03-sinuiju-si"),
    "CN-JL-BAISHAN-CHANGBAI": ("KP-10-hyesan-si", "SITE-MSS-HYESAN", "mss-kp-10-hyesan-si"),
    "CN-JL-TONGHUA-JIAN": ("KP-04-manpo-si", "KP-04-manpo-si", "mss-kp-04-manpo-si"),
}
# Cities and counties with a state security holding centre of their own in the gazetteer.
HOLDING_SITES = {
    "KP-09-onseong-gun": "SITE-MSS-ONSONG",
    "KP-09-musan-gun": "SITE-MSS-MUSAN",
    "KP-10-hyesan-si": "SITE-MSS-HYESAN",
    "KP-03-sinuiju-si": "SITE-MSS-SINUIJU",
}


def chinese_police_for(corridor: Corridor, place_id: str) -> str:
    return corridor.chinese_police.get(
        place_id, corridor.chinese_police.get("default", "cn-yanbian-psb")
    )


def _seed(package: str, filename: str):
    text = resources.files(package).joinpath("seed", filename).read_text("utf-8")
    return json.loads(text)


@cache
def term_codes(vocabulary: str) -> tuple[str, ...]:
    """The codes of one seeded vocabulary, in their seeded order."""
    spec = _seed("kirok.vocabularies", "vocabularies.json")[vocabulary]
    return tuple(term["code"] for term in spec["terms"])


@cache
def term_labels(vocabulary: str) -> dict[str, dict[str, str]]:
    """``{code: {"en": label, "ko": label}}`` of one seeded vocabulary."""
    spec = _seed("kirok.vocabularies", "vocabularies.json")[vocabulary]
    return {term["code"]: term["labels"] for term in spec["terms"]}


@cache
def organization_names() -> dict[str, dict[str, str]]:
    """``{code: {"en": name, "ko": name}}``, the preferred name in each language."""
    found: dict[str, dict[str, str]] = {}
    for spec in _seed("kirok.records", "organizations.json"):
        names: dict[str, str] = {}
        for name in spec["names"]:
            if name["preferred"] and not name["former"]:
                names.setdefault(name["language"], name["text"])
        found[spec["code"]] = names
    return found


def security_unit(place_id: str, ministry: str = "mss") -> str:
    """The seeded unit of ``ministry`` (mss or mps) for a city or county, else its province's.

    >>> security_unit("KP-10-hyesan-si"), security_unit("KP-10-gapsan-gun", "mps")
    ('mss-kp-10-hyesan-si', 'mps-kp-10')
    """
    codes = organization_names()
    local = f"{ministry}-{place_id.lower()}"
    if local in codes:
        return local
    return f"{ministry}-{province_of(place_id).lower()}"


def province_of(place_id: str) -> str:
    """The admin1 id above a place (itself if it is one); '' outside any province."""
    return gazetteer.province_of(place_id) or ""


@cache
def town_weights(province: str) -> tuple[int, ...]:
    """Towns with their own seeded security bureau are where most reports come from."""
    return tuple(5 if security_unit(town) != f"mss-{province.lower()}" else 1
                 for town in hometowns_by_province()[province])  # fmt: skip


@cache
def hometowns_by_province() -> dict[str, tuple[str, ...]]:
    """Current cities and counties of each province: where demo persons come from."""
    found: dict[str, list[str]] = {code: [] for code in KP_PROVINCES}
    for entry in gazetteer.entries():
        if entry.level == "admin2" and entry.status == "current" and entry.parent_id in found:
            found[entry.parent_id].append(entry.id)
    return {code: tuple(ids) for code, ids in found.items()}


@cache
def place_name(place_id: str, language: str, dprk_spelling: bool = False) -> str:
    """How a text in ``language`` names the place: 혜산시 (량강도 in DPRK spelling) or "Hyesan"."""
    entry = gazetteer.entries_by_id()[place_id]
    names = dict((kind, text) for text, kind in reversed(entry.names))
    if language == "ko":
        if dprk_spelling and "hangul_dprk" in names:
            return names["hangul_dprk"]
        return names["hangul"]
    if place_id in SITE_LABELS_EN:
        return SITE_LABELS_EN[place_id]
    return names.get("common") or names.get("rr") or place_id


@cache
def place_with_province(place_id: str, language: str, dprk_spelling: bool = False) -> str:
    """A city or county with its province: 양강도 혜산시 / "Hyesan, Ryanggang"."""
    province = province_of(place_id)
    own = place_name(place_id, language, dprk_spelling)
    if not province or province == place_id:
        return own
    above = place_name(province, language, dprk_spelling)
    return f"{above} {own}" if language == "ko" else f"{own}, {above}"


def is_chinese(place_id: str) -> bool:
    return place_id.startswith("CN")
