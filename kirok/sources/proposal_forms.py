"""The review form of one proposed record: each field kept, corrected or rejected.

The form starts from what the extractor proposed (kirok.sources.proposals.suggestion) and
turns the reviewer's answer into a :class:`~kirok.sources.proposals.Review`, with a verdict
per field: ``accepted`` (kept as proposed), ``edited``, ``rejected`` or ``added`` (nothing
was proposed and the reviewer gave a value).
"""

from __future__ import annotations

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kirok.accounts.models import Case
from kirok.records import access
from kirok.records.forms import (
    EdtfPhraseField,
    organization_field,
    place_field,
    term_field,
)
from kirok.records.models import Sex
from kirok.sources.models import Source
from kirok.sources.proposals import SEXES, Review, ReviewedVictim, Suggestion
from kirok.vocabularies.models import Term

REJECT_LABEL = _("Reject")


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    date = EdtfPhraseField(label=_("Date"))
    reject_date = forms.BooleanField(label=REJECT_LABEL, required=False)
    reject_place = forms.BooleanField(label=REJECT_LABEL, required=False)
    reject_perpetrator = forms.BooleanField(label=REJECT_LABEL, required=False)
    count_min = forms.IntegerField(label=_("At least"), required=False, min_value=0)
    count_max = forms.IntegerField(label=_("At most"), required=False, min_value=0)
    count_text = forms.CharField(label=_("As reported"), required=False, max_length=200)
    reject_victim_count = forms.BooleanField(label=REJECT_LABEL, required=False)

    def __init__(self, *args, suggestion: Suggestion, cases, **kwargs):
        super().__init__(*args, **kwargs)
        self.suggestion = suggestion
        self.fields["types"] = term_field(
            "violation_type", _("Violation types"), required=False, multiple=True
        )
        self.fields["place"] = place_field(_("Place"))
        self.fields["organization"] = organization_field(_("Perpetrator"))
        self.fields["role"] = term_field("perpetrator_role", _("Role"), required=False)
        self.fields["cases"] = forms.ModelMultipleChoiceField(
            cases,
            label=_("Cases"),
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Who may see the new records: the members of these cases."),
            error_messages={"required": _("Put the records in at least one case you work on.")},
        )
        self.initial = {
            "title": suggestion.title,
            "summary": suggestion.summary,
            "types": [term.pk for term in suggestion.types],
            "date": suggestion.date,
            "place": suggestion.place.pk if suggestion.place else None,
            "organization": suggestion.organization.pk if suggestion.organization else None,
            "role": _default_role(),
            "count_min": suggestion.count_min,
            "count_max": suggestion.count_max,
            "count_text": suggestion.count_text,
            "cases": [case.pk for case in cases],
            **self.initial,
        }

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("count_min"), cleaned.get("count_max")
        if not cleaned.get("reject_victim_count") and None not in (low, high) and low > high:
            self.add_error("count_max", _("The maximum is smaller than the minimum."))
        keeps_perpetrator = cleaned.get("organization") and not cleaned.get("reject_perpetrator")
        if keeps_perpetrator and not cleaned.get("role"):
            self.add_error("role", _("Say what part the perpetrator had (e.g. perpetrator)."))
        return cleaned

    def review(self, victims: VictimFormSet) -> Review:
        """The reviewer's decision, with a verdict for each field (valid forms only)."""
        data, proposed = self.cleaned_data, self.suggestion
        date = "" if data["reject_date"] else data["date"]
        place = None if data["reject_place"] else data["place"]
        organization = None if data["reject_perpetrator"] else data["organization"]
        count = (
            (None, None, "")
            if data["reject_victim_count"]
            else (data["count_min"], data["count_max"], data["count_text"])
        )
        kept_victims, victim_verdicts = victims.kept()
        verdicts = {
            "types": verdict([t.pk for t in proposed.types], [t.pk for t in data["types"]]),
            "date": verdict(proposed.date, date),
            "place": verdict(_pk(proposed.place), _pk(place)),
            "perpetrator": verdict(_pk(proposed.organization), _pk(organization)),
            "victim_count": verdict(
                (proposed.count_min, proposed.count_max, proposed.count_text), count
            ),
        }
        return Review(
            title=data["title"],
            summary=data["summary"],
            cases=list(data["cases"]),
            types=list(data["types"]),
            date=date,
            place=place,
            organization=organization,
            role=data["role"] if organization else None,
            count_min=count[0],
            count_max=count[1],
            count_text=count[2],
            victims=kept_victims,
            verdicts={
                **{name: v for name, v in verdicts.items() if v},
                **({"victims": victim_verdicts} if victim_verdicts else {}),
            },
        )


class VictimForm(forms.Form):
    keep = forms.BooleanField(label=_("Keep"), required=False, initial=True)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    pseudonym = forms.BooleanField(label=_("Pseudonym"), required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, initial=Sex.UNKNOWN, required=False
    )
    age = forms.IntegerField(label=_("Age"), required=False, min_value=0, max_value=130)
    born = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    relationship = forms.CharField(label=_("Relationship"), required=False, max_length=100)
    index = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def clean_born(self) -> int | None:
        born = self.cleaned_data.get("born")
        if born is not None and born > timezone.localdate().year:
            raise forms.ValidationError(_("A year of birth cannot be in the future."))
        return born

    def clean(self):
        cleaned = super().clean()
        cleaned["sex"] = cleaned.get("sex") or Sex.UNKNOWN
        proposed = bool(self.initial.get("name"))
        if proposed and cleaned.get("keep") and not (cleaned.get("name") or "").strip():
            self.add_error("name", _("A victim kept needs a name; or untick “Keep”."))
        return cleaned


class BaseVictimFormSet(forms.BaseFormSet):
    def kept(self) -> tuple[list[ReviewedVictim], list[str]]:
        """The victims to create, and a verdict for each proposed or added one."""
        victims, verdicts = [], []
        for form in self.forms:
            data = form.cleaned_data
            proposed = data.get("index") is not None and bool(form.initial.get("name"))
            name = (data.get("name") or "").strip()
            # A proposed victim stays unless "Keep" is unticked; the added row has no box:
            # a name there adds a victim.
            if not name or (proposed and not data.get("keep")):
                if proposed:
                    verdicts.append("rejected")
                continue
            victim = ReviewedVictim(
                name=name,
                pseudonym=data["pseudonym"],
                sex=data["sex"],
                age=data["age"],
                born=data["born"],
                relationship=data["relationship"].strip(),
                index=data["index"] if proposed else None,
            )
            victims.append(victim)
            before = _victim_values(form.initial)
            verdicts.append("added" if not proposed else verdict(before, _victim_values(data)))
        return victims, verdicts


VictimFormSet = formset_factory(VictimForm, formset=BaseVictimFormSet, extra=1, max_num=50)


def victim_initial(victims: list[dict]) -> list[dict]:
    """The victims the extractor named, as the formset's initial rows."""
    return [
        {
            "keep": True,
            "name": victim.get("name") or "",
            "pseudonym": bool(victim.get("pseudonym")),
            "sex": SEXES.get(victim.get("sex") or "", Sex.UNKNOWN),
            "age": victim.get("age"),
            "born": victim.get("born"),
            "relationship": victim.get("relationship") or "",
            "index": index,
        }
        for index, victim in enumerate(victims)
        if victim.get("name")
    ]


def _victim_values(values: dict) -> tuple:
    return tuple(
        values.get(key) if values.get(key) is not None else ""
        for key in ("name", "pseudonym", "sex", "age", "born", "relationship")
    )


def verdict(proposed, kept) -> str | None:
    """accepted, edited, rejected, added — or None when nothing was proposed nor kept."""
    empty_proposed, empty_kept = _empty(proposed), _empty(kept)
    if empty_proposed and empty_kept:
        return None
    if empty_kept:
        return "rejected"
    if empty_proposed:
        return "added"
    return "accepted" if _same(proposed, kept) else "edited"


def _empty(value) -> bool:
    if isinstance(value, tuple):
        return all(_empty(part) for part in value)
    return value in (None, "", [], ())


def _same(proposed, kept) -> bool:
    if isinstance(proposed, list):
        return sorted(proposed) == sorted(kept)
    return proposed == kept


def _pk(record) -> int | None:
    return record.pk if record is not None else None


def _default_role() -> int | None:
    role = Term.objects.of("perpetrator_role").filter(code="perpetrator").first()
    return role.pk if role else None


def review_cases(user, source: Source):
    """The cases new records from ``source`` may go into: those of the source the reviewer
    edits in (records about a source's people stay in its compartment); for a source in no
    case, any case the reviewer edits in."""
    editable = Case.objects.filter(pk__in=access.editable_case_ids(user)).order_by("name")
    if source.cases.exists():
        return editable.filter(pk__in=source.cases.values("pk"))
    return editable
