from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "lienhiep.core"
    label = "core"

    def ready(self) -> None:
        # The configuration checks of a production server (`check --deploy`).
        from lienhiep.core import checks, lookups, triggers  # noqa: F401  (checks registers the deploy checks)

        # `__in` with a long list of ids: built without preparing each id, sent as one array on PostgreSQL.
        lookups.register()

        # Every event table refuses UPDATE and DELETE on PostgreSQL (core/triggers.py); made again after each migrate.
        post_migrate.connect(triggers.install_after_migrate, sender=self, dispatch_uid="core.events.install")
