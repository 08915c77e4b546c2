"""The content policy (SECURE_CSP: no inline script or style, no eval) is enforced and nothing the pages need breaks
under it: the Hà Tĩnh officer walks every page of the sidebar and the main pages in use — a member search swapped
in by htmx and Back, a person's page and the reveal of a citizen ID, the statistics' charts (Chart.js), a report
with its figure chips (opened with the keyboard), a unit picker (tom-select) and an import with its progress bar.
The browser reports every refusal (`securitypolicyviolation`, and the console); `open_as` fails the test on any."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook

from tests.browser.conftest import shot

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def _members_file() -> bytes:
    book = Workbook()
    book.active.append(["Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Hội", "Ngày vào hội"])
    book.active.append(
        ["Hoàng Thị Thu Hà", "Nữ", "28/02/1980", "042180009991", "Hội KH&KT phường Đậu Liêu", "01/03/2026"]
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_main_pages_work_under_the_content_policy_and_it_refuses_an_inline_script(
    open_as, live_server, csp_violations
):
    from playwright.sync_api import expect

    page = open_as("hatinh.canbo")
    # Every page of the sidebar, under the policy as the server sends it
    sidebar = page.eval_on_selector_all("#sidebar a.nav-link", "links => links.map(a => a.getAttribute('href'))")
    assert len(sidebar) >= 12
    for path in sidebar:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.headers["content-security-policy"] == POLICY, path
        assert response.headers["cache-control"] == "no-store", path
        page.wait_for_load_state("load")

    # The overview and the statistics draw their charts
    page.goto(f"{live_server.url}/reports/overview/")
    page.locator("canvas[data-chart]").first.wait_for()
    page.goto(f"{live_server.url}/members/stats/")
    expect(page.locator("canvas[data-chart]").first).to_have_attribute("style", re.compile("width"), timeout=10_000)

    # A member search swapped in by htmx (its address pushed), the person's page, the reveal, and Back
    page.goto(f"{live_server.url}/members/")
    page.fill("#id_q", "pham hong quy")
    page.wait_for_function("() => document.querySelectorAll('[data-testid=member-table] tbody tr').length === 1")
    page.locator("[data-testid=member-table] a").first.click()
    page.wait_for_load_state()
    page.click("[data-testid=reveal-id]")
    page.locator("[data-testid=id-revealed]").wait_for()
    page.go_back()
    page.wait_for_function("() => document.querySelectorAll('[data-testid=member-table] tbody tr').length === 1")
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('htmx'))") in ([], ["htmx-history-cache"])
    assert page.evaluate("localStorage.getItem('htmx-history-cache') || '[]'") == "[]"  # no page kept in storage

    # A report: its figure chip opens the side panel from the keyboard (the handler that was an inline filter)
    page.goto(f"{live_server.url}/reports/")
    page.locator("[data-testid=report-table] a[href^='/reports/']").first.click()
    chip = page.locator("[data-testid=fig-chip]").first
    chip.wait_for(timeout=30_000)
    chip.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#side-panel")).not_to_be_empty(timeout=10_000)
    shot(page, "csp-report")

    # A unit picker (tom-select) opens and lists units
    page.goto(f"{live_server.url}/members/new/")
    page.locator(".ts-control").first.click()
    page.keyboard.type("Hồng")
    page.locator(".ts-dropdown .option").first.wait_for(timeout=10_000)

    # An import checked, with its progress bar drawn to its width
    page.goto(f"{live_server.url}/members/import/")
    page.set_input_files(
        "#id_file", files=[{"name": "hoi-vien.xlsx", "mimeType": "application/octet-stream", "buffer": _members_file()}]
    )
    page.locator("form[enctype] button").click()
    page.locator("[data-testid=import-check]").click()
    page.locator("[data-testid=import-ready], [data-testid=import-errors]").first.wait_for(timeout=30_000)
    shot(page, "csp-import")
    assert csp_violations == []

    # And the policy is enforced, not only reported: an inline script is refused, and said so
    page.evaluate("""() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1';
      document.body.appendChild(s); }""")
    page.wait_for_function("() => true")
    assert page.evaluate("window.__ran === undefined")
    page.wait_for_timeout(200)  # the violation event is queued as a task
    assert [v.get("directive") for v in csp_violations if "directive" in v] == ["script-src-elem"]
    csp_violations.clear()
