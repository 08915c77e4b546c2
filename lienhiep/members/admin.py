from django.contrib import admin

from lienhiep.core.admin import ReadOnlyAdmin
from lienhiep.members.models import ExportLog, Field, IntellectualEstimate, PersonEvent


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    """The controlled list of fields of expertise; system administrators extend it here."""

    list_display = ("name", "code", "order")
    list_editable = ("order",)
    search_fields = ("name",)


@admin.register(IntellectualEstimate)
class IntellectualEstimateAdmin(admin.ModelAdmin):
    list_display = ("org", "year", "count", "source")
    list_filter = ("year",)
    autocomplete_fields = ()
    raw_id_fields = ("org",)


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdmin):
    """Who took members' data out, and when: read-only, for the data protection officer."""

    list_display = ("at", "actor", "file_format", "node", "rows", "finished")
    list_filter = ("file_format", "finished")
    date_hierarchy = "at"


@admin.register(PersonEvent)
class PersonEventAdmin(ReadOnlyAdmin):
    """Every change to a person and every look at their protected data; among them the citizen IDs refused because
    another person holds them (`id_refused`), which only the system administrator reads."""

    list_display = ("at", "kind", "person", "actor")
    list_filter = ("kind",)
    date_hierarchy = "at"
    raw_id_fields = ("person", "actor")
