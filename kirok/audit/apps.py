from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "kirok.audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from kirok.audit import signals  # noqa: F401  (connects the receivers)
