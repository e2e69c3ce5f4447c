"""The shape of a generated demo data set: plain frozen dataclasses, no Django.

Records refer to one another by string keys (``P00012``, ``I00003``), to places by gazetteer
id, to organizations by seed code and to vocabulary terms by code, so that a loader can map
them onto any database without predicting its ids.
"""

from __future__ import annotations

from dataclasses import dataclass

FICTION_NOTE = "Synthetic demo record — this person is fictional."


@dataclass(frozen=True)
class DemoName:
    text: str
    script: str  # hangul or latin
    kind: str  # legal, alias or pseudonym
    romanization: str  # rr, mr, mr_plain, dprk, or '' for Hangul
    family_name: str
    given_name: str
    is_primary: bool


@dataclass(frozen=True)
class DemoPerson:
    key: str
    # The human being this record describes. Ground truth for evaluating record linkage; it
    # is never written to the database.
    true_person_key: str
    names: tuple[DemoName, ...]
    sex: str
    birth_date: str
    birthplace: str
    hometown: str
    occupation: str
    nationality: str
    status: str
    consent_store: bool
    consent_share_un: bool
    consent_publish: bool
    notes: str


@dataclass(frozen=True)
class DemoRelation:
    key: str
    subject: str
    kind: str  # relation_kind code: subject is <kind> object
    object: str


@dataclass(frozen=True)
class DemoPerpetrator:
    organization: str  # seed code or ''
    person: str  # person key or ''
    role: str  # perpetrator_role code


@dataclass(frozen=True)
class DemoAct:
    key: str
    incident: str
    victim: str
    violation_type: str
    date: str
    place: str
    sequence: int
    perpetrators: tuple[DemoPerpetrator, ...]


@dataclass(frozen=True)
class DemoIncident:
    key: str
    title: str
    summary: str
    violation_types: tuple[str, ...]
    start_date: str
    end_date: str
    place: str
    status: str
    victim_count_exact: int | None
    victim_count_min: int | None
    victim_count_max: int | None
    victim_count_text: str
    acts: tuple[DemoAct, ...]


@dataclass(frozen=True)
class DemoSource:
    key: str
    kind: str
    title: str
    reliability: str
    credibility: str
    language: str
    author: str
    organization: str
    published_date: str
    collected_date: str
    reference: str
    text: str
    is_public_material: bool
    consent_store: bool
    consent_share_un: bool
    consent_publish: bool


@dataclass(frozen=True)
class DemoEvidence:
    """A passage of a source: ``source.text[start:end] == quote``."""

    source: str
    target_kind: str  # incident, act, person, relation or proceeding
    target: str
    start: int
    end: int
    quote: str


@dataclass(frozen=True)
class DemoProceeding:
    key: str
    forum: str
    title: str
    reference: str
    status: str
    filed_date: str
    last_action_date: str
    incidents: tuple[str, ...]
    persons: tuple[str, ...]
    notes: str


@dataclass(frozen=True)
class DemoDataset:
    seed: int
    scale: int
    sources: tuple[DemoSource, ...]
    persons: tuple[DemoPerson, ...]
    relations: tuple[DemoRelation, ...]
    incidents: tuple[DemoIncident, ...]
    evidence: tuple[DemoEvidence, ...]
    proceedings: tuple[DemoProceeding, ...]

    @property
    def acts(self) -> tuple[DemoAct, ...]:
        return tuple(act for incident in self.incidents for act in incident.acts)
