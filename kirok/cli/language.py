"""`kirok places find` and `kirok dates parse` (and `kirok names …`, in names.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import click

from kirok.cli.errors import KirokCommandError


def _echo_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


@click.group()
def places() -> None:
    """Look places up in the gazetteer, from any spelling or script."""


@places.command("find")
@click.argument("text")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 50))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def places_find(text: str, limit: int, as_json: bool) -> None:
    """Ranked gazetteer places for TEXT ("Hyesan", "혜산시", "량강도", "长白" …)."""
    from kirok.lib import places as places_lib

    matches = places_lib.find(text, limit=limit)
    if as_json:
        _echo_json([dataclasses.asdict(match) for match in matches])
        return
    if not matches:
        raise KirokCommandError(f"No place matches {text!r}.", exit_code=1)
    for match in matches:
        path = " › ".join(name for _, name in match.path)
        former = " (former name)" if match.former else ""
        click.echo(f"{match.confidence:.2f}  {match.place_id:<28} {path}{former}")


@click.group()
def dates() -> None:
    """Read date phrases into EDTF with their earliest and latest day."""


def _anchor(_ctx, _param, value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date in YYYY-MM-DD form.") from None


@dates.command("parse")
@click.argument("text")
@click.option(
    "--anchor",
    callback=_anchor,
    metavar="YYYY-MM-DD",
    help='The date relative phrases count from ("six months later").',
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
def dates_parse(text: str, anchor: dt.date | None, as_json: bool) -> None:
    """The EDTF value of a phrase ("early November 2012", "2012년 11월 초", "2019~")."""
    from kirok.lib import dates as dates_lib

    try:
        found = dates_lib.parse(text, anchor=anchor)
    except ValueError as error:
        raise KirokCommandError(f"cannot read {text!r} as a date: {error}", exit_code=1) from None
    result = {
        "edtf": found.edtf,
        "earliest": found.earliest.isoformat() if found.earliest else None,
        "latest": found.latest.isoformat() if found.latest else None,
    }
    if as_json:
        _echo_json(result)
        return
    click.echo(f"{result['edtf']}  ({result['earliest'] or '…'} – {result['latest'] or '…'})")
