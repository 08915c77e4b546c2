"""Headless Chromium (Debian's) driven by Playwright against a live server with the demo data."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Debian's chromium-headless-shell: the same Blink and V8 as its `chromium` (the same version), built as the headless
# shell that Playwright itself drives for headless runs. The full browser in its headless mode runs the whole
# browser's compositor and a GPU process for every frame; the shell does not, and the tests' pages cost about half
# of the browser processes' CPU in it (axe-core's verdicts node for node the same: docs/benchmarks.md, session 19).
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium-headless-shell")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# The journeys' screenshots (the pages as a user sees them, for people to look at) are taken when asked:
# `LIENHIEP_SHOTS=1` (`make shots`) writes them to test-artifacts/<test file>/, any other value names the folder.
# The suite takes none (no test reads them: ~95 whole-page shots cost ~25 s of Chromium's CPU a pass); a failed test
# always leaves a shot of each page it had open, in test-artifacts/failed/ (the `open_as` fixture).
SHOTS = os.environ.get("LIENHIEP_SHOTS", "")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# What every test's browser context is opened with. The user's own setting "reduce motion" (prefers-reduced-motion):
# Bootstrap then drops its transitions (collapses, fades, the striped bars' stripes, the page's smooth scrolling),
# the same pages a user with that setting gets; Playwright waits for an element to stand still before it acts, so a
# step no longer waits out an animation.
CONTEXT: dict[str, object] = {"locale": "vi-VN", "reduced_motion": "reduce"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    from django.conf import settings

    # What a page's markup and style sheets are measured for (accessibility, width on a phone) is the same whichever
    # database filled it: on PostgreSQL those tests are skipped, saying why (decision 0019); the journeys run on both.
    sqlite = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    markup_only = pytest.mark.skip(reason="markup only: run on SQLite (docs/decisions/0019)")
    for item in items:
        if "tests/browser/" in str(item.fspath):
            # No xdist group: a mark added here comes after pytest-xdist has read the marks, so the group that stood
            # here never applied; the browser tests share the workers like any other test (each worker gets the demo
            # from the run's one copy), as CI has always run them (docs/benchmarks.md, session 17, br11).
            item.add_marker(pytest.mark.browser)
            if not sqlite and item.get_closest_marker("markup_only"):
                item.add_marker(markup_only)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps`.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


# Every page a journey opens reports what the content policy (SECURE_CSP) refused: the browser's
# securitypolicyviolation events, and its console's "Content Security Policy" errors.
WATCH_CSP = """document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolation({directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile,
    line: e.lineNumber, sample: e.sample, page: location.pathname});
});"""


@pytest.fixture
def csp_violations() -> list[dict[str, object]]:
    """What the content policy refused on the pages of `open_as` (a test that expects some reads and empties it)."""
    return []


@pytest.fixture
def open_as(request, browser, live_server, demo, csp_violations):  # type: ignore[no-untyped-def]
    """A logged-in page for a demo user: `page = open_as("hatinh.canbo")` on the home page, or
    `open_as("hatinh.canbo", path="/members/")` on the page the test starts from (each page a test opens costs
    Chromium its load: one the test does not look at is not opened). The demo is the root conftest's,
    committed here (the test is transactional, for the live server) and flushed after the test. Anything the
    pages' content policy refused fails the test (`csp_violations`)."""
    contexts = []

    def login(  # type: ignore[no-untyped-def]
        username: str, *, viewport: dict[str, int] | None = None, bypass_csp: bool = False, path: str = "/"
    ):
        # bypass_csp: for a test that injects a script of its own (axe-core); the pages' policy forbids it.
        context = browser.new_context(
            viewport=viewport or {"width": 1366, "height": 768}, bypass_csp=bypass_csp, **CONTEXT
        )
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
        if not bypass_csp:
            context.expose_binding("__cspViolation", lambda _source, found: csp_violations.append(found))
            context.add_init_script(WATCH_CSP)
        page = context.new_page()
        if not bypass_csp:
            page.on(
                "console",
                lambda message: (
                    csp_violations.append({"console": message.text, "page": page.url})
                    if "Content Security Policy" in message.text
                    else None
                ),
            )
        page.goto(f"{live_server.url}{path}")
        return page

    yield login
    if getattr(request.node, "failed_call", False):  # what the pages showed when the test failed
        folder = ARTIFACTS / "failed"
        folder.mkdir(parents=True, exist_ok=True)
        for i, page in enumerate(p for context in contexts for p in context.pages):
            name = f"{request.node.name}-{i}.png".replace("/", "-")
            with contextlib.suppress(Exception):  # a page that crashed has no shot; the failure says why
                page.screenshot(path=str(folder / name), full_page=True)
    for context in contexts:
        context.close()
    if csp_violations:
        pytest.fail("the content policy refused:\n" + "\n".join(map(str, csp_violations)), pytrace=False)


def shot(page, name: str, *, full: bool = True) -> None:  # type: ignore[no-untyped-def]
    """A screenshot for people to look at, when asked (`SHOTS`): the whole page from its top (the sticky header
    where it belongs), or with `full=False` what the window shows."""
    if not SHOTS:
        return
    journey = Path(os.environ.get("PYTEST_CURRENT_TEST", "").split("::")[0]).stem  # a folder per test file
    folder = (ARTIFACTS if SHOTS == "1" else Path(SHOTS)) / journey
    folder.mkdir(parents=True, exist_ok=True)
    if full:
        page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    """Each phase's report kept on the test (`item.failed_call`), for `open_as` to see that the test failed."""
    report = yield
    if report.when == "call" and report.failed:
        item.failed_call = True
    return report
