"""Reports, as issue 12's "Done when" walks them: the Hà Tĩnh officer opens the Hồng Lĩnh term report, opens a new
version of it, changes a sentence, clicks a figure to see the records behind it, leaves a section out, approves,
issues and downloads the .docx and the annex, uploads the signed scan, sees the banner once a record changes after
approval and the bar of files being written; the Trung Lương secretary reads the town union's issued report but
cannot edit it; the Bắc Ninh secretary gets 404. Screenshots at 1366×768 and 390×844 with `make shots`."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from tests.browser.conftest import shot

PHONE = {"width": 390, "height": 844}
# A draft's figures are counted as its page opens: seconds for a whole term report on a busy machine.
SLOW = 30_000


def _term_report():  # type: ignore[no-untyped-def]
    """The demo's Hồng Lĩnh term report (reporting/demo.py); built here through the services where the demo has
    none (a demo seeded before the reports were added)."""
    from lienhiep.accounts.models import User
    from lienhiep.governance.models import Congress
    from lienhiep.orgs.models import Org, OrgKind
    from lienhiep.reporting import services
    from lienhiep.reporting.models import Report, ReportKind, ReportTemplate

    hong_linh = Org.objects.get(kind=OrgKind.DISTRICT, name__contains="Hồng Lĩnh")
    found = Report.objects.filter(org=hong_linh, kind=ReportKind.TERM).order_by("-version").first()
    if found is not None:
        return found
    services.templates_sync()
    congress = Congress.objects.get(org=hong_linh, ordinal=4)
    report = services.report_create(
        actor=User.objects.get(username="admin"), org=hong_linh, kind=ReportKind.TERM,
        template=ReportTemplate.objects.filter(org=None, kind=ReportKind.TERM).order_by("-version")[0],
        period_start=congress.held_on, period_end=dt.date(2023, 12, 31), as_of=dt.date(2023, 12, 31),
        congress=congress,
    )  # fmt: skip
    admin = User.objects.get(username="admin")
    services.report_approve(actor=admin, report=report)
    services.report_issue(actor=admin, report=report, issued_on=dt.date(2024, 3, 20))
    report.refresh_from_db()
    return report


def test_the_officer_edits_approves_issues_and_downloads_the_term_report(open_as, live_server):
    from playwright.sync_api import expect

    from lienhiep.reporting.models import Report, ReportStatus

    issued = _term_report()
    page = open_as("hatinh.canbo")
    # The sidebar's "Báo cáo" lists the report.
    page.click("#sidebar a.nav-link[href='/reports/']")
    page.click(f"[data-testid=report-table] a[href='/reports/{issued.pk}/']")
    expect(page.locator("[data-testid=report-sheet]")).to_be_visible(timeout=SLOW)
    expect(page.locator("[data-testid=fig-chip]").first).to_be_visible(timeout=SLOW)
    shot(page, "01-issued-pc", full=False)

    # An issued report is not edited: a new version is, as a draft.
    if issued.status == ReportStatus.ISSUED:
        page.click("[data-testid=action-new-version]")
        page.wait_for_url(re.compile(rf"/reports/(?!{issued.pk}/)\d+/$"))
    draft = (
        Report.objects.exclude(pk=issued.pk).get(previous=issued) if issued.status == ReportStatus.ISSUED else issued
    )
    assert page.url.endswith(f"/reports/{draft.pk}/")
    expect(page.locator("[data-testid=report-status]")).to_have_text(str(ReportStatus.DRAFT.label), timeout=SLOW)

    # Change a sentence of the first paragraph that holds figures: its figures stay chips that cannot be typed over.
    members = page.locator("[data-testid=fig-chip]", has_text="1.700")
    block = page.locator("[data-testid=block][data-kind=text]", has=members).first
    block_id = block.get_attribute("data-block")
    chips_before = block.locator("[data-testid=fig-chip]").all_inner_texts()
    block.locator("[data-testid=block-edit]").click()
    editor = page.locator(f"#block-{block_id} [data-testid=run-editor]")
    expect(editor).to_be_visible(timeout=SLOW)
    in_editor = editor.locator(".fig-chip").all_inner_texts()
    assert [c for c in in_editor if not c.startswith("chú thích")] == chips_before
    assert editor.locator(".fig-chip").first.get_attribute("contenteditable") == "false"
    editor.click()
    page.keyboard.press("Control+End")
    page.keyboard.type(" Đây là câu đã sửa trên trình duyệt.")
    shot(page, "02-editing-pc", full=False)
    page.locator(f"#block-{block_id} [data-testid=block-save]").click()
    saved = page.locator(f"#block-{block_id}")
    expect(saved.locator("[data-testid=block-history]")).to_be_visible(timeout=SLOW)
    expect(saved).to_contain_text("Đây là câu đã sửa trên trình duyệt.", timeout=SLOW)
    assert saved.locator("[data-testid=fig-chip]").all_inner_texts() == chips_before
    expect(saved.locator("[data-testid=block-history]")).to_be_visible(timeout=SLOW)

    # Click a figure: the side panel says what it counts and links to the records behind it.
    chip = saved.locator("[data-testid=fig-chip]", has_text="1.700").first
    chip.click()
    panel = page.locator("[data-testid=figure-panel]")
    expect(panel).to_be_visible(timeout=SLOW)
    expect(panel.locator("[data-testid=figure-printed]")).to_contain_text("1.700", timeout=SLOW)
    shot(page, "03-figure-panel-pc", full=False)
    panel.locator("[data-testid=figure-records]").click()
    page.wait_for_url("**/reports/figure/**")
    expect(page.locator("main")).to_contain_text("1.700", timeout=SLOW)
    shot(page, "04-figure-records-pc", full=False)
    page.go_back()
    expect(page.locator("[data-testid=report-sheet]")).to_be_visible(timeout=SLOW)

    # Leave a section out: the sheet no longer prints it, the list of sections shows it struck through (the side
    # panel shows the sections again once the page is loaded afresh).
    page.reload()
    page.get_by_role("button", name="Bỏ mục Bài học kinh nghiệm", exact=True).click()
    struck = page.locator("[data-testid=section-list] span.text-decoration-line-through")
    expect(struck).to_have_text(["Bài học kinh nghiệm"], timeout=SLOW)
    expect(page.locator("[data-testid=report-sheet]")).not_to_contain_text("Bài học kinh nghiệm", timeout=SLOW)
    assert not draft.sections.get(key="p1.iii.3").included

    # Approve, then issue: the figures freeze, the report is numbered (administrative style) and its files written.
    page.click("[data-testid=action-approve]")
    page.click("main form button.btn-primary")
    expect(page.locator("[data-testid=report-status]")).to_have_text(str(ReportStatus.APPROVED.label), timeout=SLOW)
    page.click("[data-testid=action-issue]")
    page.fill("#id_issued_on", "20/03/2024")
    page.click("main form button.btn-primary")
    expect(page.locator("[data-testid=report-status]")).to_have_text(str(ReportStatus.ISSUED.label), timeout=SLOW)
    expect(page.locator("[data-testid=report-sheet]")).to_contain_text(
        "Đây là câu đã sửa trên trình duyệt.", timeout=SLOW
    )
    shot(page, "05-issued-again-pc", full=False)

    # Download the .docx and the annex: a Word file whose text holds the edited sentence, and a workbook.
    with page.expect_download() as got:
        page.click("[data-testid=download-docx]")
    docx = Path(got.value.path()).read_bytes()
    assert got.value.suggested_filename.endswith(".docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as word:
        assert "Đây là câu đã sửa trên trình duyệt." in word.read("word/document.xml").decode()
    with page.expect_download() as got:
        page.click("[data-testid=download-xlsx]")
    assert got.value.suggested_filename.endswith(".xlsx")
    with zipfile.ZipFile(io.BytesIO(Path(got.value.path()).read_bytes())) as book:
        assert "xl/workbook.xml" in book.namelist()

    # The signed and sealed copy is uploaded to the issued report, and served back from it.
    scan = page.locator("[data-testid=scan-form]")
    scan.locator("input[type=file]").set_input_files(
        files=[{"name": "ban-ky.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 ban ky\n%%EOF\n"}]
    )
    scan.locator("button").click()
    expect(page.locator("[data-testid=scan-link]")).to_be_visible(timeout=SLOW)
    draft.refresh_from_db()
    assert draft.signed_scan

    # A training recorded afterwards in the term: the night's check finds the frozen figures changed, and the page
    # says so above the report, which keeps printing what was approved.
    from lienhiep.accounts.models import User
    from lienhiep.activities import services as activities
    from lienhiep.orgs.models import Org
    from lienhiep.reporting import services
    from lienhiep.reporting.models import Rendering

    officer = User.objects.get(username="hatinh.canbo")
    trung_luong = Org.objects.get(name="Hội KH&KT phường Trung Lương")
    activities.activity_create(
        actor=officer, org=trung_luong, kind="training", title="Tập huấn ghi thêm", start_date=dt.date(2020, 6, 1)
    )
    assert services.drift_check(reports=Report.objects.filter(pk=draft.pk)) == 1
    page.reload()
    banner = page.locator("[data-testid=drift-banner]")
    expect(banner).to_contain_text("Số liệu đã thay đổi sau khi duyệt", timeout=SLOW)
    shot(page, "05b-drift-pc", full=False)

    # Files being written: the bar shows and asks every second; once they are written the page loads afresh with
    # its files. (The tests' tasks run at once; this one is queued and not yet taken by a worker, then written here.)
    queued = Rendering.objects.create(
        report=draft, actor=officer, purpose="preview", formats=["docx"], language="vi", steps=2
    )
    page.reload()
    bar = page.locator("[data-testid=render-progress]")
    expect(bar).to_contain_text("0 %", timeout=SLOW)
    shot(page, "05c-progress-pc", full=False)
    services.rendering_write(rendering_id=queued.pk)
    expect(bar).to_have_count(0, timeout=SLOW)
    expect(page.locator("[data-testid=download-docx]")).to_be_visible()
    assert Rendering.objects.get(pk=queued.pk).status == "done"

    # The same page on a phone: nothing scrolls sideways.
    phone = open_as("hatinh.canbo", viewport=PHONE, path=f"/reports/{draft.pk}/")
    shot(phone, "06-issued-phone", full=False)
    wide = phone.evaluate(
        "Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > 391"
        " && !e.closest('.table-responsive')).slice(0, 6)"
        ".map(e => e.tagName + '.' + e.className + ' ' + (e.textContent || '').slice(0, 40))"
    )
    assert phone.evaluate("document.documentElement.scrollWidth") == 390, wide
    shot(phone, "06-issued-phone", full=False)
    phone.locator("[data-testid=fig-chip]").first.click()
    expect(phone.locator("[data-testid=figure-panel]")).to_be_visible(timeout=SLOW)
    shot(phone, "07-figure-panel-phone", full=False)
    shot(page, "report-journey")


def test_the_town_union_report_is_read_only_below_and_hidden_elsewhere(open_as, live_server):
    from playwright.sync_api import expect

    report = _term_report()
    # The Trung Lương secretary works under the town union: its issued report is readable, not editable.
    page = open_as("trungluong.thuky", path="/reports/")
    expect(page.locator(f"[data-testid=report-table] a[href='/reports/{report.pk}/']")).to_be_visible(timeout=SLOW)
    response = page.goto(f"{live_server.url}/reports/{report.pk}/")
    assert response.status == 200
    expect(page.locator("[data-testid=report-sheet]")).to_be_visible(timeout=SLOW)
    assert page.locator("[data-testid=block-edit]").count() == 0
    assert page.locator("[data-testid=report-actions] form, [data-testid=action-approve]").count() == 0
    page.locator("[data-testid=fig-chip]").first.click()
    expect(page.locator("[data-testid=figure-panel]")).to_be_visible(timeout=SLOW)
    assert page.locator("[data-testid=override-form]").count() == 0
    shot(page, "08-secretary-reads-pc", full=False)
    phone = open_as("trungluong.thuky", viewport=PHONE, path=f"/reports/{report.pk}/")
    assert phone.evaluate("document.documentElement.scrollWidth") == 390
    shot(phone, "09-secretary-reads-phone", full=False)
    # The Bắc Ninh secretary is outside: 404, as for a report that does not exist.
    outsider = open_as("bacninh.thuky")
    assert outsider.goto(f"{live_server.url}/reports/{report.pk}/").status == 404
    outsider.goto(f"{live_server.url}/reports/")
    assert outsider.locator(f"a[href='/reports/{report.pk}/']").count() == 0
