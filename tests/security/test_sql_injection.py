"""SQL injection strings in every query parameter, form field and UUID slot: no error page,
no change in any table, nothing of another case in the answer, and the text kept literally
where it is legitimately stored."""

from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from django.apps import apps
from django.http import Http404
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.interop import access as export_access
from kirok.interop.models import ExportRequest
from kirok.records import access
from tests import factories
from tests.security.permission_rows import load_rows
from tests.security.world import TARGETS, project_urls

INJECTIONS = [
    "' OR 1=1 --",
    "' OR '1'='1",
    '"; DROP TABLE records_person; --',
    "1) UNION SELECT username, password FROM accounts_user --",
    "') UNION SELECT NULL, NULL, NULL --",
    "1; DELETE FROM audit_auditevent; --",
    "%' AND 1=(SELECT COUNT(*) FROM accounts_user) AND '%'='",
    "1' AND SLEEP(5) AND '1'='1",
    "\x00' OR 1=1 --",
]
# Parameters the pages read, and names a search or filter would use: all tried on every page.
PARAMETERS = [
    "q", "search", "name", "page", "sort", "order", "status", "kind", "case", "cases",
    "proceeding", "person", "incident", "next", "filter", "from", "to", "id", "public_id",
]  # fmt: skip
# Tables that legitimately grow while pages are read: the audit log and its alerts,
# sessions, django-axes' record of logins, and a file's chain of custody (every download
# of an attachment is recorded in it).
VOLATILE_APPS = {"audit", "sessions", "axes", "otp_static"}
VOLATILE_MODELS = {"sources.CustodyEvent"}
LEAK = "다른사례비밀"  # in a record of a case the signed-in coordinator is not a member of
DATABASE_WORDS = ("syntax error", "OperationalError", "ProgrammingError", "sqlite3", "psycopg")
ROWS = load_rows()
GET_URLS = sorted(name for name, row in ROWS.items() if row.get("method", "GET") == "GET")


def table_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label not in VOLATILE_APPS
        and model._meta.label not in VOLATILE_MODELS
        and not model._meta.proxy
    }


@pytest.fixture
def signed_in(client, db, world):
    """A coordinator of world.case, with a record of another case it must never see."""
    coordinator = factories.make_user("coordinator", username="coordinator")
    CaseMembership.objects.create(case=world.case, user=coordinator)
    factories.make_incident(title=f"{LEAK} 사건", cases=[world.other_case])
    factories.make_person(
        cases=[world.other_case], names=[{"text": LEAK, "script": "hangul", "is_primary": True}]
    )
    client.force_login(coordinator)
    return world, coordinator


def assert_harmless(response) -> None:
    assert response.status_code < 500
    body = response.content.decode(errors="replace")
    assert LEAK not in body
    assert not any(word in body for word in DATABASE_WORDS)


def page_url(name: str, world, user) -> str:
    target = ROWS[name].get("target")
    if target is None:
        return reverse(name)
    made = TARGETS[target](world, "inside", user)
    return reverse(name, kwargs={project_urls()[name].uuid_kwargs[0]: made.public_id})


@pytest.mark.parametrize("name", GET_URLS)
def test_injection_in_the_query_parameters_of_every_page_changes_nothing(client, signed_in, name):
    world, user = signed_in
    url = page_url(name, world, user)
    before = table_counts()
    for injection in INJECTIONS:
        query = urlencode({parameter: injection for parameter in PARAMETERS})
        assert_harmless(client.get(f"{url}?{query}"))
    assert table_counts() == before


@pytest.mark.parametrize("name", sorted(n for n, u in project_urls().items() if u.uuid_kwargs))
def test_injection_in_a_uuid_slot_is_404(client, signed_in, name):
    route = project_urls()[name]
    placeholder = "00000000-0000-0000-0000-000000000000"
    template = reverse(name, kwargs={route.uuid_kwargs[0]: placeholder})
    before = table_counts()
    for injection in INJECTIONS:
        url = template.replace(placeholder, quote(injection, safe=""))
        method = client.post if ROWS[name].get("method") == "POST" else client.get
        response = method(url)
        assert response.status_code == 404
        assert_harmless(response)
    assert table_counts() == before


@pytest.mark.parametrize(
    "get_for_user",
    [
        access.get_incident_for_user,
        access.get_person_for_user,
        access.get_source_for_user,
        access.get_proceeding_for_user,
        access.get_sensitive_contacts_for_user,
        export_access.get_export_request_for_user,
        export_access.get_export_request_to_decide,
        export_access.get_export_request_to_download,
    ],
)
def test_the_access_functions_answer_injection_with_404(signed_in, get_for_user):
    _world, user = signed_in
    for injection in INJECTIONS:
        with pytest.raises(Http404):
            get_for_user(user, injection)


def test_injection_in_the_fields_of_the_export_form_changes_nothing(client, signed_in):
    world, _user = signed_in
    before = table_counts()
    for injection in INJECTIONS:
        for field in ("kind", "cases", "proceeding"):
            data = {"kind": "persons", "cases": [str(world.case.public_id)], "reason": "A reason"}
            data[field] = injection
            response = client.post(reverse("interop:new"), data)
            assert response.status_code == 200  # the form again, with an error
            assert_harmless(response)
    assert table_counts() == before


def test_injection_in_the_login_form_logs_nobody_in(client, db):
    factories.make_user("analyst", username="analyst")
    before = table_counts()
    for injection in INJECTIONS:
        for fields in (
            {"username": injection, "password": "x"},
            {"username": "analyst", "password": injection},
        ):
            response = client.post(reverse("web:login"), fields)
            assert response.status_code in (200, 403, 429)  # refused, or locked out
            assert "_auth_user_id" not in client.session
        assert client.get(reverse("web:login"), {"next": injection}).status_code == 200
    assert table_counts() == before


def test_injection_in_free_text_is_kept_literally(client, signed_in):
    world, _user = signed_in
    reason = INJECTIONS[2] + " — and a real reason for the export"
    client.post(
        reverse("interop:new"),
        {"kind": "persons", "cases": [str(world.case.public_id)], "reason": reason},
    )
    export = ExportRequest.objects.get()
    assert export.reason == reason
    body = client.get(reverse("interop:detail", args=[export.public_id])).content.decode()
    assert "DROP TABLE records_person" in body
    assert apps.get_model("records", "Person").objects.exists()


def test_the_number_of_injections_tried(db):
    get_tries = len(GET_URLS) * len(PARAMETERS) * len(INJECTIONS)
    uuid_tries = sum(1 for u in project_urls().values() if u.uuid_kwargs) * len(INJECTIONS)
    form_tries = (3 + 3) * len(INJECTIONS)  # export form fields, login fields and next
    print(f"SQL injection: {get_tries + uuid_tries + form_tries} requests' worth of strings")
    assert get_tries + uuid_tries + form_tries > 1000
