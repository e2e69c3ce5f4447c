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

        # A membership changed during a request: the cases it remembered are out of date.
        for signal, uid in ((post_save, "saved"), (post_delete, "deleted")):
            signal.connect(
                access.forget_memberships,
                sender=CaseMembership,
                dispatch_uid=f"kirok.records.access:membership-{uid}",
            )
