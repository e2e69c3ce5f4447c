from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "kirok.security"
    verbose_name = _("Security")

    def ready(self) -> None:
        from kirok.security import signals

        signals.connect()
