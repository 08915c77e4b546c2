"""Headless Chromium (Debian's) driven by Playwright against a live server with the demo data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def open_as(browser, live_server, demo):  # type: ignore[no-untyped-def]
    """A logged-in page for a demo user: `page = open_as("hatinh.canbo")`. The demo is the root conftest's,
    committed here (the test is transactional, for the live server) and flushed after the test."""
    contexts = []

    def login(username: str, *, viewport: dict[str, int] | None = None):  # type: ignore[no-untyped-def]
        context = browser.new_context(viewport=viewport or {"width": 1366, "height": 768}, locale="vi-VN")
        contexts.append(context)
        # Logged in as accounts.testing logs a test client in: the second factor satisfied (the login's own pages
        # have their journey, test_login_journey.py).
        from django.conf import settings

        from lienhiep.accounts.models import User
        from lienhiep.accounts.testing import verified_session

        session = verified_session(User.objects.get(username=username))
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/")
        return page

    yield login
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
