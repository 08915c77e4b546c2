"""Activities, as a ward association's secretary records them on a phone (390×844)."""

from __future__ import annotations

import io
import json
import re

from playwright.sync_api import expect

from lienhiep.orgs.selectors import today
from tests.browser.conftest import shot

PHONE = {"width": 390, "height": 844}


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (1200, 900), (46, 125, 50))
    draw = ImageDraw.Draw(image)
    for i in range(0, 1200, 60):
        draw.ellipse((i, 300, i + 50, 350), fill=(255, 235, 59))
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def _upload(page, workbook, name: str) -> None:  # type: ignore[no-untyped-def]
    """The workbook, as it stands, sent from the import page to be read and checked (the tests' task backend reads
    it at once)."""
    data = io.BytesIO()
    workbook.save(data)
    page.set_input_files("#id_file", {"name": name, "mimeType": "application/octet-stream", "buffer": data.getvalue()})
    page.click("[data-testid=import]")


def _the_one_error(page) -> list[str]:  # type: ignore[no-untyped-def]
    """The check's list of errors holds one row: its row number, column and value."""
    errors = page.locator("[data-testid=import-errors] tbody tr")
    errors.first.wait_for()
    assert errors.count() == 1
    return errors.first.inner_text().split("\t")[:3]


def test_secretary_records_a_training_with_a_photo_and_the_overview_shows_it(open_as, live_server):
    from lienhiep.activities.models import Activity, ActivityFile

    page = open_as("trungluong.thuky", viewport=PHONE, path="/activities/new/")
    photos = page.locator("#id_photos")
    assert photos.get_attribute("accept") == "image/*"
    assert photos.get_attribute("capture") == "environment"
    # The form shows only a training's figures.
    assert page.locator("#id_participants_public").is_visible()
    assert not page.locator("#id_money_raised").is_visible()
    page.fill("#id_title", "Tập huấn kỹ thuật trồng rau an toàn")
    page.fill("#id_place", "Nhà văn hóa tổ dân phố 3")
    page.fill("#id_participants_members", "6")
    page.fill("#id_participants_public", "38")
    photos.set_input_files({"name": "IMG_2031.jpg", "mimeType": "image/jpeg", "buffer": _photo()})
    shot(page, "activity-entry-phone")
    page.click("[data-testid=save]")
    page.wait_for_url("**/activities/*/")
    assert page.locator("[data-testid=activity-title]").inner_text() == "Tập huấn kỹ thuật trồng rau an toàn"
    # The thumbnail loads lazily (loading="lazy"): below a phone's fold it loads once scrolled to, as a user does.
    photo = page.locator("[data-testid=photo]").first
    photo.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=photo.element_handle())
    assert photo.evaluate("img => img.naturalWidth") == 480
    activity = Activity.objects.get(title="Tập huấn kỹ thuật trồng rau an toàn")
    assert (activity.participants, activity.start_date) == (44, today())
    assert activity.org.name == "Hội KH&KT phường Trung Lương"
    assert ActivityFile.objects.filter(activity=activity).count() == 1
    shot(page, "activity-detail-phone")

    # The node overview counts it in this month's bar of its chart.
    page.goto(f"{live_server.url}/reports/overview/")
    page.locator("[data-testid=chart-by-month]").wait_for()
    data = json.loads(page.locator("#chart-data").inner_text())
    month = today().strftime("%m/%Y")
    index = data["by_month"]["labels"].index(month)
    training = next(d for d in data["by_month"]["datasets"] if d["label"] == "Tập huấn")
    assert training["values"][index] == 1
    assert page.evaluate("Chart.getChart(document.querySelector('[data-testid=chart-by-month]')) !== undefined")
    page.locator("[data-testid=chart-by-month]").scroll_into_view_if_needed()
    shot(page, "activity-overview-phone")


def test_officer_imports_initiatives_and_exports_the_activities(open_as, live_server):
    import openpyxl

    from lienhiep.activities.models import Initiative

    page = open_as("hatinh.canbo", path="/activities/initiatives/")
    page.click("[data-testid=import-initiatives]")
    # The template downloads, and a list made from it has one bad row
    with page.expect_download() as download:
        page.click("[data-testid=template]")
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = workbook["Sáng kiến"]
    # (the template's columns: title, authors, unit, field, level, year, date recognised, applied)
    sheet.append(["Mô hình nuôi cá rô đồng", "Nguyễn Văn Hải", "Hội KH&KT Trung tâm Y tế", "", "Huyện", 2024, "",
                  "Không"])  # fmt: skip
    before = Initiative.objects.count()
    # (read and checked in the background since issue 11)
    _upload(page, workbook, "sang-kien.xlsx")
    assert _the_one_error(page) == ["4", "Cấp công nhận", "Huyện"]
    assert Initiative.objects.count() == before
    shot(page, "initiatives-import-errors")
    # Fixed and uploaded again, the three rows are checked, then imported when asked
    sheet.cell(4, 5).value = "Cơ sở"
    page.click("text=Tải lên tệp đã sửa")
    _upload(page, workbook, "sang-kien.xlsx")
    page.locator("[data-testid=import-run]").click()
    page.locator("[data-testid=import-done]").wait_for()
    assert "Đã nhập 3 sáng kiến." in page.locator("[data-testid=import-done]").inner_text()
    assert Initiative.objects.count() == before + 3
    shot(page, "initiatives-imported")

    # The activity list of 2024 goes to Excel as filtered
    page.goto(f"{live_server.url}/activities/?start=01/01/2024&end=31/12/2024")
    shown = page.locator("[data-testid=activity-count]").inner_text()
    # (written in the background since 55a9464: the export's page offers the file once it is written; the
    # tests' task backend writes it at once)
    page.click("[data-testid=export-xlsx]")
    page.wait_for_url(re.compile(r"/exports/\d+/$"))
    expect(page.locator("[data-testid=export-download]")).to_be_visible(timeout=10_000)
    with page.expect_download() as download:
        page.click("[data-testid=export-download]")
    rows = list(
        openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes())).active.iter_rows(values_only=True)
    )
    assert rows[0][:4] == ("Ngày", "Đến ngày", "Loại hoạt động", "Tên hoạt động")
    assert shown == f"Có {len(rows) - 1} hoạt động phù hợp."
    assert all(row[0].year == 2024 for row in rows[1:])


def test_secretary_imports_activities_from_the_template_on_a_phone(open_as, live_server):
    """Issue 14's activity import on core.importers (decision 0017), at 390 px: the template, a row in error listed in
    Vietnamese, the corrected file checked, run, and its activities on the list."""
    import openpyxl

    from lienhiep.activities.models import Activity

    page = open_as("trungluong.thuky", viewport=PHONE, path="/activities/")
    page.click("[data-testid=import-activities]")
    shot(page, "activity-import-upload-390")
    with page.expect_download() as download:
        page.click("[data-testid=template]")
    workbook = openpyxl.load_workbook(io.BytesIO(download.value.path().read_bytes()))
    sheet = workbook["Hoạt động"]
    # A leaflet with money raised: a figure its kind does not record
    header = [cell.value for cell in sheet[1]]
    row = [None] * len(header)
    for name, value in {"Ngày": "02/05/2024", "Loại hoạt động": "Tờ rơi", "Tên hoạt động": "Phát tờ rơi phòng dịch",
                        "Đơn vị tổ chức": "Hội KH&KT phường Trung Lương", "Số bản in, phát hành": 500,
                        "Số tiền vận động (đồng)": 1000000}.items():  # fmt: skip
        row[header.index(name)] = value
    sheet.append(row)
    before = Activity.objects.count()
    _upload(page, workbook, "hoat-dong.xlsx")
    assert _the_one_error(page) == ["5", "Loại hoạt động", "Tờ rơi"]
    shot(page, "activity-import-preview-errors-390")
    assert Activity.objects.count() == before
    # Corrected (the money taken off) and uploaded again: checked, then imported when asked
    sheet.cell(5, header.index("Số tiền vận động (đồng)") + 1).value = None
    page.click("text=Tải lên tệp đã sửa")
    _upload(page, workbook, "hoat-dong.xlsx")
    page.locator("[data-testid=import-ready]").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "activity-import-preview-ready-390")
    page.locator("[data-testid=import-run]").click()
    page.locator("[data-testid=import-done]").wait_for()
    assert "Đã nhập 4 hoạt động." in page.locator("[data-testid=import-done]").inner_text()
    assert page.locator("[data-testid=progress]").is_visible()
    shot(page, "activity-import-done-390")
    assert Activity.objects.count() == before + 4
    assert Activity.objects.get(title="Phát tờ rơi phòng dịch").copies == 500
