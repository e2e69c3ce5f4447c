"""Migrations are checked in and named for what they change."""

import re
from pathlib import Path

from django.core.management import call_command


def test_no_model_change_lacks_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_migrations_are_named_for_what_they_change():
    root = Path(__file__).resolve().parent.parent / "kirok"
    names = [p.stem for p in root.glob("*/migrations/0*.py")]
    assert names
    automatic = [n for n in names if re.fullmatch(r"\d{4}_(initial|auto_\d+_\d+)", n)]
    assert automatic == []
