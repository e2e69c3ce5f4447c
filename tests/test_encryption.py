"""Encryption at rest: a copied database reveals no name and no word of testimony; keys
rotate without losing anything; a wrong key fails loudly. (Security issue, part 2.)

The tests that look at the raw database build a real one with the `kirok` command in a
subprocess, on the session's database kind, from the synthetic demo data whose plaintexts
the generator gives back without any decryption.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from kirok.lib.synthetic import generate
from kirok.lib.synthetic.documents import DOCUMENTING_ORGANIZATIONS
from kirok.security import indexing
from tests import installations
from tests.installations import kirok

SEED = 4


def protected_plaintexts() -> set[str]:
    """Names in Hangul and Latin, and distinctive sentences of testimony and titles."""
    data = generate(seed=SEED, scale=1)
    texts = {name.text for person in data.persons for name in person.names}
    for source in data.sources:
        sentences = [s.strip() for s in re.split(r"[.\n]", source.text) if len(s.strip()) > 25]
        texts |= set(sentences[:5])
    texts |= {incident.title for incident in data.incidents}
    # The groups that provided sources are reference data, stored in clear like every
    # organization (a report's second line names its author).
    texts -= {name for group in DOCUMENTING_ORGANIZATIONS for name in (group.en, group.ko)}
    return {text for text in texts if len(text) >= 2}


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory) -> Iterator[dict[str, str]]:
    """Built once: `kirok init` and the demo data, in a data dir and database of its own."""
    root = tmp_path_factory.mktemp("seeded")
    with installations.built(root, [["init"], ["demo-data", "--seed", str(SEED)]]) as env:
        yield env


@pytest.fixture
def seeded(tmp_path: Path, seeded_template: dict[str, str]) -> Iterator[dict[str, str]]:
    """A copy of the seeded data dir and database that a test may change at will."""
    with installations.copied(seeded_template, tmp_path) as env:
        yield env


def leaked(raw: bytes, plaintexts: set[str]) -> list[str]:
    return sorted(text for text in plaintexts if text.encode("utf-8") in raw)


@pytest.mark.sqlite_only
def test_the_raw_sqlite_file_holds_no_name_and_no_testimony(seeded):
    data_dir = Path(seeded["KIROK_DATA_DIR"])
    database = Path(seeded["KIROK_DATABASE_URL"].removeprefix("sqlite://"))
    raw = b"".join(
        path.read_bytes()
        for path in [database, *database.parent.glob(database.name + "-*"), *data_dir.rglob("*")]
        if path.is_file() and path.name != "master.key"
    )
    plaintexts = protected_plaintexts()
    assert len(plaintexts) > 800
    assert "김" in "".join(plaintexts)  # the check is meaningful: Hangul names are in the set
    assert leaked(raw, plaintexts) == []


@pytest.mark.postgresql_only
def test_a_pg_dump_holds_no_name_and_no_testimony(seeded):
    from tests.plugins.database import _bindir

    dump = subprocess.run(
        [str(_bindir() / "pg_dump"), "--no-owner", seeded["KIROK_DATABASE_URL"]],
        capture_output=True,
        timeout=300,
        check=True,
    ).stdout
    assert b"records_personname" in dump
    assert leaked(dump, protected_plaintexts()) == []


def test_rotating_the_master_key_keeps_every_record_readable(seeded):
    before = kirok(seeded, "keys", "status").stdout
    rotated = kirok(seeded, "keys", "rotate")
    assert rotated.returncode == 0, rotated.stderr
    after = kirok(seeded, "keys", "status").stdout
    fingerprint = re.search(r"fingerprint (\w+)", after).group(1)
    assert fingerprint not in before
    assert kirok(seeded, "doctor").returncode == 0
    assert names_readable(seeded) > 600


def test_reencrypting_replaces_the_data_keys_and_keeps_names_findable(seeded):
    done = kirok(seeded, "keys", "rotate", "--reencrypt")
    assert done.returncode == 0, done.stderr
    status = kirok(seeded, "keys", "status").stdout
    assert "data key 4" in status and "data key 1 " not in status
    assert names_readable(seeded) > 600


def names_readable(env: dict[str, str]) -> int:
    """Open every name in a fresh process and find one by another spelling."""
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='kirok.settings'; django.setup()\n"
        "from kirok.records.models import PersonName\n"
        "names = list(PersonName.objects.all())\n"
        "first = next(n for n in names if n.script == 'hangul')\n"
        "assert first in PersonName.objects.spelled_like(first.text)\n"
        "print(sum(1 for n in names if n.text))\n"
    )
    return int(installations.python(env, code))


def test_a_wrong_master_key_fails_loudly_and_a_backup_restores_the_right_one(seeded, tmp_path):
    backup = tmp_path / "master.backup"
    exported = kirok(
        seeded,
        "keys",
        "export-backup",
        "--out",
        str(backup),
        "--passphrase-stdin",
        stdin="a long passphrase for the safe\n",
    )
    assert exported.returncode == 0, exported.stderr
    key_file = Path(seeded["KIROK_DATA_DIR"]) / "master.key"
    shutil.move(key_file, tmp_path / "right.key")

    other = dict(seeded, KIROK_DATA_DIR=str(tmp_path / "other"))
    assert kirok(other, "keys", "status").returncode != 0  # no key at all: refused
    (tmp_path / "other").mkdir()
    shutil.copy(tmp_path / "right.key", tmp_path / "spare.key")
    from kirok.lib import crypto

    crypto.write_master_key(key_file, crypto.MasterKey.generate())
    wrong = kirok(seeded, "doctor")
    assert wrong.returncode == 1
    assert "wrong or replaced master key" in wrong.stdout
    names = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
            "'kirok.settings'; django.setup(); from kirok.records.models import PersonName; "
            "print(PersonName.objects.first().text)",
        ],
        env=seeded,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert names.returncode != 0
    assert "CryptoError" in names.stderr

    key_file.unlink()
    restored = kirok(
        seeded,
        "keys",
        "import-backup",
        str(backup),
        "--passphrase-stdin",
        stdin="a long passphrase for the safe\n",
    )
    assert restored.returncode == 0, restored.stderr
    assert kirok(seeded, "doctor").returncode == 0


@pytest.mark.django_db
def test_encrypted_fields_refuse_sql_searches_that_would_silently_fail():
    from kirok.records.models import Incident

    with pytest.raises(TypeError, match="encrypted"):
        list(Incident.objects.filter(title__icontains="체포"))
    with pytest.raises(TypeError, match="encrypted"):
        list(Incident.objects.filter(title="체포"))
    assert Incident.objects.filter(summary="").count() >= 0


@pytest.mark.django_db
def test_testimony_is_found_by_a_word_inside_a_longer_korean_word():
    from tests.factories import make_source

    source = make_source(text="그날 밤 온성군 보위부는 김혜송을 데려갔다.")
    make_source(text="보안서와 위부대는 다른 기관이다.")  # has the pieces 보-위, 위-부 apart
    from kirok.sources.models import Source

    assert indexing.search(Source.objects.all(), "보위부", ("title", "text"), limit=10) == [source]
    assert indexing.search(Source.objects.all(), "온성군 보위부", ("title", "text"), limit=10) == [
        source
    ]
    assert indexing.search(Source.objects.all(), "Hyesan", ("title", "text"), limit=10) == []
