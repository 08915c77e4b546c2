"""Honours, as the provincial union's officer keeps them."""

from __future__ import annotations

import io

from tests.browser.conftest import shot


def test_officer_attaches_the_scan_of_a_vusta_certificate(open_as, live_server):
    from PIL import Image

    from lienhiep.awards.models import Honour

    honour = Honour.objects.get(decision_number__startswith="1786/")
    page = open_as("hatinh.canbo", path=f"/awards/{honour.pk}/edit/")
    scan = io.BytesIO()
    Image.new("RGB", (1600, 1100), (250, 245, 230)).save(scan, "JPEG")
    page.set_input_files("#id_scan", {"name": "Bằng khen VUSTA 2018.jpg", "mimeType": "image/jpeg",
                                      "buffer": scan.getvalue()})  # fmt: skip
    shot(page, "honour-scan-form")
    page.click("button.btn-primary")
    page.wait_for_url("**/awards/")
    link = page.locator("[data-testid=scan-link]")
    assert link.count() == 1
    shot(page, "honour-scan-list")
    with page.context.expect_page() as opened:
        link.click()
    image = opened.value
    image.wait_for_load_state()
    assert image.evaluate("document.images[0].naturalWidth") == 1600


def test_officer_finds_the_member_to_commend_by_typing_under_the_chosen_unit(open_as, live_server):
    from playwright.sync_api import expect

    from lienhiep.awards.models import Honour
    from lienhiep.members.models import Person
    from lienhiep.orgs.models import Org

    unit = Org.objects.get(name="Hội KH&KT phường Trung Lương")
    member = Person.objects.filter(memberships__org=unit).order_by("name_sort").first()
    page = open_as("hatinh.canbo", path="/awards/new/")
    # Before a unit is chosen, typing finds nobody; then the unit, then part of the member's name
    page.locator("#id_org-ts-control").fill("trung luong")
    page.locator(".ts-dropdown .option", has_text=unit.name).first.click()
    expect(page.locator("#id_org")).to_have_value(str(unit.pk))
    expect(page.locator("#id_org-ts-dropdown")).to_be_hidden()  # as the user sees it: chosen, the list closed
    page.keyboard.press("Tab")
    expect(page.locator("#id_person-ts-control")).to_be_focused()
    page.keyboard.type(member.full_name.split()[-1])
    page.locator(".ts-dropdown .option", has_text=member.full_name).first.click()
    expect(page.locator("#id_person")).to_have_value(str(member.pk))
    page.keyboard.press("Tab")
    page.select_option("#id_form", "giay_khen")
    page.fill("#id_decision_number", "77/QĐ-LHH")
    page.fill("#id_decision_date", "10/12/2025")
    shot(page, "honour-person-picker")
    page.click("button.btn-primary")
    page.wait_for_url("**/awards/")
    assert Honour.objects.get(decision_number="77/QĐ-LHH").person == member
