"""A report's head and body as they print (test A of REPORTING.md §5.9 on the tests' own template)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lienhiep.accounts.tests.factories import UserFactory
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.reporting import document as doc
from lienhiep.reporting import selectors, services
from lienhiep.reporting.models import BlockKind, ReportEvent, ReportStatus
from lienhiep.reporting.tests.factories import hong_linh, mini_template, term_report

D = dt.date


def text(paragraph: doc.Paragraph) -> str:
    return "".join(run.text for run in paragraph.runs)


@pytest.fixture
def admin(demo):
    return UserFactory(username="reporting-admin", is_superuser=True, is_staff=True)


@pytest.mark.django_db
def test_a_term_report_is_created_with_its_head_from_the_unit_the_template_and_the_congress(admin):
    report = term_report(admin)
    assert report.status == ReportStatus.DRAFT
    assert report.congress.ordinal == 4
    assert report.summary == "TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023,\nPHƯƠNG HƯỚNG NHIỆM VỤ NHIỆM KỲ 2024 - 2029"
    # The unit's name as it stood on the cut-off date, though it was dissolved in 2025 (test A.11).
    assert report.issuer_line == "LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT THỊ XÃ HỒNG LĨNH"
    assert report.superior_line == "LIÊN HIỆP CÁC HỘI KHOA HỌC VÀ KỸ THUẬT TỈNH HÀ TĨNH"
    assert report.collective_author == "BCH LIÊN HIỆP HỘI THỊ XÃ HỒNG LĨNH KHOÁ IV"
    assert report.recipients == ["- Liên hiệp hội tỉnh (b/c);", "- Lưu: VT, VP."]
    assert [(s.key, s.level) for s in report.sections.order_by("order")] == [
        ("p1", 0), ("p1.i", 1), ("p1.i.1", 2), ("p1.i.2", 2), ("p1.i.2.1", 3), ("p2", 0), ("p2.i", 1), ("p2.i.2", 2),
    ]  # fmt: skip
    kinds = [b.kind for s in report.sections.order_by("order") for b in s.blocks.order_by("order")]
    assert kinds == [BlockKind.TEXT, BlockKind.FOOTNOTE, BlockKind.CONTEXT, BlockKind.TARGETS]
    event = ReportEvent.objects.get(report=report)
    assert (event.kind, event.actor, event.org) == ("create", admin, hong_linh())


@pytest.mark.django_db
def test_the_document_prints_seed_000s_sentence_with_live_figures(admin):
    report = term_report(admin)
    document = selectors.document(report)
    assert document.style == "congress"
    assert document.number_line == ""
    assert document.recipients == ()
    part_one, part_two = document.sections
    assert (part_one.number, part_one.title) == ("Phần thứ nhất", "ĐÁNH GIÁ TÌNH HÌNH VÀ KẾT QUẢ HOẠT ĐỘNG NHIỆM KỲ")
    results = part_one.sections[0]
    assert results.number == "I."
    first, second = results.sections
    assert (first.number, second.number, second.sections[0].number) == ("1.", "2.", "2.1.")
    assert text(first.blocks[0]) == (
        "Hiện nay, Liên hiệp hội thị xã có 19 hội thành viên (trong đó có 13 hội thuộc khối các cơ quan, doanh "
        "nghiệp, trường học và 06 hội của phường, xã), tập hợp được 1.700 hội viên."
    )
    runs = first.blocks[0].runs
    assert [run.note for run in runs if run.note] == ["fn1"]
    assert [run.text for run in runs if run.bold] == [" hội viên"]
    assert document.footnotes == {"fn1": (doc.Run("Số liệu đến ngày chốt."),)}
    assert text(second.sections[0].blocks[0]) == "Định danh điện tử: 20.995 tài khoản"
    assert part_two.number == "Phần thứ hai"
    targets = part_two.sections[0].sections[0].blocks
    assert len(targets) == 9 and all(t.bullet == "-" for t in targets)
    assert [(line.key, line.params, line.printed) for line in document.figures] == [
        ("orgs.associations", {}, "19"),
        ("orgs.associations", {"group": "agencies"}, "13"),
        ("orgs.associations", {"group": "wards"}, "06"),
        ("members.count", {}, "1.700"),
        ("context", {"source": "Công an thị xã"}, "20.995 tài khoản"),
    ]
    assert document.problems == ()


@pytest.mark.django_db
def test_the_cut_off_date_pins_the_figures(admin):
    report = term_report(admin, as_of=D(2024, 3, 19))
    sentence = text(selectors.document(report).sections[0].sections[0].sections[0].blocks[0])
    assert "tập hợp được 1.701 hội viên" in sentence


@pytest.mark.django_db
def test_a_figure_that_cannot_be_computed_prints_an_ellipsis_and_is_listed(admin):
    report = term_report(admin)
    block = report.sections.get(key="p1.i.1").blocks.get(kind=BlockKind.TEXT)
    outside = Org.objects.get(kind=OrgKind.PROVINCIAL, name__contains="Bắc Ninh")
    block.content["runs"][7] = {"fig": "members.count", "scope": outside.pk}
    block.save()
    document = selectors.document(report)
    assert text(document.sections[0].sections[0].sections[0].blocks[0]).endswith("tập hợp được … hội viên.")
    assert document.problems == ("p1.i.1: Đơn vị mà số liệu thu hẹp về không thuộc đơn vị của báo cáo.",)


@pytest.mark.django_db
def test_report_create_refuses_a_period_a_template_of_another_kind_and_an_outsider(admin):
    town = hong_linh()
    template = mini_template()
    before = town.reports.count()
    with pytest.raises(ValidationError) as caught:
        services.report_create(
            actor=admin, org=town, kind="annual", template=template, period_start=D(2023, 1, 1),
            period_end=D(2023, 12, 31),
        )  # fmt: skip
    assert caught.value.messages == ["Mẫu này dành cho loại báo cáo khác."]
    with pytest.raises(ValidationError) as caught:
        services.report_create(
            actor=admin, org=town, kind="term", template=template, period_start=D(2023, 1, 1),
            period_end=D(2023, 12, 31), as_of=D(2024, 1, 1),
        )  # fmt: skip
    assert caught.value.messages == ["Ngày chốt số liệu phải nằm trong kỳ báo cáo."]
    assert town.reports.count() == before  # (the demo's own reports of the town stand)
