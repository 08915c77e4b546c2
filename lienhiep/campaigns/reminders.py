"""The campaigns' reminders (core/reminders.py's first source): to each unit that still owes its submission to an
open campaign, a notice when the campaign opens, then reminders before its deadline (`before_days`: D−7, D−2) and
while it is overdue (the day after, then every `overdue_every_days`, up to `overdue_max`), as the campaign's
`reminders` says. None to a unit that has submitted or is exempt. Sent to the unit's secretaries and officers (roles
on the unit itself)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lienhiep.campaigns.models import OWED, CampaignStatus, Submission
from lienhiep.core.reminders import Reminder
from lienhiep.orgs.models import RoleKind
from lienhiep.orgs.selectors import holder_emails

OPENED = "opened"


def slot(due: dt.date, today: dt.date, config: dict[str, Any]) -> str | None:
    """Which reminder is due `today` for a deadline on `due`: "before-7" within (D−2, D−7], "before-2" within
    [D, D−2], "overdue-k" for the k-th overdue one (the day after the deadline, then every `overdue_every_days`), none
    past `overdue_max`. One slot a day; a day missed is caught up by the next run, once."""
    days = (due - today).days
    if days >= 0:
        befores = sorted(config.get("before_days", []), reverse=True)
        for i, before in enumerate(befores):
            following = befores[i + 1] if i + 1 < len(befores) else -1
            if following < days <= before:
                return f"before-{before}"
        return None
    every = max(int(config.get("overdue_every_days", 2)), 1)
    k = (-days - 1) // every + 1
    return f"overdue-{k}" if k <= int(config.get("overdue_max", 5)) else None


def _link(submission: Submission) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("campaigns:submission", args=[submission.pk])


def due(today: dt.date) -> Iterator[Reminder]:
    """The campaigns' reminders due `today`."""
    owed = list(
        Submission.objects.filter(campaign__status=CampaignStatus.OPEN, status__in=list(OWED))
        .select_related("campaign__org", "org")
        .order_by("id")
    )
    emails = holder_emails([s.org_id for s in owed], kinds=[RoleKind.SECRETARY, RoleKind.OFFICER], on=today)
    for submission in owed:
        campaign = submission.campaign
        to = tuple(emails.get(submission.org_id, []))
        deadline = timezone.localtime(submission.due)
        about = f"campaigns.Submission:{submission.pk}"
        words = {
            "title": campaign.title,
            "requester": campaign.org.name,
            "unit": submission.org.name,
            "deadline": f"{deadline:%H:%M %d/%m/%Y}",
            "link": _link(submission),
        }
        yield Reminder(
            key=f"campaigns.submission.{submission.pk}.{OPENED}",
            to=to,
            subject=_("%(requester)s asks for your report: %(title)s") % words,
            body=_(
                "%(requester)s asks %(unit)s for its report “%(title)s” by %(deadline)s.\n"
                "Its figures are counted from your records; check them, add your news and submit:\n%(link)s\n"
            )
            % words,
            about=about,
            counts=False,
        )
        which = slot(timezone.localdate(submission.due), today, campaign.reminders)
        if which is None:
            continue
        late = which.startswith("overdue")
        yield Reminder(
            key=f"campaigns.submission.{submission.pk}.{deadline:%Y%m%d}.{which}",
            to=to,
            subject=(_("Overdue: %(title)s") if late else _("Reminder: %(title)s is due %(deadline)s")) % words,
            body=(
                _(
                    "The report “%(title)s” that %(requester)s asked of %(unit)s was due %(deadline)s and has not "
                    "been submitted. Please submit it:\n%(link)s\n"
                )
                if late
                else _("The report “%(title)s” that %(requester)s asks of %(unit)s is due %(deadline)s:\n%(link)s\n")
            )
            % words,
            about=about,
        )


def sent(reminders: list[Reminder]) -> None:
    """Count each reminder on its submission (the board's "reminders sent")."""
    for reminder in reminders:
        if reminder.counts and reminder.about.startswith("campaigns.Submission:"):
            pk = int(reminder.about.split(":")[1])
            Submission.objects.filter(pk=pk).update(reminders_sent=F("reminders_sent") + 1)
