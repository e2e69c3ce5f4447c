from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "kirok.statistics"
    label = "kirok_statistics"  # "statistics" would clash with the standard library's name
    verbose_name = _("Statistics")
