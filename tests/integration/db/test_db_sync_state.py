"""The sync's bookkeeping: checkpoints per store and kind, runs with their counts, errors."""

from __future__ import annotations

from datetime import timedelta

from db_samples import T0, add_store

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.ids import PostingNumber
from posylka.domain.sync import ItemError, SyncSummary


def test_a_checkpoint_is_saved_overwritten_and_cleared_per_store_and_kind(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    one, two = add_store(uow_factory, "Один"), add_store(uow_factory, "Два")
    state = {"since": "2026-08-28T00:00:00Z", "cursor": "abc", "pages": 3, "done": False}

    with uow_factory() as uow:
        uow.sync_state.save(one, "backfill", state, now=T0)
        uow.sync_state.save(one, "backfill", {**state, "pages": 4}, now=T0)
        uow.sync_state.save(two, "backfill", {"cursor": "zzz"}, now=T0)
        uow.commit()
    with uow_factory() as uow:
        loaded = uow.sync_state.load(one, "backfill")
        other_kind = uow.sync_state.load(one, "changes")
        uow.sync_state.clear(one, "backfill")
        cleared = uow.sync_state.load(one, "backfill")
        untouched = uow.sync_state.load(two, "backfill")

    assert loaded == {**state, "pages": 4}
    assert other_kind is None
    assert cleared is None
    assert untouched == {"cursor": "zzz"}


def test_a_run_is_closed_with_its_counts_and_its_errors_show_in_the_status(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store_id = add_store(uow_factory)
    errors = [
        ItemError("postings[3].products[0].price", "not a number", PostingNumber("1-0001-1")),
        ItemError("page 2", "bad JSON", None, kind="page"),
    ]
    summary = SyncSummary("Магазин 1", api_calls=7, postings_seen=300, created=250, updated=40)
    summary.errors.extend(errors)

    with uow_factory() as uow:
        old_run = uow.sync_state.start_run(store_id, now=T0)
        uow.sync_state.record_errors(store_id, old_run, [ItemError("x", "old")], now=T0)
        uow.sync_state.finish_run(old_run, SyncSummary("Магазин 1"), now=T0)
        run_id = uow.sync_state.start_run(store_id, now=T0 + timedelta(minutes=5))
        uow.sync_state.record_errors(store_id, run_id, errors, now=T0 + timedelta(minutes=6))
        uow.sync_state.finish_run(run_id, summary, now=T0 + timedelta(minutes=7))
        uow.commit()
    with uow_factory() as uow:
        [status] = uow.sync_state.status(store_id)
        [latest, first] = uow.sync_state.runs(store_id)

    assert set(status.recent_errors) == set(errors)
    assert (latest["outcome"], latest["api_calls"], latest["postings_created"]) == (
        "partial",
        7,
        250,
    )
    assert (latest["error_count"], latest["finished_at"]) == (2, T0 + timedelta(minutes=7))
    assert first["outcome"] == "ok"


def test_a_run_that_stopped_on_a_fatal_error_is_failed(uow_factory: SqlUnitOfWorkFactory) -> None:
    store_id = add_store(uow_factory)

    with uow_factory() as uow:
        run_id = uow.sync_state.start_run(store_id, now=T0)
        uow.sync_state.finish_run(run_id, SyncSummary("Магазин 1", fatal="Invalid Api-Key"), now=T0)
        [run] = uow.sync_state.runs(store_id)

    assert (run["outcome"], run["message"]) == ("failed", "Invalid Api-Key")


def test_status_lists_every_store_even_before_its_first_sync(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    add_store(uow_factory, "Бета")
    add_store(uow_factory, "Альфа")

    with uow_factory() as uow:
        status = uow.sync_state.status()

    assert [(s.store_name, s.last_sync_at, s.last_error, s.recent_errors) for s in status] == [
        ("Альфа", None, "", ()),
        ("Бета", None, "", ()),
    ]
