"""Editors: a record's form and its inline rows, validated and saved together, and the
edit conflict.

An editor (:class:`PersonEditor`, :class:`IncidentEditor`) checks the record and its rows
(names, relations, acts) together and saves them in one transaction: a bad row saves
nothing. An edit carries the ``TimestampedModel.version`` it started from; a save over a
newer version raises :class:`EditConflict`, and :func:`conflict_rows` shows the values saved
meanwhile beside the submitted ones. The change itself is audited, with a revision, by the
model signals (kirok.audit.tracking).
"""

from __future__ import annotations

import uuid

from django import forms
from django.db import models, transaction
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from kirok.records import access
from kirok.records.forms import (
    ActForm,
    ActsFormSet,
    EdtfPhraseField,
    IncidentForm,
    NameFormSet,
    PersonForm,
    PersonNameForm,
    RelationForm,
    RelationsFormSet,
    TypedText,
    editable_acts,
    editable_relations,
    edtf_of,
)
from kirok.records.models import Incident, Person

# --- Editors: a record and its inline rows, validated and saved together ---------------------


class EditConflict(Exception):
    """Someone saved the record after the editor opened it; ``current`` is their version."""

    def __init__(self, current: models.Model):
        super().__init__(f"version {current.version} was saved meanwhile")
        self.current = current


class RecordEditor:
    """A record's form and its inline formsets, validated and saved as one."""

    form_class: type[forms.ModelForm]
    model: type[models.Model]

    def __init__(self, user, instance=None, data=None):
        self.user = user
        self.creating = instance is None
        self.instance = instance or self.model()
        self.data = data
        self.form = self.form_class(data, instance=self.instance, user=user, creating=self.creating)
        self.formsets = self.build_formsets(data)

    def build_formsets(self, data) -> dict[str, BaseInlineFormSet]:
        """The inline formsets by section name; each editor (persons, incidents) names its own."""
        raise NotImplementedError(f"{type(self).__name__} must say which rows it edits inline")

    def is_valid(self) -> bool:
        results = [self.form.is_valid()] + [f.is_valid() for f in self.formsets.values()]
        return all(results)

    def error_summary(self) -> list[str]:
        """Every error with where it is: "Names, row 2, Name: This field is required."."""
        lines = _form_errors(self.form, "")
        for name, formset in self.formsets.items():
            section = formset_label(name)
            lines += [f"{section}: {error}" for error in formset.non_form_errors()]
            for number, form in enumerate(formset.forms, 1):
                where = _("%(section)s, row %(number)s") % {"section": section, "number": number}
                lines += _form_errors(form, where)
        return lines

    def submitted_version(self) -> int | None:
        try:
            return int((self.data or {}).get("version") or 0) or None
        except ValueError:
            return None

    def is_stale(self) -> bool:
        """Whether the record was saved by someone else since this form was opened."""
        version = self.submitted_version()
        return not self.creating and version is not None and version != self.instance.version

    def save(self) -> models.Model:
        """Save everything in one transaction; EditConflict if the version moved on."""
        with transaction.atomic():
            if not self.creating:
                self.lock_and_check()
            record = self.form.save()
            if self.creating and "cases" in self.form.cleaned_data:
                record.cases.set(self.form.cleaned_data["cases"])
            for formset in self.formsets.values():
                formset.instance = record
                formset.save()
            return record

    def lock_and_check(self) -> None:
        current = self.model.objects.select_for_update().get(pk=self.instance.pk)
        if current.version != self.submitted_version():
            raise EditConflict(current)

    def rebased(self, current: models.Model) -> RecordEditor:
        """The same submission, now carrying ``current``'s version: saving it re-applies it."""
        data = self.data.copy()
        data["version"] = str(current.version)
        return type(self)(self.user, instance=current, data=data)


class PersonEditor(RecordEditor):
    form_class = PersonForm
    model = Person

    def build_formsets(self, data):
        person = self.instance
        return {
            # A new person's first name is its primary one unless the editor says otherwise.
            "names": NameFormSet(
                data,
                instance=person,
                prefix="names",
                initial=[{"is_primary": True}] if self.creating else None,
            ),
            "relations": RelationsFormSet(
                data,
                instance=person,
                prefix="relations",
                queryset=editable_relations(self.user, person) if person.pk else None,
                form_kwargs={"user": self.user},
            ),
        }


class IncidentEditor(RecordEditor):
    form_class = IncidentForm
    model = Incident

    def build_formsets(self, data):
        incident = self.instance
        return {
            "acts": ActsFormSet(
                data,
                instance=incident,
                prefix="acts",
                queryset=editable_acts(self.user, incident) if incident.pk else None,
                form_kwargs={"user": self.user},
            )
        }

    def hidden_acts(self) -> int:
        """How many acts of the incident concern persons the editor may not see."""
        if not self.instance.pk:
            return 0
        return self.instance.acts.count() - editable_acts(self.user, self.instance).count()


# --- What changed: the conflict view ---------------------------------------------------------


def conflict_rows(editor: RecordEditor, current: models.Model) -> list[dict]:
    """Each field with the value saved meanwhile ("theirs") beside the submitted one."""
    saved = type(editor)(editor.user, instance=current)
    rows = []
    for name, field in editor.form.fields.items():
        if name in ("version", "cases"):
            continue
        theirs = describe(field, saved.form[name].value())
        yours = describe(field, editor.form[name].value())
        rows.append({"label": field.label, "theirs": theirs, "yours": yours})
    for name, formset in editor.formsets.items():
        theirs = summarise_rows(saved.formsets[name], bound=False)
        yours = summarise_rows(formset, bound=True)
        rows.append({"label": formset_label(name), "theirs": theirs, "yours": yours})
    for row in rows:
        row["differs"] = row["theirs"] != row["yours"]
    return rows


def _form_errors(form: forms.Form, where: str) -> list[str]:
    lines = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        place = ", ".join(str(p) for p in (where, field.label if field else "") if p)
        lines += [f"{place}: {error}" if place else str(error) for error in errors]
    return lines


def formset_label(name: str) -> str:
    labels = {
        "names": _("Names"),
        "relations": _("Relations"),
        "acts": _("Acts"),
        "incidents": _("Incidents"),
        "persons": _("Persons concerned"),
    }
    return str(labels.get(name, name))


def describe(field: forms.Field, value) -> str:
    """A value as a reader would say it: choice labels, record names, Yes/No."""
    if isinstance(field, forms.BooleanField):
        return str(_("Yes") if value in (True, "on", "true", "True") else _("No"))
    if isinstance(field, forms.ModelMultipleChoiceField):
        chosen = field.queryset.filter(pk__in=[v for v in (value or []) if str(v).isdigit()])
        return ", ".join(sorted(field.label_from_instance(t) for t in chosen))
    if isinstance(field, forms.ModelChoiceField):
        return _describe_record(field, value)
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value or ""))
    if isinstance(field, EdtfPhraseField) and value:
        try:
            return edtf_of(value)
        except forms.ValidationError:
            return str(value)
    return "" if value is None else str(value)


def _describe_record(field: forms.ModelChoiceField, value) -> str:
    if value in (None, "") or isinstance(value, TypedText):
        return str(value or "")
    lookup = {"pk": value} if str(value).isdigit() else {"public_id": _uuid_or_none(value)}
    found = field.queryset.filter(**lookup).first() if all(lookup.values()) else None
    return field.label_from_instance(found) if found else ""


def _uuid_or_none(value) -> uuid.UUID | None:
    return access.parse_public_id(value)


def summarise_rows(formset: BaseInlineFormSet, *, bound: bool) -> str:
    """The rows of a formset as one line each, e.g. the names "김혜송; Kim Hye-song"."""
    lines = []
    for form in formset.forms:
        if bound and form.is_bound and form["DELETE"].value():
            continue
        parts = [describe(form.fields[n], form[n].value()) for n in _summary_fields(form)]
        parts = [p for p in parts if p]
        if parts:
            lines.append(" · ".join(parts))
    return "\n".join(lines)


def _summary_fields(form: forms.Form) -> list[str]:
    wanted: dict[type, list[str]] = {
        PersonNameForm: ["text", "kind"],
        RelationForm: ["kind", "object"],
        ActForm: ["victim", "violation_type", "date", "perpetrator_organization"],
    }
    # Other forms (kirok.records.reference_forms) name their own summary fields.
    return wanted.get(type(form), getattr(form, "summary_fields", []))
