from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.measures import MeasureSpec
from lienhiep.core.nav import NavItem


class ActivitiesConfig(AppConfig):
    name = "lienhiep.activities"
    label = "activities"
    verbose_name = _("Activities")
    nav_items = (
        NavItem(_("Activities"), "activities:list", "calendar-event", order=30),
        NavItem(_("Initiatives"), "activities:initiatives", "lightbulb", order=32),
        NavItem(_("Overview"), "activities:overview", "graph-up", order=38),
    )
    # Run by orgs.tasks.figures_warm after a change to the tree (orgs.figures forgot the overviews' figures).
    figure_warmers = ("lienhiep.activities.selectors.overview_warm",)
    congress_measures = (
        MeasureSpec(
            "initiatives_applied_share",
            _("Share of recognised initiatives applied"),
            "%",
            "lienhiep.activities.measures.applied_share",
        ),
        MeasureSpec(
            "initiatives_province_level",
            _("Initiatives recognised at province level or above"),
            _("initiatives"),
            "lienhiep.activities.measures.at_province_level_or_above",
        ),
    )

    def ready(self) -> None:
        import datetime as dt

        from lienhiep.activities.models import Activity, Initiative
        from lienhiep.orgs import figures

        figures.watch(Activity, source="activities", day=lambda activity: activity.start_date)
        figures.watch(Initiative, source="initiatives", day=lambda initiative: dt.date(initiative.year, 1, 1))
