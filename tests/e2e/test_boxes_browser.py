"""The box catalogue in a real headless Chromium: an admin finds the default catalogue, adds a
box (a bad size is refused in one sentence and the form kept), retires it, and reads the page in
Russian and Chinese.

The box added has a code of its own and is retired at the end, so other browser tests that
look at box choices are not affected.
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


def test_an_admin_adds_a_box_after_a_refused_size_and_retires_it(page: Page) -> None:
    log_in(page, "admin")
    page.goto("/settings/stores")
    page.get_by_test_id("settings-boxes").click()
    expect(page.get_by_test_id("boxes-table")).to_contain_text("BOX-XL")
    shoot(page, "boxes-en")

    page.get_by_test_id("box-code").fill("E2E-TUBE")
    page.get_by_test_id("box-name").fill("Postal tube")
    page.get_by_test_id("box-length_mm").fill("600")
    page.get_by_test_id("box-width_mm").fill("eighty")
    page.get_by_test_id("box-height_mm").fill("80")
    page.get_by_test_id("box-max_weight_g").fill("3000")
    page.get_by_test_id("box-cost").fill("19.50")
    page.get_by_test_id("box-submit").click()

    expect(page.get_by_test_id("error-width_mm")).to_have_text("“eighty” is not a number.")
    expect(page.get_by_test_id("box-code")).to_have_value("E2E-TUBE")
    shoot(page, "boxes-error-en")
    page.get_by_test_id("box-width_mm").fill("80")
    page.get_by_test_id("box-submit").click()

    expect(page.get_by_test_id("notice")).to_have_text("Box added.")
    row = page.get_by_test_id("box-row").filter(has_text="E2E-TUBE")
    expect(row).to_contain_text("600 × 80 × 80")
    row.get_by_test_id("box-retire").click()
    expect(
        page.get_by_test_id("box-row").filter(has_text="E2E-TUBE").get_by_test_id("box-retired")
    ).to_be_visible()


@pytest.mark.parametrize(
    ("language", "title", "kind"),
    [("ru", "Упаковка", "Курьерский пакет"), ("zh-CN", "包装", "快递袋")],
)
def test_the_boxes_page_reads_in_the_staff_language(
    page: Page, language: str, title: str, kind: str
) -> None:
    log_in(page, "admin")
    page.goto("/settings/boxes")
    page.get_by_test_id(f"language-{language}").click()

    expect(page.get_by_test_id("settings-boxes")).to_have_text(title)
    expect(page.get_by_test_id("boxes-table")).to_contain_text(kind)
    shoot(page, f"boxes-{language}")
    page.get_by_test_id("language-en").click()
