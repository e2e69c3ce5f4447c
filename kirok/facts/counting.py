"""Counting over a snapshot (kirok.facts.snapshot) for one reader: the vectorised primitives
that the search facets and the statistics dashboard are written with.

Masks are numpy bool arrays over a snapshot table's rows ("incidents", "acts" …). A
reader's view starts from :func:`view_for`, which applies kirok.records.access's rule to
the case links held in the snapshot; nothing is counted outside it.

A *pairing* relates incidents (or victims) to values — an incident to its violation types,
a victim to a sex — deduplicated once per snapshot version, so that "how many distinct
incidents per value" is a bincount, not a sort, on every request.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from kirok.facts import loading
from kirok.facts.snapshot import Snapshot, current
from kirok.records import access
from kirok.records.ages import AGE_GROUPS

CASE_LINKS = {
    "incidents": "incident_cases",
    "persons": "person_cases",
    "sources": "source_cases",
    "proceedings": "proceeding_cases",
}


@dataclass
class View:
    """What one reader may see of a snapshot: a mask per record table."""

    snapshot: Snapshot
    incidents: np.ndarray
    persons: np.ndarray
    sources: np.ndarray
    proceedings: np.ndarray
    # Masks derived from the view, kept with it: a view is shared by the readers of one rule
    # until the snapshot changes, and each of these costs a pass over a million rows.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def victim_visible(self, acts: str = "acts") -> np.ndarray:
        """Per act: whether the reader may see its victim."""
        return self._derive(
            ("victim_visible", acts),
            lambda: _at(
                self.persons,
                self.snapshot.rows_of("persons", self.snapshot.column(acts, "victim")),
            ),
        )

    def source_visible(self) -> np.ndarray:
        """Per evidence span: whether the reader may see its source."""
        return self._derive(
            ("source_visible",),
            lambda: _at(
                self.sources,
                self.snapshot.rows_of("sources", self.snapshot.column("spans", "source")),
            ),
        )

    def _derive(self, name: tuple, build) -> np.ndarray:
        if name not in self.derived:
            mask = build()
            mask.flags.writeable = False  # shared between requests
            self.derived[name] = mask
        return self.derived[name]


def view_for(user) -> View:
    """The current snapshot and what ``user`` may see of it (nothing for an account that
    may see no record).

    The masks depend only on the rule (the reader's cases, and whether it sees unassigned
    records) and the snapshot, so readers with the same rule share them until the next
    change; the rule itself is read from the database every time.
    """
    snapshot = current()
    rule = access.visibility_rule(user)
    key = None if rule is None else (tuple(sorted(rule[0])), rule[1])

    def build() -> View:
        masks = {
            table: _visible(snapshot, table, links, rule) for table, links in CASE_LINKS.items()
        }
        for mask in masks.values():
            mask.flags.writeable = False  # shared between requests: nobody may change it
        return View(snapshot=snapshot, **masks)

    return snapshot.cached(("view", key), build)


def _visible(snapshot: Snapshot, table: str, links: str, rule) -> np.ndarray:
    """access's rule over columns: in one of the reader's cases, or (for a reader who sees
    them) in no case at all."""
    seen = np.zeros(snapshot.size(table), dtype=bool)
    if rule is None:
        return seen
    case_ids, unassigned = rule
    owners = snapshot.rows_of(table, snapshot.column(links, loading.KEY_COLUMN[links]))
    in_mine = np.isin(snapshot.column(links, "case"), np.asarray(case_ids, dtype=np.int64))
    seen[owners[in_mine & (owners >= 0)]] = True
    if unassigned:
        linked = np.zeros_like(seen)
        linked[owners[owners >= 0]] = True
        seen |= ~linked
    return seen


def _at(mask: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """``mask[rows]``, False where a row is -1 (no such record)."""
    found = np.zeros(len(rows), dtype=bool)
    inside = rows >= 0
    found[inside] = mask[rows[inside]]
    return found


# --- pairings -----------------------------------------------------------------------------------


@dataclass
class Pairing:
    """Distinct (owner row, value) pairs, and for each source row the pair it belongs to.

    ``owners`` are rows of the owner table (incidents, or persons for victims); ``values``
    are small non-negative integers (codes, keys). A source row whose owner or value is
    missing belongs to no pair (-1).
    """

    owners: np.ndarray
    values: np.ndarray
    pair_of_row: np.ndarray
    # present() for the masks it was last asked about (the same cached view masks come back
    # for every facet of a page): (mask, answer) pairs, compared by identity.
    _present: list = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def build(cls, owners: np.ndarray, values: np.ndarray) -> Pairing:
        usable = (owners >= 0) & (values >= 0)
        pair_of_row = np.full(len(owners), -1, dtype=np.int64)
        if not usable.any():
            empty = np.zeros(0, dtype=np.int64)
            return cls(empty, empty, pair_of_row)
        keys = values[usable] * (int(owners.max()) + 1) + owners[usable]
        unique, inverse = np.unique(keys, return_inverse=True)
        pair_of_row[usable] = inverse
        width = int(owners.max()) + 1
        return cls(unique % width, unique // width, pair_of_row)

    def present(self, rows_kept: np.ndarray | None) -> np.ndarray:
        """Per pair: whether one of its source rows is kept (all pairs when None)."""
        if rows_kept is None:
            return np.ones(len(self.owners), dtype=bool)
        for mask, answer in self._present:
            if mask is rows_kept:
                return answer
        found = np.zeros(len(self.owners), dtype=bool)
        found[self.pair_of_row[rows_kept & (self.pair_of_row >= 0)]] = True
        if not rows_kept.flags.writeable:  # a shared, unchanging mask: worth remembering
            found.flags.writeable = False
            self._present = [(rows_kept, found), *self._present[:7]]
        return found

    def owners_with(self, wanted: np.ndarray, size: int, rows_kept=None) -> np.ndarray:
        """Mask over the owner table: owners paired with one of the ``wanted`` values."""
        chosen = self.present(rows_kept) & np.isin(self.values, wanted)
        found = np.zeros(size, dtype=bool)
        found[self.owners[chosen]] = True
        return found

    def count(self, owners_kept: np.ndarray, rows_kept=None) -> dict[int, int]:
        """Distinct owners (among ``owners_kept``) per value, for the pairs present."""
        chosen = self.present(rows_kept) & owners_kept[self.owners]
        counts = np.bincount(self.values[chosen])
        return {int(v): int(counts[v]) for v in np.flatnonzero(counts)}


def pairing(snapshot: Snapshot, name: str, build) -> Pairing:
    """A pairing cached for the snapshot's version; ``build`` makes it."""
    return snapshot.cached(f"pairing:{name}", build)


def incident_rows_of(snapshot: Snapshot, table: str) -> np.ndarray:
    """The incident row of each row of a table keyed by incident (acts, spans …)."""
    return snapshot.cached(
        f"incident_rows:{table}",
        lambda: snapshot.rows_of("incidents", snapshot.column(table, "incident")),
    )


def act_rows_of(snapshot: Snapshot, table: str) -> np.ndarray:
    """The act row of each row of ``table`` (perpetrators, spans), -1 where it has none."""

    def build() -> np.ndarray:
        acts = snapshot.column("acts", "act")
        lookup = np.full(int(acts.max(initial=0)) + 1, -1, dtype=np.int64)
        lookup[acts] = np.arange(len(acts))
        wanted = snapshot.column(table, "act")
        found = np.full(len(wanted), -1, dtype=np.int64)
        inside = (wanted > 0) & (wanted < len(lookup))
        found[inside] = lookup[wanted[inside]]
        return found

    return snapshot.cached(f"act_rows:{table}", build)


def victim_rows(snapshot: Snapshot) -> np.ndarray:
    """The person row of each act's victim."""
    return snapshot.cached(
        "victim_rows", lambda: snapshot.rows_of("persons", snapshot.column("acts", "victim"))
    )


# --- what acts say about their victims ----------------------------------------------------------


def act_sex(snapshot: Snapshot) -> np.ndarray:
    """Per act: the victim's sex code (-1 unknown person)."""
    return snapshot.cached("act_sex", lambda: _from_victim(snapshot, "sex", -1))


def act_occupation(snapshot: Snapshot) -> np.ndarray:
    """Per act: the victim's occupation number (0: none recorded)."""
    return snapshot.cached("act_occupation", lambda: _from_victim(snapshot, "occupation", 0))


def _from_victim(snapshot: Snapshot, column: str, missing: int) -> np.ndarray:
    rows = victim_rows(snapshot)
    values = np.full(len(rows), missing, dtype=np.int64)
    values[rows >= 0] = snapshot.column("persons", column)[rows[rows >= 0]]
    return values


def act_age_group(snapshot: Snapshot) -> np.ndarray:
    """Per act: the victim's age group code (a position in loading.AGE_GROUPS), by the rule
    of kirok.records.ages (whole range in one group, else uncertain; dates missing: unknown)."""
    return snapshot.cached("act_age_group", lambda: _age_groups(snapshot))


def _age_groups(snapshot: Snapshot) -> np.ndarray:
    victims = victim_rows(snapshot)
    incidents = incident_rows_of(snapshot, "acts")
    return age_groups(
        born=(_pick(snapshot.column("persons", "born_lo"), victims),
              _pick(snapshot.column("persons", "born_hi"), victims)),
        event=(_pick(snapshot.column("incidents", "year_lo"), incidents),
               _pick(snapshot.column("incidents", "year_hi"), incidents)),
    )  # fmt: skip


def age_groups(born: tuple[np.ndarray, np.ndarray], event: tuple[np.ndarray, np.ndarray]):
    """kirok.records.ages.age_group for arrays of years (0: not known): positions in
    loading.AGE_GROUPS."""
    youngest = np.maximum(0, event[0] - born[1] - 1)
    oldest = event[1] - born[0]
    codes = np.full(len(youngest), loading.AGE_GROUPS.index("uncertain"), dtype=np.int64)
    for code, _label, low, high in reversed(AGE_GROUPS):  # the first group that fits wins
        codes[(youngest >= low) & (oldest <= high)] = loading.AGE_GROUPS.index(code)
    unknown = (born[0] == 0) | (event[0] == 0) | (oldest < 0)
    codes[unknown] = loading.AGE_GROUPS.index("unknown")
    return codes


def _pick(column: np.ndarray, rows: np.ndarray) -> np.ndarray:
    values = np.zeros(len(rows), dtype=np.int64)
    values[rows >= 0] = column[rows[rows >= 0]]
    return values


def counted_year(snapshot: Snapshot) -> np.ndarray:
    """Per incident: the year it is counted in (kirok.statistics.filters.year_of), 0 for none."""

    def build() -> np.ndarray:
        low = snapshot.column("incidents", "year_lo")
        high = snapshot.column("incidents", "year_hi")
        known = (low > 0) & (high > 0) & (high - low <= YEAR_SPREAD_ALLOWED)
        return np.where(known, (low + high) // 2, 0)

    return snapshot.cached("counted_year", build)


YEAR_SPREAD_ALLOWED = 2


# --- ordering ---------------------------------------------------------------------------------


def ordered(snapshot: Snapshot, kept: np.ndarray, sort: str) -> np.ndarray:
    """The primary keys of the kept incidents in a list's order (kirok.search.facets.SORTS)."""
    rows = np.flatnonzero(kept)
    pk = snapshot.column("incidents", "incident")[rows]
    if sort == "oldest":
        day = snapshot.column("incidents", "day_lo")[rows]
        keys = (pk, np.where(day < 0, np.iinfo(np.int64).max, day))
    elif sort == "updated":
        keys = (-pk, -snapshot.column("incidents", "updated")[rows])
    elif sort == "victims":
        keys = (-pk, -snapshot.column("incidents", "victims")[rows])  # -1 (none) sorts last
    else:  # newest; an incident without a date last
        day = snapshot.column("incidents", "day_lo")[rows]
        keys = (-pk, np.where(day < 0, np.iinfo(np.int64).max, -day))
    return pk[np.lexsort(keys)]


# --- the facets of an incident, shared by search and statistics ------------------------------


def _violations(snapshot: Snapshot) -> Pairing:
    """Incidents and the violation types named on them or on one of their acts."""
    owners = np.concatenate(
        [incident_rows_of(snapshot, "incident_types"), incident_rows_of(snapshot, "acts")]
    )
    values = np.concatenate(
        [snapshot.column("incident_types", "term"), snapshot.column("acts", "type")]
    )
    return Pairing.build(owners, np.where(values > 0, values, -1))


def _perpetrators(snapshot: Snapshot) -> Pairing:
    """Incidents and the organizations named as perpetrators in their acts."""
    return Pairing.build(
        incident_rows_of(snapshot, "perpetrators"), snapshot.column("perpetrators", "organization")
    )


def _victims(snapshot: Snapshot, per_act) -> Pairing:
    """Incidents and a value of their victims, one row per act (gated by the victim)."""
    return Pairing.build(incident_rows_of(snapshot, "acts"), per_act(snapshot))


def _cited(snapshot: Snapshot, column: str) -> Pairing:
    """Incidents and the kind (or grade) of the sources cited on them or their acts, one
    row per evidence span (gated by the source)."""
    sources = snapshot.rows_of("sources", snapshot.column("spans", "source"))
    values = _pick(snapshot.column("sources", column), sources)
    return Pairing.build(incident_rows_of(snapshot, "spans"), np.where(values > 0, values, -1))


# facet → (how to build its pairing, which rows a reader must be allowed to see)
PAIRED = {
    "violation": (_violations, None),
    "perpetrator": (_perpetrators, None),
    "sex": (lambda s: _victims(s, act_sex), "victim"),
    "age_group": (lambda s: _victims(s, act_age_group), "victim"),
    "source_kind": (lambda s: _cited(s, "kind"), "source"),
    "reliability": (lambda s: _cited(s, "reliability"), "source"),
}
COLUMNS = {"status": "status", "place": "place"}  # facets that are a column of the incident


def _paired(view: View, facet: str) -> tuple[Pairing, np.ndarray | None]:
    build, gate = PAIRED[facet]
    found = pairing(view.snapshot, facet, lambda: build(view.snapshot))
    if gate == "victim":
        return found, view.victim_visible()
    if gate == "source":
        return found, view.source_visible()
    return found, None


def incidents_where(view: View, facet: str, values: list[int]) -> np.ndarray:
    """Mask over incidents: those with one of ``values`` (ids or codes) for ``facet``;
    a victim's sex or age and a source's kind count only where the reader sees them."""
    wanted = np.asarray(values, dtype=np.int64)
    if facet in COLUMNS:
        return np.isin(view.snapshot.column("incidents", COLUMNS[facet]), wanted)
    found, gate = _paired(view, facet)
    return found.owners_with(wanted, len(view.incidents), gate)


def incidents_per_value(view: View, facet: str, kept: np.ndarray) -> dict[int, int]:
    """Distinct incidents of ``kept`` per value of ``facet`` (same gates as above)."""
    if facet in COLUMNS:
        column = view.snapshot.column("incidents", COLUMNS[facet])
        chosen = kept & (column >= 0)
        counts = np.bincount(column[chosen])
        return {int(v): int(counts[v]) for v in np.flatnonzero(counts)}
    found, gate = _paired(view, facet)
    return found.count(kept, gate)


def incidents_in_years(view: View, first: int | None, last: int | None) -> np.ndarray:
    """Mask over incidents whose start may fall in the years (ranges overlapping)."""
    low = view.snapshot.column("incidents", "year_lo")
    high = view.snapshot.column("incidents", "year_hi")
    kept = np.ones(len(low), dtype=bool)
    if first is not None:
        kept &= high >= first
    if last is not None:
        kept &= (low > 0) & (low <= last)
    return kept


def mask_of(view: View, incident_ids) -> np.ndarray:
    """Mask over incidents for a list of incident primary keys."""
    rows = view.snapshot.rows_of("incidents", np.fromiter(incident_ids, dtype=np.int64))
    found = np.zeros(len(view.incidents), dtype=bool)
    found[rows[rows >= 0]] = True
    return found
