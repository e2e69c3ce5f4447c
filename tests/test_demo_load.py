"""Loading the synthetic demo data set into the database (kirok.records.demo)."""

from __future__ import annotations

import pytest
from django.db import transaction

from kirok.accounts.models import Case
from kirok.records import demo
from kirok.records.models import (
    Act,
    ActPerpetrator,
    Incident,
    Person,
    PersonName,
    Proceeding,
    Relation,
)
from kirok.sources.models import EvidenceSpan, Source
from tests import factories


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Scale 1 loaded once for the module, inside a transaction rolled back at the end."""
    stages: list[tuple[str, int, int]] = []
    with django_db_blocker.unblock(), transaction.atomic():
        counts = demo.load(seed=1, scale=1, progress=lambda *s: stages.append(s))
        yield counts, stages
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_loading_writes_as_many_rows_as_it_reports(loaded):
    counts, _ = loaded
    assert counts["persons"] == Person.objects.count()
    assert counts["names"] == PersonName.objects.count()
    assert counts["relations"] == Relation.objects.count()
    assert counts["incidents"] == Incident.objects.count()
    assert counts["acts"] == Act.objects.count()
    assert counts["perpetrators"] == ActPerpetrator.objects.count()
    assert counts["sources"] == Source.objects.count()
    assert counts["evidence"] == EvidenceSpan.objects.count()
    assert counts["proceedings"] == Proceeding.objects.count()
    assert counts["total_rows"] == sum(v for k, v in counts.items() if k != "total_rows")


def test_scale_one_has_the_promised_size(loaded):
    assert Person.objects.count() >= 500
    assert Incident.objects.count() >= 200
    assert Source.objects.count() == 80
    assert Incident.objects.filter(place__gazetteer_id__startswith="CN-").exists()
    assert Act.objects.filter(violation_type__code="enforced_disappearance").count() >= 100


def test_progress_is_reported_stage_by_stage(loaded):
    _, stages = loaded
    names = [stage for stage, _, _ in stages]
    assert names[0] == "generating"
    assert {"persons", "incidents", "acts", "sources", "evidence"} <= set(names)
    assert all(done <= total for _, done, total in stages)
    finished = {stage for stage, done, total in stages if done == total}
    assert set(names) == finished


def test_every_demo_record_is_in_the_demo_case_and_marked_fictional(loaded):
    case = Case.objects.get(name=demo.DEMO_CASE_NAME)
    assert "가상" in case.description and "fictional" in case.description
    assert case.persons.count() == Person.objects.count()
    assert case.incidents.count() == Incident.objects.count()
    assert case.sources.count() == Source.objects.count()
    assert case.proceedings.count() == Proceeding.objects.count()
    assert all("this person is fictional" in p.notes for p in Person.objects.all())


def test_dates_are_stored_with_their_bounds(loaded):
    act = Act.objects.filter(date__endswith="~").first()
    assert act.date_earliest < act.date_latest
    # Every incident may have started between 2000 and 2024 ("2024~" reaches into 2025).
    assert not Incident.objects.filter(start_date_earliest__year__gt=2024).exists()
    assert not Incident.objects.filter(start_date_latest__year__lt=2000).exists()


def test_a_person_page_shows_several_names_in_several_scripts(loaded, client):
    person = next(p for p in Person.objects.prefetch_related("names").filter(cases__isnull=False)
                  if {n.script for n in p.names.all()} == {"hangul", "latin"})  # fmt: skip
    analyst = factories.make_user("analyst")
    demo.grant_access(analyst)
    client.force_login(analyst)
    page = client.get(f"/persons/{person.public_id}/", HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    for name in person.names.all():
        assert name.text in html
    assert "Hangul" in html and "Latin" in html


def test_demo_records_stay_hidden_from_accounts_outside_the_demo_case(loaded, client):
    person = Person.objects.first()
    client.force_login(factories.make_user("viewer"))
    assert client.get(f"/persons/{person.public_id}/").status_code == 404


def test_every_evidence_passage_validates_against_its_source(loaded):
    spans = EvidenceSpan.objects.select_related("source")
    for span in spans:
        assert span.source.text[span.start : span.end] == span.quote
    # full_clean() runs several queries per span: the model's own check on one of each kind.
    for kind in ("incident", "act", "person", "relation", "proceeding"):
        for span in spans.filter(**{f"{kind}__isnull": False})[:20]:
            span.full_clean()
    assert spans.filter(person__isnull=False).exists()
    assert spans.filter(relation__isnull=False).exists()
    assert spans.filter(proceeding__isnull=False).exists()


def test_names_can_be_found_by_their_search_key(loaded):
    name = next(n for n in PersonName.objects.filter(script="latin") if "-" in n.text)
    folded = name.text.replace("-", "").replace(" ", "").lower()
    assert name in PersonName.objects.spelled_like(folded)


def test_loading_twice_is_refused_with_a_clear_error_and_changes_nothing(loaded):
    before = Person.objects.count()
    with pytest.raises(demo.DemoAlreadyLoaded, match="already loaded"):
        demo.load(seed=2, scale=1)
    assert Person.objects.count() == before


def test_the_demo_inbox_waits_for_review(loaded):
    """`kirok demo` adds news items not recorded yet, their incidents proposed for review."""
    from kirok.sources.models import Proposal

    before = set(Source.objects.values_list("pk", flat=True))
    added = demo.add_inbox(seed=1)
    inbox = Source.objects.exclude(pk__in=before)
    assert sorted(source.pk for source, _ in added) == sorted(inbox.values_list("pk", flat=True))
    assert inbox.count() == demo.INBOX_SIZE
    assert sum(n for _, n in added) == Proposal.objects.count() >= demo.INBOX_SIZE
    for source in inbox:
        assert list(source.cases.all()) == [demo.demo_case()]
        assert "fictional" in source.text or "가상" in source.text
        assert not source.evidence.exists()  # nothing recorded from it yet
        assert source.proposals.filter(status=Proposal.Status.PENDING).exists()


def test_the_demo_chinese_notices_are_found_by_the_names_they_give(loaded, client):
    """`kirok demo` adds fictional Chinese detention notices naming demo people in Chinese
    characters: a search in Hangul or in Latin letters finds each, cited by nothing yet."""
    from kirok.accounts.services import create_account
    from kirok.lib.names import romanize_name

    added = demo.add_chinese_notices(seed=1)
    assert len(added) == demo.CHINESE_NOTICES
    reader = create_account("notice-reader", "analyst", "notice-reader-password-0123")
    demo.grant_access(reader)
    client.force_login(reader)
    for source, hangul in added:
        assert source.language == "zh" and list(source.cases.all()) == [demo.demo_case()]
        assert "fictional" in source.text and not source.evidence.exists()
        for query in (hangul, romanize_name(hangul, "rr")):
            response = client.get("/search/", {"q": query})
            assert source in [hit.record for hit in response.context["results"].sources], query


def test_each_group_that_gathered_sources_can_be_a_list_to_estimate_from(loaded):
    # Multiple systems estimation needs lists gathered apart: the demo's fictional groups and
    # the UN Working Group each provided sources, and each is offered as one list.
    from kirok.estimation import services
    from kirok.estimation.forms import EstimationForm

    analyst = factories.make_user("analyst")
    demo.grant_access(analyst)
    offered = dict(EstimationForm(user=analyst).fields["organizations"].choices)
    names = sorted(offered.values())
    assert names == sorted([
        "Demo Association of Families of the Disappeared (fictional)",
        "Demo Counselling Centre for North Korean Defectors (fictional)",
        "Demo Documentation Centre for North Korean Human Rights (fictional)",
        "UN Working Group on Enforced or Involuntary Disappearances",
    ])  # fmt: skip
    chosen = services.Parameters(list_kind="organization", list_ids=tuple(offered))
    collected = services.collect(analyst, chosen)
    [table] = collected.tables.values()
    assert all(len(d.source_ids) >= 5 for d in collected.lists)
    result = services.run(collected.tables, "loglinear", {"criterion": "bic"})["total"]
    assert result["observed"] == table.observed > 100
    assert result["estimate"] >= result["observed"]
    low, high = result["interval"]
    assert low <= result["estimate"] <= high
