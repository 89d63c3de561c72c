"""Posting timelines: reading a status at a moment, and lives that follow Ozon's lifecycle."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest

from posylka.domain.postings import PostingStatus, is_expected_transition
from posylka.sandbox.ozon.network import build_network
from posylka.sandbox.ozon.timeline import HOUR, StatusEvent, Timeline, plan_life


def _timeline() -> Timeline:
    return Timeline(
        [
            StatusEvent(100, "awaiting_packaging", "posting_created"),
            StatusEvent(200, "awaiting_deliver", "posting_not_in_carriage"),
            StatusEvent(300, "awaiting_deliver", "posting_in_carriage"),
            StatusEvent(400, "acceptance_in_progress", "posting_acceptance_in_progress"),
            StatusEvent(500, "delivering", "posting_on_way_to_city"),
        ]
    )


def test_nothing_is_in_force_before_the_first_event() -> None:
    assert _timeline().at(99) is None


@pytest.mark.parametrize(
    ("moment", "substatus"),
    [(100, "posting_created"), (299, "posting_not_in_carriage"), (300, "posting_in_carriage")],
)
def test_the_event_in_force_is_the_last_one_started(moment: int, substatus: str) -> None:
    event = _timeline().at(moment)
    assert event is not None
    assert event.substatus == substatus


def test_a_substatus_change_does_not_restart_the_status() -> None:
    assert _timeline().status_changed_at(350) == 200


def test_handed_over_is_the_first_event_out_of_the_sellers_hands() -> None:
    timeline = _timeline()
    assert timeline.handed_over_at(399) is None
    assert timeline.handed_over_at(10_000) == 400


def test_replacing_the_future_drops_every_later_planned_event() -> None:
    timeline = _timeline()
    timeline.replace_future(StatusEvent(250, "cancelled", "posting_canceled"))
    assert [e.status for e in timeline.events] == [
        "awaiting_packaging",
        "awaiting_deliver",
        "cancelled",
    ]
    assert timeline.at(10_000) == StatusEvent(250, "cancelled", "posting_canceled")


def test_previous_substatus_is_the_one_before_the_current_event() -> None:
    assert _timeline().previous_substatus(310) == "posting_not_in_carriage"


def test_every_planned_life_follows_ozons_lifecycle() -> None:
    network = build_network(random.Random("net:1"))
    rng = random.Random(9)
    seen: set[str] = set()
    for index in range(4000):
        method = network.methods[index % len(network.methods)]
        created = 1_790_000_000 + index * 60
        ship_by = created + rng.choice((2, 26, 50, 98)) * HOUR
        delivery = rng.choice(("PVZ", "Courier", "Postamat"))
        events, cancellation = plan_life(rng, method, created, ship_by, delivery)
        statuses = [PostingStatus(e.status) for e in events]
        assert [e.at for e in events] == sorted({e.at for e in events}), "times strictly increase"
        for old, new in pairwise(statuses):
            assert is_expected_transition(old, new), f"{old} → {new} via {method.name}"
        assert (cancellation is not None) == (statuses[-1] == PostingStatus.CANCELLED)
        seen.update(statuses)
    assert seen == {s.value for s in PostingStatus if s is not PostingStatus.UNKNOWN}
