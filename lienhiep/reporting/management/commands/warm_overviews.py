"""Compute ahead today's overview figures of the country, the provinces and the districts.

Run it nightly after `warm_counts` (cron or a systemd timer: `manage.py warm_overviews`): the figures of
months and years already past are kept until a record of theirs changes, and this computes the current
month's and year's, so the first person to open a national or provincial overview in the morning does not
wait for them (docs/benchmarks.md, "Activities").
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from lienhiep.orgs.selectors import today
from lienhiep.reporting import overview


class Command(BaseCommand):
    help = "Compute ahead the overview figures of the country, provinces and districts for today."

    def handle(self, *args: Any, **options: Any) -> None:
        on = today()
        done = overview.warm(on=on)
        self.stdout.write(f"{done} overviews computed for {on:%d/%m/%Y}.")
