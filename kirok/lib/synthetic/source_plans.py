"""Which sources tell which stories, and what has been done about them (proceedings).

Every story is told by one to three sources, the first of which is its *primary* source: the
one a documenter would have entered the incident from. Testimonies tell the witness's own
story first; NGO reports and partner lists cover many; UN documents cover cases of enforced
disappearance that the Working Group has transmitted.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from kirok.lib.synthetic import timeline
from kirok.lib.synthetic.timeline import Uncertain
from kirok.lib.synthetic.world import Story, World

SOURCES_PER_SCALE = {"testimony": 26, "news_article": 12, "ngo_report": 8,
                     "official_document": 6, "court_record": 4, "partner_list": 8,
                     "un_document": 8, "other": 8}  # fmt: skip
# How many stories one source of each kind tells (at least, at most).
CAPACITY = {"testimony": (1, 3), "news_article": (1, 2), "ngo_report": (6, 14),
            "official_document": (3, 8), "court_record": (1, 2), "partner_list": (10, 20),
            "un_document": (4, 8), "other": (1, 2)}  # fmt: skip
LANGUAGES = {"testimony": ("ko",), "news_article": ("en",), "ngo_report": ("en", "ko"),
             "official_document": ("ko",), "court_record": ("ko",), "partner_list": ("ko", "en"),
             "un_document": ("en",), "other": ("ko",)}  # fmt: skip
# Reliability (A–F) and credibility (1–6) grades a documenter tends to give each kind.
RELIABILITY = {"testimony": "bbccf", "news_article": "bccdd", "ngo_report": "abbbc",
               "official_document": "abbce", "court_record": "aaab", "partner_list": "bbccf",
               "un_document": "aaab", "other": "cddef"}  # fmt: skip
CREDIBILITY = {"testimony": "22336", "news_article": "23345", "ngo_report": "12223",
               "official_document": "12234", "court_record": "1112", "partner_list": "22336",
               "un_document": "1122", "other": "34456"}  # fmt: skip
CITATIONS = {1: 50, 2: 32, 3: 18}
LAST_SOURCE_DAY = dt.date(2025, 12, 31)
# The Working Group needs time to transmit a case before its report can mention it.
UN_CUTOFF = dt.date(2023, 6, 30)
OTHER_FORUMS = ("wgad", "special_rapporteur", "family_petition", "national_court",
                "treaty_body", "other")  # fmt: skip


@dataclass
class SourcePlan:
    key: str
    kind: str
    language: str
    capacity: int
    reliability: str
    credibility: str
    stories: list[str] = field(default_factory=list)
    narrator: str = ""  # the witness of a testimony (a human key)
    published: Uncertain | None = None
    collected: Uncertain | None = None


@dataclass
class ProceedingPlan:
    key: str
    forum: str
    story: str
    victim: str
    status: str
    reference: str
    filed: Uncertain
    last_action: Uncertain | None
    transmitted: dt.date | None
    reported_by: str = ""  # the source that tells of it (a UN document when there is one)


@dataclass
class Coverage:
    sources: list[SourcePlan]
    citations: dict[str, list[str]]  # story key → source keys, primary first
    proceedings: list[ProceedingPlan]


def plan_coverage(rng: random.Random, world: World, scale: int) -> Coverage:
    sources = _make_sources(rng, scale)
    citations: dict[str, list[str]] = {story.key: [] for story in world.stories}
    stories = {story.key: story for story in world.stories}
    _tell_own_stories(world, sources, citations)
    _give_every_source_a_story(rng, world, sources, citations)
    _fill_citations(rng, world, sources, citations)
    for source in sources:
        for story_key in source.stories:
            assert source.key in citations[story_key]
    proceedings = _plan_proceedings(rng, world, sources, citations)
    _date_sources(rng, sources, stories, proceedings)
    return Coverage(sources, citations, proceedings)


def _make_sources(rng: random.Random, scale: int) -> list[SourcePlan]:
    kinds = [kind for kind, count in SOURCES_PER_SCALE.items() for _ in range(count * scale)]
    rng.shuffle(kinds)
    sources = []
    for number, kind in enumerate(kinds, start=1):
        low, high = CAPACITY[kind]
        sources.append(SourcePlan(
            key=f"SRC{number:05d}",
            kind=kind,
            language=rng.choice(LANGUAGES[kind]),
            capacity=rng.randint(low, high),
            reliability=rng.choice(RELIABILITY[kind]),
            credibility=rng.choice(CREDIBILITY[kind]),
        ))  # fmt: skip
    return sources


def fits_kind(kind: str, story: Story) -> bool:
    """Whether a source of this kind would plausibly tell this story."""
    if kind == "testimony":  # besides their own, witnesses tell of people held with them
        return story.kind in ("repatriation", "abduction", "domestic")
    if kind == "official_document":
        return story.kind in ("repatriation", "abduction", "domestic", "family")
    if kind == "court_record":
        return bool(story.informants)
    if kind == "un_document":
        return story.last_day <= UN_CUTOFF and any(
            step.violation == "enforced_disappearance" for step in story.steps
        )
    if kind == "other":
        return story.kind in ("family", "informant", "banishment")
    return True


def _cite(source: SourcePlan, story: Story, citations: dict[str, list[str]]) -> None:
    source.stories.append(story.key)
    citations[story.key].append(source.key)


def _tell_own_stories(world: World, sources: list[SourcePlan], citations) -> None:
    """Each testimony's witness tells their own story first (as the primary source)."""
    untold = [story for story in world.stories if story.narrator]
    for source in (s for s in sources if s.kind == "testimony"):
        if not untold:
            break
        story = untold.pop(0)
        source.narrator = story.narrator
        _cite(source, story, citations)


def _give_every_source_a_story(rng: random.Random, world: World, sources, citations) -> None:
    """Each source gets one of the stories told least so far that suits its kind."""
    for kind in SOURCES_PER_SCALE:
        waiting = [s for s in sources if s.kind == kind and not s.stories]
        candidates = [story for story in world.stories if fits_kind(kind, story)]
        if not waiting or not candidates:
            continue
        rng.shuffle(candidates)
        candidates.sort(key=lambda story: len(citations[story.key]))  # stable: random ties
        for index, source in enumerate(waiting):
            _cite(source, candidates[index % len(candidates)], citations)


def _fill_citations(rng: random.Random, world: World, sources, citations) -> None:
    """Give each story one to three sources, drawing on sources that still have room, each
    in proportion to the room it has left."""
    open_by_kind: dict[str, list[SourcePlan]] = {kind: [] for kind in SOURCES_PER_SCALE}
    for source in sources:
        if len(source.stories) < source.capacity:
            open_by_kind[source.kind].append(source)
    most_room = max((source.capacity for source in sources), default=1)
    lists = [s for s in sources if s.kind in ("partner_list", "ngo_report")]
    for story in world.stories:
        wanted = rng.choices(list(CITATIONS), weights=list(CITATIONS.values()))[0]
        groups = [group for kind, group in open_by_kind.items() if fits_kind(kind, story)]
        while len(citations[story.key]) < wanted:
            chosen = _draw_open_source(rng, groups, citations[story.key], most_room)
            if chosen is None:
                break
            _cite(chosen, story, citations)
        if not citations[story.key]:  # every story is told somewhere: a long list takes it
            _cite(min(lists, key=lambda s: len(s.stories) - s.capacity), story, citations)


def _draw_open_source(rng: random.Random, groups: list[list[SourcePlan]], cited: list[str],
                      most_room: int) -> SourcePlan | None:  # fmt: skip
    """A source with room, not yet citing the story, drawn with probability in proportion
    to its room left (by rejection, so that a draw costs the same among 40,000 sources as
    among 40); full sources are dropped from their group as they are met."""
    for _attempt in range(1000):
        sizes = [len(group) for group in groups]
        if not any(sizes):
            return None
        group = rng.choices(groups, weights=sizes)[0]
        index = rng.randrange(len(group))
        source = group[index]
        room = source.capacity - len(source.stories)
        if room <= 0:
            group[index] = group[-1]
            group.pop()
            continue
        if source.key not in cited and rng.random() * most_room < room:
            return source
    return None


# Kinds of source that would mention a submission made on behalf of a victim.
REPORTS_PROCEEDINGS = ("ngo_report", "partner_list", "news_article", "testimony", "other")


def _plan_proceedings(rng: random.Random, world: World, sources, citations):
    by_key = {source.key: source for source in sources}
    proceedings: list[ProceedingPlan] = []
    for story in world.stories:
        cited = [by_key[key] for key in citations[story.key]]
        un_sources = [s.key for s in cited if s.kind == "un_document"]
        others = [s.key for s in cited if s.kind in REPORTS_PROCEEDINGS]
        for step in story.steps:
            if step.violation != "enforced_disappearance":
                continue
            # Without a UN document, a submission is known only if a source mentions it.
            if not un_sources and (not others or rng.random() > 0.35):
                continue
            plan = _proceeding(rng, len(proceedings) + 1, story, step, bool(un_sources))
            plan.reported_by = (un_sources or others or [""])[0]
            proceedings.append(plan)
    return proceedings


def _proceeding(rng: random.Random, number: int, story: Story, step, before_un: bool):
    filed_day = _later(rng, step.day, 60, 600)
    transmitted = _later(rng, filed_day, 30, 180)
    if before_un:
        forum = "wgeid"
        status = rng.choices(["transmitted", "replied", "outstanding", "clarified"],
                             [35, 25, 30, 10])[0]  # fmt: skip
    else:
        forum = "wgeid" if rng.random() < 0.5 else OTHER_FORUMS[number % len(OTHER_FORUMS)]
        status = "submitted" if forum == "wgeid" else rng.choice(["submitted", "outstanding",
                                                                  "closed"])  # fmt: skip
    last = {
        "submitted": None,
        "transmitted": transmitted,
        "replied": _later(rng, transmitted, 60, 240),
        "outstanding": _later(rng, transmitted, 365, 730),
        "clarified": _later(rng, transmitted, 90, 365),
        "closed": _later(rng, filed_day, 180, 720),
    }[status]
    precision = {"day": 6, "month": 2}
    return ProceedingPlan(
        key=f"PRC{number:05d}",
        forum=forum,
        story=story.key,
        victim=step.victim,
        status=status,
        reference=_reference(forum, filed_day.year, number),
        filed=timeline.blur(rng, filed_day, precision),
        last_action=timeline.exact_day(last) if last else None,
        transmitted=transmitted if status not in ("submitted", "closed") else None,
    )


def _reference(forum: str, year: int, number: int) -> str:
    # Visibly fictional reference numbers: they must never match a real case file.
    if forum == "family_petition":
        return ""
    return f"{forum.upper().replace('_', '-')}/DEMO/{year}/{number:04d}"


def _later(rng: random.Random, day: dt.date, low: int, high: int) -> dt.date:
    return min(day + dt.timedelta(days=rng.randint(low, high)), LAST_SOURCE_DAY)


def _date_sources(rng: random.Random, sources, stories: dict[str, Story], proceedings) -> None:
    """Published after the last event a source tells of (including the last step of the
    proceedings it reports), collected after publication; unpublished material is only
    collected."""
    reported: dict[str, list[dt.date]] = {}
    for proceeding in proceedings:
        if proceeding.reported_by:
            newest = proceeding.last_action or proceeding.filed
            reported.setdefault(proceeding.reported_by, []).append(newest.latest)
    for source in sources:
        newest = max([stories[key].last_day for key in source.stories]
                     + reported.get(source.key, []))  # fmt: skip
        if source.kind in ("testimony", "partner_list", "other"):
            collected = _later(rng, newest, 20, 500)
        else:
            delay = (20, 120) if source.kind == "un_document" else (10, 300)
            published = _later(rng, newest, *delay)
            shapes = {"day": 1} if source.kind == "un_document" else {"day": 6, "month": 3}
            source.published = timeline.blur(rng, published, shapes)
            collected = _later(rng, published, 0, 120)
        source.collected = timeline.blur(rng, collected, {"day": 5, "month": 3})
