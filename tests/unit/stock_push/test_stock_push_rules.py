"""The rules of stock on Ozon: what a pair should show, how new values coalesce with one waiting,
when a refused value is tried again, and how Ozon's per-pair answers are read."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from posylka.domain.ids import OfferId, ProductId, WarehouseId
from posylka.domain.stock_push import (
    PairOutcome,
    PairState,
    StockItemError,
    StockUpdate,
    change_for,
    plan_push,
    stock_for_ozon,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
OFFER = OfferId("MUG-0001")


def change(state: PairState | None, stock: int, **kw: object):  # type: ignore[no-untyped-def]
    return change_for(
        state,
        product_id=ProductId(1),
        warehouse_id=WarehouseId(2),
        offer_id=kw.pop("offer_id", OFFER),  # type: ignore[arg-type]
        stock=stock,
        now=kw.pop("now", NOW),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def test_stock_for_ozon_holds_back_reserved_and_the_buffer_and_never_goes_negative() -> None:
    assert stock_for_ozon(10, 3, 2) == 5
    assert stock_for_ozon(4, 3, 2) == 0
    assert stock_for_ozon(5, 0, -4) == 5  # a negative buffer adds nothing


def test_debounce_counts_from_the_first_change_still_waiting() -> None:
    first = plan_push(5, now=NOW, pending_since=None, next_allowed_at=None)
    later = plan_push(4, now=NOW + timedelta(seconds=4), pending_since=NOW, next_allowed_at=None)
    assert first.due_at == later.due_at == NOW + timedelta(seconds=5)
    assert later.wanted == 4


def test_a_value_never_goes_before_ozon_allows_the_pair_again() -> None:
    allowed = NOW + timedelta(seconds=30)
    assert plan_push(5, now=NOW, pending_since=None, next_allowed_at=allowed).due_at == allowed


def test_a_newer_value_replaces_the_one_waiting_and_keeps_its_place() -> None:
    earlier = NOW - timedelta(seconds=3)
    state = PairState(OFFER, wanted=7, wanted_since=earlier, pushed_value=9)
    result = change(state, 6)
    assert result is not None
    assert result.plan is not None
    assert (result.plan.wanted, result.plan.wanted_since) == (6, earlier)


def test_the_same_value_again_changes_nothing() -> None:
    assert change(PairState(OFFER, wanted=7, wanted_since=NOW), 7) is None
    assert change(PairState(OFFER, pushed_value=7), 7) is None


def test_going_back_to_what_ozon_has_drops_the_waiting_value() -> None:
    result = change(PairState(OFFER, wanted=3, wanted_since=NOW, pushed_value=4), 4)
    assert result is not None
    assert result.plan is None


def test_a_refused_value_waits_for_a_different_value_or_offer() -> None:
    refused = PairState(OFFER, rejected_value=4)
    assert change(refused, 4) is None
    assert change(refused, 5) is not None
    assert change(refused, 4, offer_id=OfferId("MUG-0001-NEW")) is not None


def test_a_reconcile_forces_a_value_equal_to_the_last_push() -> None:
    assert change(PairState(OFFER, pushed_value=4), 4, force=True) is not None


def test_ozons_answers_are_read_per_pair() -> None:
    soon = StockItemError("TOO_MANY_REQUESTS", "wait")
    unknown = StockItemError("offer_id_not_found", "no such offer")
    assert StockUpdate("A", 1, True).outcome is PairOutcome.UPDATED
    assert StockUpdate("A", 1, False, (soon,)).outcome is PairOutcome.TOO_SOON
    assert StockUpdate("A", 1, False, (unknown,)).outcome is PairOutcome.REJECTED
    assert StockUpdate("A", 1, False, (soon, unknown)).outcome is PairOutcome.REJECTED
    assert StockUpdate("A", 1, False).outcome is PairOutcome.TOO_SOON
    assert StockUpdate("A", 1, False, (unknown,)).error_message == (
        "offer_id_not_found: no such offer"
    )
