"""An edition being judged, for the tests of judging: Hà Tĩnh's STKT contest (organiser: Hà Tĩnh's union), its
open round with two criteria, two fields (the second with two categories) and their prize tables, accepted entries
sent by Hồng Lĩnh's associations with their authors, and experts of Hà Tĩnh's list with accounts. Built with the
models directly (the rules' own services are tested by theirs)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from lienhiep.contests.models import (
    Category,
    Contest,
    ContestField,
    Criterion,
    Edition,
    Entry,
    EntryAuthor,
    PrizeRow,
    Round,
)

D = dt.date


@dataclass
class Judged:
    contest: Contest
    edition: Edition
    round: Round
    criteria: list[Criterion]
    mech: ContestField  # prizes per field: Nhất 1, Nhì 1, Ba 2
    agri: ContestField  # prizes per category
    rice: Category  # Nhì 1
    fish: Category  # Ba 1
    entries: list[Entry] = field(default_factory=list)
    experts: list[Any] = field(default_factory=list)


def edition(
    world: Any, *, status: str = "judging", round_status: str = "open",
    name: str = "Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh", **round_rules: Any,
) -> Judged:  # fmt: skip
    contest = Contest.objects.create(org=world.ha_tinh, type="stkt", level="province", name=name)
    ed = Edition.objects.create(
        contest=contest, number=10, year_start=2025, year_end=2026, rules_number="12/QĐ-LHH",
        rules_date=D(2025, 3, 15), opens_on=D(2025, 4, 1), closes_on=D(2026, 6, 30), status=status,
        status_since=D(2026, 7, 1),
    )  # fmt: skip
    round_ = Round.objects.create(edition=ed, kind="chung_khao", order=1, status=round_status, **round_rules)
    criteria = [
        Criterion.objects.create(round=round_, name="Tính mới, sáng tạo", max_points=Decimal(60), order=1),
        Criterion.objects.create(round=round_, name="Hiệu quả", max_points=Decimal(40), order=2),
    ]
    mech = ContestField.objects.create(edition=ed, name="Cơ khí – Tự động hóa", order=1)
    agri = ContestField.objects.create(edition=ed, name="Nông nghiệp", order=2)
    rice = Category.objects.create(field=agri, name="Giống cây trồng", order=1)
    fish = Category.objects.create(field=agri, name="Thủy sản", order=2)
    for rank, count in (("nhat", 1), ("nhi", 1), ("ba", 2)):
        PrizeRow.objects.create(edition=ed, field=mech, rank=rank, count=count, amount=Decimal(1_000_000))
    PrizeRow.objects.create(edition=ed, field=agri, category=rice, rank="nhi", count=1)
    PrizeRow.objects.create(edition=ed, field=agri, category=fish, rank="ba", count=1)
    return Judged(contest, ed, round_, criteria, mech, agri, rice, fish)


def entry(
    world: Any, judged: Judged, title: str, *, field_: ContestField | None = None, category: Category | None = None,
    authors: tuple[tuple[str, str], ...] = (("Nguyễn Văn An", "Công ty Cơ khí Hồng Lĩnh"),), status: str = "accepted",
    sender: Any = None,
) -> Entry:  # fmt: skip
    number = judged.edition.entries.count() + 1
    sender = sender or world.trung_luong
    row = Entry.objects.create(
        edition=judged.edition, field=field_ or judged.mech, category=category, number=number, title=title,
        sending_unit=sender, origin_unit=sender, author_unit=authors[0][1], submitted_on=D(2026, 6, 1),
        status=status, status_since=D(2026, 7, 1),
    )  # fmt: skip
    for order, (name, workplace) in enumerate(authors, start=1):
        EntryAuthor.objects.create(entry=row, order=order, full_name=name, workplace=workplace, consent_publish=True)
    judged.entries.append(row)
    return row


def expert(world: Any, name: str, *, workplace: str = "Trường Đại học Hà Tĩnh", user: Any = None) -> Any:
    from lienhiep.accounts.tests.factories import UserFactory
    from lienhiep.experts import services

    made = services.expert_create(actor=world.root, org=world.ha_tinh, full_name=name, workplace=workplace)
    made.user = user or UserFactory(username=f"juror{made.pk}")
    made.save(update_fields=["user"])
    return made
