"""The audit log's filters, and the note that acknowledges an alert."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirok.audit.actions import label
from kirok.audit.models import AuditEvent


class LogFilterForm(forms.Form):
    account = forms.CharField(label=_("Account"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False)
    record = forms.UUIDField(
        label=_("Record (public id)"),
        required=False,
        help_text=_("Finds events about the record and refused attempts to open it."),
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        actions = AuditEvent.objects.order_by("action").values_list("action", flat=True)
        known = sorted(((a, label(a)) for a in actions.distinct()), key=lambda pair: pair[1])
        self.fields["action"].choices = [("", _("any")), *known]

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            raise forms.ValidationError(_("The end of the period is before its start."))
        return cleaned

    def filters(self) -> dict:
        """The filters in use, as plain strings (they are written to the log themselves)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {k: str(v) for k, v in self.cleaned_data.items() if v not in (None, "")}

    def apply(self, events: models.QuerySet[AuditEvent]) -> models.QuerySet[AuditEvent]:
        if not self.is_bound or not self.is_valid():
            return events
        data = self.cleaned_data
        if data["account"]:
            events = events.filter(actor_name=data["account"].strip())
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["record"]:
            wanted = str(data["record"])
            events = events.filter(models.Q(object_id=wanted) | models.Q(detail__public_id=wanted))
        if data["since"]:
            events = events.filter(at__gte=_local_midnight(data["since"]))
        if data["until"]:
            events = events.filter(at__lt=_local_midnight(data["until"] + datetime.timedelta(1)))
        return events


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(), tzinfo=ZoneInfo(settings.TIME_ZONE))


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("What you found"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text=_("Kept encrypted. Say what explains the behaviour, or what you did."),
    )
