"""Issue 3's journey: import with bad rows, fix, import with a progress bar, find, export."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from tests.browser.conftest import shot

HEADERS = ["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Hội", "Ngày vào hội"]


def _xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


BAD = [
    ["Hoàng Thị Thu Hà", "Nữ", "31/02/1980", "042180009991", "Hội KH&KT phường Đậu Liêu", "01/03/2026"],
    ["Nguyễn Đình Khôi", "Nam", 29221, "04218000", "Hội KH&KT phường Đậu Liêu", "01/03/2026"],
    ["Lê Quang Vinh", "Nam", "12/12/1975", "042075001122", "Hội không tồn tại", "01/03/2026"],
]
GOOD = [
    ["Hoàng Thị Thu Hà", "Nữ", "28/02/1980", "042180009991", "Hội KH&KT phường Đậu Liêu", "01/03/2026"],
    ["Nguyễn Đình Khôi", "Nam", 29221, "042080007777", "Hội KH&KT phường Đậu Liêu", "01/03/2026"],
    ["Lê Quang Vinh", "Nam", "12/12/1975", "042075001122", "Hội KH&KT xã Thuận Lộc", "01/03/2026"],
]


def _upload_and_check(page, live_server, name: str, data: bytes) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/members/import/")
    page.set_input_files("#id_file", files=[{"name": name, "mimeType": "application/octet-stream", "buffer": data}])
    page.locator("form[enctype] button").click()
    page.locator("[data-testid=import-check]").click()
    page.wait_for_load_state()


def test_import_fix_import_find_export(open_as, live_server, tmp_path):
    page = open_as("hatinh.canbo")

    # A file with bad rows: every problem listed with its row and column; nothing written.
    _upload_and_check(page, live_server, "hoi-vien-moi.xlsx", _xlsx(BAD))
    errors = page.locator("[data-testid=import-errors] tbody tr")
    errors.first.wait_for()
    table = page.locator("[data-testid=import-errors]").inner_text()
    assert "31/02/1980" in table and "04218000" in table and "Hội không tồn tại" in table
    shot(page, "import-errors")

    # The fixed file passes the check and is imported, with the progress bar at 100 %.
    _upload_and_check(page, live_server, "hoi-vien-moi-da-sua.xlsx", _xlsx(GOOD))
    page.locator("[data-testid=import-ready]").wait_for()
    page.locator("[data-testid=import-run]").click()
    page.locator("[data-testid=import-done]").wait_for()
    assert page.locator("[data-testid=progress]").get_attribute("aria-valuenow") == "100"
    shot(page, "import-done")

    # Found by typing the name without diacritics; the Excel serial 29221 became 01/01/1980.
    page.goto(f"{live_server.url}/members/")
    page.fill("#id_q", "nguyen dinh khoi")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=member-table] tbody tr').length === 1")
    row = page.locator("[data-testid=member-table] tbody tr").inner_text()
    assert "Nguyễn Đình Khôi" in row and "01/01/1980" in row

    # The filtered list exports to Excel: written in the background (here at once), then downloaded.
    page.locator("[data-testid=export-xlsx]").click()
    with page.expect_download() as download:
        page.locator("[data-testid=export-download]").click()
    path = tmp_path / "export.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path, read_only=True).active
    values = [row for row in sheet.iter_rows(values_only=True)]
    assert values[0][0] == "Họ và tên"
    assert [v[0] for v in values[1:]] == ["Nguyễn Đình Khôi"]
    shot(page, "import-found")
