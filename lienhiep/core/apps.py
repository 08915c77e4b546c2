from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lienhiep.core"
    label = "core"
