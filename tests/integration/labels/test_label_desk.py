"""The label desk end to end: the sandbox over a real socket, a real database (SQLite, and
PostgreSQL when configured), one PDF in the order asked for, every label logged, reprints."""

from __future__ import annotations

import pytest
from label_world import decode_pages, label_world
from sqlalchemy import Engine

from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.labels import SetAsideReason
from posylka.services.package_labels import NothingToReprint


async def test_a_batch_prints_in_order_sets_the_bad_posting_aside_and_logs_every_label(
    engine: Engine,
) -> None:
    with label_world(engine) as world:
        ready = await world.assemble(22)
        fresh = await world.assemble(1, wait=False)
        delivered = world.in_status("delivered")[0]
        numbers = [*ready[:4], delivered, *fresh, *ready[4:]]
        store = world.store_id

        outcome = await world.desk.print_labels(
            [(store, n) for n in numbers], actor="packer", user_id=None
        )

    assert outcome.batch_id is not None
    batch = outcome.batch
    assert decode_pages(batch.pdf) == [*ready[:4], *fresh, *ready[4:]]
    assert [(s.posting_number, s.reason) for s in batch.set_aside] == [
        (delivered, SetAsideReason.WRONG_STATUS)
    ]
    assert world.slept  # the fresh label was asked for again after a pause

    log = world.desk.log(limit=100)
    assert len(log) == 23
    assert {p.posting_number for p in log} == {*ready, *fresh}
    assert all((p.actor, p.reprint, p.times_printed) == ("packer", False, 1) for p in log)
    logged = world.desk.batch(outcome.batch_id)
    assert logged is not None
    assert (logged.requested, len(logged.printed), logged.page_count) == (24, 23, 23)
    assert [s.posting_number for s in logged.set_aside] == [delivered]
    assert world.desk.batch_file(outcome.batch_id) == batch.pdf


async def test_a_reprint_gives_the_same_labels_again_and_counts_them(engine: Engine) -> None:
    with label_world(engine) as world:
        ready = await world.assemble(5)
        store = world.store_id
        await world.desk.print_labels([(store, n) for n in ready], actor="packer")
        first = {p.posting_number: p.id for p in world.desk.log(limit=10)}
        world.clock.at = world.clock.at.replace(hour=13)

        again = world.desk.reprint(
            [first[ready[3]], first[ready[1]]], actor="manager", user_id=None
        )

    assert decode_pages(again) == [ready[3], ready[1]]
    history = world.desk.log(limit=10, store_id=store, posting_number=ready[3])
    assert [(p.reprint, p.times_printed, p.actor) for p in history] == [
        (True, 2, "manager"),
        (False, 1, "packer"),
    ]
    assert history[0].printed_at.hour == 13


async def test_postings_of_an_unknown_store_are_set_aside_and_nothing_else_breaks(
    engine: Engine,
) -> None:
    with label_world(engine) as world:
        ready = await world.assemble(2)
        wanted = [(StoreId(999), PostingNumber("1-1-1")), *((world.store_id, n) for n in ready)]

        outcome = await world.desk.print_labels(wanted, actor="packer")

    assert decode_pages(outcome.batch.pdf) == ready
    assert [(s.store_id, s.reason) for s in outcome.batch.set_aside] == [
        (StoreId(999), SetAsideReason.UNKNOWN)
    ]


async def test_reprinting_an_unknown_print_says_so(engine: Engine) -> None:
    with label_world(engine) as world, pytest.raises(NothingToReprint):
        world.desk.reprint([12345], actor="packer", user_id=None)
