"""Read-only views of governance records for system administrators. Every change goes through the pages, whose
services check the term's rules, keep attendance and seats consistent and write the GovernanceEvent; the admin
must not go around them, nor delete the audit trail."""

from django.contrib import admin

from lienhiep.core.admin import EventAdmin, ReadOnlyAdmin
from lienhiep.governance.models import Committee, Congress, GovernanceEvent, Meeting, Restructuring, Seat


@admin.register(Congress)
class CongressAdmin(ReadOnlyAdmin):
    list_display = ("org", "ordinal", "term_start_year", "term_end_year", "held_on")
    list_select_related = ("org",)


@admin.register(Committee)
class CommitteeAdmin(ReadOnlyAdmin):
    list_display = ("congress", "kind", "planned_size", "meetings_per_year")
    list_select_related = ("congress__org",)


@admin.register(Seat)
class SeatAdmin(ReadOnlyAdmin):
    list_display = ("person", "committee", "position", "started_on", "ended_on", "end_reason")
    list_select_related = ("person", "committee__congress__org")


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdmin):
    list_display = ("committee", "held_on", "kind")
    list_select_related = ("committee__congress__org",)


@admin.register(Restructuring)
class RestructuringAdmin(ReadOnlyAdmin):
    list_display = ("org", "planned_on", "done_on", "status")
    list_select_related = ("org",)


@admin.register(GovernanceEvent)
class GovernanceEventAdmin(EventAdmin):
    list_display = ("org", "kind", "effective_on", "actor", "at")
