from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.exports import ExportSource
from lienhiep.core.nav import NavItem
from lienhiep.core.reminders import ReminderSource


class ReviewsConfig(AppConfig):
    """Consultancy, critique and social assessment (TVPB&GĐXH, issue 15): dossiers, their experts, costs, drafts and
    the union's opinion. Above `reporting` beside campaigns (decision 0014): it prints its opinion through
    reporting's Word machinery and posts its costs as finance spending lines; its figures reach the registry from
    `ready`, and nothing below it reads reviews."""

    name = "lienhiep.reviews"
    label = "reviews"
    verbose_name = _("Consultancy and critique")
    nav_items = (NavItem(_("Consultancy and critique"), "reviews:list", "clipboard-check", order=57),)
    export_sources = (
        ExportSource(
            "dossier_board",
            _("Consultancy and critique dossiers"),
            "ho-so-tu-van-phan-bien",
            "lienhiep.reviews.exporting.board_rows",
            "reviews:list",
        ),
    )
    reminder_sources = (ReminderSource("reviews", "lienhiep.reviews.reminders.due"),)
    # Records a unit's end may not precede (orgs.services refuses to end a unit before them).
    records_dated_from = ("lienhiep.reviews.selectors.records_dated_from",)
    # An expert's history in the registry (experts/assignments.py), and the pages an assigned expert opens without a
    # role (orgs.middleware.RoleLessMiddleware); each view checks the grant on its dossier itself: the dossier and
    # the declaration of interest, the draft, its comments and the opinion (reviews.drafts.permissions).
    expert_assignments = ("lienhiep.reviews.selectors.expert_assignments",)
    # A member's erasure: their comments' author names, an unissued opinion's signer (decision 0018).
    person_erasure = "lienhiep.reviews.drafts.services.person_erased"
    grant_views = (
        "reviews:detail", "reviews:declare",
        "reviews:draft", "reviews:draft_parts", "reviews:draft_progress", "reviews:draft_file", "reviews:comment_new",
        "reviews:part_comments", "reviews:comment_reply", "reviews:opinion", "reviews:opinion_docx",
    )  # fmt: skip

    def ready(self) -> None:
        # What reports read of dossiers, given to the registry from above (decision 0014).
        from lienhiep.reporting import registry
        from lienhiep.reviews import figures

        registry.register(figures.SPECS)
