"""Campaigns for tests, opened through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from lienhiep.campaigns import services
from lienhiep.campaigns.models import Campaign, CampaignKind

D = dt.date

FORM: dict[str, Any] = {
    "figures": [
        {"key": "members.count", "params": {}},
        {"key": "activities.count", "params": {"kind": "training"}},
    ],
    "sections": [
        {"key": "training", "title": "Công tác thông tin, tuyên truyền, phổ biến kiến thức"},
        {"key": "building", "title": "Công tác xây dựng tổ chức"},
    ],
    "attachments": [{"key": "report", "title": "Báo cáo có chữ ký, đóng dấu"}],
}


def at(year: int, month: int, day: int, hour: int = 17, minute: int = 0) -> dt.datetime:
    """A moment in Vietnam's time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def half_year(
    actor: Any, org: Any, *, year: int = 2026, kinds: list[str] | None = None, open_it: bool = True, **extra: Any
) -> Campaign:
    """A half-year campaign of `org`: period 01/01–30/06 of `year`, cut-off 30/06, deadline 10/07 17:00."""
    values: dict[str, Any] = {
        "kind": CampaignKind.HALF_YEAR,
        "title": f"Báo cáo 6 tháng đầu năm {year}",
        "period_start": D(year, 1, 1),
        "period_end": D(year, 6, 30),
        "as_of": D(year, 6, 30),
        "deadline": at(year, 7, 10),
        "form": FORM,
        "kinds": kinds,
        "request_number": "45/LHH-VP",
        "request_date": D(year, 6, 1),
        **extra,
    }
    if open_it:
        return services.campaign_open_new(actor=actor, org=org, **values)
    return services.campaign_create(actor=actor, org=org, **values)
