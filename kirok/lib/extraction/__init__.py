"""Propose incidents from an English, Korean or Chinese text: types, date, place, perpetrator,
victims.

>>> found = extract("Border guards arrested two women near Musan in May 2019.")
>>> incident = found["incidents"][0]
>>> incident["types"], incident["perpetrator"]["org"], incident["place"]["place_id"]
(['arrest'], 'border_guard', 'KP-09-musan-gun')
>>> incident["victim_count"]["min"], incident["date"]["edtf"]
(2, '2019-05')

Pure Python, no Django; see README.md beside this file for the method and its limits.
"""

from __future__ import annotations

import datetime as dt
import re

from kirok.lib.extraction import lexicon
from kirok.lib.extraction.fields import (
    Count,
    Mention,
    Place,
    Victim,
    ancestors,
    counts_in,
    dates_in,
    gazetteer_type,
    organisations,
    places_in,
    triggers,
    victims_in,
    with_same_year_dates,
)
from kirok.lib.extraction.segments import Segment, clauses, join, sentences
from kirok.lib.names.hanja import is_hanja

__all__ = ["LANGUAGES", "detect_language", "extract"]

# The languages whose words the lexicon holds (kirok.lib.extraction.lexicon).
LANGUAGES = ("en", "ko", "zh")

_HANGUL = re.compile(r"[가-힣]")
_LETTER = re.compile(r"[^\W\d_]")
_VICTIM_CONTEXT = {
    "en": re.compile(lexicon.VICTIM_CONTEXT_EN, re.IGNORECASE),
    "ko": re.compile(lexicon.VICTIM_CONTEXT_KO),
    "zh": re.compile(lexicon.VICTIM_CONTEXT_ZH),
}
_PRONOUN = {
    "en": re.compile(r"\b(?:[Ss]he|[Hh]er|[Hh]e|[Hh]im)\b"),
    "ko": re.compile(r"(?<![가-힣])(?:저는|저도|저를|저랑|제가|나는|그는|그녀|그를)"),
    # 我 is the witness; 我妹妹 ("my sister") is someone else.
    "zh": re.compile(
        rf"[她他](?![们們])|其(?![他它中余餘实實])"
        rf"|我(?![们們国國大支分局所站院]|的?(?:{lexicon.RELATIONS_ZH}|妈妈|爸爸|叔叔|姑姑))"
    ),
}
# A sentence opening on people already spoken of continues their incident.
_ANAPHORA = {
    "en": re.compile(
        r"^(?:According to [^,]{1,40},\s*)?(?:"
        r"(?:[Oo]ne|[Tt]wo|[Ss]ome|[Ss]everal|[Mm]any|[Mm]ost|[Aa]ll|[Nn]one)"
        r" of (?:them|those|the)\b|"
        r"(?:The|These|Those|the|these|those)\s+"
        r"(?:\w+\s+){0,2}?(?:family|arrested|detained|detainees|smugglers|residents|"
        r"women|men|people|relatives|man|woman|returnees)\b)"
    ),
    "ko": re.compile(
        r"^(?:[^,]{0,12}에 따르면\s)?"
        r"(?:(?:체포된|붙잡힌|연행된|검거된|구금된|수감된|북송된|추방된|송환된)\s?\S+|"
        r"일가족|이들|그들|\S+ 중 (?:한|두|세) 명)[은는이가]?\s"
    ),
    "zh": re.compile(
        r"^(?:据[^，,]{0,12}[，,])?(?:上述|该批|這些|这些|其中|被(?:抓获|拘留|遣返)的)"
    ),
}
_MOVING_TYPES = frozenset({"forced_repatriation", "abduction", "family_punishment"})
# An act named with a definite article ("attend the execution", 이번 납치 사건) is one told before.
_DEFINITE = {
    "en": re.compile(r"\b(?:the|this|that)\s+(?:[\w-]+\s+)?$", re.IGNORECASE),
    "ko": re.compile(r"(?:이번|해당|그)\s+(?:[가-힣]+\s+)?$"),
    "zh": re.compile(r"(?:此次|这次|這次|该次|上述)$"),
}
# Sentence openings that introduce people already counted in an event.
_INTRODUCES = {
    "en": re.compile(
        r"^(?:(?:One|Two|Three|Some|Several|Many|Most|All|Each) of (?:them|those|the \w+)|"
        r"Among them|The (?:woman|man|girl|boy|victim|detainee)\b)",
        re.IGNORECASE,
    ),
    "ko": re.compile(r"^(?:그중|그 가운데|이 가운데|이들 가운데|이들 중|피해자)"),
    "zh": re.compile(r"^(?:其中|被害人|受害人|当事人)"),
}
_FAMILIES = (
    lexicon.CUSTODY_TYPES | lexicon.ABUSE_TYPES,
    frozenset({"execution"}),
    frozenset({"family_punishment"}),
    frozenset({"surveillance"}),
    frozenset({"coerced_informant"}),
)
# Statistics, table rows and list headings tell no single event of their own.
_NOT_NARRATIVE = re.compile(
    r"\d+\s?건|\d[\d,]*\s+cases|percent|\d\s?%|\|[^|]*\||명단|\blist of\b", re.IGNORECASE
)
# An organisation that speaks ("Chinese police told the family …") is not the agent.
_SPEAKER = re.compile(
    r"\s*(?:(?:told|said|say|says|denied|claimed|confirmed|refused to)\b|(?:称|稱|表示|告诉|否认))"
)
# Guesses about who did it: the sentence adds to an event, never opens one.
_HEDGE = {
    "en": re.compile(r"\b(?:whether|may have|might have|suspected of|it is unclear)\b", re.I),
    "ko": re.compile(r"소행인지|인지는|여부는|추정"),
    # …and general statements: what "usually" or "often" happens is no single event.
    "zh": re.compile(r"是否|疑似|据推测|據推測|或系|往往|通常|一般(?:会|都)|经常会|經常會"),
}
_LOOKBACK = 3  # sentences searched for a date or place the event's own sentence lacks


def detect_language(text: str) -> str:
    """'ko' when at least a fifth of the letters are Hangul, else 'zh' when at least a fifth
    are Chinese characters, else 'en'. A Korean text that gives names in characters
    (金順愛) stays Korean.

    >>> detect_language("朝鲜籍女子金惠松被遣返。"), detect_language("어머니 金順愛는 체포되었다")
    ('zh', 'ko')
    """
    letters = _LETTER.findall(text)
    if not letters:
        return "en"
    if sum(1 for char in letters if _HANGUL.match(char)) / len(letters) >= 0.2:
        return "ko"
    return "zh" if sum(map(is_hanja, letters)) / len(letters) >= 0.2 else "en"


def extract(
    text: str,
    *,
    lang: str | None = None,
    published: dt.date | None = None,
    field_spans: bool = False,
) -> dict:
    """The incidents a text describes, each with its fields and evidence spans.

    ``lang`` is "en", "ko", "zh" or None (detected from the share of Hangul and Chinese
    characters); ``published`` anchors relative dates ("last month", 작년 겨울). With
    ``field_spans``, each incident also has ``"spans"``: where in ``text`` each field's words
    are (``{"start", "end"}`` or None for date, place, perpetrator and victim_count; one per
    victim), so that a reviewer can see them highlighted. A field taken from a neighbouring
    sentence points there.
    """
    if lang not in (None, *LANGUAGES):
        raise ValueError(f"lang must be 'en', 'ko', 'zh' or None, not {lang!r}")
    lang = lang or detect_language(text)
    document = _Document(text, lang, published)
    incidents: list[_Incident] = []
    for candidate in document.candidates():
        target = _merge_target(incidents, candidate)
        if target is not None:
            target.absorb(candidate)
        elif candidate.standalone():
            incidents.append(_Incident.from_candidate(candidate))
    document.attach_introduced_victims(incidents)
    _inherit_from_earlier(incidents)
    found = []
    for incident in incidents:
        proposal = incident.as_dict()
        if field_spans:
            proposal["spans"] = incident.field_spans(text)
        found.append(proposal)
    return {"incidents": found}


# ----------------------------------------------------------------- the document


class _Document:
    """The text cut into sentences, with every mention found once."""

    def __init__(self, text: str, lang: str, published: dt.date | None) -> None:
        self.text, self.lang, self.published = text, lang, published
        self.sentences = sentences(text)
        self.places = _shift_all(places_in(text), 0)
        self.dates = with_same_year_dates(
            text,
            lang,
            [
                m
                for s in self.sentences
                for m in _shift_all(dates_in(s.text, published, lang), s.start)
            ],
        )
        self.named = victims_in(text, lang)
        self.witness = _witness(text, self.named)

    def candidates(self) -> list[_Candidate]:
        found = []
        for index, sentence in enumerate(self.sentences):
            for group in self._event_groups(sentence):
                candidate = self._candidate(index, group)
                if candidate is not None:
                    found.append(candidate)
        return found

    def _event_groups(self, sentence: Segment) -> list[Segment]:
        """The sentence, or its clauses when each tells its own event (own agent, own act)."""
        groups: list[Segment] = []
        for clause in clauses(sentence):
            acts = triggers(clause.text, self.lang)
            own_event = bool(acts) and (
                bool(organisations(clause.text, self.lang))
                or bool(
                    groups
                    and not _same_family([m.value for m in acts], _types(groups[-1], self.lang))
                )
            )
            if groups and not (own_event and _has_event(groups[-1], self.lang)):
                groups[-1] = join(groups[-1], clause, self.text)
            else:
                groups.append(clause)
        return groups

    def _candidate(self, index: int, segment: Segment) -> _Candidate | None:
        found = triggers(segment.text, self.lang)
        if not found or self._is_headline(segment):
            return None
        types = list(dict.fromkeys(m.value for m in found))
        first = segment.start + found[0].start
        orgs = [
            m
            for m in _shift_all(organisations(segment.text, self.lang), segment.start)
            if not _SPEAKER.match(self.text[m.end :])
        ]
        inside = [p for p in self.places if segment.start <= p.start and p.end <= segment.end]
        candidate = _Candidate(
            segment=segment,
            lang=self.lang,
            types=types,
            org=_nearest(orgs, first),
            place=_best_place(inside, self.text),
            own_place=bool(inside),
            date=_nearest_date(
                [d for d in self.dates if segment.start <= d.start < segment.end], first
            ),
            counts=[_shifted_count(c, segment.start) for c in counts_in(segment.text, self.lang)],
            victims=[v for v in self.named if segment.start <= v.start < segment.end],
            anaphoric=bool(_ANAPHORA[self.lang].match(segment.text)),
            definite=bool(_DEFINITE[self.lang].search(segment.text[: found[0].start])),
            context=bool(_VICTIM_CONTEXT[self.lang].search(segment.text)),
            headline=self._is_headline(segment),
        )
        if candidate.date is not None and _EVENT_RELATIVE.search(candidate.date.text):
            candidate.inherited.add("date")  # counted from another event: not its own time
        if _HEDGE[self.lang].search(segment.text):
            candidate.inherited.add("org")  # a guess at the agent does not make a new event
            candidate.hedged = True
        self._fill_from_context(index, candidate)
        return candidate

    def attach_introduced_victims(self, incidents: list[_Incident]) -> None:
        """Names given just after the event ("One of them, Ri Hyang (pseudonym), …", "The
        woman, named as …") belong to the incident told just before."""
        for sentence in self.sentences:
            if not _INTRODUCES[self.lang].match(sentence.text):
                continue
            named = [v for v in self.named if sentence.start <= v.start < sentence.end]
            before = [i for i in incidents if i.spans[0].start < sentence.start]
            if not named or not before:
                continue
            incident = max(
                before, key=lambda i: max(s.end for s in i.spans if s.start < sentence.start)
            )
            known = {v.name for v in incident.victims}
            incident.victims += [v for v in named if v.name not in known]

    def _is_row(self, line_start: int) -> bool:
        line_end = self.text.find("\n", line_start)
        return self.text.count("|", line_start, line_end if line_end >= 0 else None) >= 2

    def _line_of(self, segment: Segment) -> str:
        return self.text[self.text.rfind("\n", 0, segment.start) + 1 : segment.end]

    def _is_headline(self, segment: Segment) -> bool:
        """A short line without a closing full stop: a title or a heading."""
        line_end = self.text.find("\n", segment.start)
        line = self.text[segment.start : line_end if line_end >= 0 else len(self.text)].strip()
        return (
            line == segment.text and len(line) < 120 and not re.search(r"[.!?다요。！？]\W*$", line)
        )

    def _date_nearby(
        self, index: int, segment: Segment, paragraph: list[Segment]
    ) -> Mention | None:
        """The last date before the event in its paragraph (its own sentence included), else
        the first of the next sentence ("…held in two rooms. That was in March 2019.")."""
        begin = paragraph[0].start if paragraph else self.sentences[index].start
        before = [d for d in self.dates if begin <= d.start < segment.start]
        if before:
            return before[-1]
        following = self.sentences[index + 1 : index + 2]
        if following and following[0].paragraph == segment.paragraph:
            after = [d for d in self.dates if following[0].start <= d.start < following[0].end]
            return after[0] if after else None
        return None

    def _org_nearby(
        self, index: int, segment: Segment, paragraph: list[Segment]
    ) -> tuple[Mention | None, bool]:
        """The agent of the sentence just before (it usually goes on acting in this one),
        else of the next sentence ("… were sent away. The bowibu said …"); and whether it
        came from the next one."""
        if paragraph:
            begin = paragraph[-1].start
            orgs = _shift_all(organisations(self.text[begin : segment.start], self.lang), begin)
            if orgs:
                return orgs[-1], False
        following = self.sentences[index + 1 : index + 2]
        if following and following[0].paragraph == segment.paragraph:
            orgs = _shift_all(organisations(following[0].text, self.lang), following[0].start)
            return (orgs[0], True) if orgs else (None, False)
        return None, False

    def _fill_from_context(self, index: int, candidate: _Candidate) -> None:
        """Take a missing date, place or victim from the sentences just before."""
        earlier = self.sentences[max(0, index - _LOOKBACK) : index]
        paragraph = [s for s in earlier if s.paragraph == candidate.segment.paragraph]
        start = candidate.segment.start
        if candidate.date is None:
            candidate.date = self._date_nearby(index, candidate.segment, paragraph)
            candidate.inherited.add("date")
        if candidate.place is None and earlier:
            before = [p for p in self.places if earlier[0].start <= p.start < start]
            candidate.place = before[-1] if before else None
        if candidate.place is None:
            candidate.place = _best_place(self.places[:3])
            candidate.inherited.add("place")
        line_start = self.text.rfind("\n", 0, start) + 1
        if not candidate.victims and self._is_row(line_start):
            # A list row names its person once, at the start of the line.
            candidate.victims = [v for v in self.named if line_start <= v.start < start][:1]
        if not candidate.victims and _PRONOUN[self.lang].search(candidate.segment.text):
            before = [v for v in self.named if v.start < start]
            candidate.victims = before[-1:]
            candidate.inherited.add("victims")
        if not candidate.victims and self.lang == "zh" and paragraph and not candidate.counts:
            # Chinese leaves out a subject just named: "被告人李成哲，男，…。2016年4月3日因…被
            # 珲春市公安局刑事拘留。" The one person the sentence before names is the victim.
            named = [v for v in self.named if paragraph[-1].start <= v.start < start]
            if len({v.name for v in named}) == 1:
                candidate.victims = named[-1:]
                candidate.inherited.add("victims")
        if (
            not candidate.victims
            and self.witness
            and _ANSWER.match(self._line_of(candidate.segment))
        ):
            candidate.victims = [self.witness]  # an answer in a transcript: the witness speaks
            candidate.inherited.add("victims")
        if candidate.org is None:
            candidate.org, following = self._org_nearby(index, candidate.segment, paragraph)
            candidate.org_from_context = candidate.org is not None
            if following:
                candidate.inherited.add("org")  # a guess ahead: never a reason to split


# ----------------------------------------------------------------- candidates and incidents


class _Candidate:
    def __init__(self, **fields) -> None:
        self.segment: Segment = fields["segment"]
        self.lang: str = fields["lang"]
        self.types: list[str] = fields["types"]
        self.org: Mention | None = fields["org"]
        self.place: Mention | None = fields["place"]
        self.date: Mention | None = fields["date"]
        self.counts: list[Count] = fields["counts"]
        self.victims: list[Victim] = fields["victims"]
        self.anaphoric: bool = fields["anaphoric"]
        self.definite: bool = fields["definite"]
        self.context: bool = fields["context"]
        self.segment_has_place: bool = fields["own_place"]
        self.headline: bool = fields["headline"]
        self.inherited: set[str] = set()  # fields taken from the sentences before
        self.hedged = False
        self.org_from_context = False

    def own(self, name: str):
        """A field's value when this candidate's own words give it, else None."""
        if name in self.inherited:
            return None
        return getattr(self, name)

    def standalone(self) -> bool:
        """Whether this may open an incident: an act needs an agent or a named victim, or
        people plus a place or a time of its own; headlines, table rows and statistics
        need an agent or a name."""
        if self.own("victims"):
            return True
        if _NOT_NARRATIVE.search(self.segment.text) or self.headline or self.hedged:
            return False
        if self.own("org"):
            return True
        anchored = self.segment_has_place or self.own("date") is not None
        return bool((self.counts or self.context) and anchored)


class _Incident:
    def __init__(self, candidate: _Candidate) -> None:
        self.types = list(candidate.types)
        self.org, self.place, self.date = candidate.org, candidate.place, candidate.date
        self.counts = list(candidate.counts)
        self.victims = list(candidate.victims)
        self.spans = [candidate.segment]

    @classmethod
    def from_candidate(cls, candidate: _Candidate) -> _Incident:
        return cls(candidate)

    def absorb(self, candidate: _Candidate) -> None:
        self.types += [t for t in candidate.types if t not in self.types]
        self.org = self.org or candidate.org
        self.place = self.place or candidate.place
        self.date = self.date or candidate.date
        self.counts = self.counts or candidate.counts
        names = {v.name for v in self.victims}
        self.victims += [v for v in candidate.victims if v.name not in names]
        self.spans.append(candidate.segment)

    def as_dict(self) -> dict:
        count = self.counts[0] if self.counts else None
        if count is None and self.victims:
            count = Count(len(self.victims), len(self.victims), None)
        return {
            "types": self.types,
            "date": _date_dict(self.date),
            "place": _place_dict(self.place),
            "perpetrator": _org_dict(self.org, self.place),
            "victim_count": {"min": count.low, "max": count.high, "text": count.text}
            if count
            else None,
            "victims": [v.as_dict() for v in self.victims],
            "evidence": [{"start": s.start, "end": s.end, "quote": s.text} for s in self.spans],
            "confidence": self._confidence(),
        }

    def field_spans(self, text: str) -> dict:
        """Where each field's words are in ``text``; None where no words say it."""
        count = self.counts[0] if self.counts else None
        return {
            "date": _span(text, self.date.start, self.date.end) if self.date else None,
            "place": _span(text, self.place.start, self.place.end) if self.place else None,
            "perpetrator": _span(text, self.org.start, self.org.end) if self.org else None,
            "victim_count": _span_of_words(text, count.start, count.text) if count else None,
            "victims": [_span_of_words(text, v.start, v.name) for v in self.victims],
        }

    def _confidence(self) -> float:
        known = sum(x is not None for x in (self.org, self.place, self.date))
        score = (
            0.35
            + 0.15 * known
            + (0.1 if self.counts or self.victims else 0)
            + 0.05 * (len(self.spans) > 1)
        )
        return round(min(score, 0.95), 2)


def _merge_target(incidents: list[_Incident], candidate: _Candidate) -> _Incident | None:
    """The incident this candidate re-tells, if any: among those it does not contradict
    (latest first), a re-mention, then a definite or anaphoric reference, then the same
    kind of act in the same paragraph, or of the same agent or person later on."""
    own_anchor = (
        (candidate.own("org") and not candidate.org_from_context)
        or candidate.counts
        or candidate.own("victims")
        or candidate.segment_has_place
    )
    compatible = [
        incident
        for incident in reversed(incidents)
        if not _conflict(incident, candidate, ignore_org=candidate.anaphoric)
    ]
    for incident in compatible:
        if _re_mention(incident, candidate):
            return incident  # "The arrest in Yanji, she believes, …"
    if candidate.definite:
        for incident in compatible:
            if set(incident.types) & set(candidate.types):
                return incident  # "… were ordered to attend the execution"
    if candidate.anaphoric:
        # "The detainees …", "검거된 주민 중 한 명": the people of the last act of its kind.
        kin = [i for i in compatible if _same_family(i.types, candidate.types)]
        return (kin or compatible or [None])[0]
    for incident in compatible:
        same_paragraph = incident.spans[-1].paragraph == candidate.segment.paragraph
        family = _same_family(incident.types, candidate.types)
        if same_paragraph and family:
            return incident
        if not own_anchor and same_paragraph:
            return None  # a bare remark on another kind of act: not an event of its own
        if family and (_same_agent(incident, candidate) or _same_victim(incident, candidate)):
            return incident  # the story of one person or one unit goes on
    return None


def _inherit_from_earlier(incidents: list[_Incident]) -> None:
    """An event told without its agent or time ("the guards kicked him") happened under the
    agent and in the time of the event told before it in the same place."""
    for index, incident in enumerate(incidents):
        if incident.place is None or (incident.org and incident.date):
            continue
        for earlier in reversed(incidents[:index]):
            if earlier.place and _places_agree(earlier.place.value, incident.place.value, False):
                incident.org = incident.org or earlier.org
                incident.date = incident.date or earlier.date
                break


def _re_mention(incident: _Incident, candidate: _Candidate) -> bool:
    place = candidate.own("place")
    if not (set(incident.types) & set(candidate.types) and incident.place and place):
        return False
    return incident.place.value.place_id in ancestors(place.value.place_id)


def _same_agent(incident: _Incident, candidate: _Candidate) -> bool:
    org = candidate.own("org")
    return bool(incident.org and org and incident.org.value == org.value)


def _same_victim(incident: _Incident, candidate: _Candidate) -> bool:
    mine = {v.name for v in incident.victims if v.name}
    return bool(mine & {v.name for v in candidate.victims if v.name})


def _conflict(incident: _Incident, candidate: _Candidate, ignore_org: bool) -> bool:
    org, place, date = candidate.own("org"), candidate.own("place"), candidate.own("date")
    if not ignore_org and incident.org and org and _org_code(incident.org) != _org_code(org):
        return True
    moved = bool(_MOVING_TYPES & set(candidate.types))
    if incident.place and place and not _places_agree(incident.place.value, place.value, moved):
        return True
    mine = {v.name for v in incident.victims if v.name}
    theirs = {v.name for v in candidate.own("victims") or [] if v.name}
    if (
        incident.date
        and date
        and not _dates_overlap(incident.date.value, date.value)
        and not _returned_after_arrest(incident, candidate, mine & theirs)
    ):
        return True
    return bool(mine and theirs and not mine & theirs)


def _returned_after_arrest(incident: _Incident, candidate: _Candidate, shared: set) -> bool:
    """The return of a person arrested before: their arrest's outcome, one incident dated
    by the arrest ("2017年10月9日…查获。…2017年11月2日执行，李成哲…被移交朝鲜")."""
    returned, arrested = candidate.date.value.earliest, incident.date.value.earliest
    return bool(
        shared
        and "forced_repatriation" in candidate.types
        and "arrest" in incident.types
        and returned
        and arrested
        and returned >= arrested
    )


def _same_family(first: list[str], second: list[str]) -> bool:
    return any(family & set(first) and family & set(second) for family in _FAMILIES)


def _places_agree(first: Place, second: Place, moved: bool) -> bool:
    """Nested places agree; so do two towns of one Chinese province (people are moved
    between holding places there), and the two ends of a move (repatriation, abduction
    across the river, banishment within a province)."""
    if first.place_id in ancestors(second.place_id) or second.place_id in ancestors(first.place_id):
        return True
    if moved and (first.country != second.country or first.admin1 == second.admin1):
        return True
    return first.country == second.country == "CN" and first.admin1 == second.admin1


def _dates_overlap(first, second) -> bool:
    low = max(filter(None, (first.earliest, second.earliest)), default=None)
    high = min(filter(None, (first.latest, second.latest)), default=None)
    return low is None or high is None or low <= high


# ----------------------------------------------------------------- helpers

# A transcript's header names the witness ("증언자: 최○○(가명 최명순 …", "Interviewee: …");
# the answers are then in the first person.
_WITNESS_HEADER = re.compile(
    r"증언자|면담자|Interviewee|Witness|Testimony of|证言人|受访者|讲述人", re.IGNORECASE
)
_ANSWER = re.compile(
    r"\s*(?:\*\*)?(?:답|A|-|증언자|응답자|Witness|Interviewee)(?:\*\*)?\s*[:.]?(?:\*\*)?\s"
    r"|\s*答\s*[:：]",
    re.IGNORECASE,
)


def _witness(text: str, named: list[Victim]) -> Victim | None:
    """The pseudonymous witness named in a transcript's first lines, if any."""
    header = text[:400]
    if not _WITNESS_HEADER.search(header):
        return None
    for victim in named:
        if victim.start < len(header) and victim.pseudonym:
            return victim
    return None


def _types(segment: Segment, lang: str) -> list[str]:
    return [m.value for m in triggers(segment.text, lang)]


def _has_event(segment: Segment, lang: str) -> bool:
    return bool(triggers(segment.text, lang) and organisations(segment.text, lang))


def _span(text: str, start: int, end: int) -> dict:
    """The span without the spaces a phrase may have been matched with."""
    words = text[start:end]
    start += len(words) - len(words.lstrip())
    return {"start": start, "end": start + len(words.strip())}


def _span_of_words(text: str, start: int, words: str | None) -> dict | None:
    """The span of ``words`` found at ``start`` (None when they are not there verbatim,
    e.g. a name put together from two places)."""
    if not words or text[start : start + len(words)] != words:
        return None
    return _span(text, start, start + len(words))


def _shift_all(mentions: list[Mention], offset: int) -> list[Mention]:
    return [Mention(m.start + offset, m.end + offset, m.text, m.value) for m in mentions]


def _shifted_count(count: Count, offset: int) -> Count:
    return Count(count.low, count.high, count.text, count.start + offset)


def _nearest(mentions: list[Mention], position: int) -> Mention | None:
    if not mentions:
        return None
    return min(mentions, key=lambda m: min(abs(m.start - position), abs(m.end - position)))


# Dates counted from another event ("a week after", 같은 달) yield to dates of their own.
_EVENT_RELATIVE = re.compile(
    r"\b(?:after|later|before|ago|same|that)\b|뒤|만에|후|같은|그날|그해|전(?:에)?$"
    r"|同年|当年|當年|该年|該年",
    re.I,
)


def _nearest_date(mentions: list[Mention], position: int) -> Mention | None:
    own = [m for m in mentions if not _EVENT_RELATIVE.search(m.text)]
    return _nearest(own or mentions, position)


_LEVEL_RANK = {"site": 1, "admin3": 1, "admin2": 1, "admin1": 2}
_CAMP_TYPES = frozenset({"political_prison_camp", "reeducation_labor_camp"})
_REGION_TYPES = frozenset({"autonomous_prefecture"})


def _best_place(mentions: list[Mention], text: str = "") -> Mention | None:
    """The place of the event: a named camp first, then the first town (before its
    province); a town people come from ("a woman from Musan") only when nothing else."""
    if not mentions:
        return None

    def rank(mention: Mention) -> tuple:
        origin = bool(
            _ORIGIN.search(text[max(0, mention.start - 6) : mention.start])
            or _ORIGIN_ZH.search(text[max(0, mention.start - 10) : mention.start])
        )
        camp = gazetteer_type(mention.value.place_id) in _CAMP_TYPES
        level = 0 if camp else _LEVEL_RANK.get(mention.value.level, 3)
        if gazetteer_type(mention.value.place_id) in _REGION_TYPES:
            level = _LEVEL_RANK["admin1"]  # 延边 (a prefecture) is a region, not a town
        return (origin, level, mention.start)

    return min(mentions, key=rank)


_ORIGIN = re.compile(r"\bfrom\s+$", re.IGNORECASE)
# Where a person comes from or lives, in Chinese: 从朝鲜会宁市, 住朝鲜咸镜北道会宁市, 原籍….
_ORIGIN_ZH = re.compile(r"(?:从|從|住|原住|原籍|户籍)(?:朝鲜|朝鮮)?[^，,。；;]{0,6}$")


def _org_code(mention: Mention) -> str:
    return mention.value


_BORDER_TROOPS_ZH = frozenset({"边防部队", "邊防部隊", "边防官兵", "边防警察"})


def _in_north_korea(place: Mention | None) -> bool:
    return place is not None and place.value.country == "KP"


def _org_dict(org: Mention | None, place: Mention | None) -> dict | None:
    if org is None:
        return None
    code = org.value
    # Plain "police" in China are Chinese police; in North Korea the MPS.
    plain_police = re.fullmatch(r"(?i)police(?: officers| officials)?", org.text)
    if code == "MPS" and plain_police and place is not None and place.value.country == "CN":
        code = "CN_public_security"
    # Plain "border troops" (边防部队) in North Korea are its border guard, not China's.
    if code == "CN_public_security" and org.text in _BORDER_TROOPS_ZH and _in_north_korea(place):
        code = "border_guard"
    return {"text": org.text, "org": code}


def _place_dict(place: Mention | None) -> dict | None:
    if place is None:
        return None
    value = place.value
    return {
        "text": place.text,
        "place_id": value.place_id,
        "country": value.country,
        "admin1": value.admin1,
    }


def _date_dict(date: Mention | None) -> dict | None:
    if date is None:
        return None
    value = date.value
    return {
        "edtf": value.edtf,
        "earliest": value.earliest.isoformat() if value.earliest else None,
        "latest": value.latest.isoformat() if value.latest else None,
        "text": date.text,
    }
