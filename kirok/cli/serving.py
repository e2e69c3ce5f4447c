"""`kirok serve`, `kirok demo` and `kirok demo-data`."""

from __future__ import annotations

import gc
import os
import shutil
import sys
from pathlib import Path

import click

from kirok.cli import django_setup
from kirok.cli.errors import KirokCommandError

DEMO_ACCOUNTS = (("demo", "coordinator"), ("demo-admin", "administrator"))


def freeze_startup_objects() -> None:
    """Put what the process loaded to serve (code, settings, URL patterns, every view) out
    of the garbage collector's reach: it lives as long as the process. A full collection
    walked those 140,000 objects in 60 ms, added to whichever request set it off (a page's
    p95 at 100,000 incidents went over 150 ms for it); after freezing, 8 ms."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- reading it imports every view module now
    gc.collect()
    gc.freeze()


def _run_server(host: str, port: int, threads: int) -> None:
    from waitress import serve as waitress_serve

    from kirok.wsgi import application

    freeze_startup_objects()
    waitress_serve(application, host=host, port=port, threads=threads, ident="Kirok")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--threads", default=8, show_default=True, type=click.IntRange(1, 64))
def serve(host: str, port: int, threads: int) -> None:
    """Serve Kirok with a production WSGI server (waitress); static files via WhiteNoise."""
    django_setup.require_current_database()
    click.echo(f"Kirok is serving at http://{host}:{port}/ (Ctrl+C to stop)")
    _run_server(host, port, threads)


def _progress(stage: str, done: int, total: int) -> None:
    end = "\n" if done >= total else "\r"
    if sys.stderr.isatty() or done >= total:
        click.echo(f"  {stage:<14} {done:>7}/{total}", err=True, nl=False)
        click.echo(end, err=True, nl=False)


def _load_demo(seed: int, scale: int) -> dict[str, int]:
    from kirok.records import demo as demo_records

    click.echo(f"Generating and loading synthetic demo data (seed {seed}, scale {scale}) …")
    try:
        counts = demo_records.load(seed=seed, scale=scale, progress=_progress)
    except demo_records.DemoAlreadyLoaded as error:
        raise KirokCommandError(str(error)) from None
    summary = ", ".join(f"{value} {key}" for key, value in counts.items() if key != "total_rows")
    click.echo(f"Loaded {summary}. Every person in it is fictional.")
    return counts


def _link_demo() -> None:
    """Link the demo's person records, as an analyst does after loading several lists, so
    that its Identities, review queue and estimation page show what they are for."""
    import logging

    from kirok.cli.linking import progress_bar
    from kirok.linkage import services

    logging.getLogger("splink").setLevel(logging.ERROR)
    click.echo("Linking the demo's person records (record linkage) …")
    run = services.run_linkage(None, progress_bar)
    click.echo(
        f"Linked {run.record_count} person records: {run.cluster_count} identities hold "
        f"several records; {run.pair_count} candidate pairs are in the review queue."
    )


def _demo_inbox(seed: int) -> None:
    from kirok.records import demo as demo_records

    added = demo_records.add_inbox(seed)
    proposed = sum(count for _source, count in added)
    click.echo(
        f"Added {len(added)} news items not recorded yet: {proposed} records are proposed "
        "for review on their sources' pages:"
    )
    for source, _count in added:
        click.echo(f"  {source.title}")


def _demo_chinese_notices(seed: int) -> None:
    from kirok.records import demo as demo_records

    added = demo_records.add_chinese_notices(seed)
    click.echo(
        f"Added {len(added)} Chinese detention notices, cited by nothing yet, that name "
        "people of the demo in Chinese characters; search for one of them in Hangul or in "
        "Latin letters to find them, and on a notice's page, 'Propose records from the "
        "text' reads what it tells:"
    )
    for source, name in added:
        click.echo(f"  {name}: {source.title}")


@click.command("demo-data")
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same data.")
@click.option(
    "--scale",
    default=1,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Multiplies every count (scale 1: 500+ persons, 200 incidents).",
)
def demo_data(seed: int, scale: int) -> None:
    """Load the synthetic, fictional demo data set into the configured database."""
    django_setup.require_current_database()
    _load_demo(seed, scale)


def _default_demo_dir() -> Path:
    from kirok import config

    return config.data_dir().with_name(config.data_dir().name + "-demo")


def _reset_demo_passwords() -> list[tuple[str, str, str]]:
    """Fresh random passwords for the demo accounts at every start, printed once."""
    from django.contrib.auth import get_user_model

    from kirok.accounts import services
    from kirok.records import demo as demo_records

    User = get_user_model()
    logins = []
    for name, role in DEMO_ACCOUNTS:
        password = services.one_time_password()
        user = User.objects.filter(username=name).first()
        if user is None:
            user = services.create_account(name, role, password)
        else:
            user.set_password(password)
            user.save(update_fields=["password"])
        if role != "administrator":
            # Demo records sit in the demo case; administrators see no records by design.
            demo_records.grant_access(user, can_edit=True)
        logins.append((name, role, password))
    return logins


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The demo's own data dir (default: the data dir's name + '-demo').",
)
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--scale", default=1, show_default=True, type=click.IntRange(1, 100))
@click.option("--reset", is_flag=True, help="Delete the demo data dir and start afresh.")
@click.option("--no-serve", is_flag=True, help="Prepare the demo and print the logins only.")
def demo(host, port, data_dir, seed, scale, reset, no_serve) -> None:
    """Run Kirok on synthetic, fictional data in a separate data dir, and serve it."""
    from kirok.cli.setup import initialise

    if os.environ.get("KIROK_DATABASE_URL", "").strip():
        raise KirokCommandError(
            "The demo always uses its own SQLite file; unset KIROK_DATABASE_URL to run it."
        )
    directory = (data_dir or _default_demo_dir()).expanduser().resolve()
    if reset and directory.exists():
        shutil.rmtree(directory)
    fresh = not (directory / "kirok.sqlite3").exists()
    django_setup.use_data_dir(directory)
    os.environ["KIROK_DEMO"] = "true"
    # The demo is a throwaway on fictional data, opened by whoever is shown it: asking each
    # visitor to set up an authenticator app would only get in the way. Real deployments
    # keep the default (true); the demo banner says it is off.
    os.environ["KIROK_REQUIRE_2FA"] = "false"
    if fresh:
        click.echo(f"Creating the demo in {directory}")
        initialise(directory, force=True)
        _load_demo(seed, scale)
        _link_demo()
        _demo_inbox(seed)
        _demo_chinese_notices(seed)
    else:
        click.echo(f"Using the existing demo in {directory} (--reset starts afresh)")
        django_setup.configure()
        if django_setup.pending_migrations():
            # The demo is Kirok's own throwaway: it follows an upgrade without being asked.
            click.echo("Bringing the demo's database up to date with this version of Kirok …")
            initialise(directory, force=True, quiet=True)
    logins = _reset_demo_passwords()
    click.echo("")
    click.echo("DEMO — every person, incident and source in it is fictional.")
    click.echo("Two-factor authentication is off in the demo (KIROK_REQUIRE_2FA=false).")
    click.echo(f"Open http://{host}:{port}/ and log in as:")
    for name, role, password in logins:
        click.echo(f"  {name:<11} ({role}) password: {password}")
    if not no_serve:
        _run_server(host, port, threads=8)
