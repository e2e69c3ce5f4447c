"""The table for publication (kirok.interop.public_tables): victims counted, never named, with
no count below five, merged before left out; no account name or watermark in the file."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.interop import services
from kirok.interop.models import ExportKind
from kirok.records.models import Identity, Person, PersonName
from tests import factories

REASON = "Annual statistics for our public report"


@pytest.fixture
def team(db):
    from types import SimpleNamespace

    case = factories.make_case("회령 사례 (Hoeryong cases)")
    analyst = factories.make_user("analyst", username="analyst-kim")
    approver = factories.make_user("coordinator", username="approver-pak")
    for user in (analyst, approver):
        CaseMembership.objects.create(case=case, user=user)
    ministry = factories.make_organization("mss", "국가보위성", "Ministry of State Security")
    factories.make_organization(parent=ministry)  # the Hoeryong bureau that make_act names
    return SimpleNamespace(case=case, analyst=analyst, approver=approver)


def victims(case, count: int, year: int, *, sex="female", identity=None) -> list[Person]:
    """``count`` women born in 1990, each forcibly returned in ``year`` (Hoeryong, by the
    Hoeryong bureau of the Ministry of State Security)."""
    taken = []
    for _ in range(count):
        person = factories.make_person(cases=[case], sex=sex, birth_date="1990", identity=identity)
        incident = factories.make_incident(cases=[case], start_date=str(year))
        factories.make_act(incident=incident, victim=person, violation_type="forced_repatriation")
        taken.append(person)
    return taken


def public_table(team) -> tuple[str, list[dict]]:
    export = services.request_export(
        team.analyst, ExportKind.VICTIMS_PUBLIC, reason=REASON, cases=[team.case]
    )
    services.approve(export, team.approver)
    text = services.download(export, team.analyst).text
    return text, list(csv.DictReader(io.StringIO(text.partition("\n")[2])))


def test_victims_are_counted_by_year_and_place_without_a_name_or_a_small_count(team):
    victims(team.case, 6, 2019)
    victims(team.case, 2, 2016)
    victims(team.case, 3, 2017)
    victims(team.case, 1, 2001, sex="male")

    text, rows = public_table(team)

    assert [(r["years"], r["region"], r["sex"], r["age_group"], r["victims"]) for r in rows] == [
        ("2015–2019", "KP-09", "female", "18-29", "5"),  # 2016 and 2017 together
        ("2019", "KP-09", "female", "18-29", "6"),
    ]
    assert {(r["violation"], r["perpetrator"]) for r in rows} == {("forced_repatriation", "mss")}
    heading = text.splitlines()[0]
    assert "No count is below 5" in heading
    assert "Victims counted: 12; victims with an entry in no row: 1." in heading
    # Nothing that names or points at a person, an incident or an account.
    for name in PersonName.objects.values_list("text", flat=True):
        assert name not in text
    for person in Person.objects.all():
        assert str(person.public_id) not in text
    assert "analyst-kim" not in text and "approver-pak" not in text
    assert "watermark" not in text.splitlines()[1]


def test_two_records_of_one_person_count_once(team):
    one_woman = Identity.objects.create()
    victims(team.case, 2, 2019, identity=one_woman)  # two lists name her
    victims(team.case, 3, 2019)
    text, rows = public_table(team)
    assert rows == []  # four people, not five: nothing may be published
    assert "Victims counted: 4; victims with an entry in no row: 4." in text


def test_a_victim_the_requester_may_not_see_is_not_counted(team):
    victims(team.case, 5, 2019)
    elsewhere = factories.make_case("다른 조사 (other inquiry)")
    hidden = factories.make_person(cases=[elsewhere], sex="female", birth_date="1990")
    incident = team.case.incidents.first()
    factories.make_act(incident=incident, victim=hidden, violation_type="forced_repatriation")
    _text, rows = public_table(team)
    assert [r["victims"] for r in rows] == ["5"]


def test_the_export_page_offers_the_table_and_says_how_many_rows_it_holds(client, team):
    victims(team.case, 5, 2019)
    client.force_login(team.analyst)
    page = client.get(reverse("interop:new"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Victims counted for publication (no names)" in page
    export = services.request_export(
        team.analyst, ExportKind.VICTIMS_PUBLIC, reason=REASON, cases=[team.case]
    )
    client.force_login(team.approver)
    detail = client.get(reverse("interop:detail", args=[export.public_id]))
    assert detail.context["rows_now"] == 1


def test_the_table_still_needs_a_second_coordinator(team):
    victims(team.case, 5, 2019)
    export = services.request_export(
        team.analyst, ExportKind.VICTIMS_PUBLIC, reason=REASON, cases=[team.case]
    )
    with pytest.raises(services.ExportRefused):
        services.download(export, team.analyst)  # not approved yet
    with pytest.raises(services.ExportRefused):
        services.approve(export, team.analyst)  # nobody approves their own request


def test_the_approver_sees_the_table_before_it_is_published(client, team):
    victims(team.case, 6, 2019)
    victims(team.case, 1, 2001, sex="male")
    export = services.request_export(
        team.analyst, ExportKind.VICTIMS_PUBLIC, reason=REASON, cases=[team.case]
    )
    client.force_login(team.approver)
    url = reverse("interop:detail", args=[export.public_id])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "What would be published" in page and "Approve only if these counts" in page
    assert "Victims counted: 7." in page and "Victims with an entry in no row: 1." in page
    assert "<td>forced_repatriation</td>" in page and "<td>6</td>" in page
    assert "names leave Kirok" not in page
    client.force_login(team.analyst)  # the requester decides nothing: no preview
    assert "What would be published" not in client.get(url).content.decode()
