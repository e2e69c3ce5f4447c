from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FactsConfig(AppConfig):
    name = "kirok.facts"
    label = "facts"
    verbose_name = _("Counting")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kirok.facts import changes

        changes.connect()
