"""Fixtures of the browser tests: Chromium, a page, axe-core, screenshots, the portal."""

import os
from pathlib import Path

import portal_support as support
import pytest


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright, for the whole run."""
    path = support.chromium_path()
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only with a browser

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=path)
        yield launched
        launched.close()


@pytest.fixture
def phone(browser):
    """A page the size of a phone's screen, Vietnamese first, as a citizen's would be."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def desk(browser):
    """A page the size of an office screen, as an official's would be."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    """Check a page with axe-core: no serious or critical violation may remain."""
    source = support.axe_source()

    def check(page):
        if source is None:
            return  # not installed locally; CI sets FEEDBACK_TEST_AXE
        violations = support.serious_violations(page, source)
        assert [] == violations, "\n".join(violations)

    return check


@pytest.fixture(scope="session")
def shot():
    """Save a screenshot of the page under its name, when screenshots are asked for."""
    folder = os.environ.get("FEEDBACK_PORTAL_SCREENSHOTS")

    def take(page, name):
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def portal(tmp_path):
    """The example portal on SQLite, started for the test and stopped after it."""
    running = support.start_portal(tmp_path / "portal-data")
    yield running
    running.stop()
