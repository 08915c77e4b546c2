"""What a keyboard user (and a screen reader) meets first: the skip link, and the field to correct."""

from __future__ import annotations


def test_the_skip_link_is_the_first_stop_and_reaches_the_content(open_as, live_server):
    page = open_as("hatinh.canbo", path="/members/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.dataset.testid") == "skip-link"
    assert page.evaluate("document.activeElement.textContent.trim()") == "Bỏ qua, đến nội dung chính"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"


def test_a_form_sent_back_with_errors_puts_the_focus_on_the_first_field_to_correct(open_as, live_server):
    page = open_as("hatinh.canbo", path="/activities/new/")
    page.click("main button.btn-primary")
    page.wait_for_load_state()
    focused = page.evaluate(
        "[document.activeElement.id, document.activeElement.closest('.mb-3') && "
        "document.activeElement.closest('.mb-3').querySelector('.invalid-feedback').id]"
    )
    first_invalid = page.evaluate("document.querySelector('main [aria-invalid=true]').id")
    assert focused[0] in (first_invalid, f"{first_invalid}-ts-control"), focused
    assert focused[1] == f"{first_invalid}_error"
    described = page.evaluate(f"document.getElementById('{first_invalid}').getAttribute('aria-describedby')")
    assert f"{first_invalid}_error" in described.split()


def test_filtered_results_are_announced_once_by_the_live_region(open_as, live_server):
    page = open_as("hatinh.canbo", path="/members/")
    assert page.evaluate("document.querySelector('[data-testid=live-status]').getAttribute('role')") == "status"
    page.fill("#id_q", "pham hong quy")
    page.wait_for_function("() => document.querySelector('[data-testid=live-status]').textContent !== ''")
    assert page.locator("[data-testid=live-status]").inner_text() == "Có 1 người phù hợp."
    assert page.locator("[data-testid=member-count]").inner_text() == "Có 1 người phù hợp."
