"""Tracking numbers and status moves of rFBS postings over a real database and a scripted Ozon:
batches of 20, per-posting answers kept, refusals named, nothing lost."""

from __future__ import annotations

from tests.integration.handover.handover_world import World

from posylka.domain.ids import PostingNumber
from posylka.domain.postings import IntegrationType
from posylka.domain.rfbs_tracking import MoveProblem, TrackingPair
from posylka.domain.shipping import RfbsMove
from posylka.services import rfbs_tracking


def pair(number: str, tracking: str = "") -> TrackingPair:
    return TrackingPair(PostingNumber(number), tracking or f"RA{number[:3]}")


async def send(world: World, pairs: list[TrackingPair]) -> list[rfbs_tracking.ItemOutcome]:
    return await rfbs_tracking.set_tracking_numbers(
        pairs, actor="anna", uow=world.uow, shipping=world.shipping, clock=world.clock
    )


async def move(world: World, step: RfbsMove, *numbers: str) -> list[rfbs_tracking.ItemOutcome]:
    return await rfbs_tracking.move(
        step,
        [PostingNumber(n) for n in numbers],
        actor="anna",
        uow=world.uow,
        shipping=world.shipping,
        clock=world.clock,
    )


async def test_twenty_one_pairs_go_in_two_calls(world: World) -> None:
    numbers = [f"{100 + i}-1" for i in range(21)]
    for number in numbers:
        world.add_rfbs(number)

    await send(world, [pair(n) for n in numbers])

    assert [len(args) for call, args in world.ozon.calls if call == "tracking"] == [20, 1]


async def test_one_refused_tracking_number_leaves_the_others_set(world: World) -> None:
    for number in ("111-1", "222-1", "333-1"):
        world.add_rfbs(number)
    world.ozon.refused_tracking = {"222-1": "TRACKING_NUMBER_IS_INVALID"}

    outcomes = await send(world, [pair("111-1"), pair("222-1"), pair("333-1")])

    assert [(o.posting_number, o.ok, o.error) for o in outcomes] == [
        ("111-1", True, ""),
        ("222-1", False, "TRACKING_NUMBER_IS_INVALID"),
        ("333-1", True, ""),
    ]


async def test_an_accepted_tracking_number_shows_on_the_posting_at_once(world: World) -> None:
    world.add_rfbs("111-1")

    await send(world, [pair("111-1", "RA123")])

    lines = rfbs_tracking.board(uow=world.uow)
    assert [line.posting.tracking_number for line in lines] == ["RA123"]


async def test_an_unknown_posting_is_refused_without_a_call(world: World) -> None:
    outcomes = await send(world, [pair("999-1")])

    assert (outcomes[0].error, world.ozon.calls) == (rfbs_tracking.UNKNOWN_POSTING, [])


async def test_a_posting_ozon_delivers_is_refused_without_a_call(world: World) -> None:
    world.add_rfbs("111-1", integration_type=IntegrationType.TPL_TRACKING)

    outcomes = await send(world, [pair("111-1")])

    assert (outcomes[0].error, world.ozon.calls) == (MoveProblem.NOT_OWN_CARRIER, [])


async def test_ozon_down_marks_the_pairs_unreachable_and_logs_them(world: World) -> None:
    world.add_rfbs("111-1")
    world.ozon.down = True

    outcomes = await send(world, [pair("111-1")])

    logged = rfbs_tracking.history(uow=world.uow)
    assert (outcomes[0].error, [e.ok for e in logged]) == (rfbs_tracking.UNREACHABLE, [False])


async def test_delivering_without_a_tracking_number_is_refused_here(world: World) -> None:
    world.add_rfbs("111-1")

    outcomes = await move(world, RfbsMove.DELIVERING, "111-1")

    assert (outcomes[0].error, world.ozon.calls) == (MoveProblem.NO_TRACKING_NUMBER, [])


async def test_an_accepted_move_offers_the_next_one(world: World) -> None:
    world.add_rfbs("111-1", tracking="RA1")

    await move(world, RfbsMove.DELIVERING, "111-1")

    assert [line.next_move for line in rfbs_tracking.board(uow=world.uow)] == [RfbsMove.LAST_MILE]
