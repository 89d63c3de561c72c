"""The desk in a real headless Chromium, as staff use it: logging in, languages, the queue's
filters, deadlines, a posting's page, roles and logging out. The desk behind it is real: a migrated
SQLite database filled by a real sync from the Ozon sandbox over a socket (see ``live_desk``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from live_desk import STAFF, LiveDesk
from playwright.sync_api import Browser, Cookie, Page, expect

pytestmark = pytest.mark.e2e

SignIn = Callable[[str], None]


def log_in(page: Page, who: str, password: str | None = None) -> None:
    """Log in through the form, as a person does."""
    staff = STAFF[who]
    page.goto("/login")
    page.get_by_test_id("login-username").fill(staff.username)
    page.get_by_test_id("login-password").fill(password or staff.password)
    page.get_by_test_id("login-submit").click()


@pytest.fixture(scope="module")
def sessions(browser: Browser, desk: LiveDesk) -> Callable[[str], list[Cookie]]:
    """Session cookies of staff who logged in once through the form, for the tests that are not
    about logging in. Tests that end a session or change an account log in on their own."""
    kept: dict[str, list[Cookie]] = {}

    def cookies_of(who: str) -> list[Cookie]:
        if who not in kept:
            context = browser.new_context(base_url=desk.url)
            page = context.new_page()
            log_in(page, who)
            expect(page.get_by_test_id("logout")).to_be_visible()
            kept[who] = context.cookies()
            context.close()
        return kept[who]

    return cookies_of


@pytest.fixture
def signed_in(page: Page, sessions: Callable[[str], list[Cookie]]) -> SignIn:
    """Open the queue as ``who``, with a session made earlier."""

    def sign_in(who: str) -> None:
        page.context.add_cookies(sessions(who))
        page.goto("/")

    return sign_in


def exactly(text: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*{re.escape(text)}\s*$")


def ozon_posting(desk: LiveDesk, number: str) -> dict[str, Any]:
    """The posting as the sandbox itself gives it, to compare the page with."""
    answer = httpx.post(
        f"{desk.sandbox_url}/v3/posting/fbs/get",
        headers={"Client-Id": desk.client_id, "Api-Key": desk.api_key},
        json={"posting_number": number},
    )
    answer.raise_for_status()
    result: dict[str, Any] = answer.json()["result"]
    return result


def test_wrong_password_shows_the_error_and_stays_on_the_login_page(page: Page) -> None:
    log_in(page, "admin", password="not the password")
    expect(page.get_by_test_id("login-error")).to_have_text("Wrong username or password.")
    expect(page.get_by_test_id("login-username")).to_have_value(STAFF["admin"].username)
    expect(page.get_by_test_id("queue-rows")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))


def test_right_password_opens_the_queue_of_the_synced_store(page: Page, desk: LiveDesk) -> None:
    log_in(page, "admin")
    expect(page).to_have_url(f"{desk.url}/")
    expect(page.get_by_test_id("account-role")).to_have_text("Administrator")
    expect(page.get_by_test_id("sync-store")).to_contain_text("Sandbox")
    expect(page.get_by_test_id("sync-error")).to_have_count(0)
    expect(page.get_by_test_id("queue-row").first).to_be_visible()


def test_all_statuses_show_every_posting_the_sync_brought(
    page: Page, signed_in: SignIn, desk: LiveDesk
) -> None:
    signed_in("admin")
    page.goto("/?status=all")
    expect(page.get_by_test_id("queue-total")).to_have_text(
        exactly(f"{desk.postings_synced} postings")
    )


def test_language_switch_translates_the_desk_into_chinese_and_russian(page: Page) -> None:
    log_in(page, "manager")
    first_status = page.get_by_test_id("filter-status").locator("option").first
    try:
        page.get_by_test_id("language-zh-CN").click()
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
        expect(page).to_have_title(re.compile("货件队列"))
        expect(page.get_by_test_id("nav-queue")).to_have_text(exactly("队列"))
        expect(page.get_by_test_id("logout")).to_have_text("退出登录")
        expect(page.get_by_test_id("account-role")).to_have_text("经理")
        expect(first_status).to_have_text("待处理货件")
        expect(page.get_by_test_id("row-status").filter(has_text="等待备货").first).to_be_visible()
        expect(page.get_by_test_id("countdown").first).to_contain_text("已超时")

        page.get_by_test_id("language-ru").click()
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        expect(page).to_have_title(re.compile("Очередь отправлений"))
        expect(page.get_by_test_id("nav-queue")).to_have_text(exactly("Очередь"))
        expect(page.get_by_test_id("logout")).to_have_text("Выйти")
        expect(first_status).to_have_text("В работе")
        expect(
            page.get_by_test_id("row-status").filter(has_text="Ожидает сборки").first
        ).to_be_visible()
        expect(page.get_by_test_id("countdown").first).to_contain_text("просрочено на")
    finally:
        page.get_by_test_id("language-en").click()
    expect(page.get_by_test_id("nav-queue")).to_have_text(exactly("Queue"))


def test_status_filter_narrows_the_rows_and_stays_in_the_address(
    page: Page, signed_in: SignIn
) -> None:
    signed_in("admin")
    rows = page.get_by_test_id("queue-row")
    expect(rows.first).to_be_visible()
    everything = rows.count()
    page.get_by_test_id("filter-status").select_option("awaiting_deliver")
    expect(page).to_have_url(re.compile(r"\?status=awaiting_deliver$"))
    others = page.get_by_test_id("row-status").filter(has_not_text=exactly("Awaiting shipment"))
    expect(others).to_have_count(0)
    assert 0 < rows.count() < everything

    page.reload()
    expect(page.get_by_test_id("filter-status")).to_have_value("awaiting_deliver")
    expect(others).to_have_count(0)
    expect(rows.first).to_be_visible()


def test_warehouse_filter_narrows_the_rows_and_stays_in_the_address(
    page: Page, signed_in: SignIn
) -> None:
    signed_in("admin")
    rows = page.get_by_test_id("queue-row")
    expect(rows.first).to_be_visible()
    everything = rows.count()
    warehouse = rows.first.get_by_test_id("row-warehouse").inner_text().strip()
    page.get_by_test_id("filter-warehouse").select_option(label=warehouse)
    expect(page).to_have_url(re.compile(r"\?warehouse=\d+$"))
    others = page.get_by_test_id("row-warehouse").filter(has_not_text=exactly(warehouse))
    expect(others).to_have_count(0)
    assert 0 < rows.count() < everything

    page.reload()
    expect(page.get_by_test_id("filter-warehouse").locator("option:checked")).to_have_text(
        warehouse
    )
    expect(others).to_have_count(0)


def test_text_filter_narrows_the_rows_to_the_order_searched_for(
    page: Page, signed_in: SignIn
) -> None:
    signed_in("admin")
    rows = page.get_by_test_id("queue-row")
    expect(rows.first).to_be_visible()
    everything = rows.count()
    order = rows.nth(everything // 2).get_attribute("data-posting-number").rsplit("-", 1)[0]
    page.get_by_test_id("filter-text").fill(order)
    expect(page).to_have_url(re.compile(rf"\?q={re.escape(order)}$"))
    others = page.get_by_test_id("posting-link").filter(has_not_text=re.compile(f"^{order}-"))
    expect(others).to_have_count(0)
    assert 0 < rows.count() < everything

    page.reload()
    expect(page.get_by_test_id("filter-text")).to_have_value(order)
    expect(others).to_have_count(0)


def test_overdue_and_due_soon_rows_are_highlighted_with_a_badge(
    page: Page, signed_in: SignIn
) -> None:
    signed_in("admin")
    overdue = page.locator('[data-testid="queue-row"][data-urgency="overdue"]').first
    due_soon = page.locator('[data-testid="queue-row"][data-urgency="due_soon"]').first
    on_time = page.locator('[data-testid="queue-row"][data-urgency="on_time"]').first
    expect(overdue.get_by_test_id("urgency-badge")).to_have_text("Overdue")
    expect(overdue.get_by_test_id("countdown")).to_contain_text("overdue")
    expect(due_soon.get_by_test_id("urgency-badge")).to_have_text("Due within 2 h")
    expect(due_soon.get_by_test_id("countdown")).to_contain_text("in ")
    expect(on_time.get_by_test_id("urgency-badge")).to_be_hidden()

    def background(row: Any) -> str:
        return str(
            row.locator("td").first.evaluate("cell => getComputedStyle(cell).backgroundColor")
        )

    colours = {background(overdue), background(due_soon), background(on_time)}
    assert len(colours) == 3, f"the three urgencies share a background: {colours}"


def test_countdown_ticks_every_second(page: Page, signed_in: SignIn) -> None:
    signed_in("admin")
    countdown = page.locator('[data-urgency="overdue"] [data-testid="countdown"]').last
    expect(countdown).to_contain_text(re.compile(r"\d+ s\b"))
    first = countdown.inner_text()
    page.wait_for_function(
        "([cell, first]) => cell.textContent.trim() !== first.trim()",
        arg=[countdown.element_handle(), first],
    )
    later = countdown.inner_text()
    assert seconds_in(later) > seconds_in(first), (first, later)


def seconds_in(countdown: str) -> int:
    found = re.search(r"(\d+) s\b", countdown)
    assert found, f"no seconds in {countdown!r}"
    return int(found.group(1))


def test_rfbs_posting_page_shows_items_buyer_address_and_history(
    page: Page, signed_in: SignIn, desk: LiveDesk
) -> None:
    signed_in("packer")
    row = page.locator('[data-testid="queue-row"]:has(.scheme-rfbs)').first
    number = row.get_attribute("data-posting-number")
    row.get_by_test_id("posting-link").click()
    expect(page).to_have_url(f"{desk.url}/postings/{desk.store_id}/{number}")
    expect(page.get_by_test_id("posting-number")).to_have_text(number)
    ozon = ozon_posting(desk, number)

    offers = page.get_by_test_id("item-row").locator("td:first-child")
    expect(offers).to_have_text([product["offer_id"] for product in ozon["products"]])
    recipient = (ozon.get("addressee") or {}).get("name") or ozon["customer"]["name"]
    expect(page.get_by_test_id("buyer-name")).to_have_text(recipient)
    address = ozon["customer"]["address"]
    expect(page.get_by_test_id("buyer-address")).to_contain_text(address["city"])
    expect(page.get_by_test_id("buyer-address")).to_contain_text(address["address_tail"])
    expect(page.get_by_test_id("ozon-delivers")).to_have_count(0)

    status = page.get_by_test_id("posting-status").inner_text().strip()
    history = page.get_by_test_id("history-row")
    expect(history.first).to_be_visible()
    expect(history.last).to_contain_text(status)


def test_fbs_posting_page_says_ozon_delivers(page: Page, signed_in: SignIn) -> None:
    signed_in("packer")
    page.locator(
        '[data-testid="queue-row"]:has(.scheme-fbs) [data-testid="posting-link"]'
    ).first.click()
    expect(page.get_by_test_id("ozon-delivers")).to_be_visible()
    expect(page.get_by_test_id("buyer-address")).to_have_count(0)
    expect(page.get_by_test_id("item-row").first).to_be_visible()


def test_packer_gets_the_forbidden_page_on_settings(page: Page, signed_in: SignIn) -> None:
    signed_in("packer")
    expect(page.get_by_test_id("nav-settings")).to_have_count(0)
    answer = page.goto("/settings/stores")
    assert answer is not None
    assert answer.status == 403
    expect(page.get_by_test_id("error-page")).to_have_attribute("data-status", "403")
    expect(page.get_by_test_id("error-page")).to_contain_text("You cannot open this page")
    expect(page.get_by_test_id("stores-table")).to_have_count(0)


def test_admin_reaches_settings_with_the_store_listed(page: Page, signed_in: SignIn) -> None:
    signed_in("admin")
    page.get_by_test_id("nav-settings").click()
    expect(page.get_by_test_id("store-row")).to_have_count(1)
    expect(page.get_by_test_id("store-row")).to_contain_text("Sandbox")


def test_logout_ends_the_session_on_the_server_too(page: Page) -> None:
    log_in(page, "manager")
    expect(page.get_by_test_id("logout")).to_be_visible()
    before = page.context.cookies()
    page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_test_id("login-form")).to_be_visible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))

    page.context.add_cookies(before)  # the old session cookie, brought back
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.get_by_test_id("queue-rows")).to_have_count(0)
