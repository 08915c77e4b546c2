"""The data subjects' requests past their legal deadline (core/reminders.py's second source, beside the daily
`requests_overdue` list): the unit's officers and the request's handler are reminded the day after the deadline,
then once a week while it stays open."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from lienhiep.core.reminders import Reminder
from lienhiep.members.selectors import overdue_requests
from lienhiep.orgs.models import RoleKind
from lienhiep.orgs.selectors import holder_emails

EVERY_DAYS = 7


def due(today: dt.date) -> Iterator[Reminder]:
    requests = list(overdue_requests(org_ids=None, on=today))
    emails = holder_emails([r.org_id for r in requests], kinds=[RoleKind.OFFICER], on=today)
    link = settings.SITE_URL.rstrip("/") + reverse("members:requests")
    for request in requests:
        late = (today - request.due_on).days
        week = (late - 1) // EVERY_DAYS + 1
        to = set(emails.get(request.org_id, []))
        if request.handler is not None and request.handler.email and request.handler.is_active:
            to.add(request.handler.email)
        words = {
            "unit": request.org.name,
            "kind": request.get_kind_display(),
            "due": f"{request.due_on:%d/%m/%Y}",
            "days": late,
            "link": link,
        }
        yield Reminder(
            key=f"members.request.{request.pk}.week-{week}",
            to=tuple(sorted(to)),
            subject=_("A data subject request of %(unit)s is past its deadline") % words,
            body=_(
                "A request (%(kind)s) received by %(unit)s was due %(due)s and is still open, %(days)s days late. "
                "The law asks for an answer within its deadline:\n%(link)s\n"
            )
            % words,
            about=f"members.SubjectRequest:{request.pk}",
        )
