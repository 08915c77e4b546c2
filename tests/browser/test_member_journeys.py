"""Members, as the Hà Tĩnh officer uses them in the browser."""

from __future__ import annotations

from tests.browser.conftest import shot


def test_find_a_member_without_diacritics_and_reveal_the_id(open_as, live_server):
    from lienhiep.members.models import EventKind, PersonEvent

    page = open_as("hatinh.canbo", path="/members/")
    page.fill("#id_q", "pham hong quy")
    page.locator("[data-testid=member-table] tbody tr").first.wait_for()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=member-table] tbody tr').length === 1")
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
    page = open_as("hatinh.canbo", path=f"/members/stats/?node={town.pk}&on=31/12/2023")
    assert page.locator("[data-testid=total]").inner_text() == "1.700"
    page.goto(f"{live_server.url}/members/stats/?node={town.pk}&on=15/06/2018")
    assert page.locator("[data-testid=total]").inner_text() == "1.678"
    page.locator("canvas").first.wait_for()
    shot(page, "member-stats")


def test_a_member_already_on_record_is_named_and_added_not_made_again(open_as, live_server):
    from lienhiep.members.models import Person
    from lienhiep.orgs.models import Org

    quy = Person.objects.get(full_name="Phạm Hồng Quý")
    health = Org.objects.get(name="Hội KH&KT Trung tâm Y tế")
    persons = Person.objects.count()
    page = open_as("hatinh.canbo", path=f"/members/new/?org={health.pk}")
    page.fill("#id_full_name", "PHAM HONG QUY")
    page.fill("#id_birth_date", quy.birth_date.strftime("%d/%m/%Y"))
    page.press("#id_full_name", "Enter")
    page.locator("[data-testid=duplicates]").wait_for()
    warning = page.locator("[data-testid=duplicate]").first.inner_text()
    assert "Phạm Hồng Quý" in warning and str(quy.birth_date.year) in warning
    assert "Hội KH&KT phường Trung Lương" in warning
    shot(page, "member-duplicate-warning")
    page.press("#id_full_name", "Enter")  # Enter only shows the warning again: no choice is made by accident
    page.locator("[data-testid=duplicates]").wait_for()
    assert Person.objects.count() == persons
    page.click("[data-testid=same-person]")
    page.wait_for_url(f"{live_server.url}/members/{quy.pk}/")
    assert Person.objects.count() == persons
    rows = page.locator("[data-testid=memberships] tbody tr").all_inner_texts()
    assert sorted(r.split("\t")[0] for r in rows) == ["Hội KH&KT Trung tâm Y tế", "Hội KH&KT phường Trung Lương"]
