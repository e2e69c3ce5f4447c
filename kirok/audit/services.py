"""Write audit events into the hash chain, verify the chain, and the conventions for searches.

``record()`` is the one way to write to the log. Who acted and from which address default
to the request being served (kirok.audit.context); each event is then checked against the
alert rules (kirok.audit.alerts).

Limits worth knowing: the chain is a plain SHA-256 chain, so someone able to write to the
database could rewrite every entry after the one they changed. ``kirok audit verify``
prints the hash of the newest entry; keep it somewhere else now and then (a notebook, an
e-mail to yourself) and pass it back with ``--anchor`` to prove that nothing before it was
rewritten or cut off.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from kirok.audit import context
from kirok.audit.models import AuditEvent
from kirok.lib import hashchain

GENESIS = hashchain.GENESIS
SEARCH_PURPOSE = "audit-search"
# Pass as ``actor`` for what Kirok does by itself (an alert raised): no account, no address.
SYSTEM = object()


def _digest(event: AuditEvent) -> str:
    payload = {
        "public_id": str(event.public_id),
        "at": event.at.isoformat(),
        "actor": event.actor_name,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "detail": event.detail,
        "ip": event.ip_address,
    }
    return hashchain.entry_hash(payload, event.previous_hash)


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    detail: dict | None = None,
    ip_address: str | None = None,
    object_type: str = "",
    object_id: str = "",
) -> AuditEvent:
    """Append one event to the chain and check it against the alert rules.

    ``actor`` and ``ip_address`` default to the account and address of the current request.
    ``obj`` names the record (its type and public id); ``object_type``/``object_id`` do the
    same for a record that no longer exists. ``detail`` must never hold a name or any other
    value from a record: field names, counts, ids and keyed hashes only.

    >>> record("login", actor=user, ip_address="127.0.0.1")  # doctest: +SKIP
    """
    if actor is SYSTEM:
        actor = None
    elif actor is None:
        actor = context.current_user()
        ip_address = ip_address or context.current_ip()
    else:
        ip_address = ip_address or context.current_ip()
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(getattr(obj, "public_id", "") or "")
    with transaction.atomic():
        # Lock the last row so that two writers cannot both chain onto it.
        last = (
            AuditEvent.objects.select_for_update()
            .order_by("-pk")
            .values_list("entry_hash", flat=True)
            .first()
        )
        event = AuditEvent(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=(getattr(actor, "username", "") or "") if getattr(actor, "pk", None) else "",
            action=action,
            object_type=object_type,
            object_id=str(object_id or ""),
            detail=detail or {},
            ip_address=ip_address,
            previous_hash=last or GENESIS,
        )
        event.entry_hash = _digest(event)
        event.save()
        from kirok.audit import alerts  # imports this module

        alerts.evaluate(event)
    return event


# --- Searches ------------------------------------------------------------------------------


def normalise_query(query: str) -> str:
    """The form of a query that is hashed: case, width and spacing folded away."""
    return " ".join(unicodedata.normalize("NFKC", query).casefold().split())


def record_search(query_kind: str, query: str, results: int, *, actor=None) -> AuditEvent:
    """Log a search without its words: a keyed hash of the query, its kind and result count.

    ``query_kind`` is ``"name"`` for a search by a person's name (the alert rule counts how
    many *different* names one account looks for), ``"text"`` for words of testimony and
    other text, ``"filter"`` for searches by dates, places or other non-identifying
    criteria. The hash (``kirok.security.keyring.blind_index``, purpose ``audit-search``, of
    the name's comparison key for a name, so that every spelling of it is one name) is
    equal for equal queries, so repeated and distinct searches can be counted, but it
    reveals nothing without the key.

    >>> record_search("name", "김순옥", results=3, actor=request.user)  # doctest: +SKIP
    """
    from kirok.lib.names import comparison_key
    from kirok.security import keyring

    # Every spelling of one name (김순옥, Kim Sun-ok, Gim Sunok) is one name searched.
    token = (comparison_key(query) if query_kind == "name" else "") or normalise_query(query)
    detail = {
        "query_kind": query_kind,
        "query_hash": keyring.blind_index(token, purpose=SEARCH_PURPOSE),
        "results": int(results),
    }
    return record("search", actor=actor, detail=detail)


# --- Verifying the chain -----------------------------------------------------------------


@dataclass(frozen=True)
class ChainProblem:
    """The first broken entry: its key, public id, place in the chain (from 1) and why."""

    entry_pk: int
    public_id: str
    position: int
    reason: str

    ALTERED = "altered"
    REMOVED_BEFORE = "an entry before it was removed"
    ANCHOR_MISSING = "the anchor entry is not in the chain"

    @property
    def explanation(self) -> str:
        """The reason in the reader's language (the command line prints ``reason``)."""
        return str(_REASONS.get(self.reason, self.reason))


_REASONS = {
    ChainProblem.ALTERED: gettext_lazy("its content was altered"),
    ChainProblem.REMOVED_BEFORE: gettext_lazy("an entry before it was removed"),
    ChainProblem.ANCHOR_MISSING: gettext_lazy("the entry noted earlier is no longer there"),
}


@dataclass(frozen=True)
class ChainStatus:
    entries: int
    head: str
    problem: ChainProblem | None
    last_pk: int = 0

    @property
    def intact(self) -> bool:
        return self.problem is None


_CHAINED = ("public_id", "at", "actor_name", "action", "object_type", "object_id", "detail")
_CHAINED += ("ip_address", "previous_hash", "entry_hash")


def _walk(after_pk: int, position: int) -> Iterator[tuple[int, AuditEvent]]:
    # Plain rows rather than model instances: the walk is over every entry of the log.
    rows = (
        AuditEvent.objects.filter(pk__gt=after_pk)
        .order_by("pk")
        .values_list("pk", *_CHAINED, named=True)
    )
    yield from enumerate(rows.iterator(chunk_size=5000), start=position + 1)


def check_chain(anchor: str | None = None, *, start: ChainStatus | None = None) -> ChainStatus:
    """Walk the chain; the first broken entry, the entry count and the newest hash.

    ``anchor`` is an entry hash noted earlier: the chain must still contain it. ``start`` is
    an intact status found before: only the entries written after it are checked.
    """
    last_pk, entries, previous = (
        (start.last_pk, start.entries, start.head) if start else (0, 0, GENESIS)
    )
    anchored = anchor is None
    for position, event in _walk(last_pk, entries):
        if event.previous_hash != previous:
            problem = ChainProblem(
                event.pk, str(event.public_id), position, ChainProblem.REMOVED_BEFORE
            )
            return ChainStatus(position, previous, problem)
        if _digest(event) != event.entry_hash:
            problem = ChainProblem(event.pk, str(event.public_id), position, ChainProblem.ALTERED)
            return ChainStatus(position, previous, problem)
        anchored = anchored or event.entry_hash == anchor
        previous, entries, last_pk = event.entry_hash, position, event.pk
    if not anchored:
        problem = ChainProblem(0, "", 0, ChainProblem.ANCHOR_MISSING)
        return ChainStatus(entries, previous, problem, last_pk)
    return ChainStatus(entries, previous, None, last_pk)


# The audit page checks the whole chain at most every FULL_CHECK_SECONDS, and in between only
# the entries written since (after making sure the last one it checked is still unchanged):
# a page must not take minutes on a log of millions of entries. `kirok audit verify` always
# checks everything.
FULL_CHECK_SECONDS = 600
_page_checkpoint: tuple[ChainStatus, float] | None = None


def chain_status() -> ChainStatus:
    """The chain's state for the audit page (see FULL_CHECK_SECONDS)."""
    global _page_checkpoint
    now = time.monotonic()
    start, checked_at = _page_checkpoint or (None, now)
    if start is not None and (now - checked_at > FULL_CHECK_SECONDS or not _unchanged(start)):
        start, checked_at = None, now
    status = check_chain(start=start)
    _page_checkpoint = (status, checked_at) if status.intact else None
    return status


def _unchanged(status: ChainStatus) -> bool:
    if not status.last_pk:  # the chain was empty: the next check starts from the start
        return True
    event = AuditEvent.objects.filter(pk=status.last_pk).first()
    return event is not None and event.entry_hash == status.head == _digest(event)


def verify() -> ChainProblem | None:
    """The first entry whose content or link is wrong, or None if the chain is whole."""
    return check_chain().problem


def latest(count: int = 20) -> list[AuditEvent]:
    """The newest ``count`` events, oldest first (for `kirok audit tail`)."""
    return list(reversed(AuditEvent.objects.order_by("-pk")[:count]))
