"""On a phone (390 px), no page of the sidebar scrolls sideways: only a table may, inside its own scroller."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import shot


@pytest.mark.markup_only
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


def test_a_phone_shows_the_calendar_as_a_list_the_term_in_scrollers_and_namesakes_apart(open_as, live_server):
    from lienhiep.accounts.models import User
    from lienhiep.activities.models import Activity
    from lienhiep.governance.models import Congress
    from lienhiep.orgs.permissions import org_ids_at_least

    visible = org_ids_at_least(User.objects.get(username="hatinh.canbo"))
    activity = Activity.objects.filter(org_id__in=visible).order_by("-start_date").first()
    congress = Congress.objects.filter(org_id__in=visible).order_by("-held_on").first()
    page = open_as("hatinh.canbo", viewport={"width": 390, "height": 844})
    # The header's unit switcher has the room of the brand's words.
    switcher = page.locator("#switch-org").bounding_box()
    assert switcher["x"] + switcher["width"] <= 390 and switcher["width"] >= 200, switcher
    # The calendar's month is a list of its days with activities: nothing falls off the screen.
    page.goto(f"{live_server.url}/activities/calendar/?month={activity.start_date:%Y-%m}")
    assert page.locator("[data-testid=calendar]").is_hidden()
    days = page.locator("[data-testid=calendar-list] li")
    assert days.count() >= 1 and activity.title in page.locator("[data-testid=calendar-list]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    # A term's tables scroll inside their own scrollers.
    page.goto(f"{live_server.url}/governance/{congress.pk}/")
    page.locator("[data-testid=targets]").wait_for()  # the targets' progress comes from reporting (htmx)
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    assert (
        page.evaluate("document.querySelector('[data-testid=targets]').parentElement.className") == "table-responsive"
    )
    # Each member comes with a birth year and an association.
    page.goto(f"{live_server.url}/members/")
    first = page.locator("[data-testid=member-sub]").first.inner_text()
    assert re.fullmatch(r"\d{4} · Hội .+", first), first
    shot(page, "phone-members")
