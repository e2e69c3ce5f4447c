from django.contrib.auth import views as auth_views
from django.urls import path

from kirok.web import (
    autocomplete,
    cite,
    editing,
    list_import,
    proposals,
    reference_pages,
    sources,
    views,
)

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    # Django's LogoutView accepts POST only: a link or an image cannot log anyone out.
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password_change"),
    # Creating and editing persons and incidents (kirok.web.editing), with their helpers.
    path("incidents/new/", editing.incident_new, name="incident_new"),
    path("incidents/<uuid:public_id>/edit/", editing.incident_edit, name="incident_edit"),
    path("persons/new/", editing.person_new, name="person_new"),
    path("persons/<uuid:public_id>/edit/", editing.person_edit, name="person_edit"),
    path("edit/suggest/places/", autocomplete.places, name="autocomplete_places"),
    path(
        "edit/suggest/organizations/",
        autocomplete.organizations,
        name="autocomplete_organizations",
    ),
    path("edit/suggest/persons/", autocomplete.persons, name="autocomplete_persons"),
    path("edit/date-preview/", autocomplete.date_preview, name="date_preview"),
    path("incidents/<uuid:public_id>/", views.incident_detail, name="incident"),
    path("persons/<uuid:public_id>/", views.person_detail, name="person"),
    # POST only, re-authenticated, audited: sensitive contact details shown once on request.
    path(
        "persons/<uuid:public_id>/sensitive/",
        views.person_sensitive_contacts,
        name="person_sensitive",
    ),
    # Sources, their files and evidence passages (kirok.web.sources).
    path("sources/", sources.source_list, name="sources"),
    path("sources/new/", sources.source_create, name="source_create"),
    path("sources/import/", list_import.list_import, name="list_import"),
    # Finding a source to cite from an incident's or a person's page (kirok.web.cite).
    path("sources/cite/", cite.cite_sources, name="cite_sources"),
    path("sources/<uuid:public_id>/", sources.source_detail, name="source"),
    path("sources/<uuid:public_id>/edit/", sources.source_edit, name="source_edit"),
    path("sources/<uuid:public_id>/evidence/", sources.source_evidence, name="source_evidence"),
    path("files/<uuid:public_id>/", sources.attachment_download, name="attachment"),
    path(
        "files/<uuid:public_id>/package/",
        sources.attachment_package,
        name="attachment_package",
    ),
    # Records proposed from a source's text, and their review (kirok.web.proposals).
    path("sources/<uuid:public_id>/proposals/", proposals.proposals_page, name="source_proposals"),
    path("sources/<uuid:public_id>/propose/", proposals.propose, name="source_propose"),
    path("proposals/<uuid:public_id>/accept/", proposals.accept, name="proposal_accept"),
    path("proposals/<uuid:public_id>/reject/", proposals.reject, name="proposal_reject"),
    # Proceedings (in cases), organizations and places (reference data): reference_pages.
    path("proceedings/new/", reference_pages.proceeding_new, name="proceeding_new"),
    path("proceedings/<uuid:public_id>/", reference_pages.proceeding_detail, name="proceeding"),
    path(
        "proceedings/<uuid:public_id>/edit/",
        reference_pages.proceeding_edit,
        name="proceeding_edit",
    ),
    path(
        "edit/suggest/incidents/",
        reference_pages.incident_suggestions,
        name="autocomplete_incidents",
    ),
    path("organizations/new/", reference_pages.organization_new, name="organization_new"),
    path(
        "organizations/<uuid:public_id>/",
        reference_pages.organization_detail,
        name="organization",
    ),
    path(
        "organizations/<uuid:public_id>/edit/",
        reference_pages.organization_edit,
        name="organization_edit",
    ),
    path("places/new/", reference_pages.place_new, name="place_new"),
    path("places/<uuid:public_id>/", reference_pages.place_detail, name="place"),
    path("places/<uuid:public_id>/edit/", reference_pages.place_edit, name="place_edit"),
    path("evidence/<uuid:public_id>/remove/", sources.evidence_remove, name="evidence_remove"),
]
