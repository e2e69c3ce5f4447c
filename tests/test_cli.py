"""Every `kirok` command, run as a person would: a subprocess with its environment.

These run on the database selected for the session (SQLite or the test PostgreSQL server);
each test gets its own empty database from the `fresh_database_url` fixture, or a copy of
one installation initialised once (`initialised`).
"""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import installations
from tests.installations import kirok

COMMANDS = ["init", "serve", "demo", "demo-data", "createuser", "doctor", "backup", "manage"]
PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def environment(tmp_path: Path, fresh_database_url: str) -> dict[str, str]:
    return installations.environment(tmp_path / "data", fresh_database_url, PYTHONUNBUFFERED="1")


@pytest.fixture(scope="session")
def initialised_template(tmp_path_factory) -> Iterator[dict[str, str]]:
    """`kirok init` run once for the session; each test gets a copy (tests/installations.py)."""
    root = tmp_path_factory.mktemp("initialised")
    with installations.built(root, [["init"]], PYTHONUNBUFFERED="1") as env:
        yield env


@pytest.fixture
def initialised(tmp_path: Path, initialised_template: dict[str, str]) -> Iterator[dict[str, str]]:
    with installations.copied(initialised_template, tmp_path) as env:
        yield env


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_every_command_explains_itself_with_help(command):
    args = ["--help"] if command is None else [command, "--help"]
    done = subprocess.run(
        [sys.executable, "-m", "kirok", *args], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    # `manage` hands --help to Django, which lists its own subcommands.
    assert ("Available subcommands" if command == "manage" else "Usage:") in done.stdout
    if command is None:
        for name in COMMANDS:
            assert name in done.stdout


def test_init_creates_the_data_dir_and_prints_a_one_time_admin_password(environment):
    done = kirok(environment, "init")
    assert done.returncode == 0, done.stderr
    data_dir = Path(environment["KIROK_DATA_DIR"])
    assert data_dir.is_dir()
    assert data_dir.stat().st_mode & 0o077 == 0
    assert (data_dir / "secret_key").stat().st_mode & 0o077 == 0
    password = re.search(r"One-time password.*: (\S+)", done.stdout).group(1)
    assert len(password) >= 20
    assert "265 places" in done.stdout


def test_init_refuses_to_touch_an_existing_data_dir_unless_forced(initialised):
    again = kirok(initialised, "init")
    assert again.returncode == 2
    assert "will not touch it" in again.stderr
    assert "Traceback" not in again.stderr
    forced = kirok(initialised, "init", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "exists already" in forced.stdout


def test_doctor_passes_on_an_initialised_installation(initialised):
    done = kirok(initialised, "doctor")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "✓ migrations" in done.stdout
    assert "All checks passed." in done.stdout


def test_doctor_fails_before_init(environment):
    done = kirok(environment, "doctor")
    assert done.returncode == 1
    assert "✗" in done.stdout


def test_doctor_flags_a_secret_key_that_others_can_read(initialised):
    (Path(initialised["KIROK_DATA_DIR"]) / "secret_key").chmod(0o644)
    done = kirok(initialised, "doctor")
    assert done.returncode == 1
    assert "✗ secret key" in done.stdout


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("KIROK_DATABASE_URL", "mysql://root@localhost/kirok", "scheme 'mysql'"),
        ("KIROK_DEBUG", "ture", "not a boolean"),
        ("KIROK_LANGUAGE", "fr", "must be one of"),
    ],
)
def test_a_wrong_setting_is_one_line_not_a_traceback(environment, variable, value, message):
    environment[variable] = value
    done = kirok(environment, "init")
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_data_dir_that_is_a_file_is_one_line(environment, tmp_path):
    a_file = tmp_path / "not-a-dir"
    a_file.write_text("")
    environment["KIROK_DATA_DIR"] = str(a_file)
    done = kirok(environment, "doctor")
    assert done.returncode == 1
    assert "not a directory" in done.stdout
    assert "Traceback" not in done.stderr


def test_an_unreachable_database_is_one_line(environment):
    environment["KIROK_DATABASE_URL"] = "postgresql://kirok@127.0.0.1:1/kirok"
    done = kirok(environment, "init")
    assert done.returncode == 2
    assert "database error" in done.stderr
    assert "Traceback" not in done.stderr


def test_createuser_reads_the_password_from_stdin_and_validates_it(initialised):
    created = kirok(
        initialised,
        "createuser",
        "kim.analyst",
        "--role",
        "analyst",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert created.returncode == 0, created.stderr
    assert "Created analyst kim.analyst" in created.stdout
    weak = kirok(
        initialised, "createuser", "lee", "--role", "viewer", "--password-stdin", stdin="1234\n"
    )
    assert weak.returncode == 2
    assert "too short" in weak.stderr
    duplicate = kirok(
        initialised,
        "createuser",
        "KIM.analyst",
        "--role",
        "viewer",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert duplicate.returncode == 2
    assert "already exists" in duplicate.stderr
    wrong_role = kirok(
        initialised,
        "createuser",
        "park",
        "--role",
        "spy",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    assert wrong_role.returncode == 2
    assert "spy" in wrong_role.stderr


def test_manage_passes_through_to_django(initialised):
    done = kirok(initialised, "manage", "showmigrations", "records")
    assert done.returncode == 0, done.stderr
    assert "[X] 0001_domain_model" in done.stdout


def test_demo_data_loads_the_fictional_data_set(initialised):
    done = kirok(initialised, "demo-data", "--seed", "3")
    assert done.returncode == 0, done.stderr
    persons = int(re.search(r"(\d+) persons", done.stdout).group(1))
    assert persons >= 500
    assert "fictional" in done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, seconds: float = 240) -> str:
    # Generous: the demo builds its data and links its persons before it serves, on a CI
    # machine whose other core runs the PostgreSQL suite.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stdout.read()}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (http only)
                return response.read().decode()
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def serve_and_fetch(env: dict[str, str], args: list[str], path: str) -> tuple[str, str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kirok", *args, "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        page = wait_for(f"http://127.0.0.1:{port}{path}", process)
    finally:
        process.terminate()
        output, _ = process.communicate(timeout=30)
    return page, output


def test_serve_answers_http_with_the_login_page_and_static_files(initialised):
    page, output = serve_and_fetch(initialised, ["serve"], "/login/")
    assert "Kirok is serving at" in output
    assert "<form" in page
    css = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)
    stylesheet, _ = serve_and_fetch(initialised, ["serve"], css)
    assert "{" in stylesheet


def test_serve_puts_what_it_loaded_out_of_the_garbage_collectors_reach(initialised):
    # A full collection walking every loaded function and module added 60 ms to whichever
    # request set it off; `kirok serve` freezes them before its first request.
    script = (
        "import gc; from kirok.cli import django_setup; django_setup.configure(); "
        "from kirok.cli.serving import freeze_startup_objects; freeze_startup_objects(); "
        "print(gc.get_freeze_count())"
    )
    assert int(installations.python(initialised, script)) > 10_000


def test_serve_refuses_an_uninitialised_database(environment):
    done = kirok(environment, "serve", "--port", str(free_port()), timeout=60)
    assert done.returncode == 2
    assert "kirok init" in done.stderr


# The security app's newest migration is marked unapplied, as after an upgrade that brings
# it: its migrations since 0003 only index texts again, which is safe to run twice.
UNAPPLY_NEWEST = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kirok.settings'); "
    "django.setup(); from django.db import connection; "
    "connection.cursor().execute(\"DELETE FROM django_migrations WHERE app = 'security' AND "
    "name = (SELECT MAX(name) FROM django_migrations WHERE app = 'security')\"); "
    "print('unapplied')"
)


def test_a_database_left_behind_by_an_upgrade_is_named_so_and_init_force_mends_it(initialised):
    """After an upgrade that brings a migration, commands say how to bring the database up
    to date (`kirok init` alone refuses an existing database), and that works."""
    installations.python(initialised, UNAPPLY_NEWEST)
    refused = kirok(initialised, "audit", "verify")
    assert refused.returncode == 2
    assert "1 migration(s) behind" in refused.stderr and "kirok init --force" in refused.stderr
    assert kirok(initialised, "init", "--force").returncode == 0
    assert kirok(initialised, "audit", "verify").returncode == 0


@pytest.mark.sqlite_only
def test_an_existing_demo_follows_an_upgrade_by_itself(environment, tmp_path):
    environment.pop("KIROK_DATABASE_URL")
    demo_dir = str(tmp_path / "demo")
    created = kirok(environment, "demo", "--data-dir", demo_dir, "--no-serve", timeout=600)
    assert created.returncode == 0, created.stderr
    demo_env = {**environment, "KIROK_DATA_DIR": demo_dir}
    installations.python(demo_env, UNAPPLY_NEWEST)
    again = kirok(environment, "demo", "--data-dir", demo_dir, "--no-serve", timeout=600)
    assert again.returncode == 0, again.stderr
    assert "Bringing the demo's database up to date" in again.stdout
    assert re.search(r"demo\s+\(coordinator\) password: \S+", again.stdout)


@pytest.mark.sqlite_only
def test_demo_serves_fictional_data_from_its_own_data_dir(environment, tmp_path):
    environment.pop("KIROK_DATABASE_URL")
    demo_dir = tmp_path / "demo"
    page, output = serve_and_fetch(environment, ["demo", "--data-dir", str(demo_dir)], "/login/")
    assert "every person, incident and source in it is fictional" in output
    assert re.search(r"Linked \d+ person records: [1-9]\d* identities hold several", output)
    assert re.search(r"news items not recorded yet: [1-9]\d* records are proposed", output)
    assert re.search(r"Added 3 Chinese detention notices.*\n  [가-힣]+: 拘留通知书", output)
    assert re.search(r"demo\s+\(coordinator\) password: \S+", output)
    assert (demo_dir / "kirok.sqlite3").exists()
    assert not Path(environment["KIROK_DATA_DIR"]).exists()
    assert "fictional" in page or "가상" in page
