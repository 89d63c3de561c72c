"""Ozon package labels in a real headless Chromium: tick postings awaiting shipment in the queue,
press "Labels", get one PDF whose pages read back (Code128 at 203 dpi) to the ticked postings in
queue order; print one again from the log and see the reprint counted; the posting page's label
part. The desk is its own (a synced sandbox store on a socket) because it needs the label desk.
"""

from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Iterator
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
from posylka.bootstrap import build, label_desk, upgrade_database
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
class LabelDesk:
    url: str
    store_id: StoreId


@pytest.fixture(scope="module")
def label_desk_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabelDesk]:
    data_dir = tmp_path_factory.mktemp("label-desk")
    settings = Settings(data_dir=data_dir, database_url="", redis_url="", _env_file=None)
    container = build(settings)
    upgrade_database(container)
    uow = container.uow
    assert isinstance(uow, SqlUnitOfWorkFactory)
    clock = SettableClock(ANCHOR)
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    for name, language in (("anna", "en"), ("olga", "ru")):
        create_user(
            NewUser(name, PASSWORD, Role.PACKER, language),
            by=None,
            uow=uow,
            hasher=hasher,
            clock=clock,
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
            assert not summary.errors, summary
            deps = WebDeps(
                container.settings,
                uow,
                clock,
                hasher,
                lambda _: None,
                reads=uow.reader(),
                marketplace=container.marketplace,
                labels=label_desk(container),
            )
            with serving(create_app(deps)) as url:
                yield LabelDesk(url, store.id)
    finally:
        container.close()


@pytest.fixture(scope="module")
def browser(chromium: Path, label_desk_live: LabelDesk) -> Iterator[Browser]:
    """Chromium started after the desk is built (the desk's sync runs its own event loop)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, label_desk_live: LabelDesk) -> Iterator[Page]:
    context = browser.new_context(
        base_url=label_desk_live.url,
        locale="en-US",
        timezone_id="Europe/Moscow",
        viewport=VIEWPORT,
        accept_downloads=True,
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


def decode_pages(pdf: bytes) -> list[str]:
    texts = []
    for pdf_page in pdfium.PdfDocument(io.BytesIO(pdf)):
        image = pdf_page.render(scale=203 / 72).to_pil().convert("L")
        found = [r.text for r in zxingcpp.read_barcodes(image) if r.format.name == "Code128"]
        texts.append(found[0] if found else "")
    return texts


def _tick_awaiting_shipment(page: Page, count: int) -> list[str]:
    page.goto("/?status=awaiting_deliver")
    rows = page.get_by_test_id("queue-row")
    expect(rows.first).to_be_visible()
    assert rows.count() >= count
    numbers = [rows.nth(i).get_attribute("data-posting-number") or "" for i in range(count)]
    for number in numbers:
        page.locator(
            f'[data-testid="queue-row"][data-posting-number="{number}"] [data-testid="row-select"]'
        ).check()
    return numbers


def test_ticked_postings_give_one_pdf_in_queue_order_and_a_reprint_is_logged(
    page: Page,
) -> None:
    _log_in(page, "anna")
    numbers = _tick_awaiting_shipment(page, 3)
    _shot(page, "queue-selection-en")

    page.get_by_test_id("selection-labels").click()
    expect(page.get_by_test_id("labels-summary")).to_contain_text("3 labels of 3 asked for")
    expect(page.get_by_test_id("printed-row")).to_have_count(3)
    _shot(page, "label-batch-en")
    href = page.get_by_test_id("labels-pdf").get_attribute("href")
    assert href
    pdf = page.request.get(href)
    assert pdf.headers["content-type"] == "application/pdf"
    assert decode_pages(pdf.body()) == numbers

    page.get_by_test_id("nav-labels").click()
    expect(page.get_by_test_id("label-print")).to_have_count(3)
    page.locator(
        f'[data-testid="label-print"][data-posting-number="{numbers[1]}"] '
        '[data-testid="reprint-select"]'
    ).check()
    _shot(page, "labels-log-en")
    reprinted: list[bytes] = []

    def keep_body(route: Route) -> None:
        # The PDF opens in Chromium's viewer in a new tab; keep the bytes on the way through.
        response = route.fetch()
        reprinted.append(response.body())
        route.fulfill(response=response)

    page.context.route("**/labels/reprint", keep_body)
    with page.context.expect_page() as popup:
        page.get_by_test_id("reprint").click()
    popup.value.wait_for_load_state()
    assert len(reprinted) == 1
    assert decode_pages(reprinted[0]) == [numbers[1]]

    page.reload()
    expect(page.get_by_test_id("label-print")).to_have_count(4)
    newest = page.get_by_test_id("label-print").first
    expect(newest).to_have_attribute("data-reprint", "yes")
    expect(newest.get_by_test_id("times-printed")).to_have_text("2")


def test_the_posting_page_fetches_its_label_in_russian(
    page: Page, label_desk_live: LabelDesk
) -> None:
    _log_in(page, "olga")
    page.goto("/?status=awaiting_deliver")
    link = page.get_by_test_id("posting-link").last
    number = link.inner_text()
    link.click()
    section = page.get_by_test_id("posting-labels")
    expect(section).to_contain_text("Этикетка")
    _shot(page, "posting-labels-ru")

    section.get_by_test_id("posting-label").click()
    expect(page.get_by_test_id("labels-summary")).to_contain_text("1 этикетка из 1")
    _shot(page, "label-batch-ru")
    href = page.get_by_test_id("labels-pdf").get_attribute("href")
    assert href
    assert decode_pages(page.request.get(href).body()) == [number]

    page.goto(f"/postings/{label_desk_live.store_id}/{number}")
    expect(page.get_by_test_id("posting-label-print")).to_have_count(1)


def test_a_posting_not_yet_assembled_is_set_aside_with_the_reason(page: Page) -> None:
    _log_in(page, "anna")
    page.goto("/?status=awaiting_packaging")
    row = page.get_by_test_id("queue-row").first
    number = row.get_attribute("data-posting-number")
    row.get_by_test_id("row-select").check()

    page.get_by_test_id("selection-labels").click()

    expect(page.get_by_test_id("labels-summary")).to_contain_text("0 labels of 1 asked for")
    aside = page.get_by_test_id("set-aside-row")
    expect(aside).to_have_count(1)
    expect(aside).to_have_attribute("data-posting-number", number or "")
    expect(aside).to_have_attribute("data-reason", "wrong_status")
    expect(aside).to_contain_text("not awaiting shipment")
    expect(page.get_by_test_id("labels-pdf")).to_have_count(0)
    _shot(page, "label-batch-set-aside-en")
