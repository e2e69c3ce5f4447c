from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "kirok.records"
    verbose_name = _("Records")

    def ready(self) -> None:
        # Consent and data-minimisation receivers (m2m_changed, pre_save, pre_delete).
        from kirok.records import services  # noqa: F401
