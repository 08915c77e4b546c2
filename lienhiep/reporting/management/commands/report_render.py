"""Write one report's file: `manage.py report_render --report ID --format docx|xlsx|pdf --out PATH`.

For scripts, cron and checks: a draft prints its figures computed now, an approved or issued report its frozen
ones (the same bytes as the issued file's `word/document.xml`). Problems the document lists (a wording that did
not fit, a figure entered by hand still empty) go to stderr; the file is written all the same.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from lienhiep.reporting import selectors, services
from lienhiep.reporting.models import Report


class Command(BaseCommand):
    help = "Render a report as Word (.docx), its Excel annex (.xlsx) or PDF."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--report", type=int, required=True, help="the report's id (see report_list)")
        parser.add_argument("--format", choices=services.FORMATS, required=True)
        parser.add_argument("--out", required=True, help="the file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        report = Report.objects.select_related("org").filter(pk=options["report"]).first()
        if report is None:
            raise CommandError(f"No report {options['report']}.")
        # The annex lists every list whole; the Word file prints their first rows.
        document = selectors.document(report, whole_lists=options["format"] == "xlsx")
        try:
            content = services.render(document, options["format"])
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        out = Path(options["out"])
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(content)
        for problem in document.problems:
            self.stderr.write(problem)
        self.stdout.write(f"{out} ({len(content)} bytes)")
