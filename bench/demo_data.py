"""Benchmark: generate the synthetic demo data set and load it into SQLite and PostgreSQL.

    .venv/bin/python bench/demo_data.py                       # scale 10, SQLite + PostgreSQL
    .venv/bin/python bench/demo_data.py --scale 1 --no-postgresql
    .venv/bin/python bench/demo_data.py --postgresql-url postgresql://USER@HOST:PORT/EMPTY_DB

Django reads KIROK_DATA_DIR and KIROK_DATABASE_URL once, at start-up, so each database is
measured in a child process of this script with its own settings: a fresh SQLite file in a
temporary data directory, and either the PostgreSQL database given with --postgresql-url
(it must be empty: it is migrated and the demo is refused where it exists already) or a
throwaway server started the way the test suite starts one (tests/plugins/database.py).

The child migrates the database and loads the reference data (not timed), then times the
generation of the data set and its loading separately. For each database it prints the
rows written, the seconds for each phase and the rows written per second of loading.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    args = _arguments()
    if args.child:
        print(json.dumps(_measure(args.seed, args.scale)))
        return
    print(f"Demo data benchmark: seed {args.seed}, scale {args.scale}")
    results = [("sqlite", _run_sqlite(args))]
    if not args.no_postgresql:
        results.append(("postgresql", _run_postgresql(args)))
    _print_table(results)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10, help="multiplies every count (10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--postgresql-url", help="an empty PostgreSQL database to load into")
    parser.add_argument("--no-postgresql", action="store_true", help="SQLite only")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


# --- parent: one child process per database -----------------------------------------------------


def _run_child(args: argparse.Namespace, data_dir: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIROK_")}
    env |= {"KIROK_DATA_DIR": str(data_dir), "KIROK_DATABASE_URL": database_url}
    command = [sys.executable, __file__, "--child", "--seed", str(args.seed),
               "--scale", str(args.scale)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _run_sqlite(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="kirok-bench-"))
    try:
        data = tmp / "data"
        data.mkdir()
        return _run_child(args, data, f"sqlite:///{data / 'kirok.sqlite3'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _run_postgresql(args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="kirok-bench-"))
    data = tmp / "data"
    data.mkdir()
    try:
        if args.postgresql_url:
            return _run_child(args, data, args.postgresql_url)
        return _with_throwaway_server(args, tmp, data)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _with_throwaway_server(args: argparse.Namespace, tmp: Path, data: Path) -> dict:
    """Start PostgreSQL with the test suite's own code (initdb + pg_ctl), then stop it."""
    sys.path.insert(0, str(ROOT))
    from tests.plugins import database as test_database

    try:
        server = test_database._start_postgresql(tmp / "pg")
    except Exception as error:  # pytest.UsageError: no server installed, initdb failed …
        test_database._cleanup()
        return {"error": f"no throwaway PostgreSQL server: {error}"}
    try:
        test_database._admin_sql("CREATE DATABASE kirok_bench")
        result = _run_child(args, data, server["url"] + "kirok_bench")
        result["server"] = f"PostgreSQL {server['version']}"
        return result
    finally:
        test_database._cleanup()


def _print_table(results: list[tuple[str, dict]]) -> None:
    print()
    print(f"{'database':<12}{'rows':>10}{'generate s':>12}{'load s':>10}{'rows/s':>10}"
          f"{'  EDTF by grammar':>22}")  # fmt: skip
    for name, result in results:
        if "error" in result:
            print(f"{name:<12}skipped: {result['error']}")
            continue
        rate = result["rows"] / result["load_seconds"]
        print(
            f"{name:<12}{result['rows']:>10,}{result['generate_seconds']:>12.1f}"
            f"{result['load_seconds']:>10.1f}{rate:>10,.0f}{result['edtf_parsed']:>22,}"
        )
    for name, result in results:
        if "counts" in result:
            counts = ", ".join(f"{k} {v:,}" for k, v in result["counts"].items())
            print(f"\n{name} ({result.get('server', result['vendor'])}): {counts}")


# --- child: measure one database ---------------------------------------------------------------


def _measure(seed: int, scale: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kirok.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from kirok.lib import dates
    from kirok.lib.synthetic import generate
    from kirok.records import demo
    from kirok.records.seeding import load_reference_data

    call_command("migrate", verbosity=0)
    load_reference_data()
    started = time.perf_counter()
    data = generate(seed=seed, scale=scale)
    generated = time.perf_counter()
    counts = demo.write(data)
    loaded = time.perf_counter()
    # Common EDTF forms are checked by a pattern; the rest go through edtf's grammar, which
    # costs milliseconds each: say how many did.
    cache = dates._is_rare_edtf.cache_info
    return {
        "vendor": connection.vendor,
        "rows": counts["total_rows"],
        "counts": counts,
        "generate_seconds": generated - started,
        "load_seconds": loaded - generated,
        "edtf_parsed": cache().misses,
    }


if __name__ == "__main__":
    main()
