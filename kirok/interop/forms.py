"""Forms of the export pages. Choices come through the access functions and carry public ids."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kirok.accounts.models import Case
from kirok.interop.models import ExportKind
from kirok.records import access
from kirok.records.models import Proceeding
from kirok.records.services import WGEID


class ProceedingChoice(forms.ModelChoiceField):
    def label_from_instance(self, proceeding) -> str:
        reference = f" ({proceeding.reference})" if proceeding.reference else ""
        return f"{proceeding.title}{reference}"


class ExportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("What"), choices=ExportKind.choices)
    cases = forms.ModelMultipleChoiceField(
        label=_("Cases"),
        queryset=Case.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only cases you are a member of. Not used for a WGEID submission."),
    )
    proceeding = ProceedingChoice(
        label=_("WGEID submission"),
        queryset=Proceeding.objects.none(),
        to_field_name="public_id",
        required=False,
        help_text=_("Only for the kind “Persons of a WGEID submission”."),
    )
    reason = forms.CharField(
        label=_("Why must this data leave Kirok?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The approving coordinator reads this. It is kept in the audit log."),
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = Case.objects.filter(
            pk__in=access.member_case_ids(user)
        ).order_by("name")
        self.fields["proceeding"].queryset = (
            access.visible_proceedings(user).filter(forum__code=WGEID).order_by("pk")
        )

    def clean(self):
        data = super().clean()
        if data.get("kind") == ExportKind.WGEID and not data.get("proceeding"):
            self.add_error("proceeding", _("Choose the WGEID submission to export."))
        elif data.get("kind") and data.get("kind") != ExportKind.WGEID and not data.get("cases"):
            self.add_error("cases", _("Choose at least one case."))
        return data


class DenyForm(forms.Form):
    note = forms.CharField(
        label=_("Why (the requester sees this)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
