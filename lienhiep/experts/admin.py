from django.contrib import admin

from lienhiep.core.admin import EventAdmin, ReadOnlyAdmin
from lienhiep.experts.models import Expert, ExpertEvent


@admin.register(Expert)
class ExpertAdmin(ReadOnlyAdmin):
    list_display = ("full_name", "workplace", "org", "available")
    list_filter = ("available",)
    search_fields = ("name_folded", "workplace_folded")
    list_select_related = ("org",)


@admin.register(ExpertEvent)
class ExpertEventAdmin(EventAdmin):
    list_display = ("at", "kind", "org", "target_id", "actor")
