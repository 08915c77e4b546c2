from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lienhiep.core"
    label = "core"

    def ready(self) -> None:
        # The configuration checks of a production server (`check --deploy`).
        from lienhiep.core import checks  # noqa: F401
