"""The review queue, the side-by-side comparison, decisions, and the Identity page."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from kirok.audit import services as audit
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


@dataclass(frozen=True)
class QueuePage:
    """Which pairs of the waiting ones a page of the queue lists (numbered from 1).

    Not Django's Paginator: it would count the waiting pairs once more, and the progress
    has counted them already (total − decided), over a queue of 240,000 pairs at scale."""

    number: int
    pages: int
    waiting: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * QUEUE_PAGE_SIZE

    @property
    def first(self) -> int:
        return self.offset + 1 if self.waiting else 0

    @property
    def last(self) -> int:
        return min(self.number * QUEUE_PAGE_SIZE, self.waiting)


def _queue_page(asked: str | None, waiting: int) -> QueuePage:
    pages = max(1, -(-waiting // QUEUE_PAGE_SIZE))
    number = int(asked) if (asked or "").isdigit() else 1
    return QueuePage(number=min(max(number, 1), pages), pages=pages, waiting=waiting)


def _queue_name(request: HttpRequest, params) -> str:
    """The name the queue is narrowed to (from the sealed ``ne``), or ""."""
    name = queue.opened_name(params.get("ne", ""))
    if name is None:
        messages.error(request, _("The name of this link cannot be read any more; type it again."))
        return ""
    return name


def _narrowing(request: HttpRequest, name: str) -> dict[str, str]:
    """What a page's links and forms carry to stay with the name: the sealed token as it
    came (``ne``, for the forms' hidden field) and the query that adds it to a link."""
    sealed = request.GET.get("ne", "") if name else ""
    return {"ne": sealed, "narrowed": f"?{urlencode({'ne': sealed})}" if sealed else ""}


def _with_name(url: str, name: str) -> str:
    """``url``, narrowed to ``name`` if there is one (sealed anew)."""
    return f"{url}?{urlencode({'ne': queue.seal_name(name)})}" if name else url


@account_required
@require_http_methods(["GET", "POST"])
def review_queue(request: HttpRequest) -> HttpResponse:
    """The pairs waiting for a decision, a page at a time; narrowed to one person's pairs by a
    name in any spelling (the form POSTs it and is sent to an address holding it sealed)."""
    _reader(request)
    if request.method == "POST":
        name = " ".join(request.POST.get("name", "").split())[: queue.MAX_NAME]
        return redirect(_with_name(reverse("linkage:queue"), name))
    name = _queue_name(request, request.GET)
    progress = queue.progress(request.user, name)
    page = _queue_page(request.GET.get("page"), progress.total - progress.decided)
    pending = queue.pending_pairs(request.user, name)
    if name:  # a name looked for, as in the search box: the bulk-search alert counts it
        audit.record_search("name", name, progress.total, actor=request.user)
    context = {
        "pairs": [queue.row(pair) for pair in pending[page.offset : page.last]],
        "progress": progress,
        "page": page,
        "name": name,
        **_narrowing(request, name),
        "may_review": linkage_access.may_review(request.user),
        "verdicts": Verdict.choices,
        "run": services.latest_run(),
    }
    return render(request, "linkage/queue.html", context)


@account_required
def pair_detail(request: HttpRequest, public_id) -> HttpResponse:
    pair = linkage_access.get_pair_for_user(request.user, public_id)
    name = _queue_name(request, request.GET)
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
        "next_pair": queue.next_pair(request.user, after=pair, name=name),
        "progress": queue.progress(request.user, name),
        "name": name,
        **_narrowing(request, name),
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
    name = _queue_name(request, request.POST)
    following = queue.next_pair(request.user, after=pair, name=name)
    if following is None:
        return redirect(_with_name(reverse("linkage:queue"), name))
    return redirect(_with_name(reverse("linkage:pair", args=[following.public_id]), name))


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
    return redirect(_with_name(reverse("linkage:queue"), _queue_name(request, request.POST)))


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
