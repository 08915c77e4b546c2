from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.exports import ExportSource
from lienhiep.core.nav import NavItem
from lienhiep.core.reminders import ReminderSource


class CampaignsConfig(AppConfig):
    """Campaigns down the tree (đợt báo cáo): a union asks the units under it for their figures and news by a
    deadline, and their submissions come back (REPORTING.md §5.6; decision 0013). Above `reporting`: it reads the
    figure registry to pre-fill, and nothing below it reads campaigns."""

    name = "lienhiep.campaigns"
    label = "campaigns"
    verbose_name = _("Reporting campaigns")
    nav_items = (NavItem(_("Reporting campaigns"), "campaigns:list", "send", order=56),)
    export_sources = (
        ExportSource(
            "campaign_board",
            _("Campaign board"),
            "dot-bao-cao",
            "lienhiep.campaigns.exporting.board_rows",
            "campaigns:list",
        ),
        ExportSource(
            "campaign_reconciliation",
            _("Reconciliation of a campaign"),
            "doi-chieu-so-lieu",
            "lienhiep.campaigns.rollup.reconciliation_rows",
            "campaigns:list",
        ),
    )
    home_alerts = "lienhiep.campaigns.selectors.home_alerts"
    # Records a unit's end may not precede (orgs.services refuses to end a unit before them).
    records_dated_from = ("lienhiep.campaigns.selectors.records_dated_from",)
    # Beside the emulation ratings of a year: how each unit answered the campaigns (awards.selectors.rating_evidence).
    rating_evidence = "lienhiep.campaigns.rollup.rating_evidence"
    reminder_sources = (
        ReminderSource("campaigns", "lienhiep.campaigns.reminders.due", "lienhiep.campaigns.reminders.sent"),
    )

    def ready(self) -> None:
        # What reports read of campaigns, given to the registry from above (decision 0013): the accepted
        # submissions as a source of figures (the roll-up) and the figures of timeliness.
        from lienhiep.campaigns import rollup
        from lienhiep.reporting import registry

        registry.register_source(rollup.SOURCE)
        registry.register(rollup.SPECS)
