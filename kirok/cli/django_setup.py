"""Configure Django for a subcommand, after its options have set the environment."""

from __future__ import annotations

import os
from pathlib import Path

_configured = False


def use_data_dir(path: Path | str | None) -> None:
    """Point KIROK_DATA_DIR somewhere else (e.g. the demo's own directory) before setup."""
    if path is not None:
        os.environ["KIROK_DATA_DIR"] = str(Path(path).expanduser().resolve())


def configure() -> None:
    """django.setup() once; configuration errors propagate as ConfigurationError."""
    global _configured
    if _configured:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kirok.settings")
    import django

    django.setup()
    from django.utils import translation

    # The command line speaks English, whatever the web interface's default language.
    translation.activate("en")
    _configured = True


def pending_migrations() -> list[str]:
    """Names of migrations not yet applied to the configured database."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def database_has_tables() -> bool:
    from django.db import connection

    return bool(connection.introspection.table_names())


def require_current_database() -> None:
    """Configure Django, and stop the command with a clear error unless the database is
    initialised and migrated for this version of Kirok. A database left behind by an
    upgrade is told apart from none: `kirok init` alone refuses an existing one."""
    from kirok.cli.errors import KirokCommandError

    configure()
    pending = pending_migrations()
    if not pending:
        return
    if database_has_tables():
        raise KirokCommandError(
            f"The database is {len(pending)} migration(s) behind this version of Kirok; run "
            "`kirok init --force` to bring it up to date (records and accounts are kept)."
        )
    raise KirokCommandError("The database is not initialised; run `kirok init` first.")
