"""Assembly against the Ozon sandbox: each of Ozon's answers ends in the state and sentence the
packer needs, nothing is assembled twice, and the label reaches the station's printer or waits on
the print queue with its reason."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from tests.integration.assembly.assembly_world import migrated
from tests.integration.assembly.sandbox_world import NoQueue, SandboxWorld, sandbox_world
from tests.integration.printing.printers import RawPrinter, closed_port, raw_printer

from posylka.domain.assembly import AssemblyState, Trouble
from posylka.domain.ids import Sku
from posylka.domain.printing import PrintJobStatus
from posylka.domain.shipping import Package, PackageLine
from posylka.services import printing
from posylka.services.assembly import retry_assembly


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    with migrated("sqlite", tmp_path) as found:
        yield found


@pytest.fixture
def world(engine: Engine) -> Iterator[SandboxWorld]:
    with sandbox_world(engine) as found:
        yield found


@pytest.fixture
def zebra(world: SandboxWorld) -> Iterator[RawPrinter]:
    with raw_printer() as printer:
        world.add_printer(printer.address)
        yield printer


async def test_a_posting_is_assembled_once_and_its_label_reaches_the_printer(
    world: SandboxWorld, zebra: RawPrinter
) -> None:
    posting = world.ready()
    world.start(posting)
    done = await world.run(posting.posting_number)
    assert (done.state, world.status(posting.posting_number), world.ship_answers()) == (
        AssemblyState.ASSEMBLED,
        "awaiting_deliver",
        {"200": 1},
    )
    assert b"^GF" in zebra.wait_for(1)[0]


async def test_the_label_is_asked_for_only_after_ozon_prepared_it(
    world: SandboxWorld, zebra: RawPrinter
) -> None:
    posting = world.ready()
    world.start(posting)
    done = await world.run(posting.posting_number)
    assert (done.label_print_job is not None, done.label_attempts, done.label_error) == (
        True,
        1,
        "",
    )


async def test_a_printer_offline_keeps_the_label_on_the_print_queue(world: SandboxWorld) -> None:
    world.add_printer(f"127.0.0.1:{closed_port()}")
    posting = world.ready()
    world.start(posting)
    done = await world.run(posting.posting_number)
    failed = printing.list_jobs(uow=world.uow, status=PrintJobStatus.FAILED)
    assert (done.state, done.label_print_job) == (AssemblyState.ASSEMBLED, failed.jobs[0].id)
    assert done.label_error == failed.jobs[0].error


async def test_no_default_printer_leaves_the_label_on_the_labels_page(
    world: SandboxWorld,
) -> None:
    posting = world.ready()
    world.start(posting)
    done = await world.run(posting.posting_number)
    with world.uow() as tx:
        logged = tx.labels.prints(limit=5, store_id=world.store_id, posting_number="")
    assert "labels page" in done.label_error
    assert [p.posting_number for p in logged] == [posting.posting_number]


async def test_two_packages_split_the_posting_and_both_labels_print(
    world: SandboxWorld, zebra: RawPrinter
) -> None:
    posting = world.ready(lambda p: sum(i.quantity for i in p.items) >= 2)
    first, *rest = [
        PackageLine(Sku(i.product.sku), 1) for i in posting.items for _ in range(i.quantity)
    ]
    world.start(posting, [Package((first,)), Package(tuple(rest))])
    done = await world.run(posting.posting_number)
    assert len(done.result_postings) == 2
    assert all(world.status(n) == "awaiting_deliver" for n in done.result_postings)
    assert zebra.wait_for(1)[0].count(b"^XA") == 2


async def test_missing_marking_codes_fail_then_assemble_once_filled(
    world: SandboxWorld,
) -> None:
    posting = world.ready(lambda p: any(i.product.needs_mark for i in p.items))
    world.control(f"/postings/{posting.posting_number}/assembly", {"exemplars_missing": True})
    world.start(posting)
    failed = await world.run(posting.posting_number)
    assert failed.trouble is Trouble.MARKS_MISSING
    world.control(f"/postings/{posting.posting_number}/assembly", {"exemplars_missing": False})
    retry_assembly(
        uow_factory=world.uow,
        jobs=NoQueue(),
        store_id=world.store_id,
        posting_number=posting.posting_number,
        user_id=None,
        clock=world.clock,
    )
    done = await world.run(posting.posting_number)
    assert (done.state, world.ship_answers()) == (AssemblyState.ASSEMBLED, {"200": 1, "400": 1})


async def test_ship_failed_at_ozon_fails_with_its_sentence_and_a_retry_assembles(
    world: SandboxWorld,
) -> None:
    posting = world.ready()
    world.control(f"/postings/{posting.posting_number}/assembly", {"ship_failed": 1})
    world.start(posting)
    failed = await world.run(posting.posting_number)
    assert failed.note is not None
    assert failed.note.sentence == "Ozon accepted the assembly but could not carry it out."
    world.start(posting)
    done = await world.run(posting.posting_number)
    assert (done.state, world.ship_answers()) == (AssemblyState.ASSEMBLED, {"200": 2})


async def test_a_posting_cancelled_meanwhile_fails_with_put_the_items_back(
    world: SandboxWorld,
) -> None:
    posting = world.ready()
    world.control(f"/postings/{posting.posting_number}/status", {"status": "cancelled"})
    world.start(posting)
    done = await world.run(posting.posting_number)
    assert done.note is not None
    assert (done.state, done.trouble) == (AssemblyState.FAILED, Trouble.CANCELLED)
    assert "Put the items back" in done.note.way_forward


async def test_a_posting_assembled_meanwhile_counts_as_assembled(world: SandboxWorld) -> None:
    posting = world.ready()
    world.control(f"/postings/{posting.posting_number}/status", {"status": "awaiting_deliver"})
    world.start(posting)
    done = await world.run(posting.posting_number)
    assert (done.state, world.ship_answers()) == (AssemblyState.ASSEMBLED, {"400": 1})


async def test_a_double_click_assembles_once(world: SandboxWorld) -> None:
    posting = world.ready()
    barrier = threading.Barrier(2)

    def press() -> None:
        barrier.wait()
        world.start(posting)

    threads = [threading.Thread(target=press) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    await world.run(posting.posting_number)
    assert world.ship_answers() == {"200": 1}
