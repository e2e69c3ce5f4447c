"""Permission rows for kirok.estimation's URLs (``estimation:…``).

Format: see tests/security/permission_rows/__init__.py. Columns, in order:
anonymous, administrator, coordinator, analyst, documenter, viewer, outsider.

Every reading role opens the page; coordinators and analysts estimate (documenters and
viewers get 403 on a run); administrators see nothing (404). A saved analysis is read by its
author and by members of every case it counted: the target below is an analysis of the
world's requester that counted records of ``world.case``, so a persona outside that case
gets 404 (audited), whatever its role.
"""

from __future__ import annotations

import json

from kirok.estimation import services
from kirok.estimation.models import EstimationAnalysis
from kirok.lib.estimation import CaptureTable
from tests import factories
from tests.security import world as security_world


def _analysis(world, position, user):
    """A saved log-linear analysis of ``world.case``, small enough to re-run at once."""
    source_a = factories.make_source(title=f"{security_world.SECRET} 목록 A", cases=[world.case])
    source_b = factories.make_source(title=f"{security_world.SECRET} 목록 B", cases=[world.case])
    table = CaptureTable.from_counts(["A", "B"], {(1, 0): 40, (0, 1): 30, (1, 1): 20})
    lists = [
        services.ListDefinition("A", source_a.title, frozenset([source_a.pk])),
        services.ListDefinition("B", source_b.title, frozenset([source_b.pk])),
    ]
    parameters = services.Parameters(
        list_kind="source",
        list_ids=(str(source_a.public_id), str(source_b.public_id)),
        method="loglinear",
        options={"model": "", "interval": "wald"},
    )
    snapshot = services.make_snapshot(lists, "none", {(): table})
    return EstimationAnalysis.objects.create(
        title=f"{security_world.SECRET} 추정",
        list_labels=json.dumps(services.labelled_lists(lists), ensure_ascii=False),
        created_by=world.requester,
        parameters=parameters.as_json(),
        snapshot=snapshot,
        snapshot_sha256=services.snapshot_digest(snapshot),
        case_ids=[world.case.pk],
        result=services.run({(): table}, "loglinear", parameters.options),
        kirok_version="test",
    )


security_world.TARGETS.setdefault("estimation_analysis", _analysis)

EVERY_READER = "302 404 200 200 200 200 200"
ESTIMATORS_POST = "302 404 400 400 403 403 403"  # an empty form is refused with its reasons
NOBODY_OUTSIDE = "302 404 404 404 404 404 404"
READERS_INSIDE = "302 404 200 200 200 200 404"


def _read(name: str) -> dict:
    return {
        name: {"target": "estimation_analysis", "inside": READERS_INSIDE, "outside": NOBODY_OUTSIDE}
    }


ROWS = {
    "estimation:index": {"inside": EVERY_READER, "outside": EVERY_READER},
    "estimation:run": {"method": "POST", "inside": ESTIMATORS_POST, "outside": ESTIMATORS_POST},
    "estimation:save": {"method": "POST", "inside": ESTIMATORS_POST, "outside": ESTIMATORS_POST},
    **_read("estimation:analysis"),
    **_read("estimation:captures_csv"),
    **_read("estimation:results_csv"),
    **_read("estimation:json"),
    **_read("estimation:report"),
    "estimation:rerun": {
        "method": "POST",
        "target": "estimation_analysis",
        "inside": "302 404 200 200 403 403 404",
        "outside": NOBODY_OUTSIDE,
    },
    "estimation:refresh": {
        "method": "POST",
        "target": "estimation_analysis",
        "inside": "302 404 302 302 403 403 404",
        "outside": NOBODY_OUTSIDE,
    },
}
