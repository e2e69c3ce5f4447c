"""Forms of the export pages and of a list's import. Choices come through the access functions
and carry public ids."""

from __future__ import annotations

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from kirok.accounts.models import Case
from kirok.interop.models import ExportKind
from kirok.records import access
from kirok.records.models import Proceeding
from kirok.records.services import WGEID
from kirok.sources.forms import provider_field
from kirok.vocabularies.models import Term


class ProceedingChoice(forms.ModelChoiceField):
    def label_from_instance(self, proceeding) -> str:
        reference = f" ({proceeding.reference})" if proceeding.reference else ""
        return f"{proceeding.title}{reference}"


class ExportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What"),
        choices=ExportKind.choices,
        help_text=_(
            "“Victims counted for publication” is a table of counts, no name in it and no "
            "count below 5, made to be published; every other kind holds records."
        ),
    )
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


def _terms(vocabulary: str):
    return Term.objects.of(vocabulary).filter(is_active=True)


class ListImportForm(forms.Form):
    """A partner's list to import (kirok.interop.imports), with what the list does not say
    itself: its title, its cases, its grades and the violation of rows that name none."""

    file = forms.FileField(
        label=_("List (Excel .xlsx, or CSV in UTF-8)"),
        help_text=_(
            "A header, then one person a row. Columns, in English or Korean: name or "
            "name_hangul (이름, 성명), sex, birth_year, age_at_event, event_year, hometown, "
            "status, occupation, violation, event_date, event_place, perpetrator, notes."
        ),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=500,
        help_text=_("e.g. the partner's name and the list's date."),
    )
    cases = forms.ModelMultipleChoiceField(
        queryset=Case.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=_("Cases"),
        help_text=_("Who may see the list and its records: the members of these cases."),
        error_messages={"required": _("Choose at least one case for the list.")},
    )
    violation = forms.ModelChoiceField(
        queryset=Term.objects.none(),
        required=False,
        label=_("Violation of rows that name none"),
        help_text=_("Leave empty to record only persons for rows without a violation."),
    )
    reliability = forms.ModelChoiceField(
        queryset=Term.objects.none(), required=False, label=_("Reliability of the partner")
    )
    credibility = forms.ModelChoiceField(
        queryset=Term.objects.none(), required=False, label=_("Credibility of the list")
    )
    partner = forms.Field(required=False)  # replaced in __init__: suggestions of organizations
    check_only = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Only check the list and show what it holds; record nothing yet"),
    )

    def __init__(self, *args, editable_cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cases"].queryset = editable_cases
        if editable_cases.count() == 1:
            self.fields["cases"].initial = list(editable_cases)
        self.fields["violation"].queryset = _terms("violation_type")
        self.fields["reliability"].queryset = _terms("source_reliability")
        self.fields["credibility"].queryset = _terms("information_credibility")
        self.fields["partner"] = provider_field()
        self.fields["partner"].label = _("Partner organization")

    def clean_file(self):
        from kirok.interop import imports

        upload = self.cleaned_data["file"]
        limit = imports.max_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; the limit is %(limit)s. Split the list.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload
