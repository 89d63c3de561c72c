"""The hand-over use cases over a real database and a scripted Ozon: create, refusals kept,
approve with documents, cancel, the pallet checklist and handing over."""

from __future__ import annotations

from datetime import UTC

import pytest
from tests.integration.handover.handover_world import METHOD, TODAY, World

from posylka.domain.handover import DocumentKind, Handover, HandoverState, ScanOutcome
from posylka.domain.ids import PostingNumber
from posylka.services import handover as handovers


async def create(world: World) -> Handover:
    created = await handovers.create(
        store_id=world.store_id,
        delivery_method_id=METHOD,
        departure_date=TODAY,
        actor="anna",
        user_id=None,
        uow=world.uow,
        shipping=world.shipping,
        clock=world.clock,
        tz=UTC,
    )
    return created.handover


async def approved(world: World, containers: int | None = None) -> Handover:
    created = await create(world)
    return await handovers.approve(
        created.id,
        containers_count=containers,
        uow=world.uow,
        shipping=world.shipping,
        clock=world.clock,
    )


def scan(world: World, handover: Handover, code: str) -> handovers.ParcelScan:
    return handovers.scan(handover.id, code, actor="anna", uow=world.uow, clock=world.clock)


def test_ready_postings_of_one_method_and_day_form_one_group(world: World) -> None:
    world.add_ready("111-1", "222-1")

    board = handovers.board(uow=world.uow, clock=world.clock, tz=UTC)

    assert [(g.departure_date, g.count) for g in board.groups] == [(TODAY, 2)]


async def test_creating_a_handover_creates_the_carriage_at_ozon(world: World) -> None:
    world.add_ready("111-1", "222-1")

    created = await create(world)

    assert (created.state, created.carriage_id, created.carriage_status) == (
        HandoverState.CREATED,
        900,
        "new",
    )


async def test_gathered_postings_leave_the_groups_still_to_gather(world: World) -> None:
    world.add_ready("111-1")
    await create(world)

    assert handovers.board(uow=world.uow, clock=world.clock, tz=UTC).groups == []


async def test_the_checklist_holds_the_postings_ozon_put_in_the_carriage(world: World) -> None:
    world.add_ready("111-1", "222-1")
    world.ozon.ready = [PostingNumber("111-1")]

    created = await create(world)

    lines = handovers.view(created.id, uow=world.uow).checklist.lines
    assert [line.posting_number for line in lines] == ["111-1"]


async def test_a_refused_carriage_keeps_the_draft_with_ozons_reason(world: World) -> None:
    world.add_ready("111-1")
    world.ozon.refuse_create = "no_postings"

    draft = await create(world)

    assert (draft.state, draft.error_code) == (HandoverState.DRAFT, "no_postings")


async def test_trying_a_refused_draft_again_creates_the_same_handover(world: World) -> None:
    world.add_ready("111-1")
    world.ozon.refuse_create = "no_postings"
    draft = await create(world)
    world.ozon.refuse_create = ""

    created = await create(world)

    assert (created.id, created.state) == (draft.id, HandoverState.CREATED)


async def test_a_second_create_returns_the_live_handover_without_calling_ozon(
    world: World,
) -> None:
    world.add_ready("111-1")
    first = await create(world)

    again = await create(world)

    assert (again.id, [c for c, _ in world.ozon.calls]) == (first.id, ["create"])


async def test_creating_with_nothing_ready_is_refused_before_ozon(world: World) -> None:
    with pytest.raises(handovers.NothingToHandOver):
        await create(world)


async def test_ozon_unreachable_keeps_the_draft_marked_unreachable(world: World) -> None:
    world.add_ready("111-1")
    world.ozon.down = True

    draft = await create(world)

    assert (draft.state, draft.error_code) == (HandoverState.DRAFT, handovers.UNREACHABLE)


async def test_trying_a_draft_again_while_ozon_is_down_creates_nothing(world: World) -> None:
    world.add_ready("111-1")
    world.ozon.down = True
    await create(world)

    again = await create(world)

    assert (again.error_code, [c for c, _ in world.ozon.calls]) == (
        handovers.UNREACHABLE,
        ["create", "list"],
    )


async def test_trying_a_draft_again_takes_up_the_carriage_a_lost_answer_left(
    world: World,
) -> None:
    world.add_ready("111-1")
    world.ozon.down = True
    draft = await create(world)
    world.ozon.down = False
    made = await world.ozon.create_carriage(METHOD, TODAY)

    again = await create(world)

    assert (again.id, again.state, again.carriage_id) == (draft.id, HandoverState.CREATED, made)
    assert [c for c, _ in world.ozon.calls].count("create") == 2


async def test_approving_keeps_the_act(world: World) -> None:
    world.add_ready("111-1")

    done = await approved(world)

    assert handovers.document(done.id, DocumentKind.ACT, uow=world.uow) == b"%PDF-act-900"


async def test_container_labels_are_fetched_when_containers_are_given(world: World) -> None:
    world.add_ready("111-1")

    done = await approved(world, containers=2)

    assert done.documents == (DocumentKind.ACT, DocumentKind.CONTAINER_LABELS)


async def test_no_container_labels_without_containers(world: World) -> None:
    world.add_ready("111-1")

    done = await approved(world)

    assert (done.state, ("container_labels", 900) in world.ozon.calls) == (
        HandoverState.DOCUMENTS,
        False,
    )


async def test_a_refused_approve_leaves_the_handover_created(world: World) -> None:
    world.add_ready("111-1")
    world.ozon.refuse_approve = "Incorrect_carriage_status"

    refused = await approved(world)

    assert (refused.state, refused.error_code) == (
        HandoverState.CREATED,
        "Incorrect_carriage_status",
    )


async def test_documents_that_fail_can_be_fetched_again(world: World) -> None:
    world.add_ready("111-1")
    created = await create(world)
    world.ozon.refuse_approve = ""
    await handovers.approve(created.id, uow=world.uow, shipping=world.shipping, clock=world.clock)
    world.ozon.down = True
    failed = await handovers.fetch_documents(
        created.id, uow=world.uow, shipping=world.shipping, clock=world.clock
    )
    world.ozon.down = False

    again = await handovers.fetch_documents(
        created.id, uow=world.uow, shipping=world.shipping, clock=world.clock
    )

    assert (failed.error_code, again.error_code, again.state) == (
        handovers.UNREACHABLE,
        "",
        HandoverState.DOCUMENTS,
    )


async def test_cancelling_a_created_handover_cancels_the_carriage_and_frees_postings(
    world: World,
) -> None:
    world.add_ready("111-1")
    created = await create(world)

    cancelled = await handovers.cancel(
        created.id, uow=world.uow, shipping=world.shipping, clock=world.clock
    )

    board = handovers.board(uow=world.uow, clock=world.clock, tz=UTC)
    assert (cancelled.state, ("cancel", 900) in world.ozon.calls, len(board.groups)) == (
        HandoverState.CANCELLED,
        True,
        1,
    )


async def test_scanning_counts_a_parcel_of_the_handover(world: World) -> None:
    world.add_ready("111-1", "222-1")
    created = await create(world)

    outcome = scan(world, created, "111-1")

    assert (outcome.result.outcome, outcome.checklist.counted) == (ScanOutcome.COUNTED, 1)


async def test_a_parcel_scanned_twice_is_counted_once(world: World) -> None:
    world.add_ready("111-1", "222-1")
    created = await create(world)
    scan(world, created, "111-1")

    outcome = scan(world, created, "111-1")

    assert (outcome.result.outcome, outcome.checklist.counted) == (
        ScanOutcome.ALREADY_COUNTED,
        1,
    )


async def test_a_parcel_of_another_handover_names_that_handover(world: World) -> None:
    world.add_ready("111-1")
    first = await create(world)
    world.add_ready("333-1", ship_by=world.clock.now().replace(day=22))
    second = (
        await handovers.create(
            store_id=world.store_id,
            delivery_method_id=METHOD,
            departure_date=TODAY.replace(day=22),
            actor="anna",
            user_id=None,
            uow=world.uow,
            shipping=world.shipping,
            clock=world.clock,
            tz=UTC,
        )
    ).handover

    outcome = scan(world, second, "111-1")

    assert (outcome.result.outcome, [h.id for h in outcome.elsewhere]) == (
        ScanOutcome.NOT_IN_HANDOVER,
        [first.id],
    )


async def test_every_scan_is_logged_refused_ones_too(world: World) -> None:
    world.add_ready("111-1")
    created = await create(world)
    scan(world, created, "111-1")
    scan(world, created, "999-9")

    logged = handovers.view(created.id, uow=world.uow).scans

    assert [s.outcome for s in logged] == [ScanOutcome.NOT_IN_HANDOVER, ScanOutcome.COUNTED]


async def test_handing_over_with_parcels_missing_is_refused(world: World) -> None:
    world.add_ready("111-1", "222-1")
    done = await approved(world)
    scan(world, done, "111-1")

    with pytest.raises(handovers.ChecklistIncomplete) as refused:
        handovers.hand_over(done.id, uow=world.uow, clock=world.clock)

    assert refused.value.missing == ("222-1",)


async def test_handing_over_short_on_purpose_is_allowed(world: World) -> None:
    world.add_ready("111-1", "222-1")
    done = await approved(world)

    left = handovers.hand_over(done.id, with_missing=True, uow=world.uow, clock=world.clock)

    assert left.state is HandoverState.HANDED_OVER
