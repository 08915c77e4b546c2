"""Count ahead today's member figures of the country, the provinces and the districts.

Run it nightly (cron or a systemd timer: `manage.py warm_counts`) so the first person to open a
national or provincial page in the morning does not wait for the count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lienhiep.members.selectors import member_counts_warm
from lienhiep.orgs.selectors import today


class Command(BaseCommand):
    help = "Count ahead the member figures of the country, provinces and districts (today, or --on dd/mm/yyyy)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--on", help="the date, dd/mm/yyyy (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        on = today()
        if options["on"]:
            try:
                on = dt.datetime.strptime(options["on"], "%d/%m/%Y").date()  # noqa: DTZ007 - a calendar date
            except ValueError:
                raise CommandError(f"Not a date (dd/mm/yyyy): {options['on']}") from None
        done = member_counts_warm(on=on)
        self.stdout.write(f"{done} figures counted for {on:%d/%m/%Y}.")
