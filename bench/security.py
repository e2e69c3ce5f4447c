"""What encryption at rest costs: page and search times with encryption on and off.

    .venv/bin/python bench/security.py [--scale 10] [--seed 1] [--repeat 40]

For each mode a child process builds a fresh SQLite database in a temporary data dir, loads
the demo data at the given scale, and times through Django's test client (the real views,
middleware and templates): the home page, incident pages, person pages; and, below the
views, a name search through the blind index (any romanization finds the name) and a
full-text search of the encrypted sources. "Off" replaces sealing, opening and keyed hashing
with the identity, so the two runs differ only by the cryptography. Prints p50 and p95 in
CPU milliseconds of the process (SQLite works inside it), and the overhead.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT_QUERIES = ["보위부", "강제송환", "구류장", "어머니", "repatriated", "detention", "Onsong"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=40)
    parser.add_argument(
        "--rounds", type=int, default=2, help="alternate on/off this many times; keep the best"
    )
    parser.add_argument("--child", choices=["on", "off"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.child == "on", args.seed, args.scale, args.repeat)))
        return
    # Alternating the modes and keeping each one's best round keeps other load on the
    # machine from being counted as the cost of encryption.
    rounds = {"on": [], "off": []}
    for _ in range(args.rounds):
        for mode in ("on", "off"):
            rounds[mode].append(run_child(mode, args))
    report({mode: best(runs) for mode, runs in rounds.items()}, args)


def best(runs: list[dict]) -> dict:
    chosen = dict(runs[0])
    for key, value in runs[0].items():
        if isinstance(value, list):
            chosen[key] = min((run[key] for run in runs), key=statistics.median)
    chosen["load_seconds"] = min(run["load_seconds"] for run in runs)
    return chosen


def run_child(mode: str, args) -> dict:
    with tempfile.TemporaryDirectory(prefix=f"kirok-bench-{mode}-") as data_dir:
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIROK_")}
        env.update(KIROK_DATA_DIR=data_dir, KIROK_REQUIRE_2FA="false", KIROK_LOG_LEVEL="ERROR")
        command = [sys.executable, __file__, "--child", mode, "--scale", str(args.scale),
                   "--seed", str(args.seed), "--repeat", str(args.repeat)]  # fmt: skip
        done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=ROOT)
        if done.returncode != 0:
            sys.exit(f"{mode}: {done.stderr.strip()[-2000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])


def without_cryptography() -> None:
    from kirok.security import keyring

    keyring.seal = lambda text, context: text
    keyring.open_sealed = lambda token, context: token
    keyring.blind_index = lambda token, purpose: token[:32]


def measure(encrypted: bool, seed: int, scale: int, repeat: int) -> dict:
    os.environ["DJANGO_SETTINGS_MODULE"] = "kirok.settings"
    Path(os.environ["KIROK_DATA_DIR"]).mkdir(parents=True, exist_ok=True)
    import django

    django.setup()
    if not encrypted:
        without_cryptography()
    from django.core.management import call_command

    from kirok.records import demo
    from kirok.records.seeding import load_reference_data
    from kirok.security.services import ensure_keys

    call_command("migrate", verbosity=0)
    ensure_keys()
    load_reference_data()
    started = time.perf_counter()
    counts = demo.load(seed=seed, scale=scale)
    load_seconds = time.perf_counter() - started
    return {"load_seconds": load_seconds, "rows": counts["total_rows"], **timings(repeat)}


def timings(repeat: int) -> dict:
    from django.test import Client

    from kirok.accounts.services import create_account
    from kirok.records import demo
    from kirok.records.models import Incident, Person, PersonName
    from kirok.security import indexing
    from kirok.sources.models import Source

    user = create_account("bench", "coordinator", "bench-password-0123456")
    demo.grant_access(user)
    client = Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_HOST="localhost")
    client.force_login(user)
    chosen = random.Random(1)
    incidents = chosen.sample(list(Incident.objects.values_list("public_id", flat=True)), repeat)
    persons = chosen.sample(list(Person.objects.values_list("public_id", flat=True)), repeat)
    latin = [n.text for n in PersonName.objects.filter(script="latin")[: repeat * 5]]
    names = chosen.sample(latin, min(repeat, len(latin)))
    return {
        "home page": time_calls(lambda _: page(client, "/"), range(repeat)),
        "incident page": time_calls(lambda p: page(client, f"/incidents/{p}/"), incidents),
        "person page": time_calls(lambda p: page(client, f"/persons/{p}/"), persons),
        "name search": time_calls(
            lambda n: list(PersonName.objects.spelled_like(n.lower().replace("-", " "))), names
        ),
        "text search": time_calls(
            lambda q: indexing.search(Source.objects.all(), q, ("title", "text")),
            TEXT_QUERIES * max(1, repeat // len(TEXT_QUERIES)),
        ),
    }


def page(client, path: str) -> None:
    response = client.get(path)
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}")


def time_calls(call, arguments) -> list[float]:
    """CPU milliseconds of each call. SQLite runs inside this process, so its CPU time is
    the whole cost of a page or a search, and other work on a shared machine is not counted
    as the cost of encryption (wall-clock time would be)."""
    call(next(iter(arguments)))  # warm caches (templates, keys) before measuring
    elapsed = []
    for argument in arguments:
        started = time.process_time()
        call(argument)
        elapsed.append((time.process_time() - started) * 1000)
    return elapsed


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(results: dict, args) -> None:
    on, off = results["on"], results["off"]
    print(f"Encryption cost: demo data seed {args.seed}, scale {args.scale} ({on['rows']:,} rows)")
    print(f"load: {on['load_seconds']:.1f} s encrypted, {off['load_seconds']:.1f} s plain\n")
    print(f"{'':<15}{'p50 on':>9}{'p50 off':>9}{'p95 on':>9}{'p95 off':>9}{'overhead':>10}")
    for name in ("home page", "incident page", "person page", "name search", "text search"):
        p50_on, p50_off = statistics.median(on[name]), statistics.median(off[name])
        p95_on, p95_off = percentile(on[name], 0.95), percentile(off[name], 0.95)
        overhead = (p50_on / p50_off - 1) * 100 if p50_off else float("nan")
        print(f"{name:<15}{p50_on:>9.1f}{p50_off:>9.1f}{p95_on:>9.1f}{p95_off:>9.1f}"
              f"{overhead:>9.0f}%")  # fmt: skip
    print("\n(CPU milliseconds; overhead compares the medians)")


if __name__ == "__main__":
    main()
