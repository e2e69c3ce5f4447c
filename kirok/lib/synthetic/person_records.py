"""Person records as documenters would create them from the sources.

A person named by several sources is often entered more than once: a partner list gives
"Kim Hye Song, 1984", a testimony 김혜송 born around 1985, a UN document "Ms. Kim Hye-song".
Here each mention of a human by a source is mapped to a record; for about a third of the
humans described by two or more sources the mentions stay in separate records with their
own spellings, birth dates and gaps. Witnesses who speak under a pseudonym always get a
record of their own: nobody could have known who they are.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from kirok.lib.synthetic import names, timeline
from kirok.lib.synthetic.dataset import DemoName
from kirok.lib.synthetic.source_plans import Coverage, SourcePlan
from kirok.lib.synthetic.timeline import Uncertain
from kirok.lib.synthetic.world import Human, World

SPLIT_SHARE = 0.6  # of humans with several named mentions, how many stay in separate records
NEWS_PSEUDONYM_SHARE = 0.08
# The Latin spelling each kind of English-language source prefers (style: weight).
LATIN_STYLES_BY_KIND = {
    "un_document": {"mr_plain": 5, "rr": 4, "dprk": 1},
    "news_article": {"rr": 5, "rr_joined": 2, "dprk": 2, "given_first": 2, "popular": 2},
    "ngo_report": {"mr": 4, "rr": 4, "mr_plain": 2},
}
# Most names in a document follow its style; some were typed in by someone else.
OFF_STYLE_SHARE = 0.15
# Kinds that name the informants and brokers, not only the victims and their families.
NAMES_INFORMANTS = ("testimony", "ngo_report", "court_record", "news_article", "other")


@dataclass
class Mention:
    source: str
    human: str
    story: str
    role: str  # victim, relative, informant or narrator
    pseudonymous: bool = False  # the source hides the person behind an invented name
    names: tuple[DemoName, ...] = ()  # as this source writes them, the one used first


@dataclass
class PersonRecord:
    key: str
    human: str
    mentions: list[Mention] = field(default_factory=list)
    birth: Uncertain | None = None
    hometown: str = ""
    birthplace: str = ""
    sex: str = "unknown"
    nationality: str = ""
    status: str = "unknown"
    occupation: str = ""
    consent: tuple[bool, bool, bool] = (False, False, False)

    @property
    def names(self) -> list[DemoName]:
        found: list[DemoName] = []
        for mention in self.mentions:
            for name in mention.names:
                if all(name.text != other.text for other in found):
                    found.append(name)
        return found


@dataclass
class Records:
    persons: list[PersonRecord]
    by_mention: dict[tuple[str, str], PersonRecord]  # (source key, human key) → record

    def of(self, source: str, human: str) -> PersonRecord | None:
        return self.by_mention.get((source, human))


def make_records(rng: random.Random, world: World, coverage: Coverage) -> Records:
    sources = {source.key: source for source in coverage.sources}
    mentions = _mentions(world, coverage, sources)
    in_proceedings = {proceeding.victim for proceeding in coverage.proceedings}
    # One document spells every name the same way: one romanization style per source.
    styles = {source.key: _latin_style(rng, source) for source in coverage.sources}
    persons: list[PersonRecord] = []
    by_mention: dict[tuple[str, str], PersonRecord] = {}
    for human_key, found in mentions.items():
        human = world.humans[human_key]
        for number, group in enumerate(_group_mentions(rng, found, sources)):
            record = PersonRecord(f"P{len(persons) + 1:05d}", human_key, group)
            for mention in group:
                source = sources[mention.source]
                mention.names = _names_in(rng, human, source, mention, styles[source.key])
                by_mention[(mention.source, human_key)] = record
            _describe(rng, record, human, sources[group[0].source], number,
                      human_key in in_proceedings)  # fmt: skip
            persons.append(record)
    return Records(persons, by_mention)


def _mentions(world: World, coverage: Coverage, sources: dict[str, SourcePlan]):
    """Every (source, human) pair, grouped by human, primary sources first."""
    found: dict[str, list[Mention]] = {}
    for story in world.stories:
        for source_key in coverage.citations[story.key]:
            source = sources[source_key]
            cast = [(key, "victim") for key in story.victims]
            cast += [(key, "relative") for key in story.relatives]
            if source.kind in NAMES_INFORMANTS:
                cast += [(key, "informant") for key in story.informants]
            for human, role in cast:
                if source.narrator == human:
                    role = "narrator"
                found.setdefault(human, []).append(Mention(source_key, human, story.key, role))
    return found


def _group_mentions(rng: random.Random, mentions: list[Mention], sources) -> list[list[Mention]]:
    for mention in mentions:
        mention.pseudonymous = mention.role == "narrator" or _pseudonymous(rng, mention, sources)
    alone = [m for m in mentions if m.pseudonymous]
    named = [m for m in mentions if not m.pseudonymous]
    groups = [[mention] for mention in alone]
    if len(named) >= 2 and rng.random() < SPLIT_SHARE:
        count = min(len(named), rng.choice([2, 2, 3]))
        split: list[list[Mention]] = [[m] for m in named[:count]]
        for mention in named[count:]:
            rng.choice(split).append(mention)
        groups += split
    elif named:
        groups.append(named)
    return groups


def _pseudonymous(rng: random.Random, mention: Mention, sources) -> bool:
    # A news report may protect a victim still at risk with an invented name.
    kind = sources[mention.source].kind
    return (
        kind == "news_article"
        and mention.role == "victim"
        and (rng.random() < NEWS_PSEUDONYM_SHARE)
    )


def _latin_style(rng: random.Random, source: SourcePlan | None) -> str:
    """A romanization style, as a source of this kind (or any, for None) would use."""
    styles = LATIN_STYLES_BY_KIND.get(source.kind if source else "", names.LATIN_STYLES)
    return rng.choices(list(styles), weights=list(styles.values()))[0]


def _names_in(rng: random.Random, human: Human, source: SourcePlan, mention: Mention,
              style: str):  # fmt: skip
    """The names a source gives: one spelling, sometimes with the Hangul beside it."""
    if mention.pseudonymous:
        invented = names.draw_name(rng, human.sex)
        if source.language == "ko":
            return (names.hangul_name(invented, kind="pseudonym"),)
        return (names.latin_name(rng, invented, "rr", kind="pseudonym"),)
    if source.language == "ko":
        spelling = (
            "dprk"
            if source.kind == "official_document"
            else ("south_variant" if rng.random() < 0.3 else "south")
        )
        return (names.hangul_name(human.name, spelling),)
    if rng.random() < OFF_STYLE_SHARE:
        style = _latin_style(rng, None)
    latin = names.latin_name(rng, human.name, style)
    if source.kind in ("ngo_report", "partner_list") and rng.random() < 0.5:
        return latin, names.hangul_name(human.name)
    return (latin,)


BIRTH_PRECISION = {
    "official_document": {"day": 1},
    "partner_list": {"year": 6, "day": 2, "month": 1},
    "un_document": {"year": 5, "day": 2},
    "news_article": {"year_approx": 3, "years": 2},
}


def _describe(rng: random.Random, record: PersonRecord, human: Human, source: SourcePlan,
              number: int, in_proceeding: bool) -> None:  # fmt: skip
    """What this record says about the human: mostly right, sometimes vague or off."""
    first = number == 0
    role = record.mentions[0].role
    record.birth = _birth(rng, human.birth, source.kind, first)
    keeps_hometown = 0.6 if record.mentions[0].pseudonymous else 0.9
    record.hometown = human.hometown if rng.random() < keeps_hometown else ""
    record.birthplace = human.birthplace if rng.random() < 0.5 else ""
    record.sex = human.sex if rng.random() < 0.97 else "unknown"
    record.nationality = human.nationality if rng.random() < 0.95 else ""
    current = role == "victim" and (first or rng.random() < 0.85)
    record.status = human.status if current else "unknown"
    record.occupation = _occupation(rng, human, source.language)
    if role == "informant":
        record.consent = (False, False, False)
    elif role == "narrator":
        record.consent = (True, rng.random() < 0.6, rng.random() < 0.15)
    else:
        record.consent = (True, in_proceeding or rng.random() < 0.4, rng.random() < 0.1)


def _birth(rng: random.Random, born: dt.date, kind: str, first: bool) -> Uncertain | None:
    if rng.random() < (0.05 if first else 0.12):
        return None
    year = born.year
    if not first and rng.random() < 0.25:  # another source remembers the year differently
        year += rng.choice([-2, -1, 1, 2])
        born = born.replace(year=year, day=min(born.day, 28))
    if year < 1950 and rng.random() < 0.25:
        return timeline.before_year(year // 5 * 5 + 5)  # "born before 1950"
    weights = BIRTH_PRECISION.get(kind, {"year": 5, "year_approx": 3})
    shape = rng.choices(list(weights), weights=list(weights.values()))[0]
    if shape == "years":  # "aged 28" in a given year: one of two birth years
        return timeline.between_years(year - 1, year) if year > 1936 else timeline.year_of(born)
    return {"day": timeline.exact_day, "month": timeline.month_of, "year": timeline.year_of,
            "year_approx": lambda d: timeline.around_year(d.year)}[shape](born)  # fmt: skip


def _occupation(rng: random.Random, human: Human, language: str) -> str:
    roll = rng.random()
    if roll < 0.3:
        return ""
    korean, english = human.occupation
    if roll < 0.4:
        return f"{korean} ({english})"
    return korean if language == "ko" else english
