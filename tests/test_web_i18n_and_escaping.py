"""Korean and English pages, the demo banner, and hostile text shown as text."""

import pytest
from django.urls import reverse

from tests import factories

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


@pytest.mark.parametrize(
    ("language", "expected", "absent"),
    [
        ("ko", ["사건", "출처", "피해자", "로그아웃"], "Log out"),
        ("en", ["Incidents", "Sources", "Victims", "Log out"], "로그아웃"),
    ],
)
def test_the_home_page_speaks_the_chosen_language(client, analyst, language, expected, absent):
    client.force_login(analyst)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    body = client.get(reverse("web:home")).content.decode()
    assert f'<html lang="{language}">' in body
    for word in expected:
        assert word in body
    assert absent not in body


def test_korean_is_the_default_language(client, analyst):
    client.force_login(analyst)
    body = client.get(reverse("web:home")).content.decode()
    assert '<html lang="ko">' in body and "최근 사건" in body


def test_the_incident_page_shows_korean_labels_and_vocabulary(client, coordinator):
    incident = factories.make_incident(start_date="2012-11~", violation_types=["abduction"])
    factories.make_act(incident=incident, victim=factories.make_person())
    client.force_login(coordinator)
    body = client.get(
        reverse("web:incident", args=[incident.public_id]), HTTP_ACCEPT_LANGUAGE="ko"
    ).content.decode()
    assert "침해 행위" in body and "가해자" in body and "납치" in body
    assert "2012년 11월경" in body
    assert "회령시" in body and "함경북도" in body


def test_the_demo_banner_is_shown_in_both_languages(client, analyst, settings):
    settings.DEMO = True
    client.force_login(analyst)
    body = client.get(reverse("web:home")).content.decode()
    assert "데모: </strong> 이곳의 모든 인물·사건·출처는 가상입니다." in body.replace(
        "데모:</strong>", "데모: </strong>"
    )
    assert "every person, incident and source here is fictional." in body


def test_the_demo_banner_is_also_on_the_login_page(client, db, settings):
    settings.DEMO = True
    assert "가상입니다" in client.get(reverse("web:login")).content.decode()


def test_there_is_no_demo_banner_outside_the_demo(client, analyst, settings):
    settings.DEMO = False
    client.force_login(analyst)
    assert "가상입니다" not in client.get(reverse("web:home")).content.decode()


def test_hostile_text_in_records_is_escaped(client, coordinator):
    incident = factories.make_incident(title=HOSTILE, summary=HOSTILE, victim_count_text=HOSTILE)
    victim = factories.make_person(names=[{"text": HOSTILE, "script": "latin"}])
    act = factories.make_act(incident=incident, victim=victim, notes=HOSTILE)
    source = factories.make_source(title=HOSTILE, author=HOSTILE)
    factories.make_evidence(source, act=act, quote=HOSTILE, note=HOSTILE)
    other = factories.make_person(names=[{"text": HOSTILE, "script": "latin"}])
    factories.make_relation(other, "mother_of", victim)
    client.force_login(coordinator)
    pages = [
        reverse("web:home"),
        reverse("web:incident", args=[incident.public_id]),
        reverse("web:person", args=[victim.public_id]),
    ]
    for page in pages:
        body = client.get(page).content.decode()
        assert "<script>alert(1)" not in body, page
        assert "<img src=x" not in body, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body, page


def test_pages_load_htmx_and_the_stylesheet_from_our_own_server(client, analyst):
    client.force_login(analyst)
    body = client.get(reverse("web:home")).content.decode()
    assert '<script src="/static/web/htmx-2.0.11.min.js" defer></script>' in body
    assert "/static/web/kirok.css" in body
    assert "<script>" not in body and "http://" not in body and "https://" not in body
