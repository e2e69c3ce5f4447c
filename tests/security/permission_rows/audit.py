"""Permission rows for kirok.audit's URLs (``audit:…``), owned by the audit app.

Format: see tests/security/permission_rows/__init__.py. Columns, in order:
anonymous, administrator, coordinator, analyst, documenter, viewer, outsider.

- The audit log is for administrators and coordinators; alerts for coordinators; other
  roles get 403 (and the refusal is audited).
- A record's history and its diff follow the record's access function: whoever may see the
  record (404 otherwise, audited). The history URLs exist once per record type
  (``history/person/<uuid>/``, ``history/incident/<uuid>/`` …) under one name; reversed by
  UUID alone, as here, they give the person's (kirok/audit/urls.py), hence the target.
- Restoring needs the right to edit the record: a coordinator of the case (or any
  coordinator for a record in no case) or a documenter whose membership ``can_edit``;
  readers who may not edit get 403. With an out-of-date ``expected`` version the restore is
  refused with a message and a redirect to the history (302); tests/test_audit_revisions.py
  tests a real restore.
- Acknowledging names the alert in the POST body; none named: 404 for a coordinator.
"""

LOG = "302 200 200 403 403 403 403"
ALERTS = "302 403 200 403 403 403 403"
NOBODY = "302 404 404 404 404 404 404"
# Members of the case see its records; coordinators also see records in no case.
READERS_INSIDE = "302 404 200 200 200 200 404"
READERS_UNASSIGNED = "302 404 200 404 404 404 404"

ROWS = {
    "audit:log": {"inside": LOG, "outside": LOG},
    "audit:alerts": {"inside": ALERTS, "outside": ALERTS},
    "audit:alert_acknowledge": {
        "method": "POST",
        "data": {"note": "checked"},
        "inside": "302 403 404 403 403 403 403",
        "outside": "302 403 404 403 403 403 403",
    },
    "audit:history": {
        "target": "person",
        "inside": READERS_INSIDE,
        "outside": NOBODY,
        "unassigned": READERS_UNASSIGNED,
    },
    "audit:diff": {
        "target": "person",
        "inside": READERS_INSIDE,
        "outside": NOBODY,
        "unassigned": READERS_UNASSIGNED,
    },
    "audit:restore": {
        "method": "POST",
        "data": {"number": "1", "expected": "0"},
        "target": "person",
        "inside": "302 404 302 403 302 403 404",
        "outside": NOBODY,
        "unassigned": READERS_UNASSIGNED.replace("200", "302"),
    },
}
