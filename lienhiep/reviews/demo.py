"""The demo dossiers (issue 15), made through the services as the offices would have recorded them:

- the seven topics the Hồng Lĩnh town union advised on or critiqued in term IV (seed 000 §2.2, titles verbatim), each a
  closed dossier: received, checked, accepted, costed, its experts' opinions gathered, the opinion sent, the
  requester's answer recorded; with the town's yearly plans 2019–2023 ("mỗi năm … từ 01 - 02 chuyên đề");
- a member association's comments on a draft law (the Hà Tĩnh lawyers' association, on the draft Land Law);
- one open, confidential dossier of the Hà Tĩnh union, two experts on it (one with the demo's expert login,
  hatinh.chuyengia, who sees that dossier and nothing else), its site survey paid (a spending
  line of the union, 20/11/2026).

The closed dossiers' costs are planned only: paid, they would be spending lines of the town in 2018–2023, and the
seeds' checked figures of its spending (seed 000) hold none.

The term report's §2.2 prints the seven topics from these records. Seeded before `reporting`'s demo (INSTALLED_APPS
puts reviews first for that alone): the term report is issued there, with its figures as they stand then.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from lienhiep.accounts.models import User
from lienhiep.experts.models import Expert
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reviews import demo_drafts, services
from lienhiep.reviews.models import Dossier

D = dt.date
HONG_LINH = "Liên hiệp các Hội Khoa học và Kỹ thuật thị xã Hồng Lĩnh"
TOWN = "UBND thị xã Hồng Lĩnh"
PARTY = "Thị ủy Hồng Lĩnh"

# (title verbatim from seed 000 §2.2, kind, requester type, requester, subject type, received, opinion sent,
#  proposals made, taken up, how the opinions were gathered)
TOPICS: list[tuple[Any, ...]] = [
    ("Đề án phát triển đô thị thị xã Hồng Lĩnh đến năm 2025 và những năm tiếp theo", "critique",
     "peoples_committee", TOWN, "scheme", D(2018, 10, 8), D(2018, 11, 20), 9, 7, ("council",)),
    ("Đề án thu gom rác thải", "critique", "peoples_committee", TOWN, "scheme", D(2019, 7, 15), D(2019, 8, 26), 6, 5,
     ("written",)),
    ("Đề án ứng dụng và phát triển CNTT", "consult", "peoples_committee", TOWN, "scheme", D(2020, 8, 17),
     D(2020, 9, 28), 7, 6, ("written", "workshop")),
    ("Chương trình phát triển đô thị thị xã", "critique", "peoples_committee", TOWN, "programme", D(2021, 5, 10),
     D(2021, 6, 21), 8, 6, ("council",)),
    ("Kế hoạch thực hiện Nghị quyết số 02/NQ-ThU ngày 31/12/2021 của BCH Đảng bộ Thị xã về tăng cường lãnh đạo phát "
     "triển du lịch văn hóa, tâm linh trên địa bàn thị xã đến năm 2025", "consult", "party", PARTY, "plan",
     D(2022, 2, 14), D(2022, 3, 25), 5, 5, ("written",)),
    ("Chương trình hành động thực hiện Nghị quyết 03-NQ/ThU ngày 02/6/2022 của BCH Đảng bộ thị xã về phát triển các "
     "khu, cụm công nghiệp; nâng cao hiệu quả thực thu hút đầu tư giai đoạn 2022-2025 và những năm tiếp theo",
     "critique", "party", PARTY, "programme", D(2022, 7, 4), D(2022, 8, 15), 10, 8, ("council", "workshop")),
    ("Kế hoạch phát triển sản xuất nông nghiệp hàng năm", "consult", "peoples_committee", TOWN, "plan",
     D(2023, 3, 13), D(2023, 4, 24), 6, 6, ("workshop",)),
]  # fmt: skip
PLANS = {2019: 1, 2020: 1, 2021: 2, 2022: 2, 2023: 2}
# The experts of each topic (experts' demo: the town's list and the province's), in the order of TOPICS.
TOPIC_EXPERTS = [
    ("Đặng Văn Lâm", "Trần Đình Phúc"),
    ("Đặng Văn Lâm", "Bùi Thị Thanh Tâm"),
    ("Hoàng Thị Lan Anh", "Nguyễn Hữu Đức"),
    ("Trần Đình Phúc", "Đặng Văn Lâm", "Hoàng Thị Lan Anh"),
    ("Hoàng Thị Lan Anh", "Nguyễn Hữu Đức"),
    ("Trần Đình Phúc", "Hoàng Thị Lan Anh", "Đặng Văn Lâm"),
    ("Đặng Văn Lâm", "Bùi Thị Thanh Tâm"),
]
OPEN_EXPERTS = ("Nguyễn Thị Minh Hằng", "Trần Đình Phúc")
DAYS = dt.timedelta


def closed(actor: User, org: Org, title: str, kind: str, rtype: str, requester: str, subject: str, got: D, sent: D,
           made: int, taken: int, ways: tuple[str, ...], *, number: int, experts: tuple[str, ...] = (),
           **extra: Any) -> Dossier:  # fmt: skip
    """A dossier taken through every step, from the request's arrival to the answer's record and the close."""
    dossier = services.dossier_create(
        actor=actor, org=org, kind=kind, title=title, requester_type=rtype, requester_name=requester,
        subject_type=subject, subject_level=extra.pop("level", "district"), received_on=got,
        request_number=f"{number * 17 % 400 + 12}/UBND-TH" if rtype == "peoples_committee" else f"{number + 40}-CV/ThU",
        request_date=got - DAYS(days=3), answer_due=got + DAYS(days=45), **extra,
    )  # fmt: skip

    def move(to: str, on: D, **details: Any) -> None:
        services.dossier_move(actor=actor, dossier=dossier, to=to, on=on, **details)

    move("checking", got + DAYS(days=1))
    move("accepted", got + DAYS(days=3), reply_number=f"{number:02d}/LHH-TVPB", reply_date=got + DAYS(days=3))
    assign(actor, dossier, experts, got + DAYS(days=4))
    services.cost_add(actor=actor, dossier=dossier, item="expert_opinion", planned=Decimal(3_000_000))
    if "council" in ways:
        services.cost_add(actor=actor, dossier=dossier, item="council", planned=Decimal(4_500_000))
    if "workshop" in ways:
        services.cost_add(actor=actor, dossier=dossier, item="workshop", planned=Decimal(6_000_000))
    move("estimated", got + DAYS(days=6))
    move("experts", got + DAYS(days=9))
    move("opinions", sent - DAYS(days=12), **{f"by_{way}": True for way in ways})
    move("drafting", sent - DAYS(days=7))
    move("review", sent - DAYS(days=3))
    move("sent", sent, opinion_number=f"{number + 20:02d}/BC-LHH", proposals=made)
    answered = sent + DAYS(days=30)
    move(
        "answered", answered, proposals_taken_up=taken,
        taken_up="Tiếp thu các kiến nghị về lộ trình, nguồn lực và phân công thực hiện.",
        explained="Giải trình các kiến nghị chưa phù hợp với khả năng ngân sách giai đoạn này." if made > taken else "",
    )  # fmt: skip
    move("closed", answered + DAYS(days=5))
    return dossier


def assign(actor: User, dossier: Dossier, names: tuple[str, ...], on: D) -> None:
    for name in names:
        expert = Expert.objects.filter(full_name=name, available=True).first()
        if expert is not None:
            services.dossier_assign_expert(actor=actor, dossier=dossier, expert=expert, on=on)


def seed(out: Any) -> None:
    town = Org.objects.filter(kind=OrgKind.DISTRICT, name=HONG_LINH).first()
    ha_tinh = Org.objects.filter(kind=OrgKind.PROVINCIAL, name__contains="Hà Tĩnh").first()
    officer = User.objects.filter(username="hatinh.canbo").first()
    if town is None or ha_tinh is None or officer is None or Dossier.objects.filter(org=town).exists():
        return
    made = [
        closed(officer, town, *topic, number=number, experts=experts)
        for number, (topic, experts) in enumerate(zip(TOPICS, TOPIC_EXPERTS, strict=True), 1)
    ]
    for year, topics in PLANS.items():
        services.plan_set(actor=officer, org=town, year=year, topics=topics, note="")
    out.write(f"  {len(TOPICS)} demo consultancy dossiers (Hồng Lĩnh, term IV, closed)\n")
    demo_drafts.seed(out, officer=officer, dossiers=made)  # their drafts, comments and opinions (draft15)

    lawyers = Org.objects.filter(kind=OrgKind.ASSOCIATION, name="Hội Luật gia tỉnh Hà Tĩnh").first()
    if lawyers is not None:
        closed(
            officer, lawyers, "Dự thảo Luật Đất đai (sửa đổi)", "draft_comment", "mass_org",
            "Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam", "draft_law", D(2023, 1, 9), D(2023, 2, 20), 12, 9,
            ("written",), number=31, level="national", experts=("Hoàng Thị Lan Anh",),
        )  # fmt: skip
        out.write("  1 demo draft law commented on by a member association (Hội Luật gia tỉnh Hà Tĩnh)\n")

    open_one = services.dossier_create(
        actor=officer, org=ha_tinh, kind="assessment", title="Quy hoạch khu kinh tế Vũng Áng đến năm 2045",
        requester_type="peoples_committee", requester_name="UBND tỉnh Hà Tĩnh", subject_type="master_plan",
        subject_level="province", project_group="national", area_ha=Decimal("22781.00"), households=1200,
        confidential=True, received_on=D(2026, 11, 2), request_number="6120/UBND-KT", request_date=D(2026, 10, 30),
        answer_due=D(2026, 12, 15),
    )  # fmt: skip
    for to, on, details in (
        ("checking", D(2026, 11, 3), {}),
        ("accepted", D(2026, 11, 6), {"reply_number": "215/LHH-TVPB", "reply_date": D(2026, 11, 6)}),
        ("estimated", D(2026, 11, 12), {}),
    ):
        services.dossier_move(actor=officer, dossier=open_one, to=to, on=on, **details)
    assign(officer, open_one, OPEN_EXPERTS, D(2026, 11, 13))
    services.cost_add(actor=officer, dossier=open_one, item="council", planned=Decimal(12_000_000))
    survey = services.cost_add(actor=officer, dossier=open_one, item="survey", planned=Decimal(8_000_000))
    services.cost_pay(actor=officer, line=survey, paid=Decimal(7_650_000), paid_on=D(2026, 11, 20))
    demo_drafts.open_draft(out, officer=officer, dossier=open_one)  # its access list and its draft, to comment on
    out.write("  1 demo open confidential dossier (Hà Tĩnh: Quy hoạch khu kinh tế Vũng Áng)\n")
