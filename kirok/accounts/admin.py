"""Accounts and cases in the Django admin (administrators only; see kirok.web.admin).

Changing who may do or see what is dangerous in an infiltrator's hands, so editing an account
or a case, setting a password, deleting, and the bulk actions all need a recent confirmation
of the password and a code (kirok.accounts.reauth). Role changes, case membership changes and
two-factor resets are audited.

django-otp's own device pages are removed (and the authenticator model has none): they would
show administrators the secrets of other people's authenticator apps. An administrator resets
a lost phone with the action "Reset two-factor authentication" on the accounts list.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice

from kirok.accounts import reauth, two_factor
from kirok.accounts.models import Case, CaseMembership, User
from kirok.audit import services as audit

if admin.site.is_registered(StaticDevice):
    admin.site.unregister(StaticDevice)


class RecentAuthenticationAdminMixin:
    """Editing, deleting and bulk actions need a confirmation within the last 5 minutes."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return reauth.require_recent_authentication(request) or super().changeform_view(
            request, object_id, form_url, extra_context
        )

    def delete_view(self, request, object_id, extra_context=None):
        return reauth.require_recent_authentication(request) or super().delete_view(
            request, object_id, extra_context
        )

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST":  # a bulk action
            refusal = reauth.require_recent_authentication(request)
            if refusal:
                return refusal
        return super().changelist_view(request, extra_context)


@admin.register(User)
class KirokUserAdmin(RecentAuthenticationAdminMixin, UserAdmin):
    list_display = ("username", "role", "first_name", "last_name", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff")
    readonly_fields = ("public_id", "last_login", "date_joined")
    fieldsets = (
        *UserAdmin.fieldsets,
        (_("Role and public identifier"), {"fields": ("role", "public_id")}),
    )
    add_fieldsets = (
        *UserAdmin.add_fieldsets,
        (_("Role"), {"fields": ("role",)}),
    )
    actions = ("reset_two_factor",)

    def user_change_password(self, request, id, form_url=""):
        return reauth.require_recent_authentication(request) or super().user_change_password(
            request, id, form_url
        )

    def save_model(self, request, obj, form, change):
        old_role = form.initial.get("role")
        super().save_model(request, obj, form, change)
        if change and "role" in form.changed_data:
            detail = {"from": old_role, "to": obj.role}
            audit.record("role_changed", actor=request.user, obj=obj, detail=detail)

    @admin.action(description=_("Reset two-factor authentication (lost phone)"))
    def reset_two_factor(self, request, queryset):
        users = list(queryset)
        for user in users:
            two_factor.reset(user, by=request.user)
        self.message_user(
            request,
            ngettext(
                "Two-factor authentication was reset for %(count)d account; it sets up a new "
                "authenticator at its next login.",
                "Two-factor authentication was reset for %(count)d accounts; each sets up a "
                "new authenticator at its next login.",
                len(users),
            )
            % {"count": len(users)},
            messages.SUCCESS,
        )


class CaseMembershipInline(admin.TabularInline):
    model = CaseMembership
    extra = 1
    autocomplete_fields = ("user",)
    readonly_fields = ("added_at",)


@admin.register(Case)
class CaseAdmin(RecentAuthenticationAdminMixin, admin.ModelAdmin):
    list_display = ("name", "allows_sensitive_contacts", "created_at")
    search_fields = ("name",)
    readonly_fields = ("public_id", "created_at", "updated_at")
    inlines = (CaseMembershipInline,)

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not CaseMembership:
            return
        case = form.instance
        changes = [("case_member_added", m, []) for m in formset.new_objects]
        changes += [("case_member_changed", m, fields) for m, fields in formset.changed_objects]
        changes += [("case_member_removed", m, []) for m in formset.deleted_objects]
        for action, membership, fields in changes:
            detail = {"member": str(membership.user.public_id), "can_edit": membership.can_edit}
            if fields:
                detail["fields"] = list(fields)
            audit.record(action, actor=request.user, obj=case, detail=detail)
