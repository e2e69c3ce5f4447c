"""The review queue: undecided candidate pairs of the latest run, most useful first.

A decision helps most where the model is least sure: probability nearest 0.5 first
(``certainty`` = |p − 0.5|), then the heavier evidence. Only pairs whose two persons the
reviewer may see are counted or listed (kirok.linkage.access.visible_pairs).
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


def run_pairs(user) -> QuerySet[CandidatePair]:
    """The latest run's pairs ``user`` may see (none before the first run)."""
    run = services.latest_run()
    if run is None:
        return CandidatePair.objects.none()
    return linkage_access.visible_pairs(user, CandidatePair.objects.filter(run=run))


def pending_pairs(user) -> QuerySet[CandidatePair]:
    """Undecided pairs, in the order a reviewer should take them."""
    return (
        run_pairs(user)
        .exclude(services.decided_filter())
        .select_related("left", "right")
        .prefetch_related("left__names", "right__names")
        .order_by("certainty", "-match_weight", "pk")
    )


def progress(user) -> Progress:
    pairs = run_pairs(user)
    return Progress(decided=pairs.filter(services.decided_filter()).count(), total=pairs.count())


def next_pair(user, *, after: CandidatePair) -> CandidatePair | None:
    """The first undecided pair in queue order other than ``after`` (skip moves on)."""
    pending = pending_pairs(user).exclude(pk=after.pk)
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
