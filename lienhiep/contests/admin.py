"""Contests and their trails are written by the services alone: Django's admin only shows them."""

from django.contrib import admin

from lienhiep.contests.models import Contest, Edition, EditionEvent, Entry, EntryEvent
from lienhiep.core.admin import ReadOnlyAdmin, TargetEventAdmin


@admin.register(Contest)
class ContestAdmin(ReadOnlyAdmin):
    list_display = ("name", "org", "type", "level")
    list_filter = ("type", "level")
    raw_id_fields = ("org",)


@admin.register(Edition)
class EditionAdmin(ReadOnlyAdmin):
    list_display = ("contest", "number", "year_start", "year_end", "status", "opens_on", "closes_on")
    list_filter = ("status",)
    raw_id_fields = ("contest", "created_by")


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ("title", "edition", "number", "sending_unit", "status", "submitted_on")
    list_filter = ("status", "from_paper")
    raw_id_fields = ("edition", "field", "category", "sending_unit", "origin_unit", "forwarded_from", "created_by")


@admin.register(EditionEvent)
class EditionEventAdmin(TargetEventAdmin):
    raw_id_fields = ("org", "edition", "actor")


@admin.register(EntryEvent)
class EntryEventAdmin(TargetEventAdmin):
    raw_id_fields = ("org", "entry", "actor")
