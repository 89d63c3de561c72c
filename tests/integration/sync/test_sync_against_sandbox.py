"""The posting sync end to end: the real Ozon client against the sandbox, into a real database."""

from __future__ import annotations

import asyncio
import contextlib

from sqlalchemy import Engine
from sync_world import LATER, SyncWorld, sandbox

from posylka.domain.ids import PostingNumber
from posylka.domain.postings import PostingStatus
from posylka.services.ports import QueueQuery


async def test_full_sync_stores_every_posting_once_despite_faults(engine: Engine) -> None:
    world = SyncWorld(sandbox(), engine)
    await world.control(
        "POST",
        "/faults",
        {
            "fault_rate": 0.1,
            "kinds": ["5xx"],
            "burst_429": 5,
            "malformed_next": 1,
            "malformed_style": "json",
            "paths": ["/v4/posting/fbs/list"],
            "seed": 3,
        },
    )

    summary = await world.sync()

    visible = await world.visible_postings()
    assert (summary.postings_seen, summary.created) == (visible, visible)
    assert world.stored() == visible == world.first_sightings()
    assert summary.ok, summary.errors
    faults = (await world.control("GET", "/stats"))["injected_faults"]
    assert sum(faults.values()) > 5


async def test_a_sync_with_nothing_changed_makes_one_list_call(engine: Engine) -> None:
    world = SyncWorld(sandbox(postings=400), engine)
    await world.sync()
    await world.control("POST", "/stats/reset")
    world.clock.at = LATER

    summary = await world.sync()

    # Postings whose status changed in the ten-minute overlap are read again, and left as they are.
    assert await world.calls() == 1
    assert (summary.api_calls, summary.created, summary.updated) == (1, 0, 0)


async def test_a_status_change_shows_up_with_its_history_after_the_next_sync(
    engine: Engine,
) -> None:
    world = SyncWorld(sandbox(postings=300), engine)
    await world.sync()
    number = await _a_posting_in(world, "awaiting_packaging")
    await world.control(
        "POST",
        f"/postings/{number}/status",
        {"status": "cancelled", "substatus": "posting_canceled"},
    )
    world.clock.at = LATER

    summary = await world.sync()

    assert summary.status_changes == 1
    with world.uow() as tx:
        details = tx.postings.details(world.store_id, number)
    assert details is not None
    assert details.posting.status is PostingStatus.CANCELLED
    last = details.history[-1]
    assert (last.old_status, last.new_status) == (
        PostingStatus.AWAITING_PACKAGING,
        PostingStatus.CANCELLED,
    )
    # Ozon gives no time for a cancellation: the change is dated when the sync saw it.
    assert last.changed_at == LATER


async def test_wrong_credentials_end_the_sync_with_one_message_kept_on_the_store(
    engine: Engine,
) -> None:
    world = SyncWorld(sandbox(postings=50), engine, api_key="00000000-0000-4000-8000-000000000000")

    summary = await world.sync()

    assert "Invalid Api-Key, please check the key and try again" in summary.fatal
    assert "\n" not in summary.fatal
    with world.uow() as tx:
        (status,) = tx.sync_state.status(world.store_id)
    assert status.last_error == summary.fatal
    assert world.stored() == 0


async def _a_posting_in(world: SyncWorld, status: str) -> PostingNumber:
    with world.uow() as tx:
        page = tx.postings.queue(QueueQuery(store_id=world.store_id, status=status, limit=1))
    assert page.rows, f"no posting in {status}"
    return page.rows[0].posting_number


async def test_a_posting_ozon_sends_without_its_id_is_recorded_and_the_rest_stored(
    engine: Engine,
) -> None:
    world = SyncWorld(sandbox(postings=600), engine)
    await world.control(
        "POST",
        "/faults",
        {
            "malformed_next": 1,
            "malformed_style": "missing_field",
            "paths": ["/v4/posting/fbs/list"],
        },
    )

    # Every slice of a 59-day window holds postings, so the first page answered is a full one.
    summary = await world.sync(initial_days=59)

    assert len(summary.errors) == 1
    assert world.stored() == summary.postings_seen
    with world.uow() as tx:
        (status,) = tx.sync_state.status(world.store_id)
    assert status.last_error
    assert [e.message for e in status.recent_errors] == [summary.errors[0].message]
    world.clock.at = LATER
    again = await world.sync(initial_days=59, full=True)
    assert again.ok
    assert (again.created, world.stored()) == (1, summary.postings_seen + 1)


TOTAL = 4000


async def test_a_sync_cancelled_mid_run_resumes_without_loss_or_duplicates(engine: Engine) -> None:
    # Slow answers and more pages than a few rounds of requests hold: the cancel lands while
    # pages are still to be fetched, however fast the database writes.
    world = SyncWorld(sandbox(postings=TOTAL), engine)
    await world.control("POST", "/faults", {"latency_ms": 100})
    running = asyncio.create_task(world.sync())
    while world.stored() < 600:
        await asyncio.sleep(0.01)
    running.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await running
    kept = world.stored()
    assert kept < TOTAL

    summary = await world.sync()

    assert world.stored() == TOTAL == world.first_sightings()
    assert summary.created == TOTAL - kept
