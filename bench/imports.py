"""Importing a partner's list (`kirok import`): how much of a realistic list reads as it is,
and how fast it is checked and recorded.

    .venv/bin/python bench/imports.py [--rows 1000] [--seed 1] [--no-postgresql]

The list is written by the second linkage generator (bench/linkage_independent/, written by
a session that never read Kirok's engine): fictional persons in several sources' habits,
Hangul and four romanizations, ages instead of years, hometowns in many spellings, typos. For
each database a child process builds a fresh data dir (SQLite, or a throwaway PostgreSQL
server started as the test suite starts one), loads the reference data (gazetteer,
vocabularies, organizations), and then:

1. checks the whole list (kirok.interop.imports.read_list): seconds, and the rows with a
   problem by column: a hometown the gazetteer does not know or cannot tell apart, a cell
   that is not a year, …;
2. records the rows without a problem (the problem rows left out, as a documenter would set
   them aside to mend), every row an incident of forced repatriation (the list's violation):
   seconds and milliseconds a row. Each row makes a person with its names, an incident, an
   act, three cited passages, and their audit entries and first versions;
3. links the imported persons as `kirok link run` reads them (kirok.linkage.services
   .person_records, then the engine) and, beside it, the same rows read straight from the
   CSV as `kirok link dedupe` reads them; both scored against the generator's truth
   (pairwise precision, recall, F1). What the import keeps of each row should link as well
   as the row itself.
"""

from __future__ import annotations

import argparse
import collections
import csv
import io
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1000, help="about this many rows (1000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-postgresql", action="store_true", help="SQLite only")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.rows, args.seed)))
        return
    print(f"List import: the independent generator's list, about {args.rows:,} rows, seed "
          f"{args.seed}")  # fmt: skip
    report("SQLite", on_sqlite(args))
    if not args.no_postgresql:
        report("PostgreSQL", on_postgresql(args))


def run_child(args, data_dir: Path, database_url: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIROK_")}
    env |= {"KIROK_DATA_DIR": str(data_dir), "KIROK_DATABASE_URL": database_url,
            "KIROK_LOG_LEVEL": "ERROR"}  # fmt: skip
    command = [sys.executable, __file__, "--child", "--rows", str(args.rows),
               "--seed", str(args.seed)]  # fmt: skip
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def on_sqlite(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="kirok-bench-import-"))
    try:
        (tmp / "data").mkdir()
        return run_child(args, tmp / "data", f"sqlite:///{tmp / 'data' / 'kirok.sqlite3'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def on_postgresql(args) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="kirok-bench-import-"))
    tmp.chmod(0o711)  # the server runs as postgres
    sys.path.insert(0, str(ROOT))
    from tests.plugins import database as test_database

    try:
        server = test_database._start_postgresql(tmp / "pg")
        test_database._admin_sql("CREATE DATABASE kirok_bench")
        (tmp / "data").mkdir()
        return run_child(args, tmp / "data", server["url"] + "kirok_bench")
    except Exception as error:  # no server installed, initdb failed …
        return {"error": f"no throwaway PostgreSQL server: {error}"}
    finally:
        test_database._cleanup()
        shutil.rmtree(tmp, ignore_errors=True)


def report(database: str, result: dict) -> None:
    print()
    if "error" in result:
        print(f"{database}: skipped: {result['error']}")
        return
    rows, clean = result["rows"], result["clean"]
    print(f"{database}:")
    print(f"  checked {rows:,} rows in {result['check_seconds']:.2f} s; "
          f"{clean:,} ({clean / rows:.1%}) read as they are")  # fmt: skip
    for column, count in sorted(result["problems"].items(), key=lambda kv: -kv[1]):
        print(f"    {count:>5,} rows with a problem in {column or 'a cell'}")
    for example in result["examples"]:
        print(f"      e.g. {example}")
    per_row = result["record_seconds"] / clean * 1000
    print(f"  recorded {clean:,} rows ({result['incidents']:,} incidents) in "
          f"{result['record_seconds']:.1f} s: {per_row:.1f} ms a row")  # fmt: skip
    for path, (precision, recall, f1) in result["linkage"].items():
        print(f"  linked {path:<34} precision {precision:.3f}  recall {recall:.3f}  "
              f"F1 {f1:.3f}")  # fmt: skip


# --- child ----------------------------------------------------------------------------------


def measure(rows: int, seed: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kirok.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import translation

    translation.activate("en")
    from kirok.accounts.models import Case, CaseMembership
    from kirok.accounts.services import create_account
    from kirok.audit.context import acting
    from kirok.interop import imports
    from kirok.records.seeding import load_reference_data
    from kirok.security.services import ensure_keys
    from kirok.vocabularies.models import Term

    call_command("migrate", verbosity=0)
    ensure_keys()
    load_reference_data()
    user = create_account("bench", "coordinator", "bench-password-0123456")
    case = Case.objects.create(name="bench")
    CaseMembership.objects.create(case=case, user=user)
    text = partner_list(rows, seed)

    repatriation = Term.objects.of("violation_type").get(code="forced_repatriation")
    started = time.perf_counter()
    plan = imports.read_list(text.encode(), "list.csv", violation=repatriation)
    check_seconds = time.perf_counter() - started
    problems = collections.Counter(problem.column for problem in plan.problems)
    bad_lines = {problem.line for problem in plan.problems}
    examples = [str(problem) for problem in plan.problems[:3]]

    clean_text = without_lines(text, bad_lines)
    started = time.perf_counter()
    with acting(user):
        done = imports.import_list(
            clean_text.encode(), "clean.csv", user=user, cases=[case], title="bench",
            violation=repatriation,
        )  # fmt: skip
    record_seconds = time.perf_counter() - started
    linkage = {
        "as imported (kirok link run)": scores(imported_clusters(done.source), clean_text),
        "from the CSV (kirok link dedupe)": scores(csv_clusters(clean_text), clean_text),
    }
    return {
        "linkage": linkage,
        "rows": text.count("\n") - 1,
        "clean": done.persons,
        "incidents": done.incidents,
        "check_seconds": check_seconds,
        "record_seconds": record_seconds,
        "problems": dict(problems) | ({"more": plan.more_problems} if plan.more_problems else {}),
        "examples": examples,
    }


def imported_clusters(source) -> dict[str, str]:
    """Each imported row's cluster, as `kirok link run` would link the imported persons; a
    person is known by its row's record_id, the first cell of the row it cites."""
    from kirok.linkage import services
    from kirok.linkage.engine import link
    from kirok.records.models import Person

    persons = list(Person.objects.filter(evidence__source=source).prefetch_related("names"))
    row_of = {str(p.public_id): next(csv.reader([p.evidence.get().quote]))[0] for p in persons}
    result = link(services.person_records(persons))
    return {row_of[record]: cluster for record, cluster in result.clusters.items()}


def csv_clusters(text: str) -> dict[str, str]:
    from kirok.linkage.engine import link, lists

    return dict(link(lists.parse_records(text)).clusters)


def scores(clusters: dict[str, str], text: str) -> tuple[float, float, float]:
    from bench.linkage_metrics import pairwise

    truth = {row["record_id"]: row["true_person"] for row in csv.DictReader(io.StringIO(text))}
    found = pairwise(clusters, truth)
    return found.precision, found.recall, found.f1


def partner_list(rows: int, seed: int) -> str:
    """About ``rows`` rows of the independent generator as a list's CSV (2 rows a person)."""
    from bench import linkage_independent

    generated = linkage_independent.generate_rows(max(1, rows // 2), seed)[:rows]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=linkage_independent.COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(generated)
    return buffer.getvalue()


def without_lines(text: str, lines: set[int]) -> str:
    return "".join(
        line for number, line in enumerate(text.splitlines(keepends=True), 1) if number not in lines
    )


if __name__ == "__main__":
    main()
