"""The ledger's promises, over random sequences of receipts, counts, postings and their fates.

Each example runs the real use cases on a fresh SQLite database (a copy of one migrated once):
- on hand and reserved of every level equal the sums of its movements;
- reserved never exceeds on hand, and equals what the held reservation lines hold;
- every unit reserved for a posting is released, picked or still held, exactly once.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, case, func, select
from stock_samples import (
    WAREHOUSE,
    FixedClock,
    add_product,
    add_stock_store,
    posting_wanting,
    store_postings,
)

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.tables import stock_levels, stock_movements, stock_reservations
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.security import ApiKeyCipher
from posylka.domain.ids import StoreId
from posylka.domain.postings import Posting, PostingStatus
from posylka.services.intake import take_in
from posylka.services.inventory import EntryKind, StockEntry, record_stock

PRODUCTS = 2
POSTINGS = 3
CLOCK = FixedClock()
STORE = StoreId(1)
"""The template's one store."""


def no_checks(*args: object, **kwargs: object) -> None:
    """Order checks are not what these tests look at."""


receive = st.tuples(st.just("receive"), st.integers(0, PRODUCTS - 1), st.integers(1, 5))
count = st.tuples(st.just("count"), st.integers(0, PRODUCTS - 1), st.integers(0, 6))
arrive = st.tuples(
    st.just("arrive"),
    st.integers(1, POSTINGS),
    st.dictionaries(st.integers(0, PRODUCTS - 1), st.integers(1, 3), min_size=1, max_size=3),
    st.booleans(),
)
fate = st.tuples(
    st.just("fate"),
    st.integers(1, POSTINGS),
    st.sampled_from(
        [
            PostingStatus.CANCELLED,
            PostingStatus.DELIVERING,
            PostingStatus.AWAITING_DELIVER,
            PostingStatus.AWAITING_PACKAGING,
        ]
    ),
    st.booleans(),
)
intake = st.tuples(st.just("intake"))
operations = st.lists(st.one_of(receive, arrive, fate, count, intake), min_size=1, max_size=30)
opening_stock = st.lists(st.integers(0, 6), min_size=PRODUCTS, max_size=PRODUCTS)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("stock") / "template.db"
    engine = create_engine_for(f"sqlite:///{path.as_posix()}")
    upgrade(engine)
    factory = SqlUnitOfWorkFactory(engine, ApiKeyCipher("test secret key"))
    store_id = add_stock_store(factory)
    for n in range(PRODUCTS):
        add_product(engine, store_id, n)
    engine.dispose()
    return path


def fresh(template: Path, directory: Path) -> Iterator[SqlUnitOfWorkFactory]:
    path = directory / "example.db"
    shutil.copyfile(template, path)
    engine = create_engine_for(f"sqlite:///{path.as_posix()}")
    try:
        yield SqlUnitOfWorkFactory(engine, ApiKeyCipher("test secret key"))
    finally:
        engine.dispose()
        path.unlink()


def run(factory: SqlUnitOfWorkFactory, opening: list[int], steps: list[tuple[object, ...]]) -> None:
    postings: dict[int, Posting] = {}
    for n, quantity in enumerate(opening):
        if quantity:
            entry = StockEntry(f"ART-{n:04d}", WAREHOUSE, quantity, EntryKind.RECEIPT)
            record_stock([entry], store_id=STORE, actor="t", uow=factory, clock=CLOCK)
    for step in steps:
        match step:
            case ("receive", int(n), int(q)):
                entry = StockEntry(f"ART-{n:04d}", WAREHOUSE, q, EntryKind.RECEIPT)
                record_stock([entry], store_id=STORE, actor="t", uow=factory, clock=CLOCK)
            case ("count", int(n), int(q)):
                entry = StockEntry(f"ART-{n:04d}", WAREHOUSE, q, EntryKind.COUNT)
                record_stock([entry], store_id=STORE, actor="t", uow=factory, clock=CLOCK)
            case ("arrive", int(n), dict(wants), bool(then_take_in)):
                if n not in postings:
                    postings[n] = posting_wanting(n, wants)
                    store_postings(factory, [postings[n]])
                    if then_take_in:
                        take_in(STORE, uow=factory, clock=CLOCK, check=no_checks)
            case ("fate", int(n), PostingStatus() as status, bool(then_take_in)):
                if n in postings:
                    postings[n] = replace(postings[n], status=status)
                    store_postings(factory, [postings[n]])
                    if then_take_in:
                        take_in(STORE, uow=factory, clock=CLOCK, check=no_checks)
            case ("intake",):
                take_in(STORE, uow=factory, clock=CLOCK, check=no_checks)
    take_in(STORE, uow=factory, clock=CLOCK, check=no_checks)


def assert_ledger_holds(engine: Engine, factory: SqlUnitOfWorkFactory) -> None:
    with factory() as uow:
        assert uow.inventory.drift(None) == []
    with engine.connect() as conn:
        levels = conn.execute(select(stock_levels)).mappings().all()
        for row in levels:
            assert 0 <= row["reserved"] <= row["on_hand"]
            held = conn.execute(
                select(func.coalesce(func.sum(stock_reservations.c.reserved), 0)).where(
                    stock_reservations.c.product_id == row["product_id"],
                    stock_reservations.c.warehouse_id == row["warehouse_id"],
                    stock_reservations.c.state == "held",
                )
            ).scalar_one()
            assert held == row["reserved"]
        q = stock_movements.c.quantity
        per_posting = conn.execute(
            select(
                stock_movements.c.posting_id,
                stock_movements.c.product_id,
                func.sum(case((stock_movements.c.kind == "reservation", q), else_=0)),
                -func.sum(case((stock_movements.c.kind.in_(["release", "pick"]), q), else_=0)),
            )
            .where(stock_movements.c.posting_id.is_not(None))
            .group_by(stock_movements.c.posting_id, stock_movements.c.product_id)
        ).all()
        for posting_id, product_id, reserved, settled in per_posting:
            still_held = conn.execute(
                select(func.coalesce(func.sum(stock_reservations.c.reserved), 0)).where(
                    stock_reservations.c.posting_id == posting_id,
                    stock_reservations.c.product_id == product_id,
                    stock_reservations.c.state == "held",
                )
            ).scalar_one()
            assert reserved == settled + still_held, (posting_id, product_id)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(opening=opening_stock, steps=operations)
def test_ledger_promises_hold_whatever_happens(
    template: Path, tmp_path: Path, opening: list[int], steps: list[tuple[object, ...]]
) -> None:
    for factory in fresh(template, tmp_path):
        run(factory, opening, steps)
        assert_ledger_holds(factory.engine, factory)
