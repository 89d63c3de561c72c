"""Intake after a real sync from the sandbox: open postings reserve their goods, and a posting
cancelled in the sandbox gives them back after the next sync."""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Engine, func, insert, select
from sync_world import LATER, NOW, SyncWorld, sandbox

from posylka.adapters.db.tables import posting_items, postings, products, stock_levels
from posylka.domain.ids import StoreId
from posylka.domain.postings import PostingStatus
from posylka.domain.stock_allocation import StockAction, stock_action
from posylka.domain.stock_reservations import ReservationState
from posylka.services.intake import take_in
from posylka.services.inventory import EntryKind, StockEntry, record_stock

PLENTY = 10_000


def add_catalogue_and_stock(world: SyncWorld) -> None:
    """A catalogue product for every item the synced postings hold, and plenty of each in every
    warehouse of the store."""
    with world.engine.begin() as conn:
        items = conn.execute(
            select(posting_items.c.sku, func.min(posting_items.c.offer_id)).group_by(
                posting_items.c.sku
            )
        ).all()
        conn.execute(
            insert(products),
            [
                {"store_id": world.store_id, "offer_id": offer, "sku": sku, "updated_at": NOW}
                for sku, offer in items
            ],
        )
    with world.uow() as tx:
        warehouses = [w.warehouse_id for w in tx.inventory.warehouses(world.store_id)]
    entries = [
        StockEntry(offer, w, PLENTY, EntryKind.RECEIPT) for _, offer in items for w in warehouses
    ]
    record_stock(entries, store_id=world.store_id, actor="test", uow=world.uow, clock=world.clock)


def held_by_posting(world: SyncWorld) -> dict[str, int]:
    """Units each posting wants while it is to be assembled, from the stored postings."""
    with world.engine.connect() as conn:
        rows = conn.execute(
            select(postings.c.posting_number, postings.c.status, posting_items.c.quantity).join(
                posting_items, posting_items.c.posting_id == postings.c.id
            )
        ).all()
    wanted: Counter[str] = Counter()
    for number, status, quantity in rows:
        if stock_action(PostingStatus.parse(status)) is StockAction.HOLD:
            wanted[number] += quantity
    return dict(wanted)


def total_reserved(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.sum(stock_levels.c.reserved))).scalar_one() or 0)


def reservation_of(world: SyncWorld, number: str) -> tuple[int, set[ReservationState]]:
    with world.engine.connect() as conn:
        posting_id = conn.execute(
            select(postings.c.id).where(postings.c.posting_number == number)
        ).scalar_one()
    with world.uow() as tx:
        reservation = tx.inventory.reservation(posting_id)
    assert reservation is not None
    return reservation.reserved, {line.state for line in reservation.lines}


async def test_synced_postings_reserve_and_a_cancelled_one_releases(engine: Engine) -> None:
    world = SyncWorld(sandbox(postings=300), engine)
    await world.sync()
    add_catalogue_and_stock(world)

    summary = take_in(StoreId(world.store_id), uow=world.uow, clock=world.clock)

    wanted = held_by_posting(world)
    assert wanted, "the sandbox should have postings awaiting assembly"
    assert summary.reserved == sum(wanted.values()) == total_reserved(engine)
    assert summary.short_postings == set()
    number = sorted(wanted)[0]
    assert reservation_of(world, number) == (wanted[number], {ReservationState.HELD})

    await world.control(
        "POST",
        f"/postings/{number}/status",
        {"status": "cancelled", "substatus": "posting_canceled"},
    )
    world.clock.at = LATER
    await world.sync()
    again = take_in(StoreId(world.store_id), uow=world.uow, clock=world.clock)

    assert again.released >= wanted[number]
    assert total_reserved(engine) == sum(held_by_posting(world).values())
    assert reservation_of(world, number) == (0, {ReservationState.RELEASED})
    with world.uow() as tx:
        assert tx.inventory.drift(StoreId(world.store_id)) == []
        assert tx.inventory.pending_count(StoreId(world.store_id)) == 0
