from django.contrib import admin

from lienhiep.activities.models import Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    """The partner registry; system administrators merge duplicates here."""

    list_display = ("name", "kind")
    list_filter = ("kind",)
    search_fields = ("name",)
