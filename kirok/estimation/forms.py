"""The estimation form: lists, filters, strata, method and options.

Choices are built per reader: only the sources it may see, and only the organizations that
provided one of them. The options are validated here and passed on only if the method takes
them (kirok.lib.estimation.method_options).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kirok.estimation import presentation
from kirok.estimation.services import MAX_DGA_LISTS, MAX_LISTS, MIN_LISTS, Parameters
from kirok.records import access
from kirok.records.models import Organization
from kirok.vocabularies.models import Term

CRITERIA = [
    ("bic", _("BIC (Bayesian information criterion)")),
    ("aic", _("AIC (Akaike information criterion)")),
    ("pvalue", _("Stepwise p-value rule (Chan, Silverman & Vincent)")),
]
INTERVALS = [
    ("profile", _("Profile likelihood")),
    ("wald", _("Wald")),
    ("bootstrap", _("Bootstrap (percentile)")),
    ("bca", _("Bootstrap (BCa)")),
]


class EstimationForm(forms.Form):
    list_kind = forms.ChoiceField(
        label=_("Each list is"),
        choices=[("source", _("a source")), ("organization", _("an organization's sources"))],
        initial="source",
        widget=forms.RadioSelect,
    )
    sources = forms.MultipleChoiceField(
        label=_("Sources"), required=False, widget=forms.CheckboxSelectMultiple
    )
    organizations = forms.MultipleChoiceField(
        label=_("Organizations"), required=False, widget=forms.CheckboxSelectMultiple
    )
    violation = forms.ChoiceField(label=_("Only victims of"), required=False)
    year_from = forms.IntegerField(
        label=_("Incident year from"), required=False, min_value=1900, max_value=2100
    )
    year_to = forms.IntegerField(
        label=_("Incident year to"), required=False, min_value=1900, max_value=2100
    )
    strata = forms.ChoiceField(label=_("Strata"), initial="none")
    method = forms.ChoiceField(label=_("Method"), initial="loglinear")
    criterion = forms.ChoiceField(label=_("Model choice"), choices=CRITERIA, initial="bic")
    pvalue = forms.FloatField(
        label=_("p-value threshold"), initial=0.02, min_value=0.0001, max_value=0.5
    )
    max_order = forms.IntegerField(
        label=_("Highest interaction order"), initial=2, min_value=1, max_value=7
    )
    model = forms.CharField(
        label=_("Model terms (optional)"),
        required=False,
        max_length=500,
        help_text=_("e.g. A:B,B:C; leave empty to let the criterion choose."),
    )
    interval = forms.ChoiceField(label=_("Interval"), choices=INTERVALS, initial="profile")
    bootstrap_samples = forms.IntegerField(
        label=_("Bootstrap replicates"),
        initial=1000,
        min_value=100,
        max_value=5000,
        help_text=_(
            "Used by bootstrap intervals, and for the total of a stratified estimate. Each "
            "replicate repeats the model search: with strata and no model given, this can "
            "take minutes."
        ),
    )
    classes = forms.IntegerField(
        label=_("Latent classes (K)"), initial=10, min_value=2, max_value=50
    )
    iterations = forms.IntegerField(
        label=_("Iterations"), initial=10000, min_value=500, max_value=200000
    )
    seed = forms.IntegerField(label=_("Seed"), initial=1, min_value=0, max_value=2**31 - 1)
    delta = forms.FloatField(
        label=_("Prior (delta)"),
        required=False,
        min_value=0.0001,
        max_value=100,
        help_text=_(
            "Leave empty for 2^-t (t lists), the usual choice; 1 lets the prior decide "
            "with four or five lists."
        ),
    )

    def __init__(self, user, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = access.visible_sources(user).order_by("pk")
        self.fields["sources"].choices = [(str(s.public_id), s.title) for s in sources]
        organizations = (
            Organization.objects.filter(pk__in=sources.values("organization_id"))
            .prefetch_related("names")
            .order_by("code")
        )
        self.fields["organizations"].choices = [(str(o.public_id), str(o)) for o in organizations]
        violations = Term.objects.filter(vocabulary__key="violation_type").order_by("sort_order")
        self.fields["violation"].choices = [("", _("any violation"))] + [
            (t.code, str(t)) for t in violations
        ]
        self.fields["strata"].choices = presentation.strata_choices()
        self.fields["method"].choices = presentation.method_choices()

    def chosen_lists(self) -> list[str]:
        data = self.cleaned_data
        return list(data["organizations" if data["list_kind"] == "organization" else "sources"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "list_kind" not in data:
            return data
        chosen = self.chosen_lists()
        if not MIN_LISTS <= len(chosen) <= MAX_LISTS:
            raise forms.ValidationError(
                _("Choose between %(low)s and %(high)s lists; you chose %(count)s.")
                % {"low": MIN_LISTS, "high": MAX_LISTS, "count": len(chosen)}
            )
        if data.get("method") == "dga" and len(chosen) > MAX_DGA_LISTS:
            raise forms.ValidationError(
                _("The DGA method takes at most %(high)s lists.") % {"high": MAX_DGA_LISTS}
            )
        low, high = data.get("year_from"), data.get("year_to")
        if low is not None and high is not None and low > high:
            raise forms.ValidationError(_("The first year is after the last year."))
        return data

    def parameters(self) -> Parameters:
        """The cleaned choice as Parameters (options not yet filtered by the method)."""
        data = self.cleaned_data
        return Parameters(
            list_kind=data["list_kind"],
            list_ids=tuple(self.chosen_lists()),
            strata=data["strata"],
            violation=data.get("violation") or "",
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            method=data["method"],
            options=method_options(data),
        )


def method_options(data: dict[str, Any]) -> dict[str, Any]:
    """The options of the chosen method, under the names its function takes."""
    method = data["method"]
    if method == "loglinear":
        options = {
            "interval": data.get("interval") or "profile",
            "seed": data.get("seed"),
            "bootstrap_samples": data.get("bootstrap_samples") or 1000,
        }
        if data.get("model"):
            options["model"] = data["model"].strip()
        else:
            options["criterion"] = data.get("criterion") or "bic"
            options["max_order"] = data.get("max_order") or 2
            if options["criterion"] == "pvalue":
                options["pvalue"] = data.get("pvalue") or 0.02
        return options
    if method == "lcmcr":
        return {
            "K": data.get("classes") or 10,
            "iterations": data.get("iterations") or 10000,
            "seed": data.get("seed") if data.get("seed") is not None else 1,
        }
    return {"delta": data.get("delta"), "seed": data.get("seed")}
