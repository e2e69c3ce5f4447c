"""What the header needs from the audit app: links for who may use them, open alerts."""

from __future__ import annotations

from functools import cached_property

from kirok.audit import alerts, permissions


class AuditNavigation:
    """Read lazily by the template: the alert count is queried only for coordinators."""

    def __init__(self, user) -> None:
        self.user = user

    @cached_property
    def show_log(self) -> bool:
        return permissions.may_read_log(self.user)

    @cached_property
    def show_alerts(self) -> bool:
        return permissions.may_handle_alerts(self.user)

    @cached_property
    def open_alerts(self) -> int:
        return alerts.open_count() if self.show_alerts else 0


def audit(request) -> dict:
    return {"audit_nav": AuditNavigation(getattr(request, "user", None))}
