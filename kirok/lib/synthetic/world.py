"""The hidden truth behind the demo: fictional people and what happened to them.

A *story* is one incident as it really happened: its victims, the named relatives and
informants around them, and every act, on its true day, with the date a source would give.
Sources (see planning.py) later describe stories, each in its own words and spellings.

Six kinds of story follow the patterns that documentation of North Korea's state security
organs reports: arrest in China and forced repatriation, abduction from China, punishment of
the family of someone who fled, arrest at home, coercion of relatives into informing, and
banishment of a family.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from functools import cached_property

from kirok.lib.synthetic import reference, timeline
from kirok.lib.synthetic.names import COMMON_NAME_CLUSTERS, KoreanName, draw_name
from kirok.lib.synthetic.timeline import Uncertain

STORIES_PER_SCALE = 210
STORY_KINDS = {"repatriation": 38, "abduction": 8, "family": 22, "domestic": 14,
               "informant": 10, "banishment": 8}  # fmt: skip
# The first stories are fixed so that every violation type appears even in a small data set.
OPENING = (("repatriation", "camp"), ("domestic", "execution"), ("domestic", "kyohwaso"),
           ("abduction", ""), ("family", "disappeared"), ("informant", ""),
           ("banishment", ""))  # fmt: skip
LAST_DAY = dt.date(2024, 12, 31)
BIRTH_YEARS = (1938, 2007)  # leaves room for a source misstating a year by two

OCCUPATIONS = (("노동자", "labourer"), ("농장원", "farm worker"), ("교원", "teacher"),
               ("장사꾼", "trader"), ("광부", "miner"), ("간호사", "nurse"), ("운전수", "driver"),
               ("사무원", "office worker"), ("제대군인", "discharged soldier"),
               ("가정주부", "housewife"), ("의사", "doctor"),
               ("무직", "no occupation"))  # fmt: skip
REASONS = (
    ("phone calls to relatives in South Korea", "한국에 있는 가족과 전화 통화를 한 혐의"),
    ("watching South Korean television dramas", "한국 드라마를 시청한 혐의"),
    ("helping neighbours to cross the border", "이웃의 탈북을 도운 혐의"),
    ("trading with Chinese partners without permission", "허가 없이 중국과 거래한 혐의"),
    ("keeping a Bible at home", "집에 성경을 보관한 혐의"),
)


@dataclass
class Human:
    key: str
    name: KoreanName
    sex: str
    birth: dt.date
    hometown: str
    birthplace: str
    occupation: tuple[str, str]  # (Korean, English)
    nationality: str = "KP"
    status: str = "unknown"


@dataclass(frozen=True)
class Step:
    """One act as it happened: the true day and the date as sources give it."""

    victim: str
    sequence: int
    violation: str
    day: dt.date
    date: Uncertain
    place: str
    perpetrators: tuple[tuple[str, str, str], ...]  # (organization code, human key, role)


@dataclass(frozen=True)
class GroupCount:
    """The number of victims as a source reported it, when more were taken than are named."""

    exact: int | None
    low: int | None
    high: int | None
    words_en: str
    words_ko: str


@dataclass
class Story:
    key: str
    kind: str
    place: str
    victims: list[str] = field(default_factory=list)
    relatives: list[str] = field(default_factory=list)  # named, not victims (e.g. who fled)
    informants: list[str] = field(default_factory=list)
    relations: list[tuple[str, str, str]] = field(default_factory=list)  # subject, kind, object
    steps: list[Step] = field(default_factory=list)
    fled: Uncertain | None = None
    reason: tuple[str, str] | None = None
    group: GroupCount | None = None
    narrator: str = ""

    def steps_of(self, victim: str) -> list[Step]:
        return [step for step in self.steps if step.victim == victim]

    # Read only once the story is complete (sources are planned after the world is built).
    @cached_property
    def first_day(self) -> dt.date:
        return min(step.day for step in self.steps)

    @cached_property
    def last_day(self) -> dt.date:
        return max(step.day for step in self.steps)


@dataclass
class World:
    humans: dict[str, Human]
    stories: list[Story]


def build_world(rng: random.Random, scale: int) -> World:
    builder = WorldBuilder(rng, scale)
    total = STORIES_PER_SCALE * scale
    for index in range(total):
        kind, outcome = OPENING[index] if index < len(OPENING) else (_story_kind(rng), "")
        builder.story(kind, outcome)
    return World(builder.humans, builder.stories)


def _story_kind(rng: random.Random) -> str:
    return rng.choices(list(STORY_KINDS), weights=list(STORY_KINDS.values()))[0]


class WorldBuilder:
    def __init__(self, rng: random.Random, scale: int) -> None:
        self.rng = rng
        self.humans: dict[str, Human] = {}
        self.stories: list[Story] = []
        self._province_deck: list[str] = []
        self._namesakes = [
            (name, sex, year)
            for name, sex, year, count in COMMON_NAME_CLUSTERS
            for _ in range(count * scale)
        ]
        self._dates: dict[tuple, Uncertain] = {}

    # --- people ------------------------------------------------------------------------

    def person(self, sex: str, birth_year: int, hometown: str, nationality: str = "KP",
               family: str = "", victim: bool = False) -> str:  # fmt: skip
        """A new human; ``family`` fixes the surname (children take their father's). Some
        victims are given one of the common names that several different people share."""
        rng = self.rng
        name = draw_name(rng, sex)
        if family:
            name = KoreanName(family, name.given)
        namesake = self._take_namesake(sex, birth_year) if victim and not family else None
        if namesake:
            name, birth_year = namesake
        year = min(max(birth_year, BIRTH_YEARS[0]), BIRTH_YEARS[1])
        birth = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
        birthplace = hometown if rng.random() < 0.7 else self.hometown(deal=False)
        key = f"H{len(self.humans) + 1:05d}"
        self.humans[key] = Human(
            key, name, sex, birth, hometown, birthplace, self._occupation(sex, year), nationality
        )
        return key

    def _take_namesake(self, sex: str, birth_year: int) -> tuple[KoreanName, int] | None:
        # Adults of the right sex and generation may receive one of the shared common names.
        for index, (name, wanted_sex, year) in enumerate(self._namesakes):
            if wanted_sex == sex and abs(year - birth_year) <= 15 and self.rng.random() < 0.25:
                del self._namesakes[index]
                return name, year + self.rng.randint(-2, 2)
        return None

    def _occupation(self, sex: str, birth_year: int) -> tuple[str, str]:
        if birth_year >= 2000:
            return ("학생", "student")
        if sex == "male" and self.rng.random() < 0.1:
            return ("군인", "soldier")
        return self.rng.choice(OCCUPATIONS[:-2] if sex == "male" else OCCUPATIONS)

    def hometown(self, deal: bool = True, province: str = "") -> str:
        """A current city or county; ``deal`` first deals every province once."""
        rng = self.rng
        if not province and deal and not self._province_deck and len(self.stories) < 60:
            self._province_deck = list(reference.KP_PROVINCES)
            rng.shuffle(self._province_deck)
        if not province and deal and self._province_deck:
            province = self._province_deck.pop()
        if not province:
            weights = reference.PROVINCE_WEIGHTS
            province = rng.choices(list(weights), weights=list(weights.values()))[0]
        towns = reference.hometowns_by_province()[province]
        return rng.choices(towns, weights=reference.town_weights(province))[0]

    def fled_year(self, story: Story) -> int:
        return story.fled.latest.year if story.fled and story.fled.latest else LAST_DAY.year

    def relative(self, anchor: str, kind: str) -> str:
        """A family member of ``anchor``: kind is mother, father, sibling, spouse or child."""
        rng, base = self.rng, self.humans[anchor]
        year = base.birth.year + {
            "mother": -rng.randint(20, 32), "father": -rng.randint(22, 36),
            "sibling": rng.randint(-8, 8), "spouse": rng.randint(-4, 6),
            "child": rng.randint(20, 30),
        }[kind]  # fmt: skip
        sex = {"mother": "female", "father": "male"}.get(kind) or rng.choice(["female", "male"])
        if kind == "spouse":
            sex = "male" if base.sex == "female" else "female"
        # Korean women keep their surname at marriage; children take the father's.
        shares_surname = kind in ("father", "sibling") or (kind == "child" and base.sex == "male")
        family = base.name.family if shares_surname else draw_name(rng, sex).family
        return self.person(sex, year, base.hometown, family=family)

    # --- dates ---------------------------------------------------------------------------

    def incident_day(self) -> dt.date:
        # Fewer reports from the border-closure years 2020–2024 than from 2008–2019.
        years = list(range(2000, 2025))
        weights = [3 if 2008 <= y <= 2019 else (1 if y >= 2020 else 2) for y in years]
        year = self.rng.choices(years, weights=weights)[0]
        span = 90 if year == 2024 else 365
        return dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randrange(span))

    def later(self, day: dt.date, low: int, high: int) -> dt.date:
        return min(day + dt.timedelta(days=self.rng.randint(low, high)), LAST_DAY)

    def dated(self, story: Story, victim: str, violation: str, day: dt.date, place: str,
              perpetrators: list[tuple[str, str, str]]) -> None:  # fmt: skip
        """Add an act. Acts shared by a group get one date. A victim's path never goes back
        in time: a vague date that would start before the previous act is narrowed to the
        month, the part of the month or, failing those, the day."""
        previous = story.steps_of(victim)
        key = (story.key, violation, day, place)
        date = self._dates.get(key) or timeline.blur(self.rng, day)
        if previous:
            after = previous[-1].date.earliest or day
            options = (date, timeline.month_of(day), timeline.part_of_month(day))
            date = next((d for d in options if d.earliest and d.earliest >= after),
                        timeline.exact_day(day))  # fmt: skip
        self._dates.setdefault(key, date)
        step = Step(victim, len(previous) + 1, violation, day, date, place, tuple(perpetrators))
        story.steps.append(step)

    # --- stories ---------------------------------------------------------------------------

    def story(self, kind: str, outcome: str) -> Story:
        key = f"S{len(self.stories) + 1:05d}"
        build = getattr(self, f"_{kind}")
        story = build(key, outcome)
        self.stories.append(story)
        return story

    def _age(self, day: dt.date, low: int, high: int) -> int:
        return day.year - self.rng.randint(low, high)

    def _group(self, story: Story, women: bool) -> None:
        """Sometimes the source says how many were taken in all: "about 20 women"."""
        rng, named = self.rng, len(story.victims)
        roll = rng.random()
        if roll < 0.15:
            size = rng.choice([10, 15, 20, 30])
            noun_en, noun_ko = ("women", "여성 ") if women else ("people", "")
            story.group = GroupCount(None, size - 5, size + 5, f"about {size} {noun_en}",
                                     f"{noun_ko}{size}여 명")  # fmt: skip
        elif roll < 0.25:
            story.group = GroupCount(None, 20, 99, "dozens of people", "수십 명")
        elif roll < 0.35:
            low = named + rng.randint(2, 6)
            story.group = GroupCount(None, low, None, f"at least {low} people", f"최소 {low}명")
        else:
            story.group = GroupCount(named, None, None, f"{named} named", f"{named}명")

    def _repatriation(self, key: str, outcome: str) -> Story:
        rng = self.rng
        corridor = rng.choices(reference.CORRIDORS, weights=reference.CORRIDOR_WEIGHTS)[0]
        arrest_place = rng.choice(corridor.arrest_places)
        police = reference.chinese_police_for(corridor, arrest_place)
        story = Story(key, "repatriation", arrest_place)
        day = self.incident_day()
        home_province = reference.province_of(corridor.holding_site)
        for index in range(rng.choices([1, 2, 3], weights=[55, 30, 15])[0]):
            sex = "female" if rng.random() < 0.75 else "male"
            near = rng.random() < 0.6
            town = self.hometown(deal=False, province=home_province if near else "")
            story.victims.append(self.person(sex, self._age(day, 17, 50), town, victim=True))
            if index == 1 and rng.random() < 0.3 and self._make_daughter(story, day):
                story.relations.append((story.victims[0], "mother_of", story.victims[1]))
        informer = []
        if rng.random() < 0.12:  # a broker who sold them out: a Chinese or a North Korean
            chinese = rng.random() < 0.5
            home = arrest_place if chinese else self.hometown(deal=False)
            broker = self.person("male", self._age(day, 30, 55), home, "CN" if chinese else "KP")
            story.informants.append(broker)
            informer = [("", broker, "informant")]
        handed_over = self.later(day, 7, 45)
        held = self.later(handed_over, 0, 1)
        for number, victim in enumerate(story.victims):
            self.dated(
                story,
                victim,
                "arbitrary_arrest",
                day,
                arrest_place,
                [(police, "", "perpetrator"), *informer],
            )
            self.dated(
                story,
                victim,
                "forced_repatriation",
                handed_over,
                corridor.crossing,
                [(police, "", "perpetrator"), ("border-guard", "", "accomplice")],
            )
            self.dated(
                story,
                victim,
                "arbitrary_detention",
                held,
                corridor.holding_site,
                [(corridor.county_security, "", "perpetrator")],
            )
            forced = outcome if number == 0 else ""
            self._in_custody(story, victim, held, corridor, forced)
        self._group(story, women=True)
        return story

    def _make_daughter(self, story: Story, day: dt.date) -> bool:
        """A mother and daughter caught together: make the second victim the first's daughter
        when the first is a woman old enough to have an adult daughter."""
        mother, daughter = (self.humans[key] for key in story.victims[:2])
        if mother.sex != "female" or day.year - mother.birth.year < 40:
            return False
        year = mother.birth.year + self.rng.randint(20, 24)
        daughter.sex, daughter.hometown = "female", mother.hometown
        daughter.birth = daughter.birth.replace(year=min(year, day.year - 16), month=1, day=1)
        return True

    def _in_custody(self, story: Story, victim: str, held: dt.date,
                    corridor: reference.Corridor, outcome: str) -> None:  # fmt: skip
        rng, human = self.rng, self.humans[victim]
        site, county = corridor.holding_site, corridor.county_security
        day = held
        if outcome or rng.random() < 0.75:
            day = self.later(day, 2, 20)
            self.dated(story, victim, "torture", day, site, [(county, "", "perpetrator")])
        if human.sex == "female" and (outcome or rng.random() < 0.2):
            day = self.later(day, 0, 10)
            self.dated(story, victim, "sexual_violence", day, site, [(county, "", "perpetrator")])
        outcome = (
            outcome
            or rng.choices(
                ["disappeared", "camp", "kyohwaso", "released"], weights=[40, 15, 20, 25]
            )[0]
        )
        self._outcome(story, victim, day, site, corridor.provincial_security, county, outcome)

    def _outcome(self, story: Story, victim: str, day: dt.date, site: str,
                 provincial: str, local: str, outcome: str) -> None:  # fmt: skip
        human = self.humans[victim]
        if outcome in ("disappeared", "camp"):
            day = self.later(day, 20, 120)
            self.dated(
                story,
                victim,
                "enforced_disappearance",
                day,
                site,
                [(provincial, "", "ordered"), (local, "", "perpetrator")],
            )
            human.status = "missing"
        if outcome == "camp":
            day = self.later(day, 10, 60)
            self.dated(
                story,
                victim,
                "arbitrary_detention",
                day,
                self._camp(day),
                [("mss", "", "ordered"), (provincial, "", "perpetrator")],
            )
            human.status = "detained"
        if outcome == "kyohwaso":
            day = self.later(day, 60, 200)
            police = reference.security_unit(human.hometown, "mps")
            self.dated(
                story,
                victim,
                "forced_labour",
                day,
                self.rng.choice(reference.KYOHWASO),
                [(police, "", "perpetrator")],
            )
            human.status = "detained" if day.year >= 2019 else "released"
        if outcome == "execution":
            day = self.later(day, 30, 200)
            self.dated(
                story,
                victim,
                "execution",
                day,
                human.hometown,
                [(provincial, "", "ordered"), (local, "", "perpetrator")],
            )
            human.status = "deceased"
        if outcome == "released":
            human.status = "released"
            story.narrator = story.narrator or victim

    def _camp(self, day: dt.date) -> str:
        open_camps = [site for site, (first, last) in reference.KWANLISO_YEARS.items()
                      if first <= day.year <= last]  # fmt: skip
        return self.rng.choice(open_camps)

    def _abduction(self, key: str, outcome: str) -> Story:
        rng = self.rng
        place = rng.choice(reference.ABDUCTION_PLACES)
        crossing, site, unit = reference.ABDUCTION_ROUTES[place]
        story = Story(key, "abduction", place)
        day = self.incident_day()
        for _ in range(1 if rng.random() < 0.85 else 2):
            # Now and then a Korean-Chinese who sheltered people who had fled is taken too.
            chinese = rng.random() < 0.1
            town = place if chinese else self.hometown(deal=False)
            sex = rng.choice(["female", "male"])
            age = self._age(day, 20, 55)
            nationality = "CN" if chinese else "KP"
            story.victims.append(self.person(sex, age, town, nationality, victim=True))
        perpetrators = [(unit, "", "perpetrator"), ("mss", "", "ordered")]
        if rng.random() < 0.7:
            informant = self.person(rng.choice(["male", "female"]), self._age(day, 25, 50),
                                    self.hometown(deal=False))  # fmt: skip
            story.informants.append(informant)
            perpetrators.append(("", informant, "informant"))
        if rng.random() < 0.3:
            perpetrators.append((reference.chinese_police_for(reference.CORRIDORS[0], place),
                                 "", "accomplice"))  # fmt: skip
        crossed = self.later(day, 0, 3)
        provincial = f"mss-{reference.province_of(site).lower()}"
        for victim in story.victims:
            self.dated(story, victim, "abduction", day, place, perpetrators)
            self.dated(
                story,
                victim,
                "forced_repatriation",
                crossed,
                crossing,
                [(unit, "", "perpetrator"), ("border-guard", "", "accomplice")],
            )
            self.dated(
                story, victim, "arbitrary_detention", crossed, site, [(unit, "", "perpetrator")]
            )
            self._outcome(story, victim, crossed, site, provincial, unit, "disappeared")
        self._group(story, women=False)
        return story

    def _fled_relative(self, story: Story, day: dt.date) -> str:
        """Someone who left the country before ``day``; their family stays behind."""
        home = story.place
        sex = "female" if self.rng.random() < 0.6 else "male"
        fled = self.person(sex, self._age(day, 18, 45), home)
        story.relatives.append(fled)
        story.fled = timeline.blur(self.rng, day - dt.timedelta(days=self.rng.randint(30, 500)),
                                   {"month": 4, "year": 4, "month_approx": 2})  # fmt: skip
        story.narrator = fled
        return fled

    def _family_members(self, story: Story, fled: str, choices: list[str], count: int) -> None:
        age = self.fled_year(story) - self.humans[fled].birth.year
        # No children for the young, no living parents on record for those born too early.
        possible = [
            kind
            for kind in choices
            if not (kind == "child" and age < 30)
            and not (
                kind in ("mother", "father") and self.humans[fled].birth.year - BIRTH_YEARS[0] < 20
            )
        ]
        taken = self.rng.sample(possible, k=min(count, len(possible)))
        by_kind: dict[str, str] = {}
        for kind in taken:
            member = self.relative(fled, kind)
            by_kind[kind] = member
            story.victims.append(member)
            relation = {"mother": "mother_of", "father": "father_of", "sibling": "sibling_of",
                        "spouse": "spouse_of", "child": "child_of"}[kind]  # fmt: skip
            story.relations.append((member, relation, fled))
        if "mother" in by_kind and "father" in by_kind:
            story.relations.append((by_kind["father"], "spouse_of", by_kind["mother"]))

    def _family(self, key: str, outcome: str) -> Story:
        rng = self.rng
        story = Story(key, "family", self.hometown())
        day = self.incident_day()
        fled = self._fled_relative(story, day)
        members = ["mother", "father", "sibling", "spouse", "child"]
        self._family_members(story, fled, members, rng.choice([2, 2, 3, 3, 4]))
        local = reference.security_unit(story.place)
        provincial = f"mss-{reference.province_of(story.place).lower()}"
        outcome = outcome or rng.choices(["disappeared", "camp", "released"], [55, 35, 10])[0]
        perpetrators = [(local, "", "perpetrator"), (provincial, "", "ordered")]
        if rng.random() < 0.2:
            perpetrators.append((reference.security_unit(story.place, "mps"), "", "accomplice"))
        for victim in story.victims:
            self.dated(story, victim, "family_punishment", day, story.place, perpetrators)
            self._outcome(story, victim, day, story.place, provincial, local, outcome)
        return story

    def _domestic(self, key: str, outcome: str) -> Story:
        rng = self.rng
        story = Story(key, "domestic", self.hometown())
        story.reason = rng.choice(REASONS)
        day = self.incident_day()
        sex, age = rng.choice(["female", "male"]), self._age(day, 20, 60)
        first = self.person(sex, age, story.place, victim=True)
        story.victims.append(first)
        if rng.random() < 0.3:
            spouse = self.relative(first, "spouse")
            story.victims.append(spouse)
            story.relations.append((spouse, "spouse_of", first))
        local = reference.security_unit(story.place)
        provincial = f"mss-{reference.province_of(story.place).lower()}"
        site = reference.HOLDING_SITES.get(story.place, story.place)
        held = self.later(day, 0, 1)
        outcome = outcome or rng.choices(["kyohwaso", "execution", "disappeared"], [45, 15, 40])[0]
        for victim in story.victims:
            self.dated(
                story, victim, "arbitrary_arrest", day, story.place, [(local, "", "perpetrator")]
            )
            self.dated(
                story, victim, "arbitrary_detention", held, site, [(local, "", "perpetrator")]
            )
            after = held
            if rng.random() < 0.7 or outcome == "execution":
                after = self.later(held, 2, 30)
                self.dated(story, victim, "torture", after, site, [(local, "", "perpetrator")])
            self._outcome(story, victim, after, site, provincial, local, outcome)
        return story

    def _informant(self, key: str, outcome: str) -> Story:
        rng = self.rng
        story = Story(key, "informant", self.hometown())
        day = self.incident_day()
        fled = self._fled_relative(story, day)
        self._family_members(story, fled, ["mother", "sibling", "spouse"], rng.choice([1, 1, 2]))
        local = reference.security_unit(story.place)
        police = reference.security_unit(story.place, "mps")
        watched = self.later(day, 0, 60)
        for victim in story.victims:
            self.dated(
                story,
                victim,
                "coerced_informant_recruitment",
                day,
                story.place,
                [(local, "", "perpetrator")],
            )
            self.dated(
                story,
                victim,
                "surveillance_intimidation",
                watched,
                story.place,
                [(local, "", "perpetrator"), (police, "", "accomplice")],
            )
        return story

    def _banishment(self, key: str, outcome: str) -> Story:
        rng = self.rng
        story = Story(key, "banishment", self.hometown())
        day = self.incident_day()
        fled = self._fled_relative(story, day)
        self._family_members(story, fled, ["mother", "father", "sibling", "child"],
                             rng.choice([2, 3]))  # fmt: skip
        provincial = f"mss-{reference.province_of(story.place).lower()}"
        police = reference.security_unit(story.place, "mps")
        for victim in story.victims:
            self.dated(
                story,
                victim,
                "other",
                day,
                story.place,
                [(police, "", "perpetrator"), (provincial, "", "ordered")],
            )
        self._group(story, women=False)
        return story
