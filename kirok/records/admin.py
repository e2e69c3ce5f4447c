"""Reference data in the admin: the gazetteer and the organization hierarchy.

Persons, incidents, acts, relations and proceedings are records under case compartments and
are deliberately not registered: administrators manage accounts and configuration, not
records (DESIGN.md), and the admin would bypass kirok.records.access.
"""

from django.contrib import admin

from kirok.records.models import Organization, OrganizationName, Place, PlaceName


class PlaceNameInline(admin.TabularInline):
    model = PlaceName
    extra = 0


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("gazetteer_id", "__str__", "level", "place_type", "country_code")
    list_filter = ("level", "country_code", "place_type")
    search_fields = ("gazetteer_id", "names__text")
    raw_id_fields = ("parent",)
    readonly_fields = ("public_id",)
    inlines = (PlaceNameInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("names")


class OrganizationNameInline(admin.TabularInline):
    model = OrganizationName
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__", "kind", "country_code")
    list_filter = ("kind", "country_code")
    search_fields = ("code", "names__text")
    raw_id_fields = ("parent", "place")
    readonly_fields = ("public_id",)
    inlines = (OrganizationNameInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("names").select_related("kind")
