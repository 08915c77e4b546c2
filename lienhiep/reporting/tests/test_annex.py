"""The Excel annex: every figure with its source, period, override and drill-down rows (REPORTING.md §5.7)."""

import datetime as dt
import io

from django.utils import translation
from openpyxl import load_workbook

from lienhiep.reporting.output import render_annex
from lienhiep.reporting.tests import documents


def sheets(data: bytes) -> dict[str, list[tuple]]:
    """Each sheet's rows; openpyxl reads a date cell as a datetime at midnight, given back as the date."""
    workbook = load_workbook(io.BytesIO(data))
    return {
        sheet.title: [
            tuple(value.date() if isinstance(value, dt.datetime) else value for value in row)
            for row in sheet.iter_rows(values_only=True)
        ]
        for sheet in workbook.worksheets
    }


def test_one_row_per_figure_with_where_it_came_from():
    with translation.override("vi"):
        book = sheets(render_annex(documents.administrative()))
    assert list(book) == ["Số liệu", "1. Số hội viên"]
    rows = book["Số liệu"]
    assert rows[:4] == [
        ("BÁO CÁO Tổng kết hoạt động năm 2025 và phương hướng nhiệm vụ năm 2026",) + (None,) * 17,
        ("Liên hiệp các Hội KH&KT tỉnh Hà Tĩnh",) + (None,) * 17,
        ("Hà Tĩnh, ngày 12 tháng 01 năm 2026",) + (None,) * 17,
        (None,) * 18,
    ]
    assert rows[4] == (
        "Mục", "Số liệu", "Giá trị", "Ghi trong báo cáo", "Đơn vị tính", "Nguồn", "Mã số liệu", "Tham số", "Từ ngày",
        "Đến ngày", "Số liệu tính đến ngày", "Thời điểm tính", "Giá trị đã sửa", "Lý do sửa", "Người sửa",
        "Ước tính", "Số bản ghi", "Cách tính",
    )  # fmt: skip
    day = dt.date
    assert rows[5] == (
        "I.", "Số hội viên", 1700, "1.700", "hội viên", "từ dữ liệu", "members.count", None, day(2025, 1, 1),
        day(2025, 12, 31), day(2025, 12, 31), "15:30 12/01/2026", None, None, None, None, 1,
        "1.678 → 1.700 (140 vào, 118 ra)",
    )  # fmt: skip
    assert rows[6] == (
        "I.1.", "Tiền vận động", 53500000, "hàng chục triệu đồng", "đồng", "nhập tay", "activities.sum",
        '{"figure": "money_raised"}', day(2025, 1, 1), day(2025, 12, 31), day(2025, 12, 31), None, 54000000,
        "Cộng thêm khoản ủng hộ tháng 12", "Trần Thị Bình", "ước", None, None,
    )  # fmt: skip
    assert len(rows) == 7


def test_the_drill_down_sheet_lists_the_records():
    with translation.override("vi"):
        book = sheets(render_annex(documents.administrative()))
    assert book["1. Số hội viên"][4:] == [
        ("Họ tên", "Đơn vị", "Ngày vào"),
        ("Nguyễn Văn An", "Hội Y học", dt.date(2025, 3, 2)),
    ]


def test_a_document_without_figures_still_has_its_sheet():
    with translation.override("vi"):
        book = sheets(render_annex(documents.congress()))
    assert list(book) == ["Số liệu"]
    assert (
        book["Số liệu"][0][0]
        == "BÁO CÁO TỔNG KẾT HOẠT ĐỘNG NHIỆM KỲ 2018 - 2023, PHƯƠNG HƯỚNG NHIỆM VỤ NHIỆM KỲ 2024 - 2029"
    )
    assert book["Số liệu"][1][0] == "Liên hiệp các Hội Khoa học và Kỹ thuật\nthị xã Hồng Lĩnh"
    assert len(book["Số liệu"]) == 5
