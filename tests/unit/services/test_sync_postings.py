"""The posting sync use case against an in-memory Ozon and database."""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sync_fakes import (
    NOW,
    STORE,
    FakeDatabase,
    FakeOzon,
    SimulatedCrash,
    posting_at,
    spread,
)

from posylka.domain.errors import BadRequest, MalformedReply
from posylka.domain.postings import PostingStatus
from posylka.domain.stores import StoreCredentials
from posylka.domain.sync import ItemError, PostingPage, PostingQuery, SyncSummary
from posylka.services.sync_postings import SyncOptions, sync_store
from posylka.services.sync_writer import WriterFailed


class Clock:
    def __init__(self, at: datetime = NOW) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def sync(db: FakeDatabase, ozon: FakeOzon, clock: Clock, **options: Any) -> SyncSummary:
    def marketplace(store_id: Any, credentials: StoreCredentials) -> FakeOzon:
        return ozon

    return asyncio.run(
        sync_store(
            STORE, uow=db, marketplace=marketplace, clock=clock, options=SyncOptions(**options)
        )
    )


def stored_numbers(db: FakeDatabase) -> set[str]:
    return {number for _, number in db.tables.postings}


def last_sixty_days(count: int) -> FakeOzon:
    return FakeOzon(spread(count, start=NOW - timedelta(days=60), end=NOW))


@pytest.fixture
def db() -> FakeDatabase:
    database = FakeDatabase()
    database.add_store()
    return database


def test_first_sync_stores_every_posting_of_the_last_90_days_once(db: FakeDatabase) -> None:
    ozon = last_sixty_days(1234)
    too_old = posting_at(NOW - timedelta(days=91), "9999999-0001-1")
    ozon.add(too_old)

    summary = sync(db, ozon, Clock())

    assert stored_numbers(db) == {p.posting_number for p in ozon.postings} - {"9999999-0001-1"}
    assert set(db.tables.inserted.values()) == {1}
    assert (summary.postings_seen, summary.created, summary.first_sync) == (1234, 1234, True)
    assert summary.ok
    checkpoint = db.checkpoint()
    assert checkpoint["first_sync_done"] is True
    assert checkpoint["plan"] is None
    assert datetime.fromisoformat(checkpoint["high_water"]) == NOW.replace(microsecond=0)


def test_first_sync_asks_for_every_status_over_the_initial_window(db: FakeDatabase) -> None:
    ozon = last_sixty_days(10)

    sync(db, ozon, Clock(), initial_days=30, concurrency=4)

    queries = [q for q, _ in ozon.list_calls()]
    assert min(q.since for q in queries) == NOW.replace(microsecond=0) - timedelta(days=30)
    assert max(q.to for q in queries) == NOW.replace(microsecond=0)
    assert all(q.changed_from is None and q.changed_to is None for q in queries)


def test_empty_slices_and_slices_under_a_page_end_after_their_first_page(
    db: FakeDatabase,
) -> None:
    oldest_slice = NOW - timedelta(days=80)
    ozon = FakeOzon(spread(50, start=oldest_slice, end=oldest_slice + timedelta(days=3)))

    sync(db, ozon, Clock(), concurrency=8)

    # Four slices, each asked once from its start; the two newest were also asked from their
    # end at once, to fill the slots while the first pages were on their way.
    calls = ozon.list_calls()
    assert [c for _, c in calls] == [""] * 6
    assert sorted(q.descending for q, _ in calls) == [False] * 4 + [True] * 2
    assert len(stored_numbers(db)) == 50


def test_each_chain_wastes_less_than_a_page_and_the_slots_stay_full(db: FakeDatabase) -> None:
    ozon = last_sixty_days(3000)

    summary = sync(db, ozon, Clock(), concurrency=12)

    assert summary.postings_seen == 3000
    assert len(ozon.list_calls()) < 30 + 12
    assert 10 <= ozon.most_in_flight <= 12


def clumps(draw: st.DrawFn) -> list[int]:
    """Seconds before now: several clumps of varied density, some empty stretches."""
    seconds: list[int] = []
    for _ in range(draw(st.integers(0, 4))):
        centre = draw(st.integers(0, 90 * 86400))
        width = draw(st.sampled_from([0, 5, 600, 86400, 20 * 86400]))
        size = draw(st.integers(0, 320))
        seconds += [
            min(max(centre + draw(st.integers(-width, width)), 0), 90 * 86400) for _ in range(size)
        ]
    return seconds


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seconds=st.composite(clumps)(),
    concurrency=st.sampled_from([1, 2, 5, 12]),
)
def test_meeting_chains_return_each_posting_exactly_once_whatever_the_distribution(
    seconds: list[int], concurrency: int
) -> None:
    db = FakeDatabase()
    db.add_store()
    postings = [
        posting_at(NOW - timedelta(seconds=s), f"{i:08d}-0001-1") for i, s in enumerate(seconds)
    ]
    ozon = FakeOzon(postings)

    summary = sync(db, ozon, Clock(), concurrency=concurrency)

    assert stored_numbers(db) == {p.posting_number for p in postings}
    assert set(db.tables.inserted.values()) <= {1}
    assert summary.postings_seen == len(postings)
    assert db.checkpoint()["first_sync_done"] is True
    # The call bound holds while no single second holds more than half a page of postings:
    # chains meet at a second, so a pile-up near a page inside one second is read by both
    # partners of a pair and costs a few calls more (every posting is still stored once, as
    # asserted above).
    if max(Counter(seconds).values(), default=0) <= 50:
        slices = max(1, concurrency // 2)
        assert len(ozon.list_calls()) <= math.ceil(len(postings) / 100) + 3 * slices + 12


def test_resume_after_a_crash_mid_run_loses_nothing_and_repeats_nothing(
    db: FakeDatabase,
) -> None:
    ozon = last_sixty_days(3000)
    ozon.latency = 0.002
    db.crash_on_commit = 4

    with pytest.raises(WriterFailed):
        sync(db, ozon, Clock())
    kept = len(stored_numbers(db))
    assert 0 < kept < 3000
    assert db.checkpoint()["plan"] is not None
    calls_before = len(ozon.list_calls())

    db.crash_on_commit = None
    summary = sync(db, ozon, Clock(NOW + timedelta(minutes=2)))

    assert stored_numbers(db) == {p.posting_number for p in ozon.postings}
    assert set(db.tables.inserted.values()) == {1}
    assert summary.created == 3000 - kept
    assert len(ozon.list_calls()) - calls_before < 30 + 12
    assert db.checkpoint()["first_sync_done"] is True


def test_resume_after_the_process_dies_while_pages_are_in_flight(db: FakeDatabase) -> None:
    ozon = last_sixty_days(2000)

    def die(query: PostingQuery, cursor: str, call: int, page: PostingPage) -> Exception | None:
        return SimulatedCrash("killed") if call == 15 else None

    ozon.fault = die
    with pytest.raises(SimulatedCrash):
        sync(db, ozon, Clock())
    ozon.fault = None
    sync(db, ozon, Clock())

    assert stored_numbers(db) == {p.posting_number for p in ozon.postings}
    assert set(db.tables.inserted.values()) == {1}


def test_incremental_sync_asks_for_changes_since_the_high_water_mark(db: FakeDatabase) -> None:
    ozon = last_sixty_days(500)
    sync(db, ozon, Clock())
    later = NOW + timedelta(minutes=30)
    number = ozon.postings[42].posting_number
    ozon.change_status(number, PostingStatus.AWAITING_DELIVER, NOW + timedelta(minutes=20))
    calls_before = ozon.api_calls

    summary = sync(db, ozon, Clock(later))

    assert ozon.api_calls - calls_before == 1
    query, _ = ozon.list_calls()[-1]
    assert query.changed_from == NOW.replace(microsecond=0) - timedelta(minutes=10)
    assert query.changed_to == later.replace(microsecond=0)
    assert query.since == later.replace(microsecond=0) - timedelta(days=365)
    assert (summary.first_sync, summary.updated, summary.status_changes) == (False, 1, 1)
    assert db.tables.postings[(STORE, number)].status is PostingStatus.AWAITING_DELIVER
    change = db.tables.history[-1]
    assert (change.posting_number, change.old_status, change.new_status, change.changed_at) == (
        number,
        PostingStatus.AWAITING_PACKAGING,
        PostingStatus.AWAITING_DELIVER,
        NOW + timedelta(minutes=20),
    )
    assert datetime.fromisoformat(db.checkpoint()["high_water"]) == later.replace(microsecond=0)


def test_a_sync_with_nothing_changed_makes_one_call(db: FakeDatabase) -> None:
    ozon = last_sixty_days(700)
    sync(db, ozon, Clock())
    calls_before = ozon.api_calls

    summary = sync(db, ozon, Clock(NOW + timedelta(minutes=5)))

    assert ozon.api_calls - calls_before == 1
    assert (summary.postings_seen, summary.created, summary.updated) == (0, 0, 0)


def test_new_postings_arrive_with_the_next_incremental_sync(db: FakeDatabase) -> None:
    ozon = last_sixty_days(300)
    sync(db, ozon, Clock())
    ozon.add(posting_at(NOW + timedelta(minutes=3), "5555555-0001-1"))

    summary = sync(db, ozon, Clock(NOW + timedelta(minutes=5)))

    assert summary.created == 1
    assert (STORE, "5555555-0001-1") in db.tables.postings


def test_full_sync_reads_the_whole_window_again(db: FakeDatabase) -> None:
    ozon = last_sixty_days(300)
    sync(db, ozon, Clock())

    summary = sync(db, ozon, Clock(NOW + timedelta(minutes=5)), full=True)

    assert (summary.first_sync, summary.postings_seen, summary.unchanged) == (True, 300, 300)


def test_reference_lists_are_refreshed_at_most_once_an_hour(db: FakeDatabase) -> None:
    ozon = last_sixty_days(10)

    def reference_calls() -> int:
        return sum(1 for name, _, _ in ozon.calls if name != "list")

    sync(db, ozon, Clock())
    assert reference_calls() == 2
    assert [w.name for w in db.tables.warehouses[STORE]] == ["Склад Москва"]
    assert len(db.tables.methods[STORE]) == 1
    sync(db, ozon, Clock(NOW + timedelta(minutes=30)))
    assert reference_calls() == 2
    sync(db, ozon, Clock(NOW + timedelta(minutes=61)))
    assert reference_calls() == 4


def test_a_reference_list_that_fails_is_kept_recorded_and_tried_again(db: FakeDatabase) -> None:
    ozon = last_sixty_days(10)
    sync(db, ozon, Clock())
    ozon.fail_delivery_methods = True

    summary = sync(db, ozon, Clock(NOW + timedelta(hours=2)))

    assert len(db.tables.methods[STORE]) == 1
    assert [e.kind for e in summary.errors] == ["reference"]
    assert [e.where for _, _, e in db.tables.errors] == ["delivery methods"]
    assert "delivery methods" in db.tables.last_sync[STORE][1]
    ozon.fail_delivery_methods = False
    calls_before = ozon.api_calls
    sync(db, ozon, Clock(NOW + timedelta(hours=2, minutes=5)))
    assert ozon.api_calls - calls_before == 3


def test_unreadable_postings_are_recorded_and_the_rest_are_stored(db: FakeDatabase) -> None:
    ozon = last_sixty_days(400)
    bad = [ozon.postings[7].posting_number, ozon.postings[250].posting_number]
    for number in bad:
        ozon.page_errors[number] = ItemError(
            where="first page", message="status: field required", posting_number=number
        )

    summary = sync(db, ozon, Clock())

    assert stored_numbers(db) == {p.posting_number for p in ozon.postings} - set(bad)
    assert sorted(e.posting_number or "" for _, _, e in db.tables.errors) == sorted(bad)
    assert all(run_id == 1 for _, run_id, _ in db.tables.errors)
    assert len(summary.errors) == 2
    error_line = db.tables.last_sync[STORE][1]
    assert any(number in error_line for number in bad)
    assert "(and 1 more)" in error_line
    assert db.checkpoint()["first_sync_done"] is True


def test_a_page_that_keeps_failing_is_recorded_and_the_gap_is_read_next_time(
    db: FakeDatabase,
) -> None:
    ozon = last_sixty_days(3000)
    poison = ozon.postings[1500].posting_number

    def malformed(query: PostingQuery, cursor: str, call: int, page: PostingPage) -> Any:
        if any(p.posting_number == poison for p in page.postings):
            return MalformedReply("the reply is not JSON", path="/v4/posting/fbs/list")
        return None

    ozon.fault = malformed
    summary = sync(db, ozon, Clock())

    assert poison not in stored_numbers(db)
    assert 2500 < len(stored_numbers(db)) < 3000
    page_errors = [e for _, _, e in db.tables.errors if e.kind == "page"]
    assert page_errors
    assert all("not JSON" in e.message and "page" in e.where for e in page_errors)
    assert summary.errors
    assert not summary.fatal
    assert db.checkpoint()["first_sync_done"] is False
    assert db.checkpoint()["high_water"] is None

    ozon.fault = None
    sync(db, ozon, Clock(NOW + timedelta(minutes=5)))

    assert stored_numbers(db) == {p.posting_number for p in ozon.postings}
    assert set(db.tables.inserted.values()) == {1}
    assert db.checkpoint()["first_sync_done"] is True


def test_a_stale_cursor_restarts_the_chain_from_its_frontier(db: FakeDatabase) -> None:
    ozon = last_sixty_days(1500)
    refused: list[str] = []

    def stale(query: PostingQuery, cursor: str, call: int, page: PostingPage) -> Any:
        if cursor and not refused:
            refused.append(cursor)
            return BadRequest("cursor is invalid", status=400, path="/v4/posting/fbs/list")
        return None

    ozon.fault = stale
    summary = sync(db, ozon, Clock())

    assert summary.ok
    assert stored_numbers(db) == {p.posting_number for p in ozon.postings}
    frontier = datetime.fromisoformat(refused[0].partition("|")[0])
    fresh = [q for q, c in ozon.list_calls() if not c]
    assert any(q.since == frontier or q.to == frontier for q in fresh)


def test_refused_credentials_stop_the_run_with_one_message(db: FakeDatabase) -> None:
    ozon = last_sixty_days(10)
    ozon.refuse_credentials = True

    summary = sync(db, ozon, Clock())

    assert summary.fatal.startswith("Ozon rejected the Client-Id/Api-Key for store #1")
    assert db.tables.last_sync[STORE][1] == summary.fatal
    assert [e.kind for _, _, e in db.tables.errors] == ["fatal"]
    assert db.tables.runs[1]["summary"] is summary
    assert (STORE, "postings") not in db.tables.checkpoints
    assert ozon.closed == 1


def test_a_clean_run_clears_the_stores_last_error(db: FakeDatabase) -> None:
    ozon = last_sixty_days(10)
    ozon.refuse_credentials = True
    sync(db, ozon, Clock())
    ozon.refuse_credentials = False

    summary = sync(db, ozon, Clock(NOW + timedelta(minutes=1)))

    assert summary.ok
    assert db.tables.last_sync[STORE] == (NOW + timedelta(minutes=1), "")
