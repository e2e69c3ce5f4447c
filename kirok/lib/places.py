"""Find gazetteer places from the many ways people write their names.

Documents name the same town as 혜산, 혜산시, Hyesan-si, Hyesan City or "Hyesan, Ryanggang";
:func:`find` turns each of them into ranked gazetteer places (kirok.lib.gazetteer), with a
confidence, the spelling that matched and the path up to the country.

>>> best = find("Hyesan, Ryanggang Province")[0]
>>> best.place_id, best.path[1], best.country, best.admin1
('KP-10-hyesan-si', ('KP-10', 'Ryanggang'), 'KP', 'KP-10')
>>> find("량강도")[0].place_id
'KP-10'
>>> saebyol = find("Saebyol")[0]
>>> saebyol.place_id, saebyol.former, saebyol.confidence
('KP-09-gyeongwon-gun', True, 0.85)
>>> find("P'yŏngyang")[0].place_id, find("长白")[0].place_id
('KP-01', 'CN-JL-BAISHAN-CHANGBAI')
>>> find("xyzzy")
[]

How a spelling is compared: NFKC, case-folded, accents stripped (so MR breves and pinyin
tones do not matter), apostrophes, hyphens and spaces dropped, and the first syllable of each
Hangul word folded by the initial-sound rule (량강도 → 양강도, 룡천 → 용천), so that DPRK and
South Korean spellings meet. A unit word at the end ("-si", "City", "군", "县", "-ri") is split
off and compared with the place's type.

Confidence (the highest route wins for each place):

========================================================  =====================
route                                                      confidence
========================================================  =====================
a name column (Hangul, RR, MR, common, Chinese, pinyin)    1.0
the same without its unit word ("혜산" for 혜산시)            0.95
an ``other_variants`` spelling ("Hyesan-shi", "Kabsan")    0.9 (0.855 stemmed)
query's unit word contradicts the type ("Hyesan County")   × 0.75
query's unit is a village ("Hyesan-dong" → Hyesan-si)      × 0.7
a former name, found on the current unit                   at most 0.85
the gazetteer's own row for a former unit                  at most 0.8
fuzzy (rapidfuzz ratio ≥ 80, only when nothing is exact)   0.9 × route × ratio
a qualifier after a comma ("…, Ryanggang") contains it     + 0.05 (at most 1.0)
a qualifier resolves but does not contain it               × 0.8
read in Hangul from Chinese characters (惠山市 → 혜산시)        × 0.9
an address down to a unit the gazetteer lacks (…회령시 유선동)    × 0.9
========================================================  =====================

Chinese characters the gazetteer does not hold (a North Korean town in a Chinese record,
惠山市 or simplified 会宁市) are read as Hangul (kirok.lib.names.hanja), in the order of
their likely readings, and the reading that names a place most surely is taken.

Pure Python; no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

from rapidfuzz import fuzz, process

from kirok.lib import gazetteer
from kirok.lib.names import hanja

__all__ = ["MAX_LENGTH", "PlaceMatch", "find"]

PRIMARY, VARIANT = 1.0, 0.9
STEM_FACTOR = 0.95
WRONG_UNIT, INSIDE_VILLAGE = 0.75, 0.7
FORMER_NAME_CAP, FORMER_ROW_CAP = 0.85, 0.8
FUZZY_FACTOR, FUZZY_CUTOFF = 0.9, 80
INSIDE_QUALIFIER_BONUS, OUTSIDE_QUALIFIER = 0.05, 0.8
HANJA_READING = 0.9
UNKNOWN_PART = 0.9
MAX_LENGTH = 200  # a place name with its qualifiers, not a paragraph

_PRIMARY_KINDS = frozenset(
    {"hangul", "hangul_dprk", "rr", "mr", "common", "hangul_loan", "chinese", "pinyin"}
)
# Country names people write that the gazetteer's country rows do not spell out.
_COUNTRY_ALIASES = {
    "KP": ("North Korea", "DPRK", "N. Korea", "북한", "북조선", "조선", "朝鲜"),
    "CN": ("PRC", "People's Republic of China", "중국", "中国", "Zhongguo"),
}
# Unit words, longest first within each script so "special city" wins over "city".
_LATIN_UNITS = {
    "special administrative region": "special", "directly governed city": "city",
    "special city": "city", "chikhalsi": "city", "jikhalsi": "city", "teukbyeolsi": "city",
    "tukpyolsi": "city", "city": "city", "shi": "city", "si": "city",
    "county": "county", "gun": "county", "kun": "county", "xian": "county",
    "province": "province", "prov": "province", "sheng": "province", "do": "province",
    "to": "province", "district": "district", "ward": "district", "guyeok": "district",
    "guyok": "district", "kuyok": "district", "gu": "district", "ku": "district",
    "area": "area", "jigu": "area", "chigu": "area", "prefecture": "prefecture",
    "workers district": "village", "rodongjagu": "village", "nodongjagu": "village",
    "village": "village", "dong": "village", "ri": "village", "ni": "village",
    "eup": "village", "up": "village",
}  # fmt: skip
_CJK_UNITS = {
    "특별행정구": "special", "특별시": "city", "직할시": "city", "노동자구": "village",
    "로동자구": "village",
    "자치현": "county", "자치주": "prefecture", "구역": "district", "지구": "area",
    "시": "city", "군": "county", "도": "province", "구": "district", "리": "village",
    "동": "village", "읍": "village", "현": "county", "성": "province",
    "市": "city", "县": "county", "縣": "county", "郡": "county", "省": "province",
    "道": "province", "区": "district", "州": "prefecture",
}  # fmt: skip
_UNIT_TYPES = {
    "city": {"city", "special_city", "directly_governed_city", "county_city", "prefecture_city"},
    "county": {"county", "autonomous_county"},
    "province": {"province", "autonomous_region"},
    "district": {"district"},
    "area": {"area"},
    "prefecture": {"autonomous_prefecture", "prefecture_city"},
    "special": {"special_administrative_region", "special_zone"},
    "village": {"workers_district_border_crossing"},
}
_LATIN_UNIT_RE = re.compile(
    r"^(?P<stem>.{2,}?)[\s-]+(?P<unit>"
    + "|".join(sorted(map(re.escape, _LATIN_UNITS), key=len, reverse=True))
    + r")\.?$"
)
_APOSTROPHES = re.compile(r"['’‘`ʼ´]")
_PARENTHESES = re.compile(r"\s*\(([^)]*)\)")
_FORMER_MARKERS = re.compile(r"former|historic|옛|구칭")
_SUCCESSOR_NOTE = re.compile(r"current unit: ([A-Z][\w-]+)")
_NUMBER_WORD = re.compile(r"(?:\bno\.?|\bnumber|제)\s*(?=\d)")  # "Kwanliso No. 14" = "Kwanliso 14"
_TONE_NUMBERS = re.compile(r"(?:[a-z]+[1-5])+[a-z]*")
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL, _NIEUN, _IEUNG = 5, 2, 11
_I_OR_Y_VOWELS = {2, 3, 6, 7, 12, 17, 20}  # ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ ㅣ


@dataclass(frozen=True)
class PlaceMatch:
    """One gazetteer place that a text may name; ``path`` runs from the place up."""

    place_id: str
    name: str
    hangul: str
    confidence: float
    matched: str
    path: list[tuple[str, str]]
    country: str
    admin1: str | None
    place_type: str
    former: bool


@dataclass(frozen=True)
class _Spelling:
    place_id: str
    text: str
    primary: bool
    former: bool
    unit: str | None = None  # set when the index key is the name without this unit word


@dataclass(frozen=True)
class _Route:
    spelling: _Spelling
    confidence: float


@dataclass
class _Index:
    exact: dict[str, list[_Spelling]]
    stems: dict[str, list[_Spelling]]
    fuzzy: dict[str, dict[str, list[tuple[_Spelling, float]]]]  # script → form → targets
    choices: dict[str, list[str]]  # script → the forms, listed once for rapidfuzz


def find(text: str, limit: int = 5) -> list[PlaceMatch]:
    """Rank the gazetteer places that ``text`` may name, best first (empty if none).

    A part after a comma or in parentheses is a qualifier ("Hyesan, Ryanggang"), as are the
    leading words of Korean "양강도 혜산시", also when run together ("양강도혜산시"). Ties go
    to current units, then to larger ones.
    Text longer than MAX_LENGTH characters finds nothing.

    >>> [(m.place_id, m.confidence) for m in find("Sinuiju")]
    [('KP-03-sinuiju-si', 1.0), ('KP-SEZ-SINUIJU', 0.9)]
    >>> find("Hyesna")[0].place_id, find("Hyesan County")[0].confidence
    ('KP-10-hyesan-si', 0.75)
    >>> [(m.place_id, m.confidence) for m in find("会宁市")]
    [('KP-09-hoeryeong-si', 0.9)]
    """
    if len(text) > MAX_LENGTH:
        return []
    found = _find(text, limit)
    if not hanja.has_hanja(text) or _surest(found) == 1.0:
        return found
    # The reading whose best place is surest: 会宁 reads 회녕 first, which only the fuzzy
    # matcher finds; its third reading, 회령, is the town's name. The characters as written
    # stay in the running: "朝鲜" (North Korea) is in the gazetteer as it is.
    readings = [
        [replace(m, confidence=round(m.confidence * HANJA_READING, 4)) for m in _find(r, limit)]
        for r in hanja.hangul_readings(text)
    ]
    return max([found, *readings], key=_surest)


def _surest(found: list[PlaceMatch]) -> float:
    return found[0].confidence if found else 0.0


def _find(text: str, limit: int) -> list[PlaceMatch]:
    folded = _fold(text.replace("(", ",").replace(")", " "))
    parts = [part.strip(" -") for part in folded.split(",")]
    parts = [part for part in parts if _key(part)]
    if not parts:
        return []
    main, qualifiers = parts[0], parts[1:]
    routes = _exact_routes(main)
    if not routes and not qualifiers:
        main, qualifiers, routes = _split_words(main)
    if not routes:
        routes = _fuzzy_routes(main)
    best = _best_per_place(routes)
    for qualifier in qualifiers:
        _apply_qualifier(best, _resolve(qualifier))
    ranked = sorted(best.values(), key=_rank)
    if deepest := _deepest_known(parts, ranked):
        return [_match(deepest)]
    return [_match(route) for route in ranked[:limit]]


def _deepest_known(parts: list[str], ranked: list[_Route]) -> _Route | None:
    """The smallest gazetteer unit that the parts of an address name together, when the
    plain lookup found less: "North Hamgyong Province, Hoeryong City" and "함경북도,
    회령시" are Hoeryong, not the province; "Yuseon-dong, Hoeryong" and "함경북도 회령시
    유선동" (a neighbourhood the gazetteer does not hold) are Hoeryong at UNKNOWN_PART.
    Parts that name places apart ("Musan Hoeryong") give None.
    """
    if len(parts) > 1:
        pieces = parts
        found = [_best_per_place(_exact_routes(piece)) for piece in pieces]
        # Two places named, or a smaller unit first that the gazetteer lacks.
        useful = sum(map(bool, found)) >= 2 or (not found[0] and any(found))
    else:
        pieces = parts[0].split()
        found = [_best_per_place(_exact_routes(piece)) for piece in pieces]
        useful = not ranked and len(pieces) > 1 and any(found)  # only what found nothing
    if not useful:
        return None
    deepest = _deepest_fitting([places for places in found if places])
    if deepest is None:
        return None
    if not all(found):
        deepest = _Route(deepest.spelling, deepest.confidence * UNKNOWN_PART)
    if not ranked or _holds(ranked[0].spelling.place_id, deepest):
        return deepest  # nothing found, or the province where the town is named
    if ranked[0].spelling.place_id == deepest.spelling.place_id:
        return None  # found already, with the other candidates ranked below it
    return deepest if ranked[0].confidence < deepest.confidence else None  # a fuzzy guess


def _deepest_fitting(known: list[dict[str, _Route]]) -> _Route | None:
    """The deepest place named by one piece that lies within a place of every other."""
    fitting = [
        route
        for places in known
        for route in places.values()
        if all(set(_ids_up(route.spelling.place_id)) & set(other) for other in known)
    ]
    return max(fitting, key=lambda route: (_depth(route), route.confidence), default=None)


def _depth(route: _Route) -> int:
    return len(_ids_up(route.spelling.place_id))


def _holds(place_id: str, route: _Route) -> bool:
    """Whether ``place_id`` holds the route's place (and is not that place)."""
    return place_id in _ids_up(route.spelling.place_id)[1:]


def _rank(route: _Route) -> tuple:
    entry = gazetteer.entries_by_id()[route.spelling.place_id]
    level = ("country", "admin1", "admin2", "admin3", "site").index(entry.level)
    # Former and nominal units (the never-implemented Sinuiju SAR) give way to real ones.
    status = {"former": 2, "nominal": 1}.get(entry.status, 0)
    return (-route.confidence, status, route.spelling.former, level, entry.id)


def _match(route: _Route) -> PlaceMatch:
    entry = gazetteer.entries_by_id()[route.spelling.place_id]
    path = _path(entry.id)
    admin1 = next((i for i, _ in path if gazetteer.entries_by_id()[i].level == "admin1"), None)
    return PlaceMatch(
        place_id=entry.id,
        name=_display_name(entry),
        hangul=next((text for text, kind in entry.names if kind == "hangul"), ""),
        confidence=round(route.confidence, 3),
        matched=route.spelling.text,
        path=list(path),
        country=entry.country_code,
        admin1=admin1,
        place_type=entry.place_type,
        former=route.spelling.former,
    )


@cache
def _path(place_id: str) -> tuple[tuple[str, str], ...]:
    entry = gazetteer.entries_by_id()[place_id]
    own = ((entry.id, _display_name(entry)),)
    return own + (_path(entry.parent_id) if entry.parent_id else ())


def _display_name(entry: gazetteer.GazetteerEntry) -> str:
    return next((text for text, kind in entry.names if kind == "common"), entry.names[0][0])


# Lookup routes ------------------------------------------------------------------------------


def _exact_routes(folded: str) -> list[_Route]:
    index = _index()
    key = _key(folded)
    routes = [_route(s, PRIMARY) for s in index.exact.get(key, ())]
    # The query lacks a unit word that the name has: 혜산 → 혜산시.
    routes += [_route(s, STEM_FACTOR) for s in index.stems.get(key, ())]
    stem, unit = _split_unit(folded)
    if unit:
        stem_key = _key(stem)
        for spelling in index.exact.get(stem_key, []) + index.stems.get(stem_key, []):
            routes.append(_route(spelling, _unit_factor(unit, spelling.place_id)))
    if not routes and _TONE_NUMBERS.fullmatch(key):
        # Pinyin with tone numbers ("Chang2bai2"): try again without them.
        return _exact_routes(re.sub(r"[1-5]", "", key))
    return routes


def _fuzzy_routes(folded: str) -> list[_Route]:
    """Near spellings of the whole text, and of its stem when it ends in a unit word
    ("Nason-si": the unit's letters made "nasonsi" too far from "naseon")."""
    routes = _fuzzy_key_routes(_key(folded))
    stem, unit = _split_unit(folded)
    if unit:
        routes += [
            _Route(r.spelling, r.confidence * _unit_factor(unit, r.spelling.place_id))
            for r in _fuzzy_key_routes(_key(stem))
        ]
    return routes


def _fuzzy_key_routes(key: str) -> list[_Route]:
    index, script = _index(), _script(key)
    table = index.fuzzy[script]
    hits = process.extract(
        _fuzzy_form(key),
        index.choices[script],
        scorer=fuzz.ratio,
        score_cutoff=FUZZY_CUTOFF,
        limit=10,
    )
    return [
        _route(spelling, FUZZY_FACTOR * factor * score / 100)
        for form, score, _ in hits
        for spelling, factor in table[form]
    ]


def _route(spelling: _Spelling, factor: float) -> _Route:
    confidence = (PRIMARY if spelling.primary else VARIANT) * factor
    if spelling.former:
        is_row = gazetteer.entries_by_id()[spelling.place_id].status == "former"
        confidence = min(confidence, FORMER_ROW_CAP if is_row else FORMER_NAME_CAP)
    return _Route(spelling, confidence)


def _unit_factor(unit: str, place_id: str) -> float:
    place_type = gazetteer.entries_by_id()[place_id].place_type
    if place_type in _UNIT_TYPES[unit]:
        return PRIMARY
    # "Hyesan-dong" is a neighbourhood of Hyesan: the city contains it, a weaker match.
    return INSIDE_VILLAGE if unit == "village" else WRONG_UNIT


def _best_per_place(routes: list[_Route]) -> dict[str, _Route]:
    best: dict[str, _Route] = {}
    # Among equal confidences prefer a current name and a primary spelling for `matched`.
    for route in sorted(
        routes, key=lambda r: (-r.confidence, r.spelling.former, not r.spelling.primary)
    ):
        best.setdefault(route.spelling.place_id, route)
    return best


def _split_words(folded: str) -> tuple[str, list[str], list[_Route]]:
    """Korean writes "양강도 혜산시" (largest first); English sometimes "Hyesan Ryanggang"."""
    words = folded.split()
    if len(words) < 2:
        return _split_joined(folded)
    for main, rest in ((words[-1], words[:-1]), (words[0], words[1:])):
        routes = _exact_routes(main)
        containing = set().union(*(_resolve(word) for word in rest))
        if any(containing & set(_ids_up(r.spelling.place_id)) for r in routes):
            return main, rest, routes
    # A province that no longer holds the place: "함경북도 라선시" (Rason was North
    # Hamgyong's from 2004 to 2010), "황해북도 개성시". The place is found, and the
    # qualifier lowers its confidence as a comma's would ("Rason, North Hamgyong").
    main, rest = words[-1], words[:-1]
    routes = _exact_routes(main)
    if routes and all(_are_provinces(_resolve(word)) for word in rest):
        return main, rest, routes
    return folded, [], []


def _split_joined(folded: str) -> tuple[str, list[str], list[_Route]]:
    """Hangul addresses are often written without spaces: "함경북도회령시", "량강도혜산시".
    Split after the first part that names a place holding what follows."""
    if _script(_key(folded)) != "hangul":
        return folded, [], []
    # Where no first part holds the rest, a province that once did, as in _split_words
    # ("황해북도개성시"): the first such split, kept while the loop looks for a better one.
    former_province = (folded, [], [])
    for cut in range(2, len(folded) - 1):
        outer, inner = folded[:cut], folded[cut:]
        containing = {route.spelling.place_id for route in _exact_routes(outer)}
        routes = _exact_routes(inner) if containing else []
        if any(containing & set(_ids_up(r.spelling.place_id)) for r in routes):
            return inner, [outer], routes
        if routes and _are_provinces(containing) and not former_province[2]:
            former_province = (inner, [outer], routes)
    return former_province


def _are_provinces(place_ids: set[str]) -> bool:
    """True when the words name first-level units only (and name something)."""
    entries = gazetteer.entries_by_id()
    return bool(place_ids) and all(entries[i].level == "admin1" for i in place_ids)


def _resolve(qualifier: str) -> set[str]:
    routes = _exact_routes(qualifier) or _fuzzy_routes(qualifier)
    return {route.spelling.place_id for route in routes}


def _apply_qualifier(best: dict[str, _Route], containing: set[str]) -> None:
    if not containing:
        return  # a qualifier we cannot place says nothing either way
    for place_id, route in best.items():
        if containing & set(_ids_up(place_id)[1:]):
            confidence = min(1.0, route.confidence + INSIDE_QUALIFIER_BONUS)
        else:
            confidence = route.confidence * OUTSIDE_QUALIFIER
        best[place_id] = _Route(route.spelling, confidence)


def _ids_up(place_id: str) -> list[str]:
    return [i for i, _ in _path(place_id)]


# Normalization ------------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower-case, accent-free, initial-sound-folded text that keeps its word breaks."""
    text = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", text)
    text = unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )
    text = _APOSTROPHES.sub("", text).replace("–", "-").replace("—", "-")
    text = _NUMBER_WORD.sub("", re.sub(r"\s+", " ", text).strip())
    return re.sub(r"(^|[\s-])(\S)", lambda m: m.group(1) + _fold_initial_sound(m.group(2)), text)


def _fold_initial_sound(syllable: str) -> str:
    """South Korean spelling of a word-initial syllable: 량 → 양, 로 → 노, 녀 → 여."""
    code = ord(syllable) - _HANGUL_FIRST
    if not 0 <= code <= _HANGUL_LAST - _HANGUL_FIRST:
        return syllable
    initial, rest = divmod(code, 21 * 28)
    vowel = rest // 28
    if initial == _RIEUL:
        initial = _NIEUN
    if initial == _NIEUN and vowel in _I_OR_Y_VOWELS:
        initial = _IEUNG
    return chr(_HANGUL_FIRST + initial * 21 * 28 + rest)


def _key(folded: str) -> str:
    return re.sub(r"[\W_]+", "", folded)


def _split_unit(folded: str) -> tuple[str, str | None]:
    """Split a trailing unit word: "hyesan-si" → ("hyesan", "city"), "혜산시" → ("혜산", "city")."""
    latin = _LATIN_UNIT_RE.match(folded)
    if latin:
        return latin.group("stem"), _LATIN_UNITS[latin.group("unit")]
    compact = folded.replace(" ", "")
    for suffix, unit in _CJK_UNITS.items():
        stem = compact.removesuffix(suffix)
        # One-syllable suffixes need a two-syllable stem: 안동 is a name, not 안 + 동.
        if stem != compact and len(_key(stem)) >= (1 if len(suffix) > 1 else 2):
            return stem, unit
    return folded, None


def _script(key: str) -> str:
    if any(_HANGUL_FIRST <= ord(c) <= _HANGUL_LAST for c in key):
        return "hangul"
    return "latin" if key.isascii() else "other"


def _fuzzy_form(key: str) -> str:
    # Compare Hangul letter by letter (jamo), so 헤산 is one letter away from 혜산.
    return unicodedata.normalize("NFD", key) if _script(key) == "hangul" else key


# Index --------------------------------------------------------------------------------------


@cache
def _index() -> _Index:
    """Every spelling under its key and its stem key, built once per process."""
    index = _Index(defaultdict(list), defaultdict(list), defaultdict(lambda: defaultdict(list)), {})
    successors = _successors()
    former_keys = _former_keys(successors)
    for entry in gazetteer.entries():
        for spelling in _spellings(entry, successors, former_keys):
            _add(index, spelling)
    index.fuzzy = {script: dict(index.fuzzy[script]) for script in ("hangul", "latin", "other")}
    index.choices = {script: list(forms) for script, forms in index.fuzzy.items()}
    return index


def _spellings(
    entry: gazetteer.GazetteerEntry, successors: dict[str, str], former_keys: dict[str, set[str]]
) -> Iterator[_Spelling]:
    names = list(entry.names) + [(alias, "variant") for alias in _COUNTRY_ALIASES.get(entry.id, ())]
    for text, kind in names:
        bare = _PARENTHESES.sub("", text).strip() or text
        note = " ".join(_PARENTHESES.findall(text))
        former = (
            entry.status == "former"
            or bool(_FORMER_MARKERS.search(note))
            or _key(_fold(bare)) in former_keys.get(entry.id, set())
        )
        primary = kind in _PRIMARY_KINDS
        yield _Spelling(entry.id, bare, primary, former)
        if entry.id in successors:
            # A former unit's names also find the unit that replaced it.
            yield _Spelling(successors[entry.id], bare, False, True)


def _add(index: _Index, spelling: _Spelling) -> None:
    folded = _fold(spelling.text)
    key = _key(folded)
    index.exact[key].append(spelling)
    _add_fuzzy(index, key, spelling, PRIMARY)
    stem, unit = _split_unit(folded)
    if unit:
        stemmed = _Spelling(
            spelling.place_id, spelling.text, spelling.primary, spelling.former, unit
        )
        index.stems[_key(stem)].append(stemmed)
        _add_fuzzy(index, _key(stem), stemmed, STEM_FACTOR)


def _add_fuzzy(index: _Index, key: str, spelling: _Spelling, factor: float) -> None:
    index.fuzzy[_script(key)][_fuzzy_form(key)].append((spelling, factor))


def current_unit(place_id: str) -> str:
    """The unit a former one became (새별군's row → 경원군), else the place itself: the two
    are one place under its names at two times.

    >>> current_unit("KP-09-saebyeol-gun"), current_unit("KP-10-hyesan-si")
    ('KP-09-gyeongwon-gun', 'KP-10-hyesan-si')
    """
    return _successors().get(place_id, place_id)


@cache
def _successors() -> dict[str, str]:
    """Former unit → current unit, from the gazetteer's "current unit: <id>" notes."""
    known = gazetteer.entries_by_id()
    found = {}
    for entry in gazetteer.entries():
        note = _SUCCESSOR_NOTE.search(entry.notes)
        if entry.status == "former" and note and note.group(1) in known:
            found[entry.id] = note.group(1)
    return found


def _former_keys(successors: dict[str, str]) -> dict[str, set[str]]:
    """Keys of the names a current unit used to have (its variants include 새별군 …)."""
    keys: dict[str, set[str]] = defaultdict(set)
    for former_id, current_id in successors.items():
        for text, _ in gazetteer.entries_by_id()[former_id].names:
            key = _key(_fold(text))
            if not _is_current_name(current_id, key):
                keys[current_id].add(key)
    return keys


def _is_current_name(place_id: str, key: str) -> bool:
    # Samjiyon was the county's name and is still the city's: that is not a former name.
    entry = gazetteer.entries_by_id()[place_id]
    return any(_key(_fold(t)) == key for t, kind in entry.names if kind in _PRIMARY_KINDS)
