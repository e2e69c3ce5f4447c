"""IDOR: another case's UUID in any URL gives 404 — not 403, not 200 — and is audited.

Every URL of the project that takes a UUID is tried (found from the URL resolver, so a new
one is covered without editing this file; its row in permission_rows says what fills it),
by every persona that can log in, standing outside the case that holds the record.
"""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from kirok.audit.models import AuditEvent
from tests.security.permission_rows import load_rows
from tests.security.world import (
    PERSONAS,
    RECORD_TARGETS,
    REFERENCE_TARGETS,
    TARGETS,
    persona_user,
    project_urls,
)

ROWS = load_rows()
# Organizations and places are in no case (shared reference data): nothing to leak by id.
UUID_URLS = sorted(
    name
    for name, url in project_urls().items()
    if url.uuid_kwargs and ROWS.get(name, {}).get("target") not in REFERENCE_TARGETS
)
SIGNED_IN = [persona for persona in PERSONAS if persona != "anonymous"]


def ask(client, name: str, public_id) -> object:
    url = reverse(name, kwargs={project_urls()[name].uuid_kwargs[0]: public_id})
    if ROWS[name].get("method", "GET") == "POST":
        return client.post(url, ROWS[name].get("data", {}))
    return client.get(url)


def refusals_of(public_id) -> int:
    return AuditEvent.objects.filter(
        action="access_refused", detail__public_id=str(public_id)
    ).count()


def test_there_are_uuid_urls_to_try():
    assert "web:incident" in UUID_URLS and "interop:download" in UUID_URLS


@pytest.mark.parametrize("persona", SIGNED_IN)
@pytest.mark.parametrize("name", UUID_URLS)
def test_a_record_of_another_case_is_404_and_the_refusal_is_audited(
    client, db, world, name, persona
):
    user = persona_user(world, persona, "outside")
    client.force_login(user)
    target = TARGETS[ROWS[name]["target"]](world, "outside", user)
    response = ask(client, name, target.public_id)
    assert response.status_code == 404, (name, persona)
    assert refusals_of(target.public_id) == 1, (name, persona)


@pytest.mark.parametrize("persona", ["analyst", "documenter", "viewer"])
@pytest.mark.parametrize("name", [n for n in UUID_URLS if ROWS[n].get("target") in RECORD_TARGETS])
def test_a_record_in_no_case_is_404_to_all_but_coordinators(client, db, world, name, persona):
    user = persona_user(world, persona, "unassigned")
    client.force_login(user)
    target = TARGETS[ROWS[name]["target"]](world, "unassigned", user)
    assert ask(client, name, target.public_id).status_code == 404
    assert refusals_of(target.public_id) == 1


@pytest.mark.parametrize("name", UUID_URLS)
def test_a_uuid_that_exists_nowhere_is_the_same_404_and_is_audited(client, db, world, name):
    client.force_login(persona_user(world, "coordinator", "inside"))
    unknown = uuid.uuid4()
    response = ask(client, name, unknown)
    assert response.status_code == 404
    assert refusals_of(unknown) == 1
