"""The `kirok` command: everything a person would script, one entry point.

Django is configured only when a subcommand needs it, after the environment (data dir,
database URL) has been settled, so that `kirok --help` works anywhere and a bad setting is
reported as one line instead of a traceback.
"""

from __future__ import annotations

import sys

import click

from kirok.cli import (
    accounts,
    audit,
    backup,
    estimate,
    extract,
    imports,
    ingest,
    keys,
    language,
    linking,
    names,
    serving,
    setup,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kirok", prog_name="kirok")
def cli() -> None:
    """Kirok (기록): documentation of enforced disappearance, detention and abduction.

    Settings come from KIROK_* environment variables; see docs/deployment/configuration.md.
    """


cli.add_command(setup.init)
cli.add_command(setup.doctor)
cli.add_command(setup.manage)
cli.add_command(accounts.createuser)
cli.add_command(serving.serve)
cli.add_command(serving.demo)
cli.add_command(serving.demo_data)
cli.add_command(names.names)
cli.add_command(language.places)
cli.add_command(keys.keys)
cli.add_command(backup.backup)
cli.add_command(language.dates)
cli.add_command(audit.audit)
cli.add_command(linking.link)
cli.add_command(estimate.estimate_command)
cli.add_command(ingest.ingest)
cli.add_command(imports.import_command)
cli.add_command(extract.extract_command)


def main() -> None:
    """Console-script entry point; known failures become one line and exit status 2."""
    from kirok.cli.errors import KirokCommandError, one_line

    try:
        # Outside standalone mode click returns, rather than raises, a command's ctx.exit(N).
        status = cli.main(standalone_mode=False)
        if isinstance(status, int) and status:
            sys.exit(status)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.ClickException as error:
        error.show()
        sys.exit(error.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(1)
    except KirokCommandError as error:
        click.echo(f"kirok: {error}", err=True)
        sys.exit(error.exit_code)
    except Exception as error:
        message = one_line(error)
        if message is None:
            raise
        click.echo(f"kirok: {message}", err=True)
        sys.exit(2)
