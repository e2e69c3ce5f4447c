"""The second, independently written generator of the linkage benchmark
(bench/linkage_independent/): deterministic, readable by ``kirok link dedupe``, and
full of the namesakes that make linkage hard."""

from __future__ import annotations

import csv
import io
from collections import Counter

from bench import linkage_independent as independent
from kirok.cli.dedupe import parse_records


def test_the_same_seed_gives_the_same_rows_and_another_seed_others():
    assert independent.generate_rows(200, 3) == independent.generate_rows(200, 3)
    assert independent.generate_rows(200, 3) != independent.generate_rows(200, 4)


def test_every_row_reads_as_a_dedupe_record_of_one_true_person():
    rows = independent.generate_rows(500, 1)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=independent.COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    records = parse_records(buffer.getvalue())
    assert [r.record_id for r in records] == [row["record_id"] for row in rows]
    assert len(set(r.record_id for r in records)) == len(records)
    per_person = Counter(row["true_person"] for row in rows)
    assert len(per_person) == 500 and set(per_person.values()) <= {1, 2, 3, 4, 5}
    assert sum(bool(r.names) for r in records) == len(records)  # a name in some script


def test_different_people_share_a_name_and_nearly_a_birth_year():
    persons, _ = independent.generate(2000, 1)
    groups = independent.namesake_groups(persons)
    assert len(groups) >= 50
    assert all(len({p.person_id for p in group}) >= 2 for group in groups)
