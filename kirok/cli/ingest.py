"""`kirok ingest PATH…`: documents (files and folders) become sources with their originals
kept as sealed evidence (kirok.sources.ingest)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import click

from kirok.cli import django_setup
from kirok.cli.errors import KirokCommandError
from kirok.cli.linking import progress_bar


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--case",
    "case_names",
    multiple=True,
    metavar="NAME_OR_ID",
    help="A case the new sources go into (repeatable); default: the account's only case.",
)
@click.option(
    "--user",
    "username",
    metavar="NAME",
    help="The account that ingests; default: the only account that may add records.",
)
@click.option(
    "--kind",
    metavar="CODE",
    help="The source kind (e.g. news_article, ngo_report); default: guessed from the format.",
)
@click.option(
    "--recursive/--no-recursive",
    default=True,
    show_default=True,
    help="Read the folders inside a folder too.",
)
@click.option(
    "--propose/--no-propose",
    default=True,
    show_default=True,
    help="Propose the records each text describes, for review on the source's page.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def ingest(
    ctx: click.Context,
    paths: tuple[Path, ...],
    case_names: tuple[str, ...],
    username: str | None,
    kind: str | None,
    recursive: bool,
    propose: bool,
    as_json: bool,
) -> None:
    """Ingest documents: .txt, .md, .html, .pdf, .docx, .odt, .eml (and images, recordings).

    Each file becomes a source whose original is kept encrypted with its SHA-256, and whose
    text is extracted. A file already attached to a source the account can see is reported
    as a duplicate and not stored again. Exit status 1 if any file was refused.
    """
    django_setup.require_current_database()
    # pypdf logs every repair it makes to a damaged PDF; the per-file line says enough.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    from kirok.audit.context import acting
    from kirok.sources import ingest as service

    user = account(username)
    cases = editable_cases(user, case_names)
    term = vocabulary_term("source_kind", kind)
    files = list(_files(paths, recursive))
    outcomes = []
    for done, path in enumerate(files, start=1):
        with acting(user):
            outcome = service.ingest(
                path, path.name, user=user, cases=cases, kind=term, propose=propose
            )
        outcomes.append((path, outcome))
        if not as_json:
            _echo_outcome(path, outcome)
        progress_bar("ingest", done, len(files))
    counts = {status: 0 for status in ("ingested", "duplicate", "refused")}
    for _path, outcome in outcomes:
        counts[outcome.status] += 1
    if as_json:
        click.echo(json.dumps(_as_json(outcomes, counts), ensure_ascii=False, indent=2))
    else:
        click.echo(
            f"{counts['ingested']} ingested, {counts['duplicate']} duplicate, "
            f"{counts['refused']} refused."
        )
    ctx.exit(1 if counts["refused"] else 0)


def _files(paths: tuple[Path, ...], recursive: bool):
    """Files named, and the files in folders named (hidden ones skipped), in a stable order."""
    for path in paths:
        if path.is_dir():
            found = path.rglob("*") if recursive else path.glob("*")
            for inner in sorted(found):
                hidden = any(part.startswith(".") for part in inner.relative_to(path).parts)
                if inner.is_file() and not hidden:
                    yield inner
        elif path.is_file():
            yield path


def account(username: str | None):
    """The active account called ``username``; without one, the only account that adds
    records anywhere (KirokCommandError otherwise)."""
    from django.contrib.auth import get_user_model

    from kirok.records import access

    accounts = get_user_model().objects.filter(is_active=True)
    if username:
        user = accounts.filter(username=username).first()
        if user is None:
            raise KirokCommandError(f"No active account {username!r}.", exit_code=2)
        return user
    editors = [user for user in accounts if access.editable_case_ids(user).exists()]
    if len(editors) != 1:
        raise KirokCommandError("Say which account with --user NAME.", exit_code=2)
    return editors[0]


def editable_cases(user, names: tuple[str, ...]) -> list:
    """The cases named (by name or public id) that ``user`` adds records to; without names,
    the user's only such case."""
    from kirok.accounts.models import Case
    from kirok.records import access

    editable = Case.objects.filter(pk__in=access.editable_case_ids(user))
    if not names:
        if editable.count() != 1:
            raise KirokCommandError(
                f"Say which case with --case; {user.username} adds records to "
                f"{editable.count()} cases.",
                exit_code=2,
            )
        return [editable.get()]
    chosen = []
    for name in names:
        wanted = access.parse_public_id(name)
        case = (editable.filter(public_id=wanted) if wanted else editable.filter(name=name)).first()
        if case is None:
            raise KirokCommandError(
                f"{user.username} may not add records to a case {name!r}.", exit_code=2
            )
        chosen.append(case)
    return chosen


def vocabulary_term(vocabulary: str, code: str | None):
    """The term ``code`` of ``vocabulary`` (None for no code); KirokCommandError listing the
    codes there are when there is none so called."""
    from kirok.vocabularies.models import Term

    if not code:
        return None
    terms = Term.objects.of(vocabulary)
    term = terms.filter(code=code).first()
    if term is None:
        codes = ", ".join(terms.values_list("code", flat=True))
        raise KirokCommandError(f"No {vocabulary} {code!r}; use one of: {codes}.", exit_code=2)
    return term


def _echo_outcome(path: Path, outcome) -> None:
    if outcome.status == "refused":
        click.echo(f"refused    {path}: {outcome.reason}")
        return
    label = "ingested " if outcome.status == "ingested" else "duplicate"
    click.echo(f"{label}  {path} → source {outcome.source.public_id}")
    if outcome.proposed:
        noun = "record" if outcome.proposed == 1 else "records"
        click.echo(f"           {outcome.proposed} {noun} proposed for review")
    for notice in outcome.warnings:
        click.echo(f"           warning: {notice.message}")


def _as_json(outcomes, counts: dict) -> dict:
    files = []
    for path, outcome in outcomes:
        files.append(
            {
                "path": str(path),
                "status": outcome.status,
                "source": str(outcome.source.public_id) if outcome.source else None,
                "sha256": outcome.attachment.sha256 if outcome.attachment else None,
                "refused": (
                    {"code": outcome.refusal.code, "reason": outcome.reason}
                    if outcome.refusal
                    else None
                ),
                "warnings": [notice.message for notice in outcome.warnings],
                "proposed": outcome.proposed,
            }
        )
    return {"files": files, "summary": counts}
