"""Backups of an installation: the database and the sealed uploads, never the keys.

A backup holds what a copied server holds at rest: ciphertext for names, birth dates,
contact details, testimony and files (DESIGN.md: assume a backup is one day copied). The
master key and Django's secret key stay out of it; the master key is kept apart with
``kirok keys export-backup``, and the manifest names its fingerprint so that a restore
can tell at once whether the key at hand opens this backup.

The archive (tar, gzip) holds ``kirok-backup/manifest.json`` first, then the database
(a consistent SQLite snapshot through SQLite's backup API, or a ``pg_dump`` custom-format
dump) and every sealed file of the uploads directory. The manifest lists each member's
size and SHA-256; reading a backup checks every one and refuses anything it does not list:
links, other paths, a member larger than stated.

A restore changes nothing until the whole archive has been read and checked, and needs
the master key the backup was made with. Over an installation that holds data it first
saves that installation as a backup of its own in the data dir, so a mistaken restore
destroys nothing.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from django.conf import settings
from django.db import connection, connections
from django.utils import timezone

FORMAT = "kirok-backup"
FORMAT_VERSION = 1
ROOT = "kirok-backup"
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRESQL_MEMBER = "database.pgdump"
# Every name a backup may hold; the uploads directory's names are random hex (sources).
MEMBER_NAME = re.compile(
    r"(database\.sqlite3|database\.pgdump|uploads/[A-Za-z0-9_-][A-Za-z0-9._-]{0,127})"
)
ENGINES = ("sqlite", "postgresql")
DESCRIBED = ("created_at", "kirok_version", "master_key_fingerprint")
MAX_MANIFEST_BYTES = 50 * 1024 * 1024
CHUNK = 1024 * 1024
# gzip's own default: on the demo's database 1% larger than level 9, in three quarters of the
# time (sealed values do not compress; the indexes and page slack do).
COMPRESSION = 6

Progress = Callable[[str, int, int], None]


def _silent(stage: str, done: int, total: int) -> None:
    pass


class BackupError(Exception):
    """A backup that cannot be made, read or restored; the message says why."""


@dataclass(frozen=True)
class Checked:
    """A backup read and checked member by member, unpacked in ``directory``."""

    manifest: dict
    directory: Path

    @property
    def database(self) -> Path:
        return self.directory / self.manifest["database"]["file"]

    @property
    def uploads(self) -> list[Path]:
        return [
            self.directory / name for name in self.manifest["files"] if name.startswith("uploads/")
        ]


# --- Making a backup ---------------------------------------------------------------------


def create(out: Path, *, progress: Progress | None = None) -> dict:
    """Write a backup of the configured installation to ``out`` (which must not exist);
    its manifest is returned. The file is created with mode 0600."""
    report = progress or _silent
    out = Path(out)
    if out.exists():
        raise BackupError(f"{out} already exists; choose a new file.")
    if not out.parent.is_dir():
        raise BackupError(f"{out.parent} is not a directory.")
    with tempfile.TemporaryDirectory(prefix=".kirok-backup-", dir=out.parent) as staging:
        staged = Path(staging)
        report("snapshot", 0, 1)
        database = _snapshot_database(staged)
        report("snapshot", 1, 1)
        members = {database.name: database} | _sealed_files()
        manifest = _manifest(database.name, members, report)
        _write_archive(out, manifest, members, report)
    return manifest


def _uploads_dir() -> Path:
    return Path(settings.MEDIA_ROOT)


def _sealed_files() -> dict[str, Path]:
    """The uploads directory's files, by member name. Kirok names them with random hex;
    anything else there (a desktop's index file) is not Kirok's and stays out."""
    uploads = _uploads_dir()
    found = sorted(p for p in uploads.iterdir() if p.is_file()) if uploads.is_dir() else []
    members = {f"uploads/{p.name}": p for p in found}
    return {name: path for name, path in members.items() if MEMBER_NAME.fullmatch(name)}


def _is_postgresql() -> bool:
    return connection.vendor == "postgresql"


def _snapshot_database(staged: Path) -> Path:
    if _is_postgresql():
        target = staged / POSTGRESQL_MEMBER
        _run_postgresql_tool(
            "pg_dump", ["--format=custom", "--no-owner", "--no-privileges", "--file", str(target)]
        )
        return target
    target = staged / SQLITE_MEMBER
    source = sqlite3.connect(settings.DATABASES["default"]["NAME"])
    copy = sqlite3.connect(target)
    try:
        # SQLite's online backup: a consistent copy, whatever the server is writing.
        source.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        copy.close()
        source.close()
    return target


def _manifest(database: str, members: dict[str, Path], report: Progress) -> dict:
    from kirok.security import keyring

    files = {}
    counter = _Counter("checksums", sum(p.stat().st_size for p in members.values()), report)
    for name, path in members.items():
        files[name] = {"bytes": path.stat().st_size, "sha256": _sha256(path, counter)}
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "kirok_version": version("kirok"),
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "database": {"engine": "postgresql" if _is_postgresql() else "sqlite", "file": database},
        "migrations": _applied_migrations(),
        "master_key_fingerprint": keyring.master_key().fingerprint,
        "counts": _counts(),
        "files": files,
    }


def _applied_migrations() -> list[str]:
    from django.db.migrations.recorder import MigrationRecorder

    return sorted(
        f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations()
    )


def _counts() -> dict[str, int]:
    """How many of the main records the backup holds, to recognise it (never their contents)."""
    from kirok.accounts.models import User
    from kirok.audit.models import AuditEvent
    from kirok.records.models import Incident, Person
    from kirok.sources.models import Attachment, Source

    models = {"persons": Person, "incidents": Incident, "sources": Source,
              "attachments": Attachment, "accounts": User, "audit_events": AuditEvent}  # fmt: skip
    return {name: model.objects.count() for name, model in models.items()}


class _Counter:
    """Reports a stage's progress in bytes (a database can be gigabytes)."""

    def __init__(self, stage: str, total: int, report: Progress) -> None:
        self.stage, self.total, self.report, self.done = stage, total, report, 0
        report(stage, 0, total)

    def add(self, count: int) -> None:
        self.done += count
        self.report(self.stage, self.done, self.total)


class _CountedReader:
    """A file whose reads are counted (tarfile reads the members it archives)."""

    def __init__(self, stream, counter: _Counter) -> None:
        self.stream, self.counter = stream, counter

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.counter.add(len(chunk))
        return chunk


def _sha256(path: Path, counter: _Counter) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            counter.add(len(chunk))
    return digest.hexdigest()


def _write_archive(out: Path, manifest: dict, members: dict[str, Path], report: Progress) -> None:
    descriptor = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as stream,
            tarfile.open(fileobj=stream, mode="w:gz", compresslevel=COMPRESSION) as tar,
        ):
            _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2, sort_keys=True).encode())
            counter = _Counter("archive", sum(p.stat().st_size for p in members.values()), report)
            for name, path in members.items():
                with path.open("rb") as content:
                    tar.addfile(_entry(name, path.stat().st_size), _CountedReader(content, counter))
    except BaseException:
        out.unlink(missing_ok=True)
        raise


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    tar.addfile(_entry(name, len(data)), io.BytesIO(data))


def _entry(name: str, size: int) -> tarfile.TarInfo:
    """A member's header: owner-only, no date (the manifest says when)."""
    info = tarfile.TarInfo(f"{ROOT}/{name}")
    info.size, info.mode, info.mtime = size, 0o600, 0
    return info


# --- Reading a backup --------------------------------------------------------------------


@contextmanager
def checked(
    archive: Path, *, into: Path | None = None, progress: Progress | None = None
) -> Iterator[Checked]:
    """Unpack ``archive`` into a private directory, checking every member against the
    manifest; raise BackupError at the first fault. The directory is removed afterwards."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file.")
    with tempfile.TemporaryDirectory(prefix=".kirok-restore-", dir=into) as staging:
        directory = Path(staging)
        try:
            with tarfile.open(archive, mode="r:*") as tar:
                manifest = _read_members(tar, directory, progress or _silent)
        except (tarfile.TarError, EOFError, zlib.error, gzip.BadGzipFile) as error:
            raise BackupError(f"{archive} is not a readable Kirok backup ({error}).") from None
        yield Checked(manifest, directory)


def _read_members(tar: tarfile.TarFile, directory: Path, report: Progress) -> dict:
    manifest = None
    counter = None
    seen: set[str] = set()
    for member in tar:
        name = _member_name(member)
        if name in seen:
            raise BackupError(f"The backup holds {name} twice.")
        seen.add(name)
        if name == MANIFEST:
            manifest = _parse_manifest(tar, member)
            needed = sum(entry["bytes"] for entry in manifest["files"].values())
            _check_room(needed, directory)
            counter = _Counter("reading", needed, report)
            continue
        if manifest is None:
            raise BackupError("The backup's manifest is not its first member.")
        expected = manifest["files"].get(name)
        if expected is None:
            raise BackupError(f"The backup holds {name}, which its manifest does not list.")
        _unpack(tar, member, directory / name, expected, counter)
    if manifest is None:
        raise BackupError("The backup has no manifest.")
    missing = sorted(set(manifest["files"]) - seen)
    if missing:
        raise BackupError(
            f"The backup lacks {len(missing)} file(s) its manifest lists, {missing[0]} first."
        )
    return manifest


def _member_name(member: tarfile.TarInfo) -> str:
    prefix = f"{ROOT}/"
    name = member.name.removeprefix(prefix)
    ours = member.name.startswith(prefix) and (name == MANIFEST or MEMBER_NAME.fullmatch(name))
    if not member.isreg() or not ours:
        raise BackupError(f"The backup holds {member.name!r}, which is not a file Kirok writes.")
    return name


def _parse_manifest(tar: tarfile.TarFile, member: tarfile.TarInfo) -> dict:
    if member.size > MAX_MANIFEST_BYTES:
        raise BackupError("The backup's manifest is too large to be one Kirok writes.")
    try:
        manifest = json.loads(tar.extractfile(member).read())
    except (ValueError, UnicodeDecodeError):
        raise BackupError("The backup's manifest is not valid JSON.") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("This file is not a Kirok backup (its manifest says otherwise).")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"This backup has format version {manifest.get('format_version')}; this Kirok reads "
            f"version {FORMAT_VERSION}."
        )
    files = manifest.get("files")
    database = manifest.get("database")
    if not (
        isinstance(files, dict)
        and isinstance(database, dict)
        and database.get("file") in files
        and database.get("engine") in ENGINES
    ):
        raise BackupError("The backup's manifest lists no database.")
    if not all(isinstance(manifest.get(field), str) for field in DESCRIBED):
        raise BackupError("The backup's manifest lacks its date, version or key fingerprint.")
    migrations = manifest.get("migrations")
    if not isinstance(migrations, list) or not all(isinstance(m, str) for m in migrations):
        raise BackupError("The backup's manifest does not list its migrations.")
    if not all(
        MEMBER_NAME.fullmatch(name) and _well_formed(entry) for name, entry in files.items()
    ):
        raise BackupError("The backup's manifest lists a file Kirok does not write.")
    return manifest


def _well_formed(entry) -> bool:
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("bytes"), int)
        and entry["bytes"] >= 0
        and isinstance(entry.get("sha256"), str)
        and re.fullmatch(r"[0-9a-f]{64}", entry["sha256"]) is not None
    )


def _check_room(needed: int, directory: Path) -> None:
    free = shutil.disk_usage(directory).free
    if needed > free:
        raise BackupError(
            f"Reading this backup needs {needed:,} bytes of disk and only {free:,} are free "
            f"where it is unpacked ({directory.parent})."
        )


def _unpack(
    tar: tarfile.TarFile, member: tarfile.TarInfo, target: Path, expected: dict, counter: _Counter
) -> None:
    """Copy one member out, hashing as it goes, never past the size the manifest states."""
    if member.size != expected["bytes"]:
        raise BackupError(
            f"{member.name} is {member.size} bytes; the manifest says {expected['bytes']}."
        )
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    digest = hashlib.sha256()
    source = tar.extractfile(member)
    with target.open("xb") as out:
        remaining = member.size
        while remaining > 0:
            chunk = source.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            digest.update(chunk)
            out.write(chunk)
            counter.add(len(chunk))
    target.chmod(0o600)
    if digest.hexdigest() != expected["sha256"]:
        raise BackupError(
            f"{member.name} does not match its checksum: the backup is damaged or altered."
        )


@dataclass(frozen=True)
class Verified:
    manifest: dict
    database_ok: bool
    database_note: str  # what the database check said, when it was not plain "ok"


def verify(archive: Path, *, progress: Progress | None = None) -> Verified:
    """Read ``archive`` whole, check every checksum, and check that its database opens:
    SQLite's integrity check on the snapshot, or pg_restore's listing of the dump."""
    with checked(archive, progress=progress) as backup:
        if backup.manifest["database"]["engine"] == "postgresql":
            tool = _postgresql_tool("pg_restore")
            done = subprocess.run(
                [tool, "--list", str(backup.database)], capture_output=True, text=True
            )
            note = "" if done.returncode == 0 else _last_line(done.stderr)
            return Verified(backup.manifest, done.returncode == 0, note)
        try:
            with closing(sqlite3.connect(f"file:{backup.database}?mode=ro", uri=True)) as snapshot:
                result = snapshot.execute("PRAGMA integrity_check").fetchone()[0]
        except sqlite3.DatabaseError as error:
            result = str(error)
        return Verified(backup.manifest, result == "ok", "" if result == "ok" else result)


# --- Restoring ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Restored:
    manifest: dict
    saved_before: Path | None  # the backup of what was there, made before replacing it


def check_restorable(manifest: dict) -> None:
    """Refuse a backup this installation cannot take: another database engine, a newer
    Kirok, or a master key other than the one at hand."""
    from django.db.migrations.loader import MigrationLoader

    from kirok.lib.crypto import CryptoError
    from kirok.security import keyring

    engine = "postgresql" if _is_postgresql() else "sqlite"
    if manifest["database"]["engine"] != engine:
        raise BackupError(
            f"This backup holds a {manifest['database']['engine']} database and this Kirok is "
            f"configured for {engine} (KIROK_DATABASE_URL)."
        )
    known = {
        f"{app}.{name}"
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    }
    unknown = sorted(set(manifest.get("migrations", ())) - known)
    if unknown:
        raise BackupError(
            f"This backup was made by a newer Kirok (version {manifest.get('kirok_version')}, "
            f"migration {unknown[0]}); upgrade Kirok before restoring it."
        )
    path = keyring.master_key_path()
    if not path.exists():
        raise BackupError(
            f"There is no master key at {path}. Restore the one this backup was made with "
            f"(fingerprint {manifest['master_key_fingerprint']}) first: "
            "kirok keys import-backup FILE."
        )
    try:
        here = keyring.master_key().fingerprint
    except CryptoError as error:
        raise BackupError(str(error)) from None
    if here != manifest["master_key_fingerprint"]:
        raise BackupError(
            f"This backup was made with the master key of fingerprint "
            f"{manifest['master_key_fingerprint']}; the master key here is {here}, which cannot "
            "open it. Restore the backup's master key first (kirok keys import-backup FILE)."
        )


def holds_data() -> bool:
    """Whether the configured database has any Kirok table."""
    return bool(connection.introspection.table_names())


def restore(archive: Path, *, force: bool = False, progress: Progress | None = None) -> Restored:
    """Replace the configured installation's database and uploads with the backup's.

    Nothing changes unless the archive reads whole and checks out and the master key is
    the backup's. An installation that already has tables is replaced only with ``force``,
    after it has been saved as a backup in the data dir."""
    report = progress or _silent
    data_dir = Path(settings.DATA_DIR)
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    with checked(archive, into=data_dir, progress=progress) as backup:
        check_restorable(backup.manifest)
        saved = None
        if holds_data():
            if not force:
                raise BackupError(
                    "This installation already has a database. Restoring replaces it: run again "
                    "with --force, and what is there is first saved as a backup in the data dir."
                )
            saved = data_dir / f"before-restore-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
            create(saved, progress=progress)
        report("replacing", 0, 2)
        _replace_database(backup)
        report("replacing", 1, 2)
        _replace_uploads(backup, data_dir)
        report("replacing", 2, 2)
    return Restored(backup.manifest, saved)


def _replace_database(backup: Checked) -> None:
    connections.close_all()
    if _is_postgresql():
        _drop_every_table()
        _run_postgresql_tool(
            "pg_restore",
            [
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(backup.database),
            ],
        )
        return
    target = Path(settings.DATABASES["default"]["NAME"])
    staged = target.with_name(f".{target.name}.restoring")
    shutil.copyfile(backup.database, staged)
    staged.chmod(0o600)
    # A stale write-ahead log beside the new file would be replayed into it.
    for suffix in ("-wal", "-shm"):
        target.with_name(target.name + suffix).unlink(missing_ok=True)
    os.replace(staged, target)


def _drop_every_table() -> None:
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"DROP TABLE IF EXISTS {connection.ops.quote_name(table)} CASCADE")
    connections.close_all()


def _replace_uploads(backup: Checked, data_dir: Path) -> None:
    uploads = _uploads_dir()
    fresh = data_dir / ".uploads-restoring"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(mode=0o700)
    for path in backup.uploads:
        shutil.copyfile(path, fresh / path.name)
        (fresh / path.name).chmod(0o600)
    if uploads.exists():
        # Already saved in the before-restore backup when there was anything to keep.
        shutil.rmtree(uploads)
    os.replace(fresh, uploads)


# --- PostgreSQL's own tools ----------------------------------------------------------------


def _postgresql_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    debian = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if debian:
        return str(debian[-1])
    raise BackupError(f"{name} was not found; install PostgreSQL's client programs.")


def _run_postgresql_tool(name: str, arguments: list[str]) -> None:
    """Run pg_dump or pg_restore on the configured database; the password goes through the
    environment, never the command line (where any local user could read it)."""
    database = settings.DATABASES["default"]
    env = dict(os.environ)
    if database.get("PASSWORD"):
        env["PGPASSWORD"] = database["PASSWORD"]
    command = [_postgresql_tool(name), "--dbname", database["NAME"]]
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if database.get(key):
            command += [option, str(database[key])]
    done = subprocess.run(command + arguments, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise BackupError(f"{name} failed: {_last_line(done.stderr)}")


def _last_line(stderr: str) -> str:
    """What a PostgreSQL tool said last: its error."""
    return (stderr.strip().splitlines() or ["failed"])[-1]
