"""Every URL of the project × every persona × inside/outside the case, against one declared
table (tests/security/permission_rows/). A change to who may do what must change the table; a
URL added without a row fails test_every_url_of_the_project_has_a_row.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.security.permission_rows import codes, load_rows
from tests.security.world import (
    PERSONAS,
    POSITIONS,
    RECORD_TARGETS,
    SECRET,
    TARGETS,
    persona_user,
    project_urls,
)

ROWS = load_rows()
# Personas who must never see anything of world.case, wherever they stand.
NEVER_READERS = {"anonymous", "administrator", "outsider"}


def positions_of(row: dict) -> tuple[str, ...]:
    return POSITIONS if row.get("target") in RECORD_TARGETS else POSITIONS[:2]


COMBINATIONS = [
    (name, persona, position)
    for name, row in sorted(ROWS.items())
    for position in positions_of(row)
    for persona in PERSONAS
]


def request_url(name: str, row: dict, world, position: str, user) -> str:
    url = project_urls()[name]
    target = row.get("target")
    if target is None:
        return reverse(name)
    made = TARGETS[target](world, position, user)
    return reverse(name, kwargs={url.uuid_kwargs[0]: made.public_id})


def test_every_url_of_the_project_has_a_row():
    missing = sorted(set(project_urls()) - set(ROWS))
    assert not missing, f"add rows to tests/security/permission_rows/ for: {missing}"


def test_every_row_names_a_url_of_the_project():
    assert not sorted(set(ROWS) - set(project_urls()))


@pytest.mark.parametrize("name", sorted(ROWS))
def test_every_row_is_complete_and_fits_its_url(name):
    row, url = ROWS[name], project_urls()[name]
    assert row.get("method", "GET") in ("GET", "POST")
    assert set(row) <= {"method", "data", "target", *POSITIONS}
    for position in positions_of(row):
        assert len(codes(row[position])) == len(PERSONAS), (name, position)
    if url.uuid_kwargs or row.get("target"):
        assert row.get("target") in TARGETS and len(url.uuid_kwargs) == 1, name
    assert not url.other_kwargs, f"{name}: teach tests/security/world.py its arguments"


def test_the_matrix_covers_every_persona_and_position():
    # The number quoted in docs/security/README.md; printed with -rA.
    print(f"{len(ROWS)} URLs, {len(COMBINATIONS)} URL × persona × position combinations")
    assert len(COMBINATIONS) >= len(ROWS) * len(PERSONAS) * 2


@pytest.mark.parametrize(("name", "persona", "position"), COMBINATIONS)
def test_the_permission_matrix(client, db, world, name, persona, position):
    row = ROWS[name]
    user = persona_user(world, persona, position)
    if user is not None:
        client.force_login(user)
    url = request_url(name, row, world, position, user)
    expected = codes(row[position])[PERSONAS.index(persona)]
    if row.get("method", "GET") == "POST":
        response = client.post(url, row.get("data", {}))
    else:
        response = client.get(url)
    assert response.status_code == expected, (name, persona, position)
    if persona == "anonymous" and expected == 302:
        assert response.url.startswith(reverse("web:login"))
    if persona in NEVER_READERS or position == "outside" or expected in (403, 404):
        body = response.content.decode(errors="replace")
        assert SECRET not in body, (name, persona, position)
