"""`kirok keys`: the encryption keys — status, rotation, backup."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kirok.cli import django_setup
from kirok.cli.errors import KirokCommandError


def _crypto_errors(action):
    from kirok.lib.crypto import CryptoError

    try:
        return action()
    except CryptoError as error:
        raise KirokCommandError(str(error)) from None


@click.group()
def keys() -> None:
    """The keys that encrypt names, birth dates, contact details, testimony and files."""


@keys.command("status")
def keys_status() -> None:
    """Show the master key file and fingerprint, and the data keys it opens."""
    django_setup.require_current_database()
    from kirok.security import services

    found = _crypto_errors(services.status)
    click.echo(f"Master key: {found.master_path} (fingerprint {found.master_fingerprint})")
    for key_id, purpose, active, fingerprint in found.data_keys:
        state = "active" if active else "retired"
        click.echo(f"  data key {key_id:<4} {purpose:<7} {state:<8} wrapped by {fingerprint}")


def _progress(stage: str, done: int, total: int) -> None:
    if done >= total:
        click.echo(f"  {stage:<28} {total:>8} re-encrypted", err=True)


@keys.command("rotate")
@click.option(
    "--reencrypt",
    is_flag=True,
    help="Also replace the data keys and re-encrypt every value and file (slower; use it "
    "when a data key may have leaked). Without it only the master key is replaced.",
)
def keys_rotate(reencrypt: bool) -> None:
    """Replace the master key (re-wrapping the data keys), and with --reencrypt the data
    keys too. Back up the new master key afterwards."""
    django_setup.require_current_database()
    from kirok.audit import services as audit
    from kirok.security import services

    fingerprint = _crypto_errors(services.rotate_master_key)
    click.echo(f"New master key written (fingerprint {fingerprint}); the data keys re-wrapped.")
    if reencrypt:
        counts = _crypto_errors(lambda: services.reencrypt_all(progress=_progress))
        click.echo(f"Re-encrypted {sum(counts.values())} rows with new data keys.")
    audit.record("keys_rotated", detail={"reencrypt": reencrypt, "fingerprint": fingerprint})
    click.echo("Now back up the new master key: kirok keys export-backup --out FILE")


@keys.command("export-backup")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the backup (it must not exist).",
)
@click.option(
    "--passphrase-stdin",
    is_flag=True,
    help="Read the passphrase from standard input instead of asking twice.",
)
def keys_export_backup(out: Path, passphrase_stdin: bool) -> None:
    """Write the master key, sealed with a passphrase, for safe keeping apart from backups.

    Without the master key a database backup cannot be read, by anyone: keep this file and
    its passphrase somewhere else (paper in a safe, an offline USB key)."""
    django_setup.require_current_database()
    from kirok.audit import services as audit
    from kirok.security import services

    if out.exists():
        raise KirokCommandError(f"{out} already exists; choose a new file.")
    if passphrase_stdin:
        passphrase = sys.stdin.readline().rstrip("\r\n")
    else:
        passphrase = click.prompt("Passphrase", hide_input=True, confirmation_prompt=True)
    blob = _crypto_errors(lambda: services.export_backup(passphrase))
    out.touch(mode=0o600)
    out.write_bytes(blob)
    audit.record("keys_backup_exported")
    click.echo(f"Wrote the sealed master key to {out}.")


@keys.command("import-backup")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--passphrase-stdin", is_flag=True, help="Read the passphrase from standard input.")
def keys_import_backup(backup: Path, passphrase_stdin: bool) -> None:
    """Restore the master key file from a backup made by export-backup (it must not exist)."""
    django_setup.configure()
    from kirok.lib import crypto
    from kirok.security import keyring

    path = keyring.master_key_path()
    if path.exists():
        raise KirokCommandError(f"{path} exists; move it away first if you mean to replace it.")
    if passphrase_stdin:
        passphrase = sys.stdin.readline().rstrip("\r\n")
    else:
        passphrase = click.prompt("Passphrase", hide_input=True)
    key = _crypto_errors(lambda: crypto.import_backup(backup.read_bytes(), passphrase))
    crypto.write_master_key(path, key)
    click.echo(f"Restored the master key to {path} (fingerprint {key.fingerprint}).")
