"""The demo's dossiers: the seven topics of seed 000 §2.2, and the term report that prints them from the records."""

import datetime as dt
from decimal import Decimal

from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting import registry
from lienhiep.reporting.models import ReportKind
from lienhiep.reporting.tests.test_acceptance import demo_report, rendered
from lienhiep.reviews.demo import TOPICS
from lienhiep.reviews.models import Dossier

D = dt.date
# In the order their opinions went out.
SEVEN = [topic[0] for topic in sorted(TOPICS, key=lambda topic: topic[6])]


def test_the_term_report_names_the_seven_topics_from_the_records(demo):
    town = Org.objects.get(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh")
    closed = Dossier.objects.filter(org=town, status="closed").order_by("sent_on")
    assert [d.title for d in closed] == SEVEN
    assert SEVEN[0] == "Đề án phát triển đô thị thị xã Hồng Lĩnh đến năm 2025 và những năm tiếp theo"
    paragraph = next(p for p in rendered(demo_report(ReportKind.TERM)).paragraphs if "trên địa bàn như: " in p)
    assert "như: " + "; ".join(SEVEN) + "; đặc biệt tham gia tích cực vào các hội thảo chuyên đề" in paragraph
    # The congress measure: seven topics over the six years of the term, against one or two a year.
    term = {"start": D(2018, 6, 15), "end": D(2023, 12, 31), "as_of": D(2023, 12, 31)}
    assert registry.compute("reviews.topics_a_year", town, **term).value == Decimal("1.2")
    assert registry.compute("reviews.plan", town, **term).value == [
        {"year": 2018, "planned": None, "done": 1}, {"year": 2019, "planned": 1, "done": 1},
        {"year": 2020, "planned": 1, "done": 1}, {"year": 2021, "planned": 2, "done": 1},
        {"year": 2022, "planned": 2, "done": 2}, {"year": 2023, "planned": 2, "done": 1},
    ]  # fmt: skip


def test_the_open_dossier_of_ha_tinh_is_confidential_and_its_step_due(demo):
    ha_tinh = Org.objects.get(kind=OrgKind.PROVINCIAL, name__contains="Hà Tĩnh")
    open_one = Dossier.objects.get(org=ha_tinh)
    assert (open_one.confidential, open_one.status, open_one.due_on) == (True, "estimated", D(2026, 11, 17))
    assert [(c.item, c.paid, c.spending.amount if c.spending else None) for c in open_one.costs.order_by("id")] == [
        ("council", None, None), ("survey", 7_650_000, 7_650_000)
    ]  # fmt: skip


def test_the_demo_expert_reads_and_comments_on_the_draft_of_her_confidential_dossier(demo):
    from lienhiep.accounts.models import User
    from lienhiep.reviews.drafts.permissions import Need, allowed

    ha_tinh = Org.objects.get(kind=OrgKind.PROVINCIAL, name__contains="Hà Tĩnh")
    open_one = Dossier.objects.get(org=ha_tinh)
    expert, officer = User.objects.get(username="hatinh.chuyengia"), User.objects.get(username="hatinh.canbo")
    assert sorted(open_one.access_list.values_list("user__username", flat=True)) == [
        "hatinh.canbo",
        "hatinh.chuyengia",
    ]
    draft = open_one.drafts.get()
    assert draft.parts.count() > 10
    assert (allowed(expert, open_one, Need.COMMENT), allowed(expert, open_one, Need.DECIDE)) == (True, False)
    assert allowed(officer, open_one, Need.DECIDE)


def test_the_demo_has_the_2023_consultancy_reports_of_the_town_and_the_province(demo):
    from lienhiep.reporting.models import Report
    from lienhiep.reporting.tests.layout import problems

    reports = Report.objects.filter(template__key="tvpb-annual").select_related("org").order_by("org__kind")
    assert [(r.org.kind, r.status, r.period_start, r.period_end) for r in reports] == [
        ("district", "draft", D(2023, 1, 1), D(2023, 12, 31)),
        ("provincial", "draft", D(2023, 1, 1), D(2023, 12, 31)),
    ]
    town, province = (rendered(report) for report in reports)
    for printed, report in ((town, reports[0]), (province, reports[1])):
        assert problems(printed.raw, style=report.style, issued=False) == []
    farming = "- Kế hoạch phát triển sản xuất nông nghiệp hàng năm (Tư vấn; UBND thị xã Hồng Lĩnh; gửi ý kiến ngày"
    assert [p for p in town.paragraphs if p.startswith("- ")] == [f"{farming} 24/04/2023);"]
    # The province counts its units' dossiers: the town's topic and its lawyers' comments on a draft law.
    assert [p for p in province.paragraphs if p.startswith("- ")] == [
        "- Dự thảo Luật Đất đai (sửa đổi) (Góp ý dự thảo; Liên hiệp các Hội Khoa học và Kỹ thuật Việt Nam; gửi "
        "ý kiến ngày 20/02/2023);",
        f"{farming} 24/04/2023);",
    ]
    assert "Năm | Kế hoạch (chuyên đề) | Đã thực hiện" in town.paragraphs
    assert "2023 | 2 | 1" in town.paragraphs
