"""Find the pieces of an incident in a stretch of text: triggers, agents, places, dates,
counts and named victims. Each finder returns mentions with offsets relative to the text
it is given; the caller adds the segment's offset.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from kirok.lib import dates, gazetteer, places
from kirok.lib.date_phrases.documents import chinese_number
from kirok.lib.date_phrases.parsing import find_all
from kirok.lib.extraction import lexicon, news_dates
from kirok.lib.names.hanja import has_hanja, is_hanja
from kirok.lib.names.surnames import (
    hangul_surname,
    hanja_surname,
    hanja_surnames,
    is_known_surname,
)


@dataclass(frozen=True)
class Mention:
    """Something found in the text: where, the words, and what it means."""

    start: int
    end: int
    text: str
    value: object = None


@dataclass
class Victim:
    name: str | None
    pseudonym: bool = False
    sex: str | None = None
    age: int | None = None
    relationship: str | None = None
    start: int = 0
    born: int | None = None  # the year, where the text gives it ("1984년생", "born 1988")

    def as_dict(self) -> dict:
        return {
            "name": self.name,
            "pseudonym": self.pseudonym,
            "sex": self.sex,
            "age": self.age,
            "relationship": self.relationship,
            "born": self.born,
        }


@dataclass
class Count:
    low: int | None
    high: int | None
    text: str | None
    start: int = 0
    extra: dict = field(default_factory=dict)


# ----------------------------------------------------------------- compiled lexicon


def _compile(fragments: tuple[str, ...], english: bool) -> re.Pattern:
    # Typeset apostrophes ("People’s Safety") are as common as straight ones.
    joined = "|".join(f"(?:{fragment})".replace("'", "['’]") for fragment in fragments)
    if english:
        return re.compile(rf"(?<![\w-])(?:{joined})(?![\w-])", re.IGNORECASE)
    return re.compile(joined)


@cache
def _trigger_patterns(lang: str) -> dict[str, re.Pattern]:
    if lang == "zh":
        return {code: _compile(words, False) for code, words in lexicon.TRIGGERS_ZH.items()}
    index = 0 if lang == "en" else 1
    return {code: _compile(words[index], lang == "en") for code, words in lexicon.TRIGGERS.items()}


@cache
def _org_patterns(lang: str) -> tuple[tuple[str, re.Pattern], ...]:
    found = []
    if lang == "zh":
        found += [(code, _compile(chinese, False)) for code, chinese in lexicon.ORGANISATIONS_ZH]
    for code, english, korean in lexicon.ORGANISATIONS:
        found.append((code, _compile(english, True)))
        if lang == "ko":
            found.append((code, _compile(korean, False)))
    return tuple(found)


# ----------------------------------------------------------------- triggers and agents


def triggers(text: str, lang: str) -> list[Mention]:
    """Every violation trigger that tells an act: value is the type code. Acts denied,
    feared, threatened or called for ("were not arrested", "could be sent back",
    강제북송 중단을 촉구) are left out."""
    found = []
    for code, pattern in _trigger_patterns(lang).items():
        for match in pattern.finditer(text):
            if not _unreal(text, match.start(), match.end()):
                found.append(Mention(match.start(), match.end(), match.group(), code))
    return sorted(found, key=lambda m: m.start)


# Words before an English trigger, or after a Korean one, that make it no act.
_UNREAL_BEFORE_EN = re.compile(
    r"(?:\b(?:[Nn]ot|[Nn]ever|[Nn]o one|[Nn]obody|will|would|could|might|may|risk|risks|fear|"
    r"feared|face|faces|[Ii]f|avoid|avoided|escape|escaped)\b|n't)(?:\s+\w+){0,2}\s+$"
)
# Words before a Chinese trigger that make it no act: not, to be, intended, feared, avoided.
# Just before it ("将被遣返", "未遣返"), or anywhere in its clause for an intention or a fear
# ("拟依照有关规定将其遣返": 将其 is "him", the intention is 拟).
_UNREAL_BEFORE_ZH = re.compile(
    r"(?:未|没有|没|沒有|沒|不会|不得|不|拟|擬|将|將|将要|可能|或将|面临|面臨|担心|害怕|恐|避免|"
    r"逃避|以免|防止|停止|反对|禁止|要求|呼吁)(?:被|予以|予|遭|遭到|受到)?$"
)
_UNREAL_CLAUSE_ZH = re.compile(
    r"(?:拟|擬|准备|計劃|计划|打算|面临|面臨|担心|擔心|害怕|恐怕|呼吁|呼籲|要求停止)[^，,。；;！？]*$"
)
_UNREAL_AFTER_KO = re.compile(
    r"^[가-힣]{0,3}\s?(?:될 수|할 수|ㄹ 수|을 수|될까|당할까|하지 않|되지 않|중단|금지|반대|우려|"
    r"위기|위험|하겠|되겠|한다고 위협|된다고|보낸다고|하면|되면|당하면)"
)


def _unreal(text: str, start: int, end: int) -> bool:
    if re.match(r"[A-Za-z]", text[start : start + 1]):
        return bool(_UNREAL_BEFORE_EN.search(text[max(0, start - 30) : start]))
    if start < len(text) and is_hanja(text[start]):
        before = text[max(0, start - 30) : start]
        return bool(_UNREAL_BEFORE_ZH.search(before[-6:]) or _UNREAL_CLAUSE_ZH.search(before))
    return bool(_UNREAL_AFTER_KO.match(text[end : end + 12]))


def organisations(text: str, lang: str) -> list[Mention]:
    """Every perpetrator organisation named; value is the org code. Earlier rows of the
    lexicon win where two overlap ("public security" is Chinese, not MSS)."""
    taken: list[Mention] = []
    occupied = bytearray(len(text))
    for code, pattern in _org_patterns(lang):
        for match in pattern.finditer(text):
            if any(occupied[match.start() : match.end()]):
                continue
            occupied[match.start() : match.end()] = b"\x01" * (match.end() - match.start())
            taken.append(Mention(match.start(), match.end(), match.group(), code))
    return sorted(taken, key=lambda m: m.start)


# ----------------------------------------------------------------- places

_UNITS_KO = ("특별시", "직할시", "노동자구", "구역", "시", "군", "현", "도", "구", "읍", "리", "동")
_UNITS_LATIN = re.compile(
    r"[\s-](?:si|gun|do|hyeon|xian|shi|city|county|province|district|ri|dong|up|eup)$",
    re.IGNORECASE,
)
_PARTICLE_KO = (
    r"(?:에서는|에서도|에서|에는|에|의|으로|로|서|맞은편|일대|인근|출신|쪽|\s|[^가-힣]|$)"
)
# Names too short or too common to be read as places inside running text.
_PLACE_STOPWORDS = frozenset(
    {"신원", "조선", "중국", "한국", "북한", "남한", "China", "Korea", "North", "South"}
    | set(lexicon.PLACE_LIKE_WORDS.split())
)


@cache
def _place_index() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    """A pattern for Latin spellings, one for Hangul/Chinese, and spelling → place id."""
    spelling_to_id: dict[str, str] = {}
    by_level = {"site": 0, "admin3": 1, "admin2": 1, "admin1": 2, "country": 3}
    for entry in sorted(gazetteer.entries(), key=lambda e: by_level[e.level]):
        if entry.level == "country":
            continue
        for name, _kind in entry.names:
            for form in _forms(name):
                spelling_to_id.setdefault(form, entry.id)
    latin = sorted((s for s in spelling_to_id if s.isascii()), key=len, reverse=True)
    other = sorted((s for s in spelling_to_id if not s.isascii()), key=len, reverse=True)
    latin_units = r"(?:[\s-](?:si|gun|City|County|Province|district))?"
    latin_pattern = re.compile(
        rf"(?<![\w-])(?P<name>{'|'.join(map(re.escape, latin))}){latin_units}(?![\w])"
    )
    units = "|".join(_UNITS_KO)
    other_pattern = re.compile(
        rf"(?<![가-힣])(?P<name>{'|'.join(map(re.escape, other))})(?:{units})?(?={_PARTICLE_KO})"
    )
    return latin_pattern, other_pattern, spelling_to_id


def _forms(name: str) -> set[str]:
    """The spelling, its plain-ASCII form ("Chŏngŏri" → "Chongori") and, for long enough
    names, each without its unit word."""
    name = name.strip()
    forms = {name}
    plain = _ascii(name)
    if plain != name and plain.isascii():
        return _forms(plain) | {name}
    if re.search(r"[가-힣]", name):
        for unit in _UNITS_KO:
            stem = name[: -len(unit)]
            if name.endswith(unit) and len(stem) >= 2:
                forms.add(stem)
                break
    else:
        stem = _UNITS_LATIN.sub("", name)
        if stem != name and len(stem) >= 4:
            forms.add(stem)
    return {
        f
        for f in forms
        if f not in _PLACE_STOPWORDS and (len(f) >= 2 if not f.isascii() else len(f) >= 4)
    }


# A river named after a town is not the town; a capital that "has never acknowledged" is a
# government, not a place.
_NOT_A_PLACE = re.compile(
    r"\s+(?:River|river|Bridge|bridge)\b|\s+(?:has|have)\s+(?:never|not|denied|refused)\b"
    r"|\s+(?:says|said|denied|claims)\b|강(?![가-힣])"
)


def _ascii(name: str) -> str:
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return stripped.replace("'", "").replace("’", "")


@dataclass(frozen=True)
class Place:
    text: str
    place_id: str
    country: str
    admin1: str | None
    level: str


def places_in(text: str) -> list[Mention]:
    """Every gazetteer place named; value is a :class:`Place`."""
    latin, other, spelling_to_id = _place_index()
    found = []
    for pattern in (latin, other):
        for match in pattern.finditer(text):
            place = _resolve_place(match.group(), spelling_to_id.get(match.group("name")))
            if place is not None and not _NOT_A_PLACE.match(text[match.end() :]):
                found.append(Mention(match.start(), match.end(), match.group(), place))
    if has_hanja(text):
        found += _places_in_characters(text, found)
    return sorted(found, key=lambda m: m.start)


# A unit word that ends a North Korean place written in characters (会宁市, 茂山郡, 咸镜北道),
# and an office named after its town, which reports write without the unit (新义州保卫部).
_UNIT_ZH = re.compile(r"劳动者区|勞動者區|区域|區域|[市郡道邑里]")
_OFFICE_ZH = re.compile(r"保卫部|保卫局|保安署|安全部|拘留所|集结所|看守所|劳动锻炼队|教化所")


def _places_in_characters(text: str, taken: list[Mention]) -> list[Mention]:
    """North Korean places written in characters, as Chinese records write them: the
    gazetteer holds them in Hangul, and kirok.lib.places reads the characters as Hangul. A
    Chinese text runs its words together, so the name is the longest run of two to four
    characters before a unit word that reads as a place's name exactly (会宁市 as 회령시), or
    before an office's name that reads as a place's name without its unit (新义州 as 신의주)."""
    found: list[Mention] = []
    for pattern, with_unit in ((_UNIT_ZH, True), (_OFFICE_ZH, False)):
        for word in pattern.finditer(text):
            if any(m.start < word.end() and word.start() < m.end for m in [*taken, *found]):
                continue
            end = word.end() if with_unit else word.start()
            for begin in range(max(0, word.start() - 4), word.start() - 1):
                name = text[begin:end]
                place = _place_in_characters(name) if all(map(is_hanja, name)) else None
                if place is not None:
                    found.append(Mention(begin, end, name, place))
                    break
    return found


@cache
def _place_in_characters(words: str) -> Place | None:
    """The place whose name the characters read as exactly, with or without its unit word:
    a near reading ("城市", city, as 성시) is no town's name."""
    matches = places.find(words)
    if not matches or matches[0].confidence < places.STEM_FACTOR * places.HANJA_READING:
        return None
    return _resolve_place(words, None)


@cache
def _resolve_place(words: str, fallback_id: str | None) -> Place | None:
    matches = places.find(words)
    place_id = matches[0].place_id if matches else fallback_id
    if matches and fallback_id and fallback_id in {m.place_id for m in matches}:
        place_id = fallback_id if matches[0].confidence < 1.0 else matches[0].place_id
    by_id = gazetteer.entries_by_id()
    entry = by_id.get(place_id or "")
    if entry is not None and entry.place_type == "detention_center" and entry.parent_id:
        entry = by_id.get(entry.parent_id)  # a security office's cells: the town it serves
    if entry is None or entry.level == "country":
        return None
    return Place(words, entry.id, entry.country_code, gazetteer.province_of(entry.id), entry.level)


@cache
def gazetteer_type(place_id: str) -> str:
    """The gazetteer's place type ("political_prison_camp", "city" …)."""
    entry = gazetteer.entries_by_id().get(place_id)
    return entry.place_type if entry else ""


@cache
def ancestors(place_id: str) -> frozenset[str]:
    """The place and every place above it."""
    by_id, found = gazetteer.entries_by_id(), set()
    entry = by_id.get(place_id)
    while entry is not None:
        found.add(entry.id)
        entry = by_id.get(entry.parent_id) if entry.parent_id else None
    return frozenset(found)


# ----------------------------------------------------------------- dates

# A Korean day written before a reporting verb is when the news was told, not the event.
_REPORTING_KO = re.compile(r"^\s*(?:에\s*)?(?:전했|밝혔|알려|보도|말했|전해)")
_REPORTING_EN = re.compile(r"^\s*,?\s*(?:a |the )?(?:source|sources|officials?) (?:said|told)")
# "… told Daily NK on Tuesday": the day the news was told.
_REPORTED_ON_EN = re.compile(
    r"\b(?:told|said|reported|added|confirmed)\b(?:\s+[\w.]+){0,3}\s+(?:on|in)?\s*$"
)


def dates_in(text: str, anchor: dt.date | None, lang: str) -> list[Mention]:
    """Every date phrase read; value is a DateBounds. The dates library's phrases and the
    news phrases of :mod:`news_dates`; where two overlap the longer wins."""
    found = _library_dates(text, anchor, lang)
    for start, end, value in news_dates.find(text, anchor):
        if not _reporting_date(text, start, end):
            found.append(Mention(start, end, text[start:end], dates.bounds(value)))
    found.sort(key=lambda m: (m.start - m.end, m.start))
    kept: list[Mention] = []
    for mention in found:
        if all(mention.end <= m.start or mention.start >= m.end for m in kept):
            kept.append(_closed(mention, anchor))
    return sorted(kept, key=lambda m: m.start)


def _library_dates(text: str, anchor: dt.date | None, lang: str) -> list[Mention]:
    found = []
    # The dates library reads Chinese date forms as the Korean ones (2019年3月 as 2019년 3월).
    for phrase in find_all(text, "ko" if lang == "zh" else lang):
        start, end, words = phrase.start, phrase.end, phrase.text
        if _reporting_date(text, start, end) or _birth_year(text, start, end):
            continue
        if words[-1] in "전후" and re.match(r"[가-힣]", text[end : end + 1]):
            continue  # "21일 전했다": 전 begins a verb here, not "before"
        try:
            value = dates.bounds(phrase.edtf(anchor))
            if anchor and value.earliest and value.earliest > anchor and not _YEAR.search(words):
                # "12월" in a report of June is last December, not the coming one.
                earlier = anchor.replace(year=anchor.year - 1, day=min(anchor.day, 28))
                value = dates.bounds(phrase.edtf(earlier))
            found.append(Mention(start, end, words, value))
        except (dates.UnparsableDate, dates.InvalidDate, ValueError, OverflowError):
            continue
    return found


_YEAR = re.compile(r"\d{4}|\d{2}년")
# When a person was born, never when an act was done: "born in 1985", "1985년생",
# "1985년 출생", "（1985年出生）", "1985年生".
_BORN_BEFORE = re.compile(r"\b(?:[Bb]orn|b\.)\s+(?:in\s+)?$")
_BORN_AFTER = re.compile(r"\s*(?:생(?![가-힣])|출생|에 태어|出生|生(?![活产意]))")


def _birth_year(text: str, start: int, end: int) -> bool:
    return bool(
        _BORN_AFTER.match(text, end) or _BORN_BEFORE.search(text, max(0, start - 12), start)
    )


def _reporting_date(text: str, start: int, end: int) -> bool:
    """Whether the date is when the news was told ("… told Daily NK on Tuesday", "21일 전했다")."""
    after = text[end:]
    if _REPORTING_KO.match(after) or _REPORTING_EN.match(after):
        return True
    return bool(_REPORTED_ON_EN.search(text[max(0, start - 40) : start]))


# A month of the year told just before: 같은 해 3월, 그해 3월 5일, 同年3月, "in March of that
# year", "on 5 May the same year". The dates library cannot read them (they have no year of
# their own); with a publication day, the month alone would be counted back from it instead.
_MONTH_NAMES_EN = "|".join(calendar.month_name[1:])
_SAME_YEAR = {
    "ko": re.compile(r"(?:같은|그)\s?해\s?(?P<month>\d{1,2})월(?:\s?(?P<day>\d{1,2})일)?"),
    "zh": re.compile(
        r"(?:同年|当年|當年|该年|該年)\s?(?P<month>\d{1,2}|[一二三四五六七八九十]{1,2})月"
        r"(?:(?P<day>\d{1,2}|[一二三四五六七八九十]{1,3})[日号號])?"
    ),
    "en": re.compile(
        rf"\b(?:(?P<day>\d{{1,2}})\s+)?(?P<month>{_MONTH_NAMES_EN})(?:\s+(?P<day2>\d{{1,2}}))?,?"
        r"\s+(?:of\s+)?(?:that|the same) year\b",
        re.IGNORECASE,
    ),
}


def with_same_year_dates(text: str, lang: str, found: list[Mention]) -> list[Mention]:
    """``found`` (the document's dates, in order) with each month of "the same year" read in
    the year of the last single-year date before it; the words it covers are its own."""
    added = []
    for match in _SAME_YEAR[lang].finditer(text):
        before = [m for m in found if m.end <= match.start() and _single_year(m.value)]
        value = _month_in_year(match, before[-1].value.earliest.year) if before else None
        if value is not None:
            added.append(Mention(match.start(), match.end(), match.group(), value))
    kept = [m for m in found if all(m.end <= a.start or m.start >= a.end for a in added)]
    return sorted([*kept, *added], key=lambda m: m.start)


def _single_year(value) -> bool:
    return bool(value.earliest and value.latest and value.earliest.year == value.latest.year)


_MONTH_NUMBERS_EN = {name.lower(): number for number, name in enumerate(calendar.month_name)}


def _month_in_year(match: re.Match, year: int) -> dates.DateBounds | None:
    """The month (and day) the match gives, in ``year``."""
    word = match["month"]
    month = _MONTH_NUMBERS_EN.get(word.lower()) or chinese_number(word)  # 3, 三 or March
    day_word = match["day"] or match.groupdict().get("day2")
    day = chinese_number(day_word) if day_word else None
    edtf = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    try:
        return dates.bounds(edtf)
    except (dates.InvalidDate, dates.UnparsableDate, ValueError):
        return None  # 같은 해 2월 30일: no such day


def _closed(mention: Mention, published: dt.date | None) -> Mention:
    """ "Since August" in a report runs until the report, not forever."""
    value = mention.value
    if published is None or not value.edtf.endswith("/..") or not value.earliest:
        return mention
    if value.earliest > published:
        return mention
    closed = dates.bounds(f"{value.edtf[:-3]}/{published.isoformat()}")
    return Mention(mention.start, mention.end, mention.text, closed)


# ----------------------------------------------------------------- counts

_ABOUT = r"about|around|approximately|roughly|some|nearly|almost"
_MORE = r"more than|over"
_AT_LEAST = r"at least"
_EN_NUMBER = r"\d[\d,]*|" + "|".join(w for w in lexicon.NUMBER_WORDS_EN if w not in ("a", "an"))
_COUNT_EN = re.compile(
    rf"(?<![\w-])(?:(?P<q>{_ABOUT}|{_MORE}|{_AT_LEAST}|up to)\s+)?(?P<n>{_EN_NUMBER})"
    rf"\s+(?:[\w-]+\s+){{0,2}}?(?:{lexicon.VICTIM_NOUNS_EN})(?![\w-])",
    re.IGNORECASE,
)
_VAGUE_EN = re.compile(
    rf"(?<![\w-])(?P<w>dozens|hundreds|several|scores|thousands)\s+(?:of\s+)?(?:[\w-]+\s+){{0,2}}?"
    rf"(?:{lexicon.VICTIM_NOUNS_EN})(?![\w-])",
    re.IGNORECASE,
)
_ONE_PERSON_EN = re.compile(
    r"(?<![\w-])(?:a|an|one)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|teenager|girl|boy|defector|"
    r"smuggler|resident|worker|student|soldier|farmer|trader|teacher|pastor|missionary)(?![\w-])",
    re.IGNORECASE,
)
_FAMILY_EN = re.compile(rf"(?<![\w-]){lexicon.FAMILY_EN}(?![\w-])", re.IGNORECASE)
_COUNT_KO = re.compile(
    rf"(?:(?:{lexicon.VICTIM_NOUNS_KO})\s?)?(?P<n>\d+|수십|수백|수천|여러|몇|"
    rf"{'|'.join(lexicon.NUMBER_WORDS_KO)})(?P<yeo>여)?\s?명"
)
_FAMILY_KO = re.compile(lexicon.FAMILY_KO)
_COUNT_ZH = re.compile(
    r"(?P<n>\d+|[〇零一二两兩三四五六七八九十百]+|数|數|多|几|幾)(?P<yu>余|餘|多)?"
    rf"(?:{lexicon.COUNT_WORDS_ZH})(?![民员員])"
)
_FAMILY_ZH = re.compile(lexicon.FAMILY_ZH)
_VAGUE_ZH = {"数": (2, None), "數": (2, None), "多": (2, None), "几": (2, None), "幾": (2, None)}
_SELF_COUNT_KO = re.compile(r"우리 (?P<n>둘|셋|넷|다섯)")
_VAGUE_RANGES = {
    "dozens": (24, 99),
    "scores": (40, 99),
    "hundreds": (200, 999),
    "thousands": (2000, 9999),
    "several": (2, None),
    "수십": (20, 99),
    "수백": (200, 999),
    "수천": (2000, 9999),
    "여러": (2, None),
    "몇": (2, None),
}
_SELF_KO = {"둘": 2, "셋": 3, "넷": 4, "다섯": 5}


def counts_in(text: str, lang: str) -> list[Count]:
    """Every victim count the wording gives (min, max, words), in order."""
    found: list[Count] = []
    if lang == "en":
        found += [_count_en(m) for m in _COUNT_EN.finditer(text)]
        found += [
            Count(*_VAGUE_RANGES[m["w"].lower()], m.group(), m.start())
            for m in _VAGUE_EN.finditer(text)
        ]
        found += [Count(1, 1, m.group(), m.start()) for m in _ONE_PERSON_EN.finditer(text)]
        for match in _FAMILY_EN.finditer(text):
            number = _number_en(match["n"])
            if number:
                found.append(Count(number, number, match.group(), match.start()))
    elif lang == "zh":
        found += [_count_zh(m) for m in _COUNT_ZH.finditer(text)]
        found += [
            Count(chinese_number(m["n"]), chinese_number(m["n"]), m.group(), m.start())
            for m in _FAMILY_ZH.finditer(text)
        ]
    else:
        found += [_count_ko(m) for m in _COUNT_KO.finditer(text)]
        found += [
            Count(int(m["n"]), int(m["n"]), m.group(), m.start()) for m in _FAMILY_KO.finditer(text)
        ]
        found += [
            Count(_SELF_KO[m["n"]], _SELF_KO[m["n"]], m.group(), m.start())
            for m in _SELF_COUNT_KO.finditer(text)
        ]
    found = [c for c in found if c.low is not None]
    return _drop_nested(sorted(found, key=lambda c: c.start))


def _drop_nested(found: list[Count]) -> list[Count]:
    kept: list[Count] = []
    for count in found:
        end = count.start + len(count.text or "")
        if kept and count.start < kept[-1].start + len(kept[-1].text or ""):
            if end - count.start > len(kept[-1].text or ""):
                kept[-1] = count
            continue
        kept.append(count)
    return kept


def _number_en(word: str) -> int | None:
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    return lexicon.NUMBER_WORDS_EN.get(word)


def _count_en(match: re.Match) -> Count:
    number = _number_en(match["n"])
    qualifier = (match["q"] or "").lower()
    if number is None or (match["n"].isdigit() and 1900 <= number <= 2100):
        return Count(None, None, None)
    low, high = _qualified(number, qualifier)
    return Count(low, high, match.group(), match.start())


def _qualified(number: int, qualifier: str) -> tuple[int, int | None]:
    if qualifier in ("more than", "over"):
        return number + 1, None
    if qualifier == "at least":
        return number, None
    if qualifier == "up to":
        return 1, number
    if qualifier:
        spread = max(1, round(number / 4)) if number < 50 else max(1, round(number / 6))
        return number - spread, number + spread
    return number, number


def _count_ko(match: re.Match) -> Count:
    word = match["n"]
    if word in _VAGUE_RANGES:
        low, high = _VAGUE_RANGES[word]
    else:
        number = int(word) if word.isdigit() else lexicon.NUMBER_WORDS_KO[word]
        low, high = number, number
        if match["yeo"]:
            high = number + 10 ** (len(str(number)) - 1) - 1 if number >= 10 else number + 9
    return Count(low, high, match.group(), match.start())


def _count_zh(match: re.Match) -> Count:
    word = match["n"]
    if word in _VAGUE_ZH:
        return Count(*_VAGUE_ZH[word], match.group(), match.start())
    number = chinese_number(word)
    if number is None or number == 0 or 1900 <= number <= 2100:
        return Count(None, None, None)
    high = number
    if match["yu"]:  # 十余名: ten and some more
        high = number + 10 ** (len(str(number)) - 1) - 1 if number >= 10 else number + 9
    return Count(number, high, match.group(), match.start())


# ----------------------------------------------------------------- named victims

_GIVEN = r"[A-Z][a-z]{1,7}(?:-[a-z]{1,6})?"
# A lookahead, so that "After Kim Jong Un" is tried at every word ("After Kim", "Kim Jong" …).
_NAME_EN = re.compile(
    rf"(?<![\w-])(?=(?P<name>(?P<surname>[A-Z][a-z]{{0,4}})\s(?P<given>{_GIVEN}))(?![\w'-]))"
)
# Given name first, as some English reports write it ("Sun-hee Kim"): only with a hyphenated
# given name, which no English word before a surname-like word has.
_NAME_EN_GIVEN_FIRST = re.compile(
    r"(?<![\w-])(?=(?P<name>(?P<given>[A-Z][a-z]{1,6}-[a-z]{1,6})\s(?P<surname>[A-Z][a-z]{0,4}))"
    r"(?![\w'-]))"
)
_NOT_GIVEN = frozenset(
    {
        "River",
        "Province",
        "County",
        "City",
        "Street",
        "District",
        "Ministry",
        "Party",
        "Korea",
        "Korean",
        "People",
        "Security",
        "Department",
        "Said",
        "Told",
        "And",
        "The",
        "Was",
        "Had",
        "Has",
        "In",
        "On",
        "Is",
        "Of",
        "For",
    }
)
# English words that are also romanized surnames, and calendar words that follow them.
_NOT_SURNAME = frozenset(
    {"In", "On", "An", "So", "No", "Do", "To", "Go", "As", "Man", "Son", "Sun", "Bo", "Ha", "Ma"}
)
_MONTHS_AND_DAYS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ]
)
# "relatives of Sergeant Kang …": the named man is the one the victims are related to.
_KIN_OF = re.compile(
    r"\b(?:relatives|family|families|parents|son|daughter|wife|husband|mother|father|brother|"
    r"sister) of (?:[A-Z][a-z]+ )?$"
)
_PSEUDONYM_EN = re.compile(rf"^\s*(?:{lexicon.PSEUDONYM_EN})", re.IGNORECASE)
_IDENTIFIED_AS = re.compile(
    r"(?:identified here as|called here|we call (?:her|him))\s*$", re.IGNORECASE
)
_AGE_EN = re.compile(r"^\s*(?:\((?:a )?pseudonym\))?\s*(?:/\s*[MF]\s*)?,\s*(?P<age>\d{1,2})(?!\d)")
_SEX_LIST = re.compile(r"^\s*(?:\([^)]*\))?\s*/\s*(?P<sex>[MF])\b")
_RELATION_BEFORE_EN = re.compile(
    rf"(?P<rel>(?:his|her|their|my|our)\s+(?:younger |older |elder )?"
    rf"(?:{lexicon.RELATIONS_EN})),?\s*$",
    re.IGNORECASE,
)
_RELATION_AFTER_EN = re.compile(
    rf"^[^.;]{{0,25}}?/\s*(?P<rel>(?:{lexicon.RELATIONS_EN}) of [A-Z][\w-]+(?: [A-Z][\w-]+)?)"
)
_NAME_KO = re.compile(
    r"(?<![가-힣])(?P<name>[가-힣]{2,3})(?=\s?\((?:가명|여|남|\d)|\s?씨|\s?\||·\d|\s?\(가명)"
)
_NAME_AFTER_PSEUDONYM_KO = re.compile(r"가명[\s:]+['\"‘“]?(?P<name>[가-힣]{2,3})(?![가-힣])")
_SEX_KO = re.compile(
    r"^\s*(?:씨)?\s*[\(|]\s*(?:가명[·,\s]*)?(?P<sex>여|남)|^['\"’”]?[\s,|]*(?P<sex2>여|남)(?![가-힣])"
)
_AGE_KO = re.compile(r"^[^.\n]{0,14}?(?:·|/|,\s)(?P<age>\d{1,2})(?:세)?(?=[)\s|,])")
_RELATION_BEFORE_KO = re.compile(
    rf"(?P<rel>(?:그의 |그녀의 |[가-힣]{{2,3}}의 )?(?:{lexicon.RELATIONS_KO}))\s*$"
)
_RELATION_AFTER_KO = re.compile(
    rf"^[^.\n]{{0,20}}?\|\s*(?P<rel>[가-힣]{{2,3}}의 (?:{lexicon.RELATIONS_KO}))"
)
_NOT_NAME_KO = frozenset(
    {"가명", "이들", "이번", "정부", "장마당", "한국", "조사원", "관계자", "이달"}
)


# The year a named person was born, given just after the name: "Ms. H. (born 1988",
# "Pak Mi-ran, born in 1979", "최명순, 여, 1979년생", "김혜송(1984년 출생", "金惠松（1985年出生）".
_BORN_EN = re.compile(
    r"^(?:\s*\((?:[^()]{0,20}?[,;]\s*)?|,\s*(?:an? [a-z]+\s+)?)(?:born(?: in)?|b\.)\s+"
    r"(?P<year>(?:19|20)\d\d)\b"
)
_BORN_KO = re.compile(r"^\s*\(?[^)\n]{0,14}?(?P<year>(?:19|20)\d\d)년\s?(?:생(?![가-힣])|출생)")
_BORN_ZH = re.compile(
    r"^[（(，,、\s]?[^。；;\n]{0,12}?(?P<year>(?:19|20)\d\d)年(?:\d{1,2}月(?:\d{1,2}日)?)?"
    r"(?:出生|生(?![活产意]))"
)


def _born(pattern: re.Pattern, after: str) -> int | None:
    found = pattern.match(after)
    return int(found["year"]) if found and int(found["year"]) <= dt.date.today().year else None


def victims_in(text: str, lang: str) -> list[Victim]:
    """Named people, with pseudonym marker, sex, age and relation where the words give them."""
    by_language = {"en": _victims_en, "zh": _victims_zh}
    found = by_language.get(lang, _victims_ko)(text)
    found += _victims_en(text) if lang != "en" else []
    first: dict[str, Victim] = {}
    mentions = []
    for victim in sorted(found, key=lambda v: v.start):
        known = first.setdefault(victim.name or "", victim)
        if known is not victim:
            # A later mention ("Kim said …") carries what the first one told about her.
            victim = Victim(
                known.name,
                known.pseudonym,
                known.sex,
                known.age,
                known.relationship or victim.relationship,
                victim.start,
                known.born or victim.born,
            )
        if not mentions or (mentions[-1].name, mentions[-1].start) != (victim.name, victim.start):
            mentions.append(victim)
    return mentions


def _victims_en(text: str) -> list[Victim]:
    found, consumed = [], 0
    matches = [*_NAME_EN.finditer(text), *_NAME_EN_GIVEN_FIRST.finditer(text)]
    for match in sorted(matches, key=lambda m: m.start("name")):
        start, end = match.span("name")
        if start < consumed or not _looks_like_name(match):
            continue
        name = match["name"]
        if name in lexicon.PUBLIC_FIGURES:
            consumed = _end_of_name(text, end)  # and its third syllable ("Kim Jong Un")
            continue
        if places_in(name) or _KIN_OF.search(text[max(0, start - 30) : start]):
            continue
        consumed = end
        found.append(_english_victim(text, name, start, end))
    return found


def _looks_like_name(match: re.Match) -> bool:
    return (
        is_known_surname(match["surname"])
        and match["given"] not in _NOT_GIVEN
        and match["surname"] not in _NOT_SURNAME
        and match["given"].lower() not in _MONTHS_AND_DAYS
    )


def _end_of_name(text: str, end: int) -> int:
    rest = re.match(r"\s[A-Z][a-z]{1,5}\b", text[end:])
    return end + rest.end() if rest else end


def _english_victim(text: str, name: str, start: int, end: int) -> Victim:
    after, before = text[end : end + 40], text[max(0, start - 40) : start]
    pseudonym = bool(_PSEUDONYM_EN.match(after) or _IDENTIFIED_AS.search(before))
    age = _AGE_EN.match(after)
    sex = _SEX_LIST.match(after)
    relation = _RELATION_BEFORE_EN.search(before) or _RELATION_AFTER_EN.match(after)
    return Victim(
        name,
        pseudonym,
        sex["sex"] if sex else _sex_from_words(text[end : end + 120]),
        int(age["age"]) if age else None,
        relation["rel"] if relation else None,
        start,
        _born(_BORN_EN, after),
    )


def _sex_from_words(after: str) -> str | None:
    she = re.search(r"\b(?:she|her|woman)\b", after, re.IGNORECASE)
    he = re.search(r"\b(?:he|his|him|man)\b", after, re.IGNORECASE)
    if she and (not he or she.start() < he.start()):
        return "F"
    if he:
        return "M"
    return None


def _victims_ko(text: str) -> list[Victim]:
    found = []
    marked = [(m, True) for m in _NAME_AFTER_PSEUDONYM_KO.finditer(text)]
    for match, after_marker in [(m, False) for m in _NAME_KO.finditer(text)] + marked:
        name = match["name"]
        if name in _NOT_NAME_KO or name in lexicon.PUBLIC_FIGURES or places_in(name + " "):
            continue
        # A pseudonym given after 가명 may be a given name alone ("가명 '은하'").
        if not after_marker and not hangul_surname(name[0]):
            continue
        found.append(_korean_victim(text, name, match.start("name"), match.end("name")))
    return found


def _korean_victim(text: str, name: str, start: int, end: int) -> Victim:
    after, before = text[end : end + 30], text[max(0, start - 20) : start]
    pseudonym = bool(re.match(r"^\s?\(가명", after)) or bool(
        re.search(r"가명[\s:]*['\"‘“]?$", before)
    )
    sex = _SEX_KO.match(after) or re.search(
        r"(?:가명\s?\S+,\s?)(?P<sex>여|남)", text[max(0, start - 10) : end + 8]
    )
    age = _AGE_KO.match(after)
    relation = _RELATION_BEFORE_KO.search(before) or _RELATION_AFTER_KO.match(after)
    letter = (sex.groupdict().get("sex") or sex.groupdict().get("sex2")) if sex else None
    return Victim(
        name,
        pseudonym,
        {"여": "F", "남": "M"}.get(letter or ""),
        int(age["age"]) if age else None,
        relation["rel"].strip() if relation else None,
        start,
        _born(_BORN_KO, after),
    )


# A Chinese record runs its words together: a name is read where a noun for the person goes
# before it (朝鲜籍女子金惠松, 犯罪嫌疑人李英哲, 其母亲朴春花) or a label does (姓名：, 化名), and
# where punctuation or a word that never ends a name follows it (金惠松（, 金惠松被, 金惠松系).
_BEFORE_NAME_ZH = re.compile(
    rf"(?:{lexicon.VICTIM_NOUNS_ZH}|(?:其|她的|他的)?(?:{lexicon.RELATIONS_ZH})|"
    rf"姓名[:：]\s*|名叫|{lexicon.PSEUDONYM_ZH}[:：]?)(?=[\u4e00-\u9fff]{{2}})"
)
_AFTER_NAME_ZH = frozenset("（(，,、。：:；;被系係因于於在的等和与與及也已曾将將从從自 \t\n")
# "（女，32岁）", or after a bracket of its own: "（化名），女，".
_SEX_ZH = re.compile(r"^(?:[（(][^）)]{0,10}[）)])?[（(，,、]\s*(?P<sex>女|男)[，,、)）]")
_AGE_ZH = re.compile(r"^[（(][^）)]{0,12}?(?P<age>\d{1,2})岁")
_PSEUDONYM_AFTER_ZH = re.compile(rf"^[（(]\s*{lexicon.PSEUDONYM_ZH}")


def _victims_zh(text: str) -> list[Victim]:
    found = []
    for match in _BEFORE_NAME_ZH.finditer(text):
        name = _name_at(text, match.end())
        if name is not None and name not in lexicon.PUBLIC_FIGURES_ZH:
            found.append(_chinese_victim(text, match.group(), name, match.end()))
    # Once introduced, a person is named bare ("经查，金惠松系朝鲜公民"; "金惠松被移交朝方",
    # "李成哲经丹东口岸…"). A name of three characters is itself wherever it stands; one of
    # two may begin a longer one (金英 in 金英哲), so it must end where a name ends.
    taken = {victim.start for victim in found}
    for name in dict.fromkeys(victim.name for victim in found):
        for later in re.finditer(re.escape(name), text):
            whole = len(name) >= 3 or _ends_a_name(text, later.end())
            if later.start() not in taken and whole:
                found.append(Victim(name, start=later.start()))
    return found


def _ends_a_name(text: str, end: int) -> bool:
    return end == len(text) or text[end] in _AFTER_NAME_ZH


def _name_at(text: str, start: int) -> str | None:
    """The name that starts at ``start``, the longest that is followed by a word that ends a
    name: its surname's characters (one, or two for 南宫) and one or two more; or, marked as
    a pseudonym, a given name alone ("春花（化名）")."""
    for length in (4, 3, 2):
        name, end = text[start : start + length], start + length
        if len(name) < length or not all(map(is_hanja, name)):
            continue
        pseudonym = text.startswith(("（化名", "(化名"), end) and length <= 3
        if _ends_a_name(text, end) and (_spells_a_name(name) or pseudonym):
            return name
    return None


def _spells_a_name(run: str) -> bool:
    if hanja_surname(run) is None:
        return False
    compound = len(run) >= 3 and run[:2] in hanja_surnames()
    return 1 <= len(run) - (2 if compound else 1) <= 2


def _chinese_victim(text: str, before: str, name: str, start: int) -> Victim:
    after = text[start + len(name) : start + len(name) + 20]
    sex = _SEX_ZH.match(after)
    letter = sex["sex"] if sex else None
    if letter is None and re.search(r"女|妇|婦|母亲|母親|妻子|姐姐|妹妹", before):
        letter = "女"
    elif letter is None and re.search(r"男|父亲|父親|丈夫|哥哥|弟弟|儿子|兒子", before):
        letter = "男"
    age = _AGE_ZH.match(after)
    relation = re.search(lexicon.RELATIONS_ZH, before)
    pseudonym = bool(_PSEUDONYM_AFTER_ZH.match(after) or lexicon.PSEUDONYM_ZH in before)
    return Victim(
        name,
        pseudonym,
        {"女": "F", "男": "M"}.get(letter or ""),
        int(age["age"]) if age else None,
        relation.group() if relation else None,
        start,
        _born(_BORN_ZH, after),
    )
