"""Shortfalls on a real database with an in-memory Ozon: the short list, waiting for stock until a
receipt fills the posting, cancelling the missing units or the whole posting (stock released at
once), and Ozon's refusal changing nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Engine, select
from stock_samples import (
    FixedClock,
    add_product,
    add_stock_store,
    level,
    posting_wanting,
    store_postings,
)

from posylka.adapters.db.tables import audit_log
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.cancellation import CancelItem
from posylka.domain.errors import BadRequest
from posylka.domain.ids import PostingNumber, Sku, StoreId
from posylka.domain.postings import Posting, PostingStatus
from posylka.domain.shortfalls import (
    BadExpectedDate,
    CannotCancel,
    Decision,
    MessageRequired,
    NotShort,
)
from posylka.domain.stores import StoreCredentials
from posylka.services.intake import take_in
from posylka.services.inventory import EntryKind, StockEntry, record_stock
from posylka.services.shortfalls import (
    CancelShort,
    WaitForStock,
    cancel_shortfall,
    list_shortfalls,
    shortfall_of,
    wait_for_stock,
)

CLOCK = FixedClock()
NUMBER = "0208245774-0001-1"


def no_checks(*args: object, **kwargs: object) -> None:
    """Order checks are another use case's business."""


def intake(store_id: StoreId, *, uow: SqlUnitOfWorkFactory, clock: Any) -> Any:
    return take_in(store_id, uow=uow, clock=clock, check=no_checks)


@dataclass
class MemoryOzon:
    """Ozon's side of cancelling, in memory: it knows the postings and changes them."""

    postings: dict[str, Posting]
    refuse: BadRequest | None = None
    calls: list[tuple[str, str, Any, int, str]] = field(default_factory=list)
    closed: int = 0

    @property
    def api_calls(self) -> int:
        return len(self.calls)

    def __call__(self, store_id: StoreId, credentials: StoreCredentials) -> MemoryOzon:
        return self

    async def cancel_posting(
        self, posting_number: PostingNumber, reason_id: int, message: str = ""
    ) -> None:
        self.calls.append(("cancel", posting_number, None, reason_id, message))
        if self.refuse is not None:
            raise self.refuse
        posting = self.postings[posting_number]
        self.postings[posting_number] = replace(
            posting, status=PostingStatus.CANCELLED, status_raw="cancelled"
        )

    async def cancel_items(
        self,
        posting_number: PostingNumber,
        items: Sequence[CancelItem],
        reason_id: int,
        message: str,
    ) -> None:
        self.calls.append(("cancel_items", posting_number, tuple(items), reason_id, message))
        if self.refuse is not None:
            raise self.refuse
        posting = self.postings[posting_number]
        drop = {i.sku: i.quantity for i in items}
        kept = tuple(
            replace(item, quantity=item.quantity - drop.get(item.sku, 0))
            for item in posting.items
            if item.quantity > drop.get(item.sku, 0)
        )
        self.postings[posting_number] = replace(posting, items=kept)

    async def fetch_posting(self, posting_number: PostingNumber) -> Posting:
        return self.postings[posting_number]

    async def aclose(self) -> None:
        self.closed += 1


@dataclass
class World:
    engine: Engine
    uow: SqlUnitOfWorkFactory
    store_id: StoreId
    products: list[Any]
    ozon: MemoryOzon
    posting_id: int


@pytest.fixture
def world(engine: Engine, uow_factory: SqlUnitOfWorkFactory) -> World:
    """One posting wanting 3 of product 0 (1 on the shelf) and 1 of product 1 (plenty)."""
    store_id = add_stock_store(uow_factory)
    products = [add_product(engine, store_id, n) for n in (0, 1)]
    receive(uow_factory, store_id, "ART-0000", 1)
    receive(uow_factory, store_id, "ART-0001", 5)
    posting = posting_wanting(1, {0: 3, 1: 1})
    ids = store_postings(uow_factory, [posting])
    intake(store_id, uow=uow_factory, clock=CLOCK)
    ozon = MemoryOzon({NUMBER: posting})
    return World(engine, uow_factory, store_id, products, ozon, ids[NUMBER])


def receive(factory: SqlUnitOfWorkFactory, store_id: StoreId, offer: str, quantity: int) -> None:
    entry = StockEntry(offer, 11, quantity, EntryKind.RECEIPT)
    record_stock([entry], store_id=store_id, actor="anna", uow=factory, clock=CLOCK)


def _cancel(world: World, *, whole: bool, **overrides: Any) -> Any:
    cmd = CancelShort(world.store_id, NUMBER, whole=whole)
    return cancel_shortfall(
        replace(cmd, **overrides),
        actor="marina",
        uow=world.uow,
        marketplace=world.ozon,
        clock=CLOCK,
        take_in=intake,
    )


def _audit(world: World) -> list[tuple[str, str]]:
    with world.engine.connect() as conn:
        rows = conn.execute(
            select(audit_log.c.action, audit_log.c.object_id)
            .where(audit_log.c.action.like("shortfall.%"))
            .order_by(audit_log.c.id)
        ).all()
    return [(row.action, row.object_id) for row in rows]


def test_short_posting_is_listed_with_what_it_misses(world: World) -> None:
    [shortfall] = list_shortfalls(None, uow=world.uow)

    assert shortfall.posting_number == NUMBER
    assert [(m.offer_id, m.wanted, m.reserved, m.missing) for m in shortfall.missing] == [
        ("ART-0000", 3, 1, 2)
    ]
    assert shortfall.decision is None
    assert shortfall.can_cancel_items
    assert shortfall.can_cancel_posting
    assert shortfall.items_cost().goods_value == Decimal("499.90") * 2


def test_waiting_is_recorded_and_a_receipt_takes_the_posting_off_the_list(world: World) -> None:
    expected = CLOCK.now().date() + timedelta(days=3)
    wait_for_stock(
        WaitForStock(world.store_id, NUMBER, expected, note="supplier ships Monday"),
        actor="marina",
        uow=world.uow,
        clock=CLOCK,
    )
    shortfall = shortfall_of(world.store_id, NUMBER, uow=world.uow)
    assert shortfall is not None
    assert shortfall.decision is not None
    assert shortfall.decision.decision is Decision.WAIT
    assert shortfall.decision.expected_on == expected
    assert _audit(world) == [("shortfall.wait", NUMBER)]

    receive(world.uow, world.store_id, "ART-0000", 2)

    assert shortfall_of(world.store_id, NUMBER, uow=world.uow) is None
    assert list_shortfalls(world.store_id, uow=world.uow) == []
    assert level(world.engine, world.products[0]) == (3, 3)


def test_an_expected_date_in_the_past_is_refused(world: World) -> None:
    with pytest.raises(BadExpectedDate):
        wait_for_stock(
            WaitForStock(world.store_id, NUMBER, date(2020, 1, 1)),
            actor="marina",
            uow=world.uow,
            clock=CLOCK,
        )


def test_cancelling_the_missing_items_sends_exactly_them_and_ends_the_shortfall(
    world: World,
) -> None:
    outcome = _cancel(world, whole=False)

    [call] = world.ozon.calls
    assert call[0] == "cancel_items"
    assert call[2] == (CancelItem(Sku(1_000_000), 2),)
    assert call[3] == 352
    assert call[4] == "Out of stock"
    assert outcome.posting is not None
    assert sum(i.quantity for i in outcome.posting.items) == 2
    assert shortfall_of(world.store_id, NUMBER, uow=world.uow) is None
    assert level(world.engine, world.products[0]) == (1, 1)
    assert _audit(world) == [("shortfall.cancel_items", NUMBER)]
    assert world.ozon.closed == 1


def test_cancelling_the_posting_releases_its_reservations_at_once(world: World) -> None:
    assert level(world.engine, world.products[1]) == (5, 1)

    outcome = _cancel(world, whole=True)

    assert outcome.posting is not None
    assert outcome.posting.status is PostingStatus.CANCELLED
    assert outcome.decision.decision is Decision.CANCEL_POSTING
    assert level(world.engine, world.products[0]) == (1, 0)
    assert level(world.engine, world.products[1]) == (5, 0)
    with world.uow() as tx:
        details = tx.postings.details(world.store_id, NUMBER)
    assert details is not None
    assert details.posting.status is PostingStatus.CANCELLED
    assert list_shortfalls(None, uow=world.uow) == []
    assert _audit(world) == [("shortfall.cancel_posting", NUMBER)]


def test_ozons_refusal_is_raised_logged_and_changes_nothing(world: World) -> None:
    world.ozon.refuse = BadRequest("Ozon rejected the request: HAS_INCORRECT_STATUS")

    with pytest.raises(BadRequest):
        _cancel(world, whole=True)

    assert level(world.engine, world.products[1]) == (5, 1)
    shortfall = shortfall_of(world.store_id, NUMBER, uow=world.uow)
    assert shortfall is not None
    assert shortfall.decision is None
    assert _audit(world) == [("shortfall.cancel_posting.refused", NUMBER)]


def test_other_reason_without_a_message_is_refused_before_asking_ozon(world: World) -> None:
    with pytest.raises(MessageRequired):
        _cancel(world, whole=True, reason_id=402)
    assert world.ozon.calls == []


def test_items_cannot_be_cancelled_once_assembled(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    add_product(engine, store_id, 0)
    posting = posting_wanting(1, {0: 2}, status=PostingStatus.AWAITING_DELIVER)
    store_postings(uow_factory, [posting])
    intake(store_id, uow=uow_factory, clock=CLOCK)
    ozon = MemoryOzon({NUMBER: posting})

    with pytest.raises(CannotCancel):
        cancel_shortfall(
            CancelShort(store_id, NUMBER, whole=False),
            actor="marina",
            uow=uow_factory,
            marketplace=ozon,
            clock=CLOCK,
            take_in=intake,
        )
    assert ozon.calls == []


def test_a_posting_that_is_not_short_cannot_be_decided_on(world: World) -> None:
    receive(world.uow, world.store_id, "ART-0000", 10)
    with pytest.raises(NotShort):
        _cancel(world, whole=True)


def test_a_posting_already_cancelled_at_ozon_is_stored_as_ozon_shows_it(world: World) -> None:
    """The buyer cancelled meanwhile: Ozon refuses, and posylka reads the posting back."""
    world.ozon.postings[NUMBER] = replace(
        world.ozon.postings[NUMBER], status=PostingStatus.CANCELLED, status_raw="cancelled"
    )
    world.ozon.refuse = BadRequest("Ozon rejected the request: POSTING_ALREADY_CANCELLED")

    with pytest.raises(BadRequest):
        _cancel(world, whole=True)

    with world.uow() as tx:
        details = tx.postings.details(world.store_id, NUMBER)
    assert details is not None
    assert details.posting.status is PostingStatus.CANCELLED
    assert level(world.engine, world.products[1]) == (5, 0)
    assert _audit(world) == [("shortfall.cancel_posting.refused", NUMBER)]
