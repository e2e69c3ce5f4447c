from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kirok.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from kirok.audit import signals, tracking  # noqa: F401  (signals connects on import)

        # Every create, update and delete of a record, by field name (kirok.audit.tracking).
        tracking.connect()
