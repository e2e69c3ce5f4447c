"""The Korean catalogue is complete, not fuzzy, and its compiled .mo is up to date."""

import ast
import gettext
from pathlib import Path

import kirok

LOCALE = Path(kirok.__file__).parent / "locale" / "ko" / "LC_MESSAGES"


def po_entries(path: Path = LOCALE / "django.po") -> list[dict]:
    """(msgctxt, msgid, msgid_plural, msgstr…, flags) of a .po file; a small reader, no gettext."""
    entries, entry, field = [], {}, None
    for line in [*path.read_text("utf-8").splitlines(), ""]:
        if not line.strip():
            if entry:
                entries.append(entry)
            entry, field = {}, None
        elif line.startswith("#,"):
            entry["flags"] = line[2:].strip()
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)
    return entries


def test_every_message_has_a_korean_translation_and_none_is_fuzzy():
    entries = po_entries()
    assert len(entries) > 300
    for entry in entries:
        assert "fuzzy" not in entry.get("flags", ""), entry
        if entry["msgid"]:
            translations = [v for k, v in entry.items() if k.startswith("msgstr")]
            assert translations and all(translations), entry


def test_the_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)._catalog
    for entry in po_entries():
        if not entry["msgid"]:
            continue
        key = entry["msgid"]
        if "msgctxt" in entry:
            key = f"{entry['msgctxt']}\x04{key}"
        if "msgid_plural" in entry:
            assert catalogue[(key, 0)] == entry["msgstr[0]"], key
        else:
            assert catalogue[key] == entry["msgstr"], key


def test_every_string_marked_in_the_code_is_in_the_korean_catalogue(tmp_path):
    # Extract the messages afresh from a copy of the package (makemessages rewrites the
    # catalogue in place) and compare: a string added without a translation fails here.
    import os
    import shutil
    import subprocess
    import sys

    import pytest

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext is not installed (make test installs it)")
    copy = tmp_path / "kirok"
    shutil.copytree(Path(kirok.__file__).parent, copy, ignore=shutil.ignore_patterns("*.pyc"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "ko", "--no-obsolete"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": ""},
    )
    fresh = po_entries(copy / "locale" / "ko" / "LC_MESSAGES" / "django.po")
    untranslated = [
        entry["msgid"]
        for entry in fresh
        if entry["msgid"]
        and ("fuzzy" in entry.get("flags", "") or not entry.get("msgstr", entry.get("msgstr[0]")))
    ]
    assert untranslated == [], "run makemessages, then translate these strings"
