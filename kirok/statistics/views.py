"""The dashboard page and its downloads (CSV and SVG of each chart and of the map)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from kirok.statistics import services
from kirok.statistics.filters import parse_filters
from kirok.statistics.presentation import chart_view, filter_fields, map_view, query_string
from kirok.web.auth import account_required


@account_required
def dashboard(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    board = services.dashboard_for(request.user, filters)
    context = {
        "filters": filters,
        "fields": filter_fields(filters),
        "counters": board.counters,
        "charts": [chart_view(chart, filters) for chart in board.charts.values()],
        "map": map_view(board.regions, filters),
        "unplaced": board.unplaced_incidents,
        "query": query_string(filters),
    }
    return render(request, "statistics/dashboard.html", context)


@account_required
def chart_csv(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    chart = _chart_or_404(request, filters, "csv")
    response = HttpResponse(services.chart_csv(chart), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kirok-{chart.key}.csv"'
    return response


@account_required
def chart_svg(request: HttpRequest) -> HttpResponse:
    filters = parse_filters(request.GET)
    chart = _chart_or_404(request, filters, "svg")
    if chart.key == services.MAP_KEY:
        context = {"map": map_view(services.region_values(chart), filters), "standalone": True}
        body = render_to_string("statistics/_map.svg", context, request=request)
    else:
        context = {**chart_view(chart, filters), "standalone": True}
        body = render_to_string("statistics/_chart.svg", context, request=request)
    response = HttpResponse(body, content_type="image/svg+xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="kirok-{chart.key}.svg"'
    return response


def _chart_or_404(request: HttpRequest, filters, file_format: str):
    key = request.GET.get("chart", services.DEFAULT_CHART)
    chart = services.download_chart(request.user, key, filters, file_format)
    if chart is None:
        raise Http404
    return chart
