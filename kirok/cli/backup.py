"""`kirok backup`: a copy of the database and the sealed uploads, checked, and restored."""

from __future__ import annotations

from pathlib import Path

import click

from kirok.cli import django_setup
from kirok.cli.errors import KirokCommandError
from kirok.cli.linking import progress_bar


@click.group()
def backup() -> None:
    """Back up the database and uploaded files (never the keys), check a backup, restore one.

    A backup can only be read with the master key it was made with: keep that key apart,
    with `kirok keys export-backup`."""


def _backup_errors(action):
    from kirok.security.backups import BackupError

    try:
        return action()
    except BackupError as error:
        raise KirokCommandError(str(error), exit_code=1) from None


def _describe(manifest: dict) -> str:
    # Counts only help a person recognise the backup; a manifest may lack them.
    counts = manifest.get("counts") if isinstance(manifest.get("counts"), dict) else {}
    held = ", ".join(
        _counted(n, k.replace("_", " ")) for k, n in sorted(counts.items()) if isinstance(n, int)
    )
    return (
        f"made {manifest['created_at']} by Kirok {manifest['kirok_version']}; "
        f"{manifest['database']['engine']} database; {held or 'no counts'}; "
        f"master key fingerprint {manifest['master_key_fingerprint']}"
    )


def _counted(number: int, plural: str) -> str:
    # Every counted kind is a plain English plural in -s (persons, sources, audit events).
    return f"{number:,} {plural if number != 1 else plural.removesuffix('s')}"


@backup.command("create")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The backup file to write (it must not exist), e.g. kirok-2026-11-28.tar.gz.",
)
def backup_create(out: Path) -> None:
    """Write a backup: a consistent copy of the database and every sealed upload, with a
    manifest of checksums. Safe while Kirok is serving."""
    django_setup.require_current_database()
    from kirok.audit import services as audit
    from kirok.security import backups

    manifest = _backup_errors(lambda: backups.create(out, progress=progress_bar))
    audit.record(
        "backup_created",
        detail={"files": len(manifest["files"]), "bytes": out.stat().st_size},
    )
    click.echo(f"Wrote {out} ({out.stat().st_size:,} bytes): {_describe(manifest)}.")
    click.echo("It holds no key. Without the master key of that fingerprint it cannot be read.")


@backup.command("verify")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def backup_verify(archive: Path) -> None:
    """Read a backup whole: every checksum, and whether its database opens. Exit status 1
    on any fault. Says whether the master key here can open it."""
    django_setup.configure()
    from kirok.security import backups

    verified = _backup_errors(lambda: backups.verify(archive, progress=progress_bar))
    manifest = verified.manifest
    if not verified.database_ok:
        raise KirokCommandError(
            f"{archive}: the checksums match but its database does not open: "
            f"{verified.database_note}",
            exit_code=1,
        )
    files = _counted(len(manifest["files"]), "files")
    click.echo(f"{archive}: {files}, checksums match, database opens.")
    click.echo(f"  {_describe(manifest)}")
    click.echo(f"  {_key_here(manifest)}")


def _key_here(manifest: dict) -> str:
    """Whether the master key of this installation opens the backup."""
    from kirok.lib.crypto import CryptoError
    from kirok.security import keyring

    path = keyring.master_key_path()
    if not path.exists():
        return f"No master key at {path}: restore the backup's before restoring it."
    try:
        here = keyring.master_key().fingerprint
    except CryptoError as error:
        return f"The master key here cannot be read: {error}"
    if here == manifest.get("master_key_fingerprint"):
        return "The master key here opens it."
    return f"The master key here ({here}) cannot open it."


@backup.command("restore")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Replace an installation that already has a database; it is first saved as a "
    "backup in the data dir (before-restore-….tar.gz).",
)
def backup_restore(archive: Path, force: bool) -> None:
    """Put a backup's database and uploads in place of the configured ones. Stop Kirok
    first. Needs the master key the backup was made with; a backup made by an older Kirok
    is brought up to date afterwards (migrations and reference data, as `init --force`)."""
    django_setup.configure()
    from django.core.management import call_command

    from kirok.audit import services as audit
    from kirok.records.seeding import load_reference_data
    from kirok.security import backups

    restored = _backup_errors(lambda: backups.restore(archive, force=force, progress=progress_bar))
    # As `kirok init --force` after an upgrade: a backup made by an older Kirok gets this
    # version's tables and reference data (vocabularies, gazetteer); records are kept.
    call_command("migrate", interactive=False, verbosity=0)
    load_reference_data()
    audit.record(
        "backup_restored",
        detail={"made": restored.manifest["created_at"], "files": len(restored.manifest["files"])},
    )
    if restored.saved_before:
        click.echo(f"Saved what was here as {restored.saved_before}.")
    click.echo(f"Restored {archive}: {_describe(restored.manifest)}.")
