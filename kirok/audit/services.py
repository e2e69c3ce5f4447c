"""Write audit events into the hash chain, and verify the chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kirok.audit.models import AuditEvent

GENESIS = "0" * 64


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
        "previous": event.previous_hash,
    }
    encoded = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


def record(
    action: str,
    *,
    actor=None,
    obj=None,
    detail: dict | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    """Append one event to the chain.

    >>> record("login", actor=user, ip_address="127.0.0.1")  # doctest: +SKIP
    """
    with transaction.atomic():
        # Lock the last row so that two writers cannot both chain onto it.
        last = AuditEvent.objects.select_for_update().order_by("-pk").first()
        event = AuditEvent(
            at=timezone.now(),
            actor=actor if getattr(actor, "pk", None) else None,
            actor_name=getattr(actor, "username", "") or "",
            action=action,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_id=str(getattr(obj, "public_id", "") or "") if obj is not None else "",
            detail=detail or {},
            ip_address=ip_address,
            previous_hash=last.entry_hash if last else GENESIS,
        )
        event.entry_hash = _digest(event)
        event.save()
    return event


@dataclass(frozen=True)
class ChainProblem:
    entry_pk: int
    public_id: str
    reason: str


def verify() -> ChainProblem | None:
    """The first entry whose content or link is wrong, or None if the chain is whole."""
    previous = GENESIS
    for event in AuditEvent.objects.order_by("pk").iterator(chunk_size=2000):
        if event.previous_hash != previous:
            return ChainProblem(event.pk, str(event.public_id), "an entry before it is missing")
        if _digest(event) != event.entry_hash:
            return ChainProblem(event.pk, str(event.public_id), "its content was altered")
        previous = event.entry_hash
    return None
