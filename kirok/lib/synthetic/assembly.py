"""Turn the hidden world, the source plans and the person records into a DemoDataset."""

from __future__ import annotations

import random
from dataclasses import replace

from kirok.lib.synthetic import reference
from kirok.lib.synthetic.dataset import (
    FICTION_NOTE,
    DemoAct,
    DemoDataset,
    DemoEvidence,
    DemoIncident,
    DemoPerpetrator,
    DemoPerson,
    DemoProceeding,
    DemoRelation,
    DemoSource,
)
from kirok.lib.synthetic.documents import Telling, write_source
from kirok.lib.synthetic.person_records import PersonRecord, Records, make_records
from kirok.lib.synthetic.prose import Cast, StoryKeys, person_details
from kirok.lib.synthetic.source_plans import Coverage, SourcePlan, plan_coverage
from kirok.lib.synthetic.world import Story, World, build_world

HIGH_RELIABILITY = ("a", "b")


def generate(seed: int = 1, scale: int = 1) -> DemoDataset:
    """A fictional, deterministic demo data set; ``scale`` multiplies every count.

    >>> data = generate(seed=1, scale=1)
    >>> len(data.incidents) >= 200 and len(data.persons) >= 500
    True
    """
    if scale < 1:
        raise ValueError("scale must be 1 or more.")
    rng = random.Random(seed)  # noqa: S311 - reproducible fiction, not secrecy
    world = build_world(rng, scale)
    coverage = plan_coverage(rng, world, scale)
    records = make_records(rng, world, coverage)
    return Assembly(rng, world, coverage, records).dataset(seed, scale)


class Assembly:
    def __init__(self, rng: random.Random, world: World, coverage: Coverage,
                 records: Records) -> None:  # fmt: skip
        self.rng, self.world, self.coverage, self.records = rng, world, coverage, records
        self.sources = {source.key: source for source in coverage.sources}
        self.stories = {story.key: story for story in world.stories}
        self.keys: dict[str, StoryKeys] = {}

    def primary(self, story: Story) -> SourcePlan:
        return self.sources[self.coverage.citations[story.key][0]]

    def dataset(self, seed: int, scale: int) -> DemoDataset:
        relations = self._relations()
        incidents = [self._incident(story, number)
                     for number, story in enumerate(self.world.stories, start=1)]  # fmt: skip
        proceedings = [self._proceeding(plan) for plan in self.coverage.proceedings]
        sources, evidence = self._sources()
        persons = [_person(record) for record in self.records.persons]
        return DemoDataset(seed, scale, tuple(sources), tuple(persons), tuple(relations),
                           tuple(incidents), tuple(evidence), tuple(proceedings))  # fmt: skip

    # --- relations, incidents and acts -------------------------------------------------------

    def _relations(self) -> list[DemoRelation]:
        """Relations between the records of the primary source, which names the whole family."""
        found: list[DemoRelation] = []
        for story in self.world.stories:
            keys = self.keys.setdefault(story.key, StoryKeys("", {}, {}))
            source = self.primary(story).key
            for subject, kind, obj in story.relations:
                first, second = self.records.of(source, subject), self.records.of(source, obj)
                if first and second:
                    key = f"R{len(found) + 1:05d}"
                    found.append(DemoRelation(key, first.key, kind, second.key))
                    keys.relations[(subject, kind, obj)] = key
        return found

    def _incident(self, story: Story, number: int) -> DemoIncident:
        key = f"I{number:05d}"
        keys = self.keys[story.key] = replace(self.keys[story.key], incident=key)
        source = self.primary(story)
        acts = []
        for step in story.steps:
            act_key = f"A{key[1:]}-{len(acts) + 1:02d}"
            keys.acts[(step.victim, step.sequence)] = act_key
            victim = self.records.of(source.key, step.victim)
            perpetrators = self._perpetrators(story, step)
            acts.append(DemoAct(act_key, key, victim.key, step.violation, step.date.edtf,
                                step.place, step.sequence, perpetrators))  # fmt: skip
        first = min(story.steps, key=lambda s: (s.date.earliest, s.day)).date
        last = max(story.steps, key=lambda s: (s.date.latest, s.day)).date
        count = story.group
        cast = self.cast(story, source)
        return DemoIncident(
            key=key,
            title=_title(story, cast, source.language),
            summary=_summary(story, source.language),
            violation_types=_in_vocabulary_order({step.violation for step in story.steps}),
            start_date=first.edtf,
            end_date=last.edtf if last.edtf != first.edtf else "",
            place=story.place,
            status=self._status(story),
            victim_count_exact=count.exact if count else len(story.victims),
            victim_count_min=count.low if count else None,
            victim_count_max=count.high if count else None,
            victim_count_text=(count.words_ko if source.language == "ko" else count.words_en)
            if count and count.exact is None
            else "",
            acts=tuple(acts),
        )

    def _perpetrators(self, story: Story, step) -> tuple[DemoPerpetrator, ...]:
        found = []
        for code, human, role in step.perpetrators:
            person = ""
            if human:  # the informant as the first source that names them recorded them
                record = next((self.records.of(source, human)
                               for source in self.coverage.citations[story.key]
                               if self.records.of(source, human)), None)  # fmt: skip
                if record is None:
                    continue
                person = record.key
            found.append(DemoPerpetrator(code, person, role))
        return tuple(found)

    def _status(self, story: Story) -> str:
        """One source: alleged; two: corroborated; three or more with an A or B: verified."""
        cited = [self.sources[key] for key in self.coverage.citations[story.key]]
        if len(cited) >= 3 and any(s.reliability in HIGH_RELIABILITY for s in cited):
            return "verified"
        return "corroborated" if len(cited) >= 2 else "alleged"

    def _proceeding(self, plan) -> DemoProceeding:
        story = self.stories[plan.story]
        source = plan.reported_by or self.primary(story).key
        record = self.records.of(source, plan.victim)
        forum = reference.term_labels("proceeding_forum")[plan.forum]["en"]
        name = record.names[0].text
        return DemoProceeding(
            key=plan.key,
            forum=plan.forum,
            title=f"{forum}: {name}",
            reference=plan.reference,
            status=plan.status,
            filed_date=plan.filed.edtf,
            last_action_date=plan.last_action.edtf if plan.last_action else "",
            incidents=(self.keys[story.key].incident,),
            persons=(record.key,),
            notes="",
        )

    # --- sources and their texts ---------------------------------------------------------------

    def cast(self, story: Story, source: SourcePlan) -> dict[str, Cast]:
        """How ``source`` presents each person of ``story`` that it names."""
        found: dict[str, Cast] = {}
        for human_key in [*story.victims, *story.relatives, *story.informants]:
            record = self.records.of(source.key, human_key)
            if record is None:
                continue
            names = next(m.names for m in record.mentions if m.source == source.key)
            name = names[0].text + (f" ({names[1].text})" if len(names) > 1 else "")
            human = self.world.humans[human_key]
            details = person_details(source.language, record.birth, record.hometown,
                                     dprk_spelling=source.kind == "official_document")  # fmt: skip
            short = "저" if source.narrator == human_key else names[0].text
            found[human_key] = Cast(human_key, record.key, name, short, details, human.sex,
                                    human.birth.year)  # fmt: skip
        return found

    def _sources(self) -> tuple[list[DemoSource], list[DemoEvidence]]:
        sources, evidence = [], []
        reported: dict[str, dict[str, list]] = {}
        for plan in self.coverage.proceedings:
            if plan.reported_by:
                reported.setdefault(plan.reported_by, {}).setdefault(plan.story, []).append(plan)
        for plan in self.coverage.sources:
            stories = [self.stories[key] for key in plan.stories]
            telling = Telling(
                plan=plan,
                stories=stories,
                casts={story.key: self.cast(story, plan) for story in stories},
                keys={story.key: self.keys[story.key] for story in stories},
                primary={s.key for s in stories if self.primary(s).key == plan.key},
                proceedings=reported.get(plan.key, {}),
                rng=self.rng,
            )
            heading, text, spans = write_source(telling)
            sources.append(_source(plan, heading, text))
            evidence += [DemoEvidence(plan.key, kind, key, start, end, quote)
                         for kind, key, start, end, quote in spans]  # fmt: skip
        return sources, evidence


def _in_vocabulary_order(codes: set[str]) -> tuple[str, ...]:
    return tuple(code for code in reference.term_codes("violation_type") if code in codes)


def _title(story: Story, cast: dict[str, Cast], language: str) -> str:
    names = [cast[v].short for v in story.victims if v in cast and cast[v].short != "저"]
    names = names or [cast[v].name for v in story.victims if v in cast]
    lead = names[0] if names else ""
    more = len(story.victims) - 1
    where = reference.place_name(story.place, language)
    year = story.first_day.year
    if language == "ko":
        who = f"{lead} 외 {more}명" if more else lead
        what = {"repatriation": "체포 및 강제송환", "abduction": "납치", "family": "가족 연행",
                "domestic": "체포 및 구금", "informant": "가족 정보원 강요",
                "banishment": "가족 추방"}[story.kind]  # fmt: skip
        return f"{where} {who} {what} ({year}년)"
    who = f"{lead} and {more} other{'s' if more > 1 else ''}" if more else lead
    what = {"repatriation": "Arrest and forced repatriation of", "abduction": "Abduction of",
            "family": "Punishment of the family of", "domestic": "Arrest and detention of",
            "informant": "Coercion of the relatives of", "banishment": "Banishment of the "
            "family of"}[story.kind]  # fmt: skip
    if story.kind in ("family", "informant", "banishment") and story.relatives:
        fled = cast.get(story.relatives[0])
        who = fled.short if fled and fled.short != "저" else who
    return f"{what} {who}, {where} ({year})"


def _summary(story: Story, language: str) -> str:
    labels = reference.term_labels("violation_type")
    violations = [labels[code][language] for code in
                  _in_vocabulary_order({step.violation for step in story.steps})]  # fmt: skip
    named = len(story.victims)
    if language == "ko":
        return f"보고된 침해: {', '.join(violations)}. 이름이 확인된 피해자: {named}명."
    listed = ", ".join(v.lower() for v in violations)
    return f"Reported violations: {listed}. Named victims: {named}."


def _source(plan: SourcePlan, heading, text: str) -> DemoSource:
    testimony = plan.kind == "testimony"
    public = plan.kind in ("news_article", "ngo_report", "un_document", "court_record")
    return DemoSource(
        key=plan.key,
        kind=plan.kind,
        title=heading.title,
        reliability=plan.reliability,
        credibility=plan.credibility,
        language=plan.language,
        author=heading.author,
        organization=heading.organization,
        published_date=plan.published.edtf if plan.published else "",
        collected_date=plan.collected.edtf if plan.collected else "",
        reference=heading.reference,
        text=text,
        is_public_material=public,
        consent_store=testimony,
        consent_share_un=testimony and plan.credibility in "123",
        consent_publish=False,
    )


def _person(record: PersonRecord) -> DemoPerson:
    names = record.names
    store, share, publish = record.consent
    return DemoPerson(
        key=record.key,
        true_person_key=record.human,
        names=tuple(replace(name, is_primary=index == 0) for index, name in enumerate(names)),
        sex=record.sex,
        birth_date=record.birth.edtf if record.birth else "",
        birthplace=record.birthplace,
        hometown=record.hometown,
        occupation=record.occupation,
        nationality=record.nationality,
        status=record.status,
        consent_store=store,
        consent_share_un=share,
        consent_publish=publish,
        notes=FICTION_NOTE,
    )
