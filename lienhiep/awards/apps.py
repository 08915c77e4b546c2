from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.exports import ExportSource
from lienhiep.core.figures import FigureSource, Reads
from lienhiep.core.nav import NavItem


class AwardsConfig(AppConfig):
    name = "lienhiep.awards"
    label = "awards"
    verbose_name = _("Honours")
    nav_items = (
        NavItem(_("Honours"), "awards:list", "award", order=40),
        NavItem(_("Nominations"), "awards:nominations", "send", order=41),
        NavItem(_("Emulation ratings"), "awards:ratings", "star", order=42),
    )
    figure_sources = (
        FigureSource(
            "honours",
            "month",
            (
                Reads(
                    "awards.Honour",
                    org="org",
                    dates=("decision_date",),
                    ignore=("issuer_name", "decision_number", "reason", "scan", "scan_type", "created_by"),
                ),
            ),
            "lienhiep.awards.selectors.honour_pieces",
        ),
    )
    # What goes with a unit that moves, counted for the move's preview (orgs.views.held_records).
    held_records = ("lienhiep.awards.selectors.held_record_counts",)
    # Records a unit's end may not precede (orgs.services refuses to end a unit before them).
    records_dated_from = ("lienhiep.awards.selectors.records_dated_from",)
    export_sources = (
        ExportSource("honours", _("Honours"), "khen-thuong", "lienhiep.awards.exporting.list_rows", "awards:list"),
        ExportSource(
            "nominations",
            _("Nominations"),
            "de-nghi-khen-thuong",
            "lienhiep.awards.exporting.nomination_list_rows",
            "awards:nominations",
        ),
    )
