from django.contrib import admin

from lienhiep.governance.models import Committee, Congress, GovernanceEvent, Meeting, Restructuring, Seat


@admin.register(Congress)
class CongressAdmin(admin.ModelAdmin):
    list_display = ("org", "ordinal", "term_start_year", "term_end_year", "held_on")
    raw_id_fields = ("org",)


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ("congress", "kind", "planned_size", "meetings_per_year")


@admin.register(Seat)
class SeatAdmin(admin.ModelAdmin):
    list_display = ("person", "committee", "position", "started_on", "ended_on", "end_reason")
    raw_id_fields = ("person", "committee", "replaces")


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("committee", "held_on", "kind")


@admin.register(Restructuring)
class RestructuringAdmin(admin.ModelAdmin):
    list_display = ("org", "planned_on", "done_on", "status")
    raw_id_fields = ("org",)


@admin.register(GovernanceEvent)
class GovernanceEventAdmin(admin.ModelAdmin):
    """Read only: the audit trail is written by the services alone."""

    list_display = ("org", "kind", "effective_on", "actor", "at")

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
