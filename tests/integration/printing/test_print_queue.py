"""The print queue over a real database and real printers: a job is recorded before it is sent,
an offline printer leaves it failed with the reason, and a retry or a reprint sends it later."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.integration.printing.printers import closed_port, raw_printer, silent_port
from tests.unit.services.memory_ports import FixedClock

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.printing.transport import PrinterTransport
from posylka.domain.documents import PaperSize
from posylka.domain.printing import (
    InvalidPrinter,
    Printer,
    PrintFormat,
    PrintJobStatus,
    PrintRequest,
)
from posylka.services import printing
from posylka.services.printing import NewPrinter, WrongFormat

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
ZPL = b"^XA^FO10,10^BCN,80,Y,N,N^FD0208245774-0029-1^FS^XZ\n"
QUICK = PrinterTransport(connect_timeout=0.3, write_timeout=2)


def add_raw(uow: SqlUnitOfWorkFactory, address: str, name: str = "Zebra") -> Printer:
    return printing.add_printer(
        NewPrinter(name, "raw9100", address, "zpl", "203", "100x150"),
        by=None,
        uow=uow,
        clock=FixedClock(T0),
    )


def test_a_job_sent_to_a_raw_printer_is_marked_sent(uow: SqlUnitOfWorkFactory) -> None:
    clock = FixedClock(T0)
    with raw_printer() as device:
        printer = add_raw(uow, device.address)
        job = printing.print_document(
            PrintRequest(ZPL, PrintFormat.ZPL, "slips 0208245774-0029-1", copies=2),
            printer,
            by=None,
            uow=uow,
            transport=QUICK,
            clock=clock,
        )
        assert device.wait_for(1) == [ZPL * 2]

    assert job.status is PrintJobStatus.SENT
    assert job.sent_at == T0
    assert job.attempts == 1
    assert job.size == len(ZPL)
    assert job.printer_name == "Zebra"


def test_an_offline_printer_fails_the_job_and_a_retry_sends_it(uow: SqlUnitOfWorkFactory) -> None:
    clock = FixedClock(T0)
    with silent_port() as port:
        printer = add_raw(uow, f"127.0.0.1:{port}")
        failed = printing.print_document(
            PrintRequest(ZPL, PrintFormat.ZPL, "labels"),
            printer,
            by=None,
            uow=uow,
            transport=QUICK,
            clock=clock,
        )
    assert failed.status is PrintJobStatus.FAILED
    assert failed.error == f"printer 127.0.0.1:{port} did not answer within 0.3 s"
    assert failed.error_key == "timeout"
    assert failed.error_params == {"where": f"127.0.0.1:{port}", "detail": "0.3"}

    # The printer comes back (on the same address, as after a restart).
    with raw_printer() as device:
        moved = NewPrinter("Zebra", "raw9100", device.address, "zpl", "203", "100x150")
        printing.update_printer(printer.id, moved, by=None, uow=uow, clock=clock)
        clock.advance(timedelta(minutes=3))
        retried = printing.retry(failed.id, uow=uow, transport=QUICK, clock=clock)
        assert device.wait_for(1) == [ZPL]

    assert retried.id == failed.id
    assert retried.status is PrintJobStatus.SENT
    assert retried.error == ""
    assert retried.attempts == 2
    assert retried.sent_at == T0 + timedelta(minutes=3)


def test_retrying_a_sent_job_does_not_print_it_twice(uow: SqlUnitOfWorkFactory) -> None:
    clock = FixedClock(T0)
    with raw_printer() as device:
        printer = add_raw(uow, device.address)
        request = PrintRequest(ZPL, PrintFormat.ZPL, "labels")
        job = printing.print_document(
            request, printer, by=None, uow=uow, transport=QUICK, clock=clock
        )
        again = printing.retry(job.id, uow=uow, transport=QUICK, clock=clock)
        device.wait_for(2, timeout=0.5)
        assert device.jobs == [ZPL]
    assert again.attempts == 1


def test_a_reprint_is_a_new_job_with_the_same_bytes(uow: SqlUnitOfWorkFactory) -> None:
    clock = FixedClock(T0)
    with raw_printer() as first, raw_printer() as second:
        printer = add_raw(uow, first.address)
        other = add_raw(uow, second.address, name="Zebra 2")
        job = printing.print_document(
            PrintRequest(ZPL, PrintFormat.ZPL, "slips"),
            printer,
            by=None,
            uow=uow,
            transport=QUICK,
            clock=clock,
        )
        copy = printing.reprint(
            job.id, printer_id=other.id, by=None, uow=uow, transport=QUICK, clock=clock
        )
        assert second.wait_for(1) == [ZPL]

    assert copy.id != job.id
    assert copy.reprint_of == job.id
    assert copy.printer_name == "Zebra 2"
    assert copy.status is PrintJobStatus.SENT
    page = printing.list_jobs(uow=uow)
    assert [j.id for j in page.jobs] == [copy.id, job.id]


def test_queued_jobs_left_behind_are_sent_by_the_sending_loop(uow: SqlUnitOfWorkFactory) -> None:
    clock = FixedClock(T0)
    with raw_printer() as device:
        printer = add_raw(uow, device.address)
        first = printing.submit(
            PrintRequest(b"^XA1^XZ", PrintFormat.ZPL, "one"), printer, by=None, uow=uow, clock=clock
        )
        second = printing.submit(
            PrintRequest(b"^XA2^XZ", PrintFormat.ZPL, "two"), printer, by=None, uow=uow, clock=clock
        )
        sent = printing.send_queued(uow=uow, transport=QUICK, clock=clock)
        assert device.wait_for(2) == [b"^XA1^XZ", b"^XA2^XZ"]

    assert [job.id for job in sent] == [first, second]
    assert printing.list_jobs(uow=uow, status=PrintJobStatus.QUEUED).total == 0


def test_a_refused_connection_is_recorded_on_the_job(uow: SqlUnitOfWorkFactory) -> None:
    port = closed_port()
    printer = add_raw(uow, f"127.0.0.1:{port}")
    job = printing.print_document(
        PrintRequest(ZPL, PrintFormat.ZPL, "labels"),
        printer,
        by=None,
        uow=uow,
        transport=QUICK,
        clock=FixedClock(T0),
    )
    assert job.status is PrintJobStatus.FAILED
    assert "refused the connection" in job.error
    assert printing.list_jobs(uow=uow).failed == 1


def test_a_pdf_is_not_sent_to_a_zpl_printer(uow: SqlUnitOfWorkFactory) -> None:
    printer = add_raw(uow, "127.0.0.1:9100")
    with pytest.raises(WrongFormat, match="takes ZPL, this document is PDF"):
        printing.submit(
            PrintRequest(b"%PDF", PrintFormat.PDF, "slips"),
            printer,
            by=None,
            uow=uow,
            clock=FixedClock(T0),
        )
    assert printing.list_jobs(uow=uow).total == 0


@pytest.mark.parametrize(
    ("new", "field"),
    [
        (NewPrinter("", "raw9100", "10.0.0.5", "zpl", "203", "100x150"), "name"),
        (NewPrinter("P", "usb", "10.0.0.5", "zpl", "203", "100x150"), "kind"),
        (NewPrinter("P", "raw9100", "10.0.0.5:99999", "zpl", "203", "100x150"), "address"),
        (NewPrinter("P", "cups", "two words", "pdf", "203", "100x150"), "address"),
        (NewPrinter("P", "raw9100", "10.0.0.5", "pdf", "203", "100x150"), "format"),
        (NewPrinter("P", "raw9100", "10.0.0.5", "zpl", "600", "100x150"), "dpi"),
        (NewPrinter("P", "raw9100", "10.0.0.5", "zpl", "203", "a5"), "label_size"),
        (NewPrinter("P", "raw9100", "10.0.0.5", "zpl", "203", "a4"), "label_size"),
    ],
)
def test_wrong_printer_settings_name_the_field(
    uow: SqlUnitOfWorkFactory, new: NewPrinter, field: str
) -> None:
    with pytest.raises(InvalidPrinter) as failure:
        printing.add_printer(new, by=None, uow=uow, clock=FixedClock(T0))
    assert failure.value.field == field
    assert printing.list_printers(uow=uow) == []


def test_printer_names_are_unique(uow: SqlUnitOfWorkFactory) -> None:
    add_raw(uow, "10.0.0.5")
    with pytest.raises(InvalidPrinter, match="a printer named 'Zebra' exists"):
        add_raw(uow, "10.0.0.6")


def test_station_default_wins_over_the_users(uow: SqlUnitOfWorkFactory) -> None:
    from posylka.domain.ids import UserId

    desk = add_raw(uow, "10.0.0.5", name="Desk")
    packing = printing.add_printer(
        NewPrinter("Packing", "cups", "Zebra_ZD421", "zpl", "300", "75x120"),
        by=None,
        uow=uow,
        clock=FixedClock(T0),
    )
    printing.set_default_printer(desk.id, user_id=UserId(7), uow=uow)
    printing.set_default_printer(packing.id, station="packing-1", uow=uow)

    assert printing.default_printer(user_id=UserId(7), uow=uow) == desk
    assert printing.default_printer(user_id=UserId(7), station="packing-1", uow=uow) == packing
    assert printing.default_printer(user_id=UserId(7), station="other", uow=uow) == desk
    assert printing.default_printer(uow=uow) is None
    assert packing.label_size is PaperSize.THERMAL_75X120
