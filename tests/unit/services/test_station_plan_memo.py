"""The packing station's short memory of box recommendations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from posylka.domain.box_choice import BoxPlan
from posylka.domain.ids import StoreId
from posylka.services.station_boxes import PlanMemo

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
STORE = StoreId(1)


def plan(cost: str) -> BoxPlan:
    return BoxPlan(boxes=(), cost=Decimal(cost), solver="heuristic")


def test_a_recommendation_is_remembered_for_its_posting() -> None:
    memo = PlanMemo()
    memo.put(STORE, "1-1-1", plan("10"), now=NOW)

    assert memo.get(STORE, "1-1-1", now=NOW + timedelta(seconds=30)) == plan("10")
    assert memo.get(STORE, "1-1-2", now=NOW) is None
    assert memo.get(StoreId(2), "1-1-1", now=NOW) is None


def test_a_recommendation_is_forgotten_after_its_time() -> None:
    memo = PlanMemo(ttl=timedelta(minutes=2))
    memo.put(STORE, "1-1-1", plan("10"), now=NOW)

    assert memo.get(STORE, "1-1-1", now=NOW + timedelta(minutes=3)) is None


def test_the_oldest_recommendation_makes_room_for_a_new_one() -> None:
    memo = PlanMemo(size=2)
    memo.put(STORE, "a", plan("1"), now=NOW)
    memo.put(STORE, "b", plan("2"), now=NOW)
    memo.put(STORE, "c", plan("3"), now=NOW)

    assert memo.get(STORE, "a", now=NOW) is None
    assert memo.get(STORE, "b", now=NOW) == plan("2")
    assert memo.get(STORE, "c", now=NOW) == plan("3")
