from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from kirok.accounts.models import Case, CaseMembership, User


@admin.register(User)
class KirokUserAdmin(UserAdmin):
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


class CaseMembershipInline(admin.TabularInline):
    model = CaseMembership
    extra = 1
    autocomplete_fields = ("user",)
    readonly_fields = ("added_at",)


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    list_display = ("name", "allows_sensitive_contacts", "created_at")
    search_fields = ("name",)
    readonly_fields = ("public_id", "created_at", "updated_at")
    inlines = (CaseMembershipInline,)
