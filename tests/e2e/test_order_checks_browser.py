"""Order checks in a real headless Chromium: a posting with a product the catalogue lacks needs
attention in the queue, with its reason in English and in Chinese; the manager adds the product
from the reason and the posting becomes Ready; another reason is accepted with a note.

The desk is a desk of its own (the same build as the other browser tests use): its catalogue gets
every product of the synced postings but one, and every open posting is checked.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from conftest import CHROMIUM_ARGS, VIEWPORT
from live_desk import STAFF, LiveDesk, running_desk
from playwright.sync_api import Browser, Page, expect, sync_playwright

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.bootstrap import build
from posylka.config import Settings
from posylka.domain.catalogue import ProductDraft
from posylka.domain.order_checks import ReasonCode, Verdict
from posylka.domain.postings import Posting, PostingStatus, Scheme
from posylka.services.order_checks import recheck_store

pytestmark = pytest.mark.e2e

SHOTS = os.environ.get("POSYLKA_SCREENSHOTS", "")
"""A directory to keep screenshots of the pages in, for looking at them; none are kept unset."""


class Clock:
    def __init__(self, desk: LiveDesk) -> None:
        self.at = desk.desk_time

    def now(self):  # type: ignore[no-untyped-def]
        return self.at


@dataclass
class CheckDesk:
    desk: LiveDesk
    uow: SqlUnitOfWorkFactory
    unknown: Posting
    """An FBS posting whose one product is not in the catalogue, due later."""
    overdue: Posting
    """A posting past its ship-by with at least one other reason (a company buyer in the
    sandbox's seed)."""


def _open_postings(uow: SqlUnitOfWorkFactory, desk: LiveDesk) -> list[Posting]:
    with uow() as tx:
        numbers = tx.checks.open_posting_numbers(desk.store_id)
        return tx.checks.postings(desk.store_id, numbers)


def _fbs_due_later(postings: list[Posting], desk: LiveDesk) -> Posting:
    for posting in sorted(postings, key=lambda p: p.posting_number):
        if (
            posting.scheme is Scheme.FBS
            and posting.status is PostingStatus.AWAITING_PACKAGING
            and posting.ship_by is not None
            and posting.ship_by > desk.desk_time + timedelta(hours=3)
            and not posting.requirements
            and len(posting.items) == 1
        ):
            sku = posting.items[0].sku
            if sum(1 for p in postings for i in p.items if i.sku == sku) == 1:
                return posting
    raise AssertionError("the sandbox desk has no FBS posting of a product of its own due later")


@pytest.fixture(scope="module")
def check_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CheckDesk]:
    data_dir = tmp_path_factory.mktemp("checks-desk")
    with running_desk(data_dir) as desk:
        settings = Settings(data_dir=data_dir, database_url="", redis_url="", _env_file=None)
        container = build(settings)
        uow = container.uow
        assert isinstance(uow, SqlUnitOfWorkFactory)
        clock = Clock(desk)
        postings = _open_postings(uow, desk)
        unknown = _fbs_due_later(postings, desk)
        left_out = unknown.items[0].sku
        drafts = {
            item.sku: ProductDraft(
                store_id=desk.store_id, offer_id=item.offer_id, name=item.name, sku=item.sku
            )
            for posting in postings
            for item in posting.items
            if item.sku != left_out
        }
        with uow() as tx:
            tx.catalogue.upsert_many(list(drafts.values()), now=clock.now())
            tx.commit()
        recheck_store(desk.store_id, uow=uow, clock=clock)
        with uow() as tx:
            checks = {
                p.posting_number: tx.checks.of_posting(desk.store_id, p.posting_number)
                for p in postings
            }
        overdue = next(
            p
            for p in postings
            if (check := checks[p.posting_number]) is not None
            and ReasonCode.SHIP_BY_PASSED in {r.code for r in check.reasons}
            and len(check.reasons) > 1
        )
        try:
            yield CheckDesk(desk, uow, unknown, overdue)
        finally:
            container.close()


@pytest.fixture(scope="module")
def browser(chromium: Path, check_desk: CheckDesk) -> Iterator[Browser]:
    """Chromium started after the desk is built: the desk's own sync runs an event loop, which
    cannot run inside the one Playwright keeps while it is open."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, check_desk: CheckDesk) -> Iterator[Page]:
    context = browser.new_context(
        base_url=check_desk.desk.url, locale="en-US", timezone_id="Europe/Moscow", viewport=VIEWPORT
    )
    context.set_default_timeout(15_000)
    context.clock.install(time=check_desk.desk.desk_time + timedelta(seconds=1))
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


def _shot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _verdict(check_desk: CheckDesk, posting: Posting) -> Verdict | None:
    with check_desk.uow() as tx:
        check = tx.checks.of_posting(posting.store_id, posting.posting_number)
    return None if check is None else check.verdict


def test_unknown_product_needs_attention_in_english_and_chinese_until_it_is_added(
    page: Page, check_desk: CheckDesk
) -> None:
    posting = check_desk.unknown
    number = posting.posting_number
    _log_in(page, "manager")

    page.get_by_test_id("filter-check").select_option("attention")
    expect(page).to_have_url(re.compile(r"check=attention"))
    row = page.locator(f'[data-testid="queue-row"][data-posting-number="{number}"]')
    if not row.count():
        page.goto(f"/?check=attention&q={number}")
    expect(row.get_by_test_id("verdict")).to_have_text("Needs attention")
    expect(row.get_by_test_id("row-reasons")).to_have_text("Unknown product")
    _shot(page, "checks-queue-en")
    try:
        page.get_by_test_id("language-zh-CN").click()
        expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
        expect(row.get_by_test_id("verdict")).to_have_text("需要处理")
        expect(row.get_by_test_id("row-reasons")).to_have_text("未知商品")
        _shot(page, "checks-queue-zh")
        page.goto(f"/postings/{posting.store_id}/{number}")
        reason = page.get_by_test_id("check-reason")
        expect(reason).to_have_count(1)
        expect(reason).to_contain_text(f"SKU {posting.items[0].sku}")
        expect(reason).to_contain_text("不在店铺目录中")
        _shot(page, "checks-posting-zh")
    finally:
        page.get_by_test_id("language-en").click()

    page.goto(f"/postings/{posting.store_id}/{number}")
    section = page.get_by_test_id("order-checks")
    expect(section.get_by_test_id("verdict")).to_have_text("Needs attention")
    expect(section.get_by_test_id("check-reason")).to_contain_text(posting.items[0].offer_id)
    _shot(page, "checks-posting-en")
    section.get_by_test_id("add-product").click()

    expect(page.get_by_test_id("checks-notice")).to_be_visible()
    expect(page.get_by_test_id("order-checks").get_by_test_id("verdict")).to_have_text("Ready")
    expect(page.get_by_test_id("checks-clear")).to_be_visible()
    _shot(page, "checks-posting-fixed-en")
    assert _verdict(check_desk, posting) is Verdict.READY

    page.goto(f"/?check=ready&q={number}")
    expect(row.get_by_test_id("verdict")).to_have_text("Ready")


def test_a_manager_accepts_each_reason_with_a_note_until_the_posting_is_ready(
    page: Page, check_desk: CheckDesk
) -> None:
    posting = check_desk.overdue
    _log_in(page, "manager")
    page.goto(f"/postings/{posting.store_id}/{posting.posting_number}")
    section = page.get_by_test_id("order-checks")
    reasons = section.get_by_test_id("check-reason")
    count = reasons.count()
    assert count >= 2
    expect(section.locator('[data-code="ship_by_passed"]')).to_have_count(1)
    _shot(page, "checks-overdue-en")

    for n in range(count):
        open_reason = (
            page.get_by_test_id("check-reason")
            .filter(has=page.get_by_test_id("accept-reason"))
            .first
        )
        expect(page.get_by_test_id("order-checks").get_by_test_id("verdict")).to_have_text(
            "Needs attention"
        )
        open_reason.get_by_test_id("accept-note").fill(f"Agreed with the buyer ({n + 1})")
        open_reason.get_by_test_id("accept-reason").click()
        expect(page.get_by_test_id("reason-accepted")).to_have_count(n + 1)

    section = page.get_by_test_id("order-checks")
    expect(section.get_by_test_id("verdict")).to_have_text("Ready")
    expect(section.get_by_test_id("reason-accepted").first).to_contain_text("Accepted by olga")
    expect(section.get_by_test_id("reason-accepted").first).to_contain_text(
        "Agreed with the buyer (1)"
    )
    _shot(page, "checks-accepted-en")
    assert _verdict(check_desk, posting) is Verdict.READY


def test_a_packer_sees_the_reasons_but_cannot_accept_them(
    page: Page, check_desk: CheckDesk
) -> None:
    _log_in(page, "packer")
    page.goto("/?check=attention")
    expect(page.get_by_test_id("verdict").first).to_have_text("Needs attention")
    first = page.get_by_test_id("posting-link").first
    first.click()
    expect(page.get_by_test_id("check-reason").first).to_be_visible()
    expect(page.get_by_test_id("accept-reason")).to_have_count(0)
    expect(page.get_by_test_id("recheck")).to_be_visible()
