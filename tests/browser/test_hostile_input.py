"""Hostile text in every text field, rendered on every page, in a real browser: no script
runs, no element is injected, and the text is shown literally.

Each hostile string goes into every text field a page can show — person names, occupation,
incident title, summary and reported victim count, act notes, source title, author, text and
reference, evidence quotes and notes, organization and place names, a vocabulary label,
proceeding title and reference, a case name, a sensitive contact detail, an export's reason
and its refusal note — tagged with the field's name, and then every page that shows them is
opened in Chromium as the coordinator of the case.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from kirok.interop import services as exports
from kirok.records.models import PlaceLevel, SensitiveContact
from kirok.vocabularies.models import Term, Vocabulary
from tests import factories

# The longest browser test module runs in `make test`'s PostgreSQL run, which is otherwise
# shorter than the SQLite one; hostile text then also goes through PostgreSQL to the page.
pytestmark = pytest.mark.browser_on_postgresql

HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</textarea><svg onload=alert(1)>",
    "\u202eevil.exe\u202c <b>bold</b>",  # right-to-left override
    "{{ 7*7 }} {% debug %}",
]

INCIDENT_PAGE_FIELDS = [
    "incident.title", "incident.summary", "incident.victims", "place.common", "term.label",
    "name.text", "act.notes", "org.en", "source.title", "source.author", "evidence.quote",
    "evidence.note", "act.evidence.quote", "proceeding.title", "proceeding.ref",
]  # fmt: skip
PERSON_PAGE_FIELDS = [
    "name.text", "person.occupation", "place.common", "relative.name", "incident.title",
    "act.notes", "org.en", "source.title", "act.evidence.quote",
]  # fmt: skip
INJECTED = """() => ({
  event_handlers: [...document.querySelectorAll('*')].filter(
      e => [...e.attributes].some(a => a.name.toLowerCase().startsWith('on'))).length,
  inline_scripts: [...document.scripts].filter(s => !s.src).length,
  images: document.querySelectorAll('img').length,
  // the dashboard's own charts, map and legend swatches aside
  svgs: document.querySelectorAll('svg:not(.chart):not(.tile-map):not(.legend-swatch)').length,
  bold: document.querySelectorAll('main b').length,
  script_urls: document.querySelectorAll(
      '[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]').length,
})"""


def value(hostile: str, field: str) -> str:
    """The hostile string first (so a URL-ish value starts with it), then the field's tag."""
    return f"{hostile} ·{field}"


def hostile_world(hostile: str) -> SimpleNamespace:
    fields: list[str] = []

    def v(field: str) -> str:
        fields.append(field)
        return value(hostile, field)

    case = factories.make_case(v("case.name"), allows_sensitive_contacts=True)
    coordinator = factories.make_user("coordinator", username="coordinator")
    analyst = factories.make_user("analyst", username="analyst")
    case.members.add(coordinator, analyst)
    place = factories.make_place("SITE-hostile", v("place.hangul"), v("place.common"),
                                 level=PlaceLevel.SITE, place_type="detention_center",
                                 parent=factories.hoeryong())  # fmt: skip
    organization = factories.make_organization("mss-hostile", v("org.ko"), v("org.en"))
    violation = Term.objects.create(
        vocabulary=Vocabulary.objects.get(key="violation_type"),
        code="hostile",
        labels={"en": v("term.label"), "ko": v("term.label")},
    )
    victim = factories.make_person(
        cases=[case],
        names=[{"text": v("name.text"), "family_name": v("name.family"),
                "given_name": v("name.given"), "script": "latin", "is_primary": True}],
        occupation=v("person.occupation")[:200],
        notes=v("person.notes"),
        birthplace=place,
        consent_share_un=True,
    )  # fmt: skip
    relative = factories.make_person(
        cases=[case], names=[{"text": v("relative.name"), "script": "latin"}]
    )
    factories.make_relation(relative, "mother_of", victim)
    SensitiveContact.objects.create(person=victim, kind="address", value=v("contact.value"))
    incident = factories.make_incident(
        cases=[case],
        title=v("incident.title"),
        summary=v("incident.summary"),
        victim_count_text=v("incident.victims")[:200],
        place=place,
    )
    incident.violation_types.add(violation)
    act = factories.make_act(
        incident=incident, victim=victim, notes=v("act.notes"),
        perpetrators=[(organization, "perpetrator")],
    )  # fmt: skip
    source = factories.make_source(
        cases=[case], title=v("source.title"), author=v("source.author")[:300],
        text=v("source.text"), reference=v("source.reference")[:500],
    )  # fmt: skip
    factories.make_evidence(
        source, incident=incident, quote=v("evidence.quote"), note=v("evidence.note")[:300]
    )
    factories.make_evidence(source, act=act, quote=v("act.evidence.quote"))
    factories.make_proceeding(
        cases=[case], incidents=[incident], persons=[victim], title=v("proceeding.title"),
        reference=v("proceeding.ref")[:100], notes=v("proceeding.notes"), filed_by=organization,
    )  # fmt: skip
    pending = exports.request_export(analyst, "persons", reason=v("export.reason"), cases=[case])
    denied = exports.request_export(analyst, "incidents", reason=v("denied.reason"), cases=[case])
    exports.deny(denied, coordinator, v("denied.note"))
    return SimpleNamespace(
        coordinator=coordinator,
        incident=incident,
        victim=victim,
        source=source,
        pending=pending,
        denied=denied,
        fields=fields,
    )


def pages(world) -> list[tuple[str, list[str]]]:
    """(path, fields it must show) for every page; the reveal is a POST, done apart."""
    incident, victim = world.incident, world.victim
    return [
        ("/", ["incident.title", "place.common", "term.label"]),
        (f"/incidents/{incident.public_id}/", INCIDENT_PAGE_FIELDS),
        (f"/persons/{victim.public_id}/", PERSON_PAGE_FIELDS),
        ("/exports/", []),
        ("/exports/pending/", []),
        (f"/exports/{world.pending.public_id}/", ["export.reason", "case.name"]),
        (f"/exports/{world.denied.public_id}/", ["denied.reason", "denied.note", "case.name"]),
        ("/exports/new/", ["case.name", "proceeding.title"]),
        # The workspace: where hostile text is read, listed, counted and edited.
        (f"/sources/{world.source.public_id}/", ["source.title", "source.author"]),
        ("/sources/", ["source.title"]),
        ("/search/incidents/", ["incident.title", "place.common"]),
        ("/statistics/", []),
        (f"/incidents/{incident.public_id}/edit/", []),
        (f"/persons/{victim.public_id}/edit/", []),
    ]


def assert_inert(page, hostile: str, fields: list[str], where: str) -> None:
    found = page.evaluate(INJECTED)
    assert found == {
        "event_handlers": 0,
        "inline_scripts": 0,
        "images": 0,
        "svgs": 0,
        "bold": 0,
        "script_urls": 0,
    }, where
    text = page.locator("main").inner_text()
    for field in fields:
        assert value(hostile, field) in text, (where, field)


@pytest.mark.browser
@pytest.mark.parametrize("hostile", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_in_every_field_is_inert_on_every_page(
    page, live_server, transactional_db, reference_data, browser_login, hostile
):
    world = hostile_world(hostile)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    browser_login(page, world.coordinator)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    for path, fields in pages(world):
        page.goto(f"{live_server.url}{path}")
        assert_inert(page, hostile, fields, path)
    # Sensitive contact details: shown on an explicit POST from the person page.
    page.goto(f"{live_server.url}/persons/{world.victim.public_id}/")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("These details could lead someone to a living person")).to_be_visible()
    assert_inert(page, hostile, ["contact.value", "name.text"], "sensitive contacts")
    assert dialogs == []
    print(f"{len(world.fields)} fields × {len(HOSTILE)} hostile strings")


@pytest.mark.browser
def test_the_checks_would_see_an_injection_that_got_through(page):
    # The same checks on a page where the hostile strings are not escaped: they must fail.
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.set_content(f"<main>{HOSTILE[1]} {HOSTILE[3]} {HOSTILE[4]}</main>")
    page.wait_for_timeout(200)
    found = page.evaluate(INJECTED)
    assert found["event_handlers"] == 2 and found["images"] == 1 and found["svgs"] == 1
    assert found["bold"] == 1
    assert dialogs
