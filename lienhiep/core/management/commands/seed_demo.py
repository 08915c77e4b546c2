"""Load the demo data set: each app that has a `demo` module seeds its part, in INSTALLED_APPS order
(which follows the one-way dependencies, so later apps find what earlier ones made).

Idempotent: an app's `seed()` returns at once when its data is already there.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = "Load the demo data set (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
