"""Small, valid PDFs with a real text layer in any script, written by hand for tests.

pypdf writes PDFs but not text; a PDF's text layer is only glyph codes plus a ToUnicode map
saying which characters they stand for. Each distinct character gets its own code in a
Type0 font (Identity-H); no glyphs are embedded, so a viewer shows boxes, but text
extraction (which reads the ToUnicode map) gives the characters back, Korean included.
"""

from __future__ import annotations


def make_pdf(*pages: str, title: str = "") -> bytes:
    """A PDF with one page per argument, each page's lines as text; "" is a page without
    a text layer (as a scan would be)."""
    codes = _codes("".join(pages))
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below, once the page tree's number is known
    pages_id = add(b"")
    font = _font(add, codes)
    kids = []
    for text in pages:
        content = _stream(_content(text, codes))
        content_id = add(content)
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_id, font, content_id)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % kid for kid in kids),
        len(kids),
    )
    info = add(b"<< /Title <%s> >>" % ("\ufeff" + title).encode("utf-16-be").hex().encode())
    return _file(objects, catalog, info)


def _codes(text: str) -> dict[str, int]:
    characters = sorted({c for c in text if c != "\n" and ord(c) < 0x10000})
    return {character: number for number, character in enumerate(characters, start=1)}


def _font(add, codes: dict[str, int]) -> int:
    descriptor = add(
        b"<< /Type /FontDescriptor /FontName /KirokTest /Flags 4 /FontBBox [0 -200 1000 900] "
        b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 >>"
    )
    cid_font = add(
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /KirokTest "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor %d 0 R /DW 1000 /CIDToGIDMap /Identity >>" % descriptor
    )
    to_unicode = add(_stream(_cmap(codes)))
    return add(
        b"<< /Type /Font /Subtype /Type0 /BaseFont /KirokTest /Encoding /Identity-H "
        b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (cid_font, to_unicode)
    )


def _cmap(codes: dict[str, int]) -> bytes:
    entries = [f"<{code:04X}> <{ord(char):04X}>" for char, code in codes.items()]
    blocks = []
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def _content(text: str, codes: dict[str, int]) -> bytes:
    if not text:
        return b""
    lines = [b"BT /F1 11 Tf 14 TL 50 800 Td"]
    for line in text.split("\n"):
        glyphs = "".join(f"{codes[c]:04X}" for c in line if c in codes)
        lines.append(f"<{glyphs}> Tj T*".encode("ascii"))
    lines.append(b"ET")
    return b"\n".join(lines)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def _file(objects: list[bytes], root: int, info: int) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        info,
        xref,
    )
    return bytes(out)
