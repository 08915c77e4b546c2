"""On a phone (390 px), no page of the sidebar scrolls sideways: only a table may, inside its own scroller."""

from __future__ import annotations

from tests.browser.conftest import shot


def test_no_page_of_the_sidebar_is_wider_than_a_phone(open_as, live_server):
    page = open_as("hatinh.canbo", viewport={"width": 390, "height": 844})
    links = page.eval_on_selector_all("#sidebar a.nav-link", "links => links.map(a => a.getAttribute('href'))")
    assert len(links) >= 10
    wide = {}
    for href in links:
        page.goto(f"{live_server.url}{href}")
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 390:
            wide[href] = (width, page.evaluate(
                "Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > 391"
                " && !e.closest('.table-responsive')).slice(0, 3).map(e => e.tagName + '.' + e.className)"
            ))  # fmt: skip
            shot(page, f"too-wide-{href.strip('/').replace('/', '-') or 'home'}")
    assert wide == {}
