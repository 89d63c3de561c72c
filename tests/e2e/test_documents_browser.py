"""Documents in a real headless Chromium: a manager ticks postings in the queue and presses
"Pick list" to get a PDF whose Code128 reads back to the new batch; the batch is listed on the pick
lists page and prints again; the posting page's "Print slip" gives a thermal slip whose barcodes
read back to the posting number; the after-sales card is saved from its settings page and prints
after the slip. The desk is its own (a synced sandbox store on a socket) with the PDF renderer.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from conftest import CHROMIUM_ARGS, VIEWPORT
from live_desk import ANCHOR, PASSWORD, SANDBOX_POSTINGS, SANDBOX_SEED, SettableClock, serving
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import Argon2PasswordHasher
from posylka.bootstrap import build, document_renderer, upgrade_database
from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.domain.stores import Role
from posylka.entrypoints.web.app import create_app
from posylka.entrypoints.web.deps import WebDeps
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.server import running_sandbox
from posylka.services.accounts import NewUser, create_user
from posylka.services.stores import NewStore, add_store
from posylka.services.sync_postings import sync_store

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("POSYLKA_SCREENSHOTS", "")
"""A directory to keep screenshots of the pages in, for looking at them; none are kept unset."""


@dataclass
class DocumentDesk:
    url: str
    store_id: StoreId


@pytest.fixture(scope="module")
def document_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DocumentDesk]:
    data_dir = tmp_path_factory.mktemp("document-desk")
    settings = Settings(data_dir=data_dir, database_url="", redis_url="", _env_file=None)
    container = build(settings)
    upgrade_database(container)
    uow = container.uow
    assert isinstance(uow, SqlUnitOfWorkFactory)
    clock = SettableClock(ANCHOR)
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    for name, role, language in (
        ("anna", Role.MANAGER, "en"),
        ("olga", Role.MANAGER, "ru"),
        ("li.wei", Role.PACKER, "zh-CN"),
    ):
        create_user(
            NewUser(name, PASSWORD, role, language), by=None, uow=uow, hasher=hasher, clock=clock
        )
    sandbox = SandboxConfig(seed=SANDBOX_SEED, postings=SANDBOX_POSTINGS, now=ANCHOR)
    try:
        with running_sandbox(sandbox) as sandbox_url:
            new_store = NewStore(
                "Sandbox", sandbox.client_id, sandbox.accepted_api_key, sandbox_url
            )
            store = add_store(new_store, by=None, uow=uow, clock=clock)
            summary = asyncio.run(
                sync_store(store.id, uow=uow, marketplace=container.marketplace, clock=clock)
            )
            assert not summary.fatal, summary
            deps = WebDeps(
                container.settings,
                uow,
                clock,
                hasher,
                lambda _: None,
                reads=uow.reader(),
                documents=document_renderer(container.settings),
            )
            with serving(create_app(deps)) as url:
                yield DocumentDesk(url, store.id)
    finally:
        container.close()


@pytest.fixture(scope="module")
def browser(chromium: Path, document_desk: DocumentDesk) -> Iterator[Browser]:
    """Chromium started after the desk is built (the desk's sync runs its own event loop)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, document_desk: DocumentDesk) -> Iterator[Page]:
    context = browser.new_context(
        base_url=document_desk.url,
        locale="en-US",
        timezone_id="Europe/Moscow",
        viewport=VIEWPORT,
    )
    context.set_default_timeout(20_000)
    context.clock.install(time=ANCHOR + timedelta(seconds=1))
    opened = context.new_page()
    yield opened
    context.close()


def _log_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("queue-rows")).to_be_visible()


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _codes(pdf: bytes, page: int = 0) -> set[tuple[str, str]]:
    image = pdfium.PdfDocument(pdf)[page].render(scale=203 / 72).to_pil().convert("L")
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)}


def _pdf_of_new_tab(page: Page, pattern: str, click: Callable[[], None]) -> bytes:
    """Click something that opens a PDF in a new tab; return the PDF's bytes."""
    kept: list[bytes] = []

    def keep_body(route: Route) -> None:
        # The PDF opens in Chromium's viewer in a new tab; keep the bytes on the way through.
        response = route.fetch()
        if response.headers.get("content-type") == "application/pdf":
            kept.append(response.body())
        route.fulfill(response=response)

    page.context.route(pattern, keep_body)
    with page.context.expect_page() as popup:
        click()
    popup.value.wait_for_load_state()
    page.context.unroute(pattern)
    assert len(kept) == 1
    return kept[0]


def test_ticked_postings_give_a_pick_list_that_prints_again(page: Page) -> None:
    _log_in(page, "anna")
    rows = page.get_by_test_id("queue-row")
    expect(rows.first).to_be_visible()
    numbers = [rows.nth(i).get_attribute("data-posting-number") or "" for i in range(4)]
    for number in numbers:
        page.locator(
            f'[data-testid="queue-row"][data-posting-number="{number}"] [data-testid="row-select"]'
        ).check()
    _shot(page, "documents-queue-selection-en")

    pdf = _pdf_of_new_tab(
        page,
        re.compile(r".*/picklists(/\d+\.pdf)?$"),
        page.get_by_test_id("selection-picklist").click,
    )
    (code,) = [text for kind, text in _codes(pdf) if kind == "Code128"]
    assert re.fullmatch(r"PL-\d{6}", code)
    text = pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()
    assert all(number in text for number in numbers)

    page.goto("/picklists")
    row = page.locator(f'[data-testid="batch-row"][data-batch="{code}"]')
    expect(row).to_be_visible()
    _shot(page, "documents-pick-lists-en")
    again = _pdf_of_new_tab(
        page, re.compile(r".*/picklists/\d+\.pdf$"), row.get_by_test_id("batch-print").click
    )
    assert (("Code128", code)) in _codes(again)


def test_posting_page_prints_a_thermal_slip_with_the_posting_number(page: Page) -> None:
    _log_in(page, "li.wei")
    first = page.get_by_test_id("posting-link").first
    number = first.inner_text().strip()
    first.click()
    expect(page.get_by_test_id("slip-box")).to_be_visible()
    page.get_by_test_id("slip-size").select_option("100x150")
    _shot(page, "documents-posting-slip-zh")
    pdf = _pdf_of_new_tab(page, re.compile(r".*/slip\?.*"), page.get_by_test_id("slip-print").click)
    assert _codes(pdf) == {("Code128", number), ("QRCode", number)}
    assert "订单详情" in pdfium.PdfDocument(pdf)[0].get_textpage().get_text_range()


def test_after_sales_card_is_set_in_russian_and_prints_after_the_slip(page: Page) -> None:
    _log_in(page, "olga")
    page.goto("/settings/after-sales-card")
    page.get_by_test_id("card-enabled").check()
    page.get_by_test_id("card-headline").fill("Спасибо за покупку!")
    page.get_by_test_id("card-message").fill("Если что-то не так — напишите нам, всё исправим.")
    page.get_by_test_id("card-contacts").fill("Telegram: @sandbox_shop\nТелефон: +7 900 000-00-00")
    page.get_by_test_id("card-link").fill("https://www.ozon.ru/seller/sandbox/")
    page.get_by_test_id("card-caption").fill("Наш магазин на Ozon")
    page.get_by_test_id("card-save").click()
    expect(page.get_by_test_id("notice")).to_be_visible()
    _shot(page, "documents-card-settings-ru")

    page.goto("/")
    page.get_by_test_id("posting-link").first.click()
    page.get_by_test_id("slip-size").select_option("75x120")
    pdf = _pdf_of_new_tab(page, re.compile(r".*/slip\?.*"), page.get_by_test_id("slip-print").click)
    assert len(pdfium.PdfDocument(pdf)) == 2
    assert _codes(pdf, 1) == {("QRCode", "https://www.ozon.ru/seller/sandbox/")}
