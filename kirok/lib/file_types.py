"""Which uploaded files Kirok keeps, judged by their bytes, never by the name or the browser.

A file is accepted when its first bytes are those of a known format *and* its name ends the
way that format's files do: an HTML page renamed ``report.pdf``, an SVG image (which can
carry script) or a program is refused. Files are stored, never opened or run by the server,
and served back as downloads only; checking the bytes keeps what is stored what it claims.

>>> identify(b"%PDF-1.7 ...", "report.pdf").mime_type
'application/pdf'
>>> identify("증언".encode(), "증언.txt").mime_type
'text/plain'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

MAX_FILENAME_LENGTH = 200
# Control characters other than tab and line feed (C0, DEL, C1): never in a real text file.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class RefusedFile(ValueError):
    """The file is not one Kirok keeps. ``code`` says why (``empty``, ``unknown_type``,
    ``wrong_extension``), for a page to translate; the message says it in English."""

    def __init__(self, code: str, message: str, **params: str):
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class FileType:
    mime_type: str
    extensions: tuple[str, ...]
    label: str


PDF = FileType("application/pdf", ("pdf",), "PDF")
PNG = FileType("image/png", ("png",), "PNG")
JPEG = FileType("image/jpeg", ("jpg", "jpeg"), "JPEG")
WEBP = FileType("image/webp", ("webp",), "WebP")
TEXT = FileType("text/plain", ("txt", "text"), "text")
MARKDOWN = FileType("text/markdown", ("md", "markdown"), "Markdown")
# An HTML page is kept as evidence and read for its visible text; it is served back only as a
# download in a sandbox (kirok.web.sources.attachment_download), never shown as a page.
HTML = FileType("text/html", ("html", "htm"), "HTML")
EML = FileType("message/rfc822", ("eml",), "e-mail")
DOCX = FileType(
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
    "Word",
)
ODT = FileType("application/vnd.oasis.opendocument.text", ("odt",), "OpenDocument")
MP3 = FileType("audio/mpeg", ("mp3",), "MP3")
WAV = FileType("audio/wav", ("wav",), "WAV")
ACCEPTED = (PDF, PNG, JPEG, WEBP, TEXT, MARKDOWN, HTML, EML, DOCX, ODT, MP3, WAV)
# Formats whose bytes are plain text: the name says which one is meant.
_TEXT_VARIANTS = (MARKDOWN, EML)


def accepted_extensions() -> list[str]:
    """Every accepted extension, for the form's ``accept`` attribute and its help text."""
    return [extension for kind in ACCEPTED for extension in kind.extensions]


def identify(data: bytes, filename: str) -> FileType:
    """The type of an uploaded file; RefusedFile if it is empty, unknown or misnamed."""
    if not data:
        raise RefusedFile("empty", "The file is empty.")
    found = _by_content(data)
    if found is None:
        raise RefusedFile("unknown_type", "This kind of file is not accepted.")
    extension = PurePosixPath(filename.lower()).suffix.lstrip(".")
    if found is TEXT:
        found = _text_variant(data, extension)
    if extension not in found.extensions:
        raise RefusedFile(
            "wrong_extension",
            f"The file's content is {found.label}, but its name ends in “.{extension}”.",
            content=found.label,
            extension=extension,
        )
    return found


def safe_filename(filename: str) -> str:
    """The name without folders or control characters, shortened; never empty.

    >>> safe_filename("C:\\\\Users\\\\kim\\\\..\\\\증언\\x00.txt")
    '증언.txt'
    """
    base = PureWindowsPath(PurePosixPath(filename or "").name).name
    cleaned = re.sub(r"[\x00-\x1f\x7f-\x9f]", "", base).strip(" .")
    if not cleaned:
        return "file"
    if len(cleaned) > MAX_FILENAME_LENGTH:
        stem, dot, extension = cleaned.rpartition(".")
        keep = MAX_FILENAME_LENGTH - len(extension) - 1
        cleaned = (
            f"{stem[:keep]}.{extension}" if dot and keep > 0 else cleaned[:MAX_FILENAME_LENGTH]
        )
    return cleaned


# Older Korean news sites and Windows tools still write EUC-KR (or its superset CP949).
_KOREAN_LEGACY_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*(?:euc-kr|ks_c_5601-1987|cp949|x-windows-949)""",
    re.IGNORECASE,
)
_HANGUL_SYLLABLE = re.compile("[\uac00-\ud7a3]")


def decode_text(data: bytes) -> str:
    """The text of a plain-text file, line ends made ``\\n``: UTF-8 (with or without BOM), or
    EUC-KR/CP949 when a page declares it or when the bytes read as Korean text in it
    (mostly Hangul syllables); UnicodeDecodeError otherwise."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = _legacy_korean(data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _legacy_korean(data: bytes) -> str:
    text = data.decode("cp949")  # raises UnicodeDecodeError for what is not CP949 either
    if _KOREAN_LEGACY_CHARSET.search(data[:4000]):
        return text
    wide = [char for char in text if ord(char) > 0x7F]
    # Random bytes decode as CP949 now and then, but as scattered Hanja and symbols.
    if wide and sum(bool(_HANGUL_SYLLABLE.match(c)) for c in wide) / len(wide) >= 0.9:
        return text
    raise UnicodeDecodeError("cp949", data, 0, len(data), "not Korean text in EUC-KR or UTF-8")


def _by_content(data: bytes) -> FileType | None:
    head = data[:16]
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2"):
        return MP3
    if head.startswith(b"PK\x03\x04"):
        return _office_document(data)
    if _is_html(data):
        return HTML
    return TEXT if _is_plain_text(data) else None


def _text_variant(data: bytes, extension: str) -> FileType:
    """Markdown or e-mail for a text file so named (an e-mail must begin with headers)."""
    for variant in _TEXT_VARIANTS:
        if extension in variant.extensions:
            return variant if variant is not EML or _looks_like_email(data) else TEXT
    return TEXT


def _looks_like_email(data: bytes) -> bool:
    first_line = data[:1000].lstrip().split(b"\n", 1)[0]
    return re.match(rb"^[A-Za-z][A-Za-z0-9-]*:[ \t]", first_line) is not None


def _office_document(data: bytes) -> FileType | None:
    # Both formats are ZIP archives; their first entries name what they are.
    opening = data[:2048]
    if b"mimetypeapplication/vnd.oasis.opendocument.text" in opening:
        return ODT
    if b"[Content_Types].xml" in opening or b"word/" in opening:
        return DOCX
    return None


def _is_html(data: bytes) -> bool:
    """A UTF-8 page that opens as HTML does (a doctype, ``<html>`` or a leading comment)."""
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        return False
    opening = re.sub(r"^(\s*<!--.*?-->)*", "", text[:4000], flags=re.DOTALL).lstrip()
    return opening[:100].lower().startswith(("<!doctype html", "<html"))


def _is_plain_text(data: bytes) -> bool:
    """UTF-8 text with no control characters but tabs and line ends, and no markup that a
    browser would run (a page or an SVG saved as .txt is still refused)."""
    try:
        text = decode_text(data)
    except UnicodeDecodeError:
        return False
    if _CONTROL.search(text):
        return False
    opening = text.lstrip()[:100].lower()
    return not opening.startswith(("<!doctype", "<html", "<svg", "<?xml", "<script"))
