"""The model's comparisons: levels in SQL over the precomputed columns, plus name similarity.

Each comparison is a Splink comparison dictionary; the levels test the columns built in
features.py, so "the same name" means the same comparison key across romanizations, and
"the same hometown" the same gazetteer place. Where SQL cannot judge (how alike two
spellings are), the SQL calls ``kirok_name_similarity``, a vectorised function registered
with the database from kirok.lib.names (see :func:`name_similarity_batch`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from kirok.lib.names import similarity_pairs

NAME_SEPARATOR = "\x1f"  # joins a record's names into one column for the SQL function
SIMILARITY_FUNCTION = "kirok_name_similarity"
# The names library's caches grow arrays in place; DuckDB calls the function from several
# threads, so calls take turns (they hold the GIL for most of their time anyway).
_NAMES_LOCK = threading.Lock()


def name_similarity_batch(left: Sequence[str | None], right: Sequence[str | None]) -> np.ndarray:
    """Best names-library similarity between any name of the left and any of the right.

    Each value holds a record's names joined by NAME_SEPARATOR; missing → 0.0. Every cross
    pair of names in the batch is scored in one vectorised call.
    """
    out = np.zeros(len(left), dtype=np.float64)
    row_of, lefts, rights = [], [], []
    for row, (a, b) in enumerate(zip(left, right, strict=True)):
        if not a or not b:
            continue
        if NAME_SEPARATOR not in a and NAME_SEPARATOR not in b:  # the usual case
            row_of.append(row)
            lefts.append(a)
            rights.append(b)
            continue
        for name_a in a.split(NAME_SEPARATOR):
            for name_b in b.split(NAME_SEPARATOR):
                row_of.append(row)
                lefts.append(name_a)
                rights.append(name_b)
    if lefts:
        with _NAMES_LOCK:
            scores = np.asarray(similarity_pairs(lefts, rights), dtype=np.float64)
        np.maximum.at(out, np.asarray(row_of, dtype=np.int64), scores)
    return out


# How much a name's frequency moves the "same name key" weight (Splink's full term
# frequency adjustment; 0.5 was tried and measured no better, see linkage.md).
TF_WEIGHT = 1.0
# Array overlap is spelled differently by each SQL dialect Splink runs on.
OVERLAP_FUNCTION = {"duckdb": "list_has_any", "spark": "arrays_overlap"}


def _sim() -> str:
    return f"{SIMILARITY_FUNCTION}(names_l, names_r)"


def _level(sql: str, label: str, m: float | None = None, u: float | None = None, **extra) -> dict:
    """One level; m and u are the starting values, used as they are for small inputs."""
    level = {"sql_condition": sql, "label_for_charts": label, **extra}
    if m is not None:
        level["m_probability"] = m
    if u is not None:
        level["u_probability"] = u
    return level


def _null(column: str, label: str = "missing") -> dict:
    sql = f'"{column}_l" IS NULL OR "{column}_r" IS NULL'
    return _level(sql, label, is_null_level=True)


def _else(label: str, m: float, u: float) -> dict:
    return _level("ELSE", label, m, u)


def name_comparison(term_frequencies: bool = True, dialect: str = "duckdb") -> dict:
    """Name: same key, very similar, a key shared in another reading, similarity bands."""
    # Splink's term-frequency adjustment needs a plain equality level on the key, so
    # spellings that share a key but that the names library tells apart (혜송 / 혜성, both
    # in Hangul) get their own level before it.
    overlap = OVERLAP_FUNCTION[dialect]
    tf = {"tf_adjustment_column": "name_key", "tf_adjustment_weight": TF_WEIGHT}
    same_key = _level(
        '"name_key_l" = "name_key_r"',
        "same name key",
        0.78,
        0.0002,
        **(tf if term_frequencies else {}),
    )
    key_but_apart = _level(
        f"name_key_l = name_key_r AND {_sim()} < 0.9", "same key, spelled apart", 0.01, 0.0005
    )
    return {
        "output_column_name": "name",
        "comparison_levels": [
            _null("name_key"),
            key_but_apart,
            same_key,
            _level(f"{_sim()} >= 0.9", "very similar (≥ 0.9)", 0.08, 0.0005),
            _level(
                f"{overlap}(name_keys_l, name_keys_r)",
                "shared key in another reading",
                0.03,
                0.001,
            ),
            _level(f"{_sim()} >= 0.75", "similar (≥ 0.75)", 0.03, 0.005),
            _level(f"{_sim()} >= 0.6", "somewhat similar (≥ 0.6)", 0.02, 0.02),
            _else("different", 0.05, 0.9733),
        ],
    }


def birth_comparison() -> dict:
    """Birth year: exact, ±1, ±2 (both stated), ranges overlap (age or range), else."""
    both_stated = "birth_kind_l = 'year' AND birth_kind_r = 'year'"
    gap = "abs(birth_low_l - birth_low_r)"
    overlap = "birth_low_l <= birth_high_r AND birth_low_r <= birth_high_l"
    near = "birth_low_l - 2 <= birth_high_r AND birth_low_r - 2 <= birth_high_l"
    return {
        "output_column_name": "birth_year",
        "comparison_levels": [
            _null("birth_low"),
            _level(f"{both_stated} AND {gap} = 0", "exact", 0.5, 0.01),
            _level(f"{both_stated} AND {gap} <= 1", "±1 year", 0.15, 0.02),
            _level(f"{both_stated} AND {gap} <= 2", "±2 years", 0.05, 0.02),
            _level(overlap, "derived from age, overlapping", 0.15, 0.03),
            _level(near, "derived from age, within 2 years", 0.05, 0.03),
            _else("different", 0.1, 0.89),
        ],
    }


def sex_comparison() -> dict:
    return {
        "output_column_name": "sex",
        "comparison_levels": [
            _null("sex"),
            _level("sex_l = sex_r", "same", 0.97, 0.5),
            _else("different", 0.03, 0.5),
        ],
    }


def event_comparison() -> dict:
    """The year of the event the record tells (disappearance, arrest): one person's records
    tell of the same event, while namesakes were taken in other years."""
    return {
        "output_column_name": "event_year",
        "comparison_levels": [
            _null("event_year"),
            _level("event_year_l = event_year_r", "same year", 0.75, 0.05),
            _level("abs(event_year_l - event_year_r) <= 1", "±1 year", 0.15, 0.09),
            _else("different", 0.1, 0.86),
        ],
    }


def hometown_comparison() -> dict:
    """Hometown as gazetteer identity: the same place, the same province, else."""
    return {
        "output_column_name": "hometown",
        "comparison_levels": [
            _null("place_id"),
            _level("place_id_l = place_id_r", "same place", 0.6, 0.01),
            _level("province_l = province_r", "same province", 0.2, 0.1),
            _else("different", 0.2, 0.89),
        ],
    }


def family_comparison(dialect: str = "duckdb") -> dict:
    """Family ties: a parent's or spouse's name key in common."""
    overlap = OVERLAP_FUNCTION[dialect]
    return {
        "output_column_name": "family",
        "comparison_levels": [
            _null("relative_keys"),
            _level(f"{overlap}(relative_keys_l, relative_keys_r)", "shared relative", 0.7, 0.001),
            _else("no shared relative", 0.3, 0.999),
        ],
    }


def comparisons(
    *, family: bool = True, term_frequencies: bool = True, dialect: str = "duckdb"
) -> list[dict]:
    """All comparisons; family ties only when some record names a relative."""
    found = [
        name_comparison(term_frequencies, dialect),
        birth_comparison(),
        sex_comparison(),
        event_comparison(),
        hometown_comparison(),
    ]
    if family:
        found.append(family_comparison(dialect))
    return found
