"""Issue 11: files as offices make them import through the pages — a title merged above the table with the
header on row 3, a workbook with a cover sheet and a totals row, and a list whose unit is merged down its rows with
a signature block under the totals; members and initiatives alike."""

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


SIGNATURES = [
    [],
    [None, None, None, None, "Hà Tĩnh, ngày 02 tháng 3 năm 2026"],
    [None, "Người lập biểu", None, None, "Thủ trưởng đơn vị"],
    [None, "(Ký, ghi rõ họ tên)", None, None, "(Ký tên, đóng dấu)"],
    [None, "Nguyễn Văn Lập", None, None, "Trần Văn Trưởng"],
]


def test_a_unit_merged_down_its_rows_and_a_signature_block_import_through_the_pages(open_as, live_server):
    from lienhiep.activities.models import Initiative
    from lienhiep.members.models import Person

    page = open_as("hatinh.canbo")

    # The members: the association merged down its three members' rows, a totals row, then who signs.
    rows = [
        [1, "Hoàng Thị Lụa", "Nữ", "11/05/1988", UNIT, "01/03/2026"],
        [2, "Trương Văn Đạt", "Nam", "23/07/1981", None, "01/03/2026"],
        [3, "Ngô Thị Huệ", "Nữ", "30/01/1992", None, "01/03/2026"],
        [None, "Tổng cộng", "3 hội viên"],
        *SIGNATURES,
    ]
    data = office_xlsx({"Hội viên": [HEADER, *rows]}, title="DANH SÁCH HỘI VIÊN", merged=("E4:E6",))
    _import(page, live_server, "hoi-vien-gop-o.xlsx", data)
    assert page.locator("[data-testid=import-notes]").inner_text() == "Bỏ qua 4 dòng chữ ký/ghi chú ở cuối bảng."
    shot(page, "import-merged-signatures")
    assert _check_and_run(page) == "Đã nhập 3 hội viên."
    assert sorted(
        Person.objects.filter(full_name__in=["Hoàng Thị Lụa", "Trương Văn Đạt", "Ngô Thị Huệ"]).values_list(
            "memberships__org__name", flat=True
        )
    ) == [UNIT, UNIT, UNIT]

    # The initiatives, laid out the same way: read in the background, checked, then imported when asked.
    header = ["STT", "Tên sáng kiến, đề tài", "Tác giả", "Đơn vị", "Cấp công nhận", "Năm công nhận"]
    rows = [
        [1, "Máy sấy nông sản tiết kiệm điện", "Hoàng Thị Lụa", UNIT, "Cơ sở", 2025],
        [2, "Sổ tay phòng bệnh cho gia cầm", "Trương Văn Đạt", None, "Tỉnh", 2025],
        [None, "Cộng", "2 sáng kiến"],
        *SIGNATURES,
    ]
    data = office_xlsx({"Sáng kiến": [header, *rows]}, title="DANH SÁCH SÁNG KIẾN NĂM 2025", merged=("D4:D5",))
    page.goto(f"{live_server.url}/activities/initiatives/import/")
    page.set_input_files("#id_file", files=[{"name": "sang-kien.xlsx", "mimeType": "application/octet-stream",
                                              "buffer": data}])  # fmt: skip
    page.click("[data-testid=import]")
    page.locator("[data-testid=import-ready]").wait_for()
    assert page.locator("[data-testid=import-header-row]").inner_text() == "Dòng tiêu đề: dòng 3"
    assert page.locator("[data-testid=import-notes]").inner_text() == "Bỏ qua 4 dòng chữ ký/ghi chú ở cuối bảng."
    shot(page, "initiatives-merged-signatures")
    page.locator("[data-testid=import-run]").click()
    page.locator("[data-testid=import-done]").wait_for()
    assert page.locator("[data-testid=import-done]").inner_text().split(" Xem")[0].strip() == "Đã nhập 2 sáng kiến."
    assert sorted(
        Initiative.objects.filter(year=2025, author_names__in=["Hoàng Thị Lụa", "Trương Văn Đạt"]).values_list(
            "title", "org__name"
        )
    ) == [("Máy sấy nông sản tiết kiệm điện", UNIT), ("Sổ tay phòng bệnh cho gia cầm", UNIT)]
