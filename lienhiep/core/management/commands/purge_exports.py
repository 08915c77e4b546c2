"""Delete the exports (and their files) kept longer than core.exports.EXPORT_KEEP; run nightly from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lienhiep.core import services


class Command(BaseCommand):
    help = "Delete the spreadsheets exported more than a day ago."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{services.exports_purge()} exports deleted.")
