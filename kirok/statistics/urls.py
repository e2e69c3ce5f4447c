from django.urls import path

from kirok.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    # ?chart=<key> and the dashboard's filters; the map is chart=incidents_by_region.
    path("chart.csv", views.chart_csv, name="chart_csv"),
    path("chart.svg", views.chart_svg, name="chart_svg"),
]
