"""Cut a text into sentences and clauses, keeping each piece's character offsets."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? (with closing quotes) before a space, or at a line end. "No. 14"
# and single initials are not ends.
_ABBREVIATIONS = (
    "No",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "St",
    "Gen",
    "Lt",
    "Col",
    "Sgt",
    "Capt",
    "Rev",
    "Prof",
    "approx",
)
_NOT_AN_END = "".join(rf"(?<!\b{word})" for word in _ABBREVIATIONS)
# Chinese ends a sentence at 。！？ with no space after it.
_SENTENCE = re.compile(
    rf"[^\n]*?(?:{_NOT_AN_END}(?<!\b[A-Z])[.!?…]+[\"”’')]*(?=\s)|[。！？]+[”’」』]*|(?=\n)|$)"
)
# Where one sentence may tell two events: ", and …", "; …", Korean "…했고," / "…며,", and
# Chinese "，" and "；" (Chinese joins two events with a comma; the caller joins the clauses
# back unless one has its own agent and act).
CLAUSE_BREAK = re.compile(
    r",\s+(?:and|while|but)\s+|;\s+|；\s*|，\s*|(?<=[고며])[,，]\s*|(?<=는데|지만)[,，]\s*|(?<=[\"”]며)\s+|(?<=고)\s(?=[가-힣]+에서)"
)
_MARKUP = re.compile(r"<[^>]*>")


@dataclass(frozen=True)
class Segment:
    """A sentence or clause: where it is in the document and its paragraph number."""

    start: int
    end: int
    text: str
    paragraph: int


def sentences(text: str) -> list[Segment]:
    """Every non-empty sentence, trimmed, in order; markup tags are not part of any."""
    found: list[Segment] = []
    paragraph = 0
    for line_match in re.finditer(r"[^\n]*", text):
        line = line_match.group()
        if not line.strip():
            paragraph += 1
            continue
        if re.match(r"\s*<(?:p|h\d|li|div|blockquote)\b", line, re.IGNORECASE):
            paragraph += 1  # HTML paragraphs are tags, not blank lines
        offset = line_match.start()
        masked = _MARKUP.sub(lambda m: " " * len(m.group()), line)
        for match in _SENTENCE.finditer(masked):
            segment = _trimmed(text, offset + match.start(), offset + match.end(), paragraph)
            if segment is not None:
                found.append(segment)
    return found


def clauses(sentence: Segment) -> list[Segment]:
    """The sentence cut at its clause breaks (the caller joins pieces that tell one event)."""
    pieces, start = [], sentence.start
    for match in CLAUSE_BREAK.finditer(sentence.text):
        end = sentence.start + match.start()
        pieces.append((start, end))
        start = sentence.start + match.end()
    pieces.append((start, sentence.end))
    full = sentence.text
    found = []
    for piece_start, piece_end in pieces:
        local = full[piece_start - sentence.start : piece_end - sentence.start]
        segment = _trimmed_local(local, piece_start, sentence.paragraph)
        if segment is not None:
            found.append(segment)
    return found


def join(first: Segment, second: Segment, text: str) -> Segment:
    """One segment from the start of ``first`` to the end of ``second``."""
    return Segment(first.start, second.end, text[first.start : second.end], first.paragraph)


def _trimmed(text: str, start: int, end: int, paragraph: int) -> Segment | None:
    return _trimmed_local(text[start:end], start, paragraph)


def _trimmed_local(local: str, start: int, paragraph: int) -> Segment | None:
    stripped = local.strip(" \t\r-*#>|")
    if len(stripped.strip()) < 2 or not re.search(r"\w", stripped):
        return None
    lead = local.find(stripped)
    begin = start + lead
    return Segment(begin, begin + len(stripped), stripped, paragraph)
