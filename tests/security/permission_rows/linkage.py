"""Permission rows for kirok.linkage's URLs (``linkage:…``).

Format: see tests/security/permission_rows/__init__.py. Columns, in order:
anonymous, administrator, coordinator, analyst, documenter, viewer, outsider.

A candidate pair is visible when both its persons are; an Identity when one of its persons
is. Deciding and undoing: coordinators and analysts, documenters with edit rights (the
world's documenter has them); viewers read only (403 on a write); administrators see
nothing (404). The two targets below are added to tests.security.world.TARGETS when this
module is loaded: both their persons are where the position puts the target.
"""

from __future__ import annotations

from django.utils import timezone

from kirok.linkage import services
from kirok.linkage.models import CandidatePair, LinkageRun, Verdict
from tests import factories
from tests.security import world as security_world


def _two_persons(world, position):
    cases = [] if position == "unassigned" else [world.case]
    return [
        factories.make_person(
            cases=cases,
            names=[{"text": f"{security_world.SECRET}{n}", "script": "hangul", "is_primary": True}],
        )
        for n in ("가", "나")
    ]


def _candidate_pair(world, position, user):
    left, right = services.ordered(*_two_persons(world, position))
    run = LinkageRun.objects.filter(finished_at__isnull=False).first()
    run = run or LinkageRun.objects.create(finished_at=timezone.now())
    return CandidatePair.objects.create(
        run=run, left=left, right=right, match_probability=0.6, match_weight=1.0, certainty=0.1
    )


def _identity(world, position, user):
    """An Identity made by a reviewer's "same" decision, so that it has a merge to undo."""
    pair = _candidate_pair(world, position, user)
    services.record_decision(world.approver, pair, Verdict.SAME)
    pair.left.refresh_from_db()
    return pair.left.identity


security_world.TARGETS.setdefault("candidate_pair", _candidate_pair)
security_world.TARGETS.setdefault("identity", _identity)

NOBODY_OUTSIDE = "302 404 404 404 404 404 404"
READERS_INSIDE = "302 404 200 200 200 200 404"
DECIDERS_INSIDE = "302 404 302 302 302 403 404"

ROWS = {
    "linkage:queue": {
        "inside": "302 404 200 200 200 200 200",
        "outside": "302 404 200 200 200 200 200",
    },
    "linkage:decide_many": {
        "method": "POST",
        "data": {"verdict": "unsure"},
        "inside": "302 404 302 302 302 403 403",
        "outside": "302 404 302 302 302 403 403",
    },
    "linkage:pair": {
        "target": "candidate_pair",
        "inside": READERS_INSIDE,
        "outside": NOBODY_OUTSIDE,
    },
    "linkage:decide": {
        "method": "POST",
        "data": {"verdict": "unsure"},
        "target": "candidate_pair",
        "inside": DECIDERS_INSIDE,
        "outside": NOBODY_OUTSIDE,
    },
    "linkage:identity": {"target": "identity", "inside": READERS_INSIDE, "outside": NOBODY_OUTSIDE},
    "linkage:identity_undo": {
        "method": "POST",
        "target": "identity",
        "inside": DECIDERS_INSIDE,
        "outside": NOBODY_OUTSIDE,
    },
}
