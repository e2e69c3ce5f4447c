"""Who may use the Django admin at /admin/: active administrators with staff status, only.

Django lets any active ``is_staff`` account into the admin. Kirok's roles are finer: a
coordinator may have ``is_staff`` (for instance left over from a past role) and must still be
refused, so the site's permission check asks for the administrator role as well.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kirok.accounts.models import Role


def administrators_only(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_active and user.is_staff and getattr(user, "role", None) == Role.ADMINISTRATOR
    )


admin.site.has_permission = administrators_only
admin.site.site_header = _("Kirok administration")
admin.site.site_title = _("Kirok administration")
admin.site.index_title = _("Accounts and configuration")
