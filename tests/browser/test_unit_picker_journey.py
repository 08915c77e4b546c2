"""The unit picker, as a national officer uses it: the page lists no unit, the names are looked up as typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import shot


@pytest.mark.parametrize("viewport", [{"width": 1366, "height": 768}, {"width": 390, "height": 844}])
def test_typing_part_of_a_name_finds_the_unit(open_as, live_server, viewport):
    from lienhiep.orgs.models import Org

    ha_tinh = Org.objects.get(kind="provincial", short_name="Liên hiệp hội tỉnh Hà Tĩnh")
    page = open_as("vusta.canbo", viewport=viewport)  # (the national officer's home page: the only test that opens it)
    page.goto(f"{live_server.url}/members/")
    # The page holds only "All my units"; the others come as the officer types, diacritics and case ignored.
    assert page.locator("#id_node option").count() == 1
    page.locator("#id_node-ts-control").click()
    page.locator("#id_node-ts-control").fill("ha tinh")
    option = page.locator(".ts-dropdown .option", has_text="(Liên hiệp hội tỉnh Hà Tĩnh)")  # its short name
    expect(option).to_have_count(1)
    expect(option).to_contain_text("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh")
    expect(option).to_contain_text("VUSTA")  # the unit above it
    shot(page, f"unit-picker-{viewport['width']}")
    option.click()
    expect(page.locator("#id_node")).to_have_value(str(ha_tinh.pk))
    # The list follows the choice (htmx), and the choice stays when the page is opened again.
    expect(page).to_have_url(
        f"{live_server.url}/members/?q=&node={ha_tinh.pk}&on=&status=current&age=&field=&education=&joined_from=&joined_to="
    )
    page.reload()
    expect(page.locator("#id_node")).to_have_value(str(ha_tinh.pk))
    expect(page.locator(".ts-control .item")).to_have_text("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh Hà Tĩnh")
