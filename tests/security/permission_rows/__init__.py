"""The declared permission table, one module per app: what every persona gets from every URL.

Each module (web.py, audit.py, accounts.py, interop.py) holds one dict, ``ROWS``, keyed by
the URL's full name (``"namespace:name"``). A row is a dict:

``"method"``      ``"GET"`` (default) or ``"POST"``
``"data"``        the POST body (optional; default empty)
``"target"``      what fills the URL's ``<uuid:…>`` argument: a key of
                  ``tests.security.world.TARGETS`` (``incident``, ``person``, ``source``,
                  ``proceeding``, ``export``, ``own_export``), or None for a URL without one
``"inside"``      the expected status codes when the persona is a member of the case that
                  holds the target
``"outside"``     … when the persona is a member of another case only
``"unassigned"``  … when the target is a record in no case (required for record targets,
                  absent otherwise)

Expected codes are written as one string of seven numbers, one per persona, in the order of
``tests.security.world.PERSONAS``::

    #                 anon adm coo ana doc vie out
    "inside":        "302 404 200 200 200 200 404",

302 for ``anonymous`` means "sent to the login page" (the test checks where). A URL of the
project without a row fails ``test_every_url_of_the_project_has_a_row``; a row for a URL that
no longer exists fails ``test_every_row_names_a_url_of_the_project``.
"""

from __future__ import annotations

from importlib import import_module

MODULES = (
    "web",
    "audit",
    "accounts",
    "interop",
    "search",
    "statistics",
    "sources",
    "reference",
    "linkage",
    "estimation",
)


def load_rows() -> dict[str, dict]:
    """Every app's rows in one dict; a URL declared by two modules is an error."""
    rows: dict[str, dict] = {}
    for module in MODULES:
        declared = import_module(f"{__name__}.{module}").ROWS
        clash = set(rows) & set(declared)
        if clash:
            raise ValueError(f"{module}.py declares rows already declared: {sorted(clash)}")
        rows.update(declared)
    return rows


def codes(text: str) -> tuple[int, ...]:
    """``"302 404 200"`` → (302, 404, 200)."""
    return tuple(int(code) for code in text.split())
