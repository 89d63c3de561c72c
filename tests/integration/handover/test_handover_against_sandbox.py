"""The hand-over and rFBS tracking services against the Ozon sandbox and a real SQLite database:
a handover created, approved, its act and container labels kept as real PDFs, the pallet counted;
tracking numbers with one refused of several; status moves in Ozon's order and out of it."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from tests.integration.handover.sandbox_desk import DESK_TZ, SandboxDesk, sandbox_desk

from posylka.domain.handover import DocumentKind, HandoverGroup, HandoverState, ScanOutcome
from posylka.domain.ids import PostingNumber
from posylka.domain.rfbs_tracking import TrackingPair
from posylka.domain.shipping import RfbsMove
from posylka.services import handover as handovers
from posylka.services import rfbs_tracking


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[SandboxDesk]:
    with sandbox_desk(tmp_path) as built:
        yield built


def pages(pdf: bytes | None) -> list[str]:
    assert pdf is not None
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    return [page.get_textpage().get_text_range() for page in document]


async def assembled_group(desk: SandboxDesk, count: int = 3) -> tuple[HandoverGroup, list[str]]:
    """``count`` FBS postings assembled at Ozon, synced, and the desk's group that holds them."""
    numbers = desk.waiting("ozon")[:count]
    await desk.move_to(numbers, "awaiting_deliver")
    await desk.sync()
    board = handovers.board(uow=desk.uow, clock=desk.clock, tz=DESK_TZ)
    group = next(g for g in board.groups if numbers[0] in g.posting_numbers)
    return group, [n for n in numbers if n in group.posting_numbers]


async def create(desk: SandboxDesk, group: HandoverGroup) -> handovers.Handover:
    return (await create_at_ozon(desk, group)).handover


async def create_at_ozon(
    desk: SandboxDesk,
    group: HandoverGroup,
    checkpoint: handovers.Checkpoint = handovers.no_checkpoint,
) -> handovers.Created:
    return await handovers.create(
        store_id=desk.store_id,
        delivery_method_id=group.delivery_method_id,
        departure_date=group.departure_date,
        actor="tester",
        user_id=None,
        uow=desk.uow,
        shipping=desk.shipping,
        clock=desk.clock,
        tz=DESK_TZ,
        checkpoint=checkpoint,
    )


async def test_a_handover_is_created_at_ozon_with_the_assembled_postings(
    desk: SandboxDesk,
) -> None:
    group, mine = await assembled_group(desk)
    handover = await create(desk, group)
    view = handovers.view(handover.id, uow=desk.uow)
    assert handover.state is HandoverState.CREATED
    assert handover.carriage_id is not None
    assert handover.carriage_status == "new"
    assert set(mine) <= {line.posting_number for line in view.checklist.lines}


async def test_an_approved_handover_keeps_an_act_that_opens_and_lists_its_postings(
    desk: SandboxDesk,
) -> None:
    group, mine = await assembled_group(desk)
    created = await create(desk, group)
    approved = await handovers.approve(
        created.id, uow=desk.uow, shipping=desk.shipping, clock=desk.clock
    )
    text = "\n".join(pages(handovers.document(approved.id, DocumentKind.ACT, uow=desk.uow)))
    assert approved.state is HandoverState.DOCUMENTS
    assert approved.carriage_status == "formed"
    assert all(desk.status(n) == ("awaiting_deliver", "posting_in_carriage") for n in mine)
    assert all(number in text for number in mine)


async def test_containers_given_at_approval_bring_one_label_each(desk: SandboxDesk) -> None:
    group, _ = await assembled_group(desk)
    created = await create(desk, group)
    approved = await handovers.approve(
        created.id, containers_count=2, uow=desk.uow, shipping=desk.shipping, clock=desk.clock
    )
    labels = handovers.document(approved.id, DocumentKind.CONTAINER_LABELS, uow=desk.uow)
    assert approved.documents == (DocumentKind.ACT, DocumentKind.CONTAINER_LABELS)
    assert len(pages(labels)) == 2


async def test_a_carriage_ozon_refuses_stays_a_draft_with_no_postings(desk: SandboxDesk) -> None:
    group, mine = await assembled_group(desk)
    await desk.move_to([PostingNumber(n) for n in group.posting_numbers], "delivering")
    handover = await create(desk, group)
    assert handover.state is HandoverState.DRAFT
    assert handover.error_code == "no_postings"
    assert handovers.view(handover.id, uow=desk.uow).checklist.expected >= len(mine)


async def test_the_pallet_counts_a_parcel_once_and_refuses_a_stranger(desk: SandboxDesk) -> None:
    group, mine = await assembled_group(desk)
    created = await create(desk, group)
    outcomes = [
        handovers.scan(created.id, code, actor="t", uow=desk.uow, clock=desk.clock).result.outcome
        for code in (mine[0], mine[0], "99999999-0001-1")
    ]
    checklist = handovers.view(created.id, uow=desk.uow).checklist
    assert outcomes == [
        ScanOutcome.COUNTED,
        ScanOutcome.ALREADY_COUNTED,
        ScanOutcome.NOT_IN_HANDOVER,
    ]
    assert checklist.counted == 1


# --- a create whose answer was lost ---------------------------------------------------------------


class Died(Exception):
    """The process ending at a checkpoint, in-process."""


def dies_at(point: str) -> handovers.Checkpoint:
    def checkpoint(name: str) -> None:
        if name == point:
            raise Died(name)

    return checkpoint


async def carriages_at_ozon(desk: SandboxDesk, group: HandoverGroup) -> list[tuple[int, str]]:
    async with desk.gateway() as ozon:
        found = await ozon.list_carriages(group.delivery_method_id, group.departure_date)
    return [(c.carriage_id, c.status) for c in found]


async def create_answers(desk: SandboxDesk) -> dict[str, int]:
    stats = await desk.control("GET", "/stats")
    return dict(stats.get("result", stats)["requests"].get("/v1/carriage/create", {}))


async def test_a_create_whose_answer_was_lost_ends_holding_the_carriage_ozon_made(
    desk: SandboxDesk,
) -> None:
    group, _ = await assembled_group(desk)
    async with desk.gateway() as ozon:  # made at Ozon, its answer never recorded by the desk
        made = await ozon.create_carriage(group.delivery_method_id, group.departure_date)

    outcome = await create_at_ozon(desk, group)

    handover = outcome.handover
    assert (outcome.taken_up, handover.state, handover.carriage_id) == (
        True,
        HandoverState.CREATED,
        made,
    )
    assert handover.carriage_status == "new"
    assert await carriages_at_ozon(desk, group) == [(made, "new")]


async def test_a_taken_up_carriage_is_approved_with_its_act(desk: SandboxDesk) -> None:
    group, mine = await assembled_group(desk)
    async with desk.gateway() as ozon:
        await ozon.create_carriage(group.delivery_method_id, group.departure_date)
    taken = (await create_at_ozon(desk, group)).handover

    approved = await handovers.approve(
        taken.id, uow=desk.uow, shipping=desk.shipping, clock=desk.clock
    )

    assert (approved.state, approved.carriage_status) == (HandoverState.DOCUMENTS, "formed")
    assert set(mine) <= {
        line.posting_number for line in handovers.view(taken.id, uow=desk.uow).checklist.lines
    }


async def test_a_draft_left_after_ozon_answered_is_taken_up_without_a_second_create(
    desk: SandboxDesk,
) -> None:
    group, _ = await assembled_group(desk)
    with pytest.raises(Died):
        await create_at_ozon(desk, group, dies_at("carriage_called"))
    left = handovers.board(uow=desk.uow, clock=desk.clock, tz=DESK_TZ).handovers[0]

    outcome = await create_at_ozon(desk, group)

    assert left.answer_unknown
    assert (outcome.taken_up, outcome.handover.id) == (True, left.id)
    assert outcome.handover.carriage_id == (await carriages_at_ozon(desk, group))[0][0]
    assert await create_answers(desk) == {"200": 1}


async def test_a_draft_left_before_ozon_was_asked_is_created_once(desk: SandboxDesk) -> None:
    group, _ = await assembled_group(desk)
    with pytest.raises(Died):
        await create_at_ozon(desk, group, dies_at("carriage_sent"))

    outcome = await create_at_ozon(desk, group)

    assert (outcome.taken_up, outcome.handover.state) == (False, HandoverState.CREATED)
    assert await create_answers(desk) == {"200": 1}


# --- rFBS tracking -------------------------------------------------------------------------------


async def rfbs_ready(desk: SandboxDesk, count: int) -> list[PostingNumber]:
    """``count`` postings of the seller's own carrier awaiting delivery, synced."""
    numbers = desk.waiting("non_integrated")[:count]
    assert len(numbers) == count
    await desk.move_to(numbers, "awaiting_deliver")
    await desk.sync()
    return numbers


async def set_numbers(desk: SandboxDesk, pairs: list[TrackingPair]) -> list[bool]:
    outcomes = await rfbs_tracking.set_tracking_numbers(
        pairs, actor="t", uow=desk.uow, shipping=desk.shipping, clock=desk.clock
    )
    return [o.ok for o in outcomes]


async def moved(desk: SandboxDesk, move: RfbsMove, numbers: list[PostingNumber]) -> list[str]:
    outcomes = await rfbs_tracking.move(
        move, numbers, actor="t", uow=desk.uow, shipping=desk.shipping, clock=desk.clock
    )
    return [o.error for o in outcomes]


async def test_one_refused_tracking_number_leaves_the_others_set_at_ozon(
    desk: SandboxDesk,
) -> None:
    numbers = await rfbs_ready(desk, 4)
    await desk.move_to(numbers[2:3], "delivered")
    pairs = [TrackingPair(n, f"TRK{i}") for i, n in enumerate(numbers)]
    outcomes = await rfbs_tracking.set_tracking_numbers(
        pairs, actor="t", uow=desk.uow, shipping=desk.shipping, clock=desk.clock
    )
    assert [(o.ok, o.error) for o in outcomes] == [
        (True, ""),
        (True, ""),
        (False, "HAS_INCORRECT_STATUS"),
        (True, ""),
    ]
    shown = [desk.app.state.posting(n).seller_tracking for n in numbers]
    assert shown == ["TRK0", "TRK1", "", "TRK3"]


async def test_moves_in_ozons_order_are_all_accepted(desk: SandboxDesk) -> None:
    numbers = await rfbs_ready(desk, 2)
    assert await set_numbers(desk, [TrackingPair(n, f"T{n}") for n in numbers]) == [True, True]
    errors = [
        await moved(desk, move, numbers)
        for move in (RfbsMove.DELIVERING, RfbsMove.LAST_MILE, RfbsMove.DELIVERED)
    ]
    assert errors == [["", ""], ["", ""], ["", ""]]
    assert {desk.status(n)[0] for n in numbers} == {"delivered"}


async def test_a_move_out_of_order_is_refused_for_that_posting_only(desk: SandboxDesk) -> None:
    numbers = await rfbs_ready(desk, 2)
    await set_numbers(desk, [TrackingPair(n, f"T{n}") for n in numbers])
    await moved(desk, RfbsMove.DELIVERING, numbers[:1])
    errors = await moved(desk, RfbsMove.DELIVERED, numbers)
    assert errors == ["", "TRANSITION_IS_NOT_POSSIBLE"]
    assert desk.status(numbers[1])[0] == "awaiting_deliver"


async def test_the_board_offers_the_last_mile_once_delivering_is_synced(
    desk: SandboxDesk,
) -> None:
    numbers = await rfbs_ready(desk, 1)
    await set_numbers(desk, [TrackingPair(numbers[0], "T1")])
    await moved(desk, RfbsMove.DELIVERING, numbers)
    await desk.sync()
    line = next(b for b in rfbs_tracking.board(uow=desk.uow) if b.posting.posting_number in numbers)
    assert line.next_move is RfbsMove.LAST_MILE
