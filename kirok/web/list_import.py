"""The page that imports a partner's list (kirok.interop.imports): check it, see what it holds
and every problem by line and column, then record it.

A check records nothing and keeps nothing: the file is sent again to import it, since a
browser cannot keep a chosen file across pages and Kirok does not hold an unrecorded list.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kirok.interop import imports
from kirok.interop.forms import ListImportForm
from kirok.web import source_pages
from kirok.web.auth import account_required
from kirok.web.sources import refuse_change

PREVIEW_ROWS = 20


@account_required
@never_cache
def list_import(request: HttpRequest) -> HttpResponse:
    cases = source_pages.editable_cases(request.user)
    if not cases.exists():
        refuse_change(request, None, "web:list_import")
    form = ListImportForm(request.POST or None, request.FILES or None, editable_cases=cases)
    context = {"form": form, "plan": None}
    if request.method != "POST" or not form.is_valid():
        return render(request, "web/list_import.html", context)
    data, name = form.cleaned_data["file"].read(), form.cleaned_data["file"].name
    chosen = ("violation", "reliability", "credibility", "partner")
    options = {key: form.cleaned_data[key] for key in chosen}
    limit = imports.PAGE_MAX_ROWS
    try:
        if form.cleaned_data["check_only"]:
            context["plan"] = imports.read_list(
                data, name, violation=options["violation"], max_rows=limit
            )
            context["preview"] = context["plan"].rows[:PREVIEW_ROWS]
            return render(request, "web/list_import.html", context)
        done = imports.import_list(
            data, name, user=request.user, cases=form.cleaned_data["cases"],
            title=form.cleaned_data["title"], max_rows=limit, **options,
        )  # fmt: skip
    except imports.ListRefused as refused:
        form.add_error("file", refused.message)
        context["duplicate_of"] = refused.duplicate_of
        return render(request, "web/list_import.html", context)
    except imports.ProblemsFound as found:
        context["plan"] = found.plan
        return render(request, "web/list_import.html", context)
    messages.success(
        request,
        _("Imported %(persons)s persons and %(incidents)s incidents from the list.")
        % {"persons": done.persons, "incidents": done.incidents},
    )
    return redirect("web:source", public_id=done.source.public_id)
