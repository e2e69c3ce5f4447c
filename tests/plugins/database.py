"""Pick the test database from ``KIROK_TEST_DATABASE`` (``sqlite``, the default, or ``postgresql``).

Loaded with ``-p tests.plugins.database`` (see pyproject.toml) so that it runs before
pytest-django imports ``kirok.settings``, which reads ``KIROK_*`` variables at import time.

- Every run gets a fresh ``KIROK_DATA_DIR`` in a temporary directory: tests never touch a
  user's data, and ``KIROK_*`` variables from the caller's shell are dropped so that every
  machine runs the suite with the same configuration.
- ``postgresql`` starts a throwaway PostgreSQL server (initdb + pg_ctl, as pytest-postgresql
  does) on a free port, points ``KIROK_DATABASE_URL`` at it and stops it at the end.
  pytest-django then creates ``test_kirok`` on that server.
- ``KIROK_TEST_PG_URL`` is the server's maintenance URL (database ``postgres``), for tests
  that need more databases; the ``fresh_database_url`` fixture is the easy way to get one.
- Tests marked ``sqlite_only`` / ``postgresql_only`` are skipped on the other database.
"""

from __future__ import annotations

import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

_CHOICES = ("sqlite", "postgresql")
_state: dict = {"kind": "sqlite", "tmp": None, "pg": None}

# Start-up errors are raised as pytest.UsageError: pytest prints them as one "ERROR: ..." line
# (exit status 4), whereas pytest.exit() this early in start-up prints a traceback.


def _kind() -> str:
    kind = os.environ.get("KIROK_TEST_DATABASE", "").strip().lower() or "sqlite"
    if kind not in _CHOICES:
        raise pytest.UsageError(f"KIROK_TEST_DATABASE={kind!r}: use sqlite or postgresql.")
    return kind


@pytest.hookimpl(tryfirst=True)
def pytest_load_initial_conftests(early_config: pytest.Config) -> None:
    kind = _state["kind"] = _kind()
    # Start from a clean slate: a developer's own KIROK_DATABASE_URL must never be used here.
    for name in [n for n in os.environ if n.startswith("KIROK_") and n != "KIROK_TEST_DATABASE"]:
        del os.environ[name]
    tmp = _state["tmp"] = Path(tempfile.mkdtemp(prefix="kirok-test-"))
    atexit.register(_cleanup)
    data = tmp / "data"
    data.mkdir()
    os.environ["KIROK_DATA_DIR"] = str(data)
    if kind == "sqlite":
        os.environ["KIROK_DATABASE_URL"] = f"sqlite:///{data / 'kirok.sqlite3'}"
        return
    args = early_config.known_args_namespace
    if getattr(args, "help", False) or getattr(args, "version", False):
        return
    pg = _start_postgresql(tmp / "pg")
    os.environ["KIROK_TEST_PG_URL"] = pg["url"] + "postgres"
    os.environ["KIROK_DATABASE_URL"] = pg["url"] + "kirok"
    _admin_sql("CREATE DATABASE kirok")
    # atexit does not run on SIGTERM (CI timeouts): stop the server, then die as asked.
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        signal.signal(signal.SIGTERM, _die_on_sigterm)


def pytest_report_header(config: pytest.Config) -> str:
    pg = _state["pg"]
    if pg:
        return f"kirok database: postgresql {pg['version']} at 127.0.0.1:{pg['port']}"
    return f"kirok database: {_state['kind']} (data dir {os.environ.get('KIROK_DATA_DIR')})"


# Tests of the pure libraries (no Django models, no database) behave the same whatever the
# database, so the PostgreSQL run leaves them to the SQLite run. A test there that asks for
# a database fixture after all still runs on both.
PURE_LIBRARY_TESTS = (
    "tests/lib/",
    "tests/estimation/",
    "tests/linkage/engine/",
    "tests/linkage/test_bench_data.py",
    "tests/linkage/test_metrics.py",
    "tests/test_synthetic.py",
    "tests/test_dates.py",
    "tests/test_web_dates.py",
    "tests/test_cli_language.py",
    "tests/test_configuration.py",
    "tests/test_cli_estimate.py",
    "tests/test_extraction_devset.py",
    "tests/test_cli_extract.py",
    "tests/test_web_translations.py",
)
DATABASE_FIXTURES = frozenset(
    {
        "db",
        "transactional_db",
        "django_db_reset_sequences",
        "django_db_serialized_rollback",
        "django_db_setup",
        "live_server",
        "fresh_database_url",
        "client",
    }
)


def runs_only_on_sqlite(item: pytest.Item) -> bool:
    """A pure-library test that asks for no database (see PURE_LIBRARY_TESTS)."""
    if not item.nodeid.startswith(PURE_LIBRARY_TESTS) or item.get_closest_marker("django_db"):
        return False
    return not DATABASE_FIXTURES.intersection(getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    other = "sqlite_only" if _state["kind"] == "postgresql" else "postgresql_only"
    label = "SQLite" if other == "sqlite_only" else "PostgreSQL"
    skip = pytest.mark.skip(reason=f"{label}-specific behaviour")
    for item in items:
        if item.get_closest_marker(other):
            item.add_marker(skip)
    if _state["kind"] == "postgresql":
        # Pure-library tests say nothing about PostgreSQL; running them twice only
        # doubled CI time.
        kept = [item for item in items if not runs_only_on_sqlite(item)]
        deselected = [item for item in items if runs_only_on_sqlite(item)]
        if deselected:
            config.hook.pytest_deselected(items=deselected)
            items[:] = kept


def pytest_unconfigure() -> None:
    _cleanup()


@pytest.fixture
def fresh_database_url(tmp_path: Path) -> Iterator[str]:
    """A ``KIROK_DATABASE_URL`` for a new, empty database, dropped after the test.

    Meant for subprocess tests (e.g. of the ``kirok`` command) that need a database of their
    own, apart from pytest-django's ``test_kirok``.
    """
    url = create_database(tmp_path / "x.sqlite3")
    try:
        yield url
    finally:
        drop_database(url)


def create_database(sqlite_path: Path, template_url: str | None = None) -> str:
    """A new database on the session's kind: a SQLite file at ``sqlite_path`` (a copy of
    the template's file, if given) or a PostgreSQL database (from the template, if given)."""
    if not _state["pg"]:
        if template_url:
            shutil.copyfile(template_url.removeprefix("sqlite://"), sqlite_path)
        return f"sqlite:///{sqlite_path}"
    name = f"kirok_fresh_{uuid.uuid4().hex[:12]}"
    template = f" TEMPLATE {template_url.rsplit('/', 1)[1]}" if template_url else ""
    _admin_sql(f"CREATE DATABASE {name}{template}")
    return _state["pg"]["url"] + name


def drop_database(url: str) -> None:
    if url.startswith("postgresql"):
        # FORCE ends connections a killed subprocess may have left behind.
        _admin_sql(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


# --- PostgreSQL server --------------------------------------------------------------------


def _bindir() -> Path | None:
    """Where initdb and pg_ctl live: pg_config's bindir, newest Debian version, else PATH."""
    candidates = []
    if shutil.which("pg_config"):
        out = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.append(Path(out.stdout.strip()))
    debian = Path("/usr/lib/postgresql").glob("*/bin")
    candidates += sorted(debian, key=_version_key, reverse=True)
    if shutil.which("initdb"):
        candidates.append(Path(shutil.which("initdb")).resolve().parent)
    return next(
        (d for d in candidates if (d / "initdb").exists() and (d / "pg_ctl").exists()), None
    )


def _version_key(bindir: Path) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", bindir.parent.name)]


def _as_postgres(command: list) -> list[str]:
    # initdb refuses to run as root; the server then has to run as the owner of its files.
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    return prefix + [str(part) for part in command]


def _run(command: list) -> subprocess.CompletedProcess:
    return subprocess.run(_as_postgres(command), capture_output=True, text=True)


def _start_postgresql(root: Path, reuse: bool = False) -> dict:
    """Start a server on a new cluster in ``root`` (or, with ``reuse``, on the cluster a
    former call left there: bench/search.py --keep)."""
    bindir = _bindir()
    if bindir is None:
        raise pytest.UsageError(
            "KIROK_TEST_DATABASE=postgresql but no PostgreSQL server (initdb, pg_ctl) is "
            "installed; run `make system-deps` or apt-get install postgresql."
        )
    data = root / "data"
    if not (reuse and data.exists()):
        _init_cluster(root, bindir)
    server = {"bindir": bindir, "data": data}
    _state["pg"] = server  # so that _cleanup can stop a server that started but then failed
    for _attempt in range(3):  # a free port can be taken between choosing and binding it
        port = _free_port()
        options = f"-h 127.0.0.1 -p {port} -k {root} -F"
        start = _run([bindir / "pg_ctl", "-D", data, "-l", root / "server.log", "-w", "-t", "60",
                      "-o", options, "start"])  # fmt: skip
        if start.returncode == 0:
            break
    else:
        log = (root / "server.log").read_text(errors="replace").strip().rpartition("\n")[2]
        raise pytest.UsageError(f"PostgreSQL did not start: {log or start.stderr.strip()}")
    server.update(port=port, url=f"postgresql://postgres@127.0.0.1:{port}/")
    import psycopg

    with psycopg.connect(server["url"] + "postgres") as connection:
        number = connection.info.server_version  # e.g. 150018 for 15.18
    server["version"] = f"{number // 10000}.{number % 10000}"
    return server


def _init_cluster(root: Path, bindir: Path) -> None:
    root.mkdir()
    if os.geteuid() == 0:
        try:
            shutil.chown(root, user="postgres", group="postgres")
        except LookupError:
            message = "Running as root, but there is no `postgres` user to run the server."
            raise pytest.UsageError(message) from None
        root.parent.chmod(0o711)  # mkdtemp's 0700 would stop postgres reaching its directory
    data = root / "data"
    for locale in ("C.UTF-8", "C"):
        init = _run([bindir / "initdb", "-D", data, "--auth=trust", "-U", "postgres", "--no-sync",
                     "--encoding=UTF8", f"--locale={locale}"])  # fmt: skip
        if init.returncode == 0:
            return
        shutil.rmtree(data, ignore_errors=True)
    raise pytest.UsageError(f"initdb failed: {init.stderr.strip()}")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_sql(statement: str) -> None:
    import psycopg

    with psycopg.connect(_state["pg"]["url"] + "postgres", autocommit=True) as connection:
        connection.execute(statement)


def _cleanup() -> None:
    """Stop the server and remove the temporary directory; safe to call more than once."""
    pg, tmp = _state["pg"], _state["tmp"]
    _state["pg"] = _state["tmp"] = None
    if pg:
        _run([pg["bindir"] / "pg_ctl", "-D", pg["data"], "-m", "fast", "-w", "stop"])
    if tmp:
        shutil.rmtree(tmp, ignore_errors=True)


def _die_on_sigterm(signum: int, _frame: object) -> None:
    _cleanup()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
