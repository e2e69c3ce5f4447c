"""Whole source documents: a testimony, a news article, an NGO report, a leaked list …

Each layout writes a believable document of its kind around the stories it tells and returns
its title, author and reference. Every organisation and person in them is fictional, and
every document says so.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from kirok.lib.synthetic import hangul, reference, timeline
from kirok.lib.synthetic.prose import (
    Cast,
    StoryKeys,
    TextBuilder,
    capitalise,
    kin_word,
    org,
    place,
    write_person,
)
from kirok.lib.synthetic.source_plans import ProceedingPlan, SourcePlan
from kirok.lib.synthetic.telling import write_story
from kirok.lib.synthetic.world import Story

FICTION_KO = "※ 시연용 가상 자료입니다. 등장하는 사람과 단체는 모두 가상입니다."
FICTION_EN = "Demonstration material: every person and organisation named here is fictional."

ACT_NOUNS = {  # violation: (Korean, English), as lists and tables write them
    "arbitrary_arrest": ("체포", "arrested"),
    "forced_repatriation": ("강제송환", "forcibly returned"),
    "arbitrary_detention": ("구금", "detained"),
    "torture": ("조사 중 구타", "beaten in interrogation"),
    "sexual_violence": ("성폭력 피해", "sexual violence"),
    "enforced_disappearance": ("이송 후 행방불명", "disappeared"),
    "forced_labour": ("강제노동", "forced labour"),
    "execution": ("공개 처형", "executed in public"),
    "family_punishment": ("탈북자 가족으로 연행", "taken as relative of a defector"),
    "abduction": ("중국에서 납치", "abducted in China"),
    "surveillance_intimidation": ("감시와 소환 위협", "summoned and threatened"),
    "coerced_informant_recruitment": ("정보원 서약 강요", "forced to become an informant"),
    "other": ("산간 지역으로 추방", "banished to a remote area"),
}


@dataclass
class Telling:
    """Everything a layout needs to write one source."""

    plan: SourcePlan
    stories: list[Story]
    casts: dict[str, dict[str, Cast]]  # story key → human key → how this source presents them
    keys: dict[str, StoryKeys]
    primary: set[str]  # stories this source is the primary source of
    proceedings: dict[str, list[ProceedingPlan]]  # story key → proceedings it reports
    rng: random.Random

    @property
    def language(self) -> str:
        return self.plan.language

    def story(self, b: TextBuilder, story: Story, mode: str = "third") -> None:
        write_story(b, story, self.casts[story.key], self.keys[story.key], self.language,
                    story.key in self.primary, mode)  # fmt: skip
        write_proceedings(b, self, story)

    @property
    def year(self) -> int:
        date = self.plan.published or self.plan.collected
        return (date.latest or date.earliest).year  # type: ignore[union-attr]


@dataclass(frozen=True)
class DocumentingOrganization:
    """A fictional group that gathered some of the demo's sources; not in the seed data."""

    code: str
    en: str
    ko: str


# Who gathered what. Each group keeps its own documentation, as real partners do, so that on
# the estimation page "an organization's sources" offers lists gathered apart from each other,
# which is what multiple systems estimation needs (with the UN Working Group's documents).
DOCUMENTATION_CENTRE = DocumentingOrganization(
    "demo-documentation-centre",
    "Demo Documentation Centre for North Korean Human Rights (fictional)",
    "가상 북한인권기록센터",
)
FAMILIES_ASSOCIATION = DocumentingOrganization(
    "demo-families-association",
    "Demo Association of Families of the Disappeared (fictional)",
    "가상 탈북민가족협회",
)
COUNSELLING_CENTRE = DocumentingOrganization(
    "demo-counselling-centre",
    "Demo Counselling Centre for North Korean Defectors (fictional)",
    "가상 탈북민 상담소",
)
DOCUMENTING_ORGANIZATIONS = (DOCUMENTATION_CENTRE, FAMILIES_ASSOCIATION, COUNSELLING_CENTRE)


@dataclass(frozen=True)
class Heading:
    title: str
    author: str
    reference: str
    organization: str = ""


def write_source(telling: Telling) -> tuple[Heading, str, list[tuple[str, str, int, int, str]]]:
    b = TextBuilder()
    heading = LAYOUTS[telling.plan.kind](b, telling)
    text, spans = b.finish()
    return heading, text.strip() + "\n", spans


# --- testimony --------------------------------------------------------------------------------


def _testimony(b: TextBuilder, t: Telling) -> Heading:
    own = t.stories[0]
    witness = t.casts[own.key][t.plan.narrator]
    number = f"T-{t.year}-{t.rng.randint(1, 400):03d}"
    b.write(f"증언 기록 {number}\n{FICTION_KO}\n")
    b.write(f"면담 일자: {timeline.phrase(t.plan.collected, 'ko')}\n증언자: ")
    with b.cited(("person", witness.record)):
        b.write(f"{witness.name}(가명{', ' + witness.details if witness.details else ''})")
    b.write("\n\n문: 겪으신 일을 말씀해 주십시오.\n답: ")
    t.story(b, own, mode="own")
    for story in t.stories[1:]:
        site = next(
            (s.place for s in story.steps if s.violation == "arbitrary_detention"), story.place
        )
        b.write("\n\n문: 다른 사람들에 대해 들은 것이 있습니까?\n")
        b.write(f"답: {place(site, 'ko')}에 있을 때 들은 이야기입니다. ")
        t.story(b, story)
    return Heading(f"증언 {number}: 증언자 {witness.name}(가명)", "면담자 (가상)", number,
                   organization=DOCUMENTATION_CENTRE.code)  # fmt: skip


# --- news article -----------------------------------------------------------------------------

_HEADLINES = {
    "repatriation": "China sends North Koreans back across the border at {crossing}",
    "abduction": "North Korean agents accused of seizing {who} in {place}",
    "family": "Relatives of North Korean defector taken away in {place}",
    "domestic": "North Korea arrests {who} in {place}, families say",
    "informant": "Relatives of defector pressed to spy on neighbours in {place}",
    "banishment": "Family of defector banished from {place}",
}


def _news(b: TextBuilder, t: Telling) -> Heading:
    lead = t.stories[0]
    crossing = next((s.place for s in lead.steps if s.violation == "forced_repatriation"), "")
    victims = [t.casts[lead.key][v].short for v in lead.victims if v in t.casts[lead.key]]
    headline = _HEADLINES[lead.kind].format(
        crossing=place(crossing, "en") if crossing else "", who=victims[0] if victims else "",
        place=place(lead.place, "en"),
    )  # fmt: skip
    b.write(f"{headline}\n{FICTION_EN}\n\nSEOUL — ")
    for story in t.stories:
        t.story(b, story)
        b.write("\n\n")
    b.write('"Families deserve to know where their loved ones are," said a researcher at the '
            "Demo Centre for Missing Persons, a fictional organisation.")  # fmt: skip
    slug = headline.lower().replace(" ", "-").replace(",", "")[:60]
    return Heading(headline, "The Demo Border Monitor (fictional news outlet)",
                   f"https://news.example.org/demo/{t.year}/{slug}")  # fmt: skip


# --- NGO report -------------------------------------------------------------------------------


def _ngo_report(b: TextBuilder, t: Telling) -> Heading:
    years = sorted(story.first_day.year for story in t.stories)
    span = f"{years[0]}–{years[-1]}" if years[0] != years[-1] else str(years[0])
    if t.language == "ko":
        title = f"돌아오지 못한 사람들: {span}년 {len(t.stories)}건의 사례 (시연용 보고서)"
        author = DOCUMENTATION_CENTRE.ko
        b.write(f"{title}\n{author}\n{FICTION_KO}\n\n")
    else:
        title = f"Taken and Never Returned: {len(t.stories)} cases, {span} (demo report)"
        author = DOCUMENTATION_CENTRE.en
        b.write(f"{title}\n{author}\n{FICTION_EN}\n\n")
    for number, story in enumerate(t.stories, start=1):
        label = f"사례 {number}" if t.language == "ko" else f"Case {number}"
        b.write(f"{label}. {place(story.place, t.language)}\n")
        t.story(b, story)
        b.write("\n\n")
    return Heading(title, author, f"DEMO-REPORT-{t.year}-{t.rng.randint(1, 99):02d}",
                   organization=DOCUMENTATION_CENTRE.code)  # fmt: skip


# --- lists: official document and partner list ------------------------------------------------


def write_row(b: TextBuilder, t: Telling, story: Story, victim: str, dprk: bool) -> None:
    """One person's row: who they are, then each act in a few words, each cited."""
    cast, keys = t.casts[story.key], t.keys[story.key]
    korean = t.language == "ko"
    separator = " | " if t.plan.kind == "partner_list" else ", "
    write_person(b, cast[victim], t.language)
    _kin_cells(b, t, story, victim)
    for step in story.steps_of(victim):
        b.write(" → " if step.sequence > 1 else separator)
        noun = ACT_NOUNS[step.violation][0 if korean else 1]
        where = reference.place_name(step.place, t.language, dprk_spelling=dprk)
        date = timeline.short_form(step.date, t.language)
        with b.cited(("act", keys.acts[(victim, step.sequence)])):
            b.write(f"{date} {where} {noun}" if korean else f"{noun}, {where}, {date}")
    b.write("\n")


def _kin_cells(b: TextBuilder, t: Telling, story: Story, victim: str) -> None:
    """ " (김철의 어머니)": each cites the relation when this list is the primary source."""
    cast, keys = t.casts[story.key], t.keys[story.key]
    for subject, kind, obj in story.relations:
        if subject != victim or obj not in cast:
            continue
        relation = keys.relations.get((subject, kind, obj))
        cited = [("relation", relation)] if relation and story.key in t.primary else []
        anchor, word = cast[obj], kin_word(kind, cast[subject], cast[obj], t.language)
        b.write(" (")
        with b.cited(*cited):
            b.write(
                f"{anchor.short}의 {word}" if t.language == "ko" else f"{word} of {anchor.short}"
            )
        b.write(")")


def _related_row(b: TextBuilder, t: Telling, story: Story) -> None:
    """Lists note whose family the victims are: "(관계: 김철(탈북)의 가족)"."""
    for relative in story.relatives:
        who = t.casts[story.key][relative]
        if t.language == "ko":
            b.write("    (관계: ")
            write_person(b, who, "ko")
            b.write("의 가족, 탈북자 가족)\n")
        else:
            b.write("    (family of ")
            write_person(b, who, "en")
            b.write(", who left the country)\n")


def _list_document(b: TextBuilder, t: Telling, dprk: bool) -> None:
    number = 0
    for story in t.stories:
        with b.cited(("incident", t.keys[story.key].incident)):
            for victim in story.victims:
                if victim in t.casts[story.key]:
                    number += 1
                    b.write(f"{number}. ")
                    write_row(b, t, story, victim, dprk)
            _related_row(b, t, story)
        if t.proceedings.get(story.key):
            b.write("    ")
            write_proceedings(b, t, story)
            b.write("\n")


def _official_document(b: TextBuilder, t: Telling) -> Heading:
    unit = next((code for s in t.stories for step in s.steps for code, _, role in
                 step.perpetrators if code.startswith("mss-kp") and role == "perpetrator"),
                "mss")  # fmt: skip
    number = f"{t.year}-{t.rng.randint(10, 999)}"
    title = f"{org(unit, 'ko')} 내부 문건 제{number}호: 처리 대상자 명단 (유출본, 가상 문서)"
    b.write(f"{title}\n{FICTION_KO}\n\n")
    _list_document(b, t, dprk=True)
    return Heading(title, f"{org(unit, 'ko')} (유출 문건, 가상)", f"LEAK-DEMO-{number}")


def _partner_list(b: TextBuilder, t: Telling) -> Heading:
    batch = t.rng.randint(1, 30)
    if t.language == "ko":
        title, author = f"실종자 명단 제{batch}차 (가상 단체 제공)", FAMILIES_ASSOCIATION.ko
        b.write(f"{title}\n{FICTION_KO}\n번호. 이름(출생, 고향) | 피해 경과\n\n")
    else:
        title = f"List of missing persons, batch {batch} (shared by a fictional partner)"
        author = FAMILIES_ASSOCIATION.en
        b.write(f"{title}\n{FICTION_EN}\nNo. Name (birth, home) | what happened\n\n")
    _list_document(b, t, dprk=False)
    return Heading(title, author, f"PARTNER-DEMO-{t.year}-{batch:02d}",
                   organization=FAMILIES_ASSOCIATION.code)  # fmt: skip


# --- UN document ------------------------------------------------------------------------------


def _un_document(b: TextBuilder, t: Telling) -> Heading:
    symbol = f"A/HRC/WGEID/DEMO/{t.year}/{t.rng.randint(1, 9)}"
    title = (
        "Communications transmitted, cases examined, observations made and other activities "
        f"conducted by the Working Group (fictional excerpt, {symbol})"
    )
    b.write(f"{title}\n{FICTION_EN}\n\nDemocratic People's Republic of Korea\n\n")
    for number, story in enumerate(t.stories, start=1):
        b.write(f"{number}. ")
        t.story(b, story)
        b.write("\n\n")
    author = "UN Working Group on Enforced or Involuntary Disappearances (fictional excerpt)"
    return Heading(title, author, symbol, organization="un-wgeid")


_UN_STATUS = {
    "replied": " The Government replied {last}; the reply did not clarify the case.",
    "outstanding": " The case remains outstanding; a reminder was sent {last}.",
    "clarified": " {Last}, on the basis of information provided by the Government, the Working "
                 "Group decided to consider the case clarified.",
}  # fmt: skip
_FILED = {  # forum: (English, Korean)
    "wgeid": ("The family submitted the case of {who} to the UN Working Group on Enforced or "
              "Involuntary Disappearances {filed}{ref}.",
              "가족은 {filed} {who}의 사건을 유엔 강제실종 실무그룹에 제출했습니다{ref}."),
    "wgad": ("A submission concerning {who} was sent to the UN Working Group on Arbitrary "
             "Detention {filed}{ref}.",
             "{filed} {who}에 관한 진정이 유엔 자의적 구금 실무그룹에 제출되었습니다{ref}."),
    "special_rapporteur": ("The case of {who} was raised with the UN Special Rapporteur on the "
                           "situation of human rights in the DPRK {filed}{ref}.",
                           "{who}의 사건은 {filed} 유엔 북한인권 특별보고관에게 "
                           "전달되었습니다{ref}."),
    "family_petition": ("The family of {who} petitioned the authorities {filed} for news of "
                        "what had happened{ref}.",
                        "가족은 {filed} {who}의 소식을 알려 달라고 당국에 청원했습니다{ref}."),
    "national_court": ("A complaint concerning {who} was filed with a court in Seoul "
                       "{filed}{ref}.",
                       "{filed} {who} 사건에 관한 소송이 서울의 법원에 제기되었습니다{ref}."),
    "treaty_body": ("The case of {who} was submitted to a UN treaty body {filed}{ref}.",
                    "{who}의 사건은 {filed} 유엔 조약기구에 제출되었습니다{ref}."),
    "other": ("The case of {who} was also reported to another body {filed}{ref}.",
              "{who}의 사건은 {filed} 다른 기관에도 보고되었습니다{ref}."),
}  # fmt: skip
_LATER = {  # status: (English, Korean)
    "outstanding": (" It is still pending; the last step was taken {last}.",
                    " 절차는 아직 진행 중이며 마지막 조치는 {last}에 있었습니다."),
    "closed": (" The matter was closed {last}.", " 이 절차는 {last} 종결되었습니다."),
}  # fmt: skip


def write_proceedings(b: TextBuilder, t: Telling, story: Story) -> None:
    """What has been done about the story's victims, as far as this source reports it."""
    for proceeding in t.proceedings.get(story.key, []):
        who = t.casts[story.key][proceeding.victim].short
        with b.cited(("proceeding", proceeding.key)):
            if proceeding.transmitted and t.plan.kind == "un_document":
                b.write(_transmitted(proceeding, who))
            else:
                b.write(_filed(proceeding, who, t.language))
        b.write(" ")


def _transmitted(proceeding: ProceedingPlan, who: str) -> str:
    sent = timeline.phrase(timeline.exact_day(proceeding.transmitted), "en")
    last = timeline.phrase(proceeding.last_action, "en") if proceeding.last_action else ""
    text = (f"The Working Group transmitted the case of {who} (reference "
            f"{proceeding.reference}) to the Government {sent}.")  # fmt: skip
    return text + _UN_STATUS.get(proceeding.status, "").format(last=last, Last=capitalise(last))


def _filed(proceeding: ProceedingPlan, who: str, language: str) -> str:
    index = 1 if language == "ko" else 0
    filed = timeline.phrase(proceeding.filed, language)
    ref = ""
    if proceeding.reference:
        ref = (f"(참조 번호 {proceeding.reference})" if index else
               f" (reference {proceeding.reference})")  # fmt: skip
    text = _FILED[proceeding.forum][index].format(who=who, filed=filed, ref=ref)
    if proceeding.last_action and proceeding.status in _LATER:
        last = timeline.phrase(proceeding.last_action, language)
        text += _LATER[proceeding.status][index].format(last=last)
    return capitalise(text)


# --- court record and counselling notes -------------------------------------------------------


def _court_record(b: TextBuilder, t: Telling) -> Heading:
    case = f"{t.year}고합{t.rng.randint(100, 1999)}"
    title = f"서울중앙지방법원 {case} 국가보안법 위반(간첩) 사건 판결 (가상)"
    b.write(f"{title}\n{FICTION_KO}\n\n피고인: ")
    defendants = [t.casts[s.key][i] for s in t.stories for i in s.informants
                  if i in t.casts[s.key]]  # fmt: skip
    for index, defendant in enumerate(defendants):
        b.write(", " if index else "")
        write_person(b, defendant, "ko")
    b.write("\n\n범죄사실\n")
    for story in t.stories:
        for informant in story.informants:
            who = t.casts[story.key].get(informant)
            if who:
                b.write(f"피고인 {hangul.topic(who.short)} 북한 보위 기관의 지시를 받고 피해자들의 "
                        "거처와 연락처를 넘겼다. ")  # fmt: skip
        t.story(b, story)
        b.write("\n\n")
    b.write(f"주문\n피고인을 징역 {t.rng.randint(2, 9)}년에 처한다.")
    return Heading(title, "서울중앙지방법원 (가상 판결)", case)


def _other(b: TextBuilder, t: Telling) -> Heading:
    home = place(t.stories[0].place, "ko")
    title = f"상담 기록 메모: {home} 출신 가족 관련 (가상)"
    b.write(f"{title}\n{FICTION_KO}\n\n")
    for story in t.stories:
        t.story(b, story)
        b.write("\n\n")
    return Heading(title, COUNSELLING_CENTRE.ko, f"MEMO-DEMO-{t.year}-{t.rng.randint(1, 500):03d}",
                   organization=COUNSELLING_CENTRE.code)  # fmt: skip


LAYOUTS: dict[str, Callable[[TextBuilder, Telling], Heading]] = {
    "testimony": _testimony,
    "news_article": _news,
    "ngo_report": _ngo_report,
    "official_document": _official_document,
    "court_record": _court_record,
    "partner_list": _partner_list,
    "un_document": _un_document,
    "other": _other,
}
