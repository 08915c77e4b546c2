from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.exports import ExportSource
from lienhiep.core.figures import FigureSource, Reads
from lienhiep.core.nav import NavItem


class ActivitiesConfig(AppConfig):
    name = "lienhiep.activities"
    label = "activities"
    verbose_name = _("Activities")
    # How the audit trail (orgs.audit) finds the unit of an initiative import's event rows.
    audit_paths = {"InitiativeImportEvent": "batch__org", "ActivityImportEvent": "batch__org"}
    # Its file imports (core.importers), found by the background tasks by name.
    importers = ("lienhiep.activities.importing.INITIATIVES", "lienhiep.activities.importing.ACTIVITIES")
    nav_items = (
        NavItem(_("Activities"), "activities:list", "calendar-event", order=30),
        NavItem(_("Initiatives"), "activities:initiatives", "lightbulb", order=32),
        NavItem(_("Models and projects"), "activities:projects", "tree", order=33),
    )
    # What goes with a unit that moves, counted for the move's preview (orgs.views.held_records).
    held_records = ("lienhiep.activities.selectors.held_record_counts",)
    # Records a unit's end may not precede (orgs.services refuses to end a unit before them).
    records_dated_from = ("lienhiep.activities.selectors.records_dated_from",)
    # Remembered per month / year by orgs.figures, forgotten by its triggers when these columns change.
    figure_sources = (
        FigureSource(
            "activities",
            "month",
            (
                Reads(
                    "activities.Activity",
                    org="org",
                    dates=("start_date",),
                    ignore=(
                        "title",
                        "title_folded",
                        "end_date",
                        "place",
                        "notes",
                        "created_by",
                        "publication_kind",
                        "planned_for",
                        "role",
                        "host",
                        "legal_areas",
                        "mode",
                        "audience",
                        "theme",
                        "beneficiary",
                        "items",
                        "items_unit",
                    ),  # fmt: skip
                ),
            ),
            "lienhiep.activities.selectors.activity_pieces",
        ),
        FigureSource(
            "initiatives",
            "year",
            (
                Reads(
                    "activities.Initiative",
                    org="org",
                    years=("year",),
                    ignore=("title", "title_folded", "author_names", "effect", "created_by", "recognised_on"),
                ),
            ),
            "lienhiep.activities.selectors.initiative_pieces",
        ),
    )
    export_sources = (
        ExportSource(
            "activities", _("Activities"), "hoat-dong", "lienhiep.activities.exporting.list_rows", "activities:list"
        ),
        ExportSource(
            "initiatives",
            _("Initiatives"),
            "sang-kien",
            "lienhiep.activities.exporting.initiative_rows",
            "activities:initiatives",
        ),
    )
