"""Every process keeps the counted facts of all records in memory, as numpy columns.

Why: a faceted list counts, for each of eight facets, the incidents that every *other*
filter leaves, and the dashboard counts distinct victims by five dimensions — over what one
reader may see. In SQL that is a dozen grouped queries with visibility subqueries per page,
which took seconds at 100,000 incidents. Over columns in memory each count is a few
vectorised passes (kirok.facts.counting), whatever the filters.

Staying current: every change to a counted record writes a kirok.facts.models.Change in
its own transaction (kirok.facts.changes). Before each use, :func:`current` reads the
recent changes (one indexed query) and reloads only the records they name. A process
remembers the (seq, token) of the changes it applied; one that disappears or changes its
token was rolled back, and the whole snapshot is read again. Because PostgreSQL may commit
a lower seq after a higher one, the last WINDOW changes are read again each time and any
not yet applied are applied (applying one twice does no harm).

Visibility is not in the snapshot: it keeps which cases each record is in, and the reader's
cases are read per request (kirok.records.access.visibility_rule).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from django.db import connections

from kirok.facts import loading
from kirok.facts.models import Change

WINDOW = 500  # changes read again each time (see the module docstring)
MAX_KEYS = 5_000  # more changed records than this at once: read everything again

FAMILIES = ("incident", "person", "source", "proceeding")


@dataclass
class Snapshot:
    tables: dict[str, loading.Columns]
    seen: dict[int, int] = field(default_factory=dict)  # seq → token of applied changes
    occupations: dict[str, int] = field(default_factory=dict)
    version: int = 0  # increases with every reload, for caches of derived arrays
    derived: dict = field(default_factory=dict)

    def column(self, table: str, name: str) -> np.ndarray:
        return self.tables[table][name]

    def size(self, table: str) -> int:
        return len(self.tables[table][loading.KEY_COLUMN[table]])

    def positions(self, table: str) -> np.ndarray:
        """A lookup from a record's primary key to its row in ``table`` (-1: none)."""
        return self.cached(f"positions:{table}", lambda: _positions(self, table))

    def rows_of(self, table: str, keys: np.ndarray) -> np.ndarray:
        """The row of each key in ``table``, -1 where there is none."""
        lookup = self.positions(table)
        inside = (keys > 0) & (keys < len(lookup))
        found = np.full(len(keys), -1, dtype=np.int64)
        found[inside] = lookup[keys[inside]]
        return found

    def cached(self, name: str | tuple, build):
        """A derived value, built once per snapshot version."""
        if name not in self.derived:
            self.derived[name] = build()
        return self.derived[name]

    @property
    def occupation_names(self) -> list[str]:
        names = [""] * (len(self.occupations) + 1)
        for text, number in self.occupations.items():
            names[number] = text
        return names


def _positions(snapshot: Snapshot, table: str) -> np.ndarray:
    keys = snapshot.column(table, loading.KEY_COLUMN[table])
    lookup = np.full(int(keys.max(initial=0)) + 1, -1, dtype=np.int64)
    lookup[keys] = np.arange(len(keys))
    return lookup


# --- keeping it current ----------------------------------------------------------------------

_lock = threading.Lock()
_snapshots: dict[tuple, Snapshot] = {}


def current(using: str = "default") -> Snapshot:
    """This process's snapshot of database ``using``, brought up to date."""
    place = _place(using)
    with _lock:
        snapshot = _snapshots.get(place)
        if snapshot is None:
            snapshot = _snapshots[place] = _read_everything(using)
        else:
            _catch_up(snapshot, using)
        return snapshot


def reference(name: str, build):
    """Something built from reference data (places, organizations, vocabulary terms: trees,
    labels), kept as long as the snapshot's version. Put the language in ``name`` when the
    value holds labels.

    Every change to those tables is an "all" change (kirok.facts.changes), seen at the next
    :func:`current`. This reads the snapshot as the last ``current()`` of this process left
    it, without asking the database again: the counting code asks for the reader's view
    (``current()``) first, then for trees and labels many times per page.
    """
    with _lock:
        latest = _snapshots.get(_place("default"))
    return (latest or current()).cached(f"reference:{name}", build)


def _place(using: str) -> tuple:
    """Which database a snapshot is of (tests switch between servers in one process)."""
    settings = connections[using].settings_dict
    return (using, settings["ENGINE"], str(settings["NAME"]), settings.get("PORT"))


def forget() -> None:
    """Drop every snapshot (the next use reads everything again)."""
    with _lock:
        _snapshots.clear()


def _recent_changes(using: str, after: int | None) -> list[tuple[int, int, str, int | None]]:
    changes = Change.objects.using(using).values_list("seq", "token", "kind", "record_id")
    if after is None:
        return sorted(changes.order_by("-seq")[:WINDOW])
    return list(changes.filter(seq__gt=after).order_by("seq"))


def _read_everything(using: str) -> Snapshot:
    # The change log first: a change committed while the tables are read is then seen as
    # new next time and applied again.
    seen = {seq: token for seq, token, _kind, _pk in _recent_changes(using, None)}
    snapshot = Snapshot(tables={}, seen=seen)
    _load(snapshot, {family: None for family in FAMILIES}, using)
    return snapshot


def _catch_up(snapshot: Snapshot, using: str) -> None:
    horizon = max(snapshot.seen, default=0) - WINDOW
    changes = _recent_changes(using, horizon)
    present = {seq: token for seq, token, _kind, _pk in changes}
    lost = any(present.get(seq, token) != token or seq not in present
               for seq, token in snapshot.seen.items() if seq > horizon)  # fmt: skip
    new = [c for c in changes if c[0] not in snapshot.seen]
    if not new and not lost:
        return
    wanted: dict[str, set[int]] = {}
    for _seq, _token, kind, pk in new:
        wanted.setdefault(kind, set()).add(pk)
    everything = lost or "all" in wanted or sum(map(len, wanted.values())) > MAX_KEYS
    if everything:
        fresh = _read_everything(using)
        snapshot.tables, snapshot.seen = fresh.tables, fresh.seen
        snapshot.occupations = fresh.occupations
    else:
        snapshot.seen.update((seq, token) for seq, token, _kind, _pk in new)
        _load(snapshot, {kind: sorted(pks) for kind, pks in wanted.items()}, using)
    # Keep the memory of changes to the window that is read again.
    top = max(snapshot.seen, default=0)
    snapshot.seen = {s: t for s, t in snapshot.seen.items() if s > top - WINDOW}
    snapshot.version += 1
    snapshot.derived = {}


def _load(snapshot: Snapshot, families: dict[str, list[int] | None], using: str) -> None:
    """Read these families (all their records, or only the given keys) into ``snapshot``."""
    for family, keys in families.items():
        if family == "person":
            tables = loading.person_family(keys, snapshot.occupations)
        else:
            tables = loading.LOADERS[family](keys)
        for name, columns in tables.items():
            if keys is None or name not in snapshot.tables:
                snapshot.tables[name] = columns
            else:
                snapshot.tables[name] = _replaced(snapshot.tables[name], name, keys, columns)


def _replaced(old: loading.Columns, name: str, keys: list[int], new: loading.Columns):
    """``old`` without the rows of ``keys``, then the rows read for them now."""
    keep = ~np.isin(old[loading.KEY_COLUMN[name]], np.asarray(keys, dtype=np.int64))
    return {column: np.concatenate([old[column][keep], new[column]]) for column in old}
