"""The estimation page, saved analyses, re-runs and exports.

Running, saving and exporting are audited with the analysis id and counts, never a name.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import numpy as np
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kirok.audit import services as audit
from kirok.estimation import access, exports, presentation, services
from kirok.estimation.forms import EstimationForm
from kirok.estimation.messages import refusal_text
from kirok.estimation.models import EstimationAnalysis
from kirok.lib.estimation import CaptureError, method_options
from kirok.web.auth import account_required

MAX_TITLE = 200
# What the library raises for data or options it cannot use (CaptureError is a ValueError),
# and numerical failures: the page says so instead of failing.
COMPUTATION_ERRORS = (ValueError, ArithmeticError, np.linalg.LinAlgError)


def _reader(request: HttpRequest) -> None:
    if not access.may_read(request.user):
        raise Http404


def _estimator(request: HttpRequest) -> None:
    _reader(request)
    if not access.may_estimate(request.user):
        raise PermissionDenied


@account_required
def home(request: HttpRequest) -> HttpResponse:
    """The form (for those who estimate) and the saved analyses the reader may see."""
    _reader(request)
    form = EstimationForm(request.user) if access.may_estimate(request.user) else None
    return render(request, "estimation/home.html", _home_context(request, form))


def _home_context(request: HttpRequest, form: EstimationForm | None, **extra: Any) -> dict:
    return {
        "form": form,
        "analyses": access.visible_analyses(request.user),
        "may_estimate": access.may_estimate(request.user),
        **extra,
    }


@require_POST
@account_required
def run(request: HttpRequest) -> HttpResponse:
    """Count, estimate and show; nothing is stored until the analyst saves."""
    _estimator(request)
    form = EstimationForm(request.user, request.POST)
    if not form.is_valid():
        return render(request, "estimation/home.html", _home_context(request, form), status=400)
    outcome = _estimate(request, form)
    audit.record(
        "estimation_run",
        actor=request.user,
        detail={
            "method": outcome["parameters"].method,
            "lists": len(outcome["parameters"].list_ids),
            "strata": outcome["parameters"].strata,
            "observed": outcome["collected"].identities if outcome["collected"] else 0,
        },
    )
    return render(request, "estimation/home.html", _home_context(request, form, **outcome))


def _estimate(request: HttpRequest, form: EstimationForm) -> dict[str, Any]:
    """Collect the capture tables and run the method; errors become a message on the page."""
    parameters = form.parameters()
    outcome: dict[str, Any] = {"parameters": parameters, "result": None, "error": ""}
    try:
        collected = services.collect(request.user, parameters)
    except CaptureError as error:
        outcome["error"] = _("These lists cannot be counted: %(reason)s") % {
            "reason": refusal_text(error)
        }
        outcome["collected"] = None
        return outcome
    snapshot = collected.snapshot(parameters.strata)
    outcome["collected"] = collected
    if collected.identities == 0:
        outcome["error"] = _("Nobody the lists cite passes the filters: there is nothing to count.")
    else:
        try:
            parameters = _with_accepted_options(parameters)
            outcome["parameters"] = parameters
            outcome["result"] = services.run(
                services.tables_from_snapshot(snapshot), parameters.method, parameters.options
            )
        except services.MethodUnavailable:
            outcome["error"] = _(
                "This method is not available in this version of Kirok. Choose another method."
            )
        except COMPUTATION_ERRORS as error:
            outcome["error"] = _("The estimate could not be computed: %(reason)s") % {
                "reason": refusal_text(error)
            }
    outcome["shown"] = presentation.page_context(
        outcome["parameters"].as_json(), snapshot, outcome["result"], collected.labelled_lists()
    )
    return outcome


def _with_accepted_options(parameters: services.Parameters) -> services.Parameters:
    try:
        accepted = method_options(parameters.options, parameters.method)
    except ModuleNotFoundError as error:
        raise services.MethodUnavailable(parameters.method) from error
    return dataclasses.replace(parameters, options=accepted)


@require_POST
@account_required
def save(request: HttpRequest) -> HttpResponse:
    """Run the analysis again from the same form and store it with its input snapshot."""
    _estimator(request)
    form = EstimationForm(request.user, request.POST)
    if not form.is_valid():
        return render(request, "estimation/home.html", _home_context(request, form), status=400)
    outcome = _estimate(request, form)
    if outcome["result"] is None:
        return render(request, "estimation/home.html", _home_context(request, form, **outcome))
    title = request.POST.get("title", "").strip()[:MAX_TITLE] or _("Untitled estimate")
    analysis = services.save_analysis(
        request.user, title, outcome["parameters"], outcome["collected"], outcome["result"]
    )
    messages.success(request, _("Analysis saved."))
    return redirect("estimation:analysis", public_id=analysis.public_id)


@account_required
def analysis(request: HttpRequest, public_id) -> HttpResponse:
    found = access.get_analysis_for_user(request.user, public_id)
    return render(request, "estimation/analysis.html", _analysis_context(request, found))


def _analysis_context(request: HttpRequest, found: EstimationAnalysis, **extra: Any) -> dict:
    return {
        "analysis": found,
        "shown": presentation.page_context(
            found.parameters, found.snapshot, found.result, found.labelled_lists()
        ),
        "may_estimate": access.may_estimate(request.user),
        **extra,
    }


@require_POST
@account_required
def rerun(request: HttpRequest, public_id) -> HttpResponse:
    """The same method on the stored snapshot: the numbers must come out the same."""
    found = access.get_analysis_for_user(request.user, public_id)
    if not access.may_estimate(request.user):
        raise PermissionDenied
    try:
        again = services.rerun(found)
    except (services.MethodUnavailable, *COMPUTATION_ERRORS):
        again = None
    same = again is not None and exports.same_numbers(found.result, again)
    audit.record("estimation_rerun", actor=request.user, obj=found, detail={"same": same})
    context = _analysis_context(request, found, rerun_done=True, rerun_same=same)
    return render(request, "estimation/analysis.html", context)


@require_POST
@account_required
def refresh(request: HttpRequest, public_id) -> HttpResponse:
    """The same parameters on today's records: a new analysis."""
    found = access.get_analysis_for_user(request.user, public_id)
    if not access.may_estimate(request.user):
        raise PermissionDenied
    parameters = services.Parameters.from_json(found.parameters)
    try:
        collected = services.collect(request.user, parameters)
    except CaptureError:
        collected = None
    if collected is None or collected.identities == 0:
        messages.error(request, _("Nobody the lists cite is visible to you any more."))
        return redirect("estimation:analysis", public_id=found.public_id)
    snapshot = collected.snapshot(parameters.strata)
    try:
        result = services.run(
            services.tables_from_snapshot(snapshot), parameters.method, parameters.options
        )
    except (services.MethodUnavailable, *COMPUTATION_ERRORS):
        messages.error(request, _("The estimate could not be computed on the current records."))
        return redirect("estimation:analysis", public_id=found.public_id)
    title = _("%(title)s (run again)") % {"title": found.title}
    new = services.save_analysis(
        request.user, title[:MAX_TITLE], parameters, collected, result, derived_from=found
    )
    messages.success(request, _("The analysis was run again on the current records."))
    return redirect("estimation:analysis", public_id=new.public_id)


def _exported(request: HttpRequest, found: EstimationAnalysis, kind: str) -> None:
    audit.record("estimation_exported", actor=request.user, obj=found, detail={"format": kind})


@account_required
def captures_csv(request: HttpRequest, public_id) -> HttpResponse:
    found = access.get_analysis_for_user(request.user, public_id)
    _exported(request, found, "captures_csv")
    return _download(exports.captures_csv(found.snapshot), "text/csv", found, "captures.csv")


@account_required
def results_csv(request: HttpRequest, public_id) -> HttpResponse:
    found = access.get_analysis_for_user(request.user, public_id)
    _exported(request, found, "results_csv")
    return _download(exports.results_csv(found), "text/csv", found, "results.csv")


@account_required
def analysis_json(request: HttpRequest, public_id) -> HttpResponse:
    found = access.get_analysis_for_user(request.user, public_id)
    _exported(request, found, "json")
    text = json.dumps(exports.as_json(found), ensure_ascii=False, indent=2)
    return _download(text, "application/json", found, "analysis.json")


@account_required
def report(request: HttpRequest, public_id) -> HttpResponse:
    """The one-page printable report, in the reader's language."""
    found = access.get_analysis_for_user(request.user, public_id)
    _exported(request, found, "report")
    return render(request, "estimation/report.html", _analysis_context(request, found))


def _download(text: str, content_type: str, found: EstimationAnalysis, name: str) -> HttpResponse:
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    filename = f"estimation-{str(found.public_id)[:8]}-{name}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
