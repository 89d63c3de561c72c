"""``posylka print`` as a user runs it: postings synced from the sandbox over a socket, slips and
Ozon's labels sent to a real TCP printer and to a recording ``lp`` on PATH, an offline printer's
job failing with the reason and sent later by ``posylka print retry``."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import zxingcpp
from cli_session import Posylka, posylka_command, served_sandbox
from PIL import Image
from tests.integration.printing import zpl_view
from tests.integration.printing.printers import (
    closed_port,
    install_fake_lp,
    lp_calls,
    raw_printer,
)
from zebrafy import ZebrafyZPL

pytestmark = pytest.mark.e2e


@dataclass
class Desk:
    cli: Posylka
    packing: list[str]
    """Postings awaiting packaging (slips)."""
    shipping: list[str]
    """Postings awaiting delivery (Ozon gives their labels)."""


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    if not posylka_command().is_file():
        pytest.fail(f"no posylka command at {posylka_command()}")
    workdir = tmp_path_factory.mktemp("print-cli")
    cli = Posylka(workdir, workdir / "data")
    assert cli.run("db", "upgrade").code == 0
    frozen = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat()
    with served_sandbox(cli, "--postings", "40", "--now", frozen) as sandbox:
        added = cli.run(
            "store", "add", "--name", "Sandbox", "--client-id", sandbox.client_id,
            "--api-key", sandbox.api_key, "--base-url", sandbox.url,
        )  # fmt: skip
        assert added.code == 0, added
        synced = cli.run("sync")
        assert synced.code == 0, synced
        with sqlite3.connect(workdir / "data" / "posylka.db") as db:
            rows = db.execute(
                "SELECT posting_number, status FROM postings ORDER BY posting_number"
            ).fetchall()
        packing = [n for n, s in rows if s == "awaiting_packaging"]
        shipping = [n for n, s in rows if s == "awaiting_deliver"]
        assert packing, "the sandbox gave no posting awaiting packaging"
        assert shipping, "the sandbox gave no posting awaiting delivery"
        yield Desk(cli, packing, shipping)


def decoded(image: Image.Image) -> set[str]:
    return {r.text for r in zxingcpp.read_barcodes(image.convert("L"))}


@pytest.mark.parametrize("dpi", [203, 300])
def test_slips_written_as_zpl_scan_at_both_resolutions(
    desk: Desk, tmp_path: Path, dpi: int
) -> None:
    number = desk.packing[0]
    out = tmp_path / "slip.zpl"

    done = desk.cli.run(
        "print", "slips", number, "--format", "zpl", "--size", "100x150", "--dpi", str(dpi),
        "--language", "ru", "--out", str(out),
    )  # fmt: skip

    assert done.code == 0, done
    assert f"slips {number}:" in done.out
    [label, *_] = zpl_view.labels(out.read_text(encoding="utf-8"))
    image, _ = zpl_view.look(label, dpi, tmp_path / "slip.png")
    assert number in decoded(image)


def test_slips_go_to_a_raw_printer_and_the_job_is_listed(desk: Desk) -> None:
    numbers = desk.packing[:3]
    with raw_printer() as device:
        added = desk.cli.run(
            "print", "add-printer", "Packing 1", "--address", device.address, "--dpi", "203"
        )
        assert added.code == 0, added
        done = desk.cli.run("print", "slips", *numbers, "--printer", "Packing 1", "--copies", "2")
        [received] = device.wait_for(1)

    assert done.code == 0, done
    assert "sent to Packing 1" in done.out
    assert received.count(b"^XA") >= 6  # three slips, twice
    assert all(number.encode() in received for number in numbers)
    listed = desk.cli.run("print", "jobs")
    assert "Packing 1" in listed.out
    assert "sent" in listed.out


def test_an_offline_printer_fails_the_job_and_retry_sends_it_later(desk: Desk) -> None:
    port = closed_port()
    assert (
        desk.cli.run("print", "add-printer", "Desk 2", "--address", f"127.0.0.1:{port}").code == 0
    )

    failed = desk.cli.run("print", "slips", desk.packing[0], "--printer", "Desk 2")

    assert failed.code == 1
    assert "Traceback" not in failed.err
    found = re.search(
        r"Job #(\d+) \(slips [^)]*\) failed: printer 127\.0\.0\.1:(\d+) refused", failed.err
    )
    assert found, failed
    job = found.group(1)
    assert f"posylka print retry {job}" in failed.err
    assert f"#{job}" in desk.cli.run("print", "jobs", "--failed").out

    with raw_printer(port) as device:
        retried = desk.cli.run("print", "retry", job)
        [received] = device.wait_for(1)

    assert retried.code == 0, retried
    assert f"Job #{job}" in retried.out
    assert desk.packing[0].encode() in received


def test_ozon_labels_reach_a_zpl_printer_as_graphics_that_scan(desk: Desk) -> None:
    number = desk.shipping[0]
    with raw_printer() as device:
        assert (
            desk.cli.run(
                "print", "add-printer", "Labels", "--address", device.address, "--size", "75x120"
            ).code
            == 0
        )
        done = desk.cli.run("print", "labels", number, "--printer", "Labels")
        [received] = device.wait_for(1)

    assert done.code == 0, done
    assert b"^GFA," in received
    [label] = ZebrafyZPL(received.decode()).to_images()
    assert number in decoded(label)


def test_pdf_slips_go_through_cups_lp(desk: Desk, tmp_path: Path) -> None:
    bin_dir = install_fake_lp(tmp_path)
    desk.cli.env["PATH"] = f"{bin_dir}:{desk.cli.env['PATH']}"
    desk.cli.env["FAKE_LP_DIR"] = str(tmp_path)
    added = desk.cli.run(
        "print", "add-printer", "Office", "--kind", "cups", "--address", "Office_A4",
        "--format", "pdf", "--size", "a4",
    )  # fmt: skip
    assert added.code == 0, added

    done = desk.cli.run("print", "slips", desk.packing[1], "--printer", "Office")

    assert done.code == 0, done
    [(args, data)] = lp_calls(tmp_path)
    assert args[:4] == ["-d", "Office_A4", "-n", "1"]
    assert "media=A4" in args
    assert data.startswith(b"%PDF")


def test_without_lp_the_job_fails_saying_what_to_install(desk: Desk, tmp_path: Path) -> None:
    desk.cli.env["PATH"] = str(tmp_path)  # no lp here (the command itself is run by full path)
    try:
        done = desk.cli.run("print", "slips", desk.packing[1], "--printer", "Office")
    finally:
        desk.cli.env.pop("FAKE_LP_DIR", None)

    assert done.code == 1
    assert "the command 'lp' was not found: install CUPS" in done.err


def test_printing_without_a_printer_says_how_to_choose_one(desk: Desk) -> None:
    done = desk.cli.run("print", "slips", desk.packing[0])
    assert done.code == 1
    assert "Choose a printer with --printer" in done.err
