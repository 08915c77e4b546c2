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
