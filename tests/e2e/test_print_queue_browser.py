"""The print queue in a real Chromium: a job that failed because the printer was offline shows
its reason, and Retry sends it once the printer answers again."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import CHROMIUM_ARGS, VIEWPORT
from live_desk import serving
from playwright.sync_api import Browser, Page, expect, sync_playwright
from tests.integration.printing.printers import raw_printer, silent_port
from tests.unit.services.memory_ports import FixedClock

from posylka.adapters.db.engine import create_engine_for
from posylka.adapters.db.migrator import upgrade
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.printing.transport import PrinterTransport
from posylka.adapters.security import ApiKeyCipher, Argon2PasswordHasher
from posylka.config import Settings
from posylka.domain.printing import Printer, PrintFormat, PrintJob, PrintRequest
from posylka.domain.stores import Role
from posylka.entrypoints.web.app import create_app
from posylka.entrypoints.web.deps import WebDeps
from posylka.services import printing
from posylka.services.accounts import NewUser, create_user
from posylka.services.printing import NewPrinter

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
PASSWORD = "correct horse 1"
ZPL = b"^XA^FO20,20^A0N,30,30^FD0208245774-0029-1^FS^XZ\n"
TRANSPORT = PrinterTransport(connect_timeout=0.5, write_timeout=2)


@dataclass
class PrintDesk:
    url: str
    uow: SqlUnitOfWorkFactory
    printer: Printer
    job: PrintJob
    offline_port: int


@pytest.fixture(scope="module")
def print_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrintDesk]:
    folder = tmp_path_factory.mktemp("print-desk")
    engine = create_engine_for(f"sqlite:///{(folder / 'posylka.db').as_posix()}")
    upgrade(engine)
    uow = SqlUnitOfWorkFactory(engine, ApiKeyCipher("print desk secret"))
    clock = FixedClock(T0)
    hasher = Argon2PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    create_user(
        NewUser("anna", PASSWORD, Role.PACKER, "en"), by=None, uow=uow, hasher=hasher, clock=clock
    )
    create_user(
        NewUser("li.wei", PASSWORD, Role.PACKER, "zh-CN"),
        by=None,
        uow=uow,
        hasher=hasher,
        clock=clock,
    )
    with silent_port() as port:
        printer = printing.add_printer(
            NewPrinter("Packing desk", "raw9100", f"127.0.0.1:{port}", "zpl", "203", "100x150"),
            by=None,
            uow=uow,
            clock=clock,
        )
        job = printing.print_document(
            PrintRequest(ZPL, PrintFormat.ZPL, "slips 0208245774-0029-1"),
            printer,
            by=None,
            uow=uow,
            transport=TRANSPORT,
            clock=clock,
        )
    settings = Settings(data_dir=folder, timezone="Europe/Moscow", default_language="en")
    deps = WebDeps(
        settings, uow, clock, hasher, lambda _: None, reads=uow.reader(), printers=TRANSPORT
    )
    try:
        with serving(create_app(deps)) as url:
            yield PrintDesk(url, uow, printer, job, port)
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(chromium), headless=True, args=CHROMIUM_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, print_desk: PrintDesk) -> Iterator[Page]:
    context = browser.new_context(base_url=print_desk.url, viewport=VIEWPORT)
    context.set_default_timeout(10_000)
    opened = context.new_page()
    yield opened
    context.close()


def sign_in(page: Page, username: str) -> None:
    page.goto("/login")
    page.get_by_test_id("login-username").fill(username)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    page.wait_for_url("**/")


def test_failed_job_shows_the_reason_in_chinese(
    page: Page, print_desk: PrintDesk, tmp_path: Path
) -> None:
    sign_in(page, "li.wei")
    page.get_by_test_id("nav-print-jobs").click()

    row = page.locator(f'[data-testid="print-job"][data-job-id="{print_desk.job.id}"]')
    expect(row.get_by_test_id("print-job-status")).to_have_text("失败")
    expect(row.get_by_test_id("print-job-error")).to_have_text(
        f"打印机 127.0.0.1:{print_desk.offline_port} 在 0.5 秒内没有应答。"
    )
    page.screenshot(path=str(tmp_path / "print-queue-zh.png"), full_page=True)


def test_retry_sends_the_failed_job_once_the_printer_answers(
    page: Page, print_desk: PrintDesk, tmp_path: Path
) -> None:
    sign_in(page, "anna")
    page.goto("/print-jobs")
    row = page.locator(f'[data-testid="print-job"][data-job-id="{print_desk.job.id}"]')
    expect(row.get_by_test_id("print-job-status")).to_have_text("Failed")
    page.screenshot(path=str(tmp_path / "print-queue-failed-en.png"), full_page=True)

    with raw_printer() as device:
        # The printer is back, on the address its admin gave it after it moved.
        moved = NewPrinter("Packing desk", "raw9100", device.address, "zpl", "203", "100x150")
        printing.update_printer(
            print_desk.printer.id, moved, by=None, uow=print_desk.uow, clock=FixedClock(T0)
        )
        row.get_by_test_id("print-job-retry").click()
        expect(page.get_by_test_id("notice")).to_have_text("The job was sent to the printer.")
        assert device.wait_for(1) == [ZPL]

    expect(row.get_by_test_id("print-job-status")).to_have_text("Sent")
    expect(row.get_by_test_id("print-job-retry")).to_have_count(0)
    expect(row).to_contain_text("2 attempts")
    page.screenshot(path=str(tmp_path / "print-queue-sent-en.png"), full_page=True)
