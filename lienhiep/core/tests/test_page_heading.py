"""What a printed page and its Excel file say above their tables, and the sheets of a page with several tables."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django import forms
from openpyxl import load_workbook

from lienhiep.core import exports
from lienhiep.core.forms import FilterForm
from lienhiep.core.http import url_with
from lienhiep.core.spreadsheets import DECIMAL, NUMBER, ExportSheet, xlsx_bytes
from lienhiep.core.spreadsheets.writing import sheet_title


def test_a_heading_says_what_which_unit_when_and_the_filters():
    heading = exports.Heading("Khen thưởng", "Liên hiệp hội tỉnh Hà Tĩnh", exports.as_of(dt.date(2025, 12, 31)),
                              [("Cấp khen", "VUSTA"), ("Năm", "2024")])  # fmt: skip
    assert heading.lines() == [
        "Khen thưởng", "Liên hiệp hội tỉnh Hà Tĩnh", "Tính đến ngày 31/12/2025", "Bộ lọc: Cấp khen: VUSTA; Năm: 2024",
    ]  # fmt: skip
    assert exports.period(dt.date(2024, 1, 1), dt.date(2025, 6, 30)) == "Từ ngày 01/01/2024 đến ngày 30/06/2025"
    assert (exports.years(2025, 2025), exports.years(2022, 2025)) == ("Năm 2025", "Từ năm 2022 đến năm 2025")
    assert exports.Heading("A", "B", "C").filters_text() == "Bộ lọc: không có"


class _Filters(FilterForm):
    q = forms.CharField(label="Tên", required=False)
    kind = forms.ChoiceField(label="Loại", choices=[("", "Tất cả"), ("a", "Tập huấn")], required=False)
    since = forms.DateField(label="Từ ngày", required=False, input_formats=["%d/%m/%Y"])


def test_filters_in_words_name_a_choice_by_its_label_and_a_date_day_first():
    form = _Filters({"q": "Nguyễn", "kind": "a", "since": "02/03/2024"})
    assert form.in_words() == [("Tên", "Nguyễn"), ("Loại", "Tập huấn"), ("Từ ngày", "02/03/2024")]
    assert _Filters({"q": "", "kind": ""}).in_words() == []
    assert _Filters({"kind": "zzz"}).in_words() == []  # not valid: the list shows everything, and says no filter


def test_an_export_link_carries_dates_day_first_and_leaves_none_out():
    assert url_with("members:stats_export", node=5, on=dt.date(2025, 12, 31), q=None) == (
        "/members/stats/export/?node=5&on=31%2F12%2F2025"
    )
    assert url_with("governance:compliance_export", 7, all=None) == "/governance/compliance/7/export/"


def test_several_sheets_under_one_heading_with_numbers_in_the_vietnamese_format():
    heading = ["Thống kê", '=HYPERLINK("x")', "Tính đến ngày 31/12/2025", "Bộ lọc: không có"]
    data = xlsx_bytes(
        [["Chỉ tiêu", "Số liệu"], ["Hội viên", 1727], ["Tỷ lệ (%)", 12.5]],
        title="Tổng hợp",
        widths=[30, 12],
        heading=heading,
        formats=[None, NUMBER],
        sheets=[
            ExportSheet(
                "Theo năm",
                [["Năm", "Số tiền", "Tỷ lệ"], [2024, Decimal(1500000), Decimal("33.3")]],
                [8, 14, 8],
                [None, NUMBER, DECIMAL],
            )
        ],
    )
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Tổng hợp", "Theo năm"]
    first, second = book["Tổng hợp"], book["Theo năm"]
    assert [first.cell(row, 1).value for row in range(1, 5)] == [*heading[:1], '\'=HYPERLINK("x")', *heading[2:]]
    assert [second.cell(row, 1).value for row in range(1, 5)] == [first.cell(row, 1).value for row in range(1, 5)]
    assert (first.freeze_panes, second.freeze_panes) == ("A6", "A6")
    assert (first["B7"].value, first["B7"].number_format) == (1727, "#,##0")
    assert (first["B8"].value, first["B8"].number_format) == (12.5, "#,##0.0")  # a share among counts keeps its decimal
    assert (second["A7"].value, second["A7"].number_format) == (2024, "General")  # a year is not 2.024
    assert (second["B7"].value, second["B7"].number_format, second["C7"].number_format) == (1500000, "#,##0", "#,##0.0")
    assert first.column_dimensions["A"].width == 30


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Khen thưởng theo năm và cấp khen thưởng", "Khen thưởng theo năm và cấp"),
        ("Thu/chi: năm [2025]", "Thu chi năm 2025"),
        ("x" * 40, "x" * 31),
    ],
)
def test_a_sheet_name_is_cut_between_words_without_excel_forbidden_characters(title, name):
    assert sheet_title(title) == name
