from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    """Campaigns down the tree (đợt báo cáo): a union asks the units under it for their figures and news by a
    deadline, and their submissions come back (REPORTING.md §5.6; decision 0013). Above `reporting`: it reads the
    figure registry to pre-fill, and nothing below it reads campaigns."""

    name = "lienhiep.campaigns"
    label = "campaigns"
    verbose_name = _("Reporting campaigns")
