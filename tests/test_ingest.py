"""Documents brought into Kirok (service, web upload, `kirok ingest`): originals kept sealed
with their hash, text extracted, custody recorded; duplicates and hostile files change
nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kirok.sources import ingest, services
from kirok.sources.models import Attachment, CustodyEvent, Source
from tests import factories, installations
from tests.installations import kirok
from tests.lib.test_text_extraction import KOREAN, make_docx, make_eml, zip_bomb_docx
from tests.pdf_maker import make_pdf

pytestmark = pytest.mark.django_db

HTML = f"""<!DOCTYPE html><html><head><title>온성 보위부 연행</title>
<meta name="date" content="2013-04-02"><script>alert("스크립트 글")</script></head>
<body><p>{KOREAN}</p></body></html>"""

DOCUMENTS = {
    "증언.txt": KOREAN.encode(),
    "보고.md": f"# 보고\n\n{KOREAN}".encode(),
    "기사.html": HTML.encode(),
    "보고서.pdf": make_pdf(KOREAN),
    "면담.docx": make_docx(KOREAN),
    "제보.eml": make_eml(KOREAN),
}


@pytest.fixture
def editor(db):
    """A documenter who edits in ``desk``."""
    user = factories.make_user("documenter", username="editor")
    user.desk = factories.make_case("회령 면담 (Hoeryong interviews)", editors=[user])
    return user


def stored_files() -> set[str]:
    return {path.name for path in services.uploads_dir().iterdir()}


def snapshot() -> tuple[int, int, int, set[str]]:
    return (
        Source.objects.count(),
        Attachment.objects.count(),
        CustodyEvent.objects.count(),
        stored_files(),
    )


# --- The service -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_format_becomes_a_source_with_its_korean_text_and_custody(editor, name):
    outcome = ingest.ingest(DOCUMENTS[name], name, user=editor, cases=[editor.desk])
    assert outcome.status == "ingested"
    source, attachment = outcome.source, outcome.attachment
    source.refresh_from_db()
    assert KOREAN in source.text and source.language == "ko"
    assert list(source.cases.all()) == [editor.desk] and source.collected_by == editor
    assert attachment.filename == name and attachment.extracted_text == source.text
    assert services.read_attachment(attachment) == DOCUMENTS[name]
    actions = [event.action for event in attachment.custody.order_by("pk")]
    assert actions[:2] == [CustodyEvent.Action.RECEIVED, CustodyEvent.Action.EXTRACTED]
    assert services.custody_intact(attachment)


def test_what_the_document_says_of_itself_fills_the_source():
    user = factories.make_user("coordinator")
    case = factories.make_case(members=[user])
    html = ingest.ingest(HTML.encode(), "기사.html", user=user, cases=[case]).source
    assert html.title == "온성 보위부 연행" and html.kind.code == "news_article"
    assert html.published_date == "2013-04-02" and "스크립트 글" not in html.text
    mail = ingest.ingest(make_eml(KOREAN), "제보.eml", user=user, cases=[case]).source
    assert mail.title == "온성 연행 제보" and mail.kind.code == "other"
    assert mail.published_date == "2013-04-02" and "desk@example.org" in mail.author
    text = ingest.ingest(b"State Security arrested them.", "note.txt", user=user, cases=[case])
    assert text.source.title == "note" and text.source.language == "en"


def test_the_records_a_text_describes_are_proposed_for_review(editor):
    outcome = ingest.ingest(KOREAN.encode(), "증언.txt", user=editor, cases=[editor.desk])
    assert outcome.proposed == 1
    proposal = outcome.source.proposals.get()
    assert proposal.status == "pending" and proposal.proposed_by == editor
    quiet = ingest.ingest(
        f"{KOREAN}\n".encode(), "증언2.txt", user=editor, cases=[editor.desk], propose=False
    )
    assert quiet.proposed == 0 and not quiet.source.proposals.exists()


def test_the_same_bytes_again_create_nothing_and_name_the_existing_source(editor):
    first = ingest.ingest(DOCUMENTS["보고서.pdf"], "보고서.pdf", user=editor, cases=[editor.desk])
    before = snapshot()
    again = ingest.ingest(DOCUMENTS["보고서.pdf"], "copy.pdf", user=editor, cases=[editor.desk])
    assert again.status == "duplicate" and again.source == first.source
    assert snapshot() == before


def test_a_copy_the_user_cannot_see_is_not_revealed(editor):
    """Another case already holds the file: the answer must be the same as for a new file,
    or ingestion would tell an infiltrator what Kirok holds."""
    other = factories.make_user("coordinator")
    secret_case = factories.make_case("비공개 (Closed case)", members=[other])
    hidden = ingest.ingest(DOCUMENTS["면담.docx"], "a.docx", user=other, cases=[secret_case])
    mine = ingest.ingest(DOCUMENTS["면담.docx"], "a.docx", user=editor, cases=[editor.desk])
    assert mine.status == "ingested" and mine.source != hidden.source
    assert list(mine.source.cases.all()) == [editor.desk]


def test_ingesting_into_a_case_the_user_does_not_edit_is_refused(editor):
    reader = factories.make_user("analyst")
    factories.make_case(members=[reader])
    before = snapshot()
    with pytest.raises(PermissionDenied):
        ingest.ingest(KOREAN.encode(), "a.txt", user=reader, cases=[editor.desk])
    assert snapshot() == before


@pytest.mark.parametrize(
    ("name", "data", "code", "says"),
    [
        ("statement.docx", zip_bomb_docx(20 * 1024 * 1024), "zip_bomb", "exhaust the server"),
        ("report.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4, "malformed", "damaged"),
        ("statement.docx", make_pdf(KOREAN), "wrong_extension", "content is PDF"),
        ("big.txt", KOREAN.encode() * 100, "too_large", "at most 2,000"),
        ("empty.txt", b"", "empty", "empty"),
    ],
)
def test_a_hostile_file_is_refused_with_a_reason_and_changes_nothing(
    editor, settings, name, data, code, says
):
    settings.INGEST_MAX_BYTES = 2000 if code == "too_large" else 1_000_000
    before = snapshot()
    outcome = ingest.ingest(data, name, user=editor, cases=[editor.desk])
    assert outcome.status == "refused" and outcome.refusal.code == code
    assert says in outcome.reason
    assert snapshot() == before


def test_a_file_over_the_limit_on_disk_is_refused_without_reading_it(editor, settings, tmp_path):
    settings.INGEST_MAX_BYTES = 1000
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:  # sparse: large to stat, nothing written
        handle.truncate(2 * 1024**3)
    outcome = ingest.ingest(path, user=editor, cases=[editor.desk])
    assert outcome.refusal.code == "too_large" and "2,147,483,648 bytes" in outcome.reason


def test_a_failure_while_storing_leaves_no_row_and_no_file(editor, monkeypatch):
    before = snapshot()

    def disk_full(*args, **kwargs):
        raise OSError("No space left on device")

    monkeypatch.setattr(services, "record_custody", disk_full)
    with pytest.raises(OSError):
        ingest.ingest(DOCUMENTS["증언.txt"], "증언.txt", user=editor, cases=[editor.desk])
    assert snapshot() == before


# --- The web upload --------------------------------------------------------------------------


def post_new(client, user, name: str, data: bytes, **fields):
    client.force_login(user)
    form = {
        "title": "올린 문서 (Uploaded document)",
        "kind": factories.term("source_kind", "ngo_report").pk,
        "text": "",
        "cases": [user.desk.pk],
        "file": SimpleUploadedFile(name, data, "application/octet-stream"),
        **fields,
    }
    return client.post(reverse("web:source_create"), form, HTTP_ACCEPT_LANGUAGE="en")


def test_an_uploaded_document_gives_the_source_its_text_and_the_page_shows_custody(client, editor):
    response = post_new(client, editor, "면담.docx", DOCUMENTS["면담.docx"])
    source = Source.objects.get()
    assert response.status_code == 302 and source.text == KOREAN
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Chain of custody" in page and "intact" in page
    assert "Received" in page and "Text extracted" in page and "docx, " in page
    assert "Kirok proposes 1 record from the text" in page
    assert "1 proposal awaiting review" in page and source.proposals.count() == 1


def test_pasted_text_wins_over_the_file_whose_text_is_still_kept(client, editor):
    post_new(client, editor, "보고서.pdf", DOCUMENTS["보고서.pdf"], text="붙여넣은 글")
    source = Source.objects.get()
    assert source.text == "붙여넣은 글"
    assert source.attachments.get().extracted_text == KOREAN


def test_a_scanned_pdf_is_kept_and_the_page_says_its_text_must_be_typed(client, editor):
    response = post_new(client, editor, "scan.pdf", make_pdf(""))
    assert response.status_code == 302
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The PDF has no text layer" in page
    assert Source.objects.get().text == ""


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("statement.docx", zip_bomb_docx(20 * 1024 * 1024), "as files built to exhaust a server"),
        ("report.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 4, "the PDF file is damaged"),
    ],
)
def test_a_hostile_upload_is_refused_and_nothing_is_kept(client, editor, name, data, says):
    before = snapshot()
    response = post_new(client, editor, name, data)
    assert response.status_code == 200
    assert says in response.content.decode()
    assert snapshot() == before


def test_an_html_file_is_only_ever_served_as_a_sandboxed_download(client, editor):
    post_new(client, editor, "기사.html", DOCUMENTS["기사.html"])
    attachment = Attachment.objects.get()
    response = client.get(reverse("web:attachment", args=[attachment.public_id]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]
    assert response.content == DOCUMENTS["기사.html"]


# --- The command -------------------------------------------------------------------------------


SETUP = """
from kirok.accounts.models import Case, CaseMembership, User
user = User.objects.create(username="kim", role="coordinator")
case = Case.objects.create(name="온성 (Onsong)")
CaseMembership.objects.create(case=case, user=user)
Case.objects.create(name="other")
"""


@pytest.fixture(scope="module")
def installation_template(tmp_path_factory) -> Iterator[dict[str, str]]:
    commands = [["init"], ["manage", "shell", "-c", SETUP]]
    root = tmp_path_factory.mktemp("ingest")
    limits = {"KIROK_INGEST_MAX_BYTES": "100000", "PYTHONUNBUFFERED": "1"}
    with installations.built(root, commands, **limits) as env:
        yield env


@pytest.fixture
def installation(tmp_path: Path, installation_template: dict[str, str]) -> Iterator[dict[str, str]]:
    with installations.copied(installation_template, tmp_path) as env:
        yield env


def test_the_command_ingests_a_folder_of_mixed_files(installation, tmp_path):
    folder = tmp_path / "inbox"
    (folder / "more").mkdir(parents=True)
    for name, data in DOCUMENTS.items():
        (folder / name).write_bytes(data)
    (folder / "more" / "copy.pdf").write_bytes(DOCUMENTS["보고서.pdf"])
    (folder / "more" / "bomb.docx").write_bytes(zip_bomb_docx(20 * 1024 * 1024))
    (folder / "more" / "huge.txt").write_bytes(b"x" * 150_000)
    (folder / "fake.docx").write_bytes(DOCUMENTS["보고서.pdf"])
    (folder / ".hidden.txt").write_text("skipped")

    done = kirok(installation, "ingest", str(folder), "--case", "온성 (Onsong)", "--user", "kim")
    assert done.returncode == 1, done.stderr
    lines = done.stdout.splitlines()
    assert sum(line.startswith("ingested") for line in lines) == 6
    # more/copy.pdf sorts before 보고서.pdf: the second of the two is the duplicate.
    assert any(line.startswith("duplicate") and "보고서.pdf" in line for line in lines)
    refused = [line for line in lines if line.startswith("refused")]
    assert len(refused) == 3
    assert any("fake.docx" in line and "content is PDF" in line for line in refused)
    assert any("bomb.docx" in line and "exhaust the server" in line for line in refused)
    assert any("huge.txt" in line and "at most 100,000" in line for line in refused)
    assert lines[-1] == "6 ingested, 1 duplicate, 3 refused."
    # Each of the six texts tells of one arrest, proposed for review.
    assert sum(line.strip() == "1 record proposed for review" for line in lines) == 6
    assert "[##############################] 10/10" in done.stderr

    again = kirok(installation, "ingest", str(folder / "증언.txt"), "--user", "kim", "--json")
    assert again.returncode == 0, again.stderr
    result = json.loads(again.stdout)
    assert result["summary"] == {"ingested": 0, "duplicate": 1, "refused": 0}
    assert result["files"][0]["status"] == "duplicate"


def test_the_command_refuses_a_case_the_account_cannot_add_to(installation, tmp_path):
    (tmp_path / "a.txt").write_text(KOREAN)
    done = kirok(installation, "ingest", str(tmp_path / "a.txt"), "--case", "other")
    assert done.returncode == 2
    assert "kim may not add records to a case 'other'" in done.stderr


def test_a_chinese_notice_is_taken_as_chinese_and_its_records_are_proposed(editor):
    """A Chinese notice that repeats a line in English is Chinese, not English: read as
    English, nothing in it would be proposed."""
    import datetime as dt
    import random

    from kirok.lib.synthetic import chinese_notices

    notice = chinese_notices.write(
        random.Random(2), "朴春英", True, 1976, dt.date(2009, 11, 5), "汪清县"
    )
    outcome = ingest.ingest(notice.text.encode(), "通知书.txt", user=editor, cases=[editor.desk])
    assert outcome.source.language == "zh"
    assert outcome.proposed == 1
    assert "朴春英" in outcome.source.proposals.get().proposed


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("2019年3月、北朝鮮の女性が図們で拘束された。", "ja"),
        ("어머니 金順愛(김순애)는 2019년 보위부에 체포되었다.", "ko"),
        ("Chinese police detained Kim Hye-song (金惠松) in 2015.", "en"),
        ("2019-03-12", ""),
    ],
)
def test_the_language_of_a_document_is_told_by_its_letters(text, language):
    assert ingest.guess_language(text) == language
