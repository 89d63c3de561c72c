"""Fixtures of the browser tests: one running desk for the session, one headless Chromium per test
module, a fresh browser context (cookies, clock) per test, and a screenshot when a browser test
fails."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_desk import LiveDesk, running_desk
from playwright.sync_api import Browser, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

CHROMIUM_ENV = "POSYLKA_TEST_CHROMIUM"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1400, "height": 900}
REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test, so fixtures can tell whether it failed."""
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


def chromium_path() -> Path:
    """The Chromium to drive: ``POSYLKA_TEST_CHROMIUM`` when set (a missing binary then fails the
    run), else Debian's; the browser tests are skipped when neither is there."""
    configured = os.environ.get(CHROMIUM_ENV, "").strip()
    path = Path(configured) if configured else DEBIAN_CHROMIUM
    if path.is_file() and os.access(path, os.X_OK):
        return path
    if configured:
        pytest.fail(f"{CHROMIUM_ENV} is set to {configured}, but no executable Chromium is there.")
    pytest.skip(
        f"Chromium is not installed at {DEBIAN_CHROMIUM}: install it with "
        f"`apt-get install chromium` on Debian/Ubuntu, or set {CHROMIUM_ENV} to a Chromium or "
        "Chrome binary."
    )


@pytest.fixture(scope="session")
def chromium() -> Path:
    return chromium_path()


@pytest.fixture(scope="session")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveDesk]:
    with running_desk(tmp_path_factory.mktemp("desk")) as live:
        yield live


@pytest.fixture(scope="module")
def browser(chromium: Path, desk: LiveDesk) -> Iterator[Browser]:
    """Chromium for one test module. Playwright's synchronous API keeps an event loop running
    while it is open, so it must be closed before tests that run their own loops."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(
    browser: Browser, desk: LiveDesk, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Page]:
    """A page in a fresh context whose clock starts at the desk's time and then runs on."""
    context = browser.new_context(
        base_url=desk.url, locale="en-US", timezone_id="Europe/Moscow", viewport=VIEWPORT
    )
    context.set_default_timeout(10_000)
    context.clock.install(time=desk.desk_time)
    opened = context.new_page()
    yield opened
    reports = request.node.stash.get(REPORTS, {})
    if any(report.failed for report in reports.values()):
        shot = tmp_path / "failure.png"
        try:
            opened.screenshot(path=str(shot), full_page=True)
            print(f"screenshot of the failing page: {shot}")
        except PlaywrightError as exc:
            print(f"no screenshot of the failing page: {exc}")
    context.close()
