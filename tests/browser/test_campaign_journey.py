"""A campaign's round trip, as issue 14's "Done when" walks it: the Hà Tĩnh officer opens a campaign on a PC; the
Trung Lương secretary fills her submission on a 390×844 phone, changes a figure counted from her records with a
reason, and submits; the officer returns it with a comment; she corrects and resubmits; the officer accepts and
generates Hà Tĩnh's half-year report, whose training list, taken from the campaign, names Trung Lương's example. The
Bắc Ninh secretary gets 404 on the campaign and on the submission. Screenshots at 1366×768 and 390×844:
`make shots`."""

from __future__ import annotations

import datetime as dt
import re

from tests.browser.conftest import shot

PHONE = {"width": 390, "height": 844}
TITLE = "Báo cáo nhanh kết quả hoạt động quý III năm 2026"
SLOW = 60_000  # ms


def no_sideways_scroll(page) -> None:  # type: ignore[no-untyped-def]
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") == width


def test_a_campaign_goes_down_and_its_submission_comes_back(open_as, live_server):
    from django.utils import timezone
    from playwright.sync_api import expect

    from lienhiep.campaigns.models import Campaign, SubmissionStatus
    from lienhiep.orgs.models import Org
    from lienhiep.reporting.models import Block, Report, ReportTemplate

    # The officer opens a campaign for the associations under Hà Tĩnh.
    office = open_as("hatinh.canbo")
    office.click("#sidebar a.nav-link[href='/campaigns/']")
    office.click("[data-testid=campaign-new]")
    office.select_option("#id_kind", "custom")
    office.fill("#id_title", TITLE)
    office.fill("#id_period_start", "01/07/2026")
    office.fill("#id_period_end", "30/09/2026")
    office.fill("#id_as_of", "30/09/2026")
    office.fill("#id_deadline", f"{timezone.localdate() + dt.timedelta(days=14):%d/%m/%Y}")
    office.fill("#id_request_number", "88/LHH-VP")
    office.uncheck("input[name=kinds][value=district]")
    shot(office, "01-new-pc")
    no_sideways_scroll(office)
    office.click("form button.btn-primary")
    office.wait_for_url(re.compile(r"/campaigns/\d+/$"))
    campaign = Campaign.objects.get(title=TITLE)
    expect(office.locator("[data-testid=board-row]")).to_have_count(campaign.submissions.count())
    shot(office, "02-board-pc")
    no_sideways_scroll(office)

    # The secretary finds it on her phone and fills it: one figure differs from her records, with a reason.
    trung_luong = Org.objects.get(name="Hội KH&KT phường Trung Lương")
    submission = campaign.submissions.get(org=trung_luong)
    phone = open_as("trungluong.thuky", viewport=PHONE, path="/campaigns/")
    phone.click(f"[data-testid=asked] a[href='/campaigns/submissions/{submission.pk}/']")
    counted = submission.figures["members.count"]["computed"]
    assert counted > 0
    members = phone.locator("[data-figure='members.count']")
    expect(members.locator("[data-testid=computed]")).to_have_text(f"{counted:,}".replace(",", "."))
    no_sideways_scroll(phone)
    shot(phone, "03-submission-phone")
    members.locator("input[name^=v]").fill(str(counted + 3))
    phone.click("[data-testid=submit]")
    expect(phone.get_by_text("Hãy nêu lý do số liệu khác với dữ liệu đã nhập.")).to_be_visible()
    members.locator("input[name^=r]").fill("3 hội viên mới kết nạp tháng 9 chưa nhập")
    phone.fill("#id_n_s1", "Tổ chức 1 lớp tập huấn kỹ thuật trồng rau an toàn.")
    phone.click("[data-testid=submit]")
    expect(phone.locator("[data-testid=submission-status]")).to_have_text(str(SubmissionStatus.SUBMITTED.label))
    shot(phone, "04-submitted-phone")
    no_sideways_scroll(phone)

    # The officer returns it with a comment.
    office.goto(f"{live_server.url}/campaigns/submissions/{submission.pk}/")
    expect(office.get_by_text("3 hội viên mới kết nạp tháng 9 chưa nhập")).to_be_visible()
    office.fill("#review-comment", "Đề nghị bổ sung số lượt người tham dự lớp tập huấn.")
    office.click("[data-testid=return]")
    expect(office.locator("[data-testid=submission-status]")).to_have_text(str(SubmissionStatus.RETURNED.label))

    # She reads the comment, corrects and submits again.
    phone.reload()
    expect(phone.locator("[data-testid=returned-comment]")).to_contain_text("bổ sung số lượt người tham dự")
    shot(phone, "05-returned-phone")
    no_sideways_scroll(phone)
    phone.fill("#id_n_s1", "Tổ chức 1 lớp tập huấn kỹ thuật trồng rau an toàn cho 40 lượt hội viên.")
    phone.click("[data-testid=submit]")
    expect(phone.locator("[data-testid=submission-status]")).to_have_text(str(SubmissionStatus.SUBMITTED.label))

    # The officer accepts it; the board says so.
    office.reload()
    office.click("[data-testid=accept]")
    expect(office.locator("[data-testid=submission-status]")).to_have_text(str(SubmissionStatus.ACCEPTED.label))
    shot(office, "06-accepted-pc")
    submission.refresh_from_db()
    assert (submission.status, submission.version) == ("accepted", 2)
    assert submission.figures["members.count"]["value"] == counted + 3
    office.goto(f"{live_server.url}/campaigns/{campaign.pk}/?status=accepted")
    expect(office.locator("[data-testid=board-row]")).to_have_count(1)

    # She generates Hà Tĩnh's half-year report over the campaign's period, takes its training list from the
    # campaign, and the report names Trung Lương's example from the submission (REPORTING.md §5.6, D 25).
    half_year = ReportTemplate.objects.get(org=None, key="half-year")
    ha_tinh = campaign.org
    office.goto(f"{live_server.url}/reports/new/?org={ha_tinh.pk}")
    office.select_option("#id_kind", "half_year")
    office.select_option("#id_template", str(half_year.pk))
    office.fill("#id_period_start", "01/07/2026")
    office.fill("#id_period_end", "31/12/2026")
    office.fill("#id_as_of", "31/12/2026")
    office.click("main form button.btn-primary")
    office.wait_for_url(re.compile(r"/reports/\d+/$"))
    report = Report.objects.get(pk=int(office.url.rstrip("/").rsplit("/", 1)[1]))
    assert (report.org_id, report.kind) == (ha_tinh.pk, "half_year")
    trainings = Block.objects.filter(section__report=report, section__key="i.thong-tin", kind="list").order_by("order")
    block = office.locator(f"#block-{trainings[0].pk}")
    block.locator("[data-testid=block-source]").click()
    panel = office.locator("[data-testid=source-panel]")
    panel.locator("#id_campaign").select_option(str(campaign.pk))
    panel.locator("#id_section").select_option("s1")
    panel.locator("[data-testid=source-save]").click()
    # The page reloads with the block taken from the campaign (a report page takes seconds on a loaded machine).
    expect(office.locator(f"#block-{trainings[0].pk} [data-testid=block-campaign]")).to_be_visible(timeout=SLOW)
    example = "Hội KH&KT phường Trung Lương: Tổ chức 1 lớp tập huấn kỹ thuật trồng rau an toàn cho 40 lượt hội viên."
    expect(office.locator(f"#block-{trainings[0].pk}")).to_contain_text(example)
    assert "Điển hình như:" in office.locator("main").inner_text()
    office.locator(f"#block-{trainings[0].pk}").scroll_into_view_if_needed()
    shot(office, "07-half-year-report-pc")

    # Another province's secretary sees neither.
    outsider = open_as("bacninh.thuky", viewport=PHONE)
    for url in (f"/campaigns/{campaign.pk}/", f"/campaigns/submissions/{submission.pk}/"):
        assert outsider.goto(f"{live_server.url}{url}").status == 404
