"""List reports, one a line: `manage.py report_list [--org ID] [--kind K] [--status S]`.

Each line: id, unit (its name today), kind, period (dd/mm/yyyy-dd/mm/yyyy), status, separated by tabs.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lienhiep.core import filtering
from lienhiep.reporting.models import Report, ReportKind, ReportStatus


class Command(BaseCommand):
    help = "List reports: id, unit, kind, period and status, one a line."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", type=int, help="only the reports of this unit (id)")
        parser.add_argument("--kind", choices=ReportKind.values)
        parser.add_argument("--status", choices=ReportStatus.values)

    def handle(self, *args: Any, **options: Any) -> None:
        rows = Report.objects.select_related("org").order_by("org__name_sort", "-period_end", "-version", "id")
        rows = rows.filter(**filtering.given(org_id=options["org"], kind=options["kind"], status=options["status"]))
        for report in rows:
            period = f"{report.period_start:%d/%m/%Y}-{report.period_end:%d/%m/%Y}"
            self.stdout.write("\t".join([str(report.pk), report.org.name, report.kind, period, report.status]))
