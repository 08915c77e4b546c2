"""The foundation's 'done when', as a person would check it in the browser."""

from __future__ import annotations

from lienhiep.orgs.selectors import today
from tests.browser.conftest import shot


def _hong_linh_id():  # type: ignore[no-untyped-def]
    from lienhiep.orgs.models import Org

    return Org.objects.get(kind="district").pk


def _ha_tinh_id():  # type: ignore[no-untyped-def]
    from lienhiep.orgs.models import Org

    return Org.objects.get(kind="provincial", name__contains="Hà Tĩnh").pk


def test_officer_sees_the_tree_as_of_2023_and_as_of_today(open_as, live_server):
    page = open_as("hatinh.canbo")
    # As of 31/12/2023: the town union stands under Hà Tĩnh with its 19 member associations, 13 + 6.
    page.goto(f"{live_server.url}/orgs/")
    page.fill("#id_on", "31/12/2023")
    page.locator("form[role=search] button").click()
    page.wait_for_load_state()
    town = page.locator(f"li[data-org='{_hong_linh_id()}']")
    associations = town.locator(":scope > details > ul > li[data-kind='association']")
    assert associations.count() == 19
    assert town.locator(":scope > details > ul > li[data-group='agencies']").count() == 13
    assert town.locator(":scope > details > ul > li[data-group='wards']").count() == 6
    assert town.get_attribute("data-ended") is None
    shot(page, "tree-2023")

    # As of today: the 19 stand directly under Hà Tĩnh, and the town union is shown as dissolved.
    page.fill("#id_on", today().strftime("%d/%m/%Y"))
    page.locator("form[role=search] button").click()
    page.wait_for_load_state()
    province = page.locator(f"li[data-org='{_ha_tinh_id()}']")
    direct = province.locator(":scope > details > ul > li")
    assert direct.locator("xpath=self::li[@data-group='agencies']").count() == 13
    assert direct.locator("xpath=self::li[@data-group='wards']").count() == 6
    town = page.locator(f"li[data-org='{_hong_linh_id()}']")
    assert town.get_attribute("data-ended") == "1"
    assert "giải thể" in town.inner_text()
    shot(page, "tree-today")

    # The town union's page lists its history on a timeline.
    town.locator("a").first.click()
    page.wait_for_load_state()
    timeline = page.locator("[data-testid=timeline] > li")
    assert timeline.count() >= 21  # founded, 19 associations founded under it, dissolved (and the moves out)
    assert "giải thể" in timeline.first.inner_text().lower()
    shot(page, "town-union-timeline")


def test_filter_ignores_diacritics(open_as, live_server):
    page = open_as("hatinh.canbo", path="/orgs/")
    page.fill("#tree-filter", "dau lieu")
    results = page.locator("[data-testid=search-results]")
    results.wait_for()
    assert "Hội KH&KT phường Đậu Liêu" in results.inner_text()
    shot(page, "tree-filter")


def test_bac_ninh_secretary_gets_404_on_every_ha_tinh_page(open_as, live_server):
    from lienhiep.orgs.models import Org
    from lienhiep.orgs.selectors import subtree

    page = open_as("bacninh.thuky")
    ha_tinh = _ha_tinh_id()
    ids = [ha_tinh, _hong_linh_id(), *subtree(ha_tinh, on=today()).values_list("pk", flat=True)[:5]]
    for pk in ids:
        for path in [f"/orgs/{pk}/", f"/orgs/{pk}/children/", f"/orgs/?root={pk}", f"/orgs/{pk}/edit/"]:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 404, path
    shot(page, "outsider-404")
    assert Org.objects.filter(pk=ha_tinh).exists()


def test_hong_linh_secretary_sees_only_her_association(open_as, live_server):
    page = open_as("trungluong.thuky", path="/orgs/")
    names = page.locator("[data-testid=tree] li").all_inner_texts()
    assert len(names) == 1 and "Trung Lương" in names[0]
    response = page.goto(f"{live_server.url}/orgs/{_hong_linh_id()}/")
    assert response.status == 404
    shot(page, "secretary-tree")


def test_phone_viewport_has_a_menu(open_as, live_server):
    page = open_as("hatinh.canbo", viewport={"width": 390, "height": 844}, path="/orgs/")
    page.locator("[data-bs-toggle=offcanvas]").click()
    page.locator("#sidebar a[href='/orgs/']").wait_for(state="visible")
    shot(page, "phone-menu")


def test_a_large_tree_opens_level_by_level(open_as, live_server, monkeypatch):
    from lienhiep.orgs import views

    monkeypatch.setattr(views, "FULL_TREE_LIMIT", 5)
    page = open_as("hatinh.canbo", path="/orgs/?on=31/12/2023")
    town = page.locator(f"li[data-org='{_hong_linh_id()}']")
    assert town.locator("li[data-kind='association']").count() == 0  # not loaded yet
    town.locator("summary").first.click()
    town.locator("li[data-kind='association']").first.wait_for()
    assert town.locator(":scope > details > ul > li[data-kind='association']").count() == 19
    shot(page, "tree-lazy")
