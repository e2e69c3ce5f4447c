"""The Fellegi–Sunter model on Splink: build the table, train, score the candidate pairs.

Splink runs in-process on DuckDB (or on Spark, see spark.py). It receives the records as
the precomputed columns of features.py, the candidate pairs of blocking.py (registered as
Splink's blocked pairs, so Splink scores exactly the pairs our Korean-aware blocking
found), and a vectorised SQL function for the names-library similarity.

Training: u from random sampling; the prior probability that two random records match from
deterministic rules (same name key and birth year) with an assumed recall; m by EM in two
passes (blocked on the name key to learn the other comparisons, then on birth year and
hometown to learn the name); when reviewers said "same", m is also estimated from those
labelled pairs, which replaces EM's guesses with what people confirmed.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from kirok.linkage.engine.comparisons import (
    BOTH_DATED,
    NAME_SEPARATOR,
    SIMILARITY_FUNCTION,
    NameSimilarity,
    comparisons,
)
from kirok.linkage.engine.features import RecordFeatures

SEED = 6  # for Splink's sampling; fixed so that a run is reproducible
U_SAMPLE_PAIRS = 300_000
# The prior (two random records match): rules with few false positives and their recall.
PRIOR_RULES = (
    "l.name_key = r.name_key AND l.birth_low = r.birth_low",
    "l.name_key = r.name_key AND l.place_id = r.place_id",
)
PRIOR_RULES_RECALL = 0.6
MIN_TRAINING_RECORDS = 500
# A list smaller than MIN_TRAINING_RECORDS keeps the starting m and u, except how often two
# of its records share a hometown or a birth year by chance: that is the list's own (in a
# list of people from three border towns, "same hometown" is weak evidence, whatever the
# starting value assumed), counted over its pairs and weighed against the starting value
# as if that were U_PRIOR_PAIRS pairs, so that a list of a dozen records keeps nearly the
# starting value.
U_PRIOR_PAIRS = 1_000
MIN_EM_PAIRS = 100
MIN_LABELS = 30
# Term frequencies of the name key, left out: how often *other* records carry the name.
# Splink's own table counts the two records being compared, so a name written only by
# those two looks as common as any name seen twice, and two records sharing a rare name
# get about even odds. Leaving the pair out (and adding TF_SMOOTHING records, for the
# namesakes no source has listed yet) makes a name that only these records carry strong
# evidence, as it is (measured in docs/methodology/linkage.md).
TF_LEAVE_OUT = 2
TF_SMOOTHING = 0.5
# Lowest m per comparison after training: EM on messy data can drive the m of a
# disagreement level to ~0 (one typo would then veto a true pair); family ties are often
# listed differently (a father in one record, a spouse in another), so their absence
# says little.
M_FLOORS = {
    "name": 0.01,
    "birth_year": 0.02,
    "birth_date": 0.02,
    "sex": 0.01,
    "event_year": 0.03,
    "hometown": 0.02,
    "family": 0.3,
    "source": 0.01,
}
# EM runs where it is well behaved: pairs with the same name key and birth year are mostly
# one person, so EM learns sex, event year, hometown and family ties from them; pairs of
# one hometown and birth year teach it the name; pairs of one name key and hometown teach
# it the birth year and date (how often a true pair's years differ by one, two, more). Run
# on the name key alone, EM mistook namesakes for a class of their own (m of "birth year
# different" came out at 0.34); with the hometown too, true pairs dominate the block
# (docs/methodology/linkage.md).
EM_RULES = (
    "l.name_key = r.name_key AND l.birth_low = r.birth_low",
    "l.place_id = r.place_id AND l.birth_low = r.birth_low",
    "l.name_key = r.name_key AND l.place_id = r.place_id",
)
# An EM block larger than this is sampled: half a million pairs teach m as well as
# millions, and EM's iterations grow with the block. A list whose hometowns and birth years
# are concentrated (one town, the same few years) made the hometown-and-year block 1.6
# million pairs at 50,000 persons, and EM on it took 49 of the run's 111 seconds. The sample
# keeps the pairs whose left record falls in the first buckets of a fixed hash of its row,
# so a run is reproducible and the sample does not follow the input's order.
EM_MAX_PAIRS = 500_000
EM_BUCKETS = 1000


@dataclass
class Scored:
    """Splink's output as arrays aligned with the candidate pairs that passed the floor."""

    left: np.ndarray
    right: np.ndarray
    probability: np.ndarray
    weight: np.ndarray
    levels: list[dict[str, str]]
    model: dict


def _list_or_null(values: Sequence[str]) -> list[str] | None:
    return list(values) or None


def records_table(features: Sequence[RecordFeatures]) -> pa.Table:
    """The columns the comparisons read, one row per record; unique_id is the row number."""
    schema = pa.schema(
        [
            ("unique_id", pa.int64()),
            ("names", pa.string()),
            ("name_key", pa.string()),
            ("name_keys", pa.list_(pa.string())),
            ("korean_surnames", pa.list_(pa.string())),
            ("birth_low", pa.int64()),
            ("birth_high", pa.int64()),
            ("birth_kind", pa.string()),
            ("birth_date", pa.string()),
            ("sex", pa.string()),
            ("event_year", pa.int64()),
            ("place_id", pa.string()),
            ("province", pa.string()),
            ("place_x", pa.float64()),
            ("place_y", pa.float64()),
            ("relative_keys", pa.list_(pa.string())),
            ("source", pa.string()),
            ("em_bucket", pa.int64()),
        ]
    )
    columns = {
        "unique_id": [f.index for f in features],
        "names": [NAME_SEPARATOR.join(f.names) or None for f in features],
        "name_key": [f.name.key if f.name else None for f in features],
        "name_keys": [list(f.name_keys) for f in features],
        "korean_surnames": [_list_or_null(f.korean_surnames) for f in features],
        "birth_low": [f.birth_low for f in features],
        "birth_high": [f.birth_high for f in features],
        "birth_kind": [f.birth_kind for f in features],
        "birth_date": [f.birth_date for f in features],
        "sex": [f.sex for f in features],
        "event_year": [f.event_year for f in features],
        "place_id": [f.place_id for f in features],
        "province": [f.province for f in features],
        "place_x": [f.place_xy[0] if f.place_xy else None for f in features],
        "place_y": [f.place_xy[1] if f.place_xy else None for f in features],
        "relative_keys": [_list_or_null(f.relative_keys) for f in features],
        "source": [f.source for f in features],
        "em_bucket": [_em_bucket(f.index) for f in features],
    }
    return pa.table(columns, schema=schema)


def _em_bucket(index: int) -> int:
    """A fixed bucket in [0, EM_BUCKETS) for a row, spread by Knuth's multiplicative hash."""
    return (index * 2654435761) % 2**32 % EM_BUCKETS


def name_key_frequencies(features: Sequence[RecordFeatures]) -> pa.Table:
    """The name key's term-frequency table, each count less the pair being compared."""
    counts = Counter(f.name.key for f in features if f.name)
    total = max(len(features), 1)
    keys = sorted(counts)
    return pa.table(
        {
            "name_key": pa.array(keys, pa.string()),
            "tf_name_key": pa.array(
                [(max(counts[k] - TF_LEAVE_OUT, 0) + TF_SMOOTHING) / total for k in keys],
                pa.float64(),
            ),
        }
    )


def duckdb_api():
    """A fresh in-memory DuckDB for Splink (``score`` registers the name similarity)."""
    import duckdb
    from splink import DuckDBAPI

    return DuckDBAPI(connection=duckdb.connect(":memory:"))


def register_similarity(api, features: Sequence[RecordFeatures], pairs: np.ndarray) -> None:
    """Give DuckDB the names' similarity of the candidate pairs, computed once."""
    similarity = NameSimilarity([NAME_SEPARATOR.join(f.names) or None for f in features])
    similarity.precompute(pairs)

    def lookup(left: pa.Array, right: pa.Array) -> pa.Array:
        return pa.array(similarity(left.to_numpy(), right.to_numpy()))

    api._con.create_function(
        SIMILARITY_FUNCTION, lookup, ["BIGINT", "BIGINT"], "DOUBLE", type="arrow"
    )


def settings(
    prior: float,
    *,
    family: bool,
    dates: bool = False,
    sources: bool = False,
    dialect: str = "duckdb",
) -> dict:
    """The Splink settings dictionary (JSON-able; it is saved with the result)."""
    return {
        "link_type": "dedupe_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": prior,
        "comparisons": comparisons(family=family, dates=dates, sources=sources, dialect=dialect),
        "blocking_rules_to_generate_predictions": [],
        "retain_intermediate_calculation_columns": False,
        "retain_matching_columns": True,
    }


def default_prior(count: int) -> float:
    """About one other record of the same person per record, before looking at the data."""
    return min(0.5, 1.0 / max(count - 1, 1))


def is_spark(api) -> bool:
    return type(api).__name__ == "SparkAPI"


def register(api, table: pa.Table, name: str):
    """Register an Arrow table with the backend (DuckDB reads Arrow; Spark gets a frame)."""
    if is_spark(api):
        from kirok.linkage.engine.spark import spark_frame

        return api.register(spark_frame(api, table), table_name=name)
    return api.register(table, table_name=name)


def _labels_table(api, same_pairs: Sequence[tuple[int, int]]):
    rows = sorted((min(a, b), max(a, b)) for a, b in same_pairs)
    table = pa.table(
        {
            "unique_id_l": pa.array([a for a, _ in rows], pa.int64()),
            "unique_id_r": pa.array([b for _, b in rows], pa.int64()),
            "clerical_match_score": pa.array([1.0] * len(rows), pa.float64()),
        }
    )
    return register(api, table, "kirok_labels")


def _blocked_pairs_table(api, pairs: np.ndarray):
    table = pa.table(
        {
            "match_key": pa.array(["0"] * len(pairs), pa.string()),
            "join_key_l": pa.array(pairs[:, 0], pa.int64()),
            "join_key_r": pa.array(pairs[:, 1], pa.int64()),
        }
    )
    return register(api, table, "kirok_blocked_pairs")


def _pairs_sharing(features: Sequence[RecordFeatures], key) -> int:
    """How many pairs agree on ``key`` (None never agrees): the size of an EM block."""
    counts = Counter(k for k in map(key, features) if k is not None)
    return sum(n * (n - 1) // 2 for n in counts.values())


def _name_and_birth(f: RecordFeatures):
    return (f.name.key, f.birth_low) if f.name and f.birth_low else None


def _name_and_place(f: RecordFeatures):
    return (f.name.key, f.place_id) if f.name and f.place_id else None


def _place_and_birth(f: RecordFeatures):
    return (f.place_id, f.birth_low) if f.place_id and f.birth_low else None


def _em_rules(features: Sequence[RecordFeatures]) -> list[str]:
    """The EM blocking rules with enough pairs to learn from (a failed EM run would
    leave Splink's settings without the comparisons it was training)."""
    sizes = {
        EM_RULES[0]: _pairs_sharing(features, _name_and_birth),
        EM_RULES[1]: _pairs_sharing(features, _place_and_birth),
        EM_RULES[2]: _pairs_sharing(features, _name_and_place),
    }
    return [_sampled(rule, size) for rule, size in sizes.items() if size >= MIN_EM_PAIRS]


def _sampled(rule: str, size: int) -> str:
    """The rule, narrowed to about EM_MAX_PAIRS of its pairs when it has more."""
    if size <= EM_MAX_PAIRS:
        return rule
    kept = max(1, EM_BUCKETS * EM_MAX_PAIRS // size)
    return f"{rule} AND l.em_bucket < {kept}"


def train(linker, features: Sequence[RecordFeatures], same_pairs: Sequence[tuple[int, int]]):
    """Estimate the prior, u and m (EM, then labels when reviewers said "same").

    Small inputs keep the starting values of comparisons.py: a few hundred records say
    less about m and u than those values do. So does a list without birth years or
    hometowns: no pair meets the prior's rules (an estimate of 0 would fail every score)
    and there is no block to run EM on.
    """
    count = len(features)
    if count < MIN_TRAINING_RECORDS:
        _count_chance_agreement(linker, features)
    else:
        if _pairs_sharing(features, _name_and_birth) or _pairs_sharing(features, _name_and_place):
            linker.training.estimate_probability_two_random_records_match(
                list(PRIOR_RULES), recall=PRIOR_RULES_RECALL
            )
        max_pairs = min(U_SAMPLE_PAIRS, count * (count - 1) / 2)
        linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=SEED)
        for rule in _em_rules(features):
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True
            )
    if len(same_pairs) >= MIN_LABELS:
        labels = _labels_table(linker._db_api, same_pairs)
        linker.training.estimate_m_from_pairwise_labels(labels.physical_name)


# (comparison, level label) → the value two records agree on at that level.
CHANCE_LEVELS = {
    ("hometown", "same place"): lambda f: f.place_id,
    ("birth_year", "exact"): lambda f: f.birth_low if f.birth_kind == "year" else None,
}


def _count_chance_agreement(linker, features: Sequence[RecordFeatures]) -> None:
    """u of CHANCE_LEVELS from the list itself, blended with the starting u."""
    for comparison in linker._settings_obj.comparisons:
        for level in comparison.comparison_levels:
            value = CHANCE_LEVELS.get((comparison.output_column_name, level.label_for_charts))
            if value is None:
                continue
            known = [v for v in map(value, features) if v is not None]
            pairs = len(known) * (len(known) - 1) // 2
            if pairs:
                agreeing = sum(n * (n - 1) // 2 for n in Counter(known).values())
                level.u_probability = (U_PRIOR_PAIRS * level.u_probability + agreeing) / (
                    U_PRIOR_PAIRS + pairs
                )


def apply_m_floors(linker) -> None:
    """Raise every trained m below its comparison's floor (M_FLOORS) to the floor."""
    for comparison in linker._settings_obj.comparisons:
        floor = M_FLOORS.get(comparison.output_column_name, 0.0)
        for level in comparison.comparison_levels:
            if not level.is_null_level and (level.m_probability or 0.0) < floor:
                level.m_probability = floor


def _labelled(
    labels: dict[str, dict[int, str]],
    row: Sequence[int],
    left: RecordFeatures,
    right: RecordFeatures,
) -> dict[str, str]:
    """The label of each comparison's level for one pair. The birth year has two levels
    that weigh nothing, and Splink numbers both -1: "compared as full dates" when both
    records give a day, else "missing" (one record says nothing of a birth)."""
    found = {name: labels[name].get(g, str(g)) for name, g in zip(labels, row, strict=True)}
    if found.get("birth_year") == BOTH_DATED and not (left.birth_date and right.birth_date):
        found["birth_year"] = "missing"
    return found


def _level_labels(linker) -> dict[str, dict[int, str]]:
    """comparison name → {gamma value → level label}."""
    found = {}
    for comparison in linker._settings_obj.comparisons:
        found[comparison.output_column_name] = {
            level.comparison_vector_value: level.label_for_charts
            for level in comparison.comparison_levels
        }
    return found


def score(
    api,
    features: Sequence[RecordFeatures],
    pairs: np.ndarray,
    *,
    floor: float,
    levels_from: float = 0.0,
    prior: float | None = None,
    same_pairs: Sequence[tuple[int, int]] = (),
) -> Scored:
    """Train the model on the records and score the candidate pairs above ``floor``.

    Level labels are only spelled out for pairs at or above ``levels_from`` (the pairs a
    reviewer will see); the others get an empty dict, which saves millions of dicts.
    """
    from splink import Linker

    family = any(f.relative_keys for f in features)
    dates = any(f.birth_date for f in features)
    sources = len({f.source for f in features} - {None}) > 1
    if not is_spark(api):
        register_similarity(api, features, pairs)
    records = register(api, records_table(features), "kirok_records")
    prior = prior if prior is not None else default_prior(len(features))
    dialect = "spark" if is_spark(api) else "duckdb"
    linker = Linker(
        records,
        settings(prior, family=family, dates=dates, sources=sources, dialect=dialect),
        log_level=logging.ERROR,
    )
    frequencies = register(api, name_key_frequencies(features), "kirok_tf_name_key")
    linker.table_management.register_term_frequency_lookup(frequencies, "name_key")
    train(linker, features, same_pairs)
    apply_m_floors(linker)
    linker.table_management.register_blocked_pairs_for_predict(_blocked_pairs_table(api, pairs))
    predictions = linker.inference.predict(threshold_match_probability=floor or None)
    labels = _level_labels(linker)
    gammas = [f"gamma_{name}" for name in labels]
    columns = ["unique_id_l", "unique_id_r", "match_probability", "match_weight", *gammas]
    ordered = predictions.query_sql(
        # Column names are our own comparison names, never user text.
        f"SELECT {', '.join(columns)} FROM {{this}} ORDER BY unique_id_l, unique_id_r"  # noqa: S608
    ).as_dict()
    model = linker.misc.save_model_to_json(out_path=None)
    model.pop("linker_uid", None)  # random per run; the rest is reproducible
    level_rows = zip(*(ordered[g] for g in gammas), strict=True) if gammas else []
    probabilities = ordered["match_probability"]
    by_index = {f.index: f for f in features}
    return Scored(
        left=np.asarray(ordered["unique_id_l"], dtype=np.int64),
        right=np.asarray(ordered["unique_id_r"], dtype=np.int64),
        probability=np.asarray(ordered["match_probability"], dtype=np.float64),
        weight=np.asarray(ordered["match_weight"], dtype=np.float64),
        levels=[
            _labelled(labels, row, by_index[left], by_index[right]) if p >= levels_from else {}
            for row, p, left, right in zip(
                level_rows,
                probabilities,
                ordered["unique_id_l"],
                ordered["unique_id_r"],
                strict=True,
            )
        ],
        model=model,
    )
