"""A large list exported to Excel: the officer waits on a progress bar, then downloads the file."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import shot


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}])
def test_an_excel_export_shows_its_progress_then_its_file(open_as, live_server, settings, tmp_path, viewport):
    from lienhiep.core import services
    from lienhiep.core.models import Export

    # No worker runs the task by itself here: the test plays the worker when it wants to.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    page = open_as("hatinh.canbo", viewport=viewport, path="/members/?status=all")
    page.locator("[data-testid=export-xlsx]").click()
    page.wait_for_url(re.compile(r"/exports/\d+/$"))
    expect(page.locator("[data-testid=export-status]")).to_have_text("Đang chờ bắt đầu")
    expect(page.locator("[data-testid=progress]")).to_have_attribute("aria-valuenow", "0")
    shot(page, f"export-waiting-{viewport['width']}")

    # The worker writes the file; the page, polling, then offers it.
    export = Export.objects.get()
    services.export_write(export_id=export.pk)
    expect(page.locator("[data-testid=export-download]")).to_be_visible(timeout=10_000)
    expect(page.locator("[data-testid=progress]")).to_have_attribute("aria-valuenow", "100")
    export.refresh_from_db()
    assert export.total_rows > 1000  # every member of Hà Tĩnh, past and present
    expect(page.get_by_text(re.compile(r"\d+\.\d{3} dòng\. Tệp được giữ đến"))).to_be_visible()
    shot(page, f"export-ready-{viewport['width']}")
    with page.expect_download() as download:
        page.locator("[data-testid=export-download]").click()
    assert download.value.suggested_filename == export.file_name
    path = tmp_path / "export.xlsx"
    download.value.save_as(path)
    rows = list(load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    assert rows[0][0] == "Họ và tên" and len(rows) == export.total_rows + 1
