"""The print queue page (what was sent where, retry, reprint, one's default printer) and the
printers' settings, over a real database and real TCP printers."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import log_in
from fastapi.testclient import TestClient
from tests.integration.printing.printers import raw_printer, silent_port
from web_samples import T0, FixedClock

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.printing.transport import PrinterTransport
from posylka.adapters.security import Argon2PasswordHasher
from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.domain.printing import PrintFormat, PrintJobStatus, PrintRequest
from posylka.entrypoints.web.deps import WebDeps
from posylka.services import printing
from posylka.services.printing import NewPrinter

ZPL = b"^XA^FO20,20^A0N,30,30^FDtest^FS^XZ\n"
QUICK = PrinterTransport(connect_timeout=0.3, write_timeout=2)


@pytest.fixture
def deps(
    tmp_path: Path,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    hasher: Argon2PasswordHasher,
    sync_requests: list[StoreId | None],
) -> WebDeps:
    settings = Settings(data_dir=tmp_path, timezone="Europe/Moscow", default_language="en")
    return WebDeps(
        settings, uow, clock, hasher, sync_requests.append, reads=uow.reader(), printers=QUICK
    )


def failed_job(uow: SqlUnitOfWorkFactory, port: int) -> printing.PrintJob:
    printer = printing.add_printer(
        NewPrinter("Packing desk", "raw9100", f"127.0.0.1:{port}", "zpl", "203", "100x150"),
        by=None,
        uow=uow,
        clock=FixedClock(T0),
    )
    return printing.print_document(
        PrintRequest(ZPL, PrintFormat.ZPL, "slips 0208245774-0029-1"),
        printer,
        by=None,
        uow=uow,
        transport=QUICK,
        clock=FixedClock(T0),
    )


def test_failed_job_shows_its_reason_and_a_retry_sends_it(
    client: TestClient, users: None, uow: SqlUnitOfWorkFactory
) -> None:
    with silent_port() as port:
        job = failed_job(uow, port)
    csrf = log_in(client, "li.wei")

    page = client.get("/print-jobs").text
    assert 'data-status="failed"' in page
    assert "slips 0208245774-0029-1" in page
    assert f"打印机 127.0.0.1:{port} 在 0.3 秒内没有应答。" in page
    assert 'data-testid="print-job-retry"' in page

    with raw_printer() as device:
        printer = printing.list_printers(uow=uow)[0]
        moved = NewPrinter(printer.name, "raw9100", device.address, "zpl", "203", "100x150")
        printing.update_printer(printer.id, moved, by=None, uow=uow, clock=FixedClock(T0))
        reply = client.post(f"/print-jobs/{job.id}/retry", data={"csrf_token": csrf})
        assert device.wait_for(1) == [ZPL]

    assert reply.status_code == 303
    assert reply.headers["location"] == "/print-jobs?notice=sent"
    page = client.get(reply.headers["location"]).text
    assert 'data-status="sent"' in page
    assert 'data-status="failed"' not in page
    assert 'data-testid="print-job-retry"' not in page


def test_a_retry_that_fails_again_keeps_the_job_failed(
    client: TestClient, users: None, uow: SqlUnitOfWorkFactory
) -> None:
    with silent_port() as port:
        job = failed_job(uow, port)
        csrf = log_in(client, "olga")
        reply = client.post(f"/print-jobs/{job.id}/retry", data={"csrf_token": csrf})

    assert reply.headers["location"] == "/print-jobs?notice=failed"
    page = client.get("/print-jobs").text
    assert f"Принтер 127.0.0.1:{port} не ответил за 0.3 с." in page
    with uow() as tx:
        stored = tx.printing.job(job.id)
    assert stored is not None
    assert stored.status is PrintJobStatus.FAILED
    assert stored.attempts == 2


def test_reprint_makes_a_new_job(
    client: TestClient, users: None, uow: SqlUnitOfWorkFactory
) -> None:
    with raw_printer() as device:
        job = failed_job(uow, device.port)
        device.wait_for(1)
        csrf = log_in(client, "admin")
        reply = client.post(
            f"/print-jobs/{job.id}/reprint",
            data={"csrf_token": csrf, "printer_id": str(job.printer_id)},
        )
        assert device.wait_for(2) == [ZPL, ZPL]

    assert reply.headers["location"] == "/print-jobs?notice=sent"
    page = printing.list_jobs(uow=uow)
    assert [j.reprint_of for j in page.jobs] == [job.id, None]
    assert page.jobs[0].created_by == "admin"


def test_unknown_job_is_not_found(client: TestClient, users: None) -> None:
    csrf = log_in(client, "admin")
    assert client.post("/print-jobs/999/retry", data={"csrf_token": csrf}).status_code == 404


def test_admin_adds_a_printer_and_a_wrong_address_is_pointed_at(
    client: TestClient, users: None, uow: SqlUnitOfWorkFactory
) -> None:
    csrf = log_in(client, "admin")
    form = {
        "name": "Zebra ZD421",
        "kind": "raw9100",
        "address": "10.0.0.5:99999",
        "format": "zpl",
        "dpi": "300",
        "label_size": "75x120",
        "csrf_token": csrf,
    }
    refused = client.post("/settings/printers", data=form)
    assert refused.status_code == 422
    assert 'data-testid="error-address"' in refused.text
    assert 'value="Zebra ZD421"' in refused.text

    added = client.post("/settings/printers", data={**form, "address": "10.0.0.5"})
    assert added.headers["location"] == "/settings/printers?notice=printer_added"
    page = client.get(added.headers["location"]).text
    assert "Zebra ZD421" in page
    [printer] = printing.list_printers(uow=uow)
    assert (printer.address, printer.dpi, printer.label_size.value) == ("10.0.0.5", 300, "75x120")


def test_packers_do_not_reach_printer_settings(client: TestClient, users: None) -> None:
    log_in(client, "li.wei")
    assert client.get("/settings/printers").status_code == 403


def test_everyone_chooses_their_own_default_printer(
    client: TestClient, users: None, uow: SqlUnitOfWorkFactory
) -> None:
    with silent_port() as port:
        job = failed_job(uow, port)
    csrf = log_in(client, "li.wei")
    reply = client.post(
        "/print-jobs/default-printer", data={"csrf_token": csrf, "printer_id": str(job.printer_id)}
    )
    assert reply.headers["location"] == "/print-jobs?notice=default_set"
    with uow() as tx:
        packer = tx.users.by_username("li.wei")
    assert packer is not None
    chosen = printing.default_printer(user_id=packer[0].id, uow=uow)
    assert chosen is not None
    assert chosen.id == job.printer_id
