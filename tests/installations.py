"""Kirok installations for the tests that run the ``kirok`` command in a subprocess.

``kirok init`` runs every migration (about ten seconds); a test that only needs an
installation gets a copy of one built once: the data dir copied (keys keep their modes)
and the database cloned (a SQLite file copy, or PostgreSQL's CREATE DATABASE … TEMPLATE).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tests.plugins.database import create_database, drop_database


def kirok(env: dict[str, str], *args: str, stdin: str = "", timeout: int = 300):
    """Run ``kirok ARGS`` with ``env``; the completed process, output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "kirok", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def python(env: dict[str, str], code: str, timeout: int = 120) -> str:
    """Run Python ``code`` in a fresh process with ``env``; the last line it printed."""
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip().splitlines()[-1]


def environment(data_dir: Path, database_url: str, **extra: str) -> dict[str, str]:
    """This process's environment without any KIROK_ setting, plus an installation's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIROK_")}
    env.update(KIROK_DATA_DIR=str(data_dir), KIROK_DATABASE_URL=database_url, **extra)
    return env


@contextmanager
def built(root: Path, commands: Sequence[Sequence[str]], **extra: str) -> Iterator[dict[str, str]]:
    """A new installation under ``root``, made by running each of ``commands`` in turn;
    its database is dropped on leaving."""
    env = environment(root / "data", create_database(root / "template.sqlite3"), **extra)
    try:
        for args in commands:
            done = kirok(env, *args)
            assert done.returncode == 0, done.stderr
        yield env
    finally:
        drop_database(env["KIROK_DATABASE_URL"])


@contextmanager
def copied(template: dict[str, str], tmp_path: Path) -> Iterator[dict[str, str]]:
    """A copy of the installation ``template`` that a test may change at will."""
    shutil.copytree(template["KIROK_DATA_DIR"], tmp_path / "data")
    url = create_database(tmp_path / "copy.sqlite3", template["KIROK_DATABASE_URL"])
    try:
        yield dict(template, KIROK_DATA_DIR=str(tmp_path / "data"), KIROK_DATABASE_URL=url)
    finally:
        drop_database(url)
