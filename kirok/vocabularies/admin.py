from django.contrib import admin

from kirok.vocabularies.models import Term, Vocabulary


class TermInline(admin.TabularInline):
    model = Term
    extra = 0
    fields = ("code", "labels", "sort_order", "is_active")


@admin.register(Vocabulary)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ("key", "__str__")
    search_fields = ("key",)
    readonly_fields = ("public_id",)
    inlines = (TermInline,)


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("code", "__str__", "vocabulary", "sort_order", "is_active")
    list_filter = ("vocabulary", "is_active")
    search_fields = ("code",)
    readonly_fields = ("public_id",)
