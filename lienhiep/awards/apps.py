from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.measures import MeasureSpec
from lienhiep.core.nav import NavItem
from lienhiep.core.overview import OverviewPanel


class AwardsConfig(AppConfig):
    name = "lienhiep.awards"
    label = "awards"
    verbose_name = _("Honours")
    nav_items = (
        NavItem(_("Honours"), "awards:list", "award", order=40),
        NavItem(_("Emulation ratings"), "awards:ratings", "star", order=41),
    )
    overview_panels = (OverviewPanel("awards/_overview_panel.html", "lienhiep.awards.selectors.overview_panel", 40),)
    congress_measures = (
        MeasureSpec(
            "vusta_certificates",
            _("VUSTA certificates of merit to the unit"),
            _("certificates"),
            "lienhiep.awards.measures.vusta_certificates",
        ),
    )

    def ready(self) -> None:
        from lienhiep.awards.models import Honour
        from lienhiep.orgs import figures

        figures.watch(Honour, source="honours", day=lambda honour: honour.decision_date)
