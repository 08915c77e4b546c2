"""Issue 11: member files as offices make them import through the pages — a title merged above the table with the
header on row 3, and a workbook with a cover sheet and a totals row."""

from __future__ import annotations

from lienhiep.core.tests.samples import office_xlsx
from tests.browser.conftest import shot

HEADER = ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Hội", "Ngày vào hội"]
UNIT = "Hội KH&KT phường Đậu Liêu"


def _import(page, live_server, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/members/import/")
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}])
    page.locator("form[enctype] button").click()
    page.locator("[data-testid=import-check]").wait_for()


def _check_and_run(page) -> str:  # type: ignore[no-untyped-def]
    """Check the file with the columns as guessed, import it, and say what the page says was imported."""
    page.locator("[data-testid=import-check]").click()
    page.locator("[data-testid=import-ready]").wait_for()
    page.locator("[data-testid=import-run]").click()
    page.locator("[data-testid=import-done]").wait_for()
    return page.locator("[data-testid=import-done]").inner_text().split(" Xem")[0].strip()


def test_office_files_import_through_the_pages(open_as, live_server):
    page = open_as("hatinh.canbo")

    # A "DANH SÁCH HỘI VIÊN" title merged across the top, a blank row, the header on row 3.
    rows = [
        [1, "Phạm Thị Thanh Tâm", "Nữ", "14/03/1985", UNIT, "01/03/2026"],
        [2, "Võ Văn Quyết", "Nam", "02/09/1979", UNIT, "01/03/2026"],
    ]
    _import(page, live_server, "danh-sach-hoi-vien.xlsx", office_xlsx({"Hội viên": [HEADER, *rows]},
                                                                      title="DANH SÁCH HỘI VIÊN"))  # fmt: skip
    assert page.locator("[data-testid=import-header-row]").inner_text() == "Dòng tiêu đề: dòng 3"
    assert page.locator("#id_header_row").input_value() == "3"
    shot(page, "import-title-block")
    assert _check_and_run(page) == "Đã nhập 2 hội viên."

    # A cover sheet, then the list with a totals row at the bottom: the list is read, the totals row is not.
    cover = [["BÁO CÁO HỘI VIÊN NĂM 2026"], ["Liên hiệp hội tỉnh Hà Tĩnh"]]
    more = [[1, "Đinh Thị Hạnh", "Nữ", "20/10/1990", UNIT, "01/03/2026"], [None, "Tổng cộng", None, None, None, 1]]
    _import(page, live_server, "bao-cao.xlsx", office_xlsx({"Bìa": cover, "Danh sách": [HEADER, *more]}))
    assert page.locator("#id_sheet").input_value() == "Danh sách"
    assert page.locator("[data-testid=import-totals]").inner_text() == "Dòng 3 là dòng tổng cộng: không được nhập."
    shot(page, "import-two-sheets")
    assert _check_and_run(page) == "Đã nhập 1 hội viên."
