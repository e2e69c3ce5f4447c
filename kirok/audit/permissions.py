"""Who may use the audit pages. Records themselves are reached through kirok.records.access.

=========================  ===================================================
the audit log              administrators and coordinators
alerts, acknowledging      coordinators (never an alert about themselves)
a record's history, diff   whoever may see the record (its access function)
restoring a version        whoever may edit the record (its access function)
a deleted record's history coordinators, if they could have seen the record:
                           it was in no case, or in one of theirs
=========================  ===================================================
"""

from __future__ import annotations

from kirok.accounts.models import CaseMembership, Role
from kirok.audit import services as audit


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def may_read_log(user) -> bool:
    return _active(user) and user.role in (Role.ADMINISTRATOR, Role.COORDINATOR)


def _coordinator(user) -> bool:
    return _active(user) and user.role == Role.COORDINATOR


def may_handle_alerts(user) -> bool:
    return _coordinator(user)


def may_acknowledge(user, alert) -> bool:
    return may_handle_alerts(user) and alert.account_id != user.pk


def may_see_deleted_history(user, case_ids: list[int]) -> bool:
    """A coordinator, for a deleted record that was in no case or in one of its cases."""
    if not _coordinator(user):
        return False
    return not case_ids or CaseMembership.objects.filter(user=user, case_id__in=case_ids).exists()


def refuse(user, page: str) -> None:
    """Leave a trace of an account trying a page its role does not open."""
    audit.record("access_refused", actor=user, detail={"page": page})
