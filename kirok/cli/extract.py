"""`kirok extract FILE`: propose the incidents a document tells, with the words for each.

No database: the document is read as `kirok ingest` reads it (kirok.lib.text_extraction:
the same limits and refusals of hostile files), and its working text goes to the
extraction library (kirok.lib.extraction). Nothing is stored; the proposals are for a
person to check. Output (--json) is the shape of issue 7:
{"incidents": [{"types", "date", "place", "perpetrator", "victim_count", "victims",
"evidence", "confidence"}]}.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import click


class InputError(click.ClickException):
    """The document cannot be read; the message says why."""


@click.command("extract")
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(("en", "ko", "zh", "auto")),
    default="auto",
    show_default=True,
    help="Language of the text; auto decides by the share of Hangul and Chinese characters.",
)
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    help="Publication date, the anchor of 'last week' or '작년 겨울' "
    "(default: the document's own date, if it has one).",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a summary.")
def extract_command(document: Path, lang: str, published: str | None, as_json: bool) -> None:
    """Propose the incidents DOCUMENT tells (.txt, .md, .html, .pdf, .docx, .eml).

    Each proposal carries its evidence: character offsets into the document's working text
    and the quoted words.
    """
    from kirok.lib import text_extraction
    from kirok.lib.extraction import extract
    from kirok.lib.file_types import RefusedFile

    if not document.exists():
        raise InputError(f"{document} does not exist")
    anchor = _date(published) if published else None
    limits = text_extraction.Limits()
    try:
        data = text_extraction.read_file(document, limits)
        found = text_extraction.extract(data, document.name, limits)
    except RefusedFile as error:
        raise InputError(f"{document}: {error}") from None
    if anchor is None and found.metadata.get("published"):
        anchor = _date(found.metadata["published"][:10], quiet=True)
    result = extract(found.text, lang=None if lang == "auto" else lang, published=anchor)
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        click.echo(_summary(result, found.text))
    for notice in found.warnings:
        click.echo(f"note: {notice.message}", err=True)


def _date(text: str, quiet: bool = False) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        if quiet:
            return None
        raise InputError(f"--published {text!r} is not a date like 2019-03-05") from None


def _summary(result: dict[str, Any], text: str) -> str:
    incidents = result.get("incidents") or []
    if not incidents:
        return "No incident found."
    blocks = []
    for number, incident in enumerate(incidents, start=1):
        lines = [f"Incident {number}: {', '.join(incident.get('types') or []) or '?'}"]
        for label, value in (
            ("date", (incident.get("date") or {}).get("edtf")),
            ("place", (incident.get("place") or {}).get("place_id")),
            ("perpetrator", (incident.get("perpetrator") or {}).get("org")),
            ("victims", _count(incident.get("victim_count"))),
            ("named", ", ".join(v.get("name") or "?" for v in incident.get("victims") or [])),
            ("confidence", incident.get("confidence")),
        ):
            if value not in (None, ""):
                lines.append(f"  {label:<12}{value}")
        for span in incident.get("evidence") or []:
            lines.append(f"  evidence    [{span['start']}:{span['end']}] {span['quote']!r}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _count(count: dict[str, Any] | None) -> str | None:
    if not count or count.get("min") is None:
        return None
    low, high = count["min"], count.get("max")
    return str(low) if high == low else f"{low}–{high if high is not None else '?'}"
