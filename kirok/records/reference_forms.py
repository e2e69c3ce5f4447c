"""Forms and editors for proceedings, organizations and places.

A proceeding belongs to cases like an incident; its incidents and persons are chosen one
per row through autocomplete boxes, among the records the editor may see only, and the ones
already linked that the editor may not see are kept as they are (never shown, never
dropped). Organizations and places are shared reference data (in no case): their names are
edited inline, and a parent that would make a cycle in the hierarchy is refused with a
message that says so. Every editor carries the record's version (kirok.records.editors).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.forms import formset_factory
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from kirok.accounts.models import Case, Role
from kirok.records import access, services
from kirok.records.editors import RecordEditor
from kirok.records.forms import (
    EdtfPhraseField,
    RecordChoiceField,
    VersionMixin,
    cases_field,
    organization_field,
    place_field,
    require_version,
    term_field,
)
from kirok.records.models import (
    Incident,
    Organization,
    OrganizationName,
    Place,
    PlaceName,
    Proceeding,
)

_COUNTRY_CODE_HELP = _("Two letters, e.g. KP, KR or CN.")


def clean_country_code(value: str) -> str:
    """A two-letter country code in capitals; ValidationError otherwise."""
    code = (value or "").strip().upper()
    if code and not (len(code) == 2 and code.isascii() and code.isalpha()):
        raise ValidationError(
            _("Use a two-letter country code such as KP, KR or CN."), code="country_code"
        )
    return code


# --- Proceedings -----------------------------------------------------------------------------


class ProceedingForm(VersionMixin, forms.ModelForm):
    filed_date = EdtfPhraseField(label=_("Filed"))
    last_action_date = EdtfPhraseField(label=_("Last action"))

    class Meta:
        model = Proceeding
        fields = [
            "title",
            "forum",
            "reference",
            "status",
            "filed_date",
            "last_action_date",
            "filed_by",
            "notes",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"size": 60}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["forum"] = term_field("proceeding_forum", _("Forum"))
        self.fields["filed_by"] = organization_field(_("Filed by"))
        if creating:
            self.fields["cases"] = cases_field(user)
        else:
            require_version(self)


class LinkedRecordForm(forms.Form):
    """One row: a record chosen by autocomplete among those the editor may see."""

    def __init__(self, *args, queryset, source: str, label, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["record"] = RecordChoiceField(queryset, source, label=label)
        self.summary_fields = ["record"]


class LinkedRecordFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            record = form.cleaned_data.get("record")
            if not record or form.cleaned_data.get("DELETE"):
                continue
            if record.pk in seen:
                form.add_error("record", _("This record is listed twice."))
            seen.add(record.pk)

    def chosen(self) -> list[models.Model]:
        """The records of the rows kept (not removed, not empty)."""
        return [
            form.cleaned_data["record"]
            for form in self.forms
            if form.cleaned_data.get("record") and not form.cleaned_data.get("DELETE")
        ]


LinksFormSet = formset_factory(
    LinkedRecordForm, formset=LinkedRecordFormSet, extra=1, can_delete=True
)


def _incident_label(incident: Incident) -> str:
    return incident.title


class ProceedingEditor(RecordEditor):
    form_class = ProceedingForm
    model = Proceeding

    def __init__(self, user, instance=None, data=None, *, incident: Incident | None = None):
        self.preselected_incident = incident
        super().__init__(user, instance=instance, data=data)
        cases = initial_cases_for(user, incident) if incident and data is None else []
        if cases and self.creating:
            self.form.initial["cases"] = [case.pk for case in cases]

    def build_formsets(self, data):
        incidents = access.visible_incidents(self.user)
        persons = access.visible_persons(self.user).prefetch_related("names")
        return {
            "incidents": self._links(data, "incidents", incidents, "incidents", _("Incident")),
            "persons": self._links(data, "persons", persons, "persons", _("Person")),
        }

    def _links(self, data, prefix, visible, source, label) -> LinkedRecordFormSet:
        formset = LinksFormSet(
            data,
            prefix=prefix,
            initial=self._initial_links(prefix, visible),
            form_kwargs={"queryset": visible, "source": source, "label": label},
        )
        if source == "incidents":
            for form in [*formset.forms, formset.empty_form]:
                form.fields["record"].label_from_instance = _incident_label
        return formset

    def _initial_links(self, prefix: str, visible: models.QuerySet) -> list[dict]:
        if not self.instance.pk:
            chosen = [self.preselected_incident] if prefix == "incidents" else []
            return [{"record": record.public_id} for record in chosen if record]
        linked = getattr(self.instance, prefix).filter(pk__in=visible.values("pk"))
        return [{"record": public_id} for public_id in linked.values_list("public_id", flat=True)]

    def hidden(self, relation: str) -> list[models.Model]:
        """Linked records the editor may not see: kept on save, never shown."""
        if not self.instance.pk:
            return []
        visible = {"incidents": access.visible_incidents, "persons": access.visible_persons}
        linked = getattr(self.instance, relation)
        return list(linked.exclude(pk__in=visible[relation](self.user).values("pk")))

    def hidden_links(self) -> int:
        """How many linked incidents and persons the editor may not see."""
        return len(self.hidden("incidents")) + len(self.hidden("persons"))

    def is_valid(self) -> bool:
        valid = super().is_valid()
        return valid and self._consent_is_given()

    def _consent_is_given(self) -> bool:
        """A WGEID submission needs every person's consent to UN sharing (records.services)."""
        forum = self.form.cleaned_data.get("forum")
        if not forum or forum.code != services.WGEID:
            return True
        persons = [*self.formsets["persons"].chosen(), *self.hidden("persons")]
        missing = [person for person in persons if not person.consent_share_un]
        if not missing:
            return True
        self.form.add_error("forum", services.un_consent_error(missing).message)
        return False

    def save(self) -> Proceeding:
        with transaction.atomic():
            if not self.creating:
                self.lock_and_check()
            proceeding = self.form.save()
            if self.creating:
                proceeding.cases.set(self.form.cleaned_data["cases"])
            for relation, formset in self.formsets.items():
                kept = [*formset.chosen(), *self.hidden(relation)]
                getattr(proceeding, relation).set(kept)
            return proceeding


def initial_cases_for(user, incident: Incident) -> list[Case]:
    """The incident's cases the editor may put a new proceeding in (a sensible default)."""
    return list(incident.cases.filter(pk__in=access.editable_case_ids(user)))


# --- Organizations and places: shared reference data ------------------------------------------


def may_edit_reference(user) -> bool:
    """Coordinators, and documenters who may edit in at least one case."""
    if not access.may_see_records(user):
        return False
    return user.role == Role.COORDINATOR or access.editable_case_ids(user).exists()


def refuse_cycle(record: models.Model, parent: models.Model | None, message) -> None:
    """ValidationError when ``parent`` is ``record`` itself or lies below it."""
    if parent is None or record.pk is None:
        return
    if parent.pk == record.pk or record.pk in {a.pk for a in parent.ancestors()}:
        raise ValidationError(message, code="cycle", params={"parent": str(parent)})


class ReferenceEditor(RecordEditor):
    """An organization or a place and its names (no cases: shared reference data)."""

    names_formset: type[BaseInlineFormSet]

    def build_formsets(self, data):
        return {"names": self.names_formset(data, instance=self.instance, prefix="names")}

    def save(self) -> models.Model:
        with transaction.atomic():
            if not self.creating:
                self.lock_and_check()
            record = self.form.save()
            names = self.formsets["names"]
            names.instance = record
            names.save()
            return record


class NamesFormSet(BaseInlineFormSet):
    """At least one name is kept."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not kept:
            raise ValidationError(_("Give at least one name."), code="no_name")


class OrganizationForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = Organization
        fields = ["code", "kind", "parent", "country_code", "place", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"] = term_field("organization_kind", _("Kind"))
        self.fields["parent"] = organization_field(_("Part of"))
        self.fields["parent"].help_text = _("The organization this one belongs to, if any.")
        self.fields["place"] = place_field(_("Seat"))
        self.fields["country_code"].help_text = _COUNTRY_CODE_HELP
        if not creating:
            require_version(self)
            if self.instance.code:  # a seeded organization's stable key does not change
                self.fields["code"].disabled = True

    def clean_country_code(self) -> str:
        return clean_country_code(self.cleaned_data.get("country_code"))

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        refuse_cycle(
            self.instance,
            parent,
            _(
                "“%(parent)s” cannot be the parent: it is this organization itself or one of "
                "the organizations that belong to it."
            ),
        )
        return parent


class OrganizationNameForm(forms.ModelForm):
    summary_fields = ["text", "language"]

    class Meta:
        model = OrganizationName
        fields = ["text", "language", "is_preferred", "is_former"]
        widgets = {
            "text": forms.TextInput(attrs={"autocomplete": "off", "size": 40}),
            "language": forms.TextInput(attrs={"size": 4}),
        }
        help_texts = {"language": _("ko, en, zh …")}


OrganizationNameFormSet = inlineformset_factory(
    Organization,
    OrganizationName,
    form=OrganizationNameForm,
    formset=NamesFormSet,
    extra=1,
    can_delete=True,
)


class OrganizationEditor(ReferenceEditor):
    form_class = OrganizationForm
    model = Organization
    names_formset = OrganizationNameFormSet


class PlaceForm(VersionMixin, forms.ModelForm):
    class Meta:
        model = Place
        fields = [
            "level",
            "place_type",
            "facility_kind",
            "parent",
            "country_code",
            "latitude",
            "longitude",
            "status",
            "valid_from",
            "valid_to",
            "notes",
            "citation",
        ]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "citation": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, user, creating: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility_kind"] = term_field(
            "facility_kind", _("Facility kind"), required=False
        )
        self.fields["parent"] = place_field(_("Inside"))
        self.fields["parent"].help_text = _("The place this one lies in, e.g. its county.")
        self.fields["country_code"].help_text = _COUNTRY_CODE_HELP
        if not creating:
            require_version(self)

    def clean_country_code(self) -> str:
        return clean_country_code(self.cleaned_data.get("country_code"))

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        refuse_cycle(
            self.instance,
            parent,
            _(
                "“%(parent)s” cannot contain this place: it is this place itself or one of "
                "the places inside it."
            ),
        )
        return parent

    def clean_latitude(self):
        return _within(
            self.cleaned_data.get("latitude"), 90, _("A latitude lies between -90 and 90.")
        )

    def clean_longitude(self):
        return _within(
            self.cleaned_data.get("longitude"), 180, _("A longitude lies between -180 and 180.")
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("valid_from"), cleaned.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The last year comes before the first year."))
        return cleaned


def _within(value, limit: int, message):
    """``value`` if it lies between -limit and limit; ValidationError(message) otherwise."""
    if value is not None and abs(value) > limit:
        raise ValidationError(message, code="out_of_range")
    return value


class PlaceNameForm(forms.ModelForm):
    summary_fields = ["text", "kind"]

    class Meta:
        model = PlaceName
        fields = ["text", "kind"]
        widgets = {"text": forms.TextInput(attrs={"autocomplete": "off", "size": 40})}


PlaceNameFormSet = inlineformset_factory(
    Place, PlaceName, form=PlaceNameForm, formset=NamesFormSet, extra=1, can_delete=True
)


class PlaceEditor(ReferenceEditor):
    form_class = PlaceForm
    model = Place
    names_formset = PlaceNameFormSet
