"""Read-only views of the tree for system administrators. Every change goes through the pages,
whose services keep the spells, the closure and the events consistent; the admin must not bypass them."""

from __future__ import annotations

from django.contrib import admin

from lienhiep.core.admin import EventAdmin, ReadOnlyAdmin
from lienhiep.orgs.models import ObjectGrant, ObjectGrantEvent, Org, OrgEvent, OrgSpell, Role


@admin.register(Org)
class OrgAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "group", "founded_on", "ended_on")
    list_filter = ("kind", "group")
    search_fields = ("name", "short_name", "abbreviation")
    ordering = ("name_sort",)


@admin.register(OrgSpell)
class OrgSpellAdmin(ReadOnlyAdmin):
    list_display = ("name", "parent", "valid_from", "valid_to")
    search_fields = ("name",)
    list_select_related = ("parent",)


@admin.register(OrgEvent)
class OrgEventAdmin(EventAdmin):
    list_display = ("effective_on", "kind", "org", "actor", "at")


@admin.register(Role)
class RoleAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "org", "valid_from", "valid_to")
    list_filter = ("kind",)
    list_select_related = ("user", "org")


@admin.register(ObjectGrant)
class ObjectGrantAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "content_type", "object_id", "org", "starts", "ends", "revoked_at")
    list_filter = ("kind",)
    list_select_related = ("user", "org", "content_type")


@admin.register(ObjectGrantEvent)
class ObjectGrantEventAdmin(EventAdmin):
    list_display = ("at", "kind", "org", "target_id", "actor")
