"""Demo honours and ratings from ../shared/seeds/000_…: VUSTA's certificates of merit to the Hồng Lĩnh town
union in 2018, 2021 and 2023, three members' VUSTA certificates, the provincial union's yearly commendation,
the town People's Committee's yearly rating (completed its tasks excellently), a few honours of member
associations, and some in Bắc Ninh. The town union's nominations over the term: those VUSTA granted are linked to
the honours above (no honour is added, so every honour figure stays), one the province refused, and — Congress V's
target "ít nhất 01 hội viên được đề nghị tặng Bằng lao động sáng tạo" — a member nominated in 2025, awaiting the
answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from lienhiep.accounts.models import User
from lienhiep.awards import services
from lienhiep.awards.models import EmulationRating, HonourForm, Issuer, Rating
from lienhiep.members.models import Person
from lienhiep.orgs.models import Org, OrgKind

D = dt.date
TERM_YEARS = range(2018, 2024)

VUSTA_TO_TOWN = [
    (D(2018, 12, 18), "1786/QĐ-LHHVN"),
    (D(2021, 12, 20), "1502/QĐ-LHHVN"),
    (D(2023, 12, 15), "1618/QĐ-LHHVN"),
]
# (person, association, decision date, number)
VUSTA_TO_MEMBERS = [
    ("Phạm Hồng Quý", "Hội KH&KT phường Trung Lương", D(2019, 12, 16), "1321/QĐ-LHHVN"),
    ("Tôn Quang Ngọc", "Hội KH&KT cơ quan Chính quyền", D(2021, 12, 20), "1503/QĐ-LHHVN"),
    ("Nguyễn Trí Anh", "Hội KH&KT ngành Giáo dục và Đào tạo", D(2023, 12, 15), "1619/QĐ-LHHVN"),
]
EXEMPLARY = [
    ("Phạm Quốc Dũng", "Hội KH&KT cơ quan Chính quyền", D(2019, 5, 15)),
    ("Phan Văn Đường", "Hội KH&KT cơ quan Khối dân", D(2021, 5, 14)),
    ("Phạm Hồng Quý", "Hội KH&KT phường Trung Lương", D(2023, 5, 15)),
]


def seed(out: Any) -> None:
    if EmulationRating.objects.exists():
        return
    admin = User.objects.get(username="admin")
    town = Org.objects.get(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh")
    bac_ninh = Org.objects.get(kind=OrgKind.PROVINCIAL, name__contains="Bắc Ninh")
    count = 0

    def honour(org: Org, form: str, issuer: str, on: dt.date, number: str, reason: str, **extra: Any) -> None:
        nonlocal count
        services.honour_create(
            actor=admin, org=org, form=form, issuer=issuer, decision_number=number, decision_date=on, reason=reason,
            **extra,
        )  # fmt: skip
        count += 1

    for on, number in VUSTA_TO_TOWN:
        honour(town, HonourForm.CERTIFICATE, Issuer.VUSTA, on, number,
               f"Có thành tích xuất sắc trong hoạt động Hội năm {on.year}")  # fmt: skip
    for name, org_name, on, number in VUSTA_TO_MEMBERS:
        org = Org.objects.get(name=org_name)
        person = Person.objects.get(full_name=name, memberships__org=org)
        honour(org, HonourForm.CERTIFICATE, Issuer.VUSTA, on, number,
               "Có nhiều đóng góp cho hoạt động của Liên hiệp hội", person=person)  # fmt: skip
    for name, org_name, on in EXEMPLARY:
        org = Org.objects.get(name=org_name)
        person = Person.objects.get(full_name=name, memberships__org=org)
        honour(org, HonourForm.EXEMPLARY, Issuer.PROVINCIAL_UNION, on, f"{on.year}/GM-LHH",
               "Được giới thiệu dự gặp mặt trí thức tiêu biểu của tỉnh", person=person)  # fmt: skip
    for year in TERM_YEARS:
        honour(town, HonourForm.COMMENDATION, Issuer.PROVINCIAL_UNION, D(year, 12, 26), f"{80 + year % 100}/QĐ-LHH",
               f"Có thành tích trong hoạt động Hội năm {year}")  # fmt: skip
        services.rating_set(actor=admin, org=town, year=year, rating=Rating.EXCELLENT, rated_by=Issuer.LOCAL_COMMITTEE,
                            decision_number=f"{200 + year % 100}/QĐ-UBND")  # fmt: skip
    for org_name in ("Hội KH&KT phường Trung Lương", "Hội KH&KT Trung tâm Y tế", "Hội KH&KT phường Bắc Hồng"):
        org = Org.objects.get(name=org_name)
        for year in (2019, 2022):
            honour(org, HonourForm.COMMENDATION, Issuer.LOCAL_COMMITTEE, D(year, 12, 28), f"{year}-{org.pk}/QĐ-UBND",
                   "Hoàn thành xuất sắc nhiệm vụ năm")  # fmt: skip
        for year in TERM_YEARS:
            services.rating_set(actor=admin, org=org, year=year, rating=Rating.GOOD if year % 3 else Rating.EXCELLENT,
                                rated_by=Issuer.LOCAL_COMMITTEE)  # fmt: skip
    honour(bac_ninh, HonourForm.CERTIFICATE, Issuer.VUSTA, D(2022, 12, 20), "1410/QĐ-LHHVN",
           "Có thành tích xuất sắc trong hoạt động Hội")  # fmt: skip
    honour(bac_ninh, HonourForm.CERTIFICATE, Issuer.PROVINCIAL_COMMITTEE, D(2023, 1, 10), "45/QĐ-UBND",
           "Hoàn thành xuất sắc nhiệm vụ năm 2022")  # fmt: skip
    out.write(f"  {count} demo honours")
    nominations = _nominations(admin, town)
    out.write(f"  {nominations} demo nominations")


# A nomination a month and a half before its decision, sent a fortnight after it was proposed.
PROPOSED_BEFORE, SENT_AFTER = dt.timedelta(days=45), dt.timedelta(days=14)
# (person, association, form, issuer, year, proposed on, sent on, refused on, why)
REFUSED = [
    ("Tôn Quang Ngọc", "Hội KH&KT cơ quan Chính quyền", HonourForm.CERTIFICATE, Issuer.PROVINCIAL_COMMITTEE, 2020,
     D(2020, 10, 5), D(2020, 10, 20), D(2021, 1, 15), "Chưa đủ thời gian giữ danh hiệu theo quy định"),
]  # fmt: skip
CREATIVE_LABOUR = ("Nguyễn Trí Anh", "Hội KH&KT ngành Giáo dục và Đào tạo", 2024, D(2025, 3, 10), D(2025, 3, 24),
                   "Có đề tài, sáng kiến được áp dụng rộng rãi trong ngành Giáo dục và Đào tạo thị xã")  # fmt: skip


def _nominations(admin: User, town: Org) -> int:
    """The town union's nominations: granted ones linked to the demo's honours, a refused one, an open one."""
    count = 0

    def granted(org: Org, person: Person | None, on: dt.date, number: str, reason: str) -> None:
        nonlocal count
        proposed = on - PROPOSED_BEFORE
        nomination = services.nomination_create(
            actor=admin, org=org, person=person, form=HonourForm.CERTIFICATE, issuer=Issuer.VUSTA, year=on.year,
            proposed_on=proposed, reason=reason,
        )  # fmt: skip
        services.nomination_send(
            actor=admin, nomination=nomination, sent_on=proposed + SENT_AFTER, letter_number=f"{on.year}/TTr-LHH"
        )
        honour = services.nomination_grant(actor=admin, nomination=nomination, decision_number=number, decision_date=on)
        assert honour.nomination == nomination  # noqa: S101 - linked to the honour recorded above, not a second one
        count += 1

    for on, number in VUSTA_TO_TOWN:
        granted(town, None, on, number, f"Có thành tích xuất sắc trong hoạt động Hội năm {on.year}")
    for name, org_name, on, number in VUSTA_TO_MEMBERS:
        org = Org.objects.get(name=org_name)
        person = Person.objects.get(full_name=name, memberships__org=org)
        granted(org, person, on, number, "Có nhiều đóng góp cho hoạt động của Liên hiệp hội")
    for name, org_name, form, issuer, year, proposed, sent, refused, why in REFUSED:
        org = Org.objects.get(name=org_name)
        person = Person.objects.get(full_name=name, memberships__org=org)
        nomination = services.nomination_create(
            actor=admin, org=org, person=person, form=form, issuer=issuer, year=year, proposed_on=proposed,
            reason="Hoàn thành xuất sắc nhiệm vụ nhiều năm liền",
        )  # fmt: skip
        services.nomination_send(actor=admin, nomination=nomination, sent_on=sent)
        services.nomination_refuse(actor=admin, nomination=nomination, refused_on=refused, refusal=why)
        count += 1
    name, org_name, year, proposed, sent, reason = CREATIVE_LABOUR
    org = Org.objects.get(name=org_name)
    person = Person.objects.get(full_name=name, memberships__org=org)
    nomination = services.nomination_create(
        actor=admin, org=org, person=person, form=HonourForm.CREATIVE_LABOUR, issuer=Issuer.VUSTA, year=year,
        proposed_on=proposed, reason=reason,
    )  # fmt: skip
    services.nomination_send(actor=admin, nomination=nomination, sent_on=sent, letter_number="15/TTr-LHH")
    return count + 1
