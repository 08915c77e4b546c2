"""Compute tonight's figures of the nodes whose pages show nightly figures (the country; decision 0009).

Run it nightly after `warm_counts` and `warm_overviews` (cron or a systemd timer: `manage.py figures_nightly`).
Every figure the national pages read for today — the member statistics, the overview, the member count — is
computed from the records and stored as its nightly figure, which a page shows, with this run's time, once a write
has forgotten the remembered one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from lienhiep.reporting.nightly import figures_nightly


class Command(BaseCommand):
    help = "Compute tonight's figures of the country (the kinds in FIGURES_NIGHTLY_KINDS) for today."

    def handle(self, *args: Any, **options: Any) -> None:
        done, at = figures_nightly()
        kinds = ", ".join(settings.FIGURES_NIGHTLY_KINDS) or "-"
        self.stdout.write(f"{done} nodes ({kinds}) computed at {at:%H:%M %d/%m/%Y}.")
