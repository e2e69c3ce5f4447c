"""The columns the model compares, computed once per record with Kirok's libraries.

Splink compares columns with SQL; SQL cannot tell that "Kim Hye-song", "Hyesong Kim" and
김혜송 are one name, or that 혜산시 is Hyesan. So every record is first turned into
identities computed in Python: the name's comparison keys (kirok.lib.names: the same key
for every romanization and for Hangul), a birth-year range and the full date of birth when
known, a gazetteer place id and its province (kirok.lib.places), and the keys of the
relatives' names. Unknown spellings stay as folded text so that two identical unknowns
still agree.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from kirok.lib import gazetteer, places
from kirok.lib.names.matching import readings
from kirok.lib.names.parsing import without_titles
from kirok.lib.names.surnames import COMPOUND_SURNAMES, is_known_surname
from kirok.linkage.engine.records import PersonRecord

# Half-width of the range given to a birth year derived from "about N when taken in Y".
AGE_UNCERTAINTY = 1
# Longer names are not Korean personal names; they are compared as folded text only.
MAX_NAME_LENGTH = 60
# Kilometres per degree, for flat coordinates around the Korean peninsula (38–43° N):
# close enough to tell a neighbouring county (15–45 km) from one across the province.
KM_PER_DEGREE_LATITUDE = 110.6
KM_PER_DEGREE_LONGITUDE = 85.3  # 111.3 × cos 40°
# Gazetteer types of first-level units that are one city, not a province.
CITIES = frozenset(["directly_governed_city", "special_city"])
# How lists write sex: English, Korean (여성 and 남성 in most Korean spreadsheets), Hanja.
SEXES = {
    "m": "male",
    "male": "male",
    "man": "male",
    "남": "male",
    "남성": "male",
    "남자": "male",
    "男": "male",
    "f": "female",
    "female": "female",
    "woman": "female",
    "여": "female",
    "여성": "female",
    "여자": "female",
    "女": "female",
    "w": "female",
    "boy": "male",
    "girl": "female",
    "소년": "male",
    "소녀": "female",
    "남아": "male",
    "여아": "female",
}


@dataclass(frozen=True)
class NameFeatures:
    """What the model needs from one written name."""

    key: str  # comparison key of the most likely reading ("kim:hYsoN")
    keys: tuple[str, ...]  # keys of every plausible reading (both orders, compounds)
    surname_class: str
    given_key: str
    # Classes of the readings whose surname is a Korean surname ("Yun Eunsim": 윤 only, not
    # "Eunsim" read as a surname); empty when none is: a name not read as Korean.
    korean_surnames: tuple[str, ...] = ()


@dataclass(frozen=True)
class RecordFeatures:
    """One record as the model's columns; ``index`` is its row number in the input."""

    index: int
    record_id: str
    names: tuple[str, ...]
    name: NameFeatures | None
    name_keys: tuple[str, ...]
    korean_surnames: tuple[str, ...]  # every Korean surname class its names can be read with
    birth_low: int | None
    birth_high: int | None
    birth_kind: str | None  # "year", "range" or "age"
    birth_date: str | None  # "YYYYMMDD" when the day is known: compared digit by digit
    sex: str | None
    event_year: int | None  # the year of the disappearance or arrest the record tells
    place_id: str | None
    province: str | None
    place_xy: tuple[float, float] | None  # the place's gazetteer position, in km
    relative_keys: tuple[str, ...]
    source: str | None = None  # the list or document the record comes from

    @property
    def birth_mid(self) -> int | None:
        if self.birth_low is None or self.birth_high is None:
            return None
        return (self.birth_low + self.birth_high) // 2


# Lists write a person's other names into the same cell: "김혜송(김순희)", "김혜송 / 김순희",
# "Kim Hye-song a.k.a. Kim Sun-hui", "김혜송 (일명 김순희)", "김혜송 일명 김순희", "김혜송, Kim
# Hye-song". Read whole, such a cell is no name at all; cut at brackets, slashes, semicolons
# and commas, and at the words that introduce an alias or another name (일명 "also called",
# 본명 "real name", 또는 / 혹은 "or"). The comma of "Kim, Hye-song" (surname first) stays.
_ALIAS_WORDS = r"a\.?k\.?a\.?|alias|also known as|일명|별명|가명|본명|이명|또는|혹은"
_NAME_SEPARATORS = re.compile(rf"[/;|()（）\[\]]|\s(?:{_ALIAS_WORDS})\s", re.IGNORECASE)
_ALIAS_WORD = re.compile(rf"^(?:{_ALIAS_WORDS})(?:[\s:.]+|$)", re.IGNORECASE)
# The one way of writing "not known" that holds a separator: cut at its slash, "N/A" gave a
# record the names N and A.
_NOT_APPLICABLE = re.compile(r"\bn/a\b", re.IGNORECASE)


def split_names(text: str) -> list[str]:
    """The names one cell holds, the first as written first. Left out: parts without a
    letter (an age in brackets), parts that say the name is unknown, and notes of sex, age
    or place in brackets or after a comma ("김혜송(여)", "Kim Hye-song (F, 48)", "김혜송,
    회령"): read as names, two women noted "(여)" shared a name."""
    parts = (
        _ALIAS_WORD.sub("", piece.strip())
        for part in _NAME_SEPARATORS.split(_NOT_APPLICABLE.sub("", text))
        for piece in _comma_parts(part)
    )
    kept = [part for part in (clean(p) for p in parts) if any(ch.isalpha() for ch in part)]
    return kept[:1] + [part for part in kept[1:] if not _is_note(part)]


def _comma_parts(part: str) -> list[str]:
    """``part`` cut at its commas, but for the comma after a surname written first: one
    Latin word, then a Latin given name ("KIM, Hye Song", as UN lists write names)."""
    pieces = part.split(",")
    first, rest = pieces[0].strip(), [p.strip() for p in pieces[1:]]
    if rest and _one_latin_word(first) and _latin(rest[0]) and not _is_note(rest[0]):
        return [f"{first}, {rest[0]}", *rest[1:]]
    return [first, *rest]


def _one_latin_word(text: str) -> bool:
    return _latin(text) and len(text.split()) == 1


def _latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(
        ch.isascii() or unicodedata.name(ch, "").startswith("LATIN") for ch in letters
    )


# Words of a note of age in brackets besides the number: "48세", "만 48세", "age 48".
_AGE_WORDS = frozenset(["세", "살", "만", "age", "aged", "years", "year", "old", "yrs", "y.o."])
# Words lists put in brackets after a name to say what became of the person, their part in
# the story or whose relative they are: "김혜송 (사망)", "박철 (브로커)", "(피해자 어머니)".
# Read as names they were keys of their own (사망 is 사 + 망), shared by every record noted
# alike. Kinship words of one syllable that are also given names (모, 부) are left out.
_NOTE_WORDS = frozenset([
    "사망", "사망자", "실종", "실종자", "행방불명", "생사불명", "생존", "구금", "수감", "석방",
    "처형", "공개처형", "북송", "강제송환", "송환", "체포", "납치", "탈북", "탈북민", "탈북자",
    "재입북", "추정",
    "피해자", "가해자", "증인", "목격자", "진술자", "제보자", "브로커", "보위원", "보위부원",
    "안전원", "정보원", "밀고자", "본인",
    "어머니", "아버지", "엄마", "아빠", "남편", "아내", "부인", "처", "딸", "아들", "언니", "누나",
    "오빠", "형", "동생", "남동생", "여동생", "할머니", "할아버지", "삼촌", "이모", "고모", "숙모",
    "사촌", "조카", "손자", "손녀", "며느리", "사위", "가족", "친척", "친구", "지인", "자녀",
    "victim", "witness", "perpetrator", "broker", "informant", "deceased", "dead", "died",
    "executed", "missing", "disappeared", "detained", "released", "repatriated", "arrested",
    "abducted", "mother", "father", "wife", "husband", "son", "daughter", "sister", "brother",
    "aunt", "uncle", "cousin", "niece", "nephew", "grandmother", "grandfather", "grandson",
    "granddaughter", "relative", "friend", "self",
])  # fmt: skip
_NOTE_SPLIT = re.compile(r"[\s,:;]+")
_POSSESSIVE = re.compile(r"(?:'s|’s|의)$")  # "victim's mother", "피해자의 어머니"


def _is_note(part: str) -> bool:
    """Whether a bracketed part notes the person's sex, age, fate, role, kin or place
    rather than a name."""
    words = [_POSSESSIVE.sub("", w) for w in _NOTE_SPLIT.split(part.casefold()) if w]
    if all(normal_sex(w) or _is_age_word(w) or w in _NOTE_WORDS for w in words):
        return True
    return _is_place_note(part)


def _is_age_word(word: str) -> bool:
    return word in _AGE_WORDS or bool(re.fullmatch(r"(?:만)?\d{1,3}(?:세|살|yo)?", word))


@lru_cache(maxsize=10_000)
def _is_place_note(part: str) -> bool:
    """A place the gazetteer names exactly ("회령", "Hoeryong", "North Hamgyong"), which
    does not also read as a Korean name (안주 is a town, and could be 안 + 주). A romanized
    name is written in two words or more, so one romanized word that names a place is the
    place, though "Kanggye" could be read Kang Gye."""
    found = places.find(part, limit=1)
    if not found or found[0].confidence < 0.95:
        return False
    if part.isascii() and len(part.split()) == 1:
        return True
    return not any(r.surname_candidates for r in readings(part))


# What lists and spreadsheet programs write for "not known": pandas' "nan", R's "NA",
# "unknown", 미상 / 불명 / 모름 (성명 미상: name unknown). Read as a value, two records
# "from 미상" agreed on their hometown and two "nan" shared a name.
MISSING = frozenset(
    ["na", "n/a", "nan", "null", "none", "unknown", "-", "?", "미상", "불명", "모름",
     "알수없음", "성명미상", "이름미상", "신원미상", "무명", "미확인"]
)  # fmt: skip


def clean(text: str | None) -> str:
    """NFKC, trimmed, inner whitespace collapsed; "" for nothing and for a word that says
    the value is not known (MISSING)."""
    if not text:
        return ""
    cleaned = " ".join(unicodedata.normalize("NFKC", str(text)).split())
    return "" if cleaned.casefold().replace(" ", "") in MISSING else cleaned


# Reports and lists withhold the given name to protect a person: 김○○, 김OO, 김**, 김××,
# "김 모씨" or 김모 (Kim so-and-so), 김아무개, "KIM XX", 김○송. Such a name says only the
# surname, and every 김○○ would share one comparison key ("kim:"), rare in the data and so,
# by its term frequency, strong evidence: anonymised strangers of one town and year were
# joined. A name that is a surname alone is left uncompared for the same reason; the record
# is still compared by its birth year, hometown and the rest.
_MASKED = re.compile(
    r"[○●◯〇◎□■△×✕*＊]|[?？]{2,}|_{2,}"  # one "?" is doubt ("김혜송?"), "_" a separator
    r"|(?<![\dA-Za-z])(?:O{2,3}|0{2,3}|X{2,3}|x{2,3}|O\.O\.|X\.X\.)(?![\dA-Za-z])"
    rf"|^(?:[가-힣]|{'|'.join(COMPOUND_SURNAMES)})\s?(?:모|모\s?씨|아무개)$"
    r"|某"
)


def _surname_alone(text: str) -> bool:
    """One romanized word that is a Korean surname ("Kim", "Mr. Pak"): the parser reads a
    lone word as a given name, but lists write it when only the surname is known."""
    words = re.findall(r"[^\W\d_]+", without_titles(text))
    return len(words) == 1 and words[0].isascii() and is_known_surname(words[0])


@lru_cache(maxsize=500_000)
def name_features(text: str) -> NameFeatures | None:
    """The keys of one name, or None when it has nothing to compare.

    Hangul candidates of Latin names (kirok.lib.names.hangul_candidates) were tried as a
    blocking key and a level; they found no true pair the keys did not (see
    docs/methodology/linkage.md) and cost a third of the feature time, so they are not used.
    """
    text = clean(text)
    if not text or len(text) > MAX_NAME_LENGTH or _MASKED.search(text):
        return None
    try:
        found = readings(text)
    except (ValueError, IndexError):  # a string the name parser cannot read at all
        found = ()
    if not found:
        folded = "".join(ch for ch in text.casefold() if ch.isalnum())
        return NameFeatures(folded, (folded,), "", folded) if folded else None
    first = found[0]
    if not first.given.key or _surname_alone(text):
        return None  # see _MASKED
    keys = tuple(dict.fromkeys(r.key for r in found))
    korean = tuple(dict.fromkeys(r.surname_class for r in found if r.surname_candidates))
    return NameFeatures(first.key, keys, first.surname_class, first.given.key, korean)


def birth_date(record: PersonRecord) -> datetime.date | None:
    """The full date of birth, when the record gives a real calendar day."""
    try:
        return datetime.date.fromisoformat(clean(record.birth_date)) if record.birth_date else None
    except ValueError:  # "1984-02-30", "1984": not a day
        return None


def birth_range(record: PersonRecord) -> tuple[int | None, int | None, str | None]:
    """(earliest, latest, how known): from the year, the full date, the range, or age at
    an event."""
    date = birth_date(record)
    year = record.birth_year if record.birth_year is not None else date and date.year
    if year is not None:
        return year, year, "year"
    if record.birth_year_range is not None:
        low, high = sorted(record.birth_year_range)
        return low, high, "range"
    if record.age_at_event is not None and record.event_year is not None:
        year = record.event_year - record.age_at_event
        return year - AGE_UNCERTAINTY, year + AGE_UNCERTAINTY, "age"
    return None, None, None


@lru_cache(maxsize=100_000)
def place(text: str) -> tuple[str | None, str | None]:
    """(place id, province id) for a hometown as written; unknown text stays as text. A
    slash separates the parts of an address as a comma does ("Hyesan/Ryanggang")."""
    text = clean(clean(text).replace("/", ", "))
    if not text:
        return None, None
    found = places.find(text, limit=1)
    if found:
        return found[0].place_id, found[0].admin1
    return "text:" + "".join(ch for ch in text.casefold() if ch.isalnum()), None


@lru_cache(maxsize=10_000)
def place_xy(place_id: str | None) -> tuple[float, float] | None:
    """Flat (x, y) kilometres of a gazetteer place with coordinates; None otherwise.

    A province is left out: its coordinates are a point inside a large area, and a record
    naming only the province is compared by the province instead. Cities at the level of a
    province (Pyongyang, Nampo) are cities: Pyongyang and Pyongsong, or Nampo, are
    neighbours.
    """
    entry = gazetteer.entries_by_id().get(place_id or "")
    if entry is None or entry.latitude is None or entry.longitude is None:
        return None
    if entry.level == "country" or (entry.level == "admin1" and entry.place_type not in CITIES):
        return None
    return entry.longitude * KM_PER_DEGREE_LONGITUDE, entry.latitude * KM_PER_DEGREE_LATITUDE


def normal_sex(value: str | None) -> str | None:
    """ "male", "female" or None, from the usual ways of writing it."""
    if not value:
        return None
    text = clean(value).casefold()
    if (sex := SEXES.get(text.rstrip("."))) is not None:
        return sex
    # "F (여)", "여(F)", "Female / 여성": every word says the same sex.
    said = {SEXES.get(word.rstrip(".")) for word in re.findall(r"[^\W\d_]+\.?", text)}
    return said.pop() if len(said) == 1 and None not in said else None


def record_features(index: int, record: PersonRecord) -> RecordFeatures:
    """Every column of one record."""
    names = tuple(dict.fromkeys(part for n in record.names for part in split_names(clean(n))))
    per_name = [f for f in (name_features(n) for n in names) if f is not None]
    low, high, kind = birth_range(record)
    date = birth_date(record)
    place_id, province = place(record.hometown or "")
    relatives = [name_features(n) for n in record.relatives]
    return RecordFeatures(
        index=index,
        record_id=record.record_id,
        names=names,
        name=per_name[0] if per_name else None,
        name_keys=tuple(dict.fromkeys(k for f in per_name for k in f.keys)),
        korean_surnames=tuple(sorted({s for f in per_name for s in f.korean_surnames})),
        birth_low=low,
        birth_high=high,
        birth_kind=kind,
        birth_date=date.strftime("%Y%m%d") if date else None,
        sex=normal_sex(record.sex),
        event_year=record.event_year,
        place_id=place_id,
        province=province,
        place_xy=place_xy(place_id),
        relative_keys=tuple(sorted({f.key for f in relatives if f is not None})),
        source=clean(record.source).casefold() or None,
    )
