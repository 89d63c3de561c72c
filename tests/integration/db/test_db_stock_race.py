"""Several OS processes taking in postings at once never reserve more than is on hand."""

from __future__ import annotations

import multiprocessing

from sqlalchemy import Engine, func, select
from stock_samples import (
    FixedClock,
    add_product,
    add_stock_store,
    level,
    posting_wanting,
    store_postings,
    take_in_share,
)

from posylka.adapters.db.tables import stock_movements, stock_reservations
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.services.inventory import EntryKind, StockEntry, record_stock

WORKERS = 4


def test_processes_reserving_at_once_never_oversell(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    store_id = add_stock_store(uow_factory)
    scarce = add_product(engine, store_id, 0)
    plenty = add_product(engine, store_id, 1)
    record_stock(
        [
            StockEntry("ART-0000", 11, 10, EntryKind.RECEIPT),
            StockEntry("ART-0001", 11, 1000, EntryKind.RECEIPT),
        ],
        store_id=store_id,
        actor="anna",
        uow=uow_factory,
        clock=FixedClock(),
    )
    # 48 postings, each wanting 1 of the scarce product (10 on hand) and 2 of the other; the
    # odd ones list the products the other way round, so locks are asked for in both orders.
    postings = [posting_wanting(n, {0: 1, 1: 2} if n % 2 else {1: 2, 0: 1}) for n in range(1, 49)]
    ids = sorted(store_postings(uow_factory, postings).values())
    url = engine.url.render_as_string(hide_password=False)
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [
        context.Process(target=take_in_share, args=(url, int(store_id), ids[k::WORKERS], start))
        for k in range(WORKERS)
    ]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0] * WORKERS

    assert level(engine, scarce) == (10, 10)
    assert level(engine, plenty) == (1000, 96)
    with engine.connect() as conn:
        reserved_lines = conn.execute(
            select(func.sum(stock_reservations.c.reserved)).where(
                stock_reservations.c.product_id == scarce
            )
        ).scalar_one()
        reservations = conn.execute(
            select(func.sum(stock_movements.c.quantity)).where(
                stock_movements.c.product_id == scarce, stock_movements.c.kind == "reservation"
            )
        ).scalar_one()
    assert reserved_lines == reservations == 10
    with uow_factory() as uow:
        short = uow.inventory.short_postings(store_id)
        assert sum(p.short for p in short) == 38
        assert uow.inventory.drift(store_id) == []
        assert uow.inventory.pending_count(store_id) == 0
