"""Sentences that tell a story in Korean or English, with the passages that support each claim.

:class:`TextBuilder` appends text and remembers which stretch of it supports which record
(an incident, an act, a person, a relation, a proceeding), so that every claim in the demo
has an evidence passage whose offsets index the final text exactly.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from kirok.lib.synthetic import hangul, reference, timeline
from kirok.lib.synthetic.world import Step, Story

Target = tuple[str, str]  # (incident/act/person/relation/proceeding, key)


class TextBuilder:
    """Accumulates a text and the spans of it that cite records.

    >>> b = TextBuilder()
    >>> b.write("In 2012 ")
    >>> with b.cited(("person", "P1")):
    ...     b.write("Kim Hye-song ")
    >>> b.finish()[1]
    [('person', 'P1', 8, 20, 'Kim Hye-song')]
    """

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self._spans: list[tuple[Target, int, int]] = []

    def write(self, text: str) -> None:
        self._parts.append(text)
        self._length += len(text)

    @contextmanager
    def cited(self, *targets: Target) -> Iterator[None]:
        start = self._length
        yield
        self._spans.extend((target, start, self._length) for target in targets)

    def finish(self) -> tuple[str, list[tuple[str, str, int, int, str]]]:
        """The text, and each span as (kind, key, start, end, quote), trimmed of spaces."""
        text = "".join(self._parts)
        spans = []
        for (kind, key), start, end in self._spans:
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                spans.append((kind, key, start, end, text[start:end]))
        return text, spans


@dataclass(frozen=True)
class Cast:
    """One human as one source presents them."""

    human: str
    record: str  # person record key
    name: str  # as first printed: "Kim Hye-song (김혜송)"
    short: str  # for later mentions; "저" for a first-person witness
    details: str  # "born around 1984, from Hyesan, Ryanggang" or ""
    sex: str
    born: int  # true birth year, for Korean kinship words


@dataclass(frozen=True)
class StoryKeys:
    incident: str
    acts: dict[tuple[str, int], str]  # (human, sequence) → act key
    relations: dict[tuple[str, str, str], str]  # (subject, kind, object) → relation key


# --- words ----------------------------------------------------------------------------------


def join(language: str, items: list[str]) -> str:
    """ "A, B and C" / "A, B와 C"."""
    if len(items) <= 1:
        return "".join(items)
    if language == "ko" and items[0] == "저" and len(items) > 2:
        return f"저와 {', '.join(items[1:])}"  # 저와 이수아, 심정아
    if language == "ko":
        *rest, before_last, last = items
        head = ", ".join([*rest, before_last])
        return f"{head}{hangul.particle(before_last, 'and')} {last}"
    return f"{', '.join(items[:-1])} and {items[-1]}"


def org(code: str, language: str) -> str:
    names = reference.organization_names()[code]
    return names.get(language) or names["en"]


def place(place_id: str, language: str) -> str:
    return reference.place_name(place_id, language)


_KIN_EN = {"mother_of": ("mother", "mother"), "father_of": ("father", "father"),
           "sibling_of": ("sister", "brother"), "spouse_of": ("wife", "husband"),
           "child_of": ("daughter", "son")}  # fmt: skip


def kin_word(kind: str, member: Cast, anchor: Cast, language: str) -> str:
    """What ``member`` is to ``anchor``: "mother", "daughter"; 언니, 남동생 … in Korean."""
    female = member.sex == "female"
    if language != "ko":
        return _KIN_EN[kind][0 if female else 1]
    if kind == "sibling_of":
        if member.born >= anchor.born:
            return "여동생" if female else "남동생"
        if anchor.sex == "female":
            return "언니" if female else "오빠"
        return "누나" if female else "형"
    return {"mother_of": "어머니", "father_of": "아버지", "spouse_of": "아내" if female else "남편",
            "child_of": "딸" if female else "아들"}[kind]  # fmt: skip


def pronouns(people: list[Cast]) -> dict[str, str]:
    if len(people) > 1 or people[0].sex not in ("female", "male"):
        return {"they": "they", "them": "them", "their": "their", "was": "were"}
    if people[0].sex == "female":
        return {"they": "she", "them": "her", "their": "her", "was": "was"}
    return {"they": "he", "them": "him", "their": "his", "was": "was"}


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- people ---------------------------------------------------------------------------------


def write_person(b: TextBuilder, who: Cast, language: str) -> None:
    """The name with what this source says about the person, cited as their record."""
    with b.cited(("person", who.record)):
        if not who.details:
            b.write(who.name)
        elif language == "ko":
            b.write(f"{who.name}({who.details})")
        else:
            b.write(f"{who.name} ({who.details})")


def person_details(language: str, born: timeline.Uncertain | None, hometown: str,
                   dprk_spelling: bool = False) -> str:  # fmt: skip
    """ "born around 1984, from Hyesan, Ryanggang" / "1984년경 출생, 양강도 혜산시 출신"."""
    parts = []
    if born:
        parts.append(timeline.birth_phrase(born, language))
    if hometown:
        where = reference.place_with_province(hometown, language, dprk_spelling)
        parts.append(f"{where} 출신" if language == "ko" else f"from {where}")
    return ", ".join(parts)


# --- acts -----------------------------------------------------------------------------------

_EN = {
    "arbitrary_arrest": "{when}, officers of the {org} arrested {who} in {place}{informant}.",
    "forced_repatriation": "{when}, the {org} handed {who} over to the {accomplice} at {place}, "
                           "forcibly returning {them} to North Korea.",
    "arbitrary_detention": "{when}, {who} {was} taken to {place} and held there by the {org} "
                           "without charge.",
    "camp": "{when}, {who} {was} reportedly sent without trial to {place} on the orders of the "
            "{orderer}.",
    "torture": "{when}, during interrogation by the {org} at {place}, {who} {was} beaten and "
               "forced to kneel motionless for hours.",
    "sexual_violence": "{when}, {who} {was} subjected to forced body searches and sexual "
                       "violence by officers of the {org} at {place}.",
    "enforced_disappearance": "{when}, officers of the {org} took {who} away from {place} on the "
                              "orders of the {orderer}; {their} fate and whereabouts have been "
                              "unknown since.",
    "forced_labour": "{when}, {who} {was} sent to {place} for forced labour under the {org}, "
                     "with little food and no medical care.",
    "execution": "{when}, {who} {was} executed in public in {place}; on the orders of the "
                 "{orderer}, the {org} made local residents watch.",
    "family_punishment": "{when}, on the orders of the {orderer}, officers of the {org} took "
                         "{who} from {their} home in {place} because a family member had left "
                         "the country{accomplice_clause}.",
    "abduction": "{when}, agents of the {org} seized {who} in {place}, China, on the orders of "
                 "the {orderer} and took {them} across the border{informant}{accomplice_clause}.",
    "surveillance_intimidation": "{when}, the {org} began to summon {who} repeatedly in {place} "
                                 "and to threaten {them} with punishment{accomplice_clause}.",
    "coerced_informant_recruitment": "{when}, the {org} forced {who} to sign a pledge to report "
                                     "on relatives abroad and on neighbours in {place}.",
    "other": "{when}, on the orders of the {orderer}, the {org} banished {who} from {place} to a "
             "remote mountain farm.",
}  # fmt: skip
_KO = {
    "arbitrary_arrest": "{who} {when} {place}에서 {org}에 체포되었습니다.{informant}",
    "forced_repatriation": "{who} {when} {org}에 의해 {place}에서 {accomplice}에 넘겨져 북한으로 "
                           "강제송환되었습니다.",
    "arbitrary_detention": "{who} {when} {place}에 구금되어 {org}의 조사를 받았습니다.",
    "camp": "{who} {when} {orderer}의 지시로 재판 없이 {place_dir} 보내진 것으로 알려졌습니다.",
    "torture": "{who} {when} {place}에서 {org}의 조사를 받는 동안 구타를 당하고 몇 시간씩 꿇어앉아 "
               "있어야 했습니다.",
    "sexual_violence": "{who} {when} {place}에서 {org} 요원들에게 강제 신체검사와 성폭력을 "
                       "당했습니다.",
    "enforced_disappearance": "{who} {when} {orderer}의 지시로 {org}에 의해 {place}에서 끌려간 뒤 "
                              "생사와 행방이 알려지지 않고 있습니다.",
    "forced_labour": "{who} {when} {place_dir} 보내져 {org}의 감시 아래 굶주림 속에 강제노동을 "
                     "했습니다.",
    "execution": "{who} {when} {place}에서 공개 처형되었습니다. {org_topic} {orderer}의 "
                 "지시에 따라 주민들에게 처형 장면을 지켜보게 했습니다.",
    "family_punishment": "{who} 가족이 탈북했다는 이유로 {when} {orderer}의 지시에 따라 {org}에 "
                         "의해 {place}의 집에서 끌려갔습니다.{accomplice_clause}",
    "abduction": "{who} {when} 중국 {place}에서 {orderer}의 지시를 받은 {org} 요원들에게 납치되어 "
                 "국경 너머로 끌려갔습니다.{informant}{accomplice_clause}",
    "surveillance_intimidation": "{who} {when}부터 {place}에서 {org}에 수시로 불려가 처벌하겠다는 "
                                 "위협을 받았습니다.{accomplice_clause}",
    "coerced_informant_recruitment": "{who} {when} {org}의 강요로 해외에 있는 가족과 이웃을 "
                                     "감시해 보고하겠다는 서약서에 서명했습니다.",
    "other": "{who} {when} {orderer}의 지시에 따라 {org}에 의해 {place}에서 외딴 산골 농장으로 "
             "추방되었습니다.",
}  # fmt: skip


@dataclass(frozen=True)
class ActGroup:
    """Acts told in one sentence: the same violation, date, place and perpetrators."""

    steps: tuple[Step, ...]

    @property
    def first(self) -> Step:
        return self.steps[0]


def group_steps(story: Story) -> list[ActGroup]:
    groups: dict[tuple, list[Step]] = {}
    for step in sorted(story.steps, key=lambda s: (s.day, s.sequence)):
        key = (step.violation, step.date.edtf, step.place, step.perpetrators)
        groups.setdefault(key, []).append(step)
    return [ActGroup(tuple(steps)) for steps in groups.values()]


def act_sentence(group: ActGroup, people: list[Cast], cast: dict[str, Cast],
                 language: str) -> str:  # fmt: skip
    step = group.first
    roles = {role: code for code, _, role in reversed(step.perpetrators) if code}
    informants = [cast[human].short for _, human, role in step.perpetrators
                  if role == "informant" and human in cast]  # fmt: skip
    template = "camp" if step.place in reference.KWANLISO_YEARS else step.violation
    words = {
        "when": timeline.phrase(step.date, language),
        "place": place(step.place, language),
        "org": org(roles.get("perpetrator", "mss"), language),
        "orderer": org(roles.get("ordered", "mss"), language),
        "accomplice": org(roles.get("accomplice", "border-guard"), language),
    }
    if language == "ko":
        return _korean(template, words, people, roles, informants)
    words["informant"] = f", acting on information from {informants[0]}" if informants else ""
    words["accomplice_clause"] = (f", assisted by the {words['accomplice']}"
                                  if "accomplice" in roles else "")  # fmt: skip
    words["who"] = join("en", [who.short for who in people])
    words |= pronouns(people)
    return capitalise(_EN[template].format(**words))


def _korean(template: str, words: dict[str, str], people: list[Cast], roles: dict,
            informants: list[str]) -> str:  # fmt: skip
    who = join("ko", [person.short for person in people])
    words["who"] = hangul.topic(who)
    words["place_dir"] = words["place"] + hangul.particle(words["place"], "direction")
    words["org_topic"] = hangul.topic(words["org"])
    words["informant"] = (f" {hangul.topic(informants[0])} 피해자의 거처를 {words['org']}에 "
                          "알려 준 것으로 알려졌습니다." if informants else "")  # fmt: skip
    words["accomplice_clause"] = (f" {hangul.topic(words['accomplice'])} 이 일에 가담했습니다."
                                  if "accomplice" in roles and template != "forced_repatriation"
                                  else "")  # fmt: skip
    return _KO[template].format(**words)


def write_acts(b: TextBuilder, story: Story, cast: dict[str, Cast], keys: StoryKeys,
               language: str, victims: list[str] | None = None) -> None:  # fmt: skip
    """One sentence per group of acts, each cited as every act it tells of."""
    wanted = set(victims or story.victims)
    for group in group_steps(story):
        steps = [step for step in group.steps if step.victim in wanted and step.victim in cast]
        if not steps:
            continue
        people = [cast[step.victim] for step in steps]
        targets = [("act", keys.acts[(step.victim, step.sequence)]) for step in steps]
        with b.cited(*targets):
            b.write(act_sentence(ActGroup(tuple(steps)), people, cast, language))
        b.write(" ")
