"""One story told as a paragraph: who the people are, what was done to them, how many.

``mode`` is ``third`` (a report about others) or ``own`` (a witness telling their own story
in the first person, in Korean: 저는 …).
"""

from __future__ import annotations

from kirok.lib.synthetic import hangul, reference, timeline
from kirok.lib.synthetic.prose import (
    Cast,
    StoryKeys,
    TextBuilder,
    join,
    kin_word,
    write_acts,
    write_person,
)
from kirok.lib.synthetic.world import Story

FIRST_PERSON = "저"


def write_story(b: TextBuilder, story: Story, cast: dict[str, Cast], keys: StoryKeys,
                language: str, cite_relations: bool, mode: str = "third") -> None:  # fmt: skip
    """The whole paragraph is the evidence for the incident."""
    with b.cited(("incident", keys.incident)):
        if story.relatives:
            _family_intro(b, story, cast, keys, language, cite_relations)
        else:
            _victims_intro(b, story, cast, keys, language, cite_relations, mode)
        _informants(b, story, cast, language)
        if story.reason:
            _reason(b, story, cast, language)
        write_acts(b, story, cast, keys, language)
        _closing(b, story, cast, language, mode)


def possessive(who: Cast, language: str) -> str:
    if language == "ko":
        return "제" if who.short == FIRST_PERSON else f"{who.short}의"
    return f"{who.short}'s"


# What the other person of a relation is to its subject: a mother's daughter is her child.
_INVERSE = {"mother_of": "child_of", "father_of": "child_of", "spouse_of": "spouse_of",
            "sibling_of": "sibling_of"}  # fmt: skip


def _kin_links(story: Story, cast: dict[str, Cast]) -> dict[str, tuple[tuple, str, str]]:
    """Victims introduced through another victim: {who: (relation, anchor, who's kinship)}.

    "황정순의 어머니 박수자": the mother is introduced through her daughter. A witness who
    speaks of themselves is always the anchor: "제 딸 이수아".
    """
    victims = set(story.victims)
    links = {}
    for relation in story.relations:
        subject, kind, obj = relation
        if subject not in victims or obj not in victims or subject not in cast:
            continue
        if cast[subject].short == FIRST_PERSON and kind in _INVERSE:
            links[obj] = (relation, subject, _INVERSE[kind])
        else:
            links[subject] = (relation, obj, kind)
    return links


def _victims_intro(b: TextBuilder, story: Story, cast: dict[str, Cast], keys: StoryKeys,
                   language: str, cite_relations: bool, mode: str) -> None:  # fmt: skip
    links = _kin_links(story, cast)
    people = [cast[v] for v in story.victims if v in cast]
    narrator = next((p for p in people if p.short == FIRST_PERSON), None)
    others = [p for p in people if p is not narrator]
    if narrator:  # 저는 1984년생, 양강도 혜산시 출신입니다.
        with b.cited(("person", narrator.record)):
            b.write(f"저는 {narrator.details or '북한 출신'}입니다. ")
        if not others:
            return
        b.write("함께 붙잡힌 사람은 ")
    else:
        b.write("이 사건의 피해자는 " if language == "ko" else "This account concerns ")
    for index, who in enumerate(others):
        if index:
            _write_joiner(b, others, index, language)
        _person_with_kin(b, who, links, cast, keys, language, cite_relations)
    b.write("입니다. " if language == "ko" else ". ")


def _write_joiner(b: TextBuilder, people: list[Cast], index: int, language: str) -> None:
    """ ", " between items, "and" (와/과 after the previous name) before the last."""
    if index < len(people) - 1:
        b.write(", ")
    elif language == "ko":
        b.write(f"{hangul.particle(people[index - 1].name, 'and')} ")
    else:
        b.write(" and ")


def _person_with_kin(b: TextBuilder, who: Cast, links: dict, cast: dict[str, Cast],
                     keys: StoryKeys, language: str, cite_relations: bool) -> None:  # fmt: skip
    """ "Hwang Jeong-sun's mother Pak Su-ja (born 1958)": the relation's passage holds the
    person's passage."""
    if who.human not in links or links[who.human][1] not in cast:
        write_person(b, who, language)
        return
    relation, anchor_key, kind = links[who.human]
    anchor = cast[anchor_key]
    key = keys.relations.get(relation)
    with b.cited(*([("relation", key)] if key and cite_relations else [])):
        b.write(f"{possessive(anchor, language)} {kin_word(kind, who, anchor, language)} ")
        write_person(b, who, language)


def _family_intro(b: TextBuilder, story: Story, cast: dict[str, Cast], keys: StoryKeys,
                  language: str, cite_relations: bool) -> None:  # fmt: skip
    """Who left, when, and which relatives stayed behind (each phrase cites the relation)."""
    fled = cast[story.relatives[0]]
    when = timeline.phrase(story.fled, language) if story.fled else ""
    home = reference.place_name(story.place, language)
    if fled.short == FIRST_PERSON:
        b.write(f"저는 {when} 탈북했습니다. 고향 {home}에는 ")
    elif language == "ko":
        write_person(b, fled, language)
        b.write(f"{hangul.particle(fled.name, 'topic')} {when} 탈북했습니다. 고향 {home}에는 ")
    else:
        write_person(b, fled, language)
        b.write(f" left North Korea {when}. ")
    members = [cast[v] for v in story.victims if v in cast]
    relations = {subject: kind for subject, kind, obj in story.relations if obj == fled.human}
    for index, member in enumerate(members):
        if index:
            _write_joiner(b, members, index, language)
        kind = relations.get(member.human, "")
        relation = keys.relations.get((member.human, kind, fled.human))
        with b.cited(*([("relation", relation)] if relation and cite_relations else [])):
            if kind:
                b.write(f"{possessive(fled, language)} {kin_word(kind, member, fled, language)} ")
            write_person(b, member, language)
    if language == "ko":
        b.write(f"{hangul.particle(members[-1].name, 'subject')} 남아 있었습니다. ")
    else:
        b.write(f" {'were' if len(members) > 1 else 'was'} still living in {home}. ")
    _parents_married(b, story, cast, keys, language, cite_relations)


def _parents_married(b: TextBuilder, story: Story, cast: dict[str, Cast], keys: StoryKeys,
                     language: str, cite_relations: bool) -> None:  # fmt: skip
    """The parents of the one who left are a couple: say so, citing their relation."""
    victims = set(story.victims)
    for subject, kind, obj in story.relations:
        relation = keys.relations.get((subject, kind, obj))
        if kind != "spouse_of" or not {subject, obj} <= victims or not relation:
            continue
        if not cite_relations or subject not in cast or obj not in cast:
            continue
        husband, wife = cast[subject].short, cast[obj].short
        with b.cited(("relation", relation)):
            if language == "ko":
                b.write(f"{husband}{hangul.particle(husband, 'and')} {hangul.topic(wife)} "
                        "부부입니다.")  # fmt: skip
            else:
                b.write(f"{husband} and {wife} are married.")
        b.write(" ")


def _informants(b: TextBuilder, story: Story, cast: dict[str, Cast], language: str) -> None:
    """Who is said to have informed on the victims (sources that name informants do)."""
    for informant in story.informants:
        if informant not in cast:
            continue
        if language == "ko":
            b.write("밀고한 사람으로 지목된 이는 ")
            write_person(b, cast[informant], language)
            b.write("입니다. ")
        else:
            b.write("The source names ")
            write_person(b, cast[informant], language)
            b.write(" as the person who informed on them. ")


def _reason(b: TextBuilder, story: Story, cast: dict[str, Cast], language: str) -> None:
    english, korean = story.reason
    people = [cast[v].short for v in story.victims if v in cast]
    if language == "ko":
        who = join("ko", people)
        b.write(f"{hangul.topic(who)} {korean}{hangul.particle(korean, 'direction')} "
                "조사를 받았습니다. ")  # fmt: skip
    else:
        verb = "were" if len(people) > 1 else "was"
        b.write(f"{join('en', people)} {verb} accused of {english}. ")


def _closing(b: TextBuilder, story: Story, cast: dict[str, Cast], language: str,
             mode: str) -> None:  # fmt: skip
    group = story.group
    if group and group.exact is None:
        if language == "ko":
            verb = "추방되었다고" if story.kind == "banishment" else "붙잡혔다고"
            b.write(f"같은 시기에 모두 {group.words_ko}이 {verb} 합니다. ")
        else:
            verb = "banished" if story.kind == "banishment" else "taken"
            b.write(
                f"According to the same account, {group.words_en} were {verb} at the same time. "
            )
    narrator = next((cast[v] for v in story.victims
                     if v in cast and cast[v].short == FIRST_PERSON), None)  # fmt: skip
    if narrator and mode == "own":
        b.write("저는 그 뒤 풀려났습니다. ")
