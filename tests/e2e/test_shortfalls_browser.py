"""A short posting in a real headless Chromium: the "Short" badge in the queue, the posting's
missing items, the cost shown before cancelling, and the posting cancelled at the Ozon sandbox
(over a socket) with its reservations released at once.

The desk is a desk of its own (the same build as the other browser tests use), because taking
postings in for stock changes what the queue shows: the catalogue gets the products of one
posting, a receipt covers its first item, and its last item stays short.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import CHROMIUM_ARGS, VIEWPORT
from live_desk import STAFF, LiveDesk, running_desk
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import insert

from posylka.adapters.db.tables import products
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.bootstrap import build
from posylka.config import Settings
from posylka.domain.postings import Posting, PostingStatus, Scheme
from posylka.services.intake import take_in
from posylka.services.inventory import EntryKind, StockEntry, record_stock
from posylka.services.ports import QueueQuery

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("POSYLKA_SCREENSHOTS", "")
"""A directory to keep screenshots of the pages in, for looking at them; none are kept unset."""


class Clock:
    def __init__(self, desk: LiveDesk) -> None:
        self.at = desk.desk_time

    def now(self):  # type: ignore[no-untyped-def]
        return self.at


@dataclass
class ShortDesk:
    desk: LiveDesk
    uow: SqlUnitOfWorkFactory
    posting: Posting
    full_offer: str
    """The item fully reserved (its reservation is released by the cancellation)."""
    short_offer: str


def _no_checks(*args: object, **kwargs: object) -> None:
    """The order checks are another page's business."""


def _pick(uow: SqlUnitOfWorkFactory, desk: LiveDesk) -> Posting:
    """An FBS posting awaiting packaging with two lines, or one line of two units or more."""
    with uow() as tx:
        page = tx.postings.queue(QueueQuery(status="awaiting_packaging", limit=200))
        for row in page.rows:
            details = tx.postings.details(desk.store_id, row.posting_number)
            if details is None or details.posting.scheme is not Scheme.FBS:
                continue
            posting = details.posting
            if len(posting.items) >= 2 and len({i.sku for i in posting.items}) >= 2:
                return posting
    raise AssertionError("the sandbox desk has no FBS posting with two products")


@pytest.fixture(scope="module")
def short_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShortDesk]:
    data_dir = tmp_path_factory.mktemp("short-desk")
    with running_desk(data_dir) as desk:
        settings = Settings(data_dir=data_dir, database_url="", redis_url="", _env_file=None)
        container = build(settings)
        uow = container.uow
        assert isinstance(uow, SqlUnitOfWorkFactory)
        clock = Clock(desk)
        posting = _pick(uow, desk)
        *full, last = posting.items
        with uow() as tx:
            warehouse = posting.warehouse_id
            assert warehouse is not None
            for item in posting.items:
                tx.connection.execute(
                    insert(products).values(
                        store_id=desk.store_id,
                        offer_id=item.offer_id,
                        sku=item.sku,
                        name=item.name,
                        updated_at=clock.now(),
                    )
                )
            tx.commit()
        take_in(desk.store_id, uow=uow, clock=clock, check=_no_checks)
        record_stock(
            [StockEntry(item.offer_id, int(warehouse), 1000, EntryKind.RECEIPT) for item in full],
            store_id=desk.store_id,
            actor="anna",
            uow=uow,
            clock=clock,
        )
        try:
            yield ShortDesk(desk, uow, posting, full[0].offer_id, last.offer_id)
        finally:
            container.close()


@pytest.fixture(scope="module")
def browser(chromium: Path, short_desk: ShortDesk) -> Iterator[Browser]:
    """Chromium started after the desk is built: the desk's own sync runs an event loop, which
    cannot run inside the one Playwright keeps while it is open."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, short_desk: ShortDesk) -> Iterator[Page]:
    context = browser.new_context(
        base_url=short_desk.desk.url, locale="en-US", timezone_id="Europe/Moscow", viewport=VIEWPORT
    )
    context.set_default_timeout(15_000)
    context.clock.install(time=short_desk.desk.desk_time + timedelta(seconds=1))
    opened = context.new_page()
    yield opened
    context.close()


def _log_in(page: Page, who: str) -> None:
    staff = STAFF[who]
    page.goto("/login")
    page.get_by_test_id("login-username").fill(staff.username)
    page.get_by_test_id("login-password").fill(staff.password)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("queue-rows")).to_be_visible()


def _reserved(short_desk: ShortDesk, offer_id: str) -> int:
    with short_desk.uow() as tx:
        rows = tx.inventory.levels(short_desk.desk.store_id)
    return sum(row.reserved for row in rows if row.offer_id == offer_id)


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_short_posting_is_badged_and_pinned_in_the_queue(page: Page, short_desk: ShortDesk) -> None:
    _log_in(page, "manager")
    number = short_desk.posting.posting_number
    expect(page.get_by_test_id("shortfall-strip")).to_be_visible()
    page.goto(f"/?q={number}")
    row = page.locator(f'[data-testid="queue-row"][data-posting-number="{number}"]')
    expect(row.get_by_test_id("row-short")).to_have_text("Short")
    _shot(page, "queue-short-en")


def test_cancelling_a_short_posting_shows_the_cost_and_releases_its_stock(
    page: Page, short_desk: ShortDesk
) -> None:
    posting = short_desk.posting
    held_before = _reserved(short_desk, short_desk.full_offer)
    first_quantity = sum(i.quantity for i in posting.items if i.offer_id == short_desk.full_offer)
    assert held_before >= first_quantity > 0
    _log_in(page, "manager")

    page.goto(f"/postings/{posting.store_id}/{posting.posting_number}")
    section = page.get_by_test_id("shortfall")
    expect(section).to_be_visible()
    expect(section.get_by_test_id("missing-row")).to_have_count(1)
    expect(section.get_by_test_id("missing-row")).to_contain_text(short_desk.short_offer)
    _shot(page, "posting-short-en")

    section.get_by_test_id("cancel-posting-link").click()
    confirm = page.get_by_test_id("cancel-confirm")
    expect(confirm).to_be_visible()
    expect(confirm.get_by_test_id("cost-rating")).to_contain_text("cancellation rating")
    expect(confirm.get_by_test_id("cancel-reason")).to_have_value("352")
    _shot(page, "cancel-confirm-en")
    confirm.get_by_test_id("cancel-submit").click()

    expect(page.get_by_test_id("posting-status")).to_have_text("Cancelled")
    expect(page.get_by_test_id("shortfall-notice")).to_be_visible()
    assert _reserved(short_desk, short_desk.full_offer) == held_before - first_quantity
    with short_desk.uow() as tx:
        details = tx.postings.details(posting.store_id, posting.posting_number)
    assert details is not None
    assert details.posting.status is PostingStatus.CANCELLED


def test_the_shortfall_and_its_cost_read_in_russian_and_chinese(
    page: Page, short_desk: ShortDesk
) -> None:
    """Another short posting of the same desk, read in the staff's other languages."""
    _log_in(page, "manager")
    page.goto("/shortfalls")
    expect(page.get_by_test_id("shortfalls-table")).to_be_visible()
    _shot(page, "shortfalls-en")
    page.get_by_test_id("shortfall-row").first.locator("a").click()
    expect(page.get_by_test_id("shortfall")).to_be_visible()
    try:
        page.get_by_test_id("language-ru").click()
        section = page.get_by_test_id("shortfall")
        expect(section.get_by_test_id("short-badge")).to_have_text("Не хватает")
        _shot(page, "posting-short-ru")
        section.get_by_test_id("cancel-posting-link").click()
        expect(page.get_by_test_id("cost-rating")).to_contain_text("рейтинг")
        _shot(page, "cancel-confirm-ru")
        page.get_by_test_id("language-zh-CN").click()
        expect(page.get_by_test_id("cost-rating")).to_contain_text("评分")
        _shot(page, "cancel-confirm-zh")
    finally:
        page.get_by_test_id("language-en").click()
