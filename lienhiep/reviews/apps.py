from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    """Consultancy, critique and social assessment (TVPB&GĐXH, issue 15): dossiers, their experts, costs, drafts and
    the union's opinion. Above `reporting` beside campaigns (decision 0014): it prints its opinion through
    reporting's Word machinery and posts its costs as finance spending lines; its figures reach the registry from
    `ready`, and nothing below it reads reviews."""

    name = "lienhiep.reviews"
    label = "reviews"
    verbose_name = _("Consultancy and critique")
