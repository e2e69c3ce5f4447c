"""Exports of identifying data, four eyes: request, approve or deny, download once."""

from django.urls import path

from kirok.interop import views

app_name = "interop"
urlpatterns = [
    path("", views.export_list, name="list"),
    path("new/", views.export_new, name="new"),
    path("pending/", views.export_pending, name="pending"),
    path("<uuid:public_id>/", views.export_detail, name="detail"),
    path("<uuid:public_id>/approve/", views.export_approve, name="approve"),
    path("<uuid:public_id>/deny/", views.export_deny, name="deny"),
    path("<uuid:public_id>/download/", views.export_download, name="download"),
]
