"""Two syncs writing overlapping pages at the same moment leave one copy of everything."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta

from db_samples import T0, add_store, make_item, make_posting
from sqlalchemy import Engine, Table, func, select

from posylka.adapters.db.postings import SqlPostingRepository
from posylka.adapters.db.tables import posting_items, posting_status_history, postings
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.postings import Posting, PostingStatus
from posylka.domain.views import UpsertResult


def run_together(*writers: Callable[[], UpsertResult]) -> list[UpsertResult]:
    """Start the writers at the same instant on their own threads; re-raise any failure."""
    start = threading.Barrier(len(writers))
    results: list[UpsertResult | None] = [None] * len(writers)
    failures: list[BaseException] = []

    def run(n: int, write: Callable[[], UpsertResult]) -> None:
        try:
            start.wait()
            results[n] = write()
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(n, w)) for n, w in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    if failures:
        raise failures[0]
    return [r for r in results if r is not None]


def writer(factory: SqlUnitOfWorkFactory, page: list[Posting]) -> Callable[[], UpsertResult]:
    def write() -> UpsertResult:
        with factory() as uow:
            # Small batches so the two writers interleave statement by statement.
            result = SqlPostingRepository(uow.connection, batch_size=8).upsert_many(
                page, now=T0 + timedelta(hours=1)
            )
            uow.commit()
        return result

    return write


def per_posting_counts(engine: Engine, table: Table) -> set[int]:
    """How many rows each posting has in ``table`` (one value when all postings agree)."""
    query = select(func.count()).select_from(table).group_by(table.c.posting_id)
    with engine.connect() as conn:
        return set(conn.execute(query).scalars())


def test_overlapping_pages_written_at_once_create_each_posting_once(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    everything = [make_posting(n) for n in range(1, 121)]

    results = run_together(
        writer(uow_factory, everything[:80]), writer(uow_factory, everything[40:])
    )

    assert sum(r.created for r in results) == 120
    assert sum(r.created + r.unchanged for r in results) == 160
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(postings)).scalar_one() == 120
    assert per_posting_counts(engine, posting_items) == {2}
    assert per_posting_counts(engine, posting_status_history) == {1}


def test_the_same_status_change_from_two_writers_is_recorded_once(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    add_store(uow_factory)
    everything = [make_posting(n) for n in range(1, 121)]
    writer(uow_factory, everything)()
    moved = [
        replace(
            p,
            status=PostingStatus.AWAITING_DELIVER,
            status_changed_at=T0 + timedelta(minutes=30),
            items=(make_item(9),),
        )
        for p in everything
    ]

    results = run_together(writer(uow_factory, moved[:80]), writer(uow_factory, moved[40:]))

    assert sum(len(r.status_changes) for r in results) == 120
    assert sum(r.updated for r in results) == 120
    assert per_posting_counts(engine, posting_status_history) == {2}
    assert per_posting_counts(engine, posting_items) == {1}
