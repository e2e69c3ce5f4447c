from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "kirok.records"
    verbose_name = _("Records")

    def ready(self) -> None:
        # Consent and data-minimisation receivers (m2m_changed, pre_save, pre_delete).
        from django.db.models.signals import post_delete, post_save

        from kirok.accounts.models import CaseMembership
        from kirok.records import access, services  # noqa: F401

        for signal in (post_save, post_delete):
            signal.connect(
                access.forget_memberships,
                sender=CaseMembership,
                dispatch_uid=f"kirok.records.access:{signal is post_save}",
            )
