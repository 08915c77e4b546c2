from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    """The dashboard layer: reports, their figures and the pages that read every app."""

    name = "lienhiep.reporting"
    label = "reporting"
    verbose_name = _("Reports")
