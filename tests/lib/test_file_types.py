"""Which uploaded files are kept: judged by their bytes and their name together."""

import pytest

from kirok.lib import file_types


@pytest.mark.parametrize(
    ("data", "name", "mime_type"),
    [
        (b"%PDF-1.4\n...", "report.PDF", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n" + bytes(8), "map.png", "image/png"),
        (b"\xff\xd8\xff\xe0" + bytes(8), "photo.jpeg", "image/jpeg"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "interview.wav", "audio/wav"),
        (b"ID3\x03\x00", "interview.mp3", "audio/mpeg"),
        (
            b"PK\x03\x04" + b"\x00" * 26 + b"[Content_Types].xml",
            "statement.docx",
            file_types.DOCX.mime_type,
        ),
        ("보위부원들이 왔다.\r\n\t끝".encode(), "증언.txt", "text/plain"),
        ("\ufeff증언".encode(), "증언.txt", "text/plain"),
        ("# 보고서\n\n본문".encode(), "report.md", "text/markdown"),
        ("<!-- saved -->\n<!DOCTYPE html><p>기사</p>".encode(), "article.html", "text/html"),
        ("<html><body>기사</body></html>".encode(), "article.htm", "text/html"),
        (
            "From: 김 <kim@example.org>\r\nSubject: 연행\r\n\r\n본문".encode(),
            "m.eml",
            "message/rfc822",
        ),
    ],
)
def test_known_files_are_recognised_by_their_bytes(data, name, mime_type):
    assert file_types.identify(data, name).mime_type == mime_type


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "empty.txt", "empty"),
        (b"<!DOCTYPE html><script>alert(1)</script>", "page.txt", "wrong_extension"),
        (b"<html><body>x</body></html>", "page.pdf", "wrong_extension"),
        (b"Just words, not headers", "message.eml", "wrong_extension"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image.txt", "unknown_type"),
        (b"MZ\x90\x00" + bytes(64), "setup.exe", "unknown_type"),
        (b"\x7fELF" + bytes(64), "tool.txt", "unknown_type"),
        (b"PK\x03\x04" + bytes(64), "archive.zip", "unknown_type"),
        (b"\xc3\x28 invalid utf-8", "notes.txt", "unknown_type"),
        (b"%PDF-1.4", "report.txt", "wrong_extension"),
        (b"plain words", "report.pdf", "wrong_extension"),
    ],
)
def test_other_files_are_refused_with_a_reason(data, name, code):
    with pytest.raises(file_types.RefusedFile) as refusal:
        file_types.identify(data, name)
    assert refusal.value.code == code


def test_a_file_name_loses_its_folders_and_control_characters():
    assert file_types.safe_filename("../../etc/passwd") == "passwd"
    assert file_types.safe_filename("C:\\Users\\kim\\증언\x00\n.txt") == "증언.txt"
    assert file_types.safe_filename("...") == "file"
    long_name = file_types.safe_filename("가" * 500 + ".pdf")
    assert len(long_name) == file_types.MAX_FILENAME_LENGTH and long_name.endswith(".pdf")


def test_a_text_file_has_unix_line_ends_and_no_byte_order_mark():
    assert file_types.decode_text("\ufeff첫줄\r\n둘째\r셋째".encode()) == "첫줄\n둘째\n셋째"


KOREAN = "2012년 11월 초 온성군 보위부원들이 김혜송의 어머니를 데려갔다."


def test_korean_text_in_euc_kr_is_read():
    data = f"{KOREAN}\r\n".encode("euc-kr")
    assert file_types.identify(data, "증언.txt") is file_types.TEXT
    assert file_types.decode_text(data) == f"{KOREAN}\n"


def test_a_page_that_declares_euc_kr_is_read_as_such():
    page = (
        '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" '
        'content="text/html; charset=EUC-KR"><title>기사</title></head>'
        f"<body><p>{KOREAN}</p><p>漢字 ™</p></body></html>"
    ).encode("cp949")
    assert file_types.identify(page, "기사.html") is file_types.HTML
    assert KOREAN in file_types.decode_text(page)


@pytest.mark.parametrize(
    "data",
    ["café au lait".encode("latin-1"), bytes(range(0x80, 0x100)) * 4, "漢字 ™ ½".encode("cp949")],
)
def test_bytes_that_are_neither_utf8_nor_korean_text_stay_refused(data):
    with pytest.raises(file_types.RefusedFile):
        file_types.identify(data, "notes.txt")
