"""What every app's admin shares. Django's admin is for system administrators only (`is_superuser`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import path

from lienhiep.core import inventory
from lienhiep.core.models import RequestLog


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that only the services write (the tree, audit trails, export logs): shown, never added, changed or
    deleted here, since the admin would bypass the checks and the event rows of the pages."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EventAdmin(ReadOnlyAdmin):
    """An app's event table (core.events) of a unit's records: filtered by kind, the unit and the actor read with
    the rows. Its `list_display` is the app's."""

    list_filter = ("kind",)
    list_select_related = ("org", "actor")


class TargetEventAdmin(ReadOnlyAdmin):
    """The trail of a record and the rows under it (core.events' `target`, `target_id`: a dossier's experts, an
    edition's rounds), by day. Its `raw_id_fields` name the record it belongs to."""

    list_display = ("at", "kind", "target", "target_id", "org", "actor")
    list_filter = ("kind", "target")
    date_hierarchy = "at"


@admin.register(RequestLog)
class RequestLogAdmin(ReadOnlyAdmin):
    """Refusals, person pages viewed, exports and errors files downloaded: read-only, as every event table."""

    list_display = ("at", "kind", "actor", "path", "ip")
    list_filter = ("kind",)
    date_hierarchy = "at"
    raw_id_fields = ("actor",)

    def get_urls(self) -> list[Any]:
        # The data inventory (core/inventory.py) is the system administrator's page, as the admin is.
        page = path("inventory/", self.admin_site.admin_view(self.inventory_view), name="core_data_inventory")
        return [page, *super().get_urls()]

    def inventory_view(self, request: HttpRequest) -> TemplateResponse:
        context = {**self.admin_site.each_context(request), "tables": inventory.inventory()}
        return TemplateResponse(request, "admin/core/inventory.html", context)
