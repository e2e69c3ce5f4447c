from django.urls import path

from kirok.estimation import views

app_name = "estimation"
urlpatterns = [
    path("", views.home, name="index"),
    path("run/", views.run, name="run"),
    path("save/", views.save, name="save"),
    path("analyses/<uuid:public_id>/", views.analysis, name="analysis"),
    path("analyses/<uuid:public_id>/rerun/", views.rerun, name="rerun"),
    path("analyses/<uuid:public_id>/refresh/", views.refresh, name="refresh"),
    path("analyses/<uuid:public_id>/captures.csv", views.captures_csv, name="captures_csv"),
    path("analyses/<uuid:public_id>/results.csv", views.results_csv, name="results_csv"),
    path("analyses/<uuid:public_id>/analysis.json", views.analysis_json, name="json"),
    path("analyses/<uuid:public_id>/report/", views.report, name="report"),
]
