"""The statistics dashboard: numbers equal hand counts on a small dataset, filters narrow
them, nobody counts another case's records, and every chart downloads as CSV and SVG."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.audit.models import AuditEvent
from kirok.records import ages
from kirok.records.models import PlaceLevel
from kirok.statistics import cartogram
from tests import factories


def member(role, *cases):
    user = factories.make_user(role)
    for case in cases:
        CaseMembership.objects.create(case=case, user=user)
    return user


@pytest.fixture
def world(db):
    """Case A: the documented Hoeryong incident (2012, mother born ~1958, son born 1986,
    Hoeryong city bureau, a testimony B2 and an NGO report, a WGEID proceeding) and a 2019
    Hyesan incident (one woman born 2001, torture by the Ryanggang bureau, verified).
    Case B: one 2015 incident in Dandong with one victim, unknown to case A's members."""
    case_a, case_b = factories.make_case("사례 A"), factories.make_case("사례 B")
    documented = factories.make_documented_incident(cases=[case_a])
    ryanggang = factories.make_place(
        "KP-10",
        "양강도",
        "Ryanggang",
        level=PlaceLevel.ADMIN1,
        place_type="province",
        parent=factories.north_korea(),
    )
    hyesan = factories.make_place("KP-10-hyesan-si", "혜산시", "Hyesan", parent=ryanggang)
    bureau = factories.make_organization("mss-kp-10-hyesan-si", "혜산시 보위부", "Hyesan MSS")
    hyesan_incident = factories.make_incident(
        title="혜산 여성 고문",
        place=hyesan,
        start_date="2019-03",
        status="verified",
        violation_types=["torture"],
        cases=[case_a],
    )
    young = factories.make_person(
        cases=[case_a], sex="female", birth_date="2001", occupation="장사꾼"
    )
    factories.make_act(
        incident=hyesan_incident,
        victim=young,
        violation_type="torture",
        date="2019-03",
        perpetrators=[(bureau, "perpetrator")],
    )
    dandong = factories.make_place(
        "CN-LN-DANDONG",
        "단동시",
        "Dandong",
        level=PlaceLevel.ADMIN2,
        place_type="prefecture_city",
        country_code="CN",
    )
    other = factories.make_incident(
        title="단동 강제송환 비밀 사건",
        place=dandong,
        start_date="2015",
        cases=[case_b],
        violation_types=["forced_repatriation"],
    )
    factories.make_act(
        incident=other,
        victim=factories.make_person(cases=[case_b], sex="male"),
        violation_type="forced_repatriation",
    )
    return case_a, case_b, documented


def dashboard(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("statistics:dashboard"), params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


def bars(response, key) -> dict[str, int]:
    chart = next(view["chart"] for view in response.context["charts"] if view["chart"].key == key)
    return {bar.label: bar.value for bar in chart.bars if bar.value}


def test_the_counters_equal_a_hand_count(client, world):
    case_a, _case_b, _documented = world
    response = dashboard(client, member("analyst", case_a))
    assert response.context["counters"] == {
        "incidents": 2,
        "victims": 3,  # mother, son, the Hyesan woman (not the informant: no act against her)
        "perpetrators": 2,  # the Hoeryong and the Hyesan city bureaus
        "sources": 2,
        "proceedings": 1,
    }


def test_victims_are_counted_by_year_violation_sex_and_age_group(client, world):
    case_a, _case_b, _documented = world
    response = dashboard(client, member("analyst", case_a))
    assert bars(response, "victims_by_year") == {"2012": 2, "2019": 1}
    assert bars(response, "victims_by_violation") == {
        "Arbitrary arrest": 1,
        "Arbitrary detention": 1,
        "Enforced disappearance": 1,
        "Torture and ill-treatment": 1,
    }
    assert bars(response, "victims_by_sex") == {"Female": 2, "Male": 1}
    # Born ~1958 (1957–1959) in Nov 2012: 52–55. Born 1986: 25–26. Born 2001 in 2019: 17–18.
    assert bars(response, "victims_by_age_group") == {
        "50–59": 1,
        "18–29": 1,
        "Uncertain": 1,
    }
    assert bars(response, "victims_by_occupation") == {"Trader": 1, "Not recorded": 2}


def test_one_occupation_written_in_two_languages_is_one_bar_in_the_readers_language(client, world):
    """Occupations are typed freely: 장사꾼, "trader" and "Merchant" are one occupation; a
    text Kirok does not list is counted as written, whatever its case."""
    case_a, _case_b, _documented = world
    incident = factories.make_incident(title="무산 연행", start_date="2016", cases=[case_a])
    for occupation in ("trader", "Merchant", "상인", "Potter", "potter "):
        person = factories.make_person(cases=[case_a], occupation=occupation)
        factories.make_act(incident=incident, victim=person, date="2016")
    user = member("analyst", case_a)
    english = bars(dashboard(client, user), "victims_by_occupation")
    assert english == {"Trader": 4, "Potter": 2, "Not recorded": 2}
    client.force_login(user)
    korean = client.get(reverse("statistics:dashboard"), HTTP_ACCEPT_LANGUAGE="ko")
    assert bars(korean, "victims_by_occupation") == {"장사꾼": 4, "Potter": 2, "기록 없음": 2}


def test_city_bureaus_roll_up_to_the_ministry_of_state_security(client, world):
    case_a, _case_b, _documented = world
    response = dashboard(client, member("analyst", case_a))
    assert bars(response, "victims_by_perpetrator") == {
        "Ministry of State Security": 3,
        "North Hamgyong Provincial State Security Bureau": 2,
        "Ryanggang Provincial State Security Bureau": 1,
    }


def test_proceedings_and_incidents_are_counted_by_forum_and_status(client, world):
    case_a, _case_b, _documented = world
    response = dashboard(client, member("analyst", case_a))
    assert bars(response, "incidents_by_status") == {"Corroborated": 1, "Verified": 1}
    assert bars(response, "proceedings_by_status") == {"Being prepared": 1}
    assert list(bars(response, "proceedings_by_forum").values()) == [1]


def test_the_map_counts_incidents_by_the_province_their_place_rolls_up_to(client, world):
    case_a, case_b, _documented = world
    response = dashboard(client, member("analyst", case_a, case_b))
    tiles = {tile.region_id: tile.value for tile in response.context["map"]["tiles"]}
    assert tiles["KP-09"] == 1  # Hoeryong → North Hamgyong
    assert tiles["KP-10"] == 1  # Hyesan → Ryanggang
    assert tiles["CN-LN-DANDONG"] == 1
    assert sum(tiles.values()) == 3
    assert "schematic" in response.content.decode().lower()


@pytest.mark.parametrize(
    ("params", "incidents", "victims"),
    [
        ({"province": "KP-10"}, 1, 1),
        ({"province": "KP-09"}, 1, 2),
        ({"year_from": "2013"}, 1, 1),
        ({"year_from": "2012", "year_to": "2012"}, 1, 2),
        ({"violation": "torture"}, 1, 1),
        ({"perpetrator": "mss-kp-09"}, 1, 2),
        ({"perpetrator": "mss"}, 2, 3),
        ({"status": "verified"}, 1, 1),
        ({"sex": "male"}, 1, 1),
        ({"age_group": "50-59"}, 1, 1),
        ({"source_kind": "ngo_report"}, 1, 2),
        ({"reliability": "b"}, 1, 2),
        ({"reliability": "f"}, 0, 0),
        ({"province": "KP-10", "year_to": "2015"}, 0, 0),
    ],
)
def test_filters_narrow_every_number(client, world, params, incidents, victims):
    case_a, _case_b, _documented = world
    counters = dashboard(client, member("analyst", case_a), **params).context["counters"]
    assert (counters["incidents"], counters["victims"]) == (incidents, victims)


def test_a_bad_filter_value_is_reported_and_ignored(client, world):
    case_a, _case_b, _documented = world
    response = dashboard(client, member("analyst", case_a), province="KP-99", year_from="soon")
    assert response.context["counters"]["incidents"] == 2
    body = response.content.decode()
    assert "KP-99" in body and "is not a year" in body


@pytest.mark.parametrize("role", ["coordinator", "analyst", "documenter", "viewer"])
def test_someone_outside_a_case_counts_none_of_its_records(client, world, role):
    _case_a, case_b, _documented = world
    response = dashboard(client, member(role, case_b))
    assert response.context["counters"] == {
        "incidents": 1,
        "victims": 1,
        "perpetrators": 1,
        "sources": 0,
        "proceedings": 0,
    }
    tiles = {tile.region_id: tile.value for tile in response.context["map"]["tiles"]}
    assert tiles["KP-09"] == 0 and tiles["CN-LN-DANDONG"] == 1
    assert bars(response, "victims_by_violation") == {"Forced repatriation": 1}
    assert "Torture and ill-treatment" not in bars(response, "victims_by_violation")


@pytest.mark.parametrize("role", ["administrator", "viewer"])
def test_an_administrator_and_an_outsider_count_nothing(client, world, role):
    factories.make_incident()  # in no case: coordinators only
    response = dashboard(client, factories.make_user(role))
    assert set(response.context["counters"].values()) == {0}
    assert "단동 강제송환 비밀 사건" not in response.content.decode()


def test_records_in_no_case_count_for_coordinators_only(client, db):
    incident = factories.make_incident()
    factories.make_act(incident=incident, victim=factories.make_person())
    assert dashboard(client, factories.make_user("coordinator")).context["counters"]["victims"] == 1
    assert dashboard(client, factories.make_user("analyst")).context["counters"]["victims"] == 0


def test_a_chart_downloads_as_csv_with_the_filters_applied(client, world):
    case_a, case_b, _documented = world
    client.force_login(member("analyst", case_a, case_b))
    url = reverse("statistics:chart_csv")
    response = client.get(
        url, {"chart": "victims_by_violation", "province": "KP-09"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Victims by violation", "Victims"]
    assert dict(rows[1:]) == {
        "Arbitrary arrest": "1",
        "Arbitrary detention": "1",
        "Enforced disappearance": "1",
    }
    event = AuditEvent.objects.filter(action="statistics_downloaded").latest("pk")
    assert event.detail == {
        "chart": "victims_by_violation",
        "format": "csv",
        "filters": ["province"],
    }


def test_the_map_downloads_as_csv_and_svg(client, world):
    case_a, case_b, _documented = world
    client.force_login(member("analyst", case_a, case_b))
    csv_body = client.get(
        reverse("statistics:chart_csv"), {"chart": "incidents_by_region"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "North Hamgyong,1" in csv_body and "Dandong,1" in csv_body
    svg = client.get(reverse("statistics:chart_svg"), {"chart": "incidents_by_region"})
    assert svg["Content-Type"].startswith("image/svg+xml")
    body = svg.content.decode()
    assert body.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in body
    assert "함경북도" in body and "<a " not in body  # standalone: no links back to the site


@pytest.mark.parametrize(
    "key", ["victims_by_year", "victims_by_perpetrator", "victims_by_age_group"]
)
def test_every_chart_downloads_as_a_standalone_svg(client, world, key):
    case_a, _case_b, _documented = world
    client.force_login(member("analyst", case_a))
    response = client.get(reverse("statistics:chart_svg"), {"chart": key})
    body = response.content.decode()
    assert response.status_code == 200 and "<title" in body and "<rect" in body
    assert 'xmlns="http://www.w3.org/2000/svg"' in body


def test_an_unknown_chart_is_not_found(client, world):
    client.force_login(member("analyst", world[0]))
    assert client.get(reverse("statistics:chart_csv"), {"chart": "persons"}).status_code == 404


def test_the_charts_have_accessible_titles_and_data_tables(client, world):
    body = dashboard(client, member("analyst", world[0])).content.decode()
    # Nine charts and the map: groups named by their titles (not "img": their bars and tiles
    # are links, which an image's children cannot be), each with a hidden data table.
    assert body.count('role="group" aria-labelledby=') == 10
    assert body.count('<div class="visually-hidden"><table>') == 10
    assert "style=" not in body.split("<main", 1)[1]  # CSP: no inline style attributes


def test_age_groups_are_given_only_when_every_possible_age_falls_in_one():
    assert ages.age_group((1975, 1975), (2012, 2012)) == "30-39"
    assert ages.age_group((1994, 1994), (2012, 2012)) == "uncertain"
    assert ages.age_group((1974, 1976), (2012, 2012)) == "30-39"  # "1975~": 35–38
    assert ages.age_group(None, (2012, 2012)) == "unknown"


def test_the_schematic_map_has_a_tile_for_every_province_and_border_prefecture():
    ids = cartogram.region_ids()
    assert {f"KP-{n:02d}" for n in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 13, 14, 15)} <= set(ids)
    assert {"CN-JL-YANBIAN", "CN-JL-BAISHAN", "CN-JL-TONGHUA", "CN-LN-DANDONG"} <= set(ids)
    tiles = {tile.region_id: tile for tile in cartogram.layout()}
    assert len({(t.column, t.row) for t in tiles.values()}) == len(tiles)  # no overlap
    # Yanbian faces North Hamgyong and Ryanggang: it stands north of both.
    assert tiles["CN-JL-YANBIAN"].row < min(tiles["KP-09"].row, tiles["KP-10"].row)


def test_the_pure_chart_and_map_modules_keep_their_examples_true_and_need_no_django():
    import doctest
    import subprocess
    import sys

    from kirok.statistics import charts

    for module in (charts, cartogram, ages):
        assert doctest.testmod(module).failed == 0
    code = (
        "import sys, kirok.statistics.charts, kirok.statistics.cartogram; "
        "sys.exit('django' in sys.modules)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_an_incident_with_too_uncertain_a_date_is_set_apart_from_the_years(client, world):
    case_a, _case_b, _documented = world
    vague = factories.make_incident(start_date="../2019", cases=[case_a])
    factories.make_act(incident=vague, victim=factories.make_person(cases=[case_a]))
    response = dashboard(client, member("analyst", case_a))
    assert bars(response, "victims_by_year") == {"2012": 2, "2019": 1}
    chart = next(
        v["chart"] for v in response.context["charts"] if v["chart"].key == "victims_by_year"
    )
    assert chart.note.startswith("1 victim of an incident whose date spans more than three")
    counters = dashboard(client, member("analyst", case_a), year_from="2000").context["counters"]
    assert counters["incidents"] == 2  # the vague one is not counted in any year


def test_each_bar_links_to_the_dashboard_narrowed_to_it(client, world):
    case_a, _case_b, _documented = world
    response = dashboard(client, member("analyst", case_a), status="verified")
    body = response.content.decode()
    assert 'href="?status=verified&amp;violation=torture"' in body
    assert 'href="?status=verified&amp;year_from=2019&amp;year_to=2019"' in body
