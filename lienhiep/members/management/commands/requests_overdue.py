"""Daily: list the data subject requests past their deadline and the breaches not notified in time, one line each,
for the operator's mail from cron (the officers see the same on their home page). Exit status 1 when there are any,
so that a scheduler can alert on it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from lienhiep.members.models import Breach
from lienhiep.members.selectors import overdue_requests
from lienhiep.orgs.selectors import today


class Command(BaseCommand):
    help = "List the data subject requests past their deadline and the breaches not notified in time."

    def handle(self, *args: Any, **options: Any) -> None:
        lines = [
            f"request {r.pk}\t{r.org.name}\t{r.get_kind_display()}\tdue {r.due_on:%d/%m/%Y}\t"
            f"{r.handler or '-'}\t{r.get_status_display()}"
            for r in overdue_requests(org_ids=None, on=today())
        ]
        late = timezone.now() - dt.timedelta(hours=settings.BREACH_NOTICE_HOURS)
        for b in Breach.objects.filter(notified_at__isnull=True, found_at__lt=late).select_related("org"):
            found = timezone.localtime(b.found_at)
            lines.append(f"breach {b.pk}\t{b.org.name}\tfound {found:%d/%m/%Y %H:%M}\tnot notified")
        for line in lines:
            self.stdout.write(line)
        if lines:
            raise SystemExit(1)
