"""The source pages: add a source with pasted text or a file, refuse hostile files, read it,
download its file, edit it without overwriting someone else's save, and stay in one's cases."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kirok.audit.models import AuditEvent
from kirok.sources import forms as source_forms
from kirok.sources import services
from kirok.sources.models import Attachment, CustodyEvent, Source
from tests import factories
from tests.pdf_maker import make_pdf

TESTIMONY = (
    "2012년 11월 초 온성군 보위부원들이 김혜송의 집에 들이닥쳐 어머니를 데려갔다.\n"
    "그 뒤 소식이 끊겼다."
)
PDF_BYTES = make_pdf("2012년 11월 온성군 보위부 보고서")


@pytest.fixture
def editor(db):
    """A documenter who edits in ``desk``; ``desk`` is the case new sources go into."""
    user = factories.make_user("documenter", username="editor")
    user.desk = factories.make_case("회령 면담 (Hoeryong interviews)", editors=[user])
    return user


def form_data(case, **changes) -> dict:
    data = {
        "title": "탈북민 면담 기록 (Interview with a returnee's sister)",
        "kind": factories.term("source_kind", "testimony").pk,
        "reliability": factories.term("source_reliability", "b").pk,
        "credibility": factories.term("information_credibility", "2").pk,
        "language": "ko",
        "published_date": "",
        "collected_date": "early November 2014",
        "consent_store": "on",
        "text": TESTIMONY,
        "cases": [case.pk],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def post_new(client, user, data, file=None):
    client.force_login(user)
    if file is not None:
        data = {**data, "file": file}
    return client.post(reverse("web:source_create"), data, HTTP_ACCEPT_LANGUAGE="en")


def stored_files() -> set[str]:
    return {path.name for path in services.uploads_dir().iterdir()}


@pytest.fixture
def nothing_stored(db):
    """A check that no source, attachment or file on disk was added since the test began."""
    before = stored_files()
    return lambda: (
        not Source.objects.exists() and not Attachment.objects.exists() and stored_files() == before
    )


# --- Adding ------------------------------------------------------------------------------


def test_a_documenter_adds_a_source_with_pasted_text(client, editor):
    response = post_new(
        client, editor, form_data(editor.desk, text=TESTIMONY.replace("\n", "\r\n"))
    )
    source = Source.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("web:source", args=[source.public_id])
    assert source.text == TESTIMONY  # line ends as the page shows them: offsets agree
    assert list(source.cases.all()) == [editor.desk]
    assert source.collected_by == editor and source.grade == "B2"
    assert source.collected_date == "2014-11-01/2014-11-10"
    assert AuditEvent.objects.filter(object_id=str(source.public_id)).exists()
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "김혜송의 집에 들이닥쳐" in page and "The source has been added." in page


def test_the_organization_that_provided_a_source_is_picked_and_shown(client, editor):
    partner = factories.make_organization(
        "ngo-fictional", "가상 인권단체", "Fictional Rights Group", kind="ngo"
    )
    data = form_data(editor.desk, kind=factories.term("source_kind", "partner_list").pk)
    response = post_new(client, editor, {**data, "organization": str(partner.public_id)})
    source = Source.objects.get()
    assert response.status_code == 302 and source.organization == partner
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Provided by" in page and "Fictional Rights Group" in page
    assert reverse("web:organization", args=[partner.public_id]) in page

    # Typed but not picked from the suggestions: said, and nothing saved.
    typed = {**data, "title": "다른 명단", "organization_text": "Fictional Rights"}
    page = post_new(client, editor, typed).content.decode()
    assert "was typed but not picked" in page and Source.objects.count() == 1


def test_a_plain_text_file_becomes_the_text_and_is_kept_encrypted(client, editor):
    upload = SimpleUploadedFile("증언_김혜송.txt", TESTIMONY.encode(), "text/plain")
    post_new(client, editor, form_data(editor.desk, text=""), upload)
    source = Source.objects.get()
    attachment = source.attachments.get()
    assert source.text == TESTIMONY
    assert attachment.filename == "증언_김혜송.txt" and attachment.mime_type == "text/plain"
    on_disk = (services.uploads_dir() / attachment.storage_name).read_bytes()
    assert "김혜송".encode() not in on_disk


def test_a_pdf_is_kept_and_downloads_as_it_came_with_its_custody_extended(client, editor):
    upload = SimpleUploadedFile("report.pdf", PDF_BYTES, "application/octet-stream")
    post_new(client, editor, form_data(editor.desk), upload)
    attachment = Attachment.objects.get()
    assert attachment.mime_type == "application/pdf"
    page = client.get(reverse("web:source", args=[attachment.source.public_id])).content.decode()
    download_url = reverse("web:attachment", args=[attachment.public_id])
    assert download_url in page and "report.pdf" in page

    response = client.get(download_url)
    assert response.status_code == 200 and response.content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert [e.action for e in attachment.custody.order_by("pk")] == [
        CustodyEvent.Action.RECEIVED,
        CustodyEvent.Action.EXTRACTED,
        CustodyEvent.Action.VIEWED,
    ]
    assert AuditEvent.objects.filter(
        action="attachment_downloaded", object_id=str(attachment.public_id), actor=editor
    ).exists()


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        (
            "report.pdf",
            b"<!doctype html><script>alert(1)</script>",
            "its content is HTML, but its name ends in “.pdf”",
        ),
        ("map.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "not accepted"),
        ("notes.txt", b"<svg onload=alert(1)></svg>", "not accepted"),
        ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "not accepted"),
        (
            "photo.txt",
            b"\x89PNG\r\n\x1a\n" + bytes(64),
            "its content is PNG, but its name ends in “.txt”",
        ),
        ("../../etc/passwd.pdf", b"\x00\x01\x02garbage", "not accepted"),
    ],
)
def test_a_hostile_file_is_refused_with_a_clear_error_and_nothing_is_kept(
    client, editor, nothing_stored, name, content, says
):
    response = post_new(client, editor, form_data(editor.desk), SimpleUploadedFile(name, content))
    assert response.status_code == 200
    body = response.content.decode()
    assert "The source was not saved" in body and says in body
    assert "Accepted files: pdf" in body
    assert nothing_stored()


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_kept(
    client, editor, monkeypatch, nothing_stored
):
    monkeypatch.setattr(source_forms, "MAX_ATTACHMENT_BYTES", 1024)
    big = SimpleUploadedFile("long.txt", ("보위부 " * 1000).encode(), "text/plain")
    body = post_new(client, editor, form_data(editor.desk), big).content.decode()
    assert "files may be at most 1.0" in body
    assert nothing_stored()


def test_a_failure_while_storing_the_file_keeps_nothing(client, editor, monkeypatch):
    def disk_full(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(services, "store_attachment", disk_full)
    client.raise_request_exception = False
    upload = SimpleUploadedFile("report.pdf", PDF_BYTES)
    response = post_new(client, editor, form_data(editor.desk), upload)
    assert response.status_code == 500
    assert not Source.objects.exists()


def test_a_file_already_in_a_source_the_documenter_sees_is_refused_and_names_it(client, editor):
    first = post_new(client, editor, form_data(editor.desk), SimpleUploadedFile("a.pdf", PDF_BYTES))
    assert first.status_code == 302
    kept = Source.objects.get()
    files_before = stored_files()

    again = SimpleUploadedFile("same report, renamed.pdf", PDF_BYTES)
    response = post_new(client, editor, form_data(editor.desk, title="Second copy"), again)

    body = response.content.decode()
    assert response.status_code == 409
    assert "This file is already in Kirok: source “탈북민 면담 기록" in body
    assert reverse("web:source", args=[kept.public_id]) in body
    assert Source.objects.get() == kept and Attachment.objects.count() == 1
    assert stored_files() == files_before


def test_a_copy_only_in_cases_the_documenter_cannot_see_is_not_revealed(client, editor):
    hidden = factories.make_source(cases=[factories.make_case("다른 조사 (other inquiry)")])
    services.store_attachment(hidden, "report.pdf", PDF_BYTES, "application/pdf")
    upload = SimpleUploadedFile("report.pdf", PDF_BYTES)
    response = post_new(client, editor, form_data(editor.desk), upload)
    assert response.status_code == 302
    assert Attachment.objects.filter(sha256=hidden.attachments.get().sha256).count() == 2


def test_a_file_cannot_be_added_twice_to_a_source_or_from_another_by_editing(client, editor):
    source = factories.make_source(cases=[editor.desk])
    services.store_attachment(source, "report.pdf", PDF_BYTES, "application/pdf")
    other = factories.make_source(cases=[editor.desk], title="Another source")
    client.force_login(editor)
    for target, says in ((source, "already attached to this source"), (other, "source “")):
        data = {**edit_data(client, target), "title": "Changed", "file": SimpleUploadedFile(
            "again.pdf", PDF_BYTES)}  # fmt: skip
        url = reverse("web:source_edit", args=[target.public_id])
        response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 409 and says in response.content.decode()
        target.refresh_from_db()
        assert target.title != "Changed" and target.version == 1
    assert Attachment.objects.count() == 1


def test_the_source_page_names_the_other_sources_with_the_same_file(client, editor):
    seen, copy = (factories.make_source(cases=[editor.desk]) for _ in range(2))
    unseen = factories.make_source(cases=[factories.make_case("다른 조사 (other inquiry)")])
    for source in (seen, copy, unseen):  # as before Kirok refused a known file
        services.store_attachment(source, "report.pdf", PDF_BYTES, "application/pdf")
    client.force_login(editor)
    url = reverse("web:source", args=[seen.public_id])
    body = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The same file is also attached to:" in body
    assert reverse("web:source", args=[copy.public_id]) in body
    assert reverse("web:source", args=[unseen.public_id]) not in body and unseen.title not in body


def test_a_source_must_go_into_a_case_the_documenter_edits_in(client, editor):
    reading_only = factories.make_case("읽기 전용 (read only)", members=[editor])
    response = post_new(client, editor, form_data(reading_only))
    body = response.content.decode()
    assert response.status_code == 200 and "Select a valid choice" in body
    response = post_new(client, editor, form_data(editor.desk, cases=[]))
    assert "Choose at least one case for this source." in response.content.decode()
    assert not Source.objects.exists()


def test_a_testimony_needs_consent_to_store_it(client, editor):
    body = post_new(client, editor, form_data(editor.desk, consent_store=None)).content.decode()
    assert "A testimony may be kept only with the consent" in body
    assert not Source.objects.exists()


def test_a_date_kirok_cannot_read_says_so(client, editor):
    body = post_new(
        client, editor, form_data(editor.desk, published_date="언젠가")
    ).content.decode()
    assert "This date cannot be read: No date found in “언젠가”" in body


def test_readers_who_edit_nowhere_cannot_add_sources(client, analyst, case):
    client.force_login(analyst)
    assert client.get(reverse("web:source_create")).status_code == 403
    assert client.post(reverse("web:source_create"), form_data(case)).status_code == 403
    assert not Source.objects.exists()


# --- Reading -------------------------------------------------------------------------------


def test_the_list_shows_only_sources_the_reader_may_see(client, analyst, case):
    mine = factories.make_source(title="두만강 면담 (Tumen interview)", cases=[case])
    factories.make_source(title="다른 사례의 비밀 면담", cases=[factories.make_case()])
    client.force_login(analyst)
    response = client.get(reverse("web:sources"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert mine.title in body and "비밀 면담" not in body
    assert "1 source you can see" in body
    assert "Add a source" not in body  # an analyst edits nowhere


def test_the_list_is_paginated(client, analyst, case):
    for number in range(30):
        factories.make_source(
            title=f"면담 {number:02d}", cases=[case], published_date=f"{1990 + number}"
        )
    client.force_login(analyst)
    first = client.get(reverse("web:sources"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    second = client.get(reverse("web:sources") + "?page=2").content.decode()
    assert "면담 29" in first and "면담 00" not in first and "Page 1 of 2" in first
    assert "면담 00" in second


def test_the_source_page_shows_grades_dates_consent_and_text(client, analyst, case):
    source = factories.make_source(cases=[case], collected_date="2013-05", consent_share_un=True)
    client.force_login(analyst)
    body = client.get(reverse("web:source", args=[source.public_id]), HTTP_ACCEPT_LANGUAGE="en")
    body = body.content.decode()
    assert "B2" in body and "Usually reliable" in body
    assert "March 2014" in body and "May 2013" in body
    assert "Sharing with UN mechanisms" in body
    assert "회령시 보위부원들이 집에 와서" in body
    assert "Edit" not in body and "Cite a passage" not in body  # an analyst reads only


def test_someone_outside_the_case_gets_404_for_the_source_and_its_file(client, outsider, case):
    source = factories.make_source(cases=[case])
    attachment = services.store_attachment(source, "a.pdf", PDF_BYTES, "application/pdf")
    client.force_login(outsider)
    assert client.get(reverse("web:source", args=[source.public_id])).status_code == 404
    assert client.get(reverse("web:attachment", args=[attachment.public_id])).status_code == 404
    assert attachment.custody.count() == 1  # received only: nothing was read
    assert AuditEvent.objects.filter(action="access_refused", actor=outsider).count() == 2


# --- Editing ------------------------------------------------------------------------------


def edit_data(client, source) -> dict:
    """What the edit form holds when opened: its fields, and the version it started from."""
    form = client.get(reverse("web:source_edit", args=[source.public_id])).context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name == "file" or value in (None, False):
            continue
        if name == "cases":
            value = [getattr(case, "pk", case) for case in value]
        data[name] = "on" if value is True else value
    return data


def test_an_edit_is_saved_and_keeps_cases_the_editor_cannot_edit(client, editor):
    elsewhere = factories.make_case("다른 조사 (other inquiry)")
    source = factories.make_source(cases=[editor.desk, elsewhere])
    client.force_login(editor)
    data = {**edit_data(client, source), "title": "고친 제목 (corrected title)"}
    response = client.post(reverse("web:source_edit", args=[source.public_id]), data)
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.title == "고친 제목 (corrected title)" and source.version == 2
    assert set(source.cases.all()) == {editor.desk, elsewhere}


def test_a_stale_save_shows_the_other_persons_values_and_overwrites_nothing(client, editor):
    other = factories.make_user("coordinator", username="colleague")
    factories.make_case("동료 (colleague)", editors=[other]).sources.add(
        source := factories.make_source(cases=[editor.desk])
    )
    editor.desk.members.add(other)
    client.force_login(editor)
    mine = {**edit_data(client, source), "title": "내 제목 (my title)"}

    # The colleague opens the same source and saves first.
    colleague = client_class_for(client)
    colleague.force_login(other)
    theirs = {**edit_data(colleague, source), "title": "동료의 제목 (colleague's title)"}
    assert (
        colleague.post(reverse("web:source_edit", args=[source.public_id]), theirs).status_code
        == 302
    )

    response = client.post(
        reverse("web:source_edit", args=[source.public_id]), mine, HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this source while you were editing it" in body
    assert "동료의 제목 (colleague&#x27;s title)" in body and "내 제목 (my title)" in body
    source.refresh_from_db()
    assert source.title == "동료의 제목 (colleague's title)" and source.version == 2

    # Having seen theirs, saving again (the form now carries version 2) keeps mine.
    again = {**mine, "version": response.context["form"]["version"].value()}
    assert (
        client.post(reverse("web:source_edit", args=[source.public_id]), again).status_code == 302
    )
    source.refresh_from_db()
    assert source.title == "내 제목 (my title)" and source.version == 3


def client_class_for(client):
    return type(client)()


def test_a_corrected_text_moves_each_passage_to_where_its_words_now_are(client, editor):
    source = factories.make_source(cases=[editor.desk], text="보위부원들이 어머니를 데려갔다.")
    incident = factories.make_incident(cases=[editor.desk])
    quote = "어머니를 데려갔다"
    start = source.text.index(quote)
    span = factories.make_evidence(
        source, incident=incident, quote=quote, start=start, end=start + len(quote)
    )
    client.force_login(editor)
    data = {
        **edit_data(client, source),
        "text": "2012년 11월, 온성군 보위부원들이 어머니를 데려갔다.",
    }
    client.post(reverse("web:source_edit", args=[source.public_id]), data)
    span.refresh_from_db()
    source.refresh_from_db()
    assert source.text[span.start : span.end] == quote


def test_readers_who_may_not_edit_get_403_and_the_source_is_unchanged(client, analyst, case):
    source = factories.make_source(cases=[case])
    client.force_login(analyst)
    url = reverse("web:source_edit", args=[source.public_id])
    assert client.get(url).status_code == 403
    assert client.post(url, {"title": "바뀐 제목", "version": 1}).status_code == 403
    source.refresh_from_db()
    assert source.version == 1
    assert AuditEvent.objects.filter(action="access_refused", actor=analyst).exists()


def test_markup_in_a_source_is_shown_as_text_never_run(client, editor):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> 보위부'
    source = factories.make_source(title=hostile, text=hostile, cases=[editor.desk])
    incident = factories.make_incident(cases=[editor.desk])
    factories.make_evidence(source, incident=incident, quote=hostile, start=0, end=len(hostile))
    client.force_login(editor)
    for url in (
        reverse("web:source", args=[source.public_id]),
        reverse("web:source_edit", args=[source.public_id]),
        reverse("web:sources"),
        reverse("web:incident", args=[incident.public_id]),
    ):
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url


def test_the_file_help_is_in_the_readers_language(client, editor):
    client.force_login(editor)
    page = client.get(reverse("web:source_create"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "선택 사항. 문서, 이미지 또는 녹음 파일, 최대" in page
    assert "Optional. A document" not in page
