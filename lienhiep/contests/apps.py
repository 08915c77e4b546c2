from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.nav import NavItem


class ContestsConfig(AppConfig):
    """Creativity contests (issue 16): contests, editions and their rules, entries, screening, judging, prizes and
    forwarding, and a public page per edition. Above `reporting` beside campaigns and reviews (decision 0016): its
    results decision is printed through reporting's Word machinery, and its figures reach the registry from `ready`;
    nothing below it reads contests."""

    name = "lienhiep.contests"
    label = "contests"
    verbose_name = _("Creativity contests")
    nav_items = (NavItem(_("Creativity contests"), "contests:list", "trophy", order=58),)
    # A juror's history in the registry (experts/assignments.py).
    expert_assignments = ("lienhiep.contests.judging.selectors.expert_assignments",)
    # The pages a juror opens without a role (orgs.middleware.RoleLessMiddleware), each checking her grant on her
    # seat itself (contests.judging.permissions.get_seat_for_juror): her sheet, an entry with its files and her
    # scores, her declaration.
    grant_views = ("contests:judge", "contests:judge_entry", "contests:judge_declare", "contests:judge_file")
    # A member's erasure: an unissued results decision typed with their name as signer loses it (decision 0018).
    person_erasure = "lienhiep.contests.judging.services.person_erased"

    def ready(self) -> None:
        # What reports read of contests, given to the registry from above (decision 0016).
        from lienhiep.contests import figures
        from lienhiep.reporting import registry

        registry.register(figures.SPECS)
