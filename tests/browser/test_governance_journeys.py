"""Governance, as the Hà Tĩnh officer uses it in the browser, on the demo data."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import shot


def test_term_page_shows_the_composition_timeline(open_as, live_server):
    from lienhiep.governance.models import Congress

    congress = Congress.objects.get(ordinal=4, org__name__contains="Hồng Lĩnh")
    page = open_as("hatinh.canbo", viewport={"width": 1366, "height": 900}, path="/governance/")
    page.get_by_role("link", name="Đại hội lần thứ IV").click()
    page.wait_for_url(f"{live_server.url}/governance/{congress.pk}/")
    page.locator("canvas[data-chart=timeline][data-ready='1']").wait_for()
    box = page.locator("canvas[data-chart=timeline]").bounding_box()
    assert box is not None and box["height"] > 300 and box["width"] > 600
    assert page.locator("[data-testid=size-start]").inner_text() == "17"
    assert page.locator("[data-testid=size-end]").inner_text() == "14"
    assert page.locator("[data-testid=departures-count]").inner_text() == "3"
    departures = page.locator("[data-testid=departures] tbody").inner_text()
    for name in ["Lê Văn Bình", "Bùi Việt Hùng", "Phan Công Bình"]:
        assert name in departures
    assert page.locator("[data-testid=chair]").inner_text() == "Tôn Quang Ngọc"
    shot(page, "governance-term")


def test_compliance_view_flags_the_late_meetings(open_as, live_server):
    page = open_as("hatinh.canbo")
    page.get_by_role("link", name="Thực hiện điều lệ").click()
    page.locator("[data-testid=late-count]").wait_for()
    assert page.locator("[data-testid=late-count]").inner_text() == "4"
    late = page.locator("[data-testid=late-meeting]")
    assert late.count() == 4
    assert "12/01/2023" in page.locator("[data-testid=committee-compliance]").first.inner_text()
    assert page.locator("[data-testid=low-attendance]").count() >= 1
    shot(page, "governance-compliance")


def test_congress_v_shows_its_targets_with_computed_values(open_as, live_server):
    from lienhiep.governance.models import Congress

    congress = Congress.objects.get(ordinal=5, org__name__contains="Hồng Lĩnh")
    page = open_as("hatinh.canbo", path=f"/governance/{congress.pk}/?committee=btv")
    page.locator("canvas[data-chart=timeline][data-ready='1']").wait_for()
    page.locator("[data-testid=targets]").wait_for()  # the targets' progress comes from reporting (htmx)
    targets = page.locator("[data-testid=targets] tbody tr")
    assert targets.count() == 9
    first = targets.first.inner_text()
    assert "Tỷ lệ trí thức trên địa bàn được tập hợp" in first and "2024: 91,1" in first
    shot(page, "governance-targets")


def test_record_a_departure_and_its_replacement_then_a_meeting(open_as, live_server):
    import datetime as dt

    from lienhiep.accounts.models import User
    from lienhiep.governance import services
    from lienhiep.governance.models import Seat
    from lienhiep.members.models import Person
    from lienhiep.orgs.models import Org

    # Given Hà Tĩnh's congress VIII (15/10/2025) and its executive committee of two.
    admin = User.objects.get(username="admin")
    ha_tinh = Org.objects.get(kind="provincial", name__contains="Hà Tĩnh")
    congress = services.congress_create(
        actor=admin, org=ha_tinh, ordinal=8, term_start_year=2025, term_end_year=2030, held_on=dt.date(2025, 10, 15)
    )
    bch = services.committee_create(actor=admin, congress=congress, kind="bch", planned_size=2)
    quy, ngoc = (Person.objects.get(full_name=n) for n in ("Phạm Hồng Quý", "Tôn Quang Ngọc"))
    for person in (quy, ngoc):
        services.seat_elect(actor=admin, committee=bch, person=person, position="member", started_on=congress.held_on)
    newcomer = Person.objects.get(full_name="Nguyễn Trí Anh")

    # When the officer records that Phạm Hồng Quý left and who took the seat, in one form.
    page = open_as("hatinh.canbo", path=f"/governance/{congress.pk}/")
    page.locator("[data-testid=composition] tr", has_text="Phạm Hồng Quý").get_by_role("link").click()
    page.fill("#id_ended_on", "01/03/2026")
    page.select_option("#id_end_reason", "transfer")
    page.fill("#id_decision_number", "15/QĐ-LHH")
    page.fill("#id_started_on", "10/03/2026")
    page.locator("#id_person-ts-control").fill("nguyen tri anh")
    page.locator(".ts-dropdown .option", has_text="Nguyễn Trí Anh").first.click()
    expect(page.locator("#id_person")).to_have_value(str(newcomer.pk))
    expect(page.locator("#id_started_on")).to_have_value("10/03/2026")
    shot(page, "governance-departure-form")
    # As a person does: leave the picker for the next field (Tab), then save. (A click elsewhere does not
    # always take the focus from tom-select's input, and the save click was then lost now and again.)
    page.keyboard.press("Tab")
    expect(page.locator("#id_position")).to_be_focused()
    page.click("[data-testid=save-departure]")
    expect(page).to_have_url(f"{live_server.url}/governance/{congress.pk}/?committee=bch")
    expect(page.locator("[data-testid=departures]")).to_contain_text("Nguyễn Trí Anh")

    # Then both are recorded, and the departures table names the replacement.
    assert "Nguyễn Trí Anh" in page.locator("[data-testid=departures]").inner_text()
    old = Seat.objects.get(committee=bch, person=quy)
    assert (old.ended_on, old.end_reason, old.replaced_by.get().person) == (dt.date(2026, 3, 1), "transfer", newcomer)

    # And a meeting's attendance lists who sat on the committee that day.
    page.goto(f"{live_server.url}/governance/committees/{bch.pk}/meetings/new/")
    # A date is typed and left (Tab), as a person does: the field's one "change" lists that day's members. (A change
    # sent by hand left the field's own one for its blur later: the list came again after a box below was ticked,
    # and put the box back, now and again on a busy machine; "networkidle" had long been reached and waited for
    # nothing.)
    held_on = page.locator("#id_held_on")
    held_on.fill("20/02/2026")
    held_on.press("Tab")
    page.wait_for_function("() => document.querySelector('#attendance').innerText.includes('Phạm Hồng Quý')")
    held_on.fill("20/03/2026")
    held_on.press("Tab")
    page.wait_for_function("() => document.querySelector('#attendance').innerText.includes('Nguyễn Trí Anh')")
    assert "Phạm Hồng Quý" not in page.locator("#attendance").inner_text()
    page.fill("#id_agenda", "Triển khai nhiệm vụ năm 2026")
    page.locator("[data-testid=attendance-form] tr", has_text="Tôn Quang Ngọc").get_by_label("Vắng có lý do").check()
    shot(page, "governance-meeting-form")
    page.get_by_role("button", name="Lưu").click()
    # The DOM is what the checks below read; "load" also waits for every chart script and font.
    page.wait_for_url(f"{live_server.url}/governance/{congress.pk}/?committee=bch", wait_until="domcontentloaded")
    meeting = bch.meetings.get()
    assert sorted(meeting.attendance.values_list("seat__person__full_name", "status")) == [
        ("Nguyễn Trí Anh", "present"), ("Tôn Quang Ngọc", "excused")
    ]  # fmt: skip
