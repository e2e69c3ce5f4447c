"""Source pages: list, read, add, edit a source; download its files; tie a passage to a record.

Thin views: records come through kirok.records.access, changes through
kirok.sources.services (audited by kirok.audit's signals). A reader who may see a source but
not edit it gets 403 for the edit pages; a source it may not see is a 404 (audited).
"""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kirok.audit import services as audit
from kirok.records import access
from kirok.sources import packages, proposals, services
from kirok.sources.forms import EvidenceForm, SourceForm
from kirok.sources.models import Source
from kirok.web import citing, source_pages
from kirok.web.auth import account_required


def refuse_change(request: HttpRequest, source: Source | None, page: str) -> None:
    """403 for a reader who may see the source (or records) but not change them; audited."""
    audit.record("access_refused", actor=request.user, obj=source, detail={"page": page})
    raise PermissionDenied


@account_required
def source_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(source_pages.source_list(request.user), source_pages.PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    source_pages.name_languages(page.object_list)
    may_add = source_pages.editable_cases(request.user).exists()
    return render(request, "web/source_list.html", {"page": page, "may_add": may_add})


@account_required
def source_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    source, can_edit = access.get_source_for_user(
        request.user, public_id, queryset=source_pages.source_queryset()
    )
    return _render_detail(request, source, can_edit, None)


def _render_detail(request, source: Source, can_edit: bool, form: EvidenceForm | None):
    page = source_pages.source_details(request.user, source, can_edit)
    context = {"page": page, "can_edit": can_edit}
    if can_edit:
        form = form or _evidence_form(request, source)
        context["evidence_form"] = form
        context["cite_target"] = form.cite_target
    return render(request, "web/source.html", context)


def _evidence_form(request, source: Source, data=None) -> EvidenceForm:
    """The evidence form, its menu holding the record named by ``?cite=`` (GET) or by the
    posted ``target`` even when it is not among the first MAX_TARGETS — if, and only if,
    the reader may edit it beside this source (citing.resolve_target)."""
    choices, targets = source_pages.evidence_targets(request.user, source)
    wanted = data.get("target") if data is not None else request.GET.get("cite")
    target = None
    if wanted and (wanted not in targets or data is None):
        target = citing.resolve_target(request.user, wanted, source)
        if target is not None:
            source_pages.with_target(choices, targets, target.value, target.label, target.record)
        elif data is None:
            _ignore_cite(request, wanted)
    initial = {"target": target.value if target else request.GET.get("for", "")}
    form = EvidenceForm(data, text=source.text, targets=targets, choices=choices, initial=initial)
    form.cite_target = target if data is None else None
    return form


def _ignore_cite(request, wanted: str) -> None:
    """A ``cite`` naming no record the reader may cite here: say so without saying why (that
    it exists elsewhere is itself information), and log the attempt like any refusal."""
    citing.refuse_target(request.user, wanted)
    messages.warning(
        request,
        _("The record to cite is not one you may link to this source. Choose one below."),
    )


@account_required
@require_POST
def source_evidence(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Tie a passage of the source to an incident, act or person (POST from the source page)."""
    source, can_edit = access.get_source_for_user(
        request.user, public_id, queryset=source_pages.source_queryset()
    )
    if not can_edit:
        refuse_change(request, source, "web:source_evidence")
    form = _evidence_form(request, source, request.POST)
    if not form.is_valid():
        return _render_detail(request, source, can_edit, form)
    span = services.add_evidence(
        source,
        form.cleaned_data["target"],
        form.cleaned_data["start"],
        form.cleaned_data["end"],
        note=form.cleaned_data["note"],
    )
    messages.success(request, _("The passage is now evidence."))
    # Back on the source with the same record chosen: the page links to it, and the next
    # passage for it is one selection away.
    url = reverse("web:source", args=[source.public_id])
    cited = urlencode({"cite": request.POST["target"]})
    return redirect(f"{url}?{cited}#passage-{span.public_id}")


@account_required
@require_POST
def evidence_remove(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Remove a passage cited by mistake (POST); kirok.audit's signals log the deletion."""
    span, can_change = access.get_evidence_for_user(request.user, public_id)
    if not can_change:
        refuse_change(request, span.source, "web:evidence_remove")
    source = span.source
    span.delete()
    messages.success(request, _("The passage is no longer cited as evidence."))
    return redirect("web:source", public_id=source.public_id)


@account_required
def source_create(request: HttpRequest) -> HttpResponse:
    cases = source_pages.editable_cases(request.user)
    if not cases.exists():
        refuse_change(request, None, "web:source_create")
    form = SourceForm(request.POST or None, request.FILES or None, editable_cases=cases)
    if request.method == "POST" and form.is_valid():
        try:
            source = services.create_source(
                form.save(commit=False), form.cleaned_data["cases"], form.upload, user=request.user
            )
        except services.FileAlreadyAttached as known:
            return _render_known_file(request, form, None, known)
        messages.success(request, _("The source has been added."))
        _warn_about_extraction(request, form)
        _propose_records(request, source)
        return redirect("web:source", public_id=source.public_id)
    return render(request, "web/source_form.html", {"form": form, "source": None})


@account_required
@never_cache
def source_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    source, can_edit = access.get_source_for_user(request.user, public_id)
    if not can_edit:
        refuse_change(request, source, "web:source_edit")
    cases = source_pages.editable_cases(request.user)
    form = SourceForm(
        request.POST or None, request.FILES or None, instance=source, editable_cases=cases
    )
    if request.method != "POST" or not form.is_valid():
        return render(request, "web/source_form.html", {"form": form, "source": source})
    expected = form.cleaned_data.get("version") or 0
    try:
        services.save_source_edit(
            form.save(commit=False),
            expected,
            form.cleaned_data["cases"],
            form.upload,
            user=request.user,
        )
    except services.StaleVersion as stale:
        return _render_conflict(request, form, stale.current, cases)
    except services.FileAlreadyAttached as known:
        return _render_known_file(request, form, source, known)
    messages.success(request, _("Your changes have been saved."))
    _warn_about_extraction(request, form)
    return redirect("web:source", public_id=source.public_id)


def _render_known_file(request, form: SourceForm, source, known) -> HttpResponse:
    """The form again, nothing saved: the file is already a source the reader can open. One
    document added twice would count as two sources supporting the same claim."""
    if known.source == source:
        form.add_error("file", _("This file is already attached to this source."))
    else:
        form.add_error(
            "file",
            _("This file is already in Kirok: source “%(title)s”. Cite that source instead.")
            % {"title": known.source},
        )
    context = {"form": form, "source": source, "duplicate_of": known.source}
    return render(request, "web/source_form.html", context, status=409)


def _propose_records(request: HttpRequest, source: Source) -> None:
    """Read a new source's text for the records it describes; they wait for review."""
    if not source.text.strip():
        return
    count = len(proposals.propose(source, user=request.user))
    if count:
        messages.info(
            request,
            ngettext(
                "Kirok proposes %(count)s record from the text: review it below.",
                "Kirok proposes %(count)s records from the text: review them below.",
                count,
            )
            % {"count": count},
        )


def _warn_about_extraction(request: HttpRequest, form: SourceForm) -> None:
    """What the reader should know about the text taken from the file (a scan has none)."""
    for warning in form.extraction_warnings:
        messages.warning(request, warning)


def _render_conflict(request, form: SourceForm, current: Source, cases) -> HttpResponse:
    """The edit form again, with what the other person saved beside each field they changed;
    saving again means "I have seen their version" (the form now carries it)."""
    changed = source_pages.conflicting_fields(form, current)
    data = request.POST.copy()
    data["version"] = str(current.version)
    form = SourceForm(data, instance=current, editable_cases=cases)
    form.is_valid()
    context = {
        "form": form,
        "source": current,
        "conflict": changed,
        "file_dropped": bool(request.FILES),
    }
    return render(request, "web/source_form.html", context, status=409)


@account_required
@never_cache
def attachment_download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The original file, as a download; the read extends its chain of custody and is
    written to the audit log."""
    attachment = access.get_attachment_for_user(request.user, public_id)
    data = services.read_attachment(attachment, user=request.user, note="downloaded")
    audit.record(
        "attachment_downloaded",
        actor=request.user,
        obj=attachment,
        detail={"source": str(attachment.source.public_id)},
    )
    response = HttpResponse(data, content_type=attachment.mime_type)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=attachment.filename
    )
    # Opened in a browser tab anyway, it may run nothing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


@account_required
@never_cache
def attachment_package(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """The file as an evidence package (ZIP: original, custody chain, manifest, how to
    verify); the export is the chain's last entry and is written to the audit log."""
    attachment = access.get_attachment_for_user(request.user, public_id)
    filename, data = packages.evidence_package(attachment, user=request.user)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=filename
    )
    return response
