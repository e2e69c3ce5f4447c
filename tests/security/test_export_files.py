"""What an export file holds: the requester's visible records at download time, only the
persons whose consent allows the kind, spreadsheet-safe cells, and a traceable watermark."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.audit.models import AuditEvent
from kirok.interop import services, watermark
from kirok.interop.models import ExportRequest
from kirok.records.models import SensitiveContact
from tests import factories

REASON = "Annual report to the Special Rapporteur"


@pytest.fixture
def team(db):
    from types import SimpleNamespace

    case = factories.make_case("회령 사례", allows_sensitive_contacts=True)
    analyst = factories.make_user("analyst", username="analyst")
    approver = factories.make_user("coordinator", username="approver")
    for user in (analyst, approver):
        CaseMembership.objects.create(case=case, user=user)
    return SimpleNamespace(case=case, analyst=analyst, approver=approver)


def person(case, name, **consent):
    return factories.make_person(
        cases=[case], names=[{"text": name, "script": "hangul", "is_primary": True}], **consent
    )


def export_text(team, kind="persons", *, cases=None, proceeding=None) -> tuple[ExportRequest, str]:
    export = services.request_export(
        team.analyst,
        kind,
        reason=REASON,
        cases=[team.case] if cases is None else cases,
        proceeding=proceeding,
    )
    services.approve(export, team.approver)
    return export, services.download(export, team.analyst).text


def table(text: str) -> list[dict]:
    body = text.partition("\n")[2]
    return list(csv.DictReader(io.StringIO(body)))


def test_the_file_names_the_requester_the_request_the_time_and_the_approver(team):
    person(team.case, "김순옥")
    export, text = export_text(team)
    first = text.splitlines()[0]
    assert first.startswith(f"# Exported by analyst (request {export.public_id}) at ")
    assert first.endswith(", approved by approver")
    assert list(table(text)[0])[-1] == "watermark"


def test_a_file_for_publication_names_no_account_but_still_traces_to_its_request(team):
    # Staff are targets too: a published file must not give the infiltrator their names.
    person(team.case, "공개동의", consent_publish=True)
    export, text = export_text(team, "persons_public")
    first = text.splitlines()[0]
    assert first.startswith(f"# Exported for publication from Kirok (request {export.public_id})")
    assert "analyst" not in first and "approver" not in first
    found, _trace = services.trace_leak("\n".join(text.splitlines()[1:]))
    assert found == export


def test_the_requester_is_told_the_file_for_publication_does_not_name_them(client, team):
    export = services.request_export(
        team.analyst, "persons_public", reason=REASON, cases=[team.case]
    )
    services.approve(export, team.approver)
    client.force_login(team.analyst)
    page = client.get(
        reverse("interop:detail", args=[export.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "names no one of the staff, not even you" in page
    assert "carries your name" not in page


def test_each_row_carries_a_watermark_that_traces_a_copy_to_its_request(team):
    for name in ("김순옥", "리철호", "박은정"):
        person(team.case, name)
    export, text = export_text(team)
    rows = table(text)
    assert len({row["watermark"] for row in rows}) == 3
    # A leaked copy without its first line, cut to two rows, still names the request.
    lines = text.splitlines()
    leaked = "\n".join([lines[1], lines[2], lines[4]])
    found, trace = services.trace_leak(leaked)
    assert found == export
    assert trace.marked_rows == 2 and trace.rows == 2


def test_an_altered_row_loses_its_watermark(team):
    person(team.case, "김순옥")
    person(team.case, "리철호")
    _export, text = export_text(team)
    altered = text.replace("김순옥", "김순영")
    _found, trace = services.trace_leak(altered)
    assert trace.marked_rows == 1 and trace.rows == 2


@pytest.mark.parametrize(
    "hostile", ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_cells_that_a_spreadsheet_would_run_are_defused(team, hostile):
    person(team.case, hostile)
    _export, text = export_text(team)
    (row,) = table(text)
    assert row["name"] == "'" + hostile


def test_the_file_holds_only_what_the_requester_may_see_at_download_time(team):
    other_case = factories.make_case("다른 사례")
    person(team.case, "김순옥")
    person(other_case, "숨은사람")
    factories.make_person(names=[{"text": "미배정", "script": "hangul"}])  # in no case
    export = services.request_export(team.analyst, "persons", reason=REASON, cases=[team.case])
    services.approve(export, team.approver)
    person(team.case, "나중사람")  # added after the approval: the requester may see it
    text = services.download(export, team.analyst).text
    assert [row["name"] for row in table(text)] == ["김순옥", "나중사람"]
    assert "숨은사람" not in text and "미배정" not in text


def test_sensitive_contact_details_are_never_exported(team):
    someone = person(team.case, "김순옥")
    SensitiveContact.objects.create(person=someone, kind="phone", value="+82 10-5555-0199")
    _export, text = export_text(team)
    # The digits with their dash: "5555" alone turns up in a random public id now and then.
    assert "5555-0199" not in text and "55550199" not in text


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("persons", ["동의없음", "유엔동의", "공개동의"]),
        ("persons_un", ["유엔동의"]),
        ("persons_public", ["공개동의"]),
    ],
)
def test_each_kind_honours_the_consent_it_needs(team, kind, expected):
    person(team.case, "동의없음")
    person(team.case, "유엔동의", consent_share_un=True)
    person(team.case, "공개동의", consent_publish=True)
    _export, text = export_text(team, kind)
    assert [row["name"] for row in table(text)] == expected
    left_out = AuditEvent.objects.get(action="export_downloaded").detail["left_out_for_consent"]
    assert left_out == 3 - len(expected)


def test_the_incidents_file_lists_the_visible_incidents(team):
    factories.make_incident(title="회령 보위부의 귀환자 가족 연행", cases=[team.case])
    factories.make_incident(title="다른 사례의 사건", cases=[factories.make_case()])
    _export, text = export_text(team, "incidents")
    assert [row["title"] for row in table(text)] == ["회령 보위부의 귀환자 가족 연행"]


# --- WGEID --------------------------------------------------------------------------------


def test_a_wgeid_export_lists_the_persons_of_the_submission(team):
    mother = person(team.case, "김순옥", consent_share_un=True)
    submission = factories.make_proceeding(cases=[team.case], persons=[mother])
    _export, text = export_text(team, "wgeid", cases=[], proceeding=submission)
    (row,) = table(text)
    assert row["name"] == "김순옥" and row["proceeding_reference"] == submission.reference


def test_a_wgeid_export_is_refused_while_someone_lacks_un_consent(team):
    mother = person(team.case, "김순옥", consent_share_un=True)
    son = person(team.case, "리철호", consent_share_un=True)
    submission = factories.make_proceeding(cases=[team.case], persons=[mother, son])
    son.consent_share_un = False  # consent withdrawn after the submission was prepared
    son.save()
    with pytest.raises(services.ExportRefused) as refused:
        services.request_export(team.analyst, "wgeid", reason=REASON, proceeding=submission)
    message = refused.value.messages[0]
    assert message.startswith("1 person has not consented to sharing with UN mechanisms")
    assert "김순옥" not in message and "리철호" not in message


def test_the_request_page_says_beside_the_submission_that_consent_is_missing(client, team):
    mother = person(team.case, "김순옥", consent_share_un=True)
    submission = factories.make_proceeding(cases=[team.case], persons=[mother])
    mother.consent_share_un = False  # withdrawn after the submission was prepared
    mother.save()
    client.force_login(team.analyst)
    response = client.post(
        reverse("interop:new"),
        {"kind": "wgeid", "proceeding": str(submission.public_id), "reason": REASON},
    )
    assert not ExportRequest.objects.exists()
    errors = response.context["form"]["proceeding"].errors
    assert errors[0].startswith("1 person has not consented to sharing with UN mechanisms")
    assert "김순옥" not in response.content.decode()


def test_consent_withdrawn_after_approval_stops_the_wgeid_download(team):
    mother = person(team.case, "김순옥", consent_share_un=True)
    submission = factories.make_proceeding(cases=[team.case], persons=[mother])
    export = services.request_export(team.analyst, "wgeid", reason=REASON, proceeding=submission)
    services.approve(export, team.approver)
    mother.consent_share_un = False
    mother.save()
    with pytest.raises(services.ExportRefused) as refused:
        services.download(export, team.analyst)
    assert refused.value.code == "no_un_consent"


def test_a_wgeid_export_needs_a_wgeid_proceeding_the_requester_can_see(team):
    hidden = factories.make_proceeding(cases=[factories.make_case()])
    court = factories.make_proceeding(cases=[team.case], forum="national_court")
    for proceeding in (hidden, court, None):
        with pytest.raises(services.ExportRefused):
            services.request_export(team.analyst, "wgeid", reason=REASON, proceeding=proceeding)


def test_watermarks_do_not_match_another_request(team):
    person(team.case, "김순옥")
    _export, text = export_text(team)
    (row,) = table(text)
    cells = [row[c] for c in list(row)[:-1]]
    assert watermark.row_mark("00000000-0000-0000-0000-000000000000", cells) != row["watermark"]
