"""Permission rows for the source pages (``web:source…``, ``web:attachment``), kirok.web.sources.

Format: see tests/security/permission_rows/__init__.py. Columns, in order:
anonymous, administrator, coordinator, analyst, documenter, viewer, outsider.

- Reading a source or downloading its file follows the source's cases (kirok.records.access):
  404 for anyone who may not see it, audited.
- Adding a source needs a case to put it in where the account edits: a coordinator's cases,
  a documenter's memberships that ``can_edit``; the other roles get 403.
- Editing a source, citing one of its passages and removing a citation need the right to
  edit the source (and, for a citation, its record):
  readers who may see it but not edit it get 403 (audited). The empty POST of the matrix
  is an invalid form, shown again (200) to those who may edit.
"""

EVERYONE_SIGNED_IN = "302 200 200 200 200 200 200"
NOBODY = "302 404 404 404 404 404 404"
RECORD = {
    #              anon adm coo ana doc vie out
    "inside": "302 404 200 200 200 200 404",
    "outside": NOBODY,
    "unassigned": "302 404 200 404 404 404 404",
}
EDITORS = {
    #              anon adm coo ana doc vie out
    "inside": "302 404 200 403 200 403 404",
    "outside": NOBODY,
    "unassigned": "302 404 200 404 404 404 404",
}
# A POST that succeeds for those who may edit the source (and redirects).
DONE_BY_EDITORS = {
    #              anon adm coo ana doc vie out
    "inside": "302 404 302 403 302 403 404",
    "outside": NOBODY,
    "unassigned": "302 404 302 404 404 404 404",
}
# Whoever edits in some case; the persona "outside" is a member of the other case.
MAY_ADD = "302 403 200 403 200 403 403"

ROWS = {
    "web:sources": {"inside": EVERYONE_SIGNED_IN, "outside": EVERYONE_SIGNED_IN},
    "web:source_create": {"inside": MAY_ADD, "outside": MAY_ADD},
    "web:list_import": {"inside": MAY_ADD, "outside": MAY_ADD},
    "web:source": {"target": "source", **RECORD},
    "web:source_edit": {"target": "source", **EDITORS},
    "web:source_evidence": {"method": "POST", "target": "source", **EDITORS},
    "web:attachment": {"target": "attachment", **RECORD},
    "web:attachment_package": {"target": "attachment", **RECORD},
    # Proposed records: seen with the source; proposing again (nothing new: a redirect) and
    # deciding need the right to edit it. An empty review is an invalid form, shown again.
    "web:source_proposals": {"target": "source", **RECORD},
    "web:source_propose": {"method": "POST", "target": "source", **DONE_BY_EDITORS},
    "web:proposal_accept": {"method": "POST", "target": "proposal", **EDITORS},
    "web:proposal_reject": {"method": "POST", "target": "proposal", **DONE_BY_EDITORS},
    # Removing a cited passage: edit rights on its source and its record; done, it redirects.
    "web:evidence_remove": {"method": "POST", "target": "evidence", **DONE_BY_EDITORS},
}
