"""The dossiers' reminders (core/reminders.py): to the holders of the node that keeps a dossier (its officers and
secretaries), one reminder when the current step's day comes near (within `BEFORE_DAYS`) and one when it has passed
(the day after, then every `OVERDUE_EVERY_DAYS`, up to `OVERDUE_MAX`). The day is the step's, set from the union's
regulation profile when the step began; a step left in time gets nothing more. And to each expert on an open
dossier whose assignment has an end day (their deadline, `DossierExpert.ends_on`), one reminder within
`BEFORE_DAYS` of it, at their login's address or the registry's."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from lienhiep.core.reminders import Reminder
from lienhiep.orgs.models import RoleKind
from lienhiep.orgs.selectors import holder_emails
from lienhiep.reviews.models import Dossier, DossierExpert
from lienhiep.reviews.models.dossiers import ENDED

BEFORE_DAYS = 2
OVERDUE_EVERY_DAYS = 3
OVERDUE_MAX = 3


def slot(due: dt.date, today: dt.date) -> str | None:
    """Which reminder a step due on `due` gets `today`: "before" within [D−2, D], "overdue-k" for the k-th after it
    (the day after, then every three days, three at most), none otherwise."""
    days = (due - today).days
    if 0 <= days <= BEFORE_DAYS:
        return "before"
    if days < 0:
        k = (-days - 1) // OVERDUE_EVERY_DAYS + 1
        return f"overdue-{k}" if k <= OVERDUE_MAX else None
    return None


def due(today: dt.date) -> Iterator[Reminder]:
    """The dossiers' reminders due `today`: the steps', then the experts' deadlines."""
    yield from _steps(today)
    yield from _experts(today)


def _experts(today: dt.date) -> Iterator[Reminder]:
    reach = today + dt.timedelta(days=BEFORE_DAYS)
    rows = (
        DossierExpert.objects.filter(removed_on__isnull=True, ends_on__gte=today, ends_on__lte=reach)
        .exclude(dossier__status__in=list(ENDED))
        .select_related("dossier", "expert__user")
        .order_by("id")
    )
    for row in rows:
        dossier, expert = row.dossier, row.expert
        address = (expert.user.email if expert.user_id and expert.user else "") or expert.email
        words = {
            "title": _("a confidential dossier") if dossier.confidential else f"“{dossier.title}”",
            "due": f"{row.ends_on:%d/%m/%Y}",
            "link": settings.SITE_URL.rstrip("/") + reverse("reviews:detail", args=[dossier.pk]),
        }
        yield Reminder(
            key=f"reviews.expert.{row.pk}.{row.ends_on:%Y%m%d}.before",
            to=(address,) if address else (),
            subject=_("Your opinion is due %(due)s: %(title)s") % words,
            body=_("Your assignment on %(title)s ends %(due)s; please send your opinion by then:\n%(link)s\n") % words,
            about=f"reviews.DossierExpert:{row.pk}",
        )


def _steps(today: dt.date) -> Iterator[Reminder]:
    reach = today + dt.timedelta(days=BEFORE_DAYS)
    rows = list(
        Dossier.objects.filter(due_on__isnull=False, due_on__lte=reach)
        .exclude(status__in=list(ENDED))
        .select_related("org")
        .order_by("id")
    )
    emails = holder_emails([d.org_id for d in rows], kinds=[RoleKind.OFFICER, RoleKind.SECRETARY], on=today)
    for dossier in rows:
        which = slot(dossier.due_on or today, today)
        if which is None:
            continue
        # A confidential dossier's subject is not written into a mail.
        title = _("a confidential dossier") if dossier.confidential else f"“{dossier.title}”"
        words = {
            "title": title,
            "step": dossier.get_status_display(),
            "due": f"{dossier.due_on:%d/%m/%Y}",
            "link": settings.SITE_URL.rstrip("/") + reverse("reviews:detail", args=[dossier.pk]),
        }
        late = which.startswith("overdue")
        yield Reminder(
            key=f"reviews.dossier.{dossier.pk}.{dossier.status}.{dossier.due_on:%Y%m%d}.{which}",
            to=tuple(emails.get(dossier.org_id, [])),
            subject=(_("Overdue: the step “%(step)s” of %(title)s") if late else _("Due %(due)s: %(title)s")) % words,
            body=(
                _("The step “%(step)s” of %(title)s was due %(due)s. Please move the dossier on:\n%(link)s\n")
                if late
                else _("The step “%(step)s” of %(title)s is due %(due)s:\n%(link)s\n")
            )
            % words,
            about=f"reviews.Dossier:{dossier.pk}",
        )
