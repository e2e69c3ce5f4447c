from django.contrib.auth import views as auth_views
from django.urls import path

from kirok.web import views

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
    path("incidents/<uuid:public_id>/", views.incident_detail, name="incident"),
    path("persons/<uuid:public_id>/", views.person_detail, name="person"),
    # POST only, re-authenticated, audited: sensitive contact details shown once on request.
    path(
        "persons/<uuid:public_id>/sensitive/",
        views.person_sensitive_contacts,
        name="person_sensitive",
    ),
]
