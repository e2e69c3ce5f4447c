"""Permission rows for kirok.web's URLs (``web:…``).

Format: see tests/security/permission_rows/__init__.py. Columns, in order:
anonymous, administrator, coordinator, analyst, documenter, viewer, outsider.
"""

EVERYONE_SIGNED_IN = "302 200 200 200 200 200 200"
# A record: its case's members read it; a record in no case, only coordinators (who assign
# it); administrators see no records; the outsider is in no case.
RECORD = {
    #              anon adm coo ana doc vie out
    "inside": "302 404 200 200 200 200 404",
    "outside": "302 404 404 404 404 404 404",
    "unassigned": "302 404 200 404 404 404 404",
}

# Editing: only coordinators and documenters whose membership can_edit.
MAY_EDIT_SOMEWHERE = "302 403 200 403 200 403 403"
EDIT_RECORD = {
    #              anon adm coo ana doc vie out
    "inside": "302 404 200 403 200 403 404",
    "outside": "302 404 404 404 404 404 404",
    "unassigned": "302 404 200 404 404 404 404",
}

ROWS = {
    "web:home": {"inside": EVERYONE_SIGNED_IN, "outside": EVERYONE_SIGNED_IN},
    # The login page sends a signed-in account home.
    "web:login": {
        "inside": "200 302 302 302 302 302 302",
        "outside": "200 302 302 302 302 302 302",
    },
    # POST only (a link or an image cannot log anyone out); everyone lands on the login page.
    "web:logout": {
        "method": "POST",
        "inside": "302 302 302 302 302 302 302",
        "outside": "302 302 302 302 302 302 302",
    },
    "web:password_change": {"inside": EVERYONE_SIGNED_IN, "outside": EVERYONE_SIGNED_IN},
    "web:incident": {"target": "incident", **RECORD},
    "web:person": {"target": "person", **RECORD},
    # Sensitive contact details: only a member with edit rights (coordinator; documenter
    # whose membership can_edit) of a case that allows them; POST only.
    "web:person_sensitive": {
        "method": "POST",
        "target": "person",
        #              anon adm coo ana doc vie out
        "inside": "302 404 200 404 200 404 404",
        "outside": "302 404 404 404 404 404 404",
        "unassigned": "302 404 404 404 404 404 404",
    },
    # Creating and editing (kirok.web.editing). A new record needs a case the account may
    # edit in: coordinators' and can_edit documenters' (both positions have one); the others
    # get 403. Editing needs access.can_edit: a reader of the record without it gets 403, a
    # record it may not see 404; coordinators edit records in no case.
    **{
        name: {"inside": MAY_EDIT_SOMEWHERE, "outside": MAY_EDIT_SOMEWHERE}
        for name in (
            "web:person_new",
            "web:incident_new",
            "web:autocomplete_places",
            "web:autocomplete_organizations",
            "web:autocomplete_persons",
            "web:date_preview",
            # Finding a source to cite from a record's page (kirok.web.cite).
            "web:cite_sources",
        )
    },
    "web:person_edit": {"target": "person", **EDIT_RECORD},
    "web:incident_edit": {"target": "incident", **EDIT_RECORD},
}
