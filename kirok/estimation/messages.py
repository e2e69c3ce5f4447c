"""The library's warnings and refusals in the reader's language, chosen by their stable code.

kirok.lib.estimation has no translations: each EstimationWarning carries a code, its params
and an English message, and so does each CaptureError an analyst can meet on the page. A
code this module does not know (a method added later) falls back to that English message, so
that no warning or reason is ever lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def _names(values: Any) -> str:
    return ", ".join(str(v) for v in values or ())


def _list_isolated(p: dict) -> str:
    return _(
        "Nobody on list %(list)s is on any other list. Its overlap with the others is what "
        "tells how many are missing; without one, no method can estimate it, and any number "
        "given is an artefact of the model."
    ) % {"list": p["list"]}


def _list_empty(p: dict) -> str:
    return _("List %(list)s has nobody on it: the estimate is made from the other lists.") % {
        "list": p["list"]
    }


def _lists_never_overlap(p: dict) -> str:
    pairs = "; ".join(
        _("%(first)s and %(second)s") % {"first": a, "second": b} for a, b in p["pairs"]
    )
    return _(
        "These lists share nobody: %(pairs)s. A model with an interaction between such lists "
        "takes it that nobody can be on both, and a model without one assumes they are "
        "independent. The data cannot tell which is right."
    ) % {"pairs": pairs}


def _too_few_records(p: dict) -> str:
    return ngettext(
        "Only %(observed)s person was observed. With so few, the interval is wide and the "
        "choice of model can change the estimate several times over.",
        "Only %(observed)s people were observed. With so few, the interval is wide and the "
        "choice of model can change the estimate several times over.",
        int(p["observed"]),
    ) % {"observed": p["observed"]}


def _small_lists(p: dict) -> str:
    return _(
        "These lists have fewer than %(threshold)s people: %(lists)s. Their overlaps are too "
        "small to tell much; consider merging them with a similar list."
    ) % {"threshold": p["threshold"], "lists": _names(p["lists"])}


def _lists_dependent(p: dict) -> str:
    first, second = p["lists"]
    if p.get("identical"):
        return _(
            "Lists %(first)s and %(second)s hold exactly the same people: they are one source "
            "twice, not two. Merge them."
        ) % {"first": first, "second": second}
    return _(
        "Everyone on list %(first)s is also on list %(second)s: %(first)s was probably drawn "
        "from %(second)s, so the two are not independent. Merge them or model their "
        "interaction."
    ) % {"first": first, "second": second}


def _not_identifiable(p: dict) -> str:
    return _(
        "The model cannot be estimated from these lists: some of its terms are not determined "
        "by the people observed (often because two lists share nobody). Choose a simpler "
        "model or other lists."
    )


def _mle_does_not_exist(p: dict) -> str:
    return _(
        "With these counts the model has no finite estimate: the overlaps observed are "
        "compatible with any number of missing people. Choose a simpler model or other lists."
    )


def _not_converged(p: dict) -> str:
    return _(
        "The computation did not settle on one answer. Run it longer (more iterations) or "
        "with another seed before citing the number."
    )


def _low_effective_sample_size(p: dict) -> str:
    return _(
        "The sampler gave few independent draws, so the interval is itself uncertain. Run "
        "more iterations before citing the number."
    )


def _degenerate_fit(p: dict) -> str:
    return _(
        "The model fits some cells exactly at zero or at the boundary; its estimate and "
        "interval may not be reliable. Try a simpler model."
    )


def _posterior_truncated(p: dict) -> str:
    return _(
        "The totals considered stop at %(limit)s people missing, and the posterior has not yet "
        "died away there: the upper end of the interval may be too low. The lists probably "
        "overlap too little for this method."
    ) % {"limit": p["max_missing"]}


def _saturated_model_dominates(p: dict) -> str:
    return _(
        "The model in which every list depends on every other takes most of the weight. That "
        "model cannot tell how many people no list recorded, so the number comes from the "
        "prior, not from the lists. Leave the prior (delta) empty or make it smaller."
    )


MESSAGES: dict[str, Callable[[dict], str]] = {
    "list_isolated": _list_isolated,
    "list_empty": _list_empty,
    "lists_never_overlap": _lists_never_overlap,
    "too_few_records": _too_few_records,
    "small_lists": _small_lists,
    "lists_dependent": _lists_dependent,
    "not_identifiable": _not_identifiable,
    "mle_does_not_exist": _mle_does_not_exist,
    "not_converged": _not_converged,
    "low_effective_sample_size": _low_effective_sample_size,
    "degenerate_fit": _degenerate_fit,
    "posterior_truncated": _posterior_truncated,
    "saturated_model_dominates": _saturated_model_dominates,
}


def warning_text(warning: dict[str, Any]) -> str:
    """The warning (as Estimate.as_json writes it) in the active language."""
    render = MESSAGES.get(warning.get("code", ""))
    if render is not None:
        try:
            return render(warning.get("params") or {})
        except (KeyError, TypeError, ValueError):
            pass  # params of another shape than this version knows: the English text is right
    return str(warning.get("message", ""))


# --- Why an estimate could not be made (CaptureError codes) ---------------------------------


def _too_few_lists(p: dict) -> str:
    return ngettext(
        "At least two lists are needed; %(count)s was given.",
        "At least two lists are needed; %(count)s were given.",
        int(p["count"]),
    ) % {"count": p["count"]}


def _too_many_lists(p: dict) -> str:
    return _("%(count)s lists: at most %(most)s can be estimated together.") % p


def _model_unknown_list(p: dict) -> str:
    return _("The model terms name “%(name)s”, which is not one of the lists (%(lists)s).") % p


def _model_list_twice(p: dict) -> str:
    return _("The model term “%(term)s” names a list twice.") % p


def _too_many_models(p: dict) -> str:
    return _(
        "A search over every model of %(lists)s lists up to order %(order)s would fit more "
        "than %(most)s models, too many to try them all. Choose the stepwise p-value rule, "
        "a lower order, or fewer lists."
    ) % {**p, "most": f"{int(p['most']):,}"}


def _dga_too_many_lists(p: dict) -> str:
    return (
        _(
            "Madigan & York model averaging handles at most %(most)s lists; %(count)s were "
            "chosen. Choose fewer lists, or the log-linear or LCMCR method."
        )
        % p
    )


def _dga_too_many_totals(p: dict) -> str:
    return _(
        "Madigan & York model averaging would weigh every total from the %(observed)s people "
        "observed to %(missing)s more, and at most %(most)s more fit in memory. Estimate by "
        "strata, or choose the log-linear or LCMCR method."
    ) % {key: f"{int(p[key]):,}" for key in ("observed", "missing", "most")}


REFUSALS: dict[str, Callable[[dict], str]] = {
    "too_few_lists": _too_few_lists,
    "too_many_lists": _too_many_lists,
    "model_unknown_list": _model_unknown_list,
    "model_list_twice": _model_list_twice,
    "too_many_models": _too_many_models,
    "dga_too_many_lists": _dga_too_many_lists,
    "dga_too_many_totals": _dga_too_many_totals,
    "nobody_listed": lambda p: _("Nobody is on any list: there is nothing to estimate from."),
    "no_strata": lambda p: _("There are no strata to estimate."),
    "strata_lists_differ": lambda p: _("The strata do not have the same lists."),
}


def refusal_text(error: Exception) -> str:
    """Why the library refused (a CaptureError, or another ValueError) in the active language;
    in its English where the error has no code this module knows. A numerical failure (a
    singular matrix, an overflow) is said as one, its own words kept for whoever debugs it."""
    if isinstance(error, ArithmeticError | np.linalg.LinAlgError):
        return _(
            "the computation failed on these counts (%(detail)s). Choose a simpler model or "
            "other lists."
        ) % {"detail": str(error) or type(error).__name__}
    render = REFUSALS.get(getattr(error, "code", ""))
    if render is not None:
        try:
            return render(getattr(error, "params", {}))
        except (KeyError, TypeError, ValueError):
            pass  # params of another shape than this version knows: the English text is right
    return str(error)
