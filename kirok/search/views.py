"""Search pages: thin views over kirok.search.finder, facets, exports and services."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from kirok.interop.access import may_request_exports
from kirok.records import access
from kirok.search import exports, facets, finder, pages, services
from kirok.web.auth import account_required

PAGE_SIZE = 25


@account_required
@require_http_methods(["GET", "POST"])
@never_cache
def search(request: HttpRequest) -> HttpResponse:
    """The one search box: persons, incidents and sources, grouped.

    The forms POST the words, so that a searched name stays out of the address bar, the
    browser's history and any proxy's log; ``?q=`` still works for a link someone writes.
    """
    data = request.POST if request.method == "POST" else request.GET
    results = finder.search(request.user, data.get("q", ""))
    template = "search/_results.html" if pages.is_partial(request) else "search/search.html"
    response = render(request, template, {"results": results, "query": results.query})
    return pages.vary_on_htmx(response)


@account_required
@require_http_methods(["GET", "POST"])
def browse(request: HttpRequest) -> HttpResponse:
    """Incidents with facets; filters live in the query string, so every view is a link.

    The filter form POSTs, and is sent on (303) to the address of its filters with the words
    sealed (facets.seal_words): typed names never reach an address or a log in clear. htmx
    follows the redirect and puts that address in the history.
    """
    if request.method == "POST":
        return redirect(_browse_url(services.clean_query_string(request.POST.urlencode())))
    filters = facets.parse_filters(request.GET)
    matcher = facets.match(request.user, filters)
    page = Paginator(facets.browse(request.user, filters, matcher), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    pages.attach_places(page.object_list)
    pages.audit_browse(request.user, filters, page.paginator.count)
    context = {
        "filters": filters,
        "facets": facets.facets(request.user, filters, matcher),
        "page": page,
        "sorts": list(facets.SORTS.items()),
        "saved": services.saved_searches(request.user),
        "may_export": may_request_exports(request.user),
        "may_save": access.may_see_records(request.user),
        "query_string": services.clean_query_string(request.GET.urlencode()),
    }
    template = "search/_browse.html" if pages.is_partial(request) else "search/browse.html"
    return pages.vary_on_htmx(render(request, template, context))


@account_required
@require_POST
@never_cache
def export_csv(request: HttpRequest) -> HttpResponse:
    """The filtered incident list as CSV, without names (see kirok.search.exports)."""
    if not may_request_exports(request.user):
        raise PermissionDenied
    text, _count = exports.incidents_csv(request.user, facets.parse_filters(request.GET))
    response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="kirok-incidents-{stamp}.csv"'
    return response


@account_required
@require_POST
def save(request: HttpRequest) -> HttpResponse:
    if not access.may_see_records(request.user):
        raise PermissionDenied
    query = request.POST.get("query", "")
    try:
        services.save_search(request.user, request.POST.get("name", ""), query)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The search is saved."))
    return redirect(_browse_url(services.clean_query_string(query)))


@account_required
@require_POST
def delete(request: HttpRequest) -> HttpResponse:
    saved = services.get_saved_search_for_user(request.user, request.POST.get("saved", ""))
    services.delete_search(request.user, saved)
    messages.success(request, _("The saved search is deleted."))
    return redirect("search:browse")


def _browse_url(query_string: str) -> str:
    url = reverse("search:browse")
    return f"{url}?{query_string}" if query_string else url
