"""The working text of each format, Korean intact, and hostile files refused before parsing."""

import io
import zipfile
from email.message import EmailMessage

import docx
import pytest

from kirok.lib import text_extraction
from kirok.lib.file_types import RefusedFile
from kirok.lib.text_extraction import Limits, extract
from tests.pdf_maker import make_pdf

KOREAN = "2012년 11월 초 온성군 보위부원들이 김혜송의 어머니를 데려갔다."


def make_docx(*paragraphs: str, table: list[list[str]] | None = None) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_eml(body: str, *, html: str | None = None, attachment: str | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "북한인권 기록소 <desk@example.org>"
    message["To"] = "researcher@example.org"
    message["Subject"] = "온성 연행 제보"
    message["Date"] = "Tue, 02 Apr 2013 09:15:00 +0900"
    message.set_content(body)
    if html is not None:
        message.add_alternative(html, subtype="html")
    if attachment:
        message.add_attachment(
            b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", filename=attachment
        )
    return bytes(message)


def zip_bomb_docx(zeros: int) -> bytes:
    """A file that looks like a Word document and unpacks ``zeros`` bytes of nothing."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(zeros // len(chunk)):
                member.write(chunk)
    return out.getvalue()


# --- Every format --------------------------------------------------------------------------


def test_plain_text_and_markdown_keep_their_words_and_layout():
    assert extract(f"{KOREAN}\r\n\n\n끝".encode(), "증언.txt").text == f"{KOREAN}\n\n\n끝"
    found = extract(f"# 온성 보고\n\n{KOREAN}".encode(), "보고.md")
    assert found.kind == "md" and KOREAN in found.text
    assert found.metadata["title"] == "온성 보고"


def test_html_gives_only_the_visible_text_and_the_publication_date():
    page = f"""<!DOCTYPE html><html><head><title>보위부 연행 기사</title>
      <meta property="article:published_time" content="2013-04-02T09:00:00+09:00">
      <style>body {{ color: red }}</style><script>steal("비밀 스크립트")</script></head>
      <body><nav>메뉴</nav><h1>온성 연행</h1><p>{KOREAN}</p>
      <noscript>자바스크립트를 켜세요</noscript><p>Tom &amp; Jerry</p>
      <script type="module">document.write("더 숨은 글")</script></body></html>"""
    found = extract(page.encode(), "article.html")
    assert KOREAN in found.text and "Tom & Jerry" in found.text and "온성 연행" in found.text
    for hidden in ("steal", "비밀 스크립트", "color: red", "자바스크립트를", "더 숨은 글"):
        assert hidden not in found.text
    assert found.metadata == {"published": "2013-04-02", "title": "보위부 연행 기사"}


def test_html_date_meta_by_name():
    page = '<html><head><meta name="date" content="2019-07-01"></head><body>본문</body></html>'
    assert extract(page.encode(), "a.htm").metadata["published"] == "2019-07-01"


def test_a_pdf_gives_the_text_of_every_page():
    found = extract(make_pdf(KOREAN, "Two pages, in English.", title="보고서"), "보고서.pdf")
    assert found.kind == "pdf" and found.pages == 2
    assert found.text == f"{KOREAN}\n\nTwo pages, in English."
    assert found.metadata["title"] == "보고서" and found.has_text_layer


def test_a_pdf_without_a_text_layer_gives_no_text_and_a_warning_not_an_error():
    found = extract(make_pdf("", ""), "scan.pdf")
    assert found.text == "" and found.pages == 2 and not found.has_text_layer
    assert [notice.code for notice in found.warnings] == ["no_text_layer"]


def test_a_word_document_gives_its_paragraphs_and_tables():
    data = make_docx("온성 보고", KOREAN, table=[["이름", "날짜"], ["김혜송", "2012-11"]])
    found = extract(data, "보고.docx")
    assert found.kind == "docx"
    assert found.text == f"온성 보고\n\n{KOREAN}\n\n이름\t날짜\n김혜송\t2012-11"


def test_an_email_gives_its_headers_body_date_and_lists_its_attachments():
    found = extract(make_eml(KOREAN, attachment="현장사진.png"), "제보.eml")
    assert found.kind == "eml"
    assert found.text.startswith(
        "From: 북한인권 기록소 <desk@example.org>\nTo: researcher@example.org\n"
        "Date: Tue, 02 Apr 2013 09:15:00 +0900\nSubject: 온성 연행 제보\n\n"
    )
    assert KOREAN in found.text and "PNG" not in found.text
    assert found.metadata["published"] == "2013-04-02"
    assert found.metadata["title"] == "온성 연행 제보"
    assert [notice.code for notice in found.warnings] == ["attachments_ignored"]
    assert "현장사진.png" in found.warnings[0].message


def test_an_html_only_email_gives_the_visible_text_of_its_html():
    message = EmailMessage()
    message["From"], message["Subject"] = "a@example.org", "기사"
    message.set_content(f"<p>{KOREAN}</p><script>evil()</script>", subtype="html")
    found = extract(bytes(message), "기사.eml")
    assert KOREAN in found.text and "evil" not in found.text


def test_an_opendocument_gives_its_headings_and_paragraphs():
    content = (
        '<?xml version="1.0"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        f"<office:text><text:h>온성 보고</text:h><text:p>{KOREAN}</text:p></office:text>"
        "</office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    found = extract(out.getvalue(), "보고.odt")
    assert found.kind == "odt" and found.text == f"온성 보고\n\n{KOREAN}"


def test_an_image_has_no_text():
    found = extract(b"\x89PNG\r\n\x1a\n" + bytes(16), "map.png")
    assert found.text == "" and [n.code for n in found.warnings] == ["no_text"]


# --- Hostile files -------------------------------------------------------------------------


def refusal(data: bytes, name: str, **limits) -> RefusedFile:
    with pytest.raises(RefusedFile) as refused:
        extract(data, name, Limits(**limits))
    return refused.value


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    refused = refusal(b"%PDF-" + bytes(2000), "big.pdf", max_bytes=1000)
    assert refused.code == "too_large" and "at most 1,000" in str(refused)


def test_a_zip_bomb_disguised_as_a_word_document_is_refused():
    refused = refusal(zip_bomb_docx(20 * 1024 * 1024), "statement.docx")
    assert refused.code == "zip_bomb" and "compressed" in str(refused)


def test_a_word_document_that_unpacks_beyond_the_limit_is_refused():
    data = make_docx(KOREAN * 200)
    refused = refusal(data, "statement.docx", max_unzipped_bytes=10_000)
    assert refused.code == "zip_bomb" and "unpack" in str(refused)


def test_a_word_document_with_too_many_parts_is_refused():
    refused = refusal(make_docx(KOREAN), "statement.docx", max_zip_members=3)
    assert refused.code == "too_many_members"


def test_a_pdf_with_too_many_pages_is_refused():
    refused = refusal(make_pdf("하나", "둘", "셋"), "long.pdf", max_pages=2)
    assert refused.code == "too_many_pages" and "3 pages" in str(refused)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
        b"%PDF-1.4\n" + bytes(range(256)) * 4,
        make_pdf(KOREAN)[:300],
    ],
)
def test_a_malformed_pdf_is_refused_with_a_clear_message(data):
    refused = refusal(data, "broken.pdf")
    assert refused.code == "malformed"
    assert str(refused).startswith("The PDF file is damaged and cannot be read")


def test_a_damaged_word_document_is_refused():
    data = b"PK\x03\x04" + b"\x00" * 26 + b"[Content_Types].xml" + bytes(64)
    assert refusal(data, "broken.docx").code == "malformed"


def test_a_pdf_named_docx_is_refused_by_its_content():
    refused = refusal(make_pdf(KOREAN), "statement.docx")
    assert refused.code == "wrong_extension" and "PDF" in str(refused)


def test_visible_text_is_usable_on_its_own():
    text, metadata = text_extraction.visible_text("<p>하나<br>둘</p><style>x</style>")
    assert text == "하나\n둘" and metadata == {}
