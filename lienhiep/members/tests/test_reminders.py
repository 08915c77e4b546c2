"""The data subjects' requests past their deadline as the second source of core's reminders: the unit's officers and
the handler are mailed the day after the deadline, then weekly, each reminder once."""

from __future__ import annotations

import datetime as dt

import pytest

from lienhiep.core import reminders
from lienhiep.core.models import ReminderLog
from lienhiep.members.services import subject_request_record
from lienhiep.orgs.selectors import today

pytestmark = pytest.mark.django_db


def test_an_overdue_request_is_mailed_once_a_week(world, mailoutbox):
    request = subject_request_record(
        actor=world.alice,
        org=world.ha_tinh,
        requester="Nguyễn Văn An",
        kind="access",
        received_on=today() - dt.timedelta(days=16),
        handler=world.lan,
    )
    # due 15 days after receipt: one day late today
    assert reminders.remind(today=today(), only=["members"]).sent == [f"members.request.{request.pk}.week-1"]
    assert reminders.remind(today=today() + dt.timedelta(days=6), only=["members"]).sent == []
    assert reminders.remind(today=today() + dt.timedelta(days=7), only=["members"]).sent == [
        f"members.request.{request.pk}.week-2"
    ]
    assert [sorted(m.to) for m in mailoutbox] == [["alice@example.test", "lan@example.test"]] * 2
    assert mailoutbox[0].subject == "Một yêu cầu của chủ thể dữ liệu gửi Liên hiệp hội tỉnh Hà Tĩnh đã quá hạn"
    assert ReminderLog.objects.filter(source="members").count() == 2


def test_an_answered_request_is_not_reminded(world, mailoutbox):
    from lienhiep.members.services import subject_request_move

    request = subject_request_record(
        actor=world.alice, org=world.ha_tinh, requester="An", kind="access", received_on=today() - dt.timedelta(days=20)
    )
    request = subject_request_move(actor=world.alice, request=request, status="in_progress")
    subject_request_move(actor=world.alice, request=request, status="answered", reply="Đã cung cấp.")
    assert reminders.remind(today=today(), only=["members"]).sent == []
    assert mailoutbox == []
