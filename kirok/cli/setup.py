"""`kirok init`, `kirok doctor` and `kirok manage`."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import click

from kirok.cli import django_setup
from kirok.cli.errors import KirokCommandError


def initialise(data_dir: Path, *, force: bool, quiet: bool = False) -> None:
    """Create the data dir, migrate and load the reference data (shared by init and demo)."""
    from kirok import config

    if data_dir.exists() and any(data_dir.iterdir()) and not force:
        raise KirokCommandError(
            f"{data_dir} already exists and is not empty; Kirok will not touch it. "
            "Use --force to initialise it anyway (existing records are kept)."
        )
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    data_dir.chmod(0o700)
    (data_dir / "uploads").mkdir(exist_ok=True, mode=0o700)
    config.secret_key(data_dir)  # written now, with mode 0600, not at some later request
    django_setup.configure()
    from django.core.management import call_command

    if django_setup.database_has_tables() and not force:
        raise KirokCommandError(
            "The database already holds tables; Kirok will not touch it. "
            "Use --force to migrate it and reload reference data."
        )
    call_command("migrate", interactive=False, verbosity=0)
    from kirok.records.seeding import load_reference_data
    from kirok.security import services as key_services

    if key_services.ensure_keys() and not quiet:
        click.echo("Created the master key; back it up with `kirok keys export-backup`.")

    counts = load_reference_data()
    if not quiet:
        click.echo(
            f"Loaded {counts['terms']} vocabulary terms, {counts['places']} places and "
            f"{counts['organizations']} organizations."
        )


@click.command()
@click.option("--force", is_flag=True, help="Initialise even if the data dir or database exists.")
@click.option(
    "--admin",
    "admin_name",
    default="admin",
    show_default=True,
    help="Name of the first administrator account.",
)
def init(force: bool, admin_name: str) -> None:
    """Create the data dir and database, load vocabularies and the gazetteer, and create the
    first administrator with a one-time password."""
    from kirok import config

    data_dir = config.data_dir()
    click.echo(f"Initialising Kirok in {data_dir}")
    initialise(data_dir, force=force)
    from django.contrib.auth import get_user_model

    from kirok.accounts import services

    if get_user_model().objects.filter(username=admin_name).exists():
        click.echo(f"The account {admin_name!r} exists already; its password is unchanged.")
        return
    password = services.one_time_password()
    services.create_account(admin_name, "administrator", password, must_change_password=True)
    click.echo(f"Administrator: {admin_name}")
    click.echo(f"One-time password (shown once; you must change it at first login): {password}")


def _check_secret_file(path: Path) -> str | None:
    if not path.exists():
        return f"{path} is missing; run `kirok init`"
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        return f"{path} is readable by other accounts; run chmod 600 {path}"
    return None


def _doctor_checks():
    """Yield (label, problem-or-None) pairs, stopping after a check others depend on fails."""
    from kirok import config

    try:
        data_dir = config.data_dir()
        database = config.database_settings(data_dir)
        debug = config.env_bool("KIROK_DEBUG")
    except config.ConfigurationError as error:
        yield "settings", str(error)
        return
    yield "settings", None
    if not data_dir.is_dir():
        yield f"data dir {data_dir}", "missing; run `kirok init`"
        return
    loose = stat.S_IMODE(data_dir.stat().st_mode) & 0o077
    yield (
        f"data dir {data_dir}",
        f"open to other accounts; run chmod 700 {data_dir}" if loose else None,
    )
    key_file = Path(os.environ.get("KIROK_SECRET_KEY_FILE", data_dir / "secret_key")).expanduser()
    yield "secret key", _check_secret_file(key_file)
    yield "debug mode", "KIROK_DEBUG is on: never on a server with real data" if debug else None
    django_setup.configure()
    from django.db import connection

    try:
        connection.ensure_connection()
    except Exception as error:
        yield f"database ({database['ENGINE'].rsplit('.', 1)[-1]})", str(error).splitlines()[0]
        return
    yield f"database ({connection.vendor})", None
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            keys = cursor.execute("PRAGMA foreign_keys").fetchone()[0]
        yield (
            "SQLite WAL mode and foreign keys",
            (None if mode == "wal" and keys == 1 else f"journal_mode={mode}, foreign_keys={keys}"),
        )
    pending = django_setup.pending_migrations()
    yield "migrations", f"{len(pending)} not applied; run `kirok init --force`" if pending else None
    if pending:
        return
    from kirok.vocabularies.models import Term

    yield (
        "reference data",
        None if Term.objects.exists() else "not loaded; run `kirok init --force`",
    )
    yield "encryption keys", _check_keys()


def _check_keys() -> str | None:
    from kirok.lib.crypto import CryptoError
    from kirok.security import keyring, services

    try:
        services.status()
    except CryptoError as error:
        staged = keyring.master_key_path().with_name(keyring.master_key_path().name + ".new")
        hint = f" A rotation was interrupted: try {staged}." if staged.exists() else ""
        return f"{error}{hint}"
    return None


@click.command()
def doctor() -> None:
    """Check settings, data dir, keys, database and migrations; exit 1 on a problem."""
    problems = 0
    for label, problem in _doctor_checks():
        if problem:
            problems += 1
            click.echo(f"✗ {label}: {problem}")
        else:
            click.echo(f"✓ {label}")
    if problems:
        raise KirokCommandError(f"{problems} problem(s) found.", exit_code=1)
    click.echo("All checks passed.")


@click.command(
    context_settings={"ignore_unknown_options": True, "allow_extra_args": True},
    add_help_option=False,
)
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run one of Django's management commands, e.g. `kirok manage migrate`.

    `kirok manage help` lists them.
    """
    django_setup.configure()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["kirok manage", *(args or ("help",))])
