"""A full-text index that holds no readable word: keyed hashes of text tokens.

Testimony, source texts and incident summaries are encrypted, so neither SQLite FTS nor
PostgreSQL full-text search can read them. Instead each record's text is cut into tokens —
whole words, word prefixes for Latin script, and two-character pieces for Hangul and Chinese
characters, so that "보위부" finds "보위부는" — and only the keyed hash of each token is
stored. A query is cut the same way; records holding every query token are candidates, and
the caller confirms them against the decrypted text (:func:`search`). The comparison key of
every place a text may name a person is a token too (:func:`name_token`), so that a name
finds the texts that give it in another spelling or script.

Known limits, shared by every blind index: an attacker with the database alone learns how
many distinct tokens a text has and which records share tokens, but not the tokens. The
name keys add one thing to that: two texts that name one person in different scripts share
a token, where their words share none. Which person, the attacker does not learn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from django.db import connection, models, transaction

from kirok.lib import text_match
from kirok.lib.names import mentions
from kirok.security import keyring
from kirok.security.models import TextToken

PURPOSE = "text"
MAX_PREFIX = 16


def _word_tokens(word: str) -> set[str]:
    if text_match.is_cjk(word):
        # Korean attaches particles and endings to words (보위부는, 보위부에서): pieces of
        # two characters let a query match inside a longer word.
        pieces = {word[i : i + 2] for i in range(len(word) - 1)} or {word}
        return {f"c:{piece}" for piece in pieces}
    prefixes = {f"p:{word[:n]}" for n in range(3, min(len(word), MAX_PREFIX) + 1)}
    return {f"w:{word}"} | prefixes


def document_tokens(text: str) -> set[str]:
    """Every token of a text, before hashing: its words' (above), and the comparison key of
    every place that may name a person (kirok.lib.names.mentions), so that a name in any
    spelling finds the texts that name the person in another."""
    tokens: set[str] = set()
    for word in text_match.query_words(text):
        tokens |= _word_tokens(word)
    return tokens | {name_token(key) for key in mentions.keys_in(text)}


def name_token(key: str) -> str:
    """The token of a name's comparison key (kirok.lib.names.comparison_key)."""
    return f"n:{key}"


def query_tokens(query: str) -> set[str]:
    """The tokens a matching text must hold: for a Latin word its prefix (or itself if
    short), for Hangul its two-character pieces."""
    tokens: set[str] = set()
    for word in text_match.query_words(query):
        if text_match.is_cjk(word):
            tokens |= _word_tokens(word)
        elif len(word) >= 3:
            tokens.add(f"p:{word[:MAX_PREFIX]}")
        else:
            tokens.add(f"w:{word}")
    return tokens


def _digests(tokens: Iterable[str], known: dict[str, str] | None = None) -> set[str]:
    """The keyed hashes of ``tokens``; ``known`` remembers them across the texts of one
    batch, where the same pieces ("c:보위", "p:det") recur in most documents."""
    known = {} if known is None else known
    found = set()
    for token in tokens:
        digest = known.get(token)
        if digest is None:
            digest = known[token] = keyring.blind_index(token, purpose=PURPOSE)
        found.add(digest)
    return found


def record_type(model: type[models.Model]) -> str:
    return model._meta.label_lower


def index_records(objects: Iterable[models.Model], fields: tuple[str, ...]) -> int:
    """(Re)build the tokens of some records of one model; returns the rows written."""
    objects = list(objects)
    if not objects:
        return 0
    kind = record_type(type(objects[0]))
    rows, known = [], {}
    for obj in objects:
        text = "\n".join(str(getattr(obj, field) or "") for field in fields)
        rows += [(kind, obj.pk, digest) for digest in _digests(document_tokens(text), known)]
    with transaction.atomic():
        TextToken.objects.filter(record_type=kind, record_id__in=[o.pk for o in objects]).delete()
        _insert_tokens(rows)
    return len(rows)


# Records read (decrypted) and indexed at a time by index_all: memory stays flat at any size.
BATCH = 500


def index_all(
    queryset: models.QuerySet,
    fields: tuple[str, ...],
    *,
    wanted: Callable[[models.Model], bool] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """(Re)build the tokens of every record of ``queryset``, BATCH at a time, each batch its
    own transaction; only of the records ``wanted`` accepts, if given (a migration that
    indexes again only the texts a change concerns). ``progress(done, total)`` is told
    before the first batch and after each. Returns the rows written.

    Works on a migration's historical models as well: the tokens are made by this
    version's code whatever model class holds the fields.
    """
    ids = list(queryset.order_by("pk").values_list("pk", flat=True))
    written = 0
    if progress:
        progress(0, len(ids))
    for start in range(0, len(ids), BATCH):
        batch = queryset.filter(pk__in=ids[start : start + BATCH]).only("pk", *fields)
        written += index_records([r for r in batch if wanted is None or wanted(r)], fields)
        if progress:
            progress(min(start + BATCH, len(ids)), len(ids))
    return written


def _token_table() -> str:
    """The token table's name, quoted, for the plain SQL below (the model's own name, never
    user text; every value goes in as a parameter)."""
    return connection.ops.quote_name(TextToken._meta.db_table)


def _insert_tokens(rows: list[tuple[str, int, str]]) -> None:
    """A plain INSERT of many rows: bulk_create builds a model object per token, which cost
    two thirds of loading the demo data (two million tokens at scale 40)."""
    table = _token_table()
    sql = f"INSERT INTO {table} (record_type, record_id, digest) VALUES (%s, %s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 10_000):
            cursor.executemany(sql, rows[start : start + 10_000])


def forget_record(obj: models.Model) -> None:
    TextToken.objects.filter(record_type=record_type(type(obj)), record_id=obj.pk).delete()


def candidate_ids(model: type[models.Model], query: str) -> models.QuerySet | None:
    """Primary keys of the records whose text holds every token of the query
    (None: the query has no searchable word)."""
    digests = _digests(query_tokens(query))
    if not digests:
        return None
    # One SELECT per token, intersected: each is a range of the (record_type, digest) index
    # whatever the planner knows. A GROUP BY over all the tokens led SQLite without table
    # statistics to scan every token of the model in record order instead (0.5 s for
    # 1.4 million tokens, against 3–25 ms this way).
    kind = record_type(model)
    first, *rest = (
        TextToken.objects.filter(record_type=kind, digest=digest).values("record_id")
        for digest in sorted(digests)
    )
    return first.intersection(*rest) if rest else first


def ids_naming(model: type[models.Model], key: str) -> models.QuerySet:
    """Primary keys of the records whose text may name a person whose name has the
    comparison ``key`` (unconfirmed: the index also keys words that only look like names)."""
    digest = keyring.blind_index(name_token(key), purpose=PURPOSE)
    return TextToken.objects.filter(record_type=record_type(model), digest=digest).values(
        "record_id"
    )


# A token found in more records than this is checked record by record (an index probe for
# each record read, newest first) rather than listed whole.
COMMON_TOKEN = 10_000
# The search box's walk down the index: ids looked at in its first step (about three
# pages of results), doubling each step up to the last, and at most in all (a query of
# common words that rarely meet would otherwise read every record's tokens).
WALK_FIRST = 64
WALK_LAST = 1024
MAX_WALKED = 20_000
# At most this many ids are checked against a token by name; more, by their range.
NAMED_IDS = 64


def newest_candidates(model: type[models.Model], query: str) -> Iterator[list[int] | None] | None:
    """The ids of ``model``'s records whose text holds every token of the query, newest
    first, a batch at a time (None: the query has no searchable word). A None in the
    batches means the walk stopped after MAX_WALKED ids with more left to look at.

    The walk goes down the rarest token's list of records (or, when every token is
    common, down the records themselves: 보위부 and 강제송환 in most of 100,000 reports) and
    keeps the ids every other token's list holds, one indexed lookup per token and batch.
    Each statement names the ids it looks at, so no query planner has to guess how rare a
    token is: given the lists as subqueries, PostgreSQL took every list for one of average
    size and hash-joined them all in full (a name at 100,000 incidents: 17–70 ms, where
    the newest 21 candidates take a few index lookups).
    """
    return _newest_holding(model, query_tokens(query))


def _newest_holding(
    model: type[models.Model], tokens: set[str]
) -> Iterator[list[int] | None] | None:
    kind = record_type(model)
    ranked = _ranked(kind, tokens)
    if ranked is None:
        return None
    digests = [digest for digest, _size in ranked]
    if ranked[0][1] < COMMON_TOKEN:
        return _kept(_token_walk(kind, digests[0]), kind, digests[1:])
    return _kept(_record_walk(model), kind, digests)


def _ranked(kind: str, tokens: set[str]) -> list[tuple[str, int]] | None:
    """The digests of a query's tokens, rarest first, with how many records hold each:
    counted up to COMMON_TOKEN, and each after the first only up to the rarest so far."""
    # Longer pieces first: they are usually the rarer, and once one is rare the others are
    # only counted up to its size.
    ordered = sorted(tokens, key=lambda token: (-len(token), token))
    digests = list(dict.fromkeys(keyring.blind_index(t, purpose=PURPOSE) for t in ordered))
    if not digests:
        return None
    sizes, cap = {}, COMMON_TOKEN
    with connection.cursor() as cursor:
        for digest in digests:
            sizes[digest] = _count_holding(cursor, kind, digest, cap)
            cap = min(cap, sizes[digest])
    return sorted(sizes.items(), key=lambda item: item[1])  # stable: ties keep their order


def _kept(walk: Iterator[list[int]], kind: str, digests: list[str]) -> Iterator[list[int] | None]:
    """The walk's ids that hold every token of ``digests``; a None after MAX_WALKED ids."""
    walked = 0
    for ids in walk:
        walked += len(ids)
        for digest in digests:
            held = _holding_among(kind, digest, ids)
            ids = [record_id for record_id in ids if record_id in held]
            if not ids:
                break
        if ids:
            yield ids
        if walked >= MAX_WALKED:
            yield None
            return


def _token_walk(kind: str, digest: str) -> Iterator[list[int]]:
    """The records holding a token, newest first, a step at a time (read backwards along
    the token index)."""
    table = _token_table()
    sql = (
        f"SELECT record_id FROM {table} WHERE record_type = %s AND digest = %s"  # noqa: S608
        " AND record_id < %s ORDER BY record_id DESC LIMIT %s"
    )
    yield from _walk(sql, [kind, digest])


def _record_walk(model: type[models.Model]) -> Iterator[list[int]]:
    """Every record of ``model``, newest first, a step at a time."""
    table = connection.ops.quote_name(model._meta.db_table)
    key = connection.ops.quote_name(model._meta.pk.column)
    sql = f"SELECT {key} FROM {table} WHERE {key} < %s ORDER BY {key} DESC LIMIT %s"  # noqa: S608
    yield from _walk(sql, [])


def _walk(sql: str, params: list) -> Iterator[list[int]]:
    """The ids ``sql`` gives below a bound, step by step: WALK_FIRST, then twice as many
    each step up to WALK_LAST (most searches need only the first step)."""
    below, step = 2**63 - 1, WALK_FIRST
    while True:
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, below, step])
            ids = [row[0] for row in cursor.fetchall()]
        if ids:
            yield ids
        if len(ids) < step:
            return
        below, step = ids[-1], min(2 * step, WALK_LAST)


def _holding_among(kind: str, digest: str, ids: list[int]) -> set[int]:
    """Which of ``ids`` (newest first) hold a token. A few ids are asked for by name; many
    by their range of ids, one range of the token index, the token's records there then
    intersected here (PostgreSQL planned some lists of a thousand ids, IN (…), at 80 ms)."""
    table = _token_table()
    if len(ids) <= NAMED_IDS:
        where, params = f"record_id IN ({', '.join(['%s'] * len(ids))})", ids
    else:
        where, params = "record_id BETWEEN %s AND %s", [ids[-1], ids[0]]
    sql = f"SELECT record_id FROM {table} WHERE record_type = %s AND digest = %s AND {where}"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [kind, digest, *params])
        return {row[0] for row in cursor.fetchall()} & set(ids)


def _count_holding(cursor, kind: str, digest: str, cap: int) -> int:
    """How many records hold a token, counted up to ``cap``. Plain SQL: the search box asks
    this for every word twice per query, and building it with the ORM cost more than the
    database took to answer."""
    table = _token_table()
    sql = (
        f"SELECT COUNT(*) FROM (SELECT 1 FROM {table}"  # noqa: S608
        " WHERE record_type = %s AND digest = %s LIMIT %s) AS holding"
    )
    cursor.execute(sql, [kind, digest, cap])
    return cursor.fetchone()[0]


def newest_records(
    queryset: models.QuerySet, query: str, *, batch: int, most: int
) -> Iterator[models.Model | None] | None:
    """The records of ``queryset`` whose text holds every token of the query, newest first
    (None: the query has no searchable word), read ``batch`` at a time: each read decrypts
    its records' texts, and most searches have what they need after the first. After
    ``most`` records, or when the index walk stops (:func:`newest_candidates`), a None if
    more remain. The caller confirms each record against its decrypted text.

    Once a read comes back short (ids of records the queryset leaves out: a reader of one
    small case), the rest of the candidates are first cut to the ones the queryset holds, a
    batch per query that decrypts nothing, so that other cases' candidates do not cost a
    read each; a reader who sees every record never pays for that query.
    """
    candidates = newest_candidates(queryset.model, query)
    if candidates is None:
        return None
    return _read_newest(queryset, candidates, batch, most)


def newest_records_naming(
    queryset: models.QuerySet, key: str, *, batch: int, most: int
) -> Iterator[models.Model | None]:
    """As :func:`newest_records`, the records whose text may name a person whose name has
    the comparison ``key``, in any spelling; the caller confirms each (the index holds
    keys of words that only look like names)."""
    candidates = _newest_holding(queryset.model, {name_token(key)})
    return _read_newest(queryset, candidates, batch, most) if candidates is not None else iter(())


def _read_newest(queryset, candidates, batch: int, most: int) -> Iterator[models.Model | None]:
    read, cutting = 0, False
    for ids in candidates:
        if ids is None:
            yield None  # the index walk stopped with more to look at
            return
        position = 0
        while position < len(ids):
            if read >= most:
                yield None
                return
            if cutting:
                ids = ids[:position] + _held(queryset, ids[position:])
                if position == len(ids):
                    break
            wanted = ids[position : position + min(batch, most - read)]
            position += len(wanted)
            records = list(queryset.filter(pk__in=wanted).order_by("-pk"))
            cutting = len(records) < len(wanted)
            read += len(records)
            yield from records


def _held(queryset: models.QuerySet, ids: list[int]) -> list[int]:
    """The ids, in order, of records ``queryset`` holds (decrypting nothing)."""
    held = set(queryset.filter(pk__in=ids).values_list("pk", flat=True))
    return [record_id for record_id in ids if record_id in held]


# What a plain :func:`search` decrypts at most: a common word must not stall the server.
SEARCH_CANDIDATES = 150


def search(queryset: models.QuerySet, query: str, fields: tuple[str, ...], *, limit: int) -> list:
    """At most ``limit`` records of ``queryset``, newest first, whose decrypted text really
    contains every query word (among the newest SEARCH_CANDIDATES candidates).

    The token index narrows the candidates in SQL; decryption confirms them, so a pair of
    pieces that occur apart in a text does not produce a false match.
    """
    records = newest_records(queryset, query, batch=limit + 1, most=SEARCH_CANDIDATES)
    words = text_match.query_words(query)
    found = []
    for obj in records or ():
        if obj is None or len(found) == limit:
            break
        if text_match.holds_all("\n".join(str(getattr(obj, f) or "") for f in fields), words):
            found.append(obj)
    return found
