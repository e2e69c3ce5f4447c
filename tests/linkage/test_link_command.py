"""`kirok link run` and `kirok link undo`, run in-process on the test database.

(`kirok link --help` runs as a subprocess, as a person would type it.)
"""

from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from kirok.cli import cli
from kirok.linkage.models import LinkageRun
from kirok.records.models import Person


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_link_explains_itself():
    done = subprocess.run(
        [sys.executable, "-m", "kirok", "link", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    for command in ("run", "undo", "dedupe"):
        assert command in done.stdout


def test_link_run_links_the_persons_prints_a_summary_and_shows_progress(people):
    result = invoke("link", "run")
    assert result.exit_code == 0, result.output
    run = LinkageRun.objects.get()
    assert f"Linkage run {run.public_id}" in result.stdout
    assert "persons read          5" in result.stdout
    assert "identities (2+ rec.)  1" in result.stdout
    assert "[" in result.stderr and "]" in result.stderr  # the progress bar
    woman = Person.objects.get(pk=people.kim_hyesong.pk)
    assert woman.identity is not None
    assert Person.objects.get(pk=people.kim_hyesong_latin.pk).identity == woman.identity
    assert run.started_by is None


def test_link_undo_puts_the_identities_back(people):
    invoke("link", "run")
    run = LinkageRun.objects.get()
    result = invoke("link", "undo", str(run.public_id))
    assert result.exit_code == 0, result.output
    assert "2 persons got their identity back" in result.stdout
    assert Person.objects.get(pk=people.kim_hyesong.pk).identity is None
    again = CliRunner().invoke(cli, ["link", "undo", str(run.public_id)])
    assert again.exit_code != 0


def test_link_undo_of_an_unknown_run_is_a_clear_error(db):
    from kirok.cli.errors import KirokCommandError

    result = CliRunner().invoke(cli, ["link", "undo", "not-a-run"])
    assert isinstance(result.exception, KirokCommandError)
    assert "No linkage run not-a-run" in str(result.exception)
