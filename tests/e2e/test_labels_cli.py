"""``posylka labels`` as a user runs it: the installed command in a subprocess against
``posylka sandbox serve``, labels fetched into one PDF (its barcodes read back in order), a
posting that cannot have a label named with the reason and the exit status 1, the log, and a
reprint counted in it."""

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
import zxingcpp
from cli_session import Posylka, ServedSandbox, served_sandbox

pytestmark = pytest.mark.e2e


@dataclass
class LabelSession:
    cli: Posylka
    sandbox: ServedSandbox
    workdir: Path


@pytest.fixture(scope="module")
def labels_cli(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabelSession]:
    workdir = tmp_path_factory.mktemp("labels-cli")
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
        yield LabelSession(cli, sandbox, workdir)


def in_status(sandbox: ServedSandbox, status: str) -> list[str]:
    """Posting numbers in ``status``, read from the sandbox as posylka's client would."""
    answer = httpx.post(
        f"{sandbox.url}/v4/posting/fbs/unfulfilled/list",
        headers={"Client-Id": sandbox.client_id, "Api-Key": sandbox.api_key},
        json={
            "limit": 100,
            "filter": {
                "cutoff_from": "2020-01-01T00:00:00Z",
                "cutoff_to": "2030-01-01T00:00:00Z",
                "statuses": [status],
            },
        },
    )
    answer.raise_for_status()
    return [p["posting_number"] for p in answer.json()["postings"]]


def decode_pages(path: Path) -> list[str]:
    texts = []
    for page in pdfium.PdfDocument(io.BytesIO(path.read_bytes())):
        image = page.render(scale=203 / 72).to_pil().convert("L")
        found = [r.text for r in zxingcpp.read_barcodes(image) if r.format.name == "Code128"]
        texts.append(found[0] if found else "")
    return texts


def log_rows(printed: str) -> list[list[str]]:
    """The cells of each row of the ``labels log`` table."""
    rows = []
    for line in printed.splitlines():
        cells = [cell.strip() for cell in re.split(r"[│┃]", line)]
        cells = [cell for cell in cells if cell]
        if len(cells) == 6 and cells[0].isdigit():
            rows.append(cells)
    return rows


def test_fetch_writes_one_pdf_in_the_order_given(labels_cli: LabelSession) -> None:
    numbers = in_status(labels_cli.sandbox, "awaiting_deliver")[:3][::-1]
    out = labels_cli.workdir / "labels.pdf"

    fetched = labels_cli.cli.run("labels", "fetch", *numbers, "--out", str(out))

    assert fetched.code == 0, fetched
    assert "3 label(s), 3 page(s) written to" in fetched.out
    assert decode_pages(out) == numbers


def test_a_posting_without_a_label_is_named_and_the_rest_written(
    labels_cli: LabelSession,
) -> None:
    good = in_status(labels_cli.sandbox, "awaiting_deliver")[3]
    bad = in_status(labels_cli.sandbox, "awaiting_packaging")[0]
    out = labels_cli.workdir / "partly.pdf"

    fetched = labels_cli.cli.run("labels", "fetch", bad, good, "--out", str(out))

    assert fetched.code == 1, fetched
    assert f"{bad}: no label (wrong_status" in fetched.err
    assert decode_pages(out) == [good]


def test_a_logged_label_is_written_again_and_counted(labels_cli: LabelSession) -> None:
    number = in_status(labels_cli.sandbox, "awaiting_deliver")[4]
    first = labels_cli.workdir / "first.pdf"
    again = labels_cli.workdir / "again.pdf"
    assert labels_cli.cli.run("labels", "fetch", number, "--out", str(first)).code == 0

    logged = log_rows(labels_cli.cli.run("labels", "log", "--posting", number).out)
    assert len(logged) == 1, logged
    reprinted = labels_cli.cli.run("labels", "reprint", logged[0][0], "--out", str(again))
    after = log_rows(labels_cli.cli.run("labels", "log", "--posting", number).out)

    assert reprinted.code == 0, reprinted
    assert decode_pages(again) == [number]
    # Newest first: the reprint, printed for the second time.
    assert [(row[2], row[3].endswith("(reprint)"), row[4]) for row in after] == [
        (number, True, "2"),
        (number, False, "1"),
    ]


def test_reprinting_an_unknown_id_says_so(labels_cli: LabelSession) -> None:
    outcome = labels_cli.cli.run(
        "labels", "reprint", "999999", "--out", str(labels_cli.workdir / "x.pdf")
    )

    assert outcome.code == 1
    assert "no printed label with id" in outcome.err
