"""Demo budgets and spending, from ../shared/seeds/000_…: ward and commune associations get "a few million
đồng a year", some agency associations nothing at all, the town union a modest state budget and dues;
spending lines for the associations' trainings and the union's work."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from lienhiep.accounts.models import User
from lienhiep.activities.models import Activity
from lienhiep.finance import services
from lienhiep.finance.models import Budget, Source
from lienhiep.orgs.models import AssociationGroup, Org, OrgKind
from lienhiep.orgs.selectors import today

YEARS = range(2018, 2027)
WITHOUT_BUDGET = ("Hội KH&KT Công an thị xã", "Hội KH&KT Ban Chỉ huy Quân sự thị xã", "Hội KH&KT Chi cục Thuế")


def seed(out: Any) -> None:
    if Budget.objects.exists():
        return
    admin = User.objects.get(username="admin")
    rng = random.Random(2018)  # noqa: S311 - demo data
    town = Org.objects.get(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh")
    under_town = Org.objects.filter(spells__parent=town).distinct().order_by("name_sort")
    wards = list(under_town.filter(group=AssociationGroup.WARDS))
    agencies = [o for o in under_town.filter(group=AssociationGroup.AGENCIES) if not o.name.startswith(WITHOUT_BUDGET)]
    now = today()
    budgets = 0

    def budget(org: Org, year: int, source: str, planned: int) -> None:
        nonlocal budgets
        if year < org.founded_on.year or (org.ended_on and year > org.ended_on.year):
            return
        received = round(planned * rng.choice([1, 1, 1, 0.9, 0.8]), -5) if year <= now.year else None
        services.budget_set(
            actor=admin, org=org, year=year, source=source, planned=Decimal(planned),
            actual=Decimal(received) if received is not None else None,
        )  # fmt: skip
        budgets += 1

    for year in YEARS:
        if year < 2025:
            budget(town, year, Source.STATE, 30_000_000 + 2_000_000 * (year - 2018))
            budget(town, year, Source.DUES, 4_000_000)
        for org in wards:
            budget(org, year, Source.STATE, rng.choice([2_000_000, 3_000_000, 4_000_000, 5_000_000]))
            budget(org, year, Source.DUES, rng.choice([500_000, 800_000, 1_000_000]))
        for org in agencies[:6]:
            budget(org, year, Source.OTHER, rng.choice([3_000_000, 5_000_000, 8_000_000]))
    # Spending for the associations' own trainings, and the union's routine work.
    lines = 0
    for activity in (
        Activity.objects.filter(org__in=[*wards, *agencies], kind="training").select_related("org").order_by("id")
    ):
        services.spending_record(
            actor=admin, org=activity.org, spent_on=activity.start_date, activity=activity, source=Source.STATE,
            amount=Decimal(rng.choice([600_000, 800_000, 1_200_000, 1_500_000])),
            purpose="Tài liệu, nước uống cho lớp tập huấn",
        )  # fmt: skip
        lines += 1
    for year in range(2018, 2025):
        for month, purpose, amount in [(3, "Văn phòng phẩm", 2_500_000), (12, "Tổng kết hoạt động năm", 8_000_000)]:
            on = dt.date(year, month, 15)
            if town.ended_on and on >= town.ended_on:
                continue
            services.spending_record(actor=admin, org=town, spent_on=on, amount=Decimal(amount), purpose=purpose,
                                     source=Source.STATE)  # fmt: skip
            lines += 1
    out.write(f"  {budgets} demo budgets, {lines} spending lines")
