"""Every statistics and list page of issue 11 exports to Excel and prints: the file's heading names the page's title,
the unit, the date or period and the filters, and its figures are the page's (read from the page's own context, so a
sheet that drifts from its page fails here)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from lienhiep.accounts.testing import login as login_verified
from lienhiep.core.models import Export
from lienhiep.orgs.models import Org, OrgKind
from lienhiep.orgs.selectors import today

pytestmark = pytest.mark.django_db


def _book(data: bytes) -> dict[str, list[list[object]]]:
    """Each sheet's rows, trailing empty cells cut."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = {}
    for sheet in book.worksheets:
        rows = []
        for row in sheet.iter_rows(values_only=True):
            cells = list(row)
            while cells and cells[-1] is None:
                cells.pop()
            rows.append(cells)
        sheets[sheet.title] = rows
    return sheets


def _split(rows: list[list[object]]) -> tuple[list[str], list[list[object]]]:
    """(the heading's four lines, the table below its blank row)."""
    return [row[0] for row in rows[:4]], rows[5:]


def _n(value: object) -> object:
    """A figure as the sheet holds it: whole amounts of money (Decimal) as numbers."""
    return int(value) if isinstance(value, Decimal) and value == int(value) else value


@pytest.fixture
def officer(demo, client):  # type: ignore[no-untyped-def]
    login_verified(client, get_user_model().objects.get(username="hatinh.canbo"))
    return client


@pytest.fixture
def ha_tinh(demo):  # type: ignore[no-untyped-def]
    return Org.objects.get(kind=OrgKind.PROVINCIAL, name__contains="Hà Tĩnh")


def test_member_statistics_export_is_the_page_under_its_heading(officer, ha_tinh):
    page = officer.get(reverse("members:stats"), {"node": ha_tinh.pk, "on": "31/12/2025"})
    ctx = page.context
    response = officer.get(ctx["export_url"])
    assert response["Content-Disposition"] == 'attachment; filename="thong-ke-hoi-vien-20251231.xlsx"'
    book = _book(response.content)
    heading, summary = _split(book["Tổng hợp"])
    assert heading == [
        "Thống kê hội viên", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh", "Tính đến ngày 31/12/2025",
        "Bộ lọc: không có",
    ]  # fmt: skip
    assert summary[:3] == [
        ["Chỉ tiêu", "Số liệu"],
        ["Hội viên (mỗi người tính một lần)", 1727],
        ["Trí thức (đại học trở lên)", 1235],
    ]
    assert ctx["breakdown"].total == 1727 and ctx["breakdown"].intellectuals == 1235
    assert 'data-testid="total">1.727<' in page.content.decode()
    # Every table of the page, on its sheet, under the same heading.
    assert list(book) == [
        "Tổng hợp", "Theo khối", "Theo giới tính", "Số hội viên qua các năm", "Vào và ra hội", "Theo lĩnh vực",
        "Theo trình độ", "Theo độ tuổi",
    ]  # fmt: skip
    assert all(_split(rows)[0] == heading for rows in book.values())
    assert _split(book["Theo khối"])[1] == [["Khối hội", "Hội viên"], *map(list, ctx["by_group"])]
    assert _split(book["Theo giới tính"])[1] == [["Giới tính", "Hội viên"], *map(list, ctx["by_gender"])]
    over_time = [[day.date(), n] for day, n in _split(book["Số hội viên qua các năm"])[1][1:]]
    assert over_time == [list(row) for row in ctx["over_time"]]
    assert over_time[-1] == [dt.date(2025, 12, 31), 1727]
    assert _split(book["Vào và ra hội"])[1][1:] == [list(row) for row in ctx["flows"]]
    fields = ctx["chart"]["fields"]
    assert _split(book["Theo lĩnh vực"])[1][1:] == [
        list(row) for row in zip(fields["labels"], fields["values"], strict=True)
    ]
    assert _split(book["Theo độ tuổi"])[1][1:] == [[label or "?", n] for label, n in ctx["by_age"]]
    # Numbers are numbers, shown 1.727 by a Vietnamese Excel; the header row is frozen under the heading.
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Tổng hợp"]
    assert (sheet["B7"].value, sheet["B7"].number_format, sheet.freeze_panes) == (1727, "#,##0", "A6")


def test_overview_export_is_the_page_with_its_panels(officer, ha_tinh):
    page = officer.get(reverse("reporting:overview"), {"node": ha_tinh.pk, "start": "01/01/2018", "end": "31/12/2023"})
    ctx = page.context
    book = _book(officer.get(ctx["export_url"]).content)
    heading, summary = _split(book["Tổng hợp"])
    assert heading == [
        "Tổng quan", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh", "Từ ngày 01/01/2018 đến ngày 31/12/2023",
        "Bộ lọc: không có",
    ]  # fmt: skip
    totals, initiatives = ctx["totals"], ctx["initiatives"]
    assert summary[1:7] == [
        ["Hoạt động", totals.count],
        ["Lượt người được tiếp cận", totals.people_reached],
        ["Số tiền vận động (đồng)", totals.money_raised],
        # 950 and 932 before the seven prize-winning products became contest prizes (contests' demo).
        ["Sáng kiến, đề tài được công nhận", 943],
        ["Sáng kiến, đề tài đã áp dụng", 925],
        ["Tỷ lệ sáng kiến, đề tài đã áp dụng (%)", initiatives.applied_share],
    ]
    assert (initiatives.count, initiatives.applied) == (943, 925)
    assert summary[7 : 7 + len(ctx["by_kind"])] == [[str(label), n] for label, n in ctx["by_kind"]]
    # One sheet per chart, the panels of awards and finance included, with the figures the chart draws.
    assert list(book) == [
        "Tổng hợp", "Hoạt động theo tháng và loại", "Sáng kiến, đề tài theo cấp công", "Khen thưởng theo năm và cấp",
        "Kinh phí và chi tiêu",
    ]  # fmt: skip
    levels = _split(book["Sáng kiến, đề tài theo cấp công"])[1]
    assert levels == [["Cấp", "Số lượng"], *[[str(label), n] for label, n in ctx["levels"]]]
    budget = ctx["chart"]["budget"]
    finance = _split(book["Kinh phí và chi tiêu"])[1]
    assert finance[0] == ["Năm", "Dự toán", "Thực nhận", "Đã chi", "Vận động được"]
    assert [row[1:] for row in finance[1:]] == [
        list(v) for v in zip(*(s["values"] for s in budget["datasets"]), strict=True)
    ]


def test_ratings_export_is_the_page(officer, ha_tinh):
    page = officer.get(reverse("awards:ratings"), {"node": ha_tinh.pk, "year": "2023"})
    ctx = page.context
    response = officer.get(ctx["export_url"])
    book = _book(response.content)
    assert list(book) == ["Xếp loại năm 2023", "Mười năm gần đây"]
    heading, units = _split(book["Xếp loại năm 2023"])
    assert heading == [
        "Xếp loại thi đua", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh", "Năm 2023", "Bộ lọc: không có",
    ]  # fmt: skip
    assert units[1:] == [
        [
            r.org.name,
            r.get_rating_display(),
            r.get_rated_by_display(),
            *([r.decision_number] if r.decision_number else []),
        ]
        for r in ctx["ratings"]
    ]
    assert len(units) - 1 == len(ctx["ratings"]) > 0


def test_finance_export_is_the_page_and_every_spending_line(officer, ha_tinh):
    page = officer.get(reverse("finance:overview"), {"node": ha_tinh.pk, "from": "2022", "to": "2025"})
    ctx = page.context
    response = officer.get(ctx["export_url"])
    assert response["Content-Disposition"] == 'attachment; filename="tai-chinh-2022-2025.xlsx"'
    book = _book(response.content)
    assert list(book) == ["Kinh phí và chi tiêu", "Dự toán năm 2025", "Các khoản chi năm 2025"]
    heading, years = _split(book["Kinh phí và chi tiêu"])
    assert heading == [
        "Tài chính", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh", "Từ năm 2022 đến năm 2025",
        "Bộ lọc: không có",
    ]  # fmt: skip
    assert years[1:] == [[y.year, _n(y.planned), _n(y.actual), _n(y.spent), _n(y.raised)] for y in ctx["years"]]
    assert years[1] == [2022, 89_700_000, 82_500_000, 16_700_000, 23_000_000]
    budgets = _split(book["Dự toán năm 2025"])[1][1:]
    assert [row[:4] for row in budgets] == [
        [b.org.name, b.get_source_display(), _n(b.planned), _n(b.actual)] for b in ctx["budgets"]
    ]
    spending = _split(book["Các khoản chi năm 2025"])[1][1:]
    assert [(row[0].date(), row[1], row[-1]) for row in spending] == [
        (s.spent_on, s.purpose, _n(s.amount)) for s in ctx["spending"]
    ]
    assert len(spending) == 7


def test_compliance_export_is_the_page(officer, ha_tinh):
    page = officer.get(reverse("governance:compliance", args=[ha_tinh.pk]))
    ctx = page.context
    book = _book(officer.get(ctx["export_url"]).content)
    assert list(book) == ["Tổng hợp", "Cuộc họp", "Tham dự ít", "Kiện toàn"]
    heading, summary = _split(book["Tổng hợp"])
    on = ctx["on"]
    assert heading == [
        "Thực hiện điều lệ", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh", f"Tính đến ngày {on:%d/%m/%Y}",
        "Bộ lọc: Nhiệm kỳ: hai nhiệm kỳ gần nhất của mỗi đơn vị",
    ]  # fmt: skip
    report = ctx["report"]
    assert summary[1:] == [
        ["Cuộc họp tổ chức muộn", report.late_count],
        ["Cuộc họp không tổ chức", report.missing_count],
        ["Việc kiện toàn quá hạn hoặc chậm", len(report.overdue)],
    ]
    assert (report.late_count, report.missing_count, len(report.overdue)) == (4, 2, 3)
    meetings = _split(book["Cuộc họp"])[1][1:]
    flags = [(c.node_name, p.start) for c in report.committees for p in c.flags]
    assert [(row[0], row[3].date()) for row in meetings] == flags
    changes = _split(book["Kiện toàn"])[1][1:]
    assert [row[0] for row in changes] == [r.org.name for r in ctx["restructurings"]]
    # Every term, as the page's link says.
    whole = officer.get(reverse("governance:compliance", args=[ha_tinh.pk]), {"all": "1"})
    heading = _split(_book(officer.get(whole.context["export_url"]).content)["Tổng hợp"])[0]
    assert heading[3] == "Bộ lọc: Nhiệm kỳ: mọi nhiệm kỳ"


def _background(client, url: str, query: dict[str, object], captured) -> dict[str, list[list[object]]]:  # type: ignore[no-untyped-def]
    """Ask a list's export as its button does, run the queued task, download the file."""
    with captured() as queued:
        response = client.get(url, query)
    assert response.status_code == 302
    for callback in queued:
        callback()
    export = Export.objects.latest("pk")
    assert export.status == "done", export.message
    download = client.get(reverse("exports:file", args=[export.pk]))
    return _book(b"".join(download.streaming_content))


def test_honour_list_export_names_its_filters_and_holds_every_row(officer, ha_tinh, django_capture_on_commit_callbacks):
    from lienhiep.awards import selectors
    from lienhiep.awards.forms import HonourFilterForm

    query = {"node": ha_tinh.pk, "issuer": "provincial_union"}
    page = officer.get(reverse("awards:list"), query)
    book = _background(officer, reverse("awards:export"), query, django_capture_on_commit_callbacks)
    heading, table = _split(book["Khen thưởng"])
    assert heading == [
        "Khen thưởng", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh", f"Tính đến ngày {today():%d/%m/%Y}",
        "Bộ lọc: Cấp khen: Liên hiệp hội cấp tỉnh",
    ]  # fmt: skip
    assert page.context["heading"].lines() == heading
    form = HonourFilterForm(query, nodes=Org.objects.all())
    honours = list(selectors.honour_list(visible_org_ids=None, filters=form.filters(selectors.HonourFilters)))
    assert [(row[0], row[1].date(), row[3]) for row in table[1:]] == [
        (h.decision_number, h.decision_date, h.recipient) for h in honours
    ]
    assert page.context["count"] == len(table) - 1


def test_initiative_list_export_names_its_filters_and_holds_every_row(
    officer, ha_tinh, django_capture_on_commit_callbacks
):
    query = {"node": ha_tinh.pk, "level": "province", "year": "2022"}
    page = officer.get(reverse("activities:initiatives"), query)
    book = _background(officer, reverse("activities:initiative_export"), query, django_capture_on_commit_callbacks)
    heading, table = _split(book["Sáng kiến, đề tài"])
    assert heading == [
        "Sáng kiến và đề tài nghiên cứu", "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh",
        f"Tính đến ngày {today():%d/%m/%Y}", "Bộ lọc: Cấp công nhận: Cấp tỉnh; Năm: 2022",
    ]  # fmt: skip
    assert page.context["heading"].lines() == heading
    shown = [(i.year, i.title, i.org.name) for i in page.context["initiatives"]]
    assert [(row[0], row[2], row[4]) for row in table[1:]] == shown  # the date recognised is the second column
    assert len(shown) == page.context["count"] > 0
