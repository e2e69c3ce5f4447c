"""What the history and diff pages show: a record's versions, and two versions side by side.

A record is reached through its access function (kirok.records.access), so whoever may not
see it gets the same 404 as for an unknown id, and the refusal is audited. A record that no
longer exists keeps its history for coordinators who could have seen it.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kirok.audit import permissions, revisions, snapshots, tracking
from kirok.audit import services as audit
from kirok.audit.models import HISTORY_KINDS, Revision, RevisionAction


@dataclass(frozen=True)
class RecordType:
    slug: str
    label: str
    access_function: str
    name: str


_NAMES = {
    "incident": (gettext_lazy("Incident"), "get_incident_for_user"),
    "person": (gettext_lazy("Person"), "get_person_for_user"),
    "source": (gettext_lazy("Source"), "get_source_for_user"),
    "proceeding": (gettext_lazy("Proceeding"), "get_proceeding_for_user"),
}
TYPES = {
    slug: RecordType(slug, label, _NAMES[slug][1], _NAMES[slug][0])
    for label, slug in HISTORY_KINDS.items()
}


@dataclass
class RecordHistory:
    kind: RecordType
    public_id: uuid.UUID
    record: models.Model | None  # None: the record was deleted
    can_edit: bool

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.kind.label)

    @property
    def revisions(self) -> models.QuerySet[Revision]:
        return revisions.history_of(self.kind.label, self.public_id)


def get_history_for_user(user, slug: str, public_id) -> RecordHistory:
    """The record's history if ``user`` may see the record; Http404 (audited) otherwise."""
    kind = TYPES.get(slug)
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        wanted = None
    if kind is None or wanted is None:
        raise Http404
    model = apps.get_model(kind.label)
    if not model._base_manager.filter(public_id=wanted).exists():
        last = revisions.history_of(kind.label, wanted).order_by("number").last()
        if last is not None and last.action == RevisionAction.DELETED:
            cases = snapshots.read(last).get("many", {}).get("cases", [])
            if permissions.may_see_deleted_history(user, cases):
                return RecordHistory(kind, wanted, None, False)
    from kirok.records import access  # the audit core stays below the record apps

    record, can_edit = getattr(access, kind.access_function)(user, wanted)
    return RecordHistory(kind, wanted, record, can_edit)


def restored_message(old: int, new: int) -> str:
    return _("Version %(old)s was restored as version %(new)s.") % {"old": old, "new": new}


def field_label(model: type[models.Model], name: str) -> str:
    found = snapshots.field_of(model, name)
    if found is not None and hasattr(found, "verbose_name"):
        return str(found.verbose_name)
    for part in tracking.spec(model).parts:
        if part.name == name:
            return str(apps.get_model(part.label)._meta.verbose_name_plural)
    return name


@dataclass
class VersionLine:
    revision: Revision
    fields: list[str]


def versions(history: RecordHistory) -> list[VersionLine]:
    """The record's versions, newest first, with the changed fields' names in words."""
    audit.record("history_viewed", object_type=history.kind.label, object_id=str(history.public_id))
    found = history.revisions.defer("snapshot").order_by("-number")
    return [
        VersionLine(rev, [field_label(history.model, name) for name in rev.fields]) for rev in found
    ]


# --- Comparing two versions ----------------------------------------------------------------


@dataclass
class Change:
    label: str
    old: list[str]
    new: list[str]
    is_list: bool = False
    removed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass
class Comparison:
    old: Revision
    new: Revision
    changes: list[Change]


def version_numbers(*raw: str | None) -> tuple[int | None, ...]:
    """Version numbers from a query or a form: None where missing; Http404 where malformed."""
    numbers = []
    for value in raw:
        if value in (None, ""):
            numbers.append(None)
        elif str(value).isdigit():
            numbers.append(int(value))
        else:
            raise Http404
    return tuple(numbers)


def compare(user, history: RecordHistory, old: int | None, new: int | None) -> Comparison | None:
    """Two versions field by field, values in words (decrypted); by default the newest two.

    None when there is only one version; Http404 for a version that does not exist.
    """
    if new is None:
        new = history.revisions.order_by("-number").values_list("number", flat=True).first()
    if old is None and new is not None:
        old = new - 1
    if not old or not new:
        return None
    found = {rev.number: rev for rev in history.revisions.filter(number__in=[old, new])}
    if old not in found or new not in found:
        raise Http404
    before, after = snapshots.read(found[old]), snapshots.read(found[new])
    audit.record(
        "revisions_compared",
        object_type=history.kind.label,
        object_id=str(history.public_id),
        detail={"old": old, "new": new},
    )
    labels = _Labels(user, history.model, [before, after])
    return Comparison(found[old], found[new], _changes(history.model, before, after, labels))


def _changes(model, before: dict, after: dict, labels: _Labels) -> list[Change]:
    changes = []
    for item in snapshots.kept_fields(model):
        old = [labels.value(item, before["fields"].get(item.name))]
        new = [labels.value(item, after["fields"].get(item.name))]
        changes.append(Change(str(item.verbose_name), old, new))
    for item in model._meta.many_to_many:
        old = sorted(labels.value(item, pk) for pk in before["many"].get(item.name, []))
        new = sorted(labels.value(item, pk) for pk in after["many"].get(item.name, []))
        changes.append(_list_change(str(item.verbose_name), old, new))
    for part in tracking.spec(model).parts:
        part_model = apps.get_model(part.label)
        old = [labels.row(part_model, part.parent, r) for r in before["parts"].get(part.name, [])]
        new = [labels.row(part_model, part.parent, r) for r in after["parts"].get(part.name, [])]
        changes.append(_list_change(field_label(model, part.name), old, new))
    return changes


def _list_change(label: str, old: list[str], new: list[str]) -> Change:
    removed = list((Counter(old) - Counter(new)).elements())
    added = list((Counter(new) - Counter(old)).elements())
    return Change(label, old, new, is_list=True, removed=removed, added=added)


class _Labels:
    """Values in words; related rows by name, fetched once per kind of row."""

    def __init__(self, user, model, states: list[dict]) -> None:
        self.user = user
        wanted: dict[type[models.Model], set] = {}
        for state in states:
            self._collect(model, state.get("fields", {}), wanted)
            for name, pks in state.get("many", {}).items():
                found = snapshots.field_of(model, name)
                if found is not None and found.many_to_many:
                    wanted.setdefault(found.related_model, set()).update(pks)
            for part in tracking.spec(model).parts:
                for row in state.get("parts", {}).get(part.name, []):
                    self._collect(apps.get_model(part.label), row, wanted)
        self.names = {
            (related, pk): text
            for related, pks in wanted.items()
            for pk, text in self._fetch(related, pks).items()
        }

    @staticmethod
    def _collect(model, values: dict, wanted: dict) -> None:
        for name, value in values.items():
            found = snapshots.field_of(model, name)
            if found is not None and found.is_relation and value is not None:
                wanted.setdefault(found.related_model, set()).add(value)

    def _fetch(self, related, pks) -> dict:
        rows = related._base_manager.filter(pk__in=pks)
        label = related._meta.label_lower
        if label == "accounts.case":
            mine = set(self.user.cases.values_list("pk", flat=True))
            return {c.pk: c.name if c.pk in mine else _("another case") for c in rows}
        if label == "accounts.user":
            return {u.pk: u.get_username() for u in rows}
        if hasattr(related, "display_name"):
            return {row.pk: row.display_name() for row in rows.prefetch_related("names")}
        if hasattr(related, "public_id"):
            # A linked person or incident is named by id: this page must not show a name
            # the reader may not be allowed to see.
            kind = related._meta.verbose_name
            return {row.pk: f"{kind} {str(row.public_id)[:8]}" for row in rows}
        return {row.pk: str(row) for row in rows}

    def value(self, item: models.Field, value) -> str:
        if value is None or value == "":
            return "—"
        if item.is_relation:
            return self.names.get((item.related_model, value), _("(no longer exists)"))
        if item.choices:
            return str(dict(item.flatchoices).get(value, value))
        if isinstance(item, models.BooleanField):
            return _("yes") if value else _("no")
        return str(value)

    def row(self, model, parent: str, values: dict) -> str:
        words = []
        for item in snapshots.kept_fields(model, exclude=parent):
            value = values.get(item.name)
            if value in (None, "", False):
                continue
            if isinstance(item, models.BooleanField):
                words.append(str(item.verbose_name))
            elif isinstance(item, models.IntegerField) and not item.is_relation:
                words.append(f"{item.verbose_name} {value}")
            else:
                words.append(self.value(item, value))
        return " · ".join(words)
