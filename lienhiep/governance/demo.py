"""Demo governance of the Hồng Lĩnh town union, from ../shared/seeds/002_… and 000_….

Congress IV (15/06/2018, term 2018–2023) elects 17 to the executive committee (BCH); its first
session elects the standing committee (BTV) of 5: Lê Văn Bình (chair), Nguyễn Trí Anh (vice chair),
Phạm Quốc Dũng (secretary), Phan Văn Đường and Phạm Hồng Quý. Three leave: Lê Văn Bình (transferred,
01/09/2020; Tôn Quang Ngọc becomes chair), Bùi Việt Hùng (transferred) and Phan Công Bình (retired), so
14 remain at congress V. Meetings follow the charter with the lapses the self-review admits: a missed
half-year and quarters made up late, one quarter never held, two members who often stay away. Four
member associations are restructured, two of them late. Congress V (20/03/2024, term 2024–2029) carries
the targets of 000_… Part Two §I.2; the town union is dissolved on 01/07/2025, which ends its seats.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from lienhiep.accounts.models import User
from lienhiep.governance import services
from lienhiep.governance.models import (
    Committee,
    CommitteeKind,
    Congress,
    MeetingKind,
    Position,
    Presence,
    SeatEndReason,
    StartReason,
    TargetPeriod,
)
from lienhiep.governance.selectors import composition
from lienhiep.members.models import INTELLECTUAL_EDUCATION, Membership, Person
from lienhiep.orgs.models import Org, OrgKind

D = dt.date
CONGRESS_IV = D(2018, 6, 15)
CONGRESS_V = D(2024, 3, 20)
DISSOLVED = D(2025, 7, 1)

# (name, position on the standing committee or None) — the persons the self-review names.
NAMED = [
    ("Lê Văn Bình", Position.CHAIR),
    ("Nguyễn Trí Anh", Position.VICE_CHAIR),
    ("Phạm Quốc Dũng", Position.SECRETARY),
    ("Phan Văn Đường", Position.STANDING_MEMBER),
    ("Phạm Hồng Quý", Position.STANDING_MEMBER),
    ("Tôn Quang Ngọc", None),
    ("Bùi Việt Hùng", None),
    ("Phan Công Bình", None),
]
DEPARTURES = [
    ("Lê Văn Bình", D(2020, 9, 1), SeatEndReason.TRANSFER),
    ("Bùi Việt Hùng", D(2021, 5, 10), SeatEndReason.TRANSFER),
    ("Phan Công Bình", D(2022, 3, 1), SeatEndReason.RETIREMENT),
]
NEW_CHAIR_ON = D(2020, 10, 15)

# Regular meetings of congress IV's committees; the lapses are deliberate (see the module's doc).
BCH_MEETINGS = [
    D(2018, 12, 20), D(2019, 6, 25), D(2019, 12, 26),
    D(2020, 7, 30), D(2020, 12, 28),  # the first makes up the half-year missed in 2020 (COVID-19)
    D(2021, 6, 29), D(2021, 12, 27), D(2022, 6, 28),
    D(2023, 1, 12), D(2023, 6, 27),  # the first makes up the second half of 2022
    D(2023, 12, 22),
]  # fmt: skip
BTV_MEETINGS = [
    D(2018, 9, 25), D(2018, 12, 18),
    D(2019, 3, 26), D(2019, 6, 24), D(2019, 9, 24), D(2019, 12, 24),
    D(2020, 4, 20), D(2020, 6, 25), D(2020, 9, 28), D(2020, 12, 22),  # the first makes up the first quarter
    D(2021, 3, 25), D(2021, 6, 24), D(2021, 12, 23),  # the third quarter of 2021 was never held
    D(2022, 3, 28), D(2022, 6, 27), D(2022, 9, 26),
    D(2023, 1, 10), D(2023, 3, 28),  # the first makes up the last quarter of 2022
    D(2023, 6, 26), D(2023, 9, 25), D(2023, 12, 20),
]  # fmt: skip
AGENDAS = [
    "Đánh giá kết quả hoạt động 6 tháng, triển khai nhiệm vụ thời gian tới",
    "Triển khai Hội thi sáng tạo kỹ thuật và Cuộc thi sáng tạo thanh thiếu niên nhi đồng",
    "Kiện toàn tổ chức các hội cơ sở; công tác phát triển hội viên",
    "Tổng kết năm, xây dựng kế hoạch hoạt động năm sau",
]
# Restructured member associations: (name, planned, done, why, what changed).
RESTRUCTURINGS = [
    ("Hội KH&KT Công an thị xã", D(2021, 7, 15), D(2021, 7, 10), "Chủ tịch Hội chuyển công tác",
     "Bầu bổ sung Chủ tịch Hội và 01 ủy viên Ban Chấp hành"),
    ("Hội KH&KT Trung tâm Y tế", D(2022, 5, 30), D(2022, 9, 20), "Chủ tịch Hội nghỉ hưu",
     "Bầu Chủ tịch Hội mới; kiện toàn Ban Chấp hành 07 người"),
    ("Hội KH&KT phường Đậu Liêu", D(2020, 3, 31), D(2020, 11, 5), "Hết nhiệm kỳ, sáp nhập thôn, tổ dân phố",
     "Đại hội nhiệm kỳ mới; Ban Chấp hành 05 người"),
    ("Hội KH&KT Trường THPT Hồng Lĩnh", D(2019, 9, 30), D(2019, 9, 20), "Thay đổi Ban Giám hiệu",
     "Bầu bổ sung Phó Chủ tịch Hội"),
]  # fmt: skip
PLANNED_OPEN = ("Hội KH&KT xã Thuận Lộc", D(2025, 5, 15), "Chủ tịch Hội nghỉ hưu")

# Congress V's targets (000_…, Part Two, I.2): text, measure, min, max, unit, period.
TARGETS = [
    ("Tập hợp trên 90% trí thức vào các tổ chức Hội", "intellectual_share", 90, None, "%", TargetPeriod.YEAR),
    ("100% các hội thành viên kiện toàn kịp thời tổ chức cơ sở hội khi có biến động về công tác nhân sự "
     "Ban chấp hành, Ban Thường vụ", "restructured_on_time", 100, None, "%", TargetPeriod.TERM),
    ("100% các hội cơ sở hoạt động hiệu quả, bám sát điều lệ của Liên hiệp hội", "", 100, None, "%",
     TargetPeriod.TERM),
    ("Mỗi năm thực hiện tư vấn, cho ý kiến từ 01 - 02 chuyên đề về phát triển kinh tế - xã hội của thị xã",
     "", 1, 2, "chuyên đề", TargetPeriod.YEAR),
    ("Trên 90% đề tài sáng kiến, ứng dụng tiến bộ khoa học của các ngành được áp dụng có hiệu quả",
     "initiatives_applied_share", 90,
     None, "%", TargetPeriod.TERM),
    ("Hằng năm có ít nhất 01 đề tài sáng kiến kinh nghiệm, đề tài nghiên cứu khoa học đạt cấp tỉnh",
     "initiatives_province_level", 1,
     None, "đề tài", TargetPeriod.YEAR),
    ("Trong nhiệm kỳ có ít nhất 01 hội viên được đề nghị tặng Bằng lao động sáng tạo", "creative_labour_nominations", 1,
     None, "hội viên",
     TargetPeriod.TERM),
    ("Hưởng ứng Hội thi sáng tạo kỹ thuật và Cuộc thi sáng tạo thanh, thiếu niên, nhi đồng; phấn đấu xếp vào "
     "tốp đầu của tỉnh", "", None, None, "", TargetPeriod.YEAR),
    ("Hằng năm được UBND thị xã đánh giá hoàn thành xuất sắc nhiệm vụ; được Liên hiệp các hội KH&KT Việt Nam "
     "tặng Bằng khen", "vusta_certificates", 1, None, "bằng khen", TargetPeriod.YEAR),
]  # fmt: skip
# Values entered by hand for 2024 (target index -> value).
VALUES_2024 = {3: Decimal(2)}


SURNAMES = {"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"}


def _named(hong_linh: Org) -> dict[str, Person]:
    found: dict[str, Person] = {}
    for name, _position in NAMED:
        person = Person.objects.filter(full_name=name, notes="Dữ liệu mô phỏng (demo)").order_by("pk").first()
        if person is not None:
            found[name] = person
    return found


def _others(hong_linh: Org, taken: set[int], count: int) -> list[Person]:
    """One member from each association the named persons do not come from, in name order."""
    chosen: list[Person] = []
    represented = set(Membership.objects.filter(person_id__in=taken).values_list("org_id", flat=True))
    associations = (
        Org.objects.filter(kind=OrgKind.ASSOCIATION, spells__parent=hong_linh).distinct().order_by("name_sort")
    )
    for org in associations:
        if org.pk in represented or len(chosen) == count:
            continue
        memberships = (
            Membership.objects.filter(
                org=org, joined_on__lt=CONGRESS_IV, left_on__isnull=True, person__education__in=INTELLECTUAL_EDUCATION
            )
            .select_related("person")
            .order_by("person__name_sort", "pk")
        )
        # A plain full name (the generator also makes names with a form of address, "Bà …").
        person = next((m.person for m in memberships if m.person.full_name.split()[0] in SURNAMES), None)
        if person is not None:
            chosen.append(person)
    return chosen


def _attend(rng: random.Random, committee: Committee, on: dt.date, weak: set[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for seat in composition(committee, on=on):
        roll = rng.random()
        if seat.person_id in weak:
            status = Presence.PRESENT if roll < 0.55 else (Presence.UNEXCUSED if roll < 0.85 else Presence.EXCUSED)
        else:
            status = Presence.PRESENT if roll < 0.9 else (Presence.EXCUSED if roll < 0.97 else Presence.UNEXCUSED)
        out[seat.pk] = status
    return out


def _meetings(admin: User, rng: random.Random, committee: Committee, dates: list[dt.date], weak: set[int]) -> None:
    for n, day in enumerate(dates):
        services.meeting_record(
            actor=admin, committee=committee, held_on=day, kind=MeetingKind.REGULAR,
            agenda=AGENDAS[n % len(AGENDAS)], attendance=_attend(rng, committee, day, weak),
        )  # fmt: skip


def seed(out: Any) -> None:
    hong_linh = Org.objects.filter(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh").first()
    if hong_linh is None or Congress.objects.filter(org=hong_linh).exists():
        return
    named = _named(hong_linh)
    if len(named) < len(NAMED):
        return  # the member registry's demo is not there
    admin = User.objects.get(username="admin")
    rng = random.Random(2018)  # noqa: S311 - demo data
    others = _others(hong_linh, {p.pk for p in named.values()}, 17 - len(named))

    # Congress IV and its committees.
    iv = services.congress_create(
        actor=admin, org=hong_linh, ordinal=4, term_start_year=2018, term_end_year=2023, held_on=CONGRESS_IV,
        delegates=120, notes="Đại hội đại biểu Liên hiệp các hội KH&KT thị xã Hồng Lĩnh lần thứ IV",
    )  # fmt: skip
    bch = services.committee_create(actor=admin, congress=iv, kind=CommitteeKind.EXECUTIVE, planned_size=17)
    btv = services.committee_create(actor=admin, congress=iv, kind=CommitteeKind.STANDING, planned_size=5)
    bch_seats = {}
    for person in [*named.values(), *others]:
        bch_seats[person.full_name] = services.seat_elect(
            actor=admin, committee=bch, person=person, position=Position.MEMBER, started_on=CONGRESS_IV,
            decision_number="Nghị quyết Đại hội IV",
        )  # fmt: skip
    btv_seats = {}
    for name, position in NAMED:
        if position is not None:
            btv_seats[name] = services.seat_elect(
                actor=admin, committee=btv, person=named[name], position=position, started_on=CONGRESS_IV,
                decision_number="Biên bản phiên họp thứ nhất BCH khóa IV",
            )  # fmt: skip
    weak = {others[1].pk, others[4].pk} if len(others) > 4 else set()

    # The term, in date order: meetings, departures and the new chair.
    events: list[tuple[dt.date, int, Any]] = []
    for day in BCH_MEETINGS:
        events.append((day, 1, ("meeting", bch)))
    for day in BTV_MEETINGS:
        events.append((day, 1, ("meeting", btv)))
    for name, day, reason in DEPARTURES:
        events.append((day, 0, ("leave", name, reason)))
    events.append((NEW_CHAIR_ON, 0, ("chair",)))
    for day, _order, what in sorted(events, key=lambda e: (e[0], e[1])):
        if what[0] == "meeting":
            _meetings(admin, rng, what[1], [day], weak)
        elif what[0] == "leave":
            name, reason = what[1], what[2]
            if name in btv_seats:
                # The chair leaves: the standing committee co-opts the new chair in the same record.
                services.seat_replace(
                    actor=admin, seat=btv_seats[name], ended_on=day, end_reason=reason, person=named["Tôn Quang Ngọc"],
                    started_on=NEW_CHAIR_ON, start_reason=StartReason.CO_OPTED, decision_number="05/NQ-LHH",
                )  # fmt: skip
            services.seat_end(actor=admin, seat=bch_seats[name], ended_on=day, end_reason=reason)
    services.meeting_record(
        actor=admin, committee=bch, held_on=D(2024, 1, 26), kind=MeetingKind.EXTRAORDINARY,
        agenda="Thông qua báo cáo kiểm điểm của BCH khóa IV", attendance=_attend(rng, bch, D(2024, 1, 26), weak),
    )  # fmt: skip

    # Congress V: everyone still seated is re-elected; the seats end when the town union is dissolved.
    v = services.congress_create(
        actor=admin, org=hong_linh, ordinal=5, term_start_year=2024, term_end_year=2029, held_on=CONGRESS_V,
        delegates=110, notes="Đại hội đại biểu Liên hiệp các hội KH&KT thị xã Hồng Lĩnh lần thứ V",
    )  # fmt: skip
    last_day = CONGRESS_V - dt.timedelta(days=1)
    continuing = [seat.person for seat in composition(bch, on=last_day)]
    for committee in (btv, bch):
        for seat in composition(committee, on=last_day):
            services.seat_end(actor=admin, seat=seat, ended_on=CONGRESS_V, end_reason=SeatEndReason.END_OF_TERM)
    bch5 = services.committee_create(actor=admin, congress=v, kind=CommitteeKind.EXECUTIVE, planned_size=15)
    btv5 = services.committee_create(actor=admin, congress=v, kind=CommitteeKind.STANDING, planned_size=5)
    for person in continuing:
        services.seat_elect(
            actor=admin, committee=bch5, person=person, position=Position.MEMBER, started_on=CONGRESS_V,
            decision_number="Nghị quyết Đại hội V",
        )  # fmt: skip
    for name, position in [
        ("Tôn Quang Ngọc", Position.CHAIR), ("Nguyễn Trí Anh", Position.VICE_CHAIR),
        ("Phạm Quốc Dũng", Position.SECRETARY), ("Phan Văn Đường", Position.STANDING_MEMBER),
        ("Phạm Hồng Quý", Position.STANDING_MEMBER),
    ]:  # fmt: skip
        services.seat_elect(
            actor=admin, committee=btv5, person=named[name], position=position, started_on=CONGRESS_V,
            decision_number="Biên bản phiên họp thứ nhất BCH khóa V",
        )  # fmt: skip
    _meetings(admin, rng, bch5, [D(2024, 12, 20), D(2025, 6, 20)], weak)
    _meetings(admin, rng, btv5, [D(2024, 6, 25), D(2024, 9, 26), D(2024, 12, 20), D(2025, 6, 10)], weak)
    for committee in (btv5, bch5):
        for seat in composition(committee, on=DISSOLVED - dt.timedelta(days=1)):
            services.seat_end(actor=admin, seat=seat, ended_on=DISSOLVED, end_reason=SeatEndReason.DISSOLUTION)
    for n, (text, measure, low, high, unit, period) in enumerate(TARGETS):
        target = services.target_set(
            actor=admin, congress=v, text=text, measure=measure, unit=unit, period=period, order=n + 1,
            target_min=None if low is None else Decimal(low), target_max=None if high is None else Decimal(high),
        )  # fmt: skip
        if n in VALUES_2024:
            services.target_value_set(actor=admin, target=target, year=2024, value=VALUES_2024[n])

    # Restructurings of member associations.
    by_name = {o.name: o for o in Org.objects.filter(kind=OrgKind.ASSOCIATION)}
    for unit, planned, done, why, what in RESTRUCTURINGS:
        plan = services.restructuring_plan(actor=admin, org=by_name[unit], planned_on=planned, reason=why)
        services.restructuring_done(actor=admin, restructuring=plan, done_on=done, what_changed=what)
    unit, planned, why = PLANNED_OPEN
    services.restructuring_plan(actor=admin, org=by_name[unit], planned_on=planned, reason=why)
    out.write("  2 congresses of the Hồng Lĩnh town union, with committees, meetings and targets")
