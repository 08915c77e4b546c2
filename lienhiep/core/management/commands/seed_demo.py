"""Load the demo data set: each app that has a `demo` module seeds its part, in INSTALLED_APPS order
(which follows the one-way dependencies, so later apps find what earlier ones made).

Idempotent: an app's `seed()` returns at once when its data is already there.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from lienhiep.core import declarations


class Command(BaseCommand):
    help = "Load the demo data set (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        for module in declarations.modules("demo"):
            with transaction.atomic():
                module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
