"""Members, as the Hà Tĩnh officer uses them in the browser."""

from __future__ import annotations

from tests.browser.conftest import shot


def test_find_a_member_without_diacritics_and_reveal_the_id(open_as, live_server):
    from lienhiep.members.models import EventKind, PersonEvent

    page = open_as("hatinh.canbo")
    page.goto(f"{live_server.url}/members/")
    page.fill("#id_q", "pham hong quy")
    page.locator("[data-testid=member-table] tbody tr").first.wait_for()
    page.wait_for_function("document.querySelectorAll('[data-testid=member-table] tbody tr').length === 1")
    assert page.locator("[data-testid=member-table] tbody tr").inner_text().startswith("Phạm Hồng Quý")
    shot(page, "member-search")
    page.locator("[data-testid=member-table] a").first.click()
    page.wait_for_load_state()
    assert "•" in page.locator("#id-number").inner_text()
    page.click("[data-testid=reveal-id]")
    page.locator("[data-testid=id-revealed]").wait_for()
    assert page.locator("[data-testid=id-revealed]").inner_text().isdigit()
    assert PersonEvent.objects.filter(kind=EventKind.REVEAL_ID, actor__username="hatinh.canbo").count() == 1
    shot(page, "member-detail")


def test_statistics_show_the_term_figures(open_as, live_server):
    from lienhiep.orgs.models import Org

    town = Org.objects.get(kind="district")
    page = open_as("hatinh.canbo")
    page.goto(f"{live_server.url}/members/stats/?node={town.pk}&on=31/12/2023")
    assert page.locator("[data-testid=total]").inner_text() == "1.700"
    page.goto(f"{live_server.url}/members/stats/?node={town.pk}&on=15/06/2018")
    assert page.locator("[data-testid=total]").inner_text() == "1.678"
    page.locator("canvas").first.wait_for()
    shot(page, "member-stats")
