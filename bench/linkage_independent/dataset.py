"""The whole data set: persons, their records from the sources, shuffled and numbered."""

import csv
import random

from bench.linkage_independent.population import Person, random_population
from bench.linkage_independent.sources import SOURCE_SHARES, make_record
from bench.linkage_independent.tables import weighted_choice

# The input header of `kirok link dedupe` that issue 6 specifies, plus the true person. Written
# out rather than imported from kirok.cli.dedupe: this generator imports nothing of Kirok.
COLUMNS = (
    "record_id",
    "source",
    "name",
    "name_hangul",
    "sex",
    "birth_year",
    "age_at_event",
    "event_year",
    "hometown",
    "true_person",
)
RECORDS_PER_PERSON = [(1, 45), (2, 25), (3, 15), (4, 9), (5, 6)]


def generate(persons: int, seed: int) -> tuple[list[Person], list[dict[str, str]]]:
    """The synthetic population and its records (rows of the CSV, ``COLUMNS`` as keys)."""
    rng = random.Random(seed)
    population = random_population(rng, persons)
    records = []
    for person in population:
        for _ in range(weighted_choice(rng, RECORDS_PER_PERSON)):
            source = weighted_choice(rng, SOURCE_SHARES)
            records.append(make_record(rng, person, source))
    rng.shuffle(records)
    rows = [{"record_id": f"r{index + 1:06d}", **record} for index, record in enumerate(records)]
    return population, rows


def generate_rows(persons: int, seed: int) -> list[dict[str, str]]:
    """The CSV rows for ``persons`` synthetic people; the same seed gives the same rows.

    >>> rows = generate_rows(persons=3, seed=1)
    >>> sorted(rows[0]) == sorted(COLUMNS)
    True
    """
    return generate(persons, seed)[1]


def write_csv(rows: list[dict[str, str]], path: str) -> None:
    """Write ``rows`` as UTF-8 CSV with a header row, columns in the order of ``COLUMNS``."""
    with open(path, "w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
