from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from lienhiep.core.nav import NavItem


class OrgsConfig(AppConfig):
    name = "lienhiep.orgs"
    label = "orgs"
    verbose_name = _("Organisations")
    nav_items = (
        NavItem(_("Home"), "home", "house", order=0, section="", audience="all"),
        NavItem(_("Assignments"), "orgs:assignments", "briefcase", order=1, section="", audience="role_less"),
        NavItem(_("Organisation tree"), "orgs:tree", "diagram-3", order=10, section="orgs"),
    )

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from lienhiep.accounts import policy
        from lienhiep.orgs import logins, triggers

        policy.require_second_factor_when(logins.is_officer)
        policy.short_idle_when(logins.may_reveal_ids)
        policy.password_words_from(logins.unit_words)

        # The triggers that forget remembered figures follow the sources apps declare (decision 0006).
        post_migrate.connect(triggers.install_after_migrate, sender=self, dispatch_uid="orgs.figures.install")
