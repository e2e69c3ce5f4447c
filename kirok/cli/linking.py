"""`kirok link run` (link the persons in the database) and `kirok link dedupe` (CSV lists)."""

from __future__ import annotations

import logging
import sys

import click

from kirok.cli import django_setup
from kirok.cli.dedupe import dedupe
from kirok.cli.errors import KirokCommandError


@click.group()
def link() -> None:
    """Record linkage: which person records describe the same human being."""


def progress_bar(stage: str, done: int, total: int) -> None:
    """One line per stage on stderr, redrawn in place on a terminal."""
    width = 30
    filled = width * done // total if total else width
    bar = "#" * filled + "-" * (width - filled)
    finished = done >= total
    if sys.stderr.isatty() or finished:
        click.echo(f"\r  {stage:<16} [{bar}] {done}/{total}", err=True, nl=finished)


@link.command("run")
@click.option(
    "--threshold",
    default=0.5,
    show_default=True,
    type=click.FloatRange(0.0, 1.0),
    help="Match probability at which two records are linked into one identity.",
)
def link_run(threshold: float) -> None:
    """Link every person in the database into Identities and queue pairs for review.

    Reviewers' decisions are used: "same" links, "different" is never overridden.
    """
    django_setup.require_current_database()
    from kirok.linkage import services

    # Splink warns about every level a small data set does not show; the summary says enough.
    logging.getLogger("splink").setLevel(logging.ERROR)
    run = services.run_linkage(None, progress_bar, threshold=threshold)
    click.echo(f"Linkage run {run.public_id}")
    click.echo(f"  persons read          {run.record_count}")
    click.echo(f"  decisions used        {run.decision_count}")
    click.echo(f"  candidate pairs       {run.pair_count}")
    click.echo(f"  identities (2+ rec.)  {run.cluster_count}")
    click.echo(f"  identity changes      {run.change_count}")
    click.echo(f"  data snapshot         {run.snapshot}")


@link.command("undo")
@click.argument("run_id")
def link_undo(run_id: str) -> None:
    """Put back the Identities that run RUN_ID changed (records are never deleted)."""
    django_setup.require_current_database()
    from kirok.linkage import services
    from kirok.linkage.models import LinkageRun
    from kirok.records.access import parse_public_id

    wanted = parse_public_id(run_id)
    run = LinkageRun.objects.filter(public_id=wanted).first() if wanted else None
    if run is None:
        raise KirokCommandError(f"No linkage run {run_id}.", exit_code=1)
    if run.undone_at is not None:
        raise KirokCommandError(f"Linkage run {run_id} was already undone.", exit_code=1)
    count = services.undo_run(run)
    click.echo(f"Undid linkage run {run.public_id}: {count} persons got their identity back.")


# `kirok link dedupe`: an analyst's own CSV list, no database (helper E1's command).
link.add_command(dedupe)
