"""Acceptance test D of REPORTING.md §5.9 (a province's half-year report), as far as today's records say it: the
associations counted as the tree stood (24), section I in the order of the fields of work with the units that gave
the examples (25; the examples from a campaign's submissions are campaigns/tests/test_rollup.py's), participants as
lượt with the approximate wording (26), legal advice and charity with their figures (27). Item 28 (plausibility
rules) is rec14's; item 29 (a prize table) is contests/tests/test_report_prizes.py (contests sit above reporting)."""

from __future__ import annotations

import datetime as dt

import pytest

from lienhiep.activities import services as activity_services
from lienhiep.orgs import services as org_services
from lienhiep.orgs.models import OrgKind
from lienhiep.reporting import selectors, services
from lienhiep.reporting.document import Paragraph
from lienhiep.reporting.models import Block, Report, ReportKind, ReportTemplate

D = dt.date
pytestmark = pytest.mark.django_db


def body_text(report: Report) -> str:
    """The body of the report as it prints, a paragraph a line ("- " before a bulleted one), headings included."""
    lines: list[str] = []

    def walk(sections) -> None:  # type: ignore[no-untyped-def]
        for section in sections:
            if section.title:
                lines.append(f"{section.number} {section.title}".strip())
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    text = "".join(run.text for run in block.runs)
                    lines.append(f"{block.bullet} {text}" if block.bullet else text)
            walk(section.sections)

    walk(selectors.document(report).sections)
    return "\n".join(lines)


def half_year(actor, org, year: int = 2026) -> Report:  # type: ignore[no-untyped-def]
    return services.report_create(
        actor=actor, org=org, kind=ReportKind.HALF_YEAR,
        template=ReportTemplate.objects.get(org=None, key="half-year"),
        period_start=D(year, 1, 1), period_end=D(year, 6, 30), as_of=D(year, 6, 30),
    )  # fmt: skip


def test_d24_the_associations_are_counted_as_the_tree_stood_on_the_cut_off(world):
    # Given Bắc Giang's association, merged with its province into Bắc Ninh on 01/07/2025
    bac_giang = org_services.org_create(
        actor=world.root, kind=OrgKind.PROVINCIAL, name="Liên hiệp hội tỉnh Bắc Giang", founded_on=D(1997, 1, 1),
        parent=world.national,
    )  # fmt: skip
    org_services.org_create(
        actor=world.root, kind=OrgKind.ASSOCIATION, name="Hội Làm vườn tỉnh Bắc Giang", founded_on=D(2001, 1, 1),
        parent=bac_giang,
    )  # fmt: skip
    org_services.org_merge(actor=world.root, sources=[bac_giang], target=world.bac_ninh, on=D(2025, 7, 1))

    # Then Bắc Ninh's H1 2024 report counts its own association only, its H1 2026 report both
    assert "Đến nay, Liên hiệp hội có 01 hội thành viên" in body_text(half_year(world.chris, world.bac_ninh, 2024))
    assert "Đến nay, Liên hiệp hội có 02 hội thành viên" in body_text(half_year(world.chris, world.bac_ninh, 2026))


def _records(world) -> None:  # type: ignore[no-untyped-def]
    make = activity_services.activity_create
    make(actor=world.root, org=world.lawyers_ht, kind="training", title="Tập huấn Luật Đất đai",
         start_date=D(2026, 3, 10), participants_members=180, participants_public=32)  # fmt: skip
    make(actor=world.root, org=world.trung_luong, kind="training", title="Tập huấn chuyển đổi số",
         start_date=D(2026, 2, 5), participants_members=100)  # fmt: skip
    make(actor=world.root, org=world.lawyers_ht, kind="legal_aid", title="Tư vấn pháp luật miễn phí",
         start_date=D(2026, 4, 2), persons_advised=46, cases_handled=7)  # fmt: skip
    make(actor=world.root, org=world.trung_luong, kind="campaign", title="Quỹ khuyến học phường",
         start_date=D(2026, 5, 5), money_raised=53_500_000, gifts=40, gifts_value=20_000_000, scholarships=12,
         recipients=52)  # fmt: skip


def test_d25_section_one_goes_by_field_of_work_and_names_the_units_of_the_examples(world):
    _records(world)

    text = body_text(half_year(world.alice, world.ha_tinh))

    part_one = text.split("\nII. ", 1)[0]
    headings = [line for line in part_one.split("\n") if line[:2] in ("1.", "2.", "3.", "4.", "5.")]
    assert headings == [
        "1. Công tác thông tin, tuyên truyền, phổ biến kiến thức; đào tạo, tập huấn",
        "2. Hoạt động tư vấn, phản biện và giám định xã hội",
        "3. Hội thi sáng tạo kỹ thuật, cuộc thi sáng tạo và sáng kiến",
        "4. Công tác xây dựng tổ chức hội",
        "5. Hoạt động chuyên môn, cộng đồng và từ thiện",
    ]
    assert (
        "Điển hình như:\n"
        "- Hội KH&KT phường Trung Lương: Tập huấn chuyển đổi số (05/02/2026);\n"
        "- Hội Luật gia tỉnh Hà Tĩnh: Tập huấn Luật Đất đai (10/03/2026);"
    ) in text


def test_d26_participants_print_as_luot_with_the_approximate_wording(world):
    _records(world)
    report = half_year(world.alice, world.ha_tinh)

    assert "02 lớp đào tạo, tập huấn với 312 lượt người tham dự" in body_text(report)

    # The secretary words it "trên 300 lượt"
    block = next(
        b for b in Block.objects.filter(section__report=report, section__key="i.thong-tin", kind="text")
        if b.content["runs"][0]["t"].startswith("Trong 6 tháng")
    )  # fmt: skip
    runs = [
        {**run, "fmt": {"approx": "tren"}} if run.get("params") == {"figure": "participants", "kind": "training"}
        else run
        for run in block.content["runs"]
    ]  # fmt: skip
    services.block_edit(actor=world.alice, block=block, content={**block.content, "runs": runs})
    assert "02 lớp đào tạo, tập huấn với trên 300 lượt người tham dự" in body_text(report)


def test_d27_legal_advice_and_charity_print_their_figures(world):
    _records(world)

    text = body_text(half_year(world.alice, world.ha_tinh))

    assert "Hoạt động tư vấn, trợ giúp pháp lý: 01 đợt, tư vấn cho 46 người, giải quyết 07 vụ việc." in text
    assert (
        "Hoạt động từ thiện, xã hội: 01 cuộc vận động, quyên góp được 53.500.000 đồng; trao 40 suất quà trị giá "
        "20.000.000 đồng và 12 suất học bổng cho 52 lượt người."
    ) in text


def test_a_second_half_report_reads_as_the_second_half_and_directs_the_next_years_first(world):
    first = half_year(world.chris, world.bac_ninh, 2026)
    second = services.report_create(
        actor=world.chris, org=world.bac_ninh, kind=ReportKind.HALF_YEAR,
        template=ReportTemplate.objects.get(org=None, key="half-year"),
        period_start=D(2026, 7, 1), period_end=D(2026, 12, 31), as_of=D(2026, 12, 31),
    )  # fmt: skip

    assert "KẾT QUẢ HOẠT ĐỘNG 6 THÁNG ĐẦU NĂM 2026" in body_text(first)
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG CUỐI NĂM 2026" in body_text(first)
    assert "KẾT QUẢ HOẠT ĐỘNG 6 THÁNG CUỐI NĂM 2026" in body_text(second)
    assert "PHƯƠNG HƯỚNG, NHIỆM VỤ 6 THÁNG ĐẦU NĂM 2027" in body_text(second)
    assert "nhiệm vụ 6 tháng đầu năm 2027" in second.summary
