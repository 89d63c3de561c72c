"""The packing station in a real Chromium against the Ozon sandbox: a packer scans a three-unit
posting with one wrong scan refused between, the posting is assembled on the sandbox and its
label arrives at a TCP printer; and a desk killed between recording the assembly and calling
Ozon assembles the posting once when it starts again."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CHROMIUM_ARGS, VIEWPORT
from packing_desk import (
    PASSWORD,
    PackingDesk,
    barcode_of,
    desk_in_its_own_process,
    desk_in_this_process,
    set_label_printer,
    three_unit_postings,
)
from playwright.sync_api import Browser, Page, expect, sync_playwright
from tests.integration.printing.printers import raw_printer

from posylka.domain.postings import Posting

SHOTS = os.environ.get("POSYLKA_SCREENSHOTS", "")
"""A directory to keep screenshots of the station in, for looking at them; none are kept unset."""
WRONG_EAN = "4600000000000"


@pytest.fixture(scope="module")
def browser(chromium: Path, desk: PackingDesk) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


def open_page(browser: Browser, url: str) -> Page:
    context = browser.new_context(base_url=url, viewport=VIEWPORT)
    context.set_default_timeout(15_000)
    return context.new_page()


def sign_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url("**/")


def scan(page: Page, code: str) -> None:
    """What a keyboard-wedge scanner does: type fast into the focused field, then Enter."""
    field = page.get_by_test_id("pack-scan")
    expect(field).to_be_focused()
    page.keyboard.type(code, delay=5)
    page.keyboard.press("Enter")


def shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def unit_codes(desk: PackingDesk, posting: Posting) -> list[str]:
    return [barcode_of(desk, item.sku) for item in posting.items for _ in range(item.quantity)]


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PackingDesk]:
    with desk_in_this_process(tmp_path_factory.mktemp("packing-desk")) as live:
        yield live


def test_packer_packs_a_three_unit_posting_and_its_label_is_printed(
    browser: Browser, desk: PackingDesk
) -> None:
    posting = three_unit_postings(desk)[0]
    number = posting.posting_number
    codes = unit_codes(desk, posting)
    with raw_printer() as device:
        set_label_printer(desk, device.address)
        page = open_page(browser, desk.url)
        sign_in(page, "anna")
        page.get_by_test_id("nav-pack").click()
        shot(page, "pack-empty-en")

        scan(page, number)
        expect(page.get_by_test_id("pack-posting")).to_have_text(number)
        expect(page.get_by_test_id("pack-progress")).to_contain_text("0 of 3 units")
        scan(page, codes[0])
        expect(page.get_by_test_id("pack-progress")).to_contain_text("1 of 3 units")
        shot(page, "pack-one-scanned-en")

        scan(page, WRONG_EAN)
        expect(page.get_by_test_id("pack-alarm")).to_be_visible()
        expect(page.get_by_test_id("pack-alarm-text")).to_contain_text(
            f"Nobody knows barcode {WRONG_EAN}"
        )
        expect(page.locator("body")).to_have_attribute("data-pack-alarm", "1")
        shot(page, "pack-refused-en")
        entry = page.get_by_test_id("pack-log-entry").first
        expect(entry).to_have_attribute("data-outcome", "unknown_barcode")
        expect(page.get_by_test_id("pack-progress")).to_contain_text("1 of 3 units")

        scan(page, codes[1])
        expect(page.get_by_test_id("pack-alarm")).to_be_hidden()
        scan(page, codes[2])
        expect(page.get_by_test_id("pack-progress")).to_contain_text("3 of 3 units")
        expect(page.get_by_test_id("pack-assembly")).to_have_attribute(
            "data-state", "assembled", timeout=20_000
        )
        assert desk.sandbox_status(number) == "awaiting_deliver"
        expect(page.get_by_test_id("pack-status")).to_have_text("Awaiting shipment")
        shot(page, "pack-assembled-waiting-label-en")

        desk.advance_sandbox(60)  # Ozon prepares the label 45–60 s after assembly
        expect(page.get_by_test_id("pack-assembly-text")).to_have_text(
            "Assembled. The label was sent to Label printer.", timeout=30_000
        )
        label = device.wait_for(1, timeout=10)
        shot(page, "pack-label-sent-en")

    assert label[0].startswith(b"^XA")
    assert desk.ship_calls() == 1


@pytest.mark.parametrize(("username", "language"), [("olga", "ru"), ("li.wei", "zh")])
def test_station_speaks_the_packers_language(
    browser: Browser, desk: PackingDesk, username: str, language: str
) -> None:
    posting = three_unit_postings(desk)[1]
    page = open_page(browser, desk.url)
    sign_in(page, username)
    page.goto("/pack")
    scan(page, posting.posting_number)
    expect(page.get_by_test_id("pack-posting")).to_contain_text(posting.posting_number)
    shot(page, f"pack-opened-{language}")
    # Both languages open the same posting, so only a refused scan is made: it changes nothing.
    scan(page, WRONG_EAN)
    expect(page.get_by_test_id("pack-alarm")).to_be_visible()
    shot(page, f"pack-refused-{language}")

    expected = {"ru": "Штрихкод", "zh": "条码"}[language]
    expect(page.get_by_test_id("pack-alarm-text")).to_contain_text(expected)


def test_evidence_page_finds_a_posting_by_number(browser: Browser, desk: PackingDesk) -> None:
    posting = three_unit_postings(desk)[1]
    page = open_page(browser, desk.url)
    sign_in(page, "anna")
    page.goto("/evidence")
    page.get_by_test_id("evidence-posting").fill(posting.posting_number)
    page.keyboard.press("Enter")

    expect(page.get_by_test_id("evidence-none")).to_contain_text(posting.posting_number)
    shot(page, "evidence-none-en")


def test_crash_between_recording_and_calling_ozon_assembles_once_after_restart(
    browser: Browser, tmp_path: Path
) -> None:
    with desk_in_its_own_process(tmp_path / "desk") as (desk, process):
        posting = three_unit_postings(desk)[0]
        number = posting.posting_number
        codes = unit_codes(desk, posting)
        process.start(POSYLKA_CRASH_AT="recorded")
        page = open_page(browser, desk.url)
        sign_in(page, "anna")
        page.goto("/pack")
        scan(page, number)
        for code in codes:
            scan(page, code)

        # The last scan records the assembly and queues it; the queue's worker picks it up and
        # the desk dies right there, perhaps before the page hears back.
        assert process.wait_for_death() == -9
        assert desk.ship_calls() == 0

        process.start()
        page.goto(f"/pack?posting={number}")
        expect(page.get_by_test_id("pack-assembly")).to_have_attribute(
            "data-state", "assembled", timeout=30_000
        )
        shot(page, "pack-recovered-en")

        assert desk.ship_calls() == 1
        assert desk.sandbox_status(number) == "awaiting_deliver"
