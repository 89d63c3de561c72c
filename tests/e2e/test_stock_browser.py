"""Stock in a real headless Chromium: a manager adds a product, receives goods on the stock page
and sees the level, counts the shelf and reads the movements with who and why; the page reads in
Russian and Chinese too.

The product has an article code the sandbox's postings do not use, so no posting reserves it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from live_desk import STAFF
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("POSYLKA_SCREENSHOTS", "")
"""A directory to keep screenshots of the pages in, for looking at them; none are kept unset."""
OFFER = "STK-E2E-1"


def log_in(page: Page, who: str) -> None:
    staff = STAFF[who]
    page.goto("/login")
    page.get_by_test_id("login-username").fill(staff.username)
    page.get_by_test_id("login-password").fill(staff.password)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("logout")).to_be_visible()


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def add_product(page: Page, tmp_path: Path) -> None:
    sheet = tmp_path / "products.csv"
    sheet.write_text(f"offer_id,name,low_stock_threshold\n{OFFER},Термос 500 мл,6\n", "utf-8")
    page.get_by_test_id("nav-catalogue").click()
    page.get_by_test_id("import-file").set_input_files(sheet)
    page.get_by_test_id("import-submit").click()
    expect(page.get_by_test_id("import-summary")).to_be_visible()


def level_cell(page: Page, testid: str) -> str:
    row = page.locator(f'[data-testid="stock-row"][data-offer="{OFFER}"]')
    return row.get_by_test_id(testid).inner_text().split()[0]


def test_receiving_and_counting_on_the_stock_page(page: Page, tmp_path: Path) -> None:
    log_in(page, "manager")
    add_product(page, tmp_path)
    page.get_by_test_id("nav-stock").click()

    page.get_by_test_id("stock-kind-receipt").check()
    page.get_by_test_id("stock-product").fill(OFFER)
    page.get_by_test_id("stock-quantity").fill("12")
    page.get_by_test_id("stock-reason").fill("накладная 42")
    page.get_by_test_id("stock-submit").click()

    expect(page.get_by_test_id("notice")).to_be_visible()
    assert level_cell(page, "stock-on-hand") == "12"
    assert level_cell(page, "stock-available") == "12"
    shoot(page, "stock-received-en")

    page.get_by_test_id("stock-kind-count").check()
    page.get_by_test_id("stock-product").fill(OFFER)
    page.get_by_test_id("stock-quantity").fill("5")
    page.get_by_test_id("stock-submit").click()

    expect(page.get_by_test_id("notice")).to_be_visible()
    assert level_cell(page, "stock-on-hand") == "5"
    expect(page.get_by_test_id("stock-low")).to_contain_text(OFFER)
    expect(page.get_by_test_id("nav-stock-low")).to_be_visible()

    page.locator(f'[data-testid="stock-row"][data-offer="{OFFER}"]').get_by_test_id(
        "stock-offer"
    ).click()
    movements = page.get_by_test_id("stock-movement")
    expect(movements).to_have_count(2)
    expect(movements.first).to_contain_text("olga")
    expect(movements.first).to_contain_text("12 → 5")
    expect(movements.last).to_contain_text("накладная 42")
    shoot(page, "stock-history-en")

    page.get_by_test_id("nav-stock").click()
    page.get_by_test_id("language-ru").click()
    expect(page.locator("h1")).to_have_text("Остатки")
    shoot(page, "stock-ru")
    page.get_by_test_id("language-zh-CN").click()
    expect(page.locator("h1")).to_have_text("库存")
    shoot(page, "stock-zh")
    page.get_by_test_id("language-en").click()


def test_a_packer_receives_but_cannot_count(page: Page) -> None:
    log_in(page, "packer")
    page.get_by_test_id("nav-stock").click()

    expect(page.get_by_test_id("stock-kind-receipt")).to_be_visible()
    expect(page.get_by_test_id("stock-kind-count")).to_have_count(0)
    expect(page.get_by_test_id("stock-import")).to_have_count(0)
