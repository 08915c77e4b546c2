from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContestsConfig(AppConfig):
    """Creativity contests (issue 16): contests, editions and their rules, entries, screening, judging, prizes and
    forwarding, and a public page per edition. Above `reporting` beside campaigns and reviews (decision 0016): its
    results decision is printed through reporting's Word machinery, and its figures reach the registry from `ready`;
    nothing below it reads contests."""

    name = "lienhiep.contests"
    label = "contests"
    verbose_name = _("Creativity contests")
    # The pages a juror opens without a role (orgs.middleware.RoleLessMiddleware), each checking her grant on her
    # seat itself (contests.judging.permissions.get_seat_for_juror): her sheet, an entry with its files and her
    # scores, her declaration.
    # A juror's history in the registry (experts/assignments.py).
    expert_assignments = ("lienhiep.contests.judging.selectors.expert_assignments",)
    grant_views = ("contests:judge", "contests:judge_entry", "contests:judge_declare", "contests:judge_file")
