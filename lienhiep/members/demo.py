"""Demo members. Synthetic persons (names from Faker's vi_VN lists in the Vietnamese order, phones
0900…, e-mails @example.vn, citizen IDs starting with the non-existent province code 999) whose dates
give the figures of ../shared/seeds/000_…: 1,678 members in Hồng Lĩnh at the start of the 2018–2023
term and 1,700 at its end (+22). The persons the self-review (002_…) names exist too. A few hundred in
Bắc Ninh, some of whom belong to two associations.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from faker import Faker

from lienhiep.accounts.models import User
from lienhiep.members.models import Education, Field, Gender, IntellectualEstimate, LeaveReason, Membership, Person
from lienhiep.members.services import MembershipRow, PersonRow, fields_ensure_defaults, persons_bulk_create
from lienhiep.orgs.models import AssociationGroup, Org, OrgKind

D = dt.date
TERM_START = D(2018, 6, 15)  # congress IV
TERM_END = D(2023, 12, 31)
AT_START, JOINED_IN_TERM, LEFT_IN_TERM = 1678, 140, 118  # 1,678 + 140 - 118 = 1,700

# The persons the self-review names, in the association each belongs to; * left during the term.
NAMED = [
    ("Tôn Quang Ngọc", "m", "Hội KH&KT cơ quan Chính quyền", "Phó Chủ tịch UBND thị xã", None),
    ("Nguyễn Trí Anh", "m", "Hội KH&KT ngành Giáo dục và Đào tạo", "Trưởng phòng GD-ĐT", None),
    ("Phan Văn Đường", "m", "Hội KH&KT cơ quan Khối dân", "Bí thư Thị đoàn", None),
    ("Phạm Hồng Quý", "m", "Hội KH&KT phường Trung Lương", "Chủ tịch Hội KH&KT phường Trung Lương", None),
    ("Phạm Quốc Dũng", "m", "Hội KH&KT cơ quan Chính quyền", "Chuyên viên Phòng TC-KH", None),
    ("Lê Văn Bình", "m", "Hội KH&KT cơ quan Chính quyền", "Phó Chủ tịch UBND thị xã",
     (D(2020, 9, 1), LeaveReason.TRANSFER)),
    ("Bùi Việt Hùng", "m", "Hội KH&KT Công an thị xã", "Cán bộ Công an thị xã",
     (D(2021, 5, 10), LeaveReason.TRANSFER)),
    ("Phan Công Bình", "m", "Hội KH&KT Trung tâm Y tế", "Bác sĩ, Trung tâm Y tế",
     (D(2022, 3, 1), LeaveReason.RETIREMENT)),
]  # fmt: skip

FIELD_BY_WORD = {
    "Y tế": "y-te", "Bệnh viện": "y-te", "Giáo dục": "giao-duc", "Trường": "giao-duc", "Công an": "quoc-phong-an-ninh",
    "Quân sự": "quoc-phong-an-ninh", "Tài nguyên": "moi-truong", "Kinh tế": "kinh-te", "Thuế": "kinh-te",
    "Vật liệu": "xay-dung", "Luật": "luat", "Nhà báo": "bao-chi", "Kiến trúc": "kien-truc",
    "Nông nghiệp": "nong-nghiep", "Làm vườn": "nong-nghiep", "Doanh nghiệp": "kinh-te", "Y học": "y-te",
}  # fmt: skip
EDUCATION_WEIGHTS = [
    (Education.BACHELOR, 55), (Education.MASTER, 15), (Education.DOCTORATE, 2), (Education.COLLEGE, 12),
    (Education.VOCATIONAL, 10), (Education.OTHER, 6),
]  # fmt: skip


MIDDLE_MALE = ("Văn", "Đức", "Hữu", "Quang", "Minh", "Công", "Xuân", "Thế", "Trọng", "Đình")
MIDDLE_FEMALE = ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Hồng", "Minh", "Phương")


class _Maker:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data
        self.fake = Faker("vi_VN")
        self.fake.seed_instance(seed)
        self.fields = {f.code: f for f in Field.objects.all()}
        self.serial = 0

    def name(self, gender: str) -> str:
        """Family, middle and given name in the Vietnamese order, from Faker's vi_VN lists (its own
        formats put the given name first and add Western titles: "Quý ông Châu Bùi")."""
        middle = self.fake.random_element(MIDDLE_MALE if gender == Gender.MALE else MIDDLE_FEMALE)
        given = self.fake.first_name_male() if gender == Gender.MALE else self.fake.first_name_female()
        return f"{self.fake.last_name()} {middle} {given}"

    def date_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randrange(max(1, (end - start).days)))

    def values(self, org: Org, *, name: str = "", gender: str = "", position: str = "") -> dict[str, Any]:
        self.serial += 1
        gender = gender or (Gender.MALE if self.rng.random() < 0.55 else Gender.FEMALE)
        if not name:
            name = self.name(gender)
        education = self.rng.choices([e for e, _ in EDUCATION_WEIGHTS], [w for _, w in EDUCATION_WEIGHTS])[0]
        return {
            "full_name": name,
            "gender": gender,
            "birth_date": self.date_between(D(1958, 1, 1), D(1998, 12, 31)),
            "id_number": f"999{self.serial:09d}" if self.rng.random() < 0.6 else None,
            "phone": f"0900 {self.serial:06d}",
            "email": f"hoivien{self.serial}@example.vn",
            "education": education,
            "workplace": org.name.replace("Hội KH&KT ", "").replace("Hội ", ""),
            "position": position,
            "notes": "Dữ liệu mô phỏng (demo)",
        }

    def fields_for(self, org: Org) -> list[Field]:
        chosen = [code for word, code in FIELD_BY_WORD.items() if word in org.name]
        if not chosen:
            chosen = [self.rng.choice(["nong-nghiep", "kinh-te", "giao-duc", "van-hoa", "xay-dung"])]
        if self.rng.random() < 0.25:
            chosen.append(self.rng.choice(list(self.fields)))
        return [self.fields[c] for c in dict.fromkeys(chosen) if c in self.fields]

    def card(self, org: Org) -> str:
        return f"HL-{org.pk:03d}-{self.serial:05d}"


def _split(total: int, weights: list[int]) -> list[int]:
    raw = [total * w / sum(weights) for w in weights]
    counts = [int(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: total - sum(counts)]:
        counts[i] += 1
    return counts


def seed(out: Any) -> None:
    if Membership.objects.exists():
        return
    admin = User.objects.get(username="admin")
    fields_ensure_defaults()
    hong_linh = Org.objects.get(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh")
    associations = list(
        Org.objects.filter(kind=OrgKind.ASSOCIATION, spells__parent=hong_linh).distinct().order_by("name_sort")
    )
    make = _Maker(seed=2018)
    by_name = {a.name: a for a in associations}
    weights = [160 if a.group == AssociationGroup.WARDS else 80 for a in associations]
    rows: list[PersonRow] = []

    # The named persons first: 8 of the 1,678, three of whom leave during the term.
    for name, gender, org_name, position, leaving in NAMED:
        org = by_name[org_name]
        left_on, reason = leaving or (None, "")
        rows.append(
            PersonRow(
                values=make.values(org, name=name, gender=gender, position=position),
                memberships=[
                    MembershipRow(
                        org, make.date_between(D(2008, 1, 1), D(2017, 12, 31)), left_on, reason, make.card(org)
                    )
                ],  # fmt: skip
                fields=make.fields_for(org),
            )
        )
    named_leaving = sum(1 for *_, leaving in NAMED if leaving)

    def member(org: Org, joined: dt.date, left: dt.date | None = None, reason: str = "") -> PersonRow:
        return PersonRow(
            values=make.values(org), memberships=[MembershipRow(org, joined, left, reason, make.card(org))],
            fields=make.fields_for(org),
        )  # fmt: skip

    def joined_before(org: Org, end: dt.date) -> dt.date:
        return make.date_between(max(org.founded_on, D(2004, 1, 1)), end)

    reasons = [LeaveReason.RETIREMENT] * 5 + [LeaveReason.TRANSFER] * 3 + [LeaveReason.RESIGNATION, LeaveReason.DEATH]
    start_counts = _split(AT_START - len(NAMED), weights)
    leave_counts = _split(LEFT_IN_TERM - named_leaving, weights)
    join_counts = _split(JOINED_IN_TERM, weights)
    for org, n_start, n_leave, n_join in zip(associations, start_counts, leave_counts, join_counts, strict=True):
        for i in range(n_start):
            if i < n_leave:
                left = make.date_between(TERM_START + dt.timedelta(days=1), TERM_END)
                rows.append(member(org, joined_before(org, TERM_START), left, make.rng.choice(reasons)))
            else:
                rows.append(member(org, joined_before(org, TERM_START)))
        for _ in range(n_join):
            rows.append(member(org, make.date_between(TERM_START + dt.timedelta(days=1), TERM_END)))
        # History before the term and life after it.
        for _ in range(3):
            joined = joined_before(org, D(2012, 1, 1))
            rows.append(member(org, joined, make.date_between(joined + dt.timedelta(days=30), TERM_START),
                               make.rng.choice(reasons)))  # fmt: skip
        for _ in range(2):
            rows.append(member(org, make.date_between(D(2024, 1, 1), D(2026, 10, 31))))
    persons_bulk_create(actor=admin, rows=rows)

    # Bắc Ninh (with the associations that came from Bắc Giang): a few hundred, some in two associations.
    bac_ninh_assocs = list(
        Org.objects.filter(kind=OrgKind.ASSOCIATION, name__contains="tỉnh Bắc").order_by("name_sort")
    )
    bn_rows = [
        member(org, joined_before(org, D(2024, 12, 31)))
        for org in bac_ninh_assocs
        for _ in range(make.rng.randint(40, 70))
    ]
    created = persons_bulk_create(actor=admin, rows=bn_rows)
    for person in Person.objects.filter(pk__in=created[:12]).order_by("pk"):
        first = person.memberships.get()
        other = next(o for o in bac_ninh_assocs if o.pk != first.org_id and "Giang" not in o.name)
        make.serial += 1  # a card number of its own: `card()` numbers by the last person made
        Membership.objects.create(person=person, org=other, joined_on=D(2025, 9, 1), card_number=make.card(other))

    for year, count in zip(range(2018, 2025), [1320, 1325, 1330, 1335, 1338, 1342, 1345], strict=True):
        IntellectualEstimate.objects.create(org=hong_linh, year=year, count=count, source="Ước tính của UBND thị xã")
    out.write(f"  {len(rows) + len(bn_rows)} demo members")
