"""The roles an account can have. Importable before Django's apps are ready (the CLI uses it)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    ANALYST = "analyst", _("Analyst")
    DOCUMENTER = "documenter", _("Documenter")
    VIEWER = "viewer", _("Viewer")
