"""The dossiers' reminders: before a step's day and after it, to the holders of the node that keeps the dossier,
each once (core/reminders.py)."""

import datetime as dt

from django.core import mail

from lienhiep.core import reminders
from lienhiep.reviews.reminders import slot
from lienhiep.reviews.tests.factories import dossier

D = dt.date


def test_the_slot_of_a_step_due_on_a_day():
    due = D(2026, 3, 10)
    days = [D(2026, 3, d) for d in (7, 8, 10, 11, 13, 14, 17, 20, 21)]
    assert [slot(due, day) for day in days] == [
        None, "before", "before", "overdue-1", "overdue-1", "overdue-2", "overdue-3", None, None
    ]  # fmt: skip


def test_a_step_due_is_mailed_to_the_units_holders_once_and_a_confidential_subject_is_not_written(world):
    world.alice.email = "alice@hatinh.test"
    world.alice.save()
    dossier(world.alice, world.ha_tinh, title="Quy hoạch mật", confidential=True)  # received 02/03: due 04/03
    first = reminders.remind(today=D(2026, 3, 5), only=["reviews"])
    again = reminders.remind(today=D(2026, 3, 5), only=["reviews"])
    assert (len(first.sent), len(again.sent), again.skipped) == (1, 0, 1)
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["alice@hatinh.test"], "Quá hạn: bước “Tiếp nhận hồ sơ” của một hồ sơ mật")
    ]
    assert "Quy hoạch mật" not in mail.outbox[0].body
