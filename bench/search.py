"""Search and browse speed: p50/p95 of the real pages beside the bare database query.

    .venv/bin/python bench/search.py                     # the issue's size, SQLite + PostgreSQL
    .venv/bin/python bench/search.py --scale 2 --repeat 20 --no-postgresql   # a quick look

Scale 1 of the demo generator is about 600 persons and 210 incidents, so the default scale
480 gives the issue's 100,000 incidents (and about 290,000 persons); loading it takes a long
time. For each database a child process builds a fresh data dir (a new SQLite file, or a
throwaway PostgreSQL server started the way the test suite starts one,
tests/plugins/database.py), loads the demo data (not timed), signs in a coordinator of the
demo case, and times through Django's test client (the real views, middleware, templates
and audit log) and, beside each page, the bare query that answers the same question:

- name search, romanized and Hangul, and full-text search: ``/search/?q=<name or word>`` vs
  the very SQL statements the one box sends for that query (recorded once by running the
  finder, untimed) sent again on a bare cursor: the blind name index, the blind text index,
  and the rows of the persons, incidents and sources it shows, without the ORM, decrypting,
  confirming, rendering or the audit entry;
- faceted filter: ``/search/incidents/?province=…&year_from=…`` (rows, facet counts) vs the
  same answer unrendered: the count, the first page's incidents and every facet's counts
  (counted over the in-memory snapshot of kirok.facts, which is what the database query
  became; the first call of a process reads the snapshot and is not timed);
- the statistics dashboard vs every number of it, without drawing charts or the map;
- the empty search page, alone: what any page costs (session, sign-in checks, the layout)
  before it asks anything. Where the database answers in a few milliseconds, this floor
  and the audit entry a search writes weigh more in page/query than the search itself.

Before timing, the child freezes what it has loaded out of the garbage collector's reach, as
`kirok serve` does at start (kirok.cli.serving.freeze_startup_objects).

``--database sqlite`` and ``--database postgresql`` in two shells measure the two side by
side (each child needs several GB of memory at scale 480 while it generates the data).

Goal (issue 5): p95 ≤ 150 ms for search and filters, ≤ 500 ms for the dashboard, and the page
no more than 3× the bare query. Prints one table per database, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT_QUERIES = ["보위부", "강제송환", "구류장", "어머니", "repatriated", "detention", "Onsong"]
FILTERS = [
    {"province": "KP-09", "year_from": "2010", "year_to": "2016"},
    {"province": "KP-10", "status": "corroborated"},
    {"violation": "enforced_disappearance", "sex": "female", "year_from": "2005"},
    {"perpetrator": "mss", "age_group": "adult"},
    {"source_kind": "testimony", "reliability": "b", "sort": "oldest"},
]
ROWS = ("empty search page", "name search (romanized)", "name search (Hangul)",
        "full-text search", "faceted filter", "dashboard")  # fmt: skip


def main() -> None:
    args = arguments()
    if args.child:
        print(json.dumps(measure(args.seed, args.scale, args.repeat)))
        return
    print(f"Search benchmark: demo data seed {args.seed}, scale {args.scale}, {args.repeat} runs")
    results = []
    if args.database in ("both", "sqlite"):
        results.append(("SQLite", run_sqlite(args)))
    if args.database in ("both", "postgresql") and not args.no_postgresql:
        results.append(("PostgreSQL", run_postgresql(args)))
    for name, result in results:
        report(name, result)


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=480, help="demo data scale (480)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=40, help="timed calls per row (40)")
    parser.add_argument("--no-postgresql", action="store_true", help="SQLite only")
    parser.add_argument("--database", choices=("both", "sqlite", "postgresql"), default="both",
                        help="which database(s) to measure (both); two runs of one each can "
                        "go side by side")  # fmt: skip
    parser.add_argument("--keep", metavar="DIR",
                        help="keep the loaded databases in DIR, and measure on the ones kept "
                        "there by an earlier run instead of loading again")  # fmt: skip
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args()


# --- parent: one child process per database ------------------------------------------------


def run_child(args: argparse.Namespace, data_dir: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIROK_")}
    env |= {"KIROK_DATA_DIR": str(data_dir), "KIROK_DATABASE_URL": database_url,
            "KIROK_REQUIRE_2FA": "false", "KIROK_LOG_LEVEL": "ERROR"}  # fmt: skip
    command = [sys.executable, __file__, "--child", "--seed", str(args.seed),
               "--scale", str(args.scale), "--repeat", str(args.repeat)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def workspace(args: argparse.Namespace, database: str) -> tuple[Path, bool]:
    """The directory for one database's data, and whether it is a kept one."""
    if args.keep:
        root = Path(args.keep).resolve() / f"{database}-scale{args.scale}-seed{args.seed}"
        root.mkdir(parents=True, exist_ok=True)
        root.chmod(0o711)  # the PostgreSQL server runs as postgres
        return root, True
    return Path(tempfile.mkdtemp(prefix="kirok-bench-search-")), False


def run_sqlite(args: argparse.Namespace) -> dict:
    tmp, kept = workspace(args, "sqlite")
    try:
        data = tmp / "data"
        data.mkdir(exist_ok=True)
        return run_child(args, data, f"sqlite:///{data / 'kirok.sqlite3'}")
    finally:
        if not kept:
            shutil.rmtree(tmp, ignore_errors=True)


def run_postgresql(args: argparse.Namespace) -> dict:
    """Start PostgreSQL with the test suite's own code (initdb + pg_ctl), then stop it."""
    tmp, kept = workspace(args, "postgresql")
    data = tmp / "data"
    data.mkdir(exist_ok=True)
    sys.path.insert(0, str(ROOT))
    from tests.plugins import database as test_database

    try:
        reused = kept and (tmp / "pg" / "data").exists()
        server = test_database._start_postgresql(tmp / "pg", reuse=kept)
        if not reused:
            test_database._admin_sql("CREATE DATABASE kirok_bench")
        return run_child(args, data, server["url"] + "kirok_bench")
    except Exception as error:  # pytest.UsageError: no server installed, initdb failed …
        return {"error": f"no throwaway PostgreSQL server: {error}"}
    finally:
        test_database._cleanup()
        if not kept:
            shutil.rmtree(tmp, ignore_errors=True)


def report(database: str, result: dict) -> None:
    print()
    if "error" in result:
        print(f"{database}: skipped: {result['error']}")
        return
    loaded = result["load_seconds"]
    took = "kept from an earlier run" if loaded != loaded else f"loaded in {loaded:.0f} s"
    print(f"{database}: {result['rows']:,} rows ({result['counts']}); {took}")
    print(f"{'':<26}{'page p50':>10}{'page p95':>10}{'query p50':>11}{'query p95':>11}"
          f"{'page/query':>12}")  # fmt: skip
    for row in ROWS:
        timing = result["timings"].get(row)
        if timing is None:
            print(f"{row:<26}skipped: {result['skipped'].get(row, 'not measured')}")
            continue
        page, query = timing["page"], timing.get("query")
        cells = f"{row:<26}{p50(page):>10.1f}{p95(page):>10.1f}"
        if query:
            cells += f"{p50(query):>11.1f}{p95(query):>11.1f}{p50(page) / p50(query):>11.1f}×"
        else:
            cells += f"{'—':>11}{'—':>11}{'—':>12}"
        print(cells)
    print("(milliseconds; page/query compares the medians)")


def p50(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


# --- child: load one database and time it ----------------------------------------------------


def measure(seed: int, scale: int, repeat: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kirok.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    from kirok.records import demo
    from kirok.records.seeding import load_reference_data
    from kirok.security.services import ensure_keys

    call_command("migrate", verbosity=0)
    ensure_keys()
    if demo.is_loaded():  # a kept database (--keep): measure the code of today on it
        counts, load_seconds = kept_counts(), float("nan")
    else:
        load_reference_data()
        started = time.perf_counter()
        counts = demo.load(seed=seed, scale=scale)
        load_seconds = time.perf_counter() - started
        (Path(os.environ["KIROK_DATA_DIR"]) / "counts.json").write_text(json.dumps(counts))
    from kirok.cli.serving import freeze_startup_objects

    freeze_startup_objects()  # as `kirok serve` does before its first request
    timings, skipped = time_everything(repeat)
    summary = ", ".join(
        f"{k} {counts[k]:,}" for k in ("persons", "incidents", "sources") if k in counts
    )
    return {"rows": counts["total_rows"], "counts": summary, "load_seconds": load_seconds,
            "timings": timings, "skipped": skipped}  # fmt: skip


def kept_counts() -> dict:
    return json.loads((Path(os.environ["KIROK_DATA_DIR"]) / "counts.json").read_text())


def time_everything(repeat: int) -> tuple[dict, dict]:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from kirok.accounts.models import User
    from kirok.accounts.services import create_account
    from kirok.records import demo

    user = User.objects.filter(username="bench").first() or create_account(
        "bench", "coordinator", "bench-password-0123456"
    )
    demo.grant_access(user)
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="localhost")
    client.force_login(user)
    latin, hangul = sample_names(repeat)
    texts = (TEXT_QUERIES * repeat)[:repeat]
    filters = (FILTERS * repeat)[:repeat]
    timings = {
        "empty search page": {
            "page": time_calls(lambda _: page(client, "/search/"), range(repeat))
        },
        "name search (romanized)": pair(client, user, "search", latin, replayed(user, latin)),
        "name search (Hangul)": pair(client, user, "search", hangul, replayed(user, hangul)),
        "full-text search": pair(client, user, "search", texts, replayed(user, texts)),
        "faceted filter": pair(client, user, "browse", filters, bare_filter),
    }
    skipped = {}
    try:
        dashboard = reverse("statistics:dashboard")
    except NoReverseMatch:
        skipped["dashboard"] = "no statistics:dashboard page in this project yet"
    else:
        timings["dashboard"] = {
            "page": time_calls(lambda _: page(client, dashboard), range(repeat)),
            "query": time_calls(lambda a: bare_dashboard(user, a), range(repeat)),
        }
    return timings, skipped


def sample_names(repeat: int) -> tuple[list[str], list[str]]:
    """Names of demo victims, one Latin and one Hangul list, drawn the same way each run."""
    from kirok.records.models import PersonName

    chosen = random.Random(1)
    names = list(PersonName.objects.order_by("pk")[: repeat * 20])
    latin = [n.text for n in names if n.script == "latin"]
    hangul = [n.text for n in names if n.script == "hangul"]
    return (chosen.sample(latin, min(repeat, len(latin))),
            chosen.sample(hangul, min(repeat, len(hangul))))  # fmt: skip


def pair(client, user, view: str, arguments: list, bare) -> dict:
    """The page, then the bare query, for each argument."""
    from urllib.parse import urlencode

    from django.urls import reverse

    url = reverse(f"search:{view}")

    def address(argument) -> str:
        query = argument if isinstance(argument, dict) else {"q": argument}
        return f"{url}?{urlencode(query)}"

    return {
        "page": time_calls(lambda a: page(client, address(a)), arguments),
        "query": time_calls(lambda a: bare(user, a), arguments),
    }


def replayed(user, queries: list[str]):
    """The bare query of the search box: for each query, the SQL statements the finder sends
    (kirok.search.finder.find: everything but the audit entry), recorded now, untimed; the
    returned function sends them again on a bare cursor and fetches every row."""
    from kirok.search import finder

    statements = {query: recorded(lambda q=query: finder.find(user, q)) for query in queries}

    def bare_search(_user, query: str) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            for sql, params in statements[query]:
                cursor.execute(sql, params)
                cursor.fetchall()

    return bare_search


def recorded(call) -> list[tuple[str, object]]:
    """The SQL statements (and their parameters) that ``call`` sends to the database."""
    from django.db import connection

    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        call()
    return statements


def bare_filter(user, params: dict) -> None:
    """The list's answer without rendering or auditing: the count, the first page's
    incidents and every facet's counts (over the counting snapshot, kirok.facts)."""
    from django.http import QueryDict

    from kirok.search import facets

    query = QueryDict(mutable=True)
    query.update(params)
    filters = facets.parse_filters(query)
    matcher = facets.match(user, filters)
    incidents = facets.browse(user, filters, matcher)
    len(incidents)
    incidents[:25]
    facets.facets(user, filters, matcher)


def bare_dashboard(user, _argument) -> None:
    """Every number of the dashboard, without drawing the charts or the map."""
    from kirok.statistics import aggregates, filters

    aggregates.build_dashboard(user, filters.Filters())


def page(client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")


def time_calls(call, arguments) -> list[float]:
    arguments = list(arguments)
    call(arguments[0])  # warm caches (templates, keys) before measuring
    elapsed = []
    for argument in arguments:
        started = time.perf_counter()
        call(argument)
        elapsed.append((time.perf_counter() - started) * 1000)
    return elapsed


if __name__ == "__main__":
    main()
