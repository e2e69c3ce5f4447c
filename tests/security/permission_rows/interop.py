"""Permission rows for kirok.interop's URLs (``interop:…``): four-eyes exports.

Format: see tests/security/permission_rows/__init__.py. Columns, in order:
anonymous, administrator, coordinator, analyst, documenter, viewer, outsider.

Analysts and coordinators may ask for exports (other roles get 403); only coordinators
decide, and only on requests of others for cases they are members of; only the requester
downloads. The ``export`` target is a request by another analyst of the case, waiting for
approval; ``own_export`` is the persona's own request, approved.
"""

MAY_REQUEST = "302 403 200 200 403 403 403"
NOBODY = "302 404 404 404 404 404 404"

ROWS = {
    "interop:list": {"inside": MAY_REQUEST, "outside": MAY_REQUEST},
    "interop:new": {"inside": MAY_REQUEST, "outside": MAY_REQUEST},
    "interop:pending": {
        "inside": "302 403 200 403 403 403 403",
        "outside": "302 403 200 403 403 403 403",
    },
    "interop:detail": {
        "target": "export",
        "inside": "302 404 200 404 404 404 404",
        "outside": NOBODY,
    },
    # A coordinator's approval or denial sends it back to the request (302).
    "interop:approve": {
        "method": "POST",
        "target": "export",
        "inside": "302 404 302 404 404 404 404",
        "outside": NOBODY,
    },
    "interop:deny": {
        "method": "POST",
        "target": "export",
        "inside": "302 404 302 404 404 404 404",
        "outside": NOBODY,
    },
    # The file, for the requester, while still a member of the request's cases.
    "interop:download": {
        "method": "POST",
        "target": "own_export",
        "inside": "302 404 200 200 404 404 404",
        "outside": NOBODY,
    },
}
