"""Forms to create and edit persons and incidents, with their names, relations and acts.

Every choice of another record (a place, an organization, a person) travels as its public
id and is looked up only among the records the editor may see (kirok.records.access); a
typed text that was not picked from the suggestions is an error, never a guess. Dates are
typed as people write them and stored as EDTF (kirok.lib.dates). The record and its rows
are validated and saved together by kirok.records.editors.
"""

from __future__ import annotations

import re
import uuid

from django import forms
from django.db import models
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from kirok.accounts.models import Case
from kirok.lib import dates
from kirok.records import access
from kirok.records.date_messages import explain
from kirok.records.models import (
    Act,
    ActPerpetrator,
    Incident,
    NameScript,
    Organization,
    Person,
    PersonName,
    Place,
    Relation,
)
from kirok.vocabularies.models import Term

_HANGUL = re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")
_HAN = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_COUNTRY_CODE = re.compile(r"^[A-Z]{2}$")


# --- Fields -----------------------------------------------------------------------------


class DatePhraseInput(forms.TextInput):
    """A date box that shows, as one types (htmx), what the server will store."""

    template_name = "web/_date_input.html"

    def __init__(self, attrs=None):
        defaults = {
            "autocomplete": "off",
            "spellcheck": "false",
            "hx-get": reverse_lazy("web:date_preview"),
            "hx-trigger": "input changed delay:400ms",
            "hx-sync": "this:replace",
        }
        super().__init__({**defaults, **(attrs or {})})

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        identifier = context["widget"]["attrs"].get("id", name)
        context["widget"]["attrs"]["hx-target"] = f"#{identifier}-preview"
        context["widget"]["preview"] = date_preview(str(value or ""))
        return context


def date_preview(text: str) -> dict:
    """What a date phrase means for the preview: ``parsed`` (EDTF, bounds) or ``reason``."""
    text = text.strip()[:100]
    if not text:
        return {"text": ""}
    try:
        return {"text": text, "parsed": dates.parse(text)}
    except ValueError as error:  # UnparsableDate and InvalidDate
        return {"text": text, "reason": explain(error)}


class EdtfPhraseField(forms.CharField):
    """A date as people write it ("early November 2012", "2012년 11월 초", "2019~").

    Cleaned to its EDTF value through kirok.lib.dates.parse; the library's reason is shown
    when it cannot read the text.
    """

    widget = DatePhraseInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("help_text", _("As you would write it: early November 2012, about 2010."))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return ""
        return edtf_of(text)


def edtf_of(text: str) -> str:
    """The EDTF value of a date phrase; ValidationError with the library's reason if none."""
    try:
        return dates.parse(text).edtf
    except ValueError as error:  # UnparsableDate and InvalidDate
        raise forms.ValidationError(
            _("This date cannot be read: %(reason)s"),
            code="unparsable_date",
            params={"reason": explain(error)},
        ) from None


class TypedText(str):
    """What was typed in an autocomplete box without picking a suggestion."""


class AutocompleteWidget(forms.Widget):
    """A text box that suggests records (htmx) and a hidden input with the chosen public id.

    ``source`` names the suggestion URL (``web:autocomplete_<source>``). The label shown for
    a chosen value comes from the field's own queryset, so a record the editor may not see
    is never named on the page, whatever id was posted.
    """

    template_name = "web/_autocomplete_widget.html"

    def __init__(self, source: str, attrs=None):
        super().__init__(attrs)
        self.source = source
        self.choices = ()

    def value_from_datadict(self, data, files, name):
        chosen = data.get(name) or ""
        if chosen:
            return chosen
        typed = (data.get(f"{name}_text") or "").strip()
        return TypedText(typed) if typed else None

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_text" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        chosen = None if isinstance(value, TypedText) else self._chosen(value)
        typed = value if isinstance(value, TypedText) else ""
        context["widget"].update(
            {
                "url_name": f"web:autocomplete_{self.source}",
                "text_name": f"{name}_text",
                "hidden_value": str(chosen.public_id) if chosen else "",
                "text_value": self._label(chosen) if chosen else typed,
            }
        )
        return context

    def _field(self):
        return getattr(self.choices, "field", None)

    def _chosen(self, value):
        field = self._field()
        if field is None or value in (None, ""):
            return None
        if isinstance(value, models.Model):
            value = value.pk
        if isinstance(value, int):
            return field.queryset.filter(pk=value).first()
        wanted = access.parse_public_id(value)
        return field.queryset.filter(public_id=wanted).first() if wanted else None

    def _label(self, record) -> str:
        return self._field().label_from_instance(record)


class RecordChoiceField(forms.ModelChoiceField):
    """A record chosen by public id from ``queryset`` through an autocomplete box."""

    default_error_messages = {
        "invalid_choice": _("This is not one of the records you can choose; pick a suggestion."),
        "typed_only": _("“%(text)s” was typed but not picked: choose one of the suggestions."),
    }

    def __init__(self, queryset, source: str, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(queryset, to_field_name="public_id", **kwargs)
        self.widget = AutocompleteWidget(source)
        self.widget.choices = self.choices

    def to_python(self, value):
        if isinstance(value, TypedText):
            raise forms.ValidationError(
                self.error_messages["typed_only"], code="typed_only", params={"text": value}
            )
        return super().to_python(value)

    def prepare_value(self, value):
        if isinstance(value, TypedText):
            return value
        if isinstance(value, int):  # a foreign key's value, from the instance being edited
            found = self.queryset.filter(pk=value).values_list("public_id", flat=True).first()
            return str(found) if found else ""
        prepared = super().prepare_value(value)
        return str(prepared) if isinstance(prepared, uuid.UUID) else prepared

    def has_changed(self, initial, data):
        if isinstance(data, TypedText):
            return True
        return str(self.prepare_value(initial) or "") != str(data or "")


def place_field(label) -> RecordChoiceField:
    field = RecordChoiceField(Place.objects.prefetch_related("names"), "places", label=label)
    field.label_from_instance = place_label
    return field


def place_label(place: Place) -> str:
    """A place with its parents, e.g. "Hoeryong, North Hamgyong, North Korea"."""
    return ", ".join(str(p) for p in place.admin_path())


def person_field(user, label, **kwargs) -> RecordChoiceField:
    visible = access.visible_persons(user).prefetch_related("names")
    return RecordChoiceField(visible, "persons", label=label, **kwargs)


def organization_field(label) -> RecordChoiceField:
    organizations = Organization.objects.prefetch_related("names")
    field = RecordChoiceField(organizations, "organizations", label=label)
    field.label_from_instance = Organization.display_name
    return field


def term_field(vocabulary_key: str, label, *, required=True, multiple=False):
    terms = Term.objects.of(vocabulary_key).filter(is_active=True)
    if multiple:
        field = forms.ModelMultipleChoiceField(
            terms, label=label, required=required, widget=forms.CheckboxSelectMultiple
        )
    else:
        field = forms.ModelChoiceField(terms, label=label, required=required)
    field.label_from_instance = lambda term: term.label
    return field


def require_version(form: forms.ModelForm) -> None:
    """An edit must say which version it started from."""
    form.initial.setdefault("version", form.instance.version)
    form.fields["version"].required = True
    form.fields["version"].error_messages["required"] = _(
        "The form did not say which version it started from; open the edit page again."
    )


class VersionMixin(forms.Form):
    """The version of the record the form started from (kirok.records.fields)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


def cases_field(user) -> forms.ModelMultipleChoiceField:
    """The cases the editor may put a new record in; at least one is required."""
    cases = Case.objects.filter(pk__in=access.editable_case_ids(user)).order_by("name")
    only = list(cases[:2])
    return forms.ModelMultipleChoiceField(
        cases,
        initial=[only[0].pk] if len(only) == 1 else [],
        label=_("Cases"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Who may see this record: the members of these cases."),
        error_messages={"required": _("Put the record in at least one case you work on.")},
    )


# --- Persons ------------------------------------------------------------------------------


class PersonForm(VersionMixin, forms.ModelForm):
    birth_date = EdtfPhraseField(label=_("Birth date"))

    class Meta:
        model = Person
        fields = [
            "sex",
            "birth_date",
            "birthplace",
            "hometown",
            "occupation",
            "nationality",
            "status",
            "consent_store",
            "consent_share_un",
            "consent_publish",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birthplace"] = place_field(_("Birthplace"))
        self.fields["hometown"] = place_field(_("Hometown"))
        self.fields["nationality"].widget.attrs.update({"maxlength": 2, "size": 3})
        if creating:
            self.fields["cases"] = cases_field(user)
        else:
            require_version(self)

    def clean_nationality(self) -> str:
        code = (self.cleaned_data.get("nationality") or "").strip().upper()
        if code and not _COUNTRY_CODE.match(code):
            raise forms.ValidationError(
                _("Use a two-letter country code such as KP, KR or CN."), code="country_code"
            )
        return code


def guess_script(text: str) -> str:
    """The script a name is written in, from its letters: Hangul, Hanja, Latin or other."""
    if _HANGUL.search(text):
        return NameScript.HANGUL
    if _HAN.search(text):
        return NameScript.HANJA
    if _LATIN.search(text):
        return NameScript.LATIN
    return NameScript.OTHER


class PersonNameForm(forms.ModelForm):
    class Meta:
        model = PersonName
        fields = ["text", "script", "kind", "romanization", "is_primary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["script"].required = False
        self.fields["script"].help_text = _("Left empty, it is read from the letters.")
        self.fields["text"].widget = forms.TextInput(attrs={"autocomplete": "off"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("text") and not cleaned.get("script"):
            cleaned["script"] = guess_script(cleaned["text"])
            self.instance.script = cleaned["script"]
        return cleaned


class PersonNameFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise forms.ValidationError(_("A person needs at least one name."), code="no_name")
        primary = [f for f in kept if f.cleaned_data.get("is_primary")]
        if len(primary) != 1:
            raise forms.ValidationError(
                _("Mark exactly one name as the primary name (now: %(count)s).")
                % {"count": len(primary)},
                code="primary_name",
            )


NameFormSet = inlineformset_factory(
    Person,
    PersonName,
    form=PersonNameForm,
    formset=PersonNameFormSet,
    extra=1,
    can_delete=True,
)


class RelationForm(forms.ModelForm):
    class Meta:
        model = Relation
        fields = ["kind", "object"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = term_field("relation_kind", _("This person is"))
        self.fields["object"] = person_field(user, _("Related person"), required=True)


class RelationFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                refuse_losing_evidence(form, "relation")
                continue
            if self.instance.pk and data["object"].pk == self.instance.pk:
                form.add_error("object", _("A person cannot be related to themselves."))
            key = (data["kind"].pk, data["object"].pk)
            if key in seen:
                form.add_error("object", _("This relation is listed twice."))
            seen.add(key)


RelationsFormSet = inlineformset_factory(
    Person,
    Relation,
    form=RelationForm,
    formset=RelationFormSet,
    fk_name="subject",
    extra=1,
    can_delete=True,
)


_EVIDENCE_KEEPS_IT = {
    "act": _(
        "This act cannot be removed: %(count)s evidence passage(s) support it. Correct it "
        "instead, or remove the passages first."
    ),
    "relation": _(
        "This relation cannot be removed: %(count)s evidence passage(s) support it. Correct "
        "it instead, or remove the passages first."
    ),
}


def refuse_losing_evidence(form, kind: str) -> None:
    """Refuse removing a row that evidence passages point at (they would go with it)."""
    if not form.cleaned_data.get("DELETE") or not form.instance.pk:
        return
    count = form.instance.evidence.count()
    if count:
        raise forms.ValidationError(
            _EVIDENCE_KEEPS_IT[kind] % {"count": count}, code="has_evidence"
        )


# --- Incidents and acts ---------------------------------------------------------------------


class IncidentForm(VersionMixin, forms.ModelForm):
    start_date = EdtfPhraseField(label=_("Start"))
    end_date = EdtfPhraseField(label=_("End"))

    class Meta:
        model = Incident
        fields = [
            "title",
            "summary",
            "violation_types",
            "start_date",
            "end_date",
            "place",
            "status",
            "victim_count_exact",
            "victim_count_min",
            "victim_count_max",
            "victim_count_text",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"size": 60}),
            "summary": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, user, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["violation_types"] = term_field(
            "violation_type", _("Violation types"), multiple=True
        )
        self.fields["place"] = place_field(_("Place"))
        if creating:
            self.fields["cases"] = cases_field(user)
        else:
            require_version(self)


class ActForm(forms.ModelForm):
    """One act, with its first perpetrator (organization and/or person, and role)."""

    date = EdtfPhraseField(label=_("Date"))

    class Meta:
        model = Act
        fields = ["victim", "violation_type", "date", "place", "sequence"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["victim"] = person_field(user, _("Victim"), required=True)
        self.fields["violation_type"] = term_field("violation_type", _("Violation"))
        self.fields["place"] = place_field(_("Place"))
        self.fields["sequence"].widget.attrs.update({"min": 1, "size": 3})
        self.fields["perpetrator_organization"] = organization_field(_("Perpetrator unit"))
        self.fields["perpetrator_person"] = person_field(user, _("Perpetrator person"))
        self.fields["perpetrator_role"] = term_field("perpetrator_role", _("Role"), required=False)
        self.first_perpetrator = self._first_perpetrator()
        self.other_perpetrators = 0
        if self.instance.pk:
            self.other_perpetrators = max(self.instance.perpetrators.count() - 1, 0)
        if self.first_perpetrator:
            self.initial.update(
                perpetrator_organization=self.first_perpetrator.organization_id,
                perpetrator_person=self.first_perpetrator.person_id,
                perpetrator_role=self.first_perpetrator.role_id,
            )

    def _first_perpetrator(self) -> ActPerpetrator | None:
        if not self.instance.pk:
            return None
        return self.instance.perpetrators.order_by("pk").first()

    def clean(self):
        cleaned = super().clean()
        who = cleaned.get("perpetrator_organization") or cleaned.get("perpetrator_person")
        if who and not cleaned.get("perpetrator_role"):
            self.add_error(
                "perpetrator_role", _("Say what part the perpetrator had (e.g. perpetrator).")
            )
        if cleaned.get("perpetrator_role") and not who:
            self.add_error(
                "perpetrator_organization",
                _("Name the perpetrator: a unit, a person or both, or leave the role empty."),
            )
        return cleaned

    def save(self, commit=True):
        act = super().save(commit=commit)
        if commit:
            self.save_perpetrator(act)
        return act

    def save_perpetrator(self, act: Act) -> None:
        data = self.cleaned_data
        organization, person = data.get("perpetrator_organization"), data.get("perpetrator_person")
        current = self.first_perpetrator
        if not (organization or person):
            if current:
                current.delete()
            return
        current = current or ActPerpetrator(act=act)
        current.organization, current.person = organization, person
        current.role = data["perpetrator_role"]
        current.save()


class ActFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        for form in self.forms:
            if form.cleaned_data:
                refuse_losing_evidence(form, "act")


def editable_acts(user, incident: Incident) -> models.QuerySet[Act]:
    """The acts of ``incident`` the editor may see whole: victim and perpetrators visible.

    An act about a person the editor may not see is kept as it is and never shown.
    """
    visible = access.visible_persons(user).values("pk")
    hidden = ActPerpetrator.objects.filter(person__isnull=False).exclude(person__in=visible)
    return (
        Act.objects.filter(incident=incident, victim__in=visible)
        .exclude(pk__in=hidden.values("act_id"))
        .order_by("victim_id", "sequence", "pk")
    )


def editable_relations(user, person: Person) -> models.QuerySet[Relation]:
    """The person's own relations to persons the editor may see."""
    visible = access.visible_persons(user).values("pk")
    return Relation.objects.filter(subject=person, object__in=visible).order_by("pk")


ActsFormSet = inlineformset_factory(
    Incident, Act, form=ActForm, formset=ActFormSet, extra=1, can_delete=True
)
