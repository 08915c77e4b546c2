"""Contests for tests, built through the services: Hà Tĩnh's technical innovation contest with an edition whose
rules are entered (two fields, a category, two rounds with their criteria, a prize table) and open around today,
and entries sent by a ward association under Hồng Lĩnh."""

import datetime as dt
from decimal import Decimal
from typing import Any

from lienhiep.orgs.selectors import today

D = dt.date
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82"
)


def contest(actor: Any, org: Any, **extra: Any) -> Any:
    from lienhiep.contests import services

    values = {"type": "stkt", "level": "province", "name": "Hội thi Sáng tạo Kỹ thuật tỉnh Hà Tĩnh"}
    values.update(extra)
    return services.contest_create(actor=actor, org=org, **values)


def edition(actor: Any, contest_: Any, *, rules: bool = True, open_: bool = True, **extra: Any) -> Any:
    """An edition whose window runs from a month ago to a month ahead, its rules entered and opened (as asked)."""
    from lienhiep.contests import services

    now = today()
    details = {
        "year_start": now.year, "year_end": now.year + 1, "rules_number": "15/QĐ-LHH",
        "rules_date": now - dt.timedelta(days=40),
        "rules_text": "Giải pháp mới, áp dụng trên địa bàn tỉnh.", "opens_on": now - dt.timedelta(days=30),
        "closes_on": now + dt.timedelta(days=30), "applied_place": "tỉnh Hà Tĩnh", "applied_since": D(2020, 1, 1),
    }  # fmt: skip
    details.update(extra)
    made = services.edition_create(actor=actor, contest=contest_, **details)
    if rules:
        enter_rules(actor, made)
    if open_:
        services.edition_move(actor=actor, edition=made, to="open")
    return made


def enter_rules(actor: Any, edition_: Any) -> None:
    from lienhiep.contests import services

    mechanics = services.field_add(actor=actor, edition=edition_, name="Cơ khí – Tự động hoá")
    farming = services.field_add(actor=actor, edition=edition_, name="Nông, lâm, ngư nghiệp")
    services.category_add(actor=actor, field=farming, name="Chăn nuôi")
    first = services.round_add(actor=actor, edition=edition_, kind="so_khao", approval_threshold=Decimal(50))
    final = services.round_add(actor=actor, edition=edition_, kind="chung_khao", public_vote_share=Decimal(10))
    bands = [{"label": "Xuất sắc", "min": 25, "max": 30}, {"label": "Khá", "min": 15, "max": 24}]
    services.criterion_add(actor=actor, round=first, name="Tính mới, tính sáng tạo", max_points=30, bands=bands)
    services.criterion_add(actor=actor, round=first, name="Khả năng áp dụng", max_points=40)
    services.criterion_add(actor=actor, round=final, name="Hiệu quả kinh tế – xã hội", max_points=30)
    for rank, count, amount in (("nhat", 1, 10_000_000), ("nhi", 2, 7_000_000), ("ba", 3, 5_000_000)):
        services.prize_row_add(actor=actor, edition=edition_, field=mechanics, rank=rank, count=count, amount=amount)
    services.prize_row_add(
        actor=actor, edition=edition_, field=farming, rank="khuyen_khich", count=2, amount=2_000_000,
        extra_honour="Giấy khen của Liên hiệp hội",
    )  # fmt: skip


def authors(n: int = 2, **extra: Any) -> list[dict[str, Any]]:
    names = ["Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Văn Nam"]
    return [
        {"full_name": names[i], "birth_date": D(1980 + i, 3, 1), "consent_publish": i == 0, **extra} for i in range(n)
    ]


def entry(actor: Any, edition_: Any, unit: Any, **extra: Any) -> Any:
    from lienhiep.contests import services

    values = {
        "field": edition_.fields.get(order=1), "title": "Máy gieo hạt cải tiến", "authors": authors(),
        "author_unit": "Hợp tác xã Trung Lương", "application_site": "phường Trung Lương, thị xã Hồng Lĩnh",
        "applied_on": D(2024, 5, 1),
    }  # fmt: skip
    values.update(extra)
    return services.entry_submit(actor=actor, edition=edition_, sending_unit=unit, **values)


def ha_tinh_edition(world: Any) -> Any:
    """Hà Tĩnh's open edition (its rules entered), for the access cases and the views."""
    return edition(world.root, contest(world.root, world.ha_tinh))
