"""The model's comparisons: levels in SQL over the precomputed columns, plus name similarity.

Each comparison is a Splink comparison dictionary; the levels test the columns built in
features.py, so "the same name" means the same comparison key across romanizations, and
"the same hometown" the same gazetteer place. Where SQL cannot judge (how alike two
spellings are), the SQL calls ``kirok_name_similarity``, a vectorised function registered
with the database from kirok.lib.names. On DuckDB it takes the two records' row numbers
and looks the score up in :class:`NameSimilarity`, computed once per candidate pair
(the name levels ask for it up to four times per pair); on Spark it takes the names.
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


class NameSimilarity:
    """Names-library similarity of two records by row number, computed once per pair.

    ``precompute`` scores the candidate pairs in one vectorised pass (each distinct pair of
    spellings once; records written identically score 1 without asking); a pair asked for
    later that was not precomputed (Splink's random sample for u) is scored on the spot.
    """

    def __init__(self, names: Sequence[str | None]) -> None:
        self.names = list(names)
        self.codes = np.empty(0, dtype=np.int64)  # left * len(names) + right, sorted
        self.values = np.empty(0, dtype=np.float64)

    def _code(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        return np.minimum(left, right) * len(self.names) + np.maximum(left, right)

    def scores(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Similarity of the rows' names; 0.0 when either record has none."""
        left_names = [self.names[i] for i in left.tolist()]
        right_names = [self.names[i] for i in right.tolist()]
        out = np.ones(len(left), dtype=np.float64)
        pairs_written = list(zip(left_names, right_names, strict=True))
        differ = [i for i, (a, b) in enumerate(pairs_written) if a != b or not a]
        if not differ:
            return out
        distinct: dict[tuple[str | None, str | None], int] = {}
        slots = [distinct.setdefault(pairs_written[i], len(distinct)) for i in differ]
        pairs = list(distinct)
        values = name_similarity_batch([a for a, _ in pairs], [b for _, b in pairs])
        out[differ] = values[slots]
        return out

    def precompute(self, pairs: np.ndarray) -> None:
        """Score the candidate pairs ((n, 2) rows) ahead of the SQL that asks for them."""
        codes = self._code(pairs[:, 0], pairs[:, 1])
        order = np.argsort(codes, kind="stable")
        self.codes = codes[order]
        self.values = self.scores(pairs[order, 0], pairs[order, 1])

    def __call__(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        codes = self._code(left, right)
        position = np.searchsorted(self.codes, codes).clip(max=max(len(self.codes) - 1, 0))
        known = (self.codes[position] == codes) if len(self.codes) else np.zeros(len(codes), bool)
        out = np.empty(len(codes), dtype=np.float64)
        out[known] = self.values[position[known]]
        if not known.all():
            out[~known] = self.scores(left[~known], right[~known])
        return out


# How much a name's frequency moves the "same name key" weight (Splink's full term
# frequency adjustment; 0.5 was tried and measured no better, see linkage.md).
TF_WEIGHT = 1.0
# Array overlap and Jaro–Winkler are spelled differently by each SQL dialect Splink runs on
# (on Spark, Jaro–Winkler comes from the JAR of functions Splink registers).
OVERLAP_FUNCTION = {"duckdb": "list_has_any", "spark": "arrays_overlap"}
JARO_WINKLER_FUNCTION = {"duckdb": "jaro_winkler_similarity", "spark": "jaro_winkler"}


def _sim(dialect: str) -> str:
    if dialect == "duckdb":
        return f"{SIMILARITY_FUNCTION}(unique_id_l, unique_id_r)"
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
    # Unquoted: Spark SQL reads "x" as a string, not a column (our column names are plain).
    sql = f"{column}_l IS NULL OR {column}_r IS NULL"
    return _level(sql, label, is_null_level=True)


def _else(label: str, m: float, u: float) -> dict:
    return _level("ELSE", label, m, u)


def name_comparison(term_frequencies: bool = True, dialect: str = "duckdb") -> dict:
    """Name: same key, very similar, a key shared in another reading, similarity bands,
    written alike as plain text."""
    # Splink's term-frequency adjustment needs a plain equality level on the key, so
    # spellings that share a key but that the names library tells apart (혜송 / 혜성, both
    # in Hangul) get their own level before it.
    overlap = OVERLAP_FUNCTION[dialect]
    jaro_winkler = JARO_WINKLER_FUNCTION[dialect]
    sim = _sim(dialect)
    tf = {"tf_adjustment_column": "name_key", "tf_adjustment_weight": TF_WEIGHT}
    same_key = _level(
        "name_key_l = name_key_r",
        "same name key",
        0.78,
        0.0002,
        **(tf if term_frequencies else {}),
    )
    key_but_apart = _level(
        f"name_key_l = name_key_r AND {sim} < 0.9", "same key, spelled apart", 0.01, 0.0005
    )
    return {
        "output_column_name": "name",
        "comparison_levels": [
            _null("name_key"),
            key_but_apart,
            same_key,
            _level(f"{sim} >= 0.9", "very similar (≥ 0.9)", 0.08, 0.0005),
            _level(
                f"{overlap}(name_keys_l, name_keys_r)",
                "shared key in another reading",
                0.03,
                0.001,
            ),
            _level(f"{sim} >= 0.75", "similar (≥ 0.75)", 0.03, 0.005),
            _level(f"{sim} >= 0.6", "somewhat similar (≥ 0.6)", 0.02, 0.02),
            # Names the names library cannot read as Korean (not Korean: "thomsa smith"),
            # written almost alike letter for letter (FEBRL3 0.805 → 0.826). Korean names
            # are left to the levels above: "Jeong Eun-ji" and "Jeong Jun-seo" are two
            # names, which Jaro–Winkler's credit for a shared beginning put at ≥ 0.9.
            _level(
                "(korean_surnames_l IS NULL OR korean_surnames_r IS NULL) AND "
                f"{jaro_winkler}(lower(names_l), lower(names_r)) >= 0.9",
                "written alike as text (Jaro–Winkler ≥ 0.9)",
                0.02,
                0.001,
            ),
            _else("different", 0.02, 0.9733),
        ],
    }


# The birth year's level for two full dates, which the date comparison weighs instead.
BOTH_DATED = "compared as full dates"


def birth_comparison(dates: bool = False) -> dict:
    """Birth year: exact, ±1, ±2 (both stated), ranges overlap (age or range), else.

    With ``dates``, a pair whose records both give the full date is left to the date
    comparison: the year is part of the date, and weighing it twice made a shared year
    count double."""
    both_dated = _level(
        "birth_date_l IS NOT NULL AND birth_date_r IS NOT NULL", BOTH_DATED, is_null_level=True
    )
    both_stated = "birth_kind_l = 'year' AND birth_kind_r = 'year'"
    gap = "abs(birth_low_l - birth_low_r)"
    overlap = "birth_low_l <= birth_high_r AND birth_low_r <= birth_high_l"
    near = "birth_low_l - 2 <= birth_high_r AND birth_low_r - 2 <= birth_high_l"
    return {
        "output_column_name": "birth_year",
        "comparison_levels": [
            _null("birth_low"),
            *([both_dated] if dates else []),
            _level(f"{both_stated} AND {gap} = 0", "exact", 0.5, 0.01),
            _level(f"{both_stated} AND {gap} <= 1", "±1 year", 0.15, 0.02),
            _level(f"{both_stated} AND {gap} <= 2", "±2 years", 0.05, 0.02),
            _level(overlap, "derived from age, overlapping", 0.15, 0.03),
            _level(near, "derived from age, within 2 years", 0.05, 0.03),
            _else("different", 0.1, 0.89),
        ],
    }


def birth_date_comparison() -> dict:
    """Full date of birth, when both records give the day: the same date, one digit off or
    day and month swapped (a typo, an American order), two digits off, else different.

    The year comparison already weighs the year; this one says whether the day agrees
    too. The same day is strong evidence (one random pair in thousands shares it); a
    different day counts against, as much as training finds it should: the day is the part
    of a date most often misremembered or given in the lunar calendar.
    """
    day, month = "substr(birth_date_l, 7, 2)", "substr(birth_date_l, 5, 2)"
    swapped = f"substr(birth_date_l, 1, 4) || {day} || {month}"
    edits = "levenshtein(birth_date_l, birth_date_r)"
    return {
        "output_column_name": "birth_date",
        "comparison_levels": [
            _null("birth_date"),
            _level("birth_date_l = birth_date_r", "same date", 0.8, 0.0005),
            _level(
                f"{edits} <= 1 OR {swapped} = birth_date_r",
                "one digit off, or day and month swapped",
                0.1,
                0.005,
            ),
            _level(f"{edits} <= 2", "two digits off", 0.05, 0.02),
            _else("different", 0.05, 0.9745),
        ],
    }


def _equal_or_not(
    column: str, same: tuple[str, float, float], other: tuple[str, float, float]
) -> dict:
    """A comparison of one column: equal, or not (label, starting m, starting u of each)."""
    return {
        "output_column_name": column,
        "comparison_levels": [
            _null(column),
            _level(f"{column}_l = {column}_r", *same),
            _else(*other),
        ],
    }


def sex_comparison() -> dict:
    return _equal_or_not("sex", ("same", 0.97, 0.5), ("different", 0.03, 0.5))


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


# People name the county next to theirs (where they went to school, the town of the
# market): within this distance two gazetteer places are "nearby". Neighbouring counties'
# seats in North Korea are 15–60 km apart (Musan–Yonsa 42 km, Hyesan–Pochon 40 km).
NEARBY_KM = 50
UNKNOWN_PLACE_EDITS = 2


def hometown_comparison() -> dict:
    """Hometown as gazetteer identity: the same place, nearby, the same province, else."""
    dx, dy = "(place_x_l - place_x_r)", "(place_y_l - place_y_r)"
    nearby = f"{dx} * {dx} + {dy} * {dy} <= {NEARBY_KM * NEARBY_KM}"
    # Places the gazetteer does not know (a village, a foreign suburb) are folded text
    # ("text:…", features.place); a typo in one should not make them two places.
    unknown_alike = (
        "place_id_l LIKE 'text:%' AND place_id_r LIKE 'text:%' "
        f"AND levenshtein(place_id_l, place_id_r) <= {UNKNOWN_PLACE_EDITS}"
    )
    # "different" starts at 0.05: far-apart towns were 0.6–1.0% of the generated sets' true
    # pairs; the rest is room for a birthplace written as a home (linkage.md, Starting values).
    return {
        "output_column_name": "hometown",
        "comparison_levels": [
            _null("place_id"),
            _level("place_id_l = place_id_r", "same place", 0.6, 0.01),
            _level(unknown_alike, "unknown place, spelled almost alike", 0.05, 0.001),
            _level(nearby, f"nearby (≤ {NEARBY_KM} km)", 0.1, 0.02),
            _level("province_l = province_r", "same province", 0.1, 0.1),
            _else("different", 0.05, 0.89),
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


def source_comparison() -> dict:
    """The list or document a record comes from: one list rarely names a person twice."""
    return _equal_or_not("source", ("same source", 0.05, 0.1), ("different sources", 0.95, 0.9))


def comparisons(
    *,
    family: bool = True,
    dates: bool = False,
    sources: bool = False,
    term_frequencies: bool = True,
    dialect: str = "duckdb",
) -> list[dict]:
    """All comparisons; family ties only when some record names a relative, full dates
    of birth only when some record gives one, the source only when there are several."""
    found = [
        name_comparison(term_frequencies, dialect),
        birth_comparison(dates),
        *([birth_date_comparison()] if dates else []),
        sex_comparison(),
        event_comparison(),
        hometown_comparison(),
    ]
    if family:
        found.append(family_comparison(dialect))
    if sources:
        found.append(source_comparison())
    return found
