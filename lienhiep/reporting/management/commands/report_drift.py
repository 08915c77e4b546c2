"""The nightly drift check: `manage.py report_drift` (cron, after `warm_counts`).

For every approved or issued report, which of its frozen figures its records no longer give; stored on the
report, whose page then says "Số liệu đã thay đổi sau khi duyệt" with the differences.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lienhiep.reporting import services


class Command(BaseCommand):
    help = "Recompute the frozen figures of approved and issued reports and store which changed since approval."

    def handle(self, *args: Any, **options: Any) -> None:
        drifted = services.drift_check()
        self.stdout.write(f"{drifted} reports with figures changed since approval.")
