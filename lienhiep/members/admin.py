from django.contrib import admin

from lienhiep.members.models import Field, IntellectualEstimate


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
