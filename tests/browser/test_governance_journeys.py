"""Governance, as the Hà Tĩnh officer uses it in the browser, on the demo data."""

from __future__ import annotations

from tests.browser.conftest import shot


def test_term_page_shows_the_composition_timeline(open_as, live_server):
    from lienhiep.governance.models import Congress

    congress = Congress.objects.get(ordinal=4, org__name__contains="Hồng Lĩnh")
    page = open_as("hatinh.canbo", viewport={"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/governance/")
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
    page = open_as("hatinh.canbo")
    page.goto(f"{live_server.url}/governance/{congress.pk}/?committee=btv")
    page.locator("canvas[data-chart=timeline][data-ready='1']").wait_for()
    targets = page.locator("[data-testid=targets] tbody tr")
    assert targets.count() == 9
    first = targets.first.inner_text()
    assert "Tỷ lệ trí thức trên địa bàn được tập hợp" in first and "2024: 91,1" in first
    shot(page, "governance-targets")
