"""Review of proposed records: the source's text with the extractor's proposals beside it.

Thin views: the source and each proposal come through kirok.records.access (404 and
``access_refused`` for what the reader may not see), changes through
kirok.sources.proposals. Proposing and deciding need the right to edit the source; a reader
who may only see it sees the proposals and what was decided, by whom.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kirok.records import access
from kirok.sources import proposals as service
from kirok.sources.models import Proposal, Source
from kirok.sources.proposal_forms import review_cases
from kirok.web import proposal_pages, source_pages
from kirok.web.auth import account_required
from kirok.web.sources import refuse_change


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"), required=False, max_length=500, widget=forms.TextInput()
    )


@account_required
@never_cache
def proposals_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    source, can_edit = access.get_source_for_user(
        request.user, public_id, queryset=source_pages.source_queryset()
    )
    return _render(request, source, can_edit)


def _render(request, source: Source, can_edit: bool, bound=None, status: int = 200):
    page = proposal_pages.review_page(request.user, source, can_edit, bound)
    context = {"page": page, "can_edit": can_edit, "reject_form": RejectForm()}
    return render(request, "web/source_proposals.html", context, status=status)


@account_required
@require_POST
def propose(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Read the source's text again and add what it proposes (POST)."""
    source, can_edit = access.get_source_for_user(request.user, public_id)
    if not can_edit:
        refuse_change(request, source, "web:source_propose")
    if not source.text.strip():
        messages.error(request, _("This source has no text to read."))
    elif not service.reads_language(source):
        # On other text the extractor finds nothing, and "nothing new was found" would
        # wrongly say there is nothing to record.
        source_pages.name_languages([source])
        messages.info(
            request,
            _(
                "Kirok proposes records from Korean, English and Chinese texts, and this source "
                "is in %(language)s: record what it tells by hand, citing its passages."
            )
            % {"language": source.language_name},
        )
    else:
        created = service.propose(source, user=request.user)
        if created:
            messages.success(
                request,
                ngettext(
                    "%(count)s record is proposed for review.",
                    "%(count)s records are proposed for review.",
                    len(created),
                )
                % {"count": len(created)},
            )
        else:
            messages.info(request, _("Nothing new was found in the text."))
    return redirect("web:source_proposals", public_id=source.public_id)


@account_required
@require_POST
def accept(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Create the incident, victims and acts of one proposal as the reviewer corrected it."""
    proposal, can_decide = access.get_proposal_for_user(request.user, public_id)
    source = proposal.source
    if not can_decide:
        refuse_change(request, source, "web:proposal_accept")
    if proposal.status != Proposal.Status.PENDING:
        return _already_decided(request, proposal)
    cases = review_cases(request.user, source)
    form, victims = proposal_pages.review_forms(proposal, cases, request.POST)
    if not (form.is_valid() and victims.is_valid()):
        messages.error(request, _("The proposal was not accepted: see what to correct below."))
        return _render(request, source, True, {proposal.pk: (form, victims)})
    try:
        incident = service.accept(proposal, form.review(victims), user=request.user)
    except service.AlreadyDecided as decided:
        return _already_decided(request, decided.proposal)
    except service.TextChanged:
        messages.error(
            request,
            _(
                "The source's text has changed and a passage of this proposal is no longer "
                "in it. Propose records again from the new text."
            ),
        )
        return _back(proposal)
    messages.success(
        request,
        _("Proposal %(number)s accepted: the incident “%(title)s” was created.")
        % {"number": proposal.number, "title": incident.title},
    )
    return _back(proposal)


@account_required
@require_POST
def reject(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    proposal, can_decide = access.get_proposal_for_user(request.user, public_id)
    if not can_decide:
        refuse_change(request, proposal.source, "web:proposal_reject")
    if proposal.status != Proposal.Status.PENDING:
        return _already_decided(request, proposal)
    form = RejectForm(request.POST)
    reason = form.cleaned_data["reason"].strip() if form.is_valid() else ""
    try:
        service.reject(proposal, reason, user=request.user)
    except service.AlreadyDecided as decided:
        return _already_decided(request, decided.proposal)
    messages.success(request, _("Proposal %(number)s rejected.") % {"number": proposal.number})
    return _back(proposal)


def _already_decided(request, proposal: Proposal) -> HttpResponse:
    """Someone decided first: say who, and change nothing."""
    proposal.refresh_from_db()
    who = proposal.decided_by.username if proposal.decided_by else _("someone")
    messages.warning(
        request,
        _("Proposal %(number)s was already %(status)s by %(who)s; nothing was changed.")
        % {"number": proposal.number, "status": proposal.get_status_display().lower(), "who": who},
    )
    return _back(proposal)


def _back(proposal: Proposal) -> HttpResponse:
    url = reverse("web:source_proposals", args=[proposal.source.public_id])
    return redirect(f"{url}#proposal-{proposal.number}")
