"""Reminders through a campaign, the clock moved day by day (acceptance test E, items 32 and 33): D−7 and D−2 to
those not yet submitted, then the day after the deadline and every 2 days while overdue, up to 5, each logged once
however often the daily command runs; none to a unit that has submitted or is exempt."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from lienhiep.accounts.tests.factories import UserFactory
from lienhiep.campaigns import reminders as campaign_reminders
from lienhiep.campaigns import services
from lienhiep.campaigns.models import DEFAULT_REMINDERS
from lienhiep.campaigns.tests.factories import at, half_year
from lienhiep.core import reminders
from lienhiep.core.models import ReminderLog
from lienhiep.orgs import services as org_services
from lienhiep.orgs.models import OrgKind, RoleKind

D = dt.date
pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 7, 2), None),
        (D(2026, 7, 3), "before-7"),
        (D(2026, 7, 7), "before-7"),
        (D(2026, 7, 8), "before-2"),
        (D(2026, 7, 10), "before-2"),
        (D(2026, 7, 11), "overdue-1"),
        (D(2026, 7, 12), "overdue-1"),
        (D(2026, 7, 13), "overdue-2"),
        (D(2026, 7, 19), "overdue-5"),
        (D(2026, 7, 20), "overdue-5"),
        (D(2026, 7, 21), None),
    ],
)
def test_which_reminder_is_due_on_a_day(today, expected):
    assert campaign_reminders.slot(D(2026, 7, 10), today, DEFAULT_REMINDERS) == expected


def test_reminders_through_a_campaign(world, mailoutbox):
    # Given Hà Tĩnh's campaign (deadline 10/07 17:00) over its sector association (a secretary with an address), the
    # Hồng Lĩnh union (nobody's address) and a new association exempted on 01/07
    lan_secretary = UserFactory(username="thu")
    org_services.role_grant(
        actor=world.root, user=lan_secretary, org=world.lawyers_ht, kind=RoleKind.SECRETARY, valid_from=D(2026, 1, 1)
    )
    it = org_services.org_create(
        actor=world.root, kind=OrgKind.ASSOCIATION, name="Hội Tin học", founded_on=D(2010, 1, 1), parent=world.ha_tinh
    )
    with time_machine.travel(at(2026, 6, 25, 8), tick=False):
        campaign = half_year(world.alice, world.ha_tinh)
    lawyers, hong_linh, exempt = (campaign.submissions.get(org=o) for o in (world.lawyers_ht, world.hong_linh, it))

    # When the daily command runs twice a day from 25/06 to 25/07, Hồng Lĩnh submitting on 09/07 and the new
    # association exempted on 01/07
    day = D(2026, 6, 25)
    while day <= D(2026, 7, 25):
        with time_machine.travel(at(day.year, day.month, day.day, 7), tick=False):
            if day == D(2026, 7, 1):
                services.submission_exempt(actor=world.alice, submission=exempt, reason="Mới thành lập")
            if day == D(2026, 7, 9):
                services.submission_submit(actor=world.alice, submission=hong_linh)
            reminders.remind(today=day)
            reminders.remind(today=day)
        day += dt.timedelta(days=1)

    # Then each unit got what it was owed, each reminder once
    def sent(submission):
        return [
            (row.sent_on.strftime("%d/%m"), row.key.rsplit(".", 1)[1])
            for row in ReminderLog.objects.filter(about=f"campaigns.Submission:{submission.pk}").order_by("sent_on")
        ]

    assert sent(lawyers) == [
        ("25/06", "opened"),
        ("03/07", "before-7"),
        ("08/07", "before-2"),
        ("11/07", "overdue-1"),
        ("13/07", "overdue-2"),
        ("15/07", "overdue-3"),
        ("17/07", "overdue-4"),
        ("19/07", "overdue-5"),
    ]
    assert sent(hong_linh) == [("25/06", "opened"), ("03/07", "before-7"), ("08/07", "before-2")]
    assert sent(exempt) == [("25/06", "opened")]
    for submission, count in ((lawyers, 7), (hong_linh, 2), (exempt, 0)):
        submission.refresh_from_db()
        assert submission.reminders_sent == count
    # Mail went to the addresses there are: the sector association's secretary, in Vietnamese
    assert len(mailoutbox) == 8
    assert {tuple(m.to) for m in mailoutbox} == {("thu@example.test",)}
    assert mailoutbox[1].subject == "Nhắc nhở: Báo cáo 6 tháng đầu năm 2026 hạn nộp 17:00 10/07/2026"
    assert mailoutbox[3].subject == "Quá hạn: Báo cáo 6 tháng đầu năm 2026"
    assert f"/campaigns/submissions/{lawyers.pk}/" in mailoutbox[3].body
    assert ReminderLog.objects.get(key__endswith=f"{hong_linh.pk}.opened").recipients == []


def test_an_extension_brings_its_own_reminders(world):
    campaign = half_year(world.alice, world.ha_tinh)
    submission = campaign.submissions.get(org=world.lawyers_ht)
    reminders.remind(today=D(2026, 7, 11))
    services.submission_extend(actor=world.alice, submission=submission, due=at(2026, 7, 20), reason="Xin gia hạn")
    reminders.remind(today=D(2026, 7, 18))
    keys = sorted(
        ReminderLog.objects.filter(about=f"campaigns.Submission:{submission.pk}").values_list("key", flat=True)
    )
    assert [key.split(".", 3)[3] for key in keys] == ["20260710.overdue-1", "20260720.before-2", "opened"]


def test_the_command_sends_once_a_day_and_says_so(world, mailoutbox, capsys):
    campaign = half_year(world.alice, world.ha_tinh, open_it=False)
    del campaign
    call_command("remind", "--today", "2026-07-03")
    assert capsys.readouterr().out == "0 reminders sent, 0 already sent before.\n"
