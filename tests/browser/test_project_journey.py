"""Models and projects (mô hình, dự án), as a ward association's secretary records one on a phone (390×844), and
the activity form's new fields for the kind chosen, on an office PC (1366×768)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import shot

PHONE = {"width": 390, "height": 844}


def test_secretary_records_a_model_on_a_phone_and_the_activity_form_shows_each_kind_its_fields(open_as, live_server):
    from lienhiep.activities.models import Project

    page = open_as("trungluong.thuky", viewport=PHONE)
    # The list holds the demo's models that her association runs
    page.goto(f"{live_server.url}/activities/projects/")
    expect(page.locator("[data-testid=projects]")).to_contain_text("Mô hình chăn nuôi gà theo hướng an toàn sinh học")
    shot(page, "projects-list-phone")
    page.click("[data-testid=new-project]")
    page.select_option("#id_kind", "livelihood")
    page.fill("#id_title", "Mô hình trồng rau an toàn trong nhà lưới")
    page.fill("#id_host", "Tổ dân phố 3, phường Trung Lương")
    page.fill("#id_started_on", "01/03/2026")
    page.fill("#id_households", "9")
    page.fill("#id_scale", "0,5 ha")
    page.fill("#id_funding", "45.000.000")
    shot(page, "project-form-phone")
    page.click("form button.btn-primary")
    page.wait_for_url("**/activities/projects/*/")
    expect(page.locator("[data-testid=project-facts]")).to_contain_text("45.000.000")
    shot(page, "project-detail-phone")
    project = Project.objects.get(title="Mô hình trồng rau an toàn trong nhà lưới")
    assert (project.households, project.funding, project.org.name) == (9, 45_000_000, "Hội KH&KT phường Trung Lương")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    # On the office PC, legal advice asks for its areas of law and not a visit's gifts; a visit asks for its cause
    pc = open_as("trungluong.thuky", path="/activities/new/")
    pc.select_option("#id_kind", "legal_aid")
    assert pc.locator("#id_legal_areas_0").is_visible()
    assert not pc.locator("#id_gifts").is_visible()
    assert not pc.locator("#id_theme").is_visible()
    shot(pc, "activity-form-legal-aid-pc")
    pc.select_option("#id_kind", "visit")
    assert pc.locator("#id_theme").is_visible()
    assert pc.locator("#id_scholarships").is_visible()
    assert not pc.locator("#id_legal_areas_0").is_visible()
    pc.goto(f"{live_server.url}/activities/projects/")
    shot(pc, "projects-list-pc")
