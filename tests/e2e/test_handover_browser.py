"""The hand-over in a real headless Chromium against the sandbox: a group of assembled postings
becomes a handover (an Ozon carriage), and the pallet checklist counts one parcel scanned and
refuses one that is not in it, in green and red, with the focus kept on the scan input."""

from __future__ import annotations

import os
from pathlib import Path

from live_desk import STAFF
from playwright.sync_api import Page, expect

SHOTS = os.environ.get("POSYLKA_SCREENSHOTS", "")
STRANGER = "0000000000-0000-9"


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


def scan(page: Page, code: str) -> None:
    page.get_by_test_id("scan-input").fill(code)
    page.get_by_test_id("scan-input").press("Enter")


def test_a_handover_is_created_and_its_pallet_counts_one_parcel_and_refuses_a_stranger(
    page: Page,
) -> None:
    log_in(page, "admin")
    page.goto("/handovers")
    shoot(page, "handovers-en")
    group = page.get_by_test_id("handover-group").first
    group.get_by_test_id("create-handover").click()
    expect(page.get_by_test_id("handover-state")).to_have_attribute("data-state", "created")
    first = page.get_by_test_id("handover-line").first.get_attribute("data-posting-number")
    assert first
    page.get_by_test_id("open-checklist").click()
    expect(page.get_by_test_id("scan-input")).to_be_focused()

    scan(page, first)
    expect(page.get_by_test_id("checklist")).to_have_attribute("data-outcome", "counted")
    expect(
        page.locator(f'[data-testid="handover-line"][data-posting-number="{first}"]')
    ).to_have_attribute("data-counted", "yes")
    scan(page, STRANGER)

    checklist = page.get_by_test_id("checklist")
    expect(checklist).to_have_attribute("data-outcome", "not_in_handover")
    expect(page.get_by_test_id("scan-verdict")).to_contain_text(STRANGER)
    expect(page.get_by_test_id("scan-verdict")).to_have_class("scan-verdict scan-refused")
    expect(page.get_by_test_id("checklist-count")).to_contain_text("1")
    expect(page.get_by_test_id("scan-input")).to_be_focused()
    shoot(page, "checklist-en")
    for language in ("ru", "zh-CN"):
        page.get_by_test_id(f"language-{language}").click()
        scan(page, first)
        expect(checklist).to_have_attribute("data-outcome", "already_counted")
        shoot(page, f"checklist-{language}")
    page.get_by_test_id("language-en").click()
