"""Daily: send the reminders every app's sources say are due today (core/reminders.py), each once. Safe to run
again the same day: what was sent is in the log and is not sent twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from lienhiep.core import reminders


class Command(BaseCommand):
    help = "Send the reminders due today (campaigns, data subject requests…), each one once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--today", type=dt.date.fromisoformat, help="The day to send for (YYYY-MM-DD).")
        parser.add_argument("--source", action="append", default=[], help="Only this source (repeatable).")

    def handle(self, *args: Any, **options: Any) -> None:
        outcome = reminders.remind(today=options["today"], only=options["source"])
        self.stdout.write(f"{len(outcome.sent)} reminders sent, {outcome.skipped} already sent before.")
