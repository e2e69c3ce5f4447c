"""Finding a source to cite from a record's own page (kirok.web.citing does the finding).

The incident and person pages ask this view, through htmx, for the sources matching the
typed words; each result links to the source's page with the record preselected. Without
JavaScript the same form gets a whole page with the same list.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kirok.audit import services as audit
from kirok.web import citing
from kirok.web.auth import account_required
from kirok.web.editing import may_edit_something

MAX_QUERY = 100


@account_required
@require_GET
@never_cache
def cite_sources(request: HttpRequest) -> HttpResponse:
    """The sources the reader may cite whose title or reference holds the words ``q``."""
    if not may_edit_something(request.user):
        raise PermissionDenied
    query = _typed(request.GET.get("q"))
    # Ignored unless the reader may edit the record: then nothing restricts the list and
    # the source page will refuse the target, exactly as for a record that does not exist.
    target = citing.resolve_target(request.user, request.GET.get("cite"))
    choices = citing.find_sources(request.user, query, target) if query else []
    if query:
        audit.record_search("text", query, results=len(choices), actor=request.user)
    context = {"query": query, "choices": choices, "target": target}
    if request.headers.get("HX-Request"):
        return render(request, "web/_cite_sources.html", context)
    return render(request, "web/cite_sources.html", context)


def _typed(text: str | None) -> str:
    # Control characters never belong to a title, and PostgreSQL refuses a NUL in a query.
    printable = "".join(char for char in (text or "") if char.isprintable())
    return printable.strip()[:MAX_QUERY]
