"""`kirok audit`: verify the hash chain of the audit log, and read its newest entries."""

from __future__ import annotations

import sys

import click

from kirok.cli import django_setup


@click.group()
def audit() -> None:
    """The audit log: who did what, when, from where (append-only, hash-chained)."""


@audit.command("verify")
@click.option(
    "--anchor",
    metavar="HASH",
    help="An entry hash noted earlier (the `head` this command printed): it must still be "
    "in the chain, which proves that nothing up to it was rewritten or cut off.",
)
def audit_verify(anchor: str | None) -> None:
    """Check every entry's hash and link; exit 1 naming the first broken entry."""
    django_setup.require_current_database()
    from kirok.audit import services

    status = services.check_chain(anchor=anchor.strip().lower() if anchor else None)
    problem = status.problem
    if problem is None:
        click.echo(f"{status.entries} entries, chain intact (head {status.head}).")
        return
    if problem.reason == problem.ANCHOR_MISSING:
        click.echo(f"Chain broken: {problem.reason} ({anchor}).", err=True)
    else:
        click.echo(
            f"Chain broken at entry {problem.public_id} (position {problem.position}): "
            f"{problem.reason}.",
            err=True,
        )
    sys.exit(1)


@audit.command("tail")
@click.option("-n", "count", type=click.IntRange(1, 10000), default=20, show_default=True)
def audit_tail(count: int) -> None:
    """Print the newest entries, oldest first, in the server's time zone."""
    django_setup.require_current_database()
    from django.utils import timezone

    from kirok.audit import services

    for event in services.latest(count):
        when = timezone.localtime(event.at).strftime("%Y-%m-%d %H:%M:%S")
        record = f" {event.object_type} {event.object_id}" if event.object_id else ""
        detail = " ".join(f"{key}={text}" for key, text in event.detail_items)
        address = f" from {event.ip_address}" if event.ip_address else ""
        who = event.actor_name or "-"
        click.echo(f"{when} {who} {event.action}{record}{address} {detail}".rstrip())
