"""The audit pages. A record's history lives at ``history/<type>/<uuid>/``; the type is part
of the route, not an argument, so every URL here takes at most one UUID (as the permission
matrix expects): reverse with ``kind=`` and ``public_id=``, e.g.
``{% url 'audit:history' kind='person' public_id=person.public_id %}``."""

from django.urls import path

from kirok.audit import views
from kirok.audit.models import HISTORY_KINDS

app_name = "audit"
urlpatterns = [
    path("", views.log, name="log"),
    path("alerts/", views.alert_list, name="alerts"),
    path("alerts/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
]
# Person last: reversing without ``kind=`` gives the last one registered, and the permission
# matrix (tests/security/) reverses these URLs by UUID alone, with a person as the target.
for kind in sorted(HISTORY_KINDS.values(), key=lambda kind: kind == "person"):
    urlpatterns += [
        path(f"history/{kind}/<uuid:public_id>/", views.record_history, {"kind": kind}, "history"),
        path(f"history/{kind}/<uuid:public_id>/diff/", views.diff, {"kind": kind}, "diff"),
        path(f"history/{kind}/<uuid:public_id>/restore/", views.restore, {"kind": kind}, "restore"),
    ]
