"""Kirok's configuration: every setting comes from a ``KIROK_*`` environment variable.

The parsers are strict on purpose. A typo such as ``KIROK_DEBUG=ture`` is an error, not a
silent ``False``: an operator who thinks a setting is on must never be wrong about it.

Every variable read here is listed in :data:`VARIABLES`, and docs/deployment/configuration.md
must describe each of them (a test enforces it).
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


class ConfigurationError(Exception):
    """A setting is missing, malformed or points somewhere unusable.

    The message is written for the operator and is printed as one line by the ``kirok``
    command, never as a traceback.
    """


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str


VARIABLES: tuple[Variable, ...] = (
    Variable(
        "KIROK_DATA_DIR", "~/.local/share/kirok", "Where the database, keys and uploads live."
    ),
    Variable(
        "KIROK_DATABASE_URL",
        "sqlite:///<data dir>/kirok.sqlite3",
        "sqlite:///PATH or postgresql://USER:PASSWORD@HOST:PORT/NAME.",
    ),
    Variable("KIROK_DEBUG", "false", "Django debug mode. Never on a server with real data."),
    Variable("KIROK_SECRET_KEY_FILE", "<data dir>/secret_key", "File holding Django's secret key."),
    Variable(
        "KIROK_MASTER_KEY_FILE",
        "<data dir>/master.key",
        "File holding the master key that wraps the data encryption keys.",
    ),
    Variable("KIROK_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]", "Comma-separated host names."),
    Variable(
        "KIROK_CSRF_TRUSTED_ORIGINS", "", "Comma-separated origins, e.g. https://kirok.example.org."
    ),
    Variable("KIROK_HTTPS", "false", "Served over HTTPS: secure cookies and HSTS."),
    Variable("KIROK_LANGUAGE", "ko", "Default interface language: ko or en."),
    Variable("KIROK_TIME_ZONE", "Asia/Seoul", "Time zone used to show times."),
    Variable("KIROK_DEMO", "false", "Show the banner saying that every person is fictional."),
    Variable("KIROK_LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING or ERROR."),
    Variable(
        "KIROK_REQUIRE_2FA",
        "true",
        "Every account must sign in with a second factor (an authenticator app code).",
    ),
    Variable(
        "KIROK_TOTP_ISSUER",
        "Kirok",
        "The name authenticator apps show beside the account; choose a discreet one.",
    ),
    Variable(
        "KIROK_LOCKOUT_ATTEMPTS", "5", "Failed logins or codes that lock an account and address."
    ),
    Variable("KIROK_LOCKOUT_MINUTES", "30", "How long a lockout lasts, in minutes."),
    Variable(
        "KIROK_SESSION_IDLE_MINUTES", "30", "Minutes without activity after which a session ends."
    ),
    Variable(
        "KIROK_TRUSTED_PROXIES",
        "",
        "Comma-separated addresses of reverse proxies whose X-Forwarded-For is believed.",
    ),
    Variable(
        "KIROK_ALERT_PERSON_VIEWS",
        "40",
        "Alert when one account reads this many different persons within the window (0: off).",
    ),
    Variable("KIROK_ALERT_WINDOW_MINUTES", "10", "The window for KIROK_ALERT_PERSON_VIEWS."),
    Variable(
        "KIROK_ALERT_NAME_SEARCHES",
        "20",
        "Alert when one account searches this many different names within an hour (0: off).",
    ),
    Variable(
        "KIROK_ALERT_QUIET_HOURS", "22-6", "Alert on logins in these local hours (empty: off)."
    ),
    Variable(
        "KIROK_ALERT_ADDRESS_DAYS",
        "90",
        "Alert on a login from an address the account has not used for this many days (0: off).",
    ),
    Variable(
        "KIROK_INGEST_MAX_BYTES",
        "26214400",
        "The largest document accepted by upload or `kirok ingest`, in bytes.",
    ),
    Variable("KIROK_INGEST_MAX_PAGES", "2000", "The most pages a PDF may have to be accepted."),
)

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean variable; anything but a recognised spelling is an error.

    >>> os.environ["KIROK_DEBUG"] = "yes"; env_bool("KIROK_DEBUG")
    True
    """
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a boolean; use true or false.")


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list, dropping empty items."""
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    """Read a whole number of at least ``minimum``; anything else is an error.

    >>> os.environ["KIROK_ALERT_PERSON_VIEWS"] = "25"; env_int("KIROK_ALERT_PERSON_VIEWS", 40)
    25
    """
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ConfigurationError(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_hour_range(name: str, default: str) -> tuple[int, int] | None:
    """Read a range of hours such as ``22-6`` (22:00 to 05:59); empty means none.

    >>> os.environ["KIROK_ALERT_QUIET_HOURS"] = "23-5"
    >>> env_hour_range("KIROK_ALERT_QUIET_HOURS", "")
    (23, 5)
    """
    raw = os.environ.get(name, default).strip()
    if not raw:
        return None
    start, dash, end = raw.partition("-")
    try:
        hours = (int(start), int(end)) if dash else None
    except ValueError:
        hours = None
    if hours is None or not all(0 <= hour <= 23 for hour in hours) or hours[0] == hours[1]:
        raise ConfigurationError(
            f"{name}={raw!r} is not a range of hours such as 22-6 (from 22:00 to 05:59)."
        )
    return hours


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, default).strip()
    if value not in choices:
        raise ConfigurationError(f"{name}={value!r} must be one of: {', '.join(choices)}.")
    return value


def data_dir() -> Path:
    """The data directory, expanded; it need not exist yet (``kirok init`` creates it)."""
    raw = os.environ.get("KIROK_DATA_DIR", "~/.local/share/kirok")
    if not raw.strip():
        raise ConfigurationError("KIROK_DATA_DIR is empty; give a directory path.")
    path = Path(raw).expanduser()
    if path.exists() and not path.is_dir():
        raise ConfigurationError(f"KIROK_DATA_DIR={raw!r} exists but is not a directory.")
    return path.resolve()


def database_settings(directory: Path) -> dict:
    """Django's DATABASES['default'] from KIROK_DATABASE_URL (a SQLite file by default)."""
    url = os.environ.get("KIROK_DATABASE_URL", "").strip()
    if not url:
        return _sqlite_settings(directory / "kirok.sqlite3")
    scheme = urlsplit(url).scheme
    if scheme == "sqlite":
        path = url.removeprefix("sqlite://")
        if not path or path == "/":
            raise ConfigurationError("KIROK_DATABASE_URL: a sqlite URL needs a file path.")
        return _sqlite_settings(Path(path.removeprefix("/") if path.startswith("//") else path))
    if scheme in ("postgres", "postgresql"):
        return _postgresql_settings(url)
    raise ConfigurationError(
        f"KIROK_DATABASE_URL has scheme {scheme or 'none'!r}; use sqlite:///PATH or "
        "postgresql://USER:PASSWORD@HOST:PORT/NAME."
    )


def _sqlite_settings(path: Path) -> dict:
    # WAL lets readers proceed while one writer writes; foreign keys are on by default in
    # Django's SQLite backend. The init command runs once per connection.
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
        },
    }


def _postgresql_settings(url: str) -> dict:
    import dj_database_url

    try:
        parsed = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise ConfigurationError(f"KIROK_DATABASE_URL is not a valid URL: {error}") from None
    if not parsed.get("NAME"):
        raise ConfigurationError("KIROK_DATABASE_URL names no database (…/NAME at the end).")
    return parsed


def secret_key(directory: Path) -> str:
    """Django's secret key, read from its file; generated there on first run.

    The key file is created with mode 0600 so that other local accounts cannot read it.
    """
    path = Path(os.environ.get("KIROK_SECRET_KEY_FILE", directory / "secret_key")).expanduser()
    if path.exists():
        key = path.read_text(encoding="utf-8").strip()
        if len(key) < 32:
            raise ConfigurationError(f"The secret key in {path} is shorter than 32 characters.")
        return key
    if not path.parent.exists():
        # Not initialised yet: a throwaway key lets `kirok --help` and `kirok init` import
        # settings; nothing signed with it outlives the process.
        return secrets.token_urlsafe(50)
    key = secrets.token_urlsafe(50)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key
