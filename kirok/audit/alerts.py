"""Seeing an infiltrator: rules that watch the audit log and raise alerts for coordinators.

Each rule runs when an event of its kind is written (``services.record`` calls
:func:`evaluate`), with one indexed count over that account's recent events of that kind:

=====================  ===================================================================
``person_views``       ``person_viewed``: the account has read ``KIROK_ALERT_PERSON_VIEWS``
                       different persons within ``KIROK_ALERT_WINDOW_MINUTES``
``name_searches``      ``search`` with ``query_kind`` ``name``: ``KIROK_ALERT_NAME_SEARCHES``
                       different names (by their keyed hash) within an hour
``export``             every ``export_requested`` or ``export_downloaded``
``quiet_hours_login``  ``login`` within ``KIROK_ALERT_QUIET_HOURS`` (``KIROK_TIME_ZONE``)
``new_address_login``  ``login`` from an address this account has not logged in from
                       within ``KIROK_ALERT_ADDRESS_DAYS`` (its very first login excepted)
=====================  ===================================================================

A threshold is reached when the count *equals* it. An event that follows the last one of
an alert of the same kind and account within the rule's window extends that alert (count,
last event) instead of raising a new one, whether or not it was acknowledged.
"""

from __future__ import annotations

import datetime
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kirok.audit import permissions, services
from kirok.audit.models import Alert, AlertKind, AlertStatus, AuditEvent

SEARCH_WINDOW_MINUTES = 60
EXPORT_ACTIONS = ("export_requested", "export_downloaded")


def _window() -> int:
    return settings.AUDIT_ALERT_WINDOW_MINUTES


def _recent(event: AuditEvent, action: str, minutes: int):
    since = event.at - datetime.timedelta(minutes=minutes)
    return AuditEvent.objects.filter(actor_id=event.actor_id, action=action, at__gte=since)


def _person_views(event: AuditEvent) -> None:
    threshold = settings.AUDIT_ALERT_PERSON_VIEWS
    if not threshold:
        return
    read = _recent(event, "person_viewed", _window()).values("object_id").distinct().count()
    if read >= threshold:
        _raise(AlertKind.PERSON_VIEWS, event, _window(), read, {"threshold": threshold})


def _name_searches(event: AuditEvent) -> None:
    threshold = settings.AUDIT_ALERT_NAME_SEARCHES
    if not threshold or event.detail.get("query_kind") != "name":
        return
    names = (
        _recent(event, "search", SEARCH_WINDOW_MINUTES)
        .filter(detail__query_kind="name")
        .values("detail__query_hash")
        .distinct()
        .count()
    )
    if names >= threshold:
        detail = {"threshold": threshold}
        _raise(AlertKind.NAME_SEARCHES, event, SEARCH_WINDOW_MINUTES, names, detail)


def _export(event: AuditEvent) -> None:
    _raise(AlertKind.EXPORT, event, _window(), None, {"action": event.action})


def in_quiet_hours(moment: datetime.datetime, hours: tuple[int, int] | None) -> bool:
    """Whether ``moment`` falls in ``hours`` (start, end) local time; 22-6 spans midnight."""
    if hours is None:
        return False
    hour = moment.astimezone(ZoneInfo(settings.TIME_ZONE)).hour
    start, end = hours
    return start <= hour < end if start < end else hour >= start or hour < end


def _quiet_hours_login(event: AuditEvent) -> None:
    if in_quiet_hours(event.at, settings.AUDIT_ALERT_QUIET_HOURS):
        local = event.at.astimezone(ZoneInfo(settings.TIME_ZONE))
        _raise(
            AlertKind.QUIET_HOURS_LOGIN, event, _window(), None, {"local_time": f"{local:%H:%M}"}
        )


def _new_address_login(event: AuditEvent) -> None:
    days = settings.AUDIT_ALERT_ADDRESS_DAYS
    if not days or not event.ip_address:
        return
    earlier = AuditEvent.objects.filter(actor_id=event.actor_id, action="login", pk__lt=event.pk)
    if not earlier.exists():
        return  # an account's first login comes from somewhere
    since = event.at - datetime.timedelta(days=days)
    if not earlier.filter(ip_address=event.ip_address, at__gte=since).exists():
        detail = {"address": event.ip_address, "days": days}
        _raise(AlertKind.NEW_ADDRESS_LOGIN, event, _window(), None, detail)


RULES = {
    "person_viewed": (_person_views,),
    "search": (_name_searches,),
    "login": (_quiet_hours_login, _new_address_login),
    **{action: (_export,) for action in EXPORT_ACTIONS},
}


def evaluate(event: AuditEvent) -> None:
    """Run the rules that watch this kind of event (services.record calls this)."""
    if event.actor_id is None:
        return
    for rule in RULES.get(event.action, ()):
        rule(event)


def _raise(kind: str, event: AuditEvent, window: int, count: int | None, detail: dict) -> None:
    """Raise an alert, or extend the one this event continues."""
    since = event.at - datetime.timedelta(minutes=window)
    current = (
        Alert.objects.filter(account_id=event.actor_id, kind=kind, last_at__gte=since)
        .order_by("-last_at")
        .first()
    )
    if current is not None:
        current.count = max(current.count + 1 if count is None else count, current.count)
        current.last_event, current.last_at = event, event.at
        current.save(update_fields=["count", "last_event", "last_at"])
        return
    alert = Alert.objects.create(
        kind=kind,
        account_id=event.actor_id,
        window_minutes=window,
        count=1 if count is None else count,
        first_event=event,
        last_event=event,
        first_at=event.at,
        last_at=event.at,
        detail=detail,
    )
    services.record(
        "alert_raised",
        actor=services.SYSTEM,
        object_type="audit.alert",
        object_id=str(alert.public_id),
        detail={"kind": kind, "account": event.actor_name},
    )


# --- Coordinators' side --------------------------------------------------------------------


def open_count() -> int:
    return Alert.objects.filter(status=AlertStatus.OPEN).count()


def get_alert_for_user(user, public_id) -> Alert:
    """The alert, for a coordinator; PermissionDenied for other roles, Http404 if unknown."""
    if not permissions.may_handle_alerts(user):
        permissions.refuse(user, "audit:alerts")
        raise PermissionDenied
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    alert = Alert.objects.select_related("account").filter(public_id=wanted).first()
    if alert is None:
        raise Http404
    return alert


class AcknowledgeRefused(Exception):
    """This coordinator may not acknowledge this alert; the message says why."""


@transaction.atomic
def acknowledge(alert: Alert, user, note: str) -> Alert:
    """Mark an alert as looked at, with a note (sealed). Writes ``alert_acknowledged``.

    Nobody acknowledges an alert about their own account: that would let an infiltrator
    among the coordinators silence what they are doing.
    """
    if not permissions.may_acknowledge(user, alert):
        raise AcknowledgeRefused(_("An alert about your own account is for another coordinator."))
    if alert.status == AlertStatus.ACKNOWLEDGED:
        raise AcknowledgeRefused(_("This alert has already been acknowledged."))
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.acknowledged_by, alert.acknowledged_at, alert.note = user, timezone.now(), note
    alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "note"])
    services.record(
        "alert_acknowledged",
        actor=user,
        object_type="audit.alert",
        object_id=str(alert.public_id),
        detail={"kind": alert.kind, "account": alert.account.get_username()},
    )
    return alert


def acknowledged_message(alert: Alert) -> str:
    return _("The alert about %(account)s is acknowledged.") % {
        "account": alert.account.get_username()
    }
