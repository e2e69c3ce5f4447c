"""Consent: nobody goes into a WGEID submission without consent to share with UN mechanisms,
whatever path adds them; consent is shown on the person's page and on testimony."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from kirok.audit.models import AuditEvent
from kirok.records import services
from tests import factories


@pytest.fixture
def coordinator_of_case(db):
    user = factories.make_user("coordinator")
    case = factories.make_case(members=[user])
    return user, case


def test_the_service_adds_a_consenting_person_and_audits_it(coordinator_of_case):
    user, case = coordinator_of_case
    proceeding = factories.make_proceeding(cases=[case])
    person = factories.make_person(cases=[case], consent_share_un=True)
    services.add_person_to_proceeding(proceeding, person, actor=user)
    assert list(proceeding.persons.all()) == [person]
    event = AuditEvent.objects.get(action="proceeding_person_added")
    assert event.detail == {"person": str(person.public_id)}


def test_the_service_refuses_a_person_without_un_consent_with_a_clear_message(
    coordinator_of_case,
):
    user, case = coordinator_of_case
    proceeding = factories.make_proceeding(cases=[case])
    person = factories.make_person(cases=[case], consent_share_un=False)
    with pytest.raises(ValidationError) as refused:
        services.add_person_to_proceeding(proceeding, person, actor=user)
    assert refused.value.code == "no_un_consent"
    assert "not consented to sharing with UN mechanisms" in refused.value.messages[0]
    assert "WGEID" in refused.value.messages[0]
    assert not proceeding.persons.exists()


def test_the_model_refuses_every_other_path_into_a_wgeid_submission(db):
    proceeding = factories.make_proceeding()
    without = factories.make_person(consent_share_un=False)
    with_consent = factories.make_person(consent_share_un=True)
    # Each attempt in a savepoint, as a request's own transaction would be.
    with pytest.raises(ValidationError), transaction.atomic():
        proceeding.persons.add(without)
    with pytest.raises(ValidationError), transaction.atomic():
        proceeding.persons.set([with_consent, without])
    with pytest.raises(ValidationError), transaction.atomic():
        without.proceedings.add(proceeding)  # the reverse side too
    with pytest.raises(ValidationError), transaction.atomic():
        factories.make_proceeding(persons=[without])
    assert not proceeding.persons.filter(pk=without.pk).exists()


def test_other_forums_do_not_need_un_consent(db):
    petition = factories.make_proceeding(forum="national_court")
    person = factories.make_person(consent_share_un=False)
    petition.persons.add(person)
    assert petition.persons.get() == person


def test_turning_a_proceeding_into_a_wgeid_submission_checks_its_persons(db):
    proceeding = factories.make_proceeding(forum="national_court")
    proceeding.persons.add(factories.make_person(consent_share_un=False))
    proceeding.forum = factories.term("proceeding_forum", "wgeid")
    with pytest.raises(ValidationError):
        proceeding.save()


def test_consent_can_always_be_withdrawn(db):
    person = factories.make_person(consent_share_un=True)
    factories.make_proceeding(persons=[person])
    person.consent_share_un = False
    person.save()  # allowed: the WGEID export then refuses (test_export_files.py)
    person.refresh_from_db()
    assert not person.consent_share_un


def test_the_person_page_shows_each_consent(client, db):
    viewer = factories.make_user("viewer")
    case = factories.make_case(members=[viewer])
    person = factories.make_person(
        cases=[case], consent_store=True, consent_share_un=False, consent_publish=False
    )
    client.force_login(viewer)
    body = client.get(reverse("web:person", args=[person.public_id])).content.decode()
    assert 'id="consent-heading"' in body
    assert body.count("consent-given") == 1 and body.count("consent-missing") == 2


def test_a_testimony_shows_its_consent_and_published_material_does_not(client, db):
    viewer = factories.make_user("viewer")
    case = factories.make_case(members=[viewer])
    incident = factories.make_incident(cases=[case])
    testimony = factories.make_source(cases=[case], consent_share_un=True)
    article = factories.make_source(
        cases=[case], kind="news_article", is_public_material=True, title="Public article"
    )
    factories.make_evidence(testimony, incident=incident)
    factories.make_evidence(article, incident=incident)
    client.force_login(viewer)
    body = client.get(reverse("web:incident", args=[incident.public_id])).content.decode()
    assert body.count('class="consent consent-source"') == 1
