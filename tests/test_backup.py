"""`kirok backup create|verify|restore`, run as an administrator would, on the session's
database (a SQLite file, or the test PostgreSQL server through pg_dump and pg_restore).

A backup must bring back every record and sealed file on another machine that has the
master key, hold no key and no readable name itself, and refuse a damaged, hostile or
foreign archive without changing anything.
"""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import installations
from tests.installations import kirok

SECRET_NAME = "김비밀순"
TESTIMONY = "보위부가 2019년 3월 새벽에 집에 들이닥쳤다. 아무도 행방을 모른다.".encode()

WITH_RECORDS = f"""
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kirok.settings")
django.setup()
from tests import factories
from kirok.sources import services
case = factories.make_case("백업 사례")
factories.make_person(cases=[case], names=[{{"text": "{SECRET_NAME}", "script": "hangul"}}])
source = factories.make_source(cases=[case])
services.store_attachment(source, "testimony.txt", {TESTIMONY!r}, "text/plain")
print("ok")
"""

READ_BACK = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kirok.settings")
django.setup()
from kirok.records.models import PersonName
from kirok.sources import services
from kirok.sources.models import Attachment
names = sorted(n.text for n in PersonName.objects.all())
files = [services.read_attachment(a) for a in Attachment.objects.all()]
print(repr((names, files)))
"""


@pytest.fixture(scope="module")
def recorded(tmp_path_factory) -> Iterator[dict[str, str]]:
    """An installation with a person, a source and its sealed file, built once."""
    root = tmp_path_factory.mktemp("recorded")
    with installations.built(root, [["init"]]) as env:
        assert installations.python(env, WITH_RECORDS) == "ok"
        yield env


@pytest.fixture
def installation(tmp_path: Path, recorded: dict[str, str]) -> Iterator[dict[str, str]]:
    with installations.copied(recorded, tmp_path / "a") as env:
        yield env


@pytest.fixture
def archive(tmp_path: Path, installation: dict[str, str]) -> Path:
    out = tmp_path / "kirok-backup.tar.gz"
    done = kirok(installation, "backup", "create", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture
def elsewhere(tmp_path: Path, fresh_database_url: str) -> dict[str, str]:
    """Another machine: an empty database and data dir."""
    (tmp_path / "b").mkdir(mode=0o700)
    return installations.environment(tmp_path / "b" / "data", fresh_database_url)


def _with_the_master_key(env: dict[str, str], source: dict[str, str]) -> None:
    data = Path(env["KIROK_DATA_DIR"])
    data.mkdir(mode=0o700, exist_ok=True)
    key = Path(source["KIROK_DATA_DIR"]) / "master.key"
    (data / "master.key").write_bytes(key.read_bytes())
    (data / "master.key").chmod(0o600)


def _read_back(env: dict[str, str]) -> tuple[list[str], list[bytes]]:
    import ast

    return ast.literal_eval(installations.python(env, READ_BACK))


def test_a_backup_brings_every_record_and_file_back_on_another_machine(
    archive, installation, elsewhere
):
    _with_the_master_key(elsewhere, installation)
    done = kirok(elsewhere, "backup", "restore", str(archive))
    assert done.returncode == 0, done.stderr
    assert "Restored" in done.stdout and "1 person," in done.stdout
    names, files = _read_back(elsewhere)
    assert SECRET_NAME in names
    assert files == [TESTIMONY]
    assert kirok(elsewhere, "audit", "verify").returncode == 0
    assert "backup_restored" in kirok(elsewhere, "audit", "tail", "-n", "1").stdout


def test_a_backup_holds_no_key_and_no_readable_name_or_testimony(archive, installation):
    assert archive.stat().st_mode & 0o777 == 0o600
    raw = gzip.decompress(archive.read_bytes())
    data = Path(installation["KIROK_DATA_DIR"])
    for secret in (
        (data / "master.key").read_bytes().strip(),
        (data / "secret_key").read_bytes().strip(),
    ):
        assert secret not in raw
    assert SECRET_NAME.encode() not in raw
    assert TESTIMONY[:30] not in raw
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    postgresql = installation["KIROK_DATABASE_URL"].startswith("postgresql")
    database = "database.pgdump" if postgresql else "database.sqlite3"
    assert names[:2] == ["kirok-backup/manifest.json", f"kirok-backup/{database}"]
    assert not any("key" in name for name in names)


def test_backing_up_is_audited_and_never_overwrites_a_file(archive, installation):
    assert "backup_created" in kirok(installation, "audit", "tail", "-n", "1").stdout
    again = kirok(installation, "backup", "create", "--out", str(archive))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_verify_reads_every_checksum_and_says_whether_the_key_here_opens_it(
    archive, installation, elsewhere
):
    done = kirok(installation, "backup", "verify", str(archive))
    assert done.returncode == 0, done.stderr
    assert "checksums match, database opens" in done.stdout
    assert "The master key here opens it." in done.stdout
    assert "No master key" in kirok(elsewhere, "backup", "verify", str(archive)).stdout


def test_a_restore_needs_the_master_key_the_backup_was_made_with(archive, elsewhere):
    assert kirok(elsewhere, "init").returncode == 0  # a key of its own
    done = kirok(elsewhere, "backup", "restore", str(archive), "--force")
    assert done.returncode == 1
    assert "cannot open it" in done.stderr and "kirok keys import-backup" in done.stderr
    names, _files = _read_back(elsewhere)
    assert SECRET_NAME not in names
    assert not list(Path(elsewhere["KIROK_DATA_DIR"]).glob("before-restore-*"))


def test_restoring_over_records_needs_force_and_first_saves_them(archive, installation, tmp_path):
    refused = kirok(installation, "backup", "restore", str(archive))
    assert refused.returncode == 1 and "--force" in refused.stderr
    done = kirok(installation, "backup", "restore", str(archive), "--force")
    assert done.returncode == 0, done.stderr
    (saved,) = Path(installation["KIROK_DATA_DIR"]).glob("before-restore-*.tar.gz")
    assert kirok(installation, "backup", "verify", str(saved)).returncode == 0
    names, files = _read_back(installation)
    assert SECRET_NAME in names and files == [TESTIMONY]


# --- Damaged and hostile archives (read in-process: nothing of the database is needed) ---


def _members(archive: Path) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(archive) as tar:
        return [(m, tar.extractfile(m).read()) for m in tar.getmembers()]


def _repacked(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for info, data in members:
            tar.addfile(info, io.BytesIO(data) if data is not None else None)
    return path


def _altered_database(members):
    altered = []
    for info, data in members:
        if info.name.endswith(("database.sqlite3", "database.pgdump")):
            data = data[:-1] + bytes([data[-1] ^ 1])
        altered.append((info, data))
    return altered


def _with_member(name: str, kind: bytes = tarfile.REGTYPE, linkname: str = ""):
    def change(members):
        info = tarfile.TarInfo(name)
        info.type, info.linkname, info.size = kind, linkname, 0 if kind != tarfile.REGTYPE else 4
        return [*members, (info, b"evil" if kind == tarfile.REGTYPE else None)]

    return change


def _with_manifest(**changes):
    def change(members):
        (info, data), *rest = members
        manifest = json.loads(data) | changes
        body = json.dumps(manifest).encode()
        info.size = len(body)
        return [(info, body), *rest]

    return change


HOSTILE = {
    "a changed byte": (_altered_database, "does not match its checksum"),
    "a path out of the backup": (
        _with_member("kirok-backup/../../evil"),
        "not a file Kirok writes",
    ),
    "an absolute path": (_with_member("/tmp/evil"), "not a file Kirok writes"),
    "a link": (
        _with_member("kirok-backup/uploads/x", tarfile.SYMTYPE, "/etc/passwd"),
        "not a file Kirok writes",
    ),
    "a file the manifest does not list": (
        _with_member("kirok-backup/uploads/abc"),
        "does not list",
    ),
    "another format": (_with_manifest(format="other"), "not a Kirok backup"),
    "a later format version": (_with_manifest(format_version=99), "format version 99"),
    "no key fingerprint": (_with_manifest(master_key_fingerprint=None), "key fingerprint"),
}


@pytest.mark.parametrize("fault", HOSTILE)
def test_a_damaged_or_hostile_backup_is_refused_before_anything_is_written(
    fault, archive, tmp_path, settings
):
    from kirok.security import backups

    change, message = HOSTILE[fault]
    bad = _repacked(tmp_path / "bad.tar.gz", change(_members(archive)))
    staging = tmp_path / "staging"
    staging.mkdir()
    with pytest.raises(backups.BackupError, match=message), backups.checked(bad, into=staging):
        pass
    assert not any(staging.iterdir())  # the unpacked part is gone
    assert not (tmp_path.parent / "evil").exists()


def test_a_file_that_is_no_backup_is_one_clear_line(installation, tmp_path):
    not_a_backup = tmp_path / "notes.tar.gz"
    not_a_backup.write_text("이건 백업이 아니다", encoding="utf-8")
    done = kirok(installation, "backup", "restore", str(not_a_backup), "--force")
    assert done.returncode == 1
    assert "is not a readable Kirok backup" in done.stderr
    assert "Traceback" not in done.stderr
    names, _files = _read_back(installation)
    assert SECRET_NAME in names  # untouched
