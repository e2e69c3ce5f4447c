"""`kirok createuser`."""

from __future__ import annotations

import sys

import click

from kirok.accounts.roles import Role
from kirok.cli import django_setup
from kirok.cli.errors import KirokCommandError


@click.command()
@click.argument("name")
@click.option("--role", type=click.Choice(Role.values), required=True, help="The account's role.")
@click.option("--email", default="", help="E-mail address (optional).")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input (never from the command line, where other "
    "accounts could see it in the process list).",
)
def createuser(name: str, role: str, email: str, password_stdin: bool) -> None:
    """Create an account NAME with a role; for administrators who script."""
    from django.core.exceptions import ValidationError

    if not password_stdin:
        raise click.UsageError("Give the password on standard input with --password-stdin.")
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise KirokCommandError("No password on standard input.")
    django_setup.require_current_database()
    from kirok.accounts import services

    try:
        services.create_account(name, role, password, email=email)
    except ValidationError as error:
        raise KirokCommandError(" ".join(error.messages)) from None
    click.echo(f"Created {role} {name}.")
