"""Permission rows for kirok.search's URLs (``search:…``): the search box, the incident
browser, its CSV export and saved searches.

Format: see tests/security/permission_rows/__init__.py. Columns, in order:
anonymous, administrator, coordinator, analyst, documenter, viewer, outsider.

Searching and browsing are open to every signed-in account: what they show comes through
kirok.records.access, so an administrator or the outsider gets empty lists, never a record
(the matrix checks that nothing of world.case reaches them). The CSV export is for the
roles that may ask for exports (analysts, coordinators). Saving a search needs a role that
reads records; deleting one needs its owner (a saved search of nobody's is a 404).
"""

EVERYONE_SIGNED_IN = "302 200 200 200 200 200 200"
MAY_EXPORT = "302 403 200 200 403 403 403"
READERS_SAVE = "302 403 302 302 302 302 302"
NOBODY_ELSE = "302 404 404 404 404 404 404"

ROWS = {
    "search:search": {"inside": EVERYONE_SIGNED_IN, "outside": EVERYONE_SIGNED_IN},
    "search:browse": {"inside": EVERYONE_SIGNED_IN, "outside": EVERYONE_SIGNED_IN},
    "search:export": {"method": "POST", "inside": MAY_EXPORT, "outside": MAY_EXPORT},
    # Saved, then sent back to the incident list (302).
    "search:save": {
        "method": "POST",
        "data": {"name": "Onsong 2012", "query": "province=KP-09&year_from=2012"},
        "inside": READERS_SAVE,
        "outside": READERS_SAVE,
    },
    "search:delete": {
        "method": "POST",
        "data": {"saved": "0b6c5b1e-9c5e-4f7e-9d64-1b2f3c4d5e6f"},
        "inside": NOBODY_ELSE,
        "outside": NOBODY_ELSE,
    },
}
