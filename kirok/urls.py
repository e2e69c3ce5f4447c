from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("account/", include("kirok.accounts.urls")),
    path("audit/", include("kirok.audit.urls")),
    path("exports/", include("kirok.interop.urls")),
    path("statistics/", include("kirok.statistics.urls")),
    path("linkage/", include("kirok.linkage.urls")),
    path("estimation/", include("kirok.estimation.urls")),
    path("search/", include("kirok.search.urls")),
    path("", include("kirok.web.urls")),
]
