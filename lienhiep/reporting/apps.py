from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.nav import NavItem


class ReportingConfig(AppConfig):
    """The dashboard layer: reports, their figures and the pages that read every app."""

    name = "lienhiep.reporting"
    label = "reporting"
    verbose_name = _("Reports")
    nav_items = (NavItem(_("Overview"), "reporting:overview", "graph-up", order=38),)
    # Run by orgs.tasks.figures_warm after a change to the tree (orgs.figures forgot the overviews' figures).
    figure_warmers = ("lienhiep.reporting.overview.warm",)
