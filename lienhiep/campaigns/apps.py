from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.exports import ExportSource


class CampaignsConfig(AppConfig):
    """Campaigns down the tree (đợt báo cáo): a union asks the units under it for their figures and news by a
    deadline, and their submissions come back (REPORTING.md §5.6; decision 0013). Above `reporting`: it reads the
    figure registry to pre-fill, and nothing below it reads campaigns."""

    name = "lienhiep.campaigns"
    label = "campaigns"
    verbose_name = _("Reporting campaigns")
    export_sources = (
        ExportSource(
            "campaign_reconciliation",
            _("Reconciliation of a campaign"),
            "doi-chieu-so-lieu",
            "lienhiep.campaigns.rollup.reconciliation_rows",
            "reporting:list",
        ),
    )

    def ready(self) -> None:
        # What reports read of campaigns, given to the registry from above (decision 0013): the accepted
        # submissions as a source of figures (the roll-up) and the figures of timeliness.
        from lienhiep.campaigns import rollup
        from lienhiep.reporting import registry

        registry.register_source(rollup.SOURCE)
        registry.register(rollup.SPECS)
