from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.nav import NavItem


def _sync_templates(using: str = "default", **_kwargs: Any) -> None:
    """The shipped templates follow their files after every `migrate` (`services.templates_sync`)."""
    from django.db import connections

    from lienhiep.reporting.models import ReportTemplate
    from lienhiep.reporting.services import templates_sync

    if ReportTemplate._meta.db_table in connections[using].introspection.table_names():
        templates_sync(strict=False)


class ReportingConfig(AppConfig):
    """The dashboard layer: reports, their figures and the pages that read every app."""

    name = "lienhiep.reporting"
    label = "reporting"
    verbose_name = _("Reports")
    nav_items = (
        NavItem(_("Overview"), "reporting:overview", "graph-up", order=38),
        NavItem(_("Reports"), "reporting:list", "file-earmark-text", order=55),
    )
    # Run by orgs.tasks.figures_warm after a change to the tree (orgs.figures forgot the overviews' figures).
    figure_warmers = ("lienhiep.reporting.overview.warm",)
    # A member's erasure: an unissued report they were to sign loses its signer; an issued one keeps it (0018).
    person_erasure = "lienhiep.reporting.services.person_erased"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_sync_templates, sender=self, dispatch_uid="reporting.templates_sync")
