"""`kirok import LIST.csv`: a partner organisation's list becomes a source and the records its
rows describe, each tied to its row (kirok.interop.imports)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kirok.cli import django_setup
from kirok.cli.errors import KirokCommandError
from kirok.cli.ingest import account, editable_cases, vocabulary_term


@click.command("import")
@click.argument(
    "list_file", metavar="LIST", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--title", required=True, help="The source's title, e.g. the partner and date.")
@click.option(
    "--case",
    "case_names",
    multiple=True,
    metavar="NAME_OR_ID",
    help="A case the records go into (repeatable); default: the account's only case.",
)
@click.option("--user", "username", metavar="NAME", help="The account that imports.")
@click.option(
    "--violation",
    metavar="CODE",
    help="The violation type of rows that name none (e.g. forced_repatriation).",
)
@click.option("--partner", metavar="NAME", help="The organization that provided the list.")
@click.option("--reliability", metavar="A-F", help="The partner's reliability grade.")
@click.option("--credibility", metavar="1-6", help="The credibility grade of the list.")
@click.option("--dry-run", is_flag=True, help="Read and check every row; record nothing.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def import_command(
    list_file: Path,
    title: str,
    case_names: tuple[str, ...],
    username: str | None,
    violation: str | None,
    partner: str | None,
    reliability: str | None,
    credibility: str | None,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Import a partner's list (an Excel .xlsx, or CSV in UTF-8, with a header) as records.

    Columns (English or Korean headings): name and/or name_hangul (one is required; aliases
    in the same cell), record_id, sex, birth_year, birth_date, age_at_event, event_year,
    hometown, status, occupation, violation, event_date, event_place, perpetrator, notes.
    Every row is checked first: a list with any problem records nothing, and each problem
    is printed with its line and column. Exit status 1 then.
    """
    django_setup.require_current_database()
    from kirok.audit.context import acting
    from kirok.interop import imports

    user = account(username)
    cases = editable_cases(user, case_names)
    chosen = {
        "violation": vocabulary_term("violation_type", violation),
        "reliability": vocabulary_term("source_reliability", reliability and reliability.lower()),
        "credibility": vocabulary_term("information_credibility", credibility),
    }
    if partner:
        chosen["partner"] = imports.organization_named(partner)
        if chosen["partner"] is None:
            raise KirokCommandError(
                f"No organization is called {partner!r}; add it on the Organizations pages.",
                exit_code=2,
            )
    data = list_file.read_bytes()
    try:
        if dry_run:
            plan = imports.read_list(data, list_file.name, violation=chosen["violation"])
            if plan.problems:
                raise imports.ProblemsFound(plan)
            _report(as_json, "checked", rows=len(plan.rows), incidents=plan.incidents)
            return
        with acting(user):
            done = imports.import_list(
                data, list_file.name, user=user, cases=cases, title=title, **chosen
            )
    except imports.ListRefused as refused:
        raise KirokCommandError(refused.message, exit_code=1) from None
    except imports.ProblemsFound as found:
        _report_problems(as_json, found.plan)
        raise SystemExit(1) from None
    _report(
        as_json,
        "imported",
        rows=done.persons,
        incidents=done.incidents,
        source=str(done.source.public_id),
    )


def _report(as_json: bool, status: str, **counts) -> None:
    if as_json:
        click.echo(json.dumps({"status": status, **counts}))
        return
    rows, incidents = counts["rows"], counts["incidents"]
    if status == "checked":
        click.echo(f"{rows:,} rows can be imported: {rows:,} persons, {incidents:,} incidents.")
        click.echo("Nothing was recorded (--dry-run).")
    else:
        click.echo(f"Imported {rows:,} persons and {incidents:,} incidents.")
        click.echo(f"Source {counts['source']}; run `kirok link run` to link them.")


def _report_problems(as_json: bool, plan) -> None:
    if as_json:
        problems = [
            {"line": p.line, "column": p.column, "message": p.message} for p in plan.problems
        ]
        shown = {"status": "refused", "problems": problems, "more": plan.more_problems}
        click.echo(json.dumps(shown, ensure_ascii=False))
        return
    for problem in plan.problems:
        click.echo(str(problem), err=True)
    if plan.more_problems:
        click.echo(f"… and {plan.more_problems:,} more problems.", err=True)
    total = len(plan.problems) + plan.more_problems
    click.echo(f"Nothing was imported: {total:,} problems. Mend the list and try again.", err=True)
