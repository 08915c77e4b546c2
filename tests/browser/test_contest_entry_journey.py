"""On a 390 px phone, Trung Lương's secretary finds Hà Tĩnh's open 2026 contest edition, sends an entry with two
authors, its registration form and a photo; the organiser's officer sees it; the public page needs no login."""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import shot

PHONE = {"width": 390, "height": 844}


def test_a_secretary_sends_an_entry_with_two_authors_and_files_on_a_phone(open_as, live_server, tmp_path):
    from lienhiep.contests.demo import open_edition
    from lienhiep.contests.models import Entry
    from lienhiep.contests.tests.factories import PNG

    edition = open_edition()
    photo, form = Path(tmp_path / "may-boc-vo-lac.png"), Path(tmp_path / "phieu-dang-ky.pdf")
    photo.write_bytes(PNG)
    form.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page = open_as("trungluong.thuky", viewport=PHONE)
    page.goto(f"{live_server.url}/contests/")
    page.locator(f"a[href='/contests/editions/{edition.pk}/']").click()
    page.get_by_test_id("entry-new").click()
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    page.locator("#id_field").select_option(label="Cơ khí – Tự động hoá – Xây dựng")
    page.locator("#id_title").fill("Máy tách hạt sen bán tự động")
    page.locator("#id_author_unit").fill("Hợp tác xã Trung Lương")
    page.locator("#id_application_site").fill("phường Trung Lương, Hà Tĩnh")
    page.locator("#id_applied_on").fill("15/03/2025")
    page.locator("#id_registration").set_input_files(str(form))
    page.locator("#id_photo").set_input_files(str(photo))
    page.locator("#id_authors-0-full_name").fill("Nguyễn Văn Sen")
    page.locator("#id_authors-0-birth_date").fill("02/09/1978")
    page.locator("#id_authors-0-consent_publish").check()
    page.locator("#id_authors-1-full_name").fill("Trần Thị Hạt")
    page.locator("#id_authors-1-birth_date").fill("12/12/1985")
    shot(page, "contest-entry-phone-form")
    page.get_by_test_id("entry-submit").click()
    page.get_by_test_id("entry-status").wait_for()
    shot(page, "contest-entry-phone-sent")
    entry = Entry.objects.get(title="Máy tách hạt sen bán tự động")
    assert (entry.sending_unit.name, entry.authors.count(), entry.files.count()) == (
        "Hội KH&KT phường Trung Lương", 2, 2,
    )  # fmt: skip
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    assert page.get_by_test_id("authors").inner_text().count("\n") == 1  # two authors

    # The organiser's officer sees it among the edition's entries; anyone reads the public page without a login.
    officer = open_as("hatinh.canbo")
    officer.goto(f"{live_server.url}/contests/editions/{edition.pk}/")
    assert "Máy tách hạt sen bán tự động" in officer.get_by_test_id("entries").inner_text()
    anonymous = officer.context.browser.new_page(viewport=PHONE)
    anonymous.goto(f"{live_server.url}/contests/public/{edition.pk}/")
    assert "Cơ khí – Tự động hoá – Xây dựng" in anonymous.get_by_test_id("public-fields").inner_text()
    assert anonymous.evaluate("document.documentElement.scrollWidth") == 390
    shot(anonymous, "contest-public-phone")
    anonymous.close()
