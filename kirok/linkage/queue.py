"""The review queue: undecided candidate pairs of the latest run, most useful first.

A decision helps most where the model is least sure: probability nearest 0.5 first
(``certainty`` = |p − 0.5|), then the heavier evidence. Only pairs whose two persons the
reviewer may see are counted or listed (kirok.linkage.access.visible_pairs).

A reviewer may narrow the queue to the pairs of one person, named in any spelling: a list
of 50,000 persons leaves about 240,000 pairs to review (docs/methodology/linkage.md), and
the one who documents a family or a town settles its pairs best. The name is found through
the names' blind index (PersonName.objects.spelled_like), and the queue's address carries it
sealed (``ne``), never in clear.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from kirok.linkage import access as linkage_access
from kirok.linkage import services
from kirok.linkage.engine.comparisons import NEARBY_KM
from kirok.linkage.models import CandidatePair, PairDecision
from kirok.records.models import PersonName
from kirok.security import keyring

# The engine's comparisons, for people; a comparison the engine adds later shows its own name.
COMPARISONS = {
    "name": _("Name"),
    "birth_year": _("Birth year"),
    "birth_date": _("Date of birth"),
    "sex": _("Sex"),
    "hometown": _("Hometown"),
    "family": _("Family"),
    "event_year": _("Year of the event"),
}

# The engine's level labels (kirok/linkage/engine/comparisons.py), for people; a label the
# engine adds later shows as the engine wrote it.
LEVELS = {
    "missing": _("missing"),
    "same key, spelled apart": _("same name key, spelled apart"),
    "same name key": _("same name key"),
    "very similar (≥ 0.9)": _("very similar (≥ 0.9)"),
    "shared key in another reading": _("same key in another reading of the name"),
    "similar (≥ 0.75)": _("similar (≥ 0.75)"),
    "somewhat similar (≥ 0.6)": _("somewhat similar (≥ 0.6)"),
    "written alike as text (Jaro–Winkler ≥ 0.9)": _("written alike as text (Jaro–Winkler ≥ 0.9)"),
    "different": _("different"),
    "exact": _("exact"),
    "±1 year": _("±1 year"),
    "±2 years": _("±2 years"),
    "derived from age, overlapping": _("derived from an age, overlapping"),
    "derived from age, within 2 years": _("derived from an age, within 2 years"),
    "compared as full dates": _("compared as full dates"),
    "same date": _("same date"),
    "one digit off, or day and month swapped": _("one digit off, or day and month swapped"),
    "two digits off": _("two digits off"),
    "same": _("same"),
    "same year": _("same year"),
    "same place": _("same place"),
    "unknown place, spelled almost alike": _("a place not in the gazetteer, spelled almost alike"),
    f"nearby (≤ {NEARBY_KM} km)": format_lazy(_("nearby (≤ {km} km)"), km=NEARBY_KM),
    "same province": _("same province"),
    "shared relative": _("a relative in common"),
    "no shared relative": _("no relative in common"),
}


@dataclass(frozen=True)
class Progress:
    decided: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.decided / self.total) if self.total else 100


@dataclass(frozen=True)
class QueueRow:
    pair: CandidatePair
    left: str
    right: str
    percent: int
    levels: list[tuple[str, str]]


def run_pairs(user, name: str = "") -> QuerySet[CandidatePair]:
    """The latest run's pairs ``user`` may see (none before the first run); with ``name``,
    only the pairs of which one person has a name spelled like it."""
    run = services.latest_run()
    if run is None:
        return CandidatePair.objects.none()
    pairs = CandidatePair.objects.filter(run=run)
    if name:
        named = PersonName.objects.spelled_like(name).values("person_id")
        pairs = pairs.filter(Q(left__in=named) | Q(right__in=named))
    return linkage_access.visible_pairs(user, pairs)


def pending_pairs(user, name: str = "") -> QuerySet[CandidatePair]:
    """Undecided pairs, in the order a reviewer should take them."""
    return (
        run_pairs(user, name)
        .exclude(services.decided_filter())
        .select_related("left", "right")
        .prefetch_related("left__names", "right__names")
        .order_by("certainty", "-match_weight", "pk")
    )


def progress(user, name: str = "") -> Progress:
    pairs = run_pairs(user, name)
    return Progress(decided=pairs.filter(services.decided_filter()).count(), total=pairs.count())


def next_pair(user, *, after: CandidatePair, name: str = "") -> CandidatePair | None:
    """The first undecided pair in queue order other than ``after`` (skip moves on)."""
    pending = pending_pairs(user, name).exclude(pk=after.pk)
    later = pending.filter(
        Q(certainty__gt=after.certainty)
        | Q(certainty=after.certainty, match_weight__lt=after.match_weight)
        | Q(certainty=after.certainty, match_weight=after.match_weight, pk__gt=after.pk)
    ).first()
    return later or pending.first()


def current_decision(pair: CandidatePair) -> PairDecision | None:
    """The decision that counts for the pair's two persons (the latest), if any."""
    return PairDecision.objects.filter(left=pair.left_id, right=pair.right_id).first()


def row(pair: CandidatePair) -> QueueRow:
    return QueueRow(
        pair=pair,
        left=str(pair.left),
        right=str(pair.right),
        percent=round(100 * pair.match_probability),
        levels=levels(pair),
    )


def levels(pair: CandidatePair) -> list[tuple[str, str]]:
    """(comparison, level) in the engine's order of comparisons, named for people."""
    order = list(COMPARISONS)
    ranked = sorted(
        pair.levels.items(),
        key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0]),
    )
    return [
        (str(COMPARISONS.get(name, name)), str(LEVELS.get(level, level))) for name, level in ranked
    ]


# --- The name a reviewer narrowed the queue to, as addresses carry it ---------------------

NAME_CONTEXT = "linkage:queue-name"
MAX_NAME = 200


def seal_name(name: str) -> str:
    """The name as the queue's address carries it (``ne``): readable by this Kirok only, so
    that it reaches no browser history, bookmark or proxy log in clear."""
    return keyring.seal(name[:MAX_NAME], context=NAME_CONTEXT)


def opened_name(token: str) -> str | None:
    """The name of an address's ``ne``; "" for none, None when it cannot be read (a link made
    before the keys were rotated, or altered)."""
    return keyring.open_from_address(token, context=NAME_CONTEXT) if token else ""
