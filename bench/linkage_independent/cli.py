"""The command line: write the CSV and summarise it (records, true pairs, namesakes)."""

import argparse
import sys
from collections import defaultdict

from bench.linkage_independent.dataset import generate, write_csv
from bench.linkage_independent.population import Person, namesake_groups


def summary(persons: list[Person], rows: list[dict[str, str]]) -> str:
    """Counts to check a generated file by: records, true pairs, namesake groups."""
    records_per_person: dict[str, int] = defaultdict(int)
    for row in rows:
        records_per_person[row["true_person"]] += 1
    true_pairs = sum(count * (count - 1) // 2 for count in records_per_person.values())
    singletons = sum(1 for count in records_per_person.values() if count == 1)
    groups = namesake_groups(persons)
    in_groups = [person for group in groups for person in group]
    group_records = sum(records_per_person[person.person_id] for person in in_groups)
    names = {person.surname + person.given_name for person in persons}
    return (
        f"{len(rows)} records, {len(persons)} persons, {singletons} singleton persons, "
        f"{true_pairs} true within-person pairs\n"
        f"namesake groups (same Hangul full name, birth years within 2): {len(groups)} groups, "
        f"{len(in_groups)} persons, {group_records} records; "
        f"distinct canonical full names: {len(names)}"
    )


def main(argv: list[str] | None = None) -> None:
    """Write the CSV that the options ask for and, unless --quiet, its summary."""
    # The package docstring documents the generator; its first line describes the command.
    from bench import linkage_independent  # imported here: the package imports this module

    description = (linkage_independent.__doc__ or "").splitlines()[0]
    parser = argparse.ArgumentParser(
        prog="python -m bench.linkage_independent", description=description
    )
    parser.add_argument("--persons", type=int, required=True, help="number of people")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", required=True, help="CSV file to write")
    parser.add_argument("--quiet", action="store_true", help="print no summary")
    args = parser.parse_args(argv)
    persons, rows = generate(args.persons, args.seed)
    write_csv(rows, args.out)
    if not args.quiet:
        print(f"wrote {args.out}: {summary(persons, rows)}", file=sys.stderr)
