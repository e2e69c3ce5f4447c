from django.urls import path

from kirok.search import views

app_name = "search"
urlpatterns = [
    path("", views.search, name="search"),
    path("incidents/", views.browse, name="browse"),
    # POST: an export is an audited act, never the side effect of a link or an image.
    path("incidents/export.csv", views.export_csv, name="export"),
    path("saved/", views.save, name="save"),
    path("saved/delete/", views.delete, name="delete"),
]
