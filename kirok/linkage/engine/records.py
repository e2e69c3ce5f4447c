"""The records the linkage engine reads and the results it returns.

These types are the shared interface between the engine, the Django app
(kirok.linkage) and the evaluation (bench/linkage.py). They are plain frozen
dataclasses so they can be built from a CSV, a database row or a generator
without importing Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PersonRecord:
    """One mention of a person in one list, organisation's file or document."""

    record_id: str
    source: str | None = None  # which list/organisation/document it comes from
    names: tuple[str, ...] = ()  # every name, any script or romanization; first = main
    sex: str | None = None  # "male", "female" or None
    birth_year: int | None = None  # best single year, or None
    birth_year_range: tuple[int, int] | None = None  # (earliest, latest) when uncertain
    age_at_event: int | None = None  # "about 35 when taken in 2019"
    event_year: int | None = None
    hometown: str | None = None  # words as written ("Hyesan", "혜산시", gazetteer id)
    relatives: tuple[str, ...] = ()  # names of parents / spouse (family ties)
    birth_date: str | None = None  # "YYYY-MM-DD" when the day is known


@dataclass(frozen=True)
class Decision:
    """A reviewer's verdict on a pair: "same", "different" or "unsure"."""

    left: str
    right: str
    verdict: str


@dataclass(frozen=True)
class ScoredPair:
    """A candidate pair with the model's probability and the level of each comparison."""

    left: str
    right: str
    match_probability: float
    match_weight: float
    levels: dict[str, str] = field(default_factory=dict)


@dataclass
class LinkResult:
    """Everything one linkage run produced, enough to reproduce and review it."""

    pairs: list[ScoredPair]  # candidate pairs above a low floor (for review)
    clusters: dict[str, str]  # record_id -> cluster id (stable: smallest record_id)
    model: dict  # JSON-able: settings and trained m/u per level
    snapshot: str  # sha256 of the input records (canonical JSON)
    parameters: dict  # threshold, backend, engine version, seed
