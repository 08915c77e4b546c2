from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.nav import NavItem


class ExpertsConfig(AppConfig):
    """The registry of experts a union keeps (reviews' dossiers, contests' juries and trainings draw on it). The apps
    that assign experts sit above it and tell it their assignments through `expert_assignments` on their AppConfig
    (experts/assignments.py), never by an import from here."""

    name = "lienhiep.experts"
    label = "experts"
    verbose_name = _("Experts")
    nav_items = (NavItem(_("Experts"), "experts:list", "person-badge", order=45),)
    # A member's erasure empties the expert records linked to them (core.redaction.erase_records).
    person_erasure = "lienhiep.experts.services.person_erased"
    audit_paths = {"ExpertImportEvent": "batch__org"}  # a file of experts: in its unit's audit trail
    importers = ("lienhiep.experts.importing.EXPERTS",)  # its file import (core.importers)
