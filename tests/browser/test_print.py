"""Pages printed as an office prints them (Chromium's print to PDF, A4): the print heading says what the page is, for
which unit, when and with which filters, and nothing of the navigation, the filters or the buttons is on paper.
The PDF's text is read with pdftotext (poppler-utils, which `make system-deps` installs)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import ARTIFACTS

# Words of the screen that must not be printed: the sidebar's other pages, the header's account and language
# buttons, the skip link, the filters' button and the page's own buttons.
NAVIGATION = ["Cơ cấu tổ chức", "Hoạt động", "Đăng xuất", "Bỏ qua, đến nội dung", "Xuất Excel", "English"]


def _printed(open_as, path: str, name: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The Hà Tĩnh officer's page at `path` (`{node}`: the province's id) printed to an A4 PDF (kept in
    test-artifacts/ to look at): the page and the PDF's text."""
    from lienhiep.orgs.models import Org, OrgKind

    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: run `make system-deps` (poppler-utils).")
    ha_tinh = Org.objects.get(kind=OrgKind.PROVINCIAL, name__contains="Hà Tĩnh")
    page = open_as("hatinh.canbo", path=path.format(node=ha_tinh.pk))
    page.wait_for_load_state("networkidle")
    pdf = tmp_path / f"{name}.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / pdf.name)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True).stdout  # noqa: S603, S607
    return page, " ".join(text.split())


def test_member_statistics_print_with_their_heading_and_no_navigation(open_as, tmp_path):
    _, text = _printed(open_as, "/members/stats/?node={node}&on=31/12/2025", "print-member-statistics", tmp_path)
    assert text.startswith(
        "Thống kê hội viên Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh Tính đến ngày 31/12/2025 "
        "Bộ lọc: không có 1.727 1.235 hội viên (mỗi người chỉ tính một lần)"
    ), text[:300]
    # The charts' figures folded under "Xem số liệu dạng bảng" on screen are on paper.
    assert "Độ tuổi 60+ 358" in text
    assert [word for word in NAVIGATION if word in text] == []


def test_the_finance_page_prints_its_tables_whole(open_as, tmp_path):
    page, text = _printed(open_as, "/finance/?node={node}&from=2022&to=2025", "print-finance", tmp_path)
    assert text.startswith(
        "Tài chính Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh Từ năm 2022 đến năm 2025 Bộ lọc: không có"
    ), text[:300]
    # The tables are printed, the columns a phone hides included (the budget lines' notes), and the forms are not.
    assert "2022 89.700.000 82.500.000 16.700.000 23.000.000" in text
    assert "Ghi chú" in text
    assert [word for word in [*NAVIGATION, "Lưu", "Dự toán trong năm"] if word in text] == []
