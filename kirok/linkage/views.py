"""The review queue, the side-by-side comparison, decisions, and the Identity page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kirok.linkage import access as linkage_access
from kirok.linkage import comparison, identities, queue, services
from kirok.linkage.models import Verdict
from kirok.records import access
from kirok.web.auth import account_required

QUEUE_PAGE_SIZE = 50


def _reader(request: HttpRequest) -> None:
    """Administrators and accounts without a reading role see nothing of linkage.

    Views that take a public id need no such check: the access functions find nothing for
    them, and write the refusal to the audit log.
    """
    if not access.may_see_records(request.user):
        raise Http404


@account_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _reader(request)
    pending = queue.pending_pairs(request.user)
    context = {
        "pairs": [queue.row(pair) for pair in pending[:QUEUE_PAGE_SIZE]],
        "progress": queue.progress(request.user),
        "may_review": linkage_access.may_review(request.user),
        "verdicts": Verdict.choices,
        "run": services.latest_run(),
    }
    return render(request, "linkage/queue.html", context)


@account_required
def pair_detail(request: HttpRequest, public_id) -> HttpResponse:
    pair = linkage_access.get_pair_for_user(request.user, public_id)
    left = comparison.side(request.user, pair.left)
    right = comparison.side(request.user, pair.right)
    context = {
        "pair": pair,
        "left": left,
        "right": right,
        "states": comparison.rows(left, right),
        "levels": queue.levels(pair),
        "may_decide": linkage_access.may_decide(request.user, pair),
        "decision": queue.current_decision(pair),
        "next_pair": queue.next_pair(request.user, after=pair),
        "progress": queue.progress(request.user),
        "verdicts": Verdict.choices,
    }
    return render(request, "linkage/pair.html", context)


@require_POST
@account_required
def decide(request: HttpRequest, public_id) -> HttpResponse:
    pair = linkage_access.get_pair_for_user(request.user, public_id)
    if not linkage_access.may_decide(request.user, pair):
        raise PermissionDenied
    verdict = request.POST.get("verdict", "")
    if verdict not in Verdict.values:
        return HttpResponse(status=400)
    services.record_decision(request.user, pair, verdict, request.POST.get("note", "")[:2000])
    messages.success(request, _("Decision saved."))
    following = queue.next_pair(request.user, after=pair)
    if following is None:
        return redirect("linkage:queue")
    return redirect("linkage:pair", public_id=following.public_id)


@require_POST
@account_required
def decide_many(request: HttpRequest) -> HttpResponse:
    """Bulk action: one verdict for the selected pairs the reviewer may decide."""
    _reader(request)
    if not linkage_access.may_review(request.user):
        raise PermissionDenied
    verdict = request.POST.get("verdict", "")
    if verdict not in Verdict.values:
        return HttpResponse(status=400)
    chosen = [
        linkage_access.get_pair_for_user(request.user, v) for v in request.POST.getlist("pair")
    ]
    allowed = [pair for pair in chosen if linkage_access.may_decide(request.user, pair)]
    if len(allowed) != len(chosen):
        raise PermissionDenied
    with transaction.atomic():  # all of the selection or nothing
        for pair in allowed:
            services.record_decision(request.user, pair, verdict)
    count = len(allowed)
    messages.success(
        request,
        ngettext("%(count)d decision saved.", "%(count)d decisions saved.", count)
        % {"count": count},
    )
    return redirect("linkage:queue")


@account_required
def identity_detail(request: HttpRequest, public_id) -> HttpResponse:
    identity, persons = linkage_access.get_identity_for_user(request.user, public_id)
    merge = services.last_merge(identity)
    context = {
        "identity": identity,
        "table": identities.field_table(request.user, persons),
        "persons": persons,
        "may_undo": linkage_access.may_undo(request.user, merge),
    }
    return render(request, "linkage/identity.html", context)


@require_POST
@account_required
def identity_undo(request: HttpRequest, public_id) -> HttpResponse:
    identity, _visible = linkage_access.get_identity_for_user(request.user, public_id)
    merge = services.last_merge(identity)
    if not linkage_access.may_undo(request.user, merge):
        raise PermissionDenied
    services.undo_merge(request.user, identity)
    messages.success(request, _("The merge was undone."))
    still = identity.persons.filter(pk__in=access.visible_persons(request.user).values("pk"))
    if still.exists():
        return redirect("linkage:identity", public_id=identity.public_id)
    return redirect(reverse("linkage:queue"))
