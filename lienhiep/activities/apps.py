from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

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
