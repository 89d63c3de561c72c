"""The unit of work: one transaction, kept only on commit; SQLite writers queue up front."""

from __future__ import annotations

import sqlite3

import pytest
from db_samples import T0, add_store, make_posting
from sqlalchemy import Engine

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.stores import Role


def test_leaving_without_commit_rolls_back(uow_factory: SqlUnitOfWorkFactory) -> None:
    with uow_factory() as uow:
        uow.users.add("ghost", "h", Role.ADMIN, language="en", now=T0)

    with uow_factory() as uow:
        assert uow.users.by_username("ghost") is None


def test_an_error_inside_the_block_rolls_back_what_was_not_committed(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    def add_two_then_fail() -> None:
        with uow_factory() as uow:
            uow.users.add("kept", "h", Role.ADMIN, language="en", now=T0)
            uow.commit()
            uow.users.add("lost", "h", Role.ADMIN, language="en", now=T0)
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        add_two_then_fail()

    with uow_factory() as uow:
        assert uow.users.by_username("kept") is not None
        assert uow.users.by_username("lost") is None


def test_work_goes_on_after_a_commit_in_a_new_transaction(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    add_store(uow_factory)
    with uow_factory() as uow:
        uow.postings.upsert_many([make_posting(1)], now=T0)
        uow.commit()
        uow.postings.upsert_many([make_posting(2)], now=T0)
        uow.rollback()
        uow.postings.upsert_many([make_posting(3)], now=T0)
        uow.commit()

    with uow_factory() as uow:
        assert uow.postings.count() == 2


def test_repositories_are_unusable_outside_the_block(uow_factory: SqlUnitOfWorkFactory) -> None:
    uow = uow_factory()
    with uow:
        pass

    with pytest.raises(RuntimeError):
        uow.commit()


@pytest.mark.parametrize("empty_engine", ["sqlite"], indirect=True)
def test_a_sqlite_writer_takes_the_write_lock_with_its_first_read(
    engine: Engine, uow_factory: SqlUnitOfWorkFactory
) -> None:
    database = engine.url.database
    assert database is not None
    other = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        with uow_factory.reader()() as reader:
            reader.stores.list()
            other.execute("BEGIN IMMEDIATE")  # a reader leaves the write lock free
            other.execute("ROLLBACK")
        with uow_factory() as writer:
            writer.stores.list()
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
    finally:
        other.close()
