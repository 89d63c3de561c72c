"""``posylka handover`` and ``posylka tracking`` as a user runs them: the installed command in a
subprocess against ``posylka sandbox serve`` — a handover created, approved and its act written
(a PDF that opens), parcels counted onto the pallet, tracking numbers from a CSV whose bad rows are
named while the good ones are sent, and status moves answered per posting."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pypdfium2 as pdfium
import pytest
from cli_session import Posylka, ServedSandbox, served_sandbox

pytestmark = pytest.mark.e2e


@dataclass
class HandoverSession:
    cli: Posylka
    sandbox: ServedSandbox
    workdir: Path

    def waiting(self, integration: str) -> list[str]:
        """Postings of a delivery integration awaiting packaging at the sandbox."""
        answer = httpx.post(
            f"{self.sandbox.url}/v4/posting/fbs/unfulfilled/list",
            headers={"Client-Id": self.sandbox.client_id, "Api-Key": self.sandbox.api_key},
            json={
                "limit": 100,
                "filter": {
                    "cutoff_from": "2020-01-01T00:00:00Z",
                    "cutoff_to": "2030-01-01T00:00:00Z",
                    "statuses": ["awaiting_packaging"],
                },
            },
        )
        answer.raise_for_status()
        return [
            p["posting_number"]
            for p in answer.json()["postings"]
            if p["tpl_integration_type"] == integration
        ]

    def assemble(self, numbers: list[str]) -> None:
        for number in numbers:
            httpx.post(
                f"{self.sandbox.url}/__sandbox/postings/{number}/status",
                json={"status": "awaiting_deliver"},
            ).raise_for_status()
        synced = self.cli.run("sync")
        assert synced.code == 0, synced


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HandoverSession]:
    workdir = tmp_path_factory.mktemp("handover-cli")
    cli = Posylka(workdir, workdir / "data")
    upgraded = cli.run("db", "upgrade")
    assert upgraded.code == 0, upgraded
    frozen = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat()
    with served_sandbox(cli, "--postings", "400", "--now", frozen) as sandbox:
        added = cli.run(
            "store", "add", "--name", "Sandbox", "--client-id", sandbox.client_id,
            "--api-key", sandbox.api_key, "--base-url", sandbox.url,
        )  # fmt: skip
        assert added.code == 0, added
        yield HandoverSession(cli, sandbox, workdir)


def group_of(listed: str, number_of_method: str) -> tuple[str, str]:
    """The (method id, departure date) of the first group row of ``handover list``."""
    for line in listed.splitlines():
        found = re.search(r"(\d{4}-\d{2}-\d{2}).*?│\s*(\d+)\s*│\s*(\d+)\s*│", line)
        if found:
            return found.group(2), found.group(1)
    raise AssertionError(f"no group in:\n{listed}\n(looking for {number_of_method})")


def test_a_handover_is_created_approved_and_its_act_written(session: HandoverSession) -> None:
    numbers = session.waiting("ozon")[:2]
    session.assemble(numbers)
    listed = session.cli.run("handover", "list")
    method, day = group_of(listed.out, numbers[0])
    created = session.cli.run("handover", "create", "--method", method, "--date", day)
    handover_id = re.search(r"Handover #(\d+)", created.out)
    assert created.code == 0, created
    assert handover_id is not None
    assert "Created at Ozon" in created.out
    approved = session.cli.run("handover", "approve", handover_id.group(1), "--containers", "1")
    out, labels = session.workdir / "act.pdf", session.workdir / "labels.pdf"
    written = session.cli.run(
        "handover", "act", handover_id.group(1), "--out", str(out), "--labels", str(labels)
    )
    assert approved.code == 0, approved
    assert "Documents ready" in approved.out
    assert written.code == 0, written
    assert len(pdfium.PdfDocument(io.BytesIO(out.read_bytes()))) >= 2
    assert len(pdfium.PdfDocument(io.BytesIO(labels.read_bytes()))) == 1


def test_the_checklist_counts_a_parcel_and_names_a_stranger(session: HandoverSession) -> None:
    numbers = session.waiting("ozon")[:2]
    session.assemble(numbers)
    method, day = group_of(session.cli.run("handover", "list").out, numbers[0])
    created = session.cli.run("handover", "create", "--method", method, "--date", day)
    handover_id = re.search(r"Handover #(\d+)", created.out)
    assert handover_id is not None, created
    counted = session.cli.run(
        "handover", "checklist", handover_id.group(1), "--scan", numbers[0],
        "--scan", "00000000-0000-1",
    )  # fmt: skip
    assert counted.code == 1, counted
    assert f"{numbers[0]} counted." in counted.out
    assert "00000000-0000-1 is not in this handover" in counted.out
    assert re.search(r"1 of \d+ parcel\(s\) counted", counted.out)


def test_a_tracking_file_names_its_bad_rows_and_sends_the_good_ones(
    session: HandoverSession,
) -> None:
    good = session.waiting("non_integrated")[:2]
    session.assemble(good)
    sheet = session.workdir / "tracking.csv"
    sheet.write_text(
        "posting_number,tracking_number\n"
        f"{good[0]},TRK-1\n"
        f"{good[1]},\n"
        f"{good[1]},TRK 2\n"
        "00000000-0000-9,TRK-3\n",
        encoding="utf-8",
    )
    sent = session.cli.run("tracking", "set", "--file", str(sheet))
    assert sent.code == 1, sent
    assert f"Row 3: {good[1]} has no tracking number." in sent.err
    assert f"Row 4: the tracking number of {good[1]} contains spaces." in sent.err
    assert f"{good[0]}: tracking number TRK-1 set." in sent.out
    assert "00000000-0000-9: refused — posylka does not know this posting" in sent.out
    assert "1 of 2 accepted by Ozon." in sent.out


def test_moves_are_answered_per_posting(session: HandoverSession) -> None:
    numbers = session.waiting("non_integrated")[:2]
    session.assemble(numbers)
    sheet = session.workdir / "one.csv"
    sheet.write_text(f"{numbers[0]},TRK-9\n", encoding="utf-8")
    assert session.cli.run("tracking", "set", "--file", str(sheet)).code == 0
    moved = session.cli.run("tracking", "move", "delivering", *numbers)
    assert moved.code == 1, moved
    assert f"{numbers[0]}: moved to delivering." in moved.out
    assert f"{numbers[1]}: refused — Set the tracking number first" in moved.out
    later = session.cli.run("tracking", "move", "last-mile", numbers[0])
    assert later.code == 0, later
