"""Seeded data: deterministic, realistic, and spread around the anchor as a seller's day is."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import pytest

from posylka.domain.postings import PostingStatus
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.state import SandboxState

ANCHOR = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
NOW = int(ANCHOR.timestamp())
DAY = 86400


@pytest.fixture(scope="module")
def state() -> SandboxState:
    return SandboxState(SandboxConfig(seed=1, postings=10_000, now=ANCHOR))


def _fingerprint(state: SandboxState) -> list[tuple[object, ...]]:
    return [
        (
            p.posting_number,
            p.order_id,
            p.method.id,
            p.in_process_at,
            p.shipment_date,
            tuple((i.product.sku, i.quantity, i.price) for i in p.items),
            p.timeline.events,
            p.detail_seed,
        )
        for p in state.postings
    ]


def test_the_same_seed_seeds_the_same_postings() -> None:
    config = SandboxConfig(seed=7, postings=800, now=ANCHOR)
    assert _fingerprint(SandboxState(config)) == _fingerprint(SandboxState(config))


def test_another_seed_seeds_other_postings() -> None:
    first = SandboxState(SandboxConfig(seed=7, postings=300, now=ANCHOR))
    other = SandboxState(SandboxConfig(seed=8, postings=300, now=ANCHOR))
    assert {p.posting_number for p in first.postings}.isdisjoint(
        {p.posting_number for p in other.postings}
    )


def test_exactly_the_asked_number_of_uniquely_numbered_postings(state: SandboxState) -> None:
    numbers = [p.posting_number for p in state.postings]
    assert len(numbers) == len(set(numbers)) == 10_000


def test_postings_are_kept_in_list_order(state: SandboxState) -> None:
    assert state.keys == sorted(state.keys)


def test_every_posting_was_processed_in_the_last_sixty_days(state: SandboxState) -> None:
    ages = [NOW - p.in_process_at for p in state.postings]
    assert min(ages) >= 0
    assert max(ages) <= 60 * DAY


def test_postings_of_one_order_share_its_id_and_number(state: SandboxState) -> None:
    orders: dict[str, set[int]] = {}
    for posting in state.postings:
        orders.setdefault(posting.order_number, set()).add(posting.order_id)
        assert posting.posting_number.startswith(posting.order_number + "-")
    assert all(len(ids) == 1 for ids in orders.values())
    assert any(n.endswith("-2") for n in (p.posting_number for p in state.postings))


def test_each_posting_has_one_to_five_items_priced_in_kopecks(state: SandboxState) -> None:
    counts = Counter(len(p.items) for p in state.postings)
    assert set(counts) == {1, 2, 3, 4, 5}
    for posting in state.postings[:500]:
        for item in posting.items:
            assert item.price > 0
            assert item.price == item.price.quantize(item.price.__class__("0.01"))


def test_every_status_of_the_lifecycle_is_present_now(state: SandboxState) -> None:
    statuses = {e.status for p in state.postings if (e := p.timeline.at(NOW)) is not None}
    assert statuses == {s.value for s in PostingStatus if s is not PostingStatus.UNKNOWN}


def test_most_postings_are_done_and_a_queue_is_open(state: SandboxState) -> None:
    statuses = Counter(e.status for p in state.postings if (e := p.timeline.at(NOW)) is not None)
    assert statuses["delivered"] > 5000
    assert 500 < statuses["awaiting_packaging"] < 2000
    assert statuses["cancelled"] > 300


def test_ship_by_deadlines_are_spread_around_now(state: SandboxState) -> None:
    waiting = [
        p.shipment_date
        for p in state.postings
        if (e := p.timeline.at(NOW)) is not None and e.status == "awaiting_packaging"
    ]
    overdue = sum(1 for d in waiting if d <= NOW)
    due_soon = sum(1 for d in waiting if NOW < d <= NOW + 2 * 3600)
    later = sum(1 for d in waiting if d > NOW + 2 * 3600)
    assert overdue > 0
    assert due_soon > 0
    assert later > (overdue + due_soon) * 5


def test_statuses_move_on_as_time_passes(state: SandboxState) -> None:
    moved = sum(1 for p in state.postings if p.timeline.at(NOW) != p.timeline.at(NOW + 2 * DAY))
    assert moved > 500


def test_every_kind_of_delivery_is_used(state: SandboxState) -> None:
    used = Counter((p.method.integration, p.method.is_express) for p in state.postings)
    assert {kind for kind, _ in used} == {"ozon", "3pl_tracking", "non_integrated"}
    assert any(express for _, express in used)
    assert {p.is_rfbs for p in state.postings} == {True, False}


def test_some_buyers_are_legal_entities(state: SandboxState) -> None:
    assert 0 < sum(p.is_legal for p in state.postings) < 1000


def test_some_postings_need_marks_or_customs_numbers(state: SandboxState) -> None:
    marked = sum(any(i.product.needs_mark for i in p.items) for p in state.postings)
    declared = sum(any(i.product.needs_gtd for i in p.items) for p in state.postings)
    assert 0 < marked < 10_000
    assert 0 < declared < 10_000


def test_cancelled_postings_carry_a_known_reason(state: SandboxState) -> None:
    cancelled = [p for p in state.postings if p.timeline.events[-1].status == "cancelled"]
    assert cancelled
    assert all(p.cancellation is not None for p in cancelled)
    reasons = {p.cancellation.reason_id for p in cancelled if p.cancellation}
    assert {352, 665} <= reasons
