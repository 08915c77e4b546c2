"""The demo campaign holds every state (acceptance test E, item 32): Hà Tĩnh's H1 2026 half-year campaign."""

from __future__ import annotations

import pytest

from lienhiep.campaigns import selectors
from lienhiep.campaigns.demo import TITLE
from lienhiep.campaigns.models import Campaign, Submission
from lienhiep.core.models import ReminderLog

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_has_every_state(demo):
    campaign = Campaign.objects.get(title=TITLE)
    assert (campaign.org.short_name, campaign.status, campaign.request_number) == (
        "Liên hiệp hội tỉnh Hà Tĩnh",
        "open",
        "45/LHH-VP",
    )
    assert selectors.board_counts(campaign) == {
        "pending": 1,
        "draft": 1,
        "submitted": 1,
        "returned": 0,
        "accepted": 19,
        "locked": 0,
        "exempt": 1,
    }
    rows = {row.name: row for row in selectors.board(campaign)}
    late = {name: row.days_late for name, row in rows.items() if row.days_late}
    assert late == {
        "Hội KH&KT phường Đậu Liêu": 3,
        "Hội Kiến trúc sư tỉnh Hà Tĩnh": 6,
        "Hội KH&KT xã Thuận Lộc": late["Hội KH&KT xã Thuận Lộc"],  # still owed: late by the days since 10/06
        "Hội KH&KT Công ty CP Vật liệu xây dựng Lam Hồng": late["Hội KH&KT Công ty CP Vật liệu xây dựng Lam Hồng"],
    }
    returned = Submission.objects.get(pk=rows["Hội KH&KT phường Trung Lương"].pk)
    assert (returned.status, returned.version, returned.days_late()) == ("accepted", 2, 0)
    kinds = list(returned.events.order_by("id").values_list("kind", flat=True))
    assert kinds == ["prefill", "save", "submit", "return", "save", "submit", "accept"]
    # Reminders: D−7 and D−2 to those not yet submitted, then while overdue, up to 5
    reminded = {name: row.reminders_sent for name, row in rows.items()}
    assert reminded["Hội KH&KT xã Thuận Lộc"] == 7
    assert reminded["Hội KH&KT phường Đậu Liêu"] == 3  # D−7, D−2, D+1 (it came on D+3, before that day's run)
    assert reminded["Hội Kiến trúc sư tỉnh Hà Tĩnh"] == 5  # D−7, D−2, D+1, D+3, D+5
    assert reminded["Hội Làm vườn tỉnh Hà Tĩnh"] == 0
    assert ReminderLog.objects.filter(key__startswith="campaigns.").count() == 23 + sum(reminded.values())
    assert ReminderLog.objects.get(key=f"campaigns.submission.{returned.pk}.opened").recipients == [
        "quy@trungluong.demo"
    ]
