"""Proposed records: proposing from a source's text, accepting with corrections, rejecting.

The service (kirok.sources.proposals) and the review form (kirok.sources.proposal_forms)
without the pages; tests/test_web_proposals.py drives the pages.
"""

from types import SimpleNamespace

import pytest

from kirok.accounts.models import Case
from kirok.audit.models import AuditEvent
from kirok.records.models import Act, Incident, NameKind, Person
from kirok.sources import proposals
from kirok.sources.models import EvidenceSpan, Proposal
from kirok.sources.proposal_forms import ProposalForm, VictimFormSet, victim_initial
from tests import factories

TEXT = (
    "Border guards arrested Ri Sun-hui (pseudonym) and her mother "
    "near Hoeryong in May 2019. The family has not heard from them since.\n\n"
    "A local official said the weather was fine."
)


@pytest.fixture
def desk(db):
    editor = factories.make_user("documenter", username="editor")
    second = factories.make_user("coordinator", username="second")
    case = factories.make_case("Hoeryong interviews", editors=[editor], members=[second])
    factories.hoeryong()
    border = factories.make_organization(
        "border-guard", "국경경비대", "Border guards", kind="military"
    )
    for code in ("arbitrary_arrest", "enforced_disappearance"):
        factories.term("violation_type", code)
    role = factories.term("perpetrator_role", "perpetrator")
    source = factories.make_source(text=TEXT, cases=[case], language="en")
    return SimpleNamespace(
        editor=editor, second=second, case=case, border=border, role=role, source=source
    )


def review_of(proposal, cases, **changes):
    """The review a reviewer submits when they change only ``changes`` (form field names)."""
    cases = Case.objects.filter(pk__in=[case.pk for case in cases])
    suggestion = proposals.suggestion(proposal)
    data = factories.proposal_review_data(proposal, cases, prefix="p", **changes)
    bound = ProposalForm(data, suggestion=suggestion, cases=cases, prefix="p")
    rows = VictimFormSet(data, prefix="p-v", initial=victim_initial(suggestion.victims))
    assert bound.is_valid(), bound.errors
    assert rows.is_valid(), rows.errors
    return bound.review(rows)


def test_proposing_keeps_each_incident_with_its_fields_and_where_they_are(desk):
    made = proposals.propose(desk.source, user=desk.editor)
    assert len(made) == 1
    found = proposals.proposed(made[0])
    assert found["types"] == ["arrest"]
    assert found["perpetrator"]["org"] == "border_guard"
    date = found["spans"]["date"]
    assert TEXT[date["start"] : date["end"]] == "May 2019"
    assert made[0].text_sha256 == proposals.text_digest(TEXT)
    event = AuditEvent.objects.filter(action="proposals_made").latest("pk")
    assert event.detail["count"] == 1
    assert "Ri Sun-hui" not in str(event.detail)


def test_proposing_again_on_the_same_text_adds_nothing(desk):
    first = proposals.propose(desk.source, user=desk.editor)
    assert proposals.propose(desk.source, user=desk.editor) == []
    assert list(desk.source.proposals.all()) == first


def test_a_corrected_text_replaces_pending_proposals_but_keeps_decided_ones(desk):
    first = proposals.propose(desk.source, user=desk.editor)[0]
    proposals.reject(first, "duplicate of an older record", user=desk.editor)
    desk.source.text = TEXT.replace("May 2019", "April 2019") + "\n\nMore text."
    desk.source.save()
    made = proposals.propose(desk.source, user=desk.editor)
    assert [p.number for p in made] == [2]
    assert desk.source.proposals.get(number=1).status == Proposal.Status.REJECTED


def test_suggestion_maps_the_extractor_to_kirok_records(desk):
    proposal = proposals.propose(desk.source, user=desk.editor)[0]
    suggestion = proposals.suggestion(proposal)
    assert [t.code for t in suggestion.types] == ["arbitrary_arrest"]
    assert suggestion.place.gazetteer_id == "KP-09-hoeryeong-si"
    assert suggestion.organization == desk.border
    assert suggestion.date == "2019-05"
    assert [v["name"] for v in suggestion.victims] == ["Ri Sun-hui"]


def test_accepting_creates_the_incident_victims_and_acts_with_their_passages(desk):
    proposal = proposals.propose(desk.source, user=desk.editor)[0]
    incident = proposals.accept(proposal, review_of(proposal, [desk.case]), user=desk.editor)
    assert incident.start_date == "2019-05"
    assert incident.place.gazetteer_id == "KP-09-hoeryeong-si"
    assert list(incident.cases.all()) == [desk.case]
    assert [t.code for t in incident.violation_types.all()] == ["arbitrary_arrest"]
    person = Person.objects.get(acts__incident=incident)
    name = person.names.get()
    assert (name.text, name.kind, name.script) == ("Ri Sun-hui", NameKind.PSEUDONYM, "latin")
    assert person.sex == "female" and list(person.cases.all()) == [desk.case]
    act = Act.objects.get(incident=incident)
    assert act.violation_type.code == "arbitrary_arrest"
    assert act.perpetrators.get().organization == desk.border
    sentence = TEXT[TEXT.index("Border guards") : TEXT.index("2019.") + 5]
    for record in (incident, person, act):
        span = EvidenceSpan.objects.get(**{record._meta.model_name: record})
        assert span.quote == sentence and TEXT[span.start : span.end] == sentence
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert proposal.decided_by == desk.editor and proposal.incident == incident
    assert proposals.decision(proposal)["fields"]["date"] == "accepted"


def test_corrected_and_rejected_fields_are_recorded_as_such(desk):
    proposal = proposals.propose(desk.source, user=desk.editor)[0]
    review = review_of(
        proposal,
        [desk.case],
        **{"p-date": "2019-05-12", "p-reject_perpetrator": "on", "p-v-0-keep": ""},
    )
    incident = proposals.accept(proposal, review, user=desk.editor)
    assert incident.start_date == "2019-05-12"
    assert not incident.acts.exists()  # the only victim was left out
    assert not Person.objects.exists()
    verdicts = proposals.decision(Proposal.objects.get())["fields"]
    assert verdicts["date"] == "edited"
    assert verdicts["perpetrator"] == "rejected"
    assert verdicts["types"] == "accepted"
    assert verdicts["victims"] == ["rejected"]
    event = AuditEvent.objects.get(action="proposal_accepted")
    assert event.detail["fields"]["date"] == "edited"
    assert "2019-05-12" not in str(event.detail)


def test_a_victim_the_extractor_missed_can_be_added(desk):
    proposal = proposals.propose(desk.source, user=desk.editor)[0]
    review = review_of(
        proposal,
        [desk.case],
        **{"p-v-1-name": "리순희 어머니", "p-v-1-sex": "female"},
    )
    incident = proposals.accept(proposal, review, user=desk.editor)
    names = sorted(str(p) for p in Person.objects.filter(acts__incident=incident))
    assert names == ["Ri Sun-hui", "리순희 어머니"]
    assert proposals.decision(Proposal.objects.get())["fields"]["victims"] == [
        "accepted",
        "added",
    ]


def test_the_second_reviewer_cannot_decide_again(desk):
    proposal = proposals.propose(desk.source, user=desk.editor)[0]
    stale_copy = Proposal.objects.get(pk=proposal.pk)
    proposals.reject(proposal, "", user=desk.editor)
    with pytest.raises(proposals.AlreadyDecided) as refused:
        proposals.accept(stale_copy, review_of(stale_copy, [desk.case]), user=desk.second)
    assert refused.value.proposal.decided_by == desk.editor
    assert not Incident.objects.exists()
    assert Proposal.objects.get().status == Proposal.Status.REJECTED


def test_a_passage_no_longer_in_the_text_refuses_and_creates_nothing(desk):
    proposal = proposals.propose(desk.source, user=desk.editor)[0]
    desk.source.text = "The text was replaced entirely."
    desk.source.save()
    proposal.refresh_from_db()
    review = review_of(proposal, [desk.case])
    with pytest.raises(proposals.TextChanged):
        proposals.accept(proposal, review, user=desk.editor)
    assert not Incident.objects.exists() and not Person.objects.exists()
    assert Proposal.objects.get().status == Proposal.Status.PENDING


def test_a_passage_that_moved_is_cited_where_it_now_is(desk):
    proposal = proposals.propose(desk.source, user=desk.editor)[0]
    desk.source.text = "Editor's note: names changed.\n" + TEXT
    desk.source.save()
    incident = proposals.accept(proposal, review_of(proposal, [desk.case]), user=desk.editor)
    span = EvidenceSpan.objects.get(incident=incident)
    assert desk.source.text[span.start : span.end] == span.quote
    assert span.quote.startswith("Border guards arrested")


def test_age_becomes_the_two_possible_birth_years(desk):
    desk.source.text = "Border guards arrested Kim Yong-ho, 35, near Hoeryong in 2019."
    desk.source.save()
    proposal = proposals.propose(desk.source, user=desk.editor)[0]
    assert proposals.proposed(proposal)["victims"][0]["age"] == 35
    incident = proposals.accept(proposal, review_of(proposal, [desk.case]), user=desk.editor)
    person = Person.objects.get(acts__incident=incident)
    assert person.birth_date == "1983/1984"
    assert "35" in person.notes


def test_a_unit_named_in_full_is_suggested_rather_than_its_ministry(desk):
    hoeryong_bureau = factories.make_organization()  # Hoeryong City State Security Department
    desk.source.text = (
        "On 24 April 2003, officers of the Hoeryong City State Security Department arrested "
        "Ko Chun-ae (pseudonym) in Hoeryong."
    )
    desk.source.save()
    proposal = proposals.propose(desk.source, user=desk.editor)[0]
    assert proposals.proposed(proposal)["perpetrator"]["org"] == "MSS"
    assert proposals.suggestion(proposal).organization == hoeryong_bureau
