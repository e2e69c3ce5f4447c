"""Every page × every persona × inside/outside the case, against one declared table.

A change to who may see what must change this table; a page added without a row here fails
test_every_page_is_in_the_matrix.
"""

import pytest
from django.urls import reverse

from tests.test_web_access import POST_ONLY, PUBLIC, web_url_names

PERSONAS = ("anonymous", "administrator", "coordinator", "analyst", "documenter", "outsider")

# page → expected status per persona, in the order of PERSONAS (302: sent to a login page).
MATRIX = {
    "home": (302, 200, 200, 200, 200, 200),
    "password_change": (302, 200, 200, 200, 200, 200),
    "incident outside cases": (302, 404, 200, 200, 200, 200),
    "incident in the case": (302, 404, 404, 200, 404, 404),
    "person outside cases": (302, 404, 200, 200, 200, 200),
    "person in the case": (302, 404, 404, 200, 404, 404),
    "admin": (302, 200, 302, 302, 302, 302),
}
PAGE_URL_NAMES = {
    "home": "web:home",
    "password_change": "web:password_change",
    "incident outside cases": "web:incident",
    "incident in the case": "web:incident",
    "person outside cases": "web:person",
    "person in the case": "web:person",
}


def page_url(page: str, records) -> str:
    targets = {
        "incident outside cases": records.public_incident,
        "incident in the case": records.case_incident,
        "person outside cases": records.public_victim,
        "person in the case": records.case_victim,
    }
    if page == "admin":
        return reverse("admin:index")
    if page in targets:
        return reverse(PAGE_URL_NAMES[page], args=[targets[page].public_id])
    return reverse(PAGE_URL_NAMES[page])


def test_every_page_is_in_the_matrix():
    assert set(web_url_names()) - PUBLIC - POST_ONLY == set(PAGE_URL_NAMES.values())


@pytest.mark.parametrize("page", MATRIX)
@pytest.mark.parametrize("persona", PERSONAS)
def test_the_permission_matrix(client, request, compartmented_records, page, persona):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    expected = MATRIX[page][PERSONAS.index(persona)]
    response = client.get(page_url(page, compartmented_records))
    assert response.status_code == expected, (page, persona)
    if expected == 404:
        body = response.content.decode()
        assert compartmented_records.case_incident.title not in body
        assert "비밀인물" not in body
