"""`kirok names show` and `kirok names compare`."""

from __future__ import annotations

import csv
import json
import sys

import click

from kirok.cli.errors import KirokCommandError

_PARSED_FIELDS = ("surname", "given", "order", "script", "surname_hangul_candidates")


@click.group()
def names() -> None:
    """Korean personal names: romanizations, comparison keys, similarity."""


def _describe(text: str) -> dict:
    from kirok.lib import names as lib

    parsed = lib.parse_name(text)
    if not parsed.surname:
        raise KirokCommandError(f"{text!r} does not look like a personal name.", exit_code=1)
    described = {
        "input": text,
        "parsed": {field: getattr(parsed, field) for field in _PARSED_FIELDS},
        "comparison_key": lib.comparison_key(text),
    }
    if parsed.script == "hangul":
        hangul = parsed.surname + parsed.given
        described["romanizations"] = {
            system: lib.romanize_name(hangul, system) for system in lib.SYSTEMS
        }
        described["romanizations"]["rr_without_sound_changes"] = lib.romanize_name(
            hangul, "rr", sound_changes=False
        )
        described["romanizations"]["rr_as_commonly_written"] = lib.romanize_name(
            hangul, "rr", lib.NameStyle.HYPHENATED, surname="common"
        )
    else:
        described["hangul_candidates"] = lib.hangul_candidates(text, limit=5)
    return described


@names.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def names_show(name: str, as_json: bool) -> None:
    """The parsed NAME, its romanizations (or Hangul candidates) and its comparison key."""
    described = _describe(name)
    if as_json:
        click.echo(json.dumps(described, ensure_ascii=False, indent=2))
        return
    parsed = described["parsed"]
    click.echo(f"surname {parsed['surname']}, given name {parsed['given']} ({parsed['script']})")
    for system, spelling in described.get("romanizations", {}).items():
        click.echo(f"  {system:<26} {spelling}")
    for candidate in described.get("hangul_candidates", []):
        click.echo(f"  Hangul candidate           {candidate}")
    click.echo(f"comparison key: {described['comparison_key']}")


@names.command("compare")
@click.argument("a", required=False)
@click.argument("b", required=False)
@click.option(
    "--pairs",
    "pairs_file",
    type=click.File("r", encoding="utf-8"),
    help="A CSV file with columns a,b: writes a,b,score to standard output.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON (for one pair).")
def names_compare(a: str | None, b: str | None, pairs_file, as_json: bool) -> None:
    """How likely two spellings name the same person, from 0 to 1."""
    from kirok.lib import names as lib

    if pairs_file is not None:
        _compare_file(pairs_file)
        return
    if not a or not b:
        raise click.UsageError("Give two names, or --pairs FILE.")
    score = float(lib.similarity(a, b))
    if as_json:
        click.echo(json.dumps({"a": a, "b": b, "score": round(score, 4)}, ensure_ascii=False))
    else:
        click.echo(f"{score:.3f}")


def _compare_file(handle) -> None:
    from kirok.lib import names as lib
    from kirok.lib.spreadsheet_cells import safe_cell

    reader = csv.DictReader(handle, strict=True)  # an unclosed quote is an error, not one cell
    try:
        if not reader.fieldnames or not {"a", "b"} <= set(reader.fieldnames):
            raise KirokCommandError("The pairs file needs a header with columns a and b.")
        rows = [(row["a"] or "", row["b"] or "") for row in reader]
    except csv.Error as error:
        raise KirokCommandError(
            f"The pairs file is not valid CSV after line {reader.line_num}: {error}."
        ) from None
    scores = lib.similarity_pairs([a for a, _ in rows], [b for _, b in rows])
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["a", "b", "score"])
    for (a, b), score in zip(rows, scores, strict=True):
        writer.writerow([safe_cell(a), safe_cell(b), f"{float(score):.4f}"])
