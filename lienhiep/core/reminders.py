"""Reminders by e-mail, for every app: one `manage.py remind` a day sends what is due and logs each send.

An app offers reminders by declaring `reminder_sources` on its AppConfig (core imports no app): a name, and the
function that, given the day, lists the reminders due that day (`Reminder`: a key, the addresses, the subject and
the text), and optionally one told of those sent (a count to keep). Each reminder's `key` names it for ever: a key
already in the log (`core.models.ReminderLog`) is never sent again, so running the command twice a day, or after a
day it did not run, sends nothing twice. A source says which reminder is due today (the campaigns': D−7, D−2,
then every two days overdue); catching up a missed day is its choice, by its keys.

Each reminder is logged and sent in one transaction: if the mail server refuses it, nothing is logged and the next
run tries again; two runs at once insert the same key once (a unique constraint), and the second skips it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from lienhiep.core import declarations

log = logging.getLogger("lienhiep.reminders")


@dataclass(frozen=True)
class Reminder:
    key: str  # unique for ever: "campaigns.submission.12.20260710.before-7"
    to: tuple[str, ...]  # the addresses; none: logged (it was due) and not mailed
    subject: str
    body: str
    about: str = ""  # what it is about, for the log: "campaigns.Submission:12"
    # Counted by the source's `sent` hook (a notice that a campaign opened is not a reminder).
    counts: bool = True


@dataclass(frozen=True)
class ReminderSource:
    name: str  # "campaigns"
    due: str  # dotted path of (today: date) -> Iterable[Reminder], computed in Vietnamese
    sent: str = ""  # dotted path of (reminders: list[Reminder]) -> None, called in the send's transaction


def reminder_sources() -> list[ReminderSource]:
    return list(declarations.declared("reminder_sources", ReminderSource))


@dataclass
class Outcome:
    sent: list[str] = field(default_factory=list)  # keys sent (or logged without an address) in this run
    skipped: int = 0  # due but already in the log


def remind(*, today: dt.date | None = None, only: Iterable[str] = (), mail: bool = True) -> Outcome:
    """Send every reminder due `today` (the local date by default) that was never sent; of the sources `only`
    names, when given. Without `mail`, log them without mailing (the demo writes its past reminders so)."""
    from lienhiep.core.models import ReminderLog

    today = today or timezone.localdate()
    wanted = set(only)
    outcome = Outcome()
    for source in reminder_sources():
        if wanted and source.name not in wanted:
            continue
        with translation.override("vi"):
            due = list(import_string(source.due)(today))
        logged = set(ReminderLog.objects.filter(key__in=[r.key for r in due]).values_list("key", flat=True))
        hook = import_string(source.sent) if source.sent else None
        for reminder in due:
            if reminder.key in logged:
                outcome.skipped += 1
                continue
            try:
                with transaction.atomic():
                    ReminderLog.objects.create(
                        source=source.name,
                        key=reminder.key,
                        about=reminder.about,
                        recipients=list(reminder.to),
                        subject=reminder.subject[:255],
                        sent_on=today,
                    )
                    if reminder.to and mail:
                        send_mail(reminder.subject, reminder.body, None, list(reminder.to))
                    if hook is not None:
                        hook([reminder])
            except IntegrityError:  # another run sent it meanwhile
                outcome.skipped += 1
                continue
            outcome.sent.append(reminder.key)
            log.info("reminder sent", extra={"key": reminder.key, "recipients": len(reminder.to)})
    return outcome
