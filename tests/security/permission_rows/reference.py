"""Permission rows for proceedings, organizations and places (kirok.web.reference_pages).

Format: see tests/security/permission_rows/__init__.py. Columns, in order:
anonymous, administrator, coordinator, analyst, documenter, viewer, outsider.

Proceedings are records in cases, like incidents. Organizations and places are shared
reference data in no case: every reading role (the outsider is a viewer in no case) reads
them; coordinators, and documenters who may edit in some case, change them.
"""

from tests.security.permission_rows.web import EDIT_RECORD, MAY_EDIT_SOMEWHERE, RECORD

#                    anon adm coo ana doc vie out
EVERY_READER = "302 404 200 200 200 200 200"
EDIT_REFERENCE = "302 404 200 403 200 403 403"

ROWS = {
    "web:proceeding": {"target": "proceeding", **RECORD},
    "web:proceeding_edit": {"target": "proceeding", **EDIT_RECORD},
    **{
        name: {"inside": MAY_EDIT_SOMEWHERE, "outside": MAY_EDIT_SOMEWHERE}
        for name in (
            "web:proceeding_new",
            "web:autocomplete_incidents",
            "web:organization_new",
            "web:place_new",
        )
    },
    "web:organization": {"target": "organization", "inside": EVERY_READER, "outside": EVERY_READER},
    "web:place": {"target": "place", "inside": EVERY_READER, "outside": EVERY_READER},
    "web:organization_edit": {
        "target": "organization",
        "inside": EDIT_REFERENCE,
        "outside": EDIT_REFERENCE,
    },
    "web:place_edit": {"target": "place", "inside": EDIT_REFERENCE, "outside": EDIT_REFERENCE},
}
