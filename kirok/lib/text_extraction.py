"""The working text of a document: what a reader would see, taken from the file's bytes.

Formats: plain text and Markdown (as they are), HTML (visible text only: never script or
style), PDF (its text layer, with pypdf), Word .docx (paragraphs and tables, with
python-docx), OpenDocument .odt (paragraphs and headings) and e-mail .eml (a header block
and the message body; attachments are listed, not opened). Images and recordings have no
text; they give an empty text and a warning.

Files come from people Kirok does not trust, so every limit is checked *before* the parser
runs: the size of the file, the unpacked size, compression ratio and number of members of a
.docx/.odt archive (a "zip bomb" unpacks to gigabytes), the number of pages of a PDF, and
the time spent reading pages. A file that breaks a limit, or that its parser cannot read,
raises :class:`kirok.lib.file_types.RefusedFile` with a ``code`` a page can translate.
No Django here.

>>> found = extract("<html><body><p>온성 보위부</p><script>x()</script></body></html>".encode(),
...                 "page.html")
>>> found.text, found.kind
('온성 보위부', 'html')
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
import time
import zipfile
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser
from pathlib import Path

from kirok.lib import file_types
from kirok.lib.file_types import RefusedFile

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """How much a single file may cost to read; the defaults suit reports and testimony."""

    max_bytes: int = 25 * MB
    max_pages: int = 2000
    max_zip_members: int = 1000
    max_unzipped_bytes: int = 200 * MB
    max_zip_ratio: int = 100
    max_seconds: float = 60.0


@dataclass(frozen=True)
class Notice:
    """Something the reader should know about the extracted text (not an error).

    ``code``: ``no_text_layer`` (a scanned PDF), ``no_text`` (an image or recording, or an
    empty document), ``attachments_ignored`` (an e-mail's attached files, ``names``)."""

    code: str
    message: str
    params: dict[str, str] = field(default_factory=dict)


@dataclass
class ExtractedText:
    """The working text of a file, what kind of file it was, and what was learnt on the way.

    ``metadata`` may hold ``title``, ``author`` and ``published`` (an ISO date, from an
    e-mail's Date header or an HTML page's date meta tag)."""

    text: str
    kind: str
    pages: int | None = None
    warnings: list[Notice] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)

    @property
    def has_text_layer(self) -> bool:
        return not any(notice.code == "no_text_layer" for notice in self.warnings)


def read_file(file: Path | bytes, limits: Limits) -> bytes:
    """The file's bytes; a file over the size limit is refused before it is read."""
    if isinstance(file, bytes):
        return file
    _check_size(file.stat().st_size, limits)
    return file.read_bytes()


def _check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise RefusedFile(
            "too_large",
            f"The file is {size:,} bytes; at most {limits.max_bytes:,} are accepted.",
            size=str(size),
            limit=str(limits.max_bytes),
        )


def extract(data: bytes, filename: str, limits: Limits | None = None) -> ExtractedText:
    """The working text of ``data`` (a file called ``filename``).

    Raises RefusedFile when the file is too large, not what its name says
    (file_types.identify), hostile (zip bomb, too many pages) or unreadable."""
    limits = limits or Limits()
    _check_size(len(data), limits)
    kind = file_types.identify(data, filename)
    reader = _READERS.get(kind.mime_type)
    if reader is None:
        return ExtractedText(
            "", _kind_name(kind), warnings=[Notice("no_text", "This kind of file has no text.")]
        )
    found = reader(data, limits)
    if found.kind not in ("txt", "md"):  # a text file's own layout is its working text
        found.text = _tidy(found.text)
    if not found.text and not found.warnings:
        found.warnings.append(Notice("no_text", "The file contains no text."))
    return found


def _kind_name(kind: file_types.FileType) -> str:
    return kind.extensions[0]


def _tidy(text: str) -> str:
    """Line ends as ``\\n``, no trailing spaces, at most one empty line in a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")
    lines = [line.rstrip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --- Plain text and Markdown ----------------------------------------------------------------


def _read_text(data: bytes, limits: Limits) -> ExtractedText:
    return ExtractedText(file_types.decode_text(data), "txt")


def _read_markdown(data: bytes, limits: Limits) -> ExtractedText:
    text = file_types.decode_text(data)
    heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    metadata = {"title": heading.group(1).strip()} if heading else {}
    return ExtractedText(text, "md", metadata=metadata)


# --- HTML -------------------------------------------------------------------------------------

# Elements whose content a browser never shows as text.
_INVISIBLE = {"script", "style", "noscript", "template", "svg", "iframe", "object"}
# Elements that start a new line of text.
_BLOCKS = {
    *("p", "div", "br", "li", "ul", "ol", "tr", "table", "section", "article", "header"),
    *("footer", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "hr", "dt", "dd"),
    *("figcaption", "main", "aside", "nav", "form", "address", "title"),
}
_DATE_META = {
    "date",
    "dc.date",
    "dcterms.date",
    "pubdate",
    "publishdate",
    "article:published_time",
    "og:published_time",
    "datepublished",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "wbr"}


class _VisibleText(HTMLParser):
    """Collects what a browser would show, the title and the date meta tags."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden_depth = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "meta":
            self._meta(attributes)
        if tag == "title":
            self.in_title = True
        if tag in _INVISIBLE and tag not in _VOID:
            self.hidden_depth += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _INVISIBLE and self.hidden_depth:
            self.hidden_depth -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.hidden_depth:
            self.parts.append(data)

    def _meta(self, attributes: dict[str, str]) -> None:
        key = (attributes.get("name") or attributes.get("property") or "").lower()
        if key in _DATE_META and attributes.get("content"):
            self.meta.setdefault("published", attributes["content"])
        if key in ("author", "article:author") and attributes.get("content"):
            self.meta.setdefault("author", attributes["content"])

    def text(self) -> str:
        joined = "".join(self.parts)
        # Spaces and tabs inside a line collapse, as a browser shows them.
        return "\n".join(re.sub(r"[ \t\f\v]+", " ", line).strip() for line in joined.split("\n"))


def visible_text(html: str) -> tuple[str, dict[str, str]]:
    """The visible text of an HTML document and its metadata (title, author, published)."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    metadata = dict(parser.meta)
    if "published" in metadata:
        published = iso_date(metadata["published"])
        if published:
            metadata["published"] = published
        else:
            del metadata["published"]
    title = " ".join(parser.title.split())
    if title:
        metadata["title"] = title
    return _tidy(parser.text()), metadata


def _read_html(data: bytes, limits: Limits) -> ExtractedText:
    text, metadata = visible_text(file_types.decode_text(data))
    return ExtractedText(text, "html", metadata=metadata)


def iso_date(value: str) -> str | None:
    """``2013-04-02`` from ``2013-04-02T09:00:00+09:00`` or ``2013-04-02``; else None."""
    found = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value or "")
    try:
        return dt.date.fromisoformat(found.group(1)).isoformat() if found else None
    except ValueError:  # 2013-02-30
        return None


# --- PDF --------------------------------------------------------------------------------------


def _read_pdf(data: bytes, limits: Limits) -> ExtractedText:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise RefusedFile("encrypted", "The PDF is protected by a password.")
        count = len(reader.pages)
    except RefusedFile:
        raise
    except Exception as error:  # pypdf raises many kinds of error on a damaged file
        raise _malformed("PDF", error) from None
    if count > limits.max_pages:
        raise RefusedFile(
            "too_many_pages",
            f"The PDF has {count:,} pages; at most {limits.max_pages:,} are accepted.",
            pages=str(count),
            limit=str(limits.max_pages),
        )
    texts = _pdf_page_texts(reader, limits)
    text = "\n\n".join(page.strip() for page in texts if page.strip())
    found = ExtractedText(text, "pdf", pages=count, metadata=_pdf_metadata(reader))
    if not text.strip():
        found.warnings.append(
            Notice(
                "no_text_layer",
                "The PDF has no text layer (a scan?): its text must be typed or pasted.",
            )
        )
    return found


def _pdf_page_texts(reader, limits: Limits) -> list[str]:
    deadline = time.monotonic() + limits.max_seconds
    texts = []
    for page in reader.pages:
        if time.monotonic() > deadline:
            raise RefusedFile(
                "too_slow",
                f"Reading the PDF took longer than {limits.max_seconds:g} seconds.",
                seconds=f"{limits.max_seconds:g}",
            )
        try:
            texts.append(page.extract_text() or "")
        except Exception as error:
            raise _malformed("PDF", error) from None
    return texts


def _pdf_metadata(reader) -> dict[str, str]:
    try:
        info = reader.metadata or {}
        title, author = info.get("/Title"), info.get("/Author")
    except Exception:  # metadata is optional; a damaged dictionary is ignored
        return {}
    metadata = {}
    if title and str(title).strip():
        metadata["title"] = str(title).strip()
    if author and str(author).strip():
        metadata["author"] = str(author).strip()
    return metadata


def _malformed(label: str, error: Exception) -> RefusedFile:
    detail = " ".join(str(error).split())[:200] or type(error).__name__
    return RefusedFile(
        "malformed",
        f"The {label} file is damaged and cannot be read ({detail}).",
        format=label,
        detail=detail,
    )


# --- Word and OpenDocument (ZIP archives) ------------------------------------------------------


def check_archive(data: bytes, limits: Limits, label: str) -> zipfile.ZipFile:
    """The archive, once its directory shows it is safe to unpack; RefusedFile otherwise.

    Only the central directory is read here: sizes it declares are what zipfile enforces
    when a member is read (a member longer than declared raises an error)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise _malformed(label, error) from None
    if len(members) > limits.max_zip_members:
        raise RefusedFile(
            "too_many_members",
            f"The {label} file holds {len(members):,} parts; at most "
            f"{limits.max_zip_members:,} are accepted.",
            format=label,
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.max_unzipped_bytes:
        raise _bomb(label, f"it would unpack to {unpacked:,} bytes")
    for member in members:
        # Small parts compress well without harm; a ratio counts only on a large part.
        if member.file_size > MB and member.file_size > limits.max_zip_ratio * max(
            member.compress_size, 1
        ):
            ratio = member.file_size // max(member.compress_size, 1)
            raise _bomb(label, f"a part is compressed {ratio:,} to 1")
    return archive


def _bomb(label: str, why: str) -> RefusedFile:
    return RefusedFile(
        "zip_bomb",
        f"The {label} file looks built to exhaust the server: {why}.",
        format=label,
        detail=why,
    )


def _read_docx(data: bytes, limits: Limits) -> ExtractedText:
    check_archive(data, limits, "Word")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_docx_blocks(document))
        properties = document.core_properties
        metadata = {
            key: value.strip()
            for key, value in (("title", properties.title), ("author", properties.author))
            if value and value.strip() and value != "python-docx"  # the library's default
        }
    except Exception as error:  # python-docx and lxml raise many kinds on a damaged file
        raise _malformed("Word", error) from None
    return ExtractedText("\n\n".join(blocks), "docx", metadata=metadata)


def _docx_blocks(document):
    """Paragraphs and tables in document order; a table row is its cells joined by tabs."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text.strip():
                yield block.text
        elif isinstance(block, Table):
            rows = ["\t".join(cell.text.strip() for cell in row.cells) for row in block.rows]
            yield "\n".join(rows)


_ODT_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _read_odt(data: bytes, limits: Limits) -> ExtractedText:
    archive = check_archive(data, limits, "OpenDocument")
    from lxml import etree

    # No entities expanded, nothing fetched: an OpenDocument needs neither.
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(archive.read("content.xml"), parser)
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, ValueError) as error:
        raise _malformed("OpenDocument", error) from None
    paragraphs = [
        "".join(element.itertext())
        for element in root.iter()
        if element.tag in (f"{_ODT_TEXT}p", f"{_ODT_TEXT}h")
    ]
    return ExtractedText("\n\n".join(p for p in paragraphs if p.strip()), "odt")


# --- E-mail -----------------------------------------------------------------------------------

_HEADERS = ("From", "To", "Date", "Subject")


def _read_eml(data: bytes, limits: Limits) -> ExtractedText:
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
        header_block = [f"{name}: {message[name]}" for name in _HEADERS if message[name]]
        body = _email_body(message)
        attached = [part.get_filename() or "?" for part in _attachments(message)]
    except Exception as error:  # a damaged header or encoding
        raise _malformed("e-mail", error) from None
    metadata = _email_metadata(message)
    found = ExtractedText("\n".join(header_block) + "\n\n" + body, "eml", metadata=metadata)
    if attached:
        found.metadata["attachments"] = ", ".join(attached)
        found.warnings.append(
            Notice(
                "attachments_ignored",
                f"Files attached to the e-mail were not read: {', '.join(attached)}.",
                {"names": ", ".join(attached)},
            )
        )
    return found


def _email_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_subtype() == "html":
        return visible_text(content)[0]
    return content


def _attachments(message: EmailMessage) -> list:
    if not message.is_multipart():
        return []
    return list(message.iter_attachments())


def _email_metadata(message: EmailMessage) -> dict[str, str]:
    metadata = {}
    if message["Subject"]:
        metadata["title"] = str(message["Subject"]).strip()
    if message["From"]:
        metadata["author"] = str(message["From"]).strip()
    try:
        sent = email.utils.parsedate_to_datetime(str(message["Date"])) if message["Date"] else None
    except (TypeError, ValueError):
        sent = None
    if sent is not None:
        metadata["published"] = sent.date().isoformat()
    return metadata


_READERS = {
    file_types.TEXT.mime_type: _read_text,
    file_types.MARKDOWN.mime_type: _read_markdown,
    file_types.HTML.mime_type: _read_html,
    file_types.EML.mime_type: _read_eml,
    file_types.PDF.mime_type: _read_pdf,
    file_types.DOCX.mime_type: _read_docx,
    file_types.ODT.mime_type: _read_odt,
}
