"""The catalogue in a real headless Chromium: a manager imports a spreadsheet with two bad rows,
reads the report naming each row and column, finds the good rows in the catalogue, and edits a
product; a packer sees the catalogue but no import form.

The products imported have article codes the sandbox's postings do not use, so taking postings
in again after the import changes nothing the other browser tests look at.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from live_desk import STAFF
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("POSYLKA_SCREENSHOTS", "")
"""A directory to keep screenshots of the pages in, for looking at them; none are kept unset."""


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


def first_warehouse(page: Page) -> str:
    """The id of the store's first warehouse, read from the header of an exported file."""
    exported = page.request.get("/catalogue/export.csv").text()
    header = next(csv.reader(io.StringIO(exported.lstrip("\ufeff"))))
    return next(column for column in header if column.startswith("bin:"))


@pytest.fixture
def spreadsheet(tmp_path: Path) -> Callable[[str], Path]:
    def write(bin_column: str) -> Path:
        path = tmp_path / "товары.csv"
        rows = [
            ["offer_id", "name", "barcodes", "weight_g", "fragile", bin_column],
            ["CAT-E2E-1", "Кружка для проверки", "4601234567893", "350", "yes", "A-01-1"],
            ["CAT-E2E-2", "Кружка без веса", "", "много", "", ""],
            ["CAT-E2E-3", "Кружка с плохим кодом", "4601234567890", "300", "", ""],
            ["CAT-E2E-4", "Чайник для проверки", "", "900", "", "B-02-3"],
        ]
        with path.open("w", encoding="utf-8", newline="") as sink:
            csv.writer(sink).writerows(rows)
        return path

    return write


def test_an_import_reports_the_bad_rows_and_the_good_rows_are_in_the_catalogue(
    page: Page, spreadsheet: Callable[[str], Path]
) -> None:
    log_in(page, "manager")
    page.get_by_test_id("nav-catalogue").click()
    expect(page.get_by_test_id("catalogue-results")).to_be_visible()
    bin_column = first_warehouse(page)

    page.get_by_test_id("import-file").set_input_files(spreadsheet(bin_column))
    page.get_by_test_id("import-submit").click()

    summary = page.get_by_test_id("import-summary")
    expect(summary).to_contain_text("4 rows read: 2 products added")
    expect(summary).to_contain_text("2 rows refused")
    problems = page.get_by_test_id("import-problem")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("Row 3, column weight_g")
    expect(problems.nth(0)).to_contain_text("“много” is not a number.")
    expect(problems.nth(1)).to_contain_text("Row 4, column barcodes")
    expect(problems.nth(1)).to_contain_text("the check digit should be 3")
    shoot(page, "catalogue-import-en")

    page.get_by_test_id("catalogue-q").fill("CAT-E2E")
    page.get_by_test_id("catalogue-search-submit").click()
    rows = page.get_by_test_id("catalogue-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Кружка для проверки")
    expect(rows.nth(0)).to_contain_text("A-01-1")
    expect(rows.nth(0)).to_contain_text("Fragile")
    expect(rows.nth(1)).to_contain_text("CAT-E2E-4")

    page.get_by_test_id("language-ru").click()
    expect(page.get_by_test_id("catalogue-total")).to_contain_text("Товаров: 2")
    shoot(page, "catalogue-list-ru")
    page.get_by_test_id("language-en").click()


def test_a_manager_edits_a_product(page: Page) -> None:
    log_in(page, "manager")
    page.goto("/catalogue?q=CAT-E2E-4")
    page.get_by_test_id("catalogue-offer").first.click()
    expect(page.get_by_test_id("product-offer")).to_have_text("CAT-E2E-4")

    page.get_by_test_id("product-weight_g").fill("-1")
    page.get_by_test_id("product-save").click()
    expect(page.get_by_test_id("error-weight_g")).to_contain_text("is negative")

    page.get_by_test_id("product-weight_g").fill("950")
    page.get_by_test_id("product-barcodes").fill("4601234567893\nOZN777")
    page.get_by_test_id("product-glass").check()
    page.get_by_test_id("product-keep_upright").check()
    page.get_by_test_id("product-battery").select_option("li_ion")
    page.get_by_test_id("product-battery_wh").fill("12.5")
    page.get_by_test_id("product-save").click()

    expect(page.get_by_test_id("notice")).to_have_text("Product saved.")
    expect(page.get_by_test_id("product-weight_g")).to_have_value("950")
    expect(page.get_by_test_id("product-glass")).to_be_checked()
    expect(page.get_by_test_id("product-battery_wh")).to_have_value("12.50")
    shoot(page, "catalogue-product-en")
    page.get_by_test_id("language-zh-CN").click()
    expect(page.get_by_test_id("notice")).to_have_text("商品已保存。")
    shoot(page, "catalogue-product-zh")
    page.get_by_test_id("language-en").click()

    page.goto("/catalogue?q=CAT-E2E-4")
    row = page.get_by_test_id("catalogue-row")
    expect(row).to_contain_text("OZN777")
    expect(row).to_contain_text("Glass")
    expect(row).to_contain_text("Battery 12.50 Wh")


def test_a_packer_sees_the_catalogue_without_the_import_form(page: Page) -> None:
    log_in(page, "packer")
    page.get_by_test_id("nav-catalogue").click()
    expect(page.get_by_test_id("catalogue-results")).to_be_visible()
    expect(page.get_by_test_id("import-form")).to_have_count(0)
    expect(page.get_by_test_id("export-xlsx")).to_be_visible()
