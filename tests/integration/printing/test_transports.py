"""Documents reach printers: raw bytes over TCP to port 9100, and through CUPS ``lp``."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.integration.printing.printers import (
    closed_port,
    install_fake_lp,
    lp_calls,
    path_with,
    raw_printer,
    silent_port,
)

from posylka.adapters.printing.cups import send_lp
from posylka.adapters.printing.raw import send_raw
from posylka.domain.documents import PaperSize
from posylka.domain.printing import (
    InvalidPrinter,
    PrinterUnreachable,
    PrintFormat,
    SpoolerMissing,
    SpoolerRefused,
)

ZPL = "^XA^CI28^PW812^LL1218^FO20,20^A0N,30,30^FDЧайник ^FS^XZ\n".encode()


def test_raw_printer_receives_the_document_byte_for_byte() -> None:
    with raw_printer() as printer:
        send_raw(printer.address, ZPL, copies=2)

        assert printer.wait_for(1) == [ZPL + ZPL]


def test_a_printer_that_does_not_answer_fails_with_the_wait_in_the_reason() -> None:
    with silent_port() as port, pytest.raises(PrinterUnreachable) as failure:
        send_raw(f"127.0.0.1:{port}", ZPL, connect_timeout=0.3)

    assert str(failure.value) == f"printer 127.0.0.1:{port} did not answer within 0.3 s"


def test_a_refused_connection_says_so() -> None:
    port = closed_port()
    with pytest.raises(PrinterUnreachable, match=f"printer 127.0.0.1:{port} refused"):
        send_raw(f"127.0.0.1:{port}", ZPL)


@pytest.mark.parametrize(
    ("address", "reason"),
    [("", "needs a host"), ("printer:http", "not a TCP port"), ("a b", "not a host name")],
)
def test_a_wrong_address_is_refused_before_connecting(address: str, reason: str) -> None:
    with pytest.raises(InvalidPrinter, match=reason):
        send_raw(address, ZPL)


def test_zpl_goes_to_cups_raw_with_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", path_with(install_fake_lp(tmp_path)))
    monkeypatch.setenv("FAKE_LP_DIR", str(tmp_path))

    answer = send_lp("Zebra_ZD421", ZPL, format=PrintFormat.ZPL, copies=3, title="slips")

    assert answer == "request id is Zebra-1 (1 file(s))"
    [(args, data)] = lp_calls(tmp_path)
    assert args == ["-d", "Zebra_ZD421", "-n", "3", "-t", "slips", "-o", "raw"]
    assert data == ZPL


def test_pdf_goes_to_cups_with_the_label_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", path_with(install_fake_lp(tmp_path)))
    monkeypatch.setenv("FAKE_LP_DIR", str(tmp_path))

    send_lp("Office", b"%PDF-1.7 ...", format=PrintFormat.PDF, label_size=PaperSize.THERMAL_75X120)

    [(args, _)] = lp_calls(tmp_path)
    assert args[-4:] == ["-o", "media=Custom.75x120mm", "-o", "fit-to-page"]


def test_cups_refusal_carries_lps_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", path_with(install_fake_lp(tmp_path)))
    monkeypatch.setenv("FAKE_LP_DIR", str(tmp_path))
    monkeypatch.setenv("FAKE_LP_FAIL", "1")

    with pytest.raises(SpoolerRefused) as failure:
        send_lp("Nowhere", ZPL, format=PrintFormat.ZPL)

    assert str(failure.value) == (
        "CUPS queue Nowhere refused the job: lp: The printer or class does not exist."
    )


def test_missing_lp_is_named_with_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))

    with pytest.raises(SpoolerMissing, match="'lp' was not found: install CUPS"):
        send_lp("Zebra", ZPL, format=PrintFormat.ZPL)


def test_a_cups_queue_name_with_a_space_is_refused() -> None:
    with pytest.raises(InvalidPrinter, match="not a CUPS queue name"):
        send_lp("my printer", ZPL, format=PrintFormat.ZPL)
