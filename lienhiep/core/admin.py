"""What every app's admin shares. Django's admin is for system administrators only (`is_superuser`)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

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


@admin.register(RequestLog)
class RequestLogAdmin(ReadOnlyAdmin):
    """Refusals, person pages viewed, exports and errors files downloaded: read-only, as every event table."""

    list_display = ("at", "kind", "actor", "path", "ip")
    list_filter = ("kind",)
    date_hierarchy = "at"
    raw_id_fields = ("actor",)
