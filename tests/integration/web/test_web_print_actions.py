"""Sending slips from the pages to one's default printer: a real TCP printer receives the ZPL,
the print queue shows the job; without a default printer or a ticked posting the page says so."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import log_in
from fastapi.testclient import TestClient
from tests.integration.printing.printers import raw_printer, silent_port
from web_samples import T0, FixedClock, add_store, make_posting, put

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.documents.renderer import PdfDocumentRenderer
from posylka.adapters.documents.zpl_renderer import ZplDocumentRenderer
from posylka.adapters.printing.transport import PrinterTransport
from posylka.adapters.security import Argon2PasswordHasher
from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.domain.printing import PrintJobStatus
from posylka.domain.stores import Store
from posylka.entrypoints.web.deps import WebDeps
from posylka.services import printing
from posylka.services.printing import NewPrinter

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
    zone = ZoneInfo(settings.timezone)
    return WebDeps(
        settings,
        uow,
        clock,
        hasher,
        sync_requests.append,
        reads=uow.reader(),
        documents=PdfDocumentRenderer(zone),
        printers=QUICK,
        zpl=ZplDocumentRenderer(zone),
    )


@pytest.fixture
def store(uow: SqlUnitOfWorkFactory) -> Store:
    store = add_store(uow)
    put(uow, make_posting(1, store), make_posting(2, store))
    return store


def my_printer(uow: SqlUnitOfWorkFactory, address: str, username: str) -> None:
    printer = printing.add_printer(
        NewPrinter("Packing desk", "raw9100", address, "zpl", "203", "100x150"),
        by=None,
        uow=uow,
        clock=FixedClock(T0),
    )
    with uow() as tx:
        found = tx.users.by_username(username)
    assert found is not None
    printing.set_default_printer(printer.id, user_id=found[0].id, uow=uow)


def test_ticked_slips_go_to_my_printer_as_zpl_in_queue_order(
    client: TestClient, users: None, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    first, second = make_posting(2, store).posting_number, make_posting(1, store).posting_number
    with raw_printer() as device:
        my_printer(uow, device.address, "olga")
        csrf = log_in(client, "olga")
        reply = client.post(
            "/print/slips",
            data={"csrf_token": csrf, "posting": [f"{store.id}:{first}", f"{store.id}:{second}"]},
        )
        (received,) = device.wait_for(1)

    assert reply.status_code == 303
    assert reply.headers["location"] == "/print-jobs?notice=sent"
    text = received.decode()
    assert text.startswith("^XA")
    assert text.index(first) < text.index(second)
    (job,) = printing.list_jobs(uow=uow).jobs
    assert job.status is PrintJobStatus.SENT


def test_an_offline_printer_leaves_the_job_failed_on_the_queue(
    client: TestClient, users: None, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    number = make_posting(1, store).posting_number
    with silent_port() as port:
        my_printer(uow, f"127.0.0.1:{port}", "olga")
        csrf = log_in(client, "olga")
        reply = client.post(
            "/print/slips", data={"csrf_token": csrf, "posting": f"{store.id}:{number}"}
        )

    assert reply.headers["location"] == "/print-jobs?notice=failed"
    (job,) = printing.list_jobs(uow=uow).jobs
    assert job.status is PrintJobStatus.FAILED


def test_without_a_default_printer_the_queue_page_asks_for_one(
    client: TestClient, users: None, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    number = make_posting(1, store).posting_number
    csrf = log_in(client, "admin")
    reply = client.post(
        "/print/slips", data={"csrf_token": csrf, "posting": f"{store.id}:{number}"}
    )

    assert reply.headers["location"] == "/print-jobs?notice=no_default"
    assert "Choose your default printer below first" in client.get(reply.headers["location"]).text
    assert printing.list_jobs(uow=uow).jobs == []


def test_nothing_ticked_sends_nothing(
    client: TestClient, users: None, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    csrf = log_in(client, "admin")
    reply = client.post("/print/slips", data={"csrf_token": csrf})

    assert reply.headers["location"] == "/print-jobs?notice=nothing_selected"
    assert printing.list_jobs(uow=uow).jobs == []


def test_the_posting_page_slip_box_offers_my_printer(
    client: TestClient, users: None, store: Store
) -> None:
    log_in(client, "admin")
    number = make_posting(1, store).posting_number
    box = client.get(f"/documents/postings/{store.id}/{number}").text
    assert 'data-testid="slip-send"' in box
    assert f'name="posting" value="{store.id}:{number}"' in box
