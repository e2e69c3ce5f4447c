"""The estimation page: run, save, re-run, exports, permissions, warnings in two languages."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.audit.models import AuditEvent
from kirok.estimation.models import EstimationAnalysis
from kirok.lib.estimation import CaptureError, read_captures_csv
from tests import factories


def form_data(sources, **fields) -> dict:
    data = {
        "list_kind": "source",
        "sources": [str(s.public_id) for s in sources],
        "strata": "none",
        "method": "loglinear",
        "criterion": "bic",
        "pvalue": "0.02",
        "max_order": "2",
        "interval": "wald",
        "bootstrap_samples": "200",
        "classes": "10",
        "iterations": "1000",
        "seed": "3",
        "delta": "0.5",
    }
    data.update(fields)
    return data


@pytest.fixture
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def save(client, world, **fields) -> EstimationAnalysis:
    response = client.post(
        reverse("estimation:save"), {**form_data(world.sources, **fields), "title": "Test run"}
    )
    assert response.status_code == 302, response.content[:2000]
    return EstimationAnalysis.objects.latest("pk")


def test_an_analyst_runs_a_loglinear_estimate_and_sees_numbers_overlaps_and_chart(
    english, estimation_world
):
    world = estimation_world
    english.force_login(world.analyst)
    response = english.post(reverse("estimation:run"), form_data(world.sources))
    page = response.content.decode()
    assert response.status_code == 200
    assert "People on at least one list: 30." in page
    assert "estimation-plot" in page and "estimation-upset" in page
    assert "Overlaps between lists" in page
    assert "Only 30 people were observed." in page  # the too_few_records warning
    assert 'name="title"' in page  # the save form
    event = AuditEvent.objects.filter(action="estimation_run").latest("pk")
    assert event.detail["observed"] == 30 and event.detail["method"] == "loglinear"


def test_fewer_than_two_lists_is_refused_with_a_reason(english, estimation_world):
    world = estimation_world
    english.force_login(world.analyst)
    response = english.post(reverse("estimation:run"), form_data(world.sources[:1]))
    assert response.status_code == 400
    assert "Choose between 2 and 8 lists; you chose 1." in response.content.decode()


def test_warnings_are_korean_by_default(client, estimation_world):
    world = estimation_world
    client.force_login(world.analyst)
    page = client.post(reverse("estimation:run"), form_data(world.sources)).content.decode()
    # The lead translates the catalogue; until then the English text stands. Either way the
    # page's language is Korean and the warning is rendered through gettext by its code.
    assert '<html lang="ko"' in page
    from django.utils import translation

    from kirok.estimation.messages import warning_text

    with translation.override("ko"):
        korean = warning_text({"code": "too_few_records", "params": {"observed": 30}})
    assert korean in page


def test_an_unknown_warning_code_falls_back_to_the_english_message():
    from kirok.estimation.messages import warning_text

    unknown = {"code": "from_a_future_method", "message": "Plain English.", "params": {}}
    assert warning_text(unknown) == "Plain English."


def test_what_is_said_of_the_total_is_not_repeated_for_each_stratum():
    from django.utils import translation

    from kirok.estimation.presentation import result_rows

    apart = {"code": "lists_never_overlap", "message": "", "params": {"pairs": [["A", "D"]]}}
    few = {"code": "too_few_records", "message": "", "params": {"observed": 9, "threshold": 50}}

    def found(*warnings):
        return {"observed": 9, "estimate": 12.0, "interval": [9.0, 20.0], "warnings": warnings}

    result = {
        "total": found(apart),
        "by_stratum": [{"stratum": ["female"], "estimate": found(apart, few)}],
    }
    with translation.override("en"):
        female, total = result_rows(result, "sex")
    [said] = total["warnings"]
    assert "These lists share nobody: A and D." in said
    assert female["warnings"] == ["Only 9 people were observed. With so few, the interval is "
                                  "wide and the choice of model can change the estimate several "
                                  "times over."]  # fmt: skip


def test_saving_stores_the_snapshot_and_re_running_gives_the_same_numbers(
    english, estimation_world
):
    world = estimation_world
    english.force_login(world.analyst)
    # Bootstrap replicates are drawn with the seed: a re-run draws the same ones.
    analysis = save(english, world, interval="bootstrap", model="A:B,B:C")
    assert analysis.created_by == world.analyst
    assert analysis.case_ids == [world.case.pk]
    assert analysis.result["total"]["observed"] == 30
    assert AuditEvent.objects.filter(
        action="estimation_saved", object_id=str(analysis.public_id)
    ).exists()
    response = english.post(reverse("estimation:rerun", args=[analysis.public_id]))
    assert "the numbers are the same" in response.content.decode()
    from kirok.estimation import exports, services

    assert exports.same_numbers(analysis.result, services.rerun(analysis))


def test_a_stratified_estimate_has_a_row_per_stratum_and_a_total(english, estimation_world):
    world = estimation_world
    english.force_login(world.analyst)
    # A given model: the total's interval bootstraps each stratum, and a search in every
    # replicate would take minutes.
    analysis = save(english, world, strata="year", model="A:B")
    assert [t["stratum"] for t in analysis.snapshot["tables"]] == [["2012"], ["2015"]]
    assert [e["stratum"] for e in analysis.result["by_stratum"]] == [["2012"], ["2015"]]
    assert analysis.result["total"]["observed"] == 30
    page = english.get(reverse("estimation:analysis", args=[analysis.public_id]))
    text = page.content.decode()
    assert "2012" in text and "2015" in text and "Total" in text
    # The whole table's warning once, for the total; the strata's own ones folded by stratum.
    assert text.count("Only 30 people were observed.") == 1
    assert "2012: " in text and " warnings</summary>" in text
    response = english.post(reverse("estimation:rerun", args=[analysis.public_id]))
    assert "the numbers are the same" in response.content.decode()


def test_five_year_periods_gather_the_years(english, estimation_world):
    world = estimation_world
    english.force_login(world.analyst)
    analysis = save(english, world, strata="period", model="A:B")
    periods = [t["stratum"] for t in analysis.snapshot["tables"]]
    assert periods == [["2010–2014"], ["2015–2019"]]  # the victims of 2012 and of 2015
    text = english.get(reverse("estimation:analysis", args=[analysis.public_id])).content.decode()
    assert "By five-year period of the incident" in text and "2010–2014" in text


def test_a_stratum_a_list_missed_is_estimated_from_the_other_lists(english, estimation_world):
    # A fourth source names only victims of 2015: in 2012 its list D is empty. The 2012 row
    # is estimated from A, B and C, and says so. (2015 has no estimate: A holds all of it.)
    world = estimation_world
    fourth = factories.make_source(cases=[world.case])
    for person in world.persons[0::2][:8]:  # even i: victims of 2015
        factories.make_evidence(fourth, person=person)
    world.sources.append(fourth)
    english.force_login(world.analyst)
    analysis = save(english, world, strata="year", model="A:C")
    by_year = {e["stratum"][0]: e["estimate"] for e in analysis.result["by_stratum"]}
    assert by_year["2012"]["details"]["lists_left_out"] == ["D"]
    assert by_year["2012"]["estimate"] >= by_year["2012"]["observed"] == 15
    assert "lists_left_out" not in by_year["2015"]["details"]
    text = english.get(reverse("estimation:analysis", args=[analysis.public_id])).content.decode()
    assert "A:C, without D" in text
    assert "List D has nobody on it: the estimate is made from the other lists." in text


def test_running_again_on_current_records_makes_a_new_analysis(english, estimation_world):
    world = estimation_world
    english.force_login(world.analyst)
    first = save(english, world)
    newcomer = factories.make_person(names=[], cases=[world.case])
    factories.make_evidence(world.sources[0], person=newcomer)
    factories.make_evidence(world.sources[1], person=newcomer)
    response = english.post(reverse("estimation:refresh", args=[first.public_id]))
    second = EstimationAnalysis.objects.latest("pk")
    assert response.status_code == 302 and second.pk != first.pk
    assert second.derived_from == first
    assert second.result["total"]["observed"] == 31
    assert first.result["total"]["observed"] == 30


def test_the_capture_csv_reads_back_as_the_same_table(english, estimation_world):
    world = estimation_world
    english.force_login(world.analyst)
    analysis = save(english, world, strata="sex", model="A:B")
    response = english.get(reverse("estimation:captures_csv", args=[analysis.public_id]))
    text = response.content.decode()
    assert text.splitlines()[0] == "stratum_sex,A,B,C,count"
    tables = read_captures_csv(text)
    from kirok.estimation.services import tables_from_snapshot

    stored = tables_from_snapshot(analysis.snapshot)
    assert set(tables) == set(stored)
    for stratum, table in tables.items():
        assert table.counts.tolist() == stored[stratum].counts.tolist()
    assert AuditEvent.objects.filter(
        action="estimation_exported",
        object_id=str(analysis.public_id),
        detail__format="captures_csv",
    ).exists()


def test_results_csv_json_and_report(english, estimation_world):
    world = estimation_world
    english.force_login(world.analyst)
    analysis = save(english, world)
    rows = list(
        csv.DictReader(
            io.StringIO(
                english.get(
                    reverse("estimation:results_csv", args=[analysis.public_id])
                ).content.decode()
            )
        )
    )
    assert rows[-1]["stratum"] == "total" and rows[-1]["observed"] == "30"
    data = json.loads(english.get(reverse("estimation:json", args=[analysis.public_id])).content)
    assert data["snapshot_sha256"] == analysis.snapshot_sha256
    assert data["parameters"]["method"] == "loglinear"
    report = english.get(reverse("estimation:report", args=[analysis.public_id])).content.decode()
    assert "The method in plain words" in report and "estimation-plot" in report
    assert AuditEvent.objects.filter(action="estimation_exported").count() == 3


def test_a_colleague_outside_one_counted_case_gets_404_and_it_is_audited(client, estimation_world):
    world = estimation_world
    client.force_login(world.analyst)
    analysis = save(client, world)
    colleague = factories.make_user("analyst", username="colleague")
    other_case = factories.make_case(members=[colleague])
    assert other_case.pk not in analysis.case_ids
    client.force_login(colleague)
    url = reverse("estimation:analysis", args=[analysis.public_id])
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(
        action="access_refused", detail__public_id=str(analysis.public_id)
    ).exists()
    assert analysis.title not in client.get(reverse("estimation:index")).content.decode()
    # A member of the case sees it.
    CaseMembership.objects.create(case=world.case, user=colleague)
    assert client.get(url).status_code == 200


def test_viewers_read_saved_analyses_but_may_not_run(client, estimation_world):
    world = estimation_world
    client.force_login(world.analyst)
    analysis = save(client, world)
    viewer = factories.make_user("viewer", username="reader")
    CaseMembership.objects.create(case=world.case, user=viewer)
    client.force_login(viewer)
    page = client.get(reverse("estimation:index")).content.decode()
    assert analysis.title in page and 'action="/estimation/run/"' not in page
    assert client.post(reverse("estimation:run"), form_data(world.sources)).status_code == 403
    rerun = reverse("estimation:rerun", args=[analysis.public_id])
    assert client.post(rerun).status_code == 403


def test_administrators_see_nothing(client, db):
    administrator = factories.make_user("administrator", username="admin2")
    client.force_login(administrator)
    assert client.get(reverse("estimation:index")).status_code == 404


def test_filters_that_leave_nobody_say_so(english, estimation_world):
    world = estimation_world
    english.force_login(world.analyst)
    response = english.post(
        reverse("estimation:run"), form_data(world.sources, violation="torture")
    )
    assert response.status_code == 200
    assert "there is nothing to count" in response.content.decode()
    assert 'name="title"' not in response.content.decode()


def test_a_dga_estimate_is_seeded_and_re_runs_to_the_same_numbers(english, estimation_world):
    world = estimation_world
    english.force_login(world.analyst)
    analysis = save(english, world, method="dga", delta="1.0", seed="7")
    assert analysis.parameters["options"] == {"delta": 1.0, "seed": 7}
    assert analysis.result["total"]["method"] == "dga"
    page = english.get(reverse("estimation:analysis", args=[analysis.public_id]))
    assert "best models" in page.content.decode()
    response = english.post(reverse("estimation:rerun", args=[analysis.public_id]))
    assert "the numbers are the same" in response.content.decode()


def test_an_lcmcr_estimate_shows_its_trace_and_re_runs_to_the_same_numbers(
    english, estimation_world
):
    world = estimation_world
    english.force_login(world.analyst)
    analysis = save(english, world, method="lcmcr", classes="4", iterations="500", seed="11")
    assert analysis.parameters["options"] == {"K": 4, "iterations": 500, "seed": 11}
    page = english.get(reverse("estimation:analysis", args=[analysis.public_id])).content.decode()
    assert "estimation-trace" in page and page.count("<polyline") >= 2  # one line per chain
    response = english.post(reverse("estimation:rerun", args=[analysis.public_id]))
    assert "the numbers are the same" in response.content.decode()


def test_an_author_taken_out_of_a_counted_case_loses_the_analysis(client, estimation_world):
    world = estimation_world
    client.force_login(world.analyst)
    analysis = save(client, world)
    url = reverse("estimation:analysis", args=[analysis.public_id])
    assert client.get(url).status_code == 200
    CaseMembership.objects.filter(case=world.case, user=world.analyst).delete()
    assert client.get(url).status_code == 404


def test_lists_that_never_overlap_give_no_estimate_and_say_why(english, db, reference_data):
    analyst = factories.make_user("analyst", username="lonely")
    case = factories.make_case(members=[analyst])
    first, second = factories.make_source(cases=[case]), factories.make_source(cases=[case])
    for source in (first, second, first):
        factories.make_evidence(source, person=factories.make_person(names=[], cases=[case]))
    english.force_login(analyst)
    data = {**form_data([first, second], model=""), "title": "No overlap"}
    page = english.post(reverse("estimation:run"), data).content.decode()
    assert "Nobody on list A is on any other list." in page
    assert "No estimate could be made from these lists" in page
    assert english.post(reverse("estimation:save"), data).status_code == 302
    saved = EstimationAnalysis.objects.latest("pk")
    assert saved.title == "No overlap"
    assert saved.result["total"]["estimate"] is None  # JSON has no NaN
    assert english.get(reverse("estimation:report", args=[saved.public_id])).status_code == 200


def test_posts_without_the_csrf_token_are_refused(estimation_world):
    from django.test import Client

    world = estimation_world
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(world.analyst)
    assert strict.post(reverse("estimation:run"), form_data(world.sources)).status_code == 403
    assert not AuditEvent.objects.filter(action="estimation_run").exists()


def test_the_overlap_matrix_and_the_upset_chart_show_the_counts(english, estimation_world):
    world = estimation_world
    english.force_login(world.analyst)
    page = english.post(reverse("estimation:run"), form_data(world.sources)).content.decode()
    on_list = [sum(n for pattern, n in world.expected.items() if pattern[i]) for i in range(3)]
    for size in on_list:
        assert f'estimation-diagonal">{size}</td>' in page
    for pattern, n in world.expected.items():
        label = "&amp;".join(k for k, bit in zip("ABC", pattern, strict=True) if bit)
        assert f"<title>{label}: {n}</title>" in page


def test_the_report_speaks_korean_by_default(client, estimation_world):
    world = estimation_world
    client.force_login(world.analyst)
    analysis = save(client, world, strata="sex", model="A:B")
    report = client.get(reverse("estimation:report", args=[analysis.public_id])).content.decode()
    assert '<html lang="ko">' in report
    assert "SHA-256" in report and analysis.snapshot_sha256 in report
    # The total of strata has no one model; the report says so in Korean, not "by stratum".
    assert "층마다 따로" in report and "by stratum" not in report


def test_titles_and_list_names_are_encrypted_at_rest(english, estimation_world):
    from django.db import connection

    world = estimation_world
    english.force_login(world.analyst)
    analysis = save(english, world)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title, list_labels, snapshot FROM estimation_estimationanalysis WHERE id = %s",
            [analysis.pk],
        )
        title, labels, snapshot = cursor.fetchone()
    source_title = world.sources[0].title
    assert "Test run" not in title and source_title not in labels
    assert source_title not in str(snapshot)
    assert analysis.labelled_lists()[0] == {"key": "A", "label": source_title}
    report = english.get(reverse("estimation:report", args=[analysis.public_id])).content.decode()
    assert source_title in report


@pytest.mark.parametrize(
    ("model", "korean"),
    [
        ("A:Z", "모형 항에 있는 “Z”는 명단(A, B, C) 가운데 하나가 아닙니다."),
        ("A:A", "모형 항 “A:A”에 같은 명단이 두 번 들어 있습니다."),
    ],
)
def test_a_model_the_lists_cannot_have_is_explained_in_korean(
    client, estimation_world, model, korean
):
    """Model terms are typed by hand; what is wrong with them must reach a Korean page in
    Korean, not in the library's English."""
    client.force_login(estimation_world.analyst)
    response = client.post(
        reverse("estimation:run"), form_data(estimation_world.sources, model=model)
    )
    page = response.content.decode()
    assert f"추정치를 계산하지 못했습니다: {korean}" in page
    assert "which is not one of the lists" not in page and "names a list twice" not in page


def test_every_refusal_the_estimation_library_gives_a_page_has_a_sentence():
    """A coded CaptureError added to the library must not reach a Korean page in English."""
    from pathlib import Path

    from kirok.estimation.messages import REFUSALS

    library = Path(__file__).resolve().parents[2] / "kirok" / "lib" / "estimation"
    source = "\n".join(path.read_text() for path in library.glob("*.py"))
    codes = set(re.findall(r'code="(\w+)"', source))
    assert len(codes) >= 9
    assert codes <= set(REFUSALS)


def test_too_many_models_is_said_in_either_language():
    from django.utils import translation

    from kirok.estimation.messages import refusal_text
    from kirok.lib.estimation.models import hierarchical_models

    with pytest.raises(CaptureError) as raised:
        hierarchical_models(8, 2)  # 28 pairs: 2^28 models
    with translation.override("ko"):
        korean = refusal_text(raised.value)
    with translation.override("en"):
        english = refusal_text(raised.value)
    assert "8개 명단" in korean and "65,536" in korean and "search over" not in korean
    assert english.startswith("A search over every model of 8 lists up to order 2")


def test_an_error_without_a_code_is_shown_in_the_librarys_english():
    from kirok.estimation.messages import refusal_text

    assert refusal_text(ValueError("x must be positive")) == "x must be positive"
    assert refusal_text(CaptureError("odd", code="from_a_later_version")) == "odd"


def test_a_numerical_failure_is_said_as_one_in_the_readers_language():
    import numpy as np
    from django.utils import translation

    from kirok.estimation.messages import refusal_text

    with translation.override("ko"):
        said = refusal_text(np.linalg.LinAlgError("Singular matrix"))
    assert said.startswith("이 집계로는 계산이 실패했습니다 (Singular matrix)")
    with translation.override("en"):
        assert refusal_text(OverflowError()).startswith("the computation failed on these counts")
