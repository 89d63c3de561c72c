"""The assembly's steps against a real database and a scripted Ozon: recorded before the call,
never sent twice, every answer of Ozon turned into a state and a sentence for the packer."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import insert, select
from tests.integration.assembly.assembly_world import NOW, NUMBER, SKU, World, box
from tests.unit.services.posting_builder import make_item, make_posting

from posylka.adapters.db.tables import postings, products, stock_levels, stock_reservations
from posylka.domain.assembly import AssemblyState, InvalidPackages, Trouble
from posylka.domain.errors import RateLimited, TransportFailure
from posylka.domain.ids import WarehouseId
from posylka.domain.postings import PostingStatus
from posylka.domain.shipping import ShipRefusal, ShipRefused
from posylka.domain.stock_entries import EntryKind, StockEntry
from posylka.domain.stores import Warehouse
from posylka.services.assembly import CannotRetry, retry_assembly
from posylka.services.intake import take_in
from posylka.services.inventory import record_stock


def refused(refusal: ShipRefusal) -> ShipRefused:
    return ShipRefused(refusal, f"{refusal.value}: Ozon says no")


def test_the_assembly_is_recorded_before_its_job_is_queued(world: World) -> None:
    world.add_posting()
    world.start()
    assert world.queue.recorded_when_queued == [True]


def test_a_second_start_returns_the_first_assembly_and_queues_nothing(world: World) -> None:
    world.add_posting()
    first = world.start()
    second = world.start()
    assert (second.id, len(world.queue.queued)) == (first.id, 1)


def test_two_starts_at_once_make_one_assembly(world: World) -> None:
    world.add_posting()
    ids: list[int] = []
    barrier = threading.Barrier(2)

    def press() -> None:
        barrier.wait()
        ids.append(world.start().id)

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(set(ids)) == 1


def test_boxes_that_do_not_match_the_posting_are_refused_before_recording(world: World) -> None:
    world.add_posting(quantity=2)
    with pytest.raises(InvalidPackages, match="the posting has 2, the boxes hold 1"):
        world.start(NUMBER, box((SKU, 1)))
    assert world.assembly() is None


async def test_an_accepted_assembly_ends_assembled_after_one_ship_call(world: World) -> None:
    world.add_posting()
    world.start()
    done = await world.run()
    assert (done.state, len(world.ozon.ship_calls)) == (AssemblyState.ASSEMBLED, 1)


async def test_the_packages_go_to_ozon_as_recorded(world: World) -> None:
    world.add_posting()
    world.start(NUMBER, box((SKU, 1)), box((SKU, 1)))
    await world.run()
    assert world.ozon.ship_calls == [(NUMBER, (box((SKU, 1)), box((SKU, 1))))]


async def test_an_assembled_posting_is_kept_awaiting_deliver_here_too(world: World) -> None:
    world.add_posting()
    world.start()
    await world.run()
    assert world.local_status() == "awaiting_deliver"


async def test_the_label_is_printed_once_assembled(world: World) -> None:
    world.add_posting()
    world.start()
    done = await world.run()
    assert done.label_print_job is not None
    assert world.labels.calls == [(NUMBER,)]


async def test_the_label_is_asked_for_again_while_ozon_prepares_it(world: World) -> None:
    world.add_posting()
    world.labels.not_ready_times = 2
    world.start()
    done = await world.run()
    assert (len(world.labels.calls), done.label_print_job is not None) == (3, True)


async def test_a_label_never_ready_is_given_up_with_its_reason(world: World) -> None:
    world.add_posting()
    world.labels.not_ready_times = 100
    world.start()
    done = await world.run()
    assert (done.state, done.label_error) == (
        AssemblyState.ASSEMBLED,
        "Ozon has not prepared the label",
    )


async def test_ozon_unreachable_for_the_label_is_tried_again_then_given_up(
    world: World,
) -> None:
    world.add_posting()
    world.labels.unreachable = True
    world.start()
    done = await world.run()
    assert len(world.labels.calls) == 8
    assert done.label_error == "Ozon could not be reached: Ozon did not answer in 10 s"


async def test_a_printer_offline_leaves_the_assembly_assembled_with_the_reason(
    world: World,
) -> None:
    world.add_posting()
    world.labels.error = "the printer at 10.0.0.9:9100 does not answer"
    world.start()
    done = await world.run()
    assert (done.state, done.label_error) == (
        AssemblyState.ASSEMBLED,
        "the printer at 10.0.0.9:9100 does not answer",
    )


async def test_already_shipped_means_assembled(world: World) -> None:
    world.add_posting()
    world.ozon.ship_script = [refused(ShipRefusal.ALREADY_SHIPPED)]
    world.ozon.show(status=PostingStatus.AWAITING_DELIVER, status_raw="awaiting_deliver")
    world.start()
    done = await world.run()
    assert done.state is AssemblyState.ASSEMBLED


async def test_a_posting_cancelled_on_ozon_fails_with_put_the_items_back(world: World) -> None:
    world.add_posting()
    world.ozon.ship_script = [refused(ShipRefusal.ALREADY_CANCELLED)]
    world.start()
    done = await world.run()
    assert done.note is not None
    assert (done.state, done.refusal, done.note.trouble) == (
        AssemblyState.FAILED,
        ShipRefusal.ALREADY_CANCELLED,
        Trouble.CANCELLED,
    )


async def test_missing_marking_codes_fail_with_the_way_to_fill_them(world: World) -> None:
    world.add_posting()
    world.ozon.ship_script = [refused(ShipRefusal.EXEMPLAR_INFO_MISSING)]
    world.start()
    done = await world.run()
    assert (done.trouble, done.message) == (
        Trouble.MARKS_MISSING,
        "EXEMPLAR_INFO_NOT_FILLED_COMPLETELY: Ozon says no",
    )


async def test_incorrect_status_fails_with_its_trouble(world: World) -> None:
    world.add_posting()
    world.ozon.ship_script = [refused(ShipRefusal.INCORRECT_STATUS)]
    world.start()
    assert (await world.run()).trouble is Trouble.WRONG_STATUS


async def test_a_failed_assembly_is_sent_again_on_retry(world: World) -> None:
    world.add_posting()
    world.ozon.ship_script = [refused(ShipRefusal.EXEMPLAR_INFO_MISSING)]
    world.start()
    await world.run()
    retry_assembly(
        uow_factory=world.uow,
        jobs=world.queue,
        store_id=world.store_id,
        posting_number=NUMBER,
        user_id=None,
        clock=world.clock,
    )
    done = await world.run()
    assert (done.state, done.attempts, len(world.ozon.ship_calls)) == (
        AssemblyState.ASSEMBLED,
        2,
        2,
    )


async def test_a_live_assembly_cannot_be_retried(world: World) -> None:
    world.add_posting()
    world.start()
    with pytest.raises(CannotRetry, match="on its way"):
        retry_assembly(
            uow_factory=world.uow,
            jobs=world.queue,
            store_id=world.store_id,
            posting_number=NUMBER,
            user_id=None,
            clock=world.clock,
        )


async def test_ship_failed_after_acceptance_fails_and_a_retry_assembles(world: World) -> None:
    world.add_posting()
    world.ozon.fail_async = 1
    world.start()
    failed = await world.run()
    assert failed.trouble is Trouble.SHIP_FAILED
    world.start()  # the packer presses the button again
    done = await world.run()
    assert (done.state, len(world.ozon.ship_calls)) == (AssemblyState.ASSEMBLED, 2)


async def test_a_timed_out_call_is_not_sent_again_before_the_grace(world: World) -> None:
    world.add_posting()
    world.ozon.ship_script = [TransportFailure("timed out")]
    world.start()
    first = await world.step()
    second = await world.step()
    assert (first.assembly and first.assembly.state, len(world.ozon.ship_calls)) == (
        AssemblyState.SENT,
        1,
    )
    assert world.ozon.get_calls == 0
    assert second.delay is not None


async def test_a_timed_out_call_that_landed_is_assembled_without_a_second_call(
    world: World,
) -> None:
    world.add_posting()
    world.ozon.ship_script = [TransportFailure("timed out")]
    world.start()
    await world.step()
    # The call had landed: Ozon carried it out.
    world.ozon.show(status=PostingStatus.AWAITING_DELIVER, status_raw="awaiting_deliver")
    done = await world.run()
    assert (done.state, len(world.ozon.ship_calls)) == (AssemblyState.ASSEMBLED, 1)


async def test_a_timed_out_call_ozon_still_works_on_is_followed_not_resent(
    world: World,
) -> None:
    world.add_posting()
    world.ozon.ship_script = [TransportFailure("timed out")]
    world.start()
    await world.step()
    world.ozon.show(available_actions=("ship_async_in_process",))
    done = await world.run()
    assert (done.state, len(world.ozon.ship_calls)) == (AssemblyState.ASSEMBLED, 1)


async def test_a_timed_out_call_that_did_not_land_is_sent_again_after_a_look(
    world: World,
) -> None:
    world.add_posting()
    world.ozon.ship_script = [TransportFailure("timed out")]
    world.start()
    done = await world.run()
    assert (done.state, len(world.ozon.ship_calls), done.attempts) == (
        AssemblyState.ASSEMBLED,
        2,
        2,
    )


async def test_a_rate_limited_call_is_sent_again_without_waiting_for_the_grace(
    world: World,
) -> None:
    world.add_posting()
    world.ozon.ship_script = [RateLimited("429", status=429)]
    world.start()
    first = await world.step()
    await world.step()
    assert first.delay == 1.0
    assert (len(world.ozon.ship_calls), world.ozon.get_calls) == (2, 0)


async def test_ozon_unreachable_tells_the_packer_it_will_be_sent_by_itself(
    world: World,
) -> None:
    world.add_posting()
    world.ozon.ship_script = [TransportFailure("timed out")]
    world.start()
    result = await world.step()
    assert result.assembly is not None
    assert result.assembly.trouble is Trouble.UNREACHABLE


async def test_the_recovery_lists_assemblies_left_on_their_way(world: World) -> None:
    world.add_posting()
    world.add_posting("0208245774-0030-1")
    world.start()
    world.start("0208245774-0030-1")
    await world.run("0208245774-0030-1")
    world.clock.advance(300)
    assert world.steps.unfinished(older_than=120) == [(world.store_id, NUMBER)]


async def test_the_recovery_leaves_alone_an_assembly_a_step_still_follows(
    world: World,
) -> None:
    world.add_posting()
    world.start()
    await world.step()  # accepted; Ozon is still at work
    world.clock.advance(300)
    await world.step()  # looked again: still at work
    assert world.steps.unfinished(older_than=120) == []


async def test_the_recovery_leaves_recent_assemblies_to_their_jobs(world: World) -> None:
    world.add_posting()
    world.start()
    assert world.steps.unfinished(older_than=120) == []


async def test_every_step_leaves_an_event(world: World) -> None:
    world.add_posting()
    world.start()
    done = await world.run()
    with world.uow() as tx:
        states = [e.state.value for e in tx.assemblies.history(done.id)]
    assert states[:4] == ["recorded", "sent", "accepted", "assembled"]


def stocked(world: World) -> None:
    """Five mugs on the shelf, and the posting wanting two of them taken in (reserved)."""
    warehouse = WarehouseId(22_654_503)
    with world.uow() as tx:
        tx.stores.replace_warehouses(
            world.store_id, [Warehouse(world.store_id, warehouse, "Склад Москва")], now=NOW
        )
        tx.commit()
    with world.engine.begin() as conn:
        conn.execute(
            insert(products).values(
                store_id=world.store_id,
                offer_id="MUG-350-WHITE",
                sku=SKU,
                name="Кружка",
                updated_at=NOW,
            )
        )
    record_stock(
        [StockEntry("MUG-350-WHITE", warehouse, 5, EntryKind.RECEIPT)],
        store_id=world.store_id,
        actor="test",
        uow=world.uow,
        clock=world.clock,
    )
    world.add_posting(quantity=2)
    take_in(world.store_id, uow=world.uow, clock=world.clock)


async def test_an_assembled_posting_keeps_its_stock_reserved_until_hand_over(
    world: World,
) -> None:
    stocked(world)
    world.start()
    await world.run()
    assert levels(world) == (5, 2)


async def test_a_posting_split_in_two_stays_reserved_once(world: World) -> None:
    stocked(world)
    second = "0208245774-0029-2"
    one = (make_item(sku=SKU, quantity=1),)
    world.ozon.ship_script = [(NUMBER, second)]
    world.ozon.show(items=one)
    world.ozon.postings[second] = make_posting(
        second,
        store_id=world.store_id,
        items=one,
        status=PostingStatus.AWAITING_DELIVER,
        status_raw="awaiting_deliver",
    )
    world.start(NUMBER, box((SKU, 1)), box((SKU, 1)))
    done = await world.run()
    assert (done.result_postings, world.local_status(second), levels(world)) == (
        (NUMBER, second),
        "awaiting_deliver",
        (5, 2),
    )
    assert reserved_by_posting(world) == {NUMBER: 1, second: 1}


def reserved_by_posting(world: World) -> dict[str, int]:
    query = select(postings.c.posting_number, stock_reservations.c.reserved).join(
        postings, postings.c.id == stock_reservations.c.posting_id
    )
    with world.engine.connect() as conn:
        return {row.posting_number: row.reserved for row in conn.execute(query)}


def levels(world: World) -> tuple[int, int]:
    with world.engine.connect() as conn:
        row = conn.execute(select(stock_levels.c.on_hand, stock_levels.c.reserved)).one()
    return (row.on_hand, row.reserved)
