"""``posylka stock`` as a user runs it: a sync takes postings in, a stock spreadsheet with bad rows
is refused whole with each row named, a good one is recorded and its goods go to the open
postings short of them; the levels print, and the books agree with the ledger."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_session import Outcome, Posylka, finish, posylka_command, served_sandbox
from openpyxl import load_workbook


@dataclass
class StockSession:
    sync: Outcome
    bad_import: Outcome
    good_import: Outcome
    intake: Outcome
    levels: Outcome
    check: Outcome


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as sink:
        csv.writer(sink).writerows(rows)
    return path


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StockSession]:
    if not posylka_command().is_file():
        pytest.fail(f"no posylka command at {posylka_command()}: install posylka (make venv)")
    workdir = tmp_path_factory.mktemp("cli-stock")
    cli = Posylka(workdir, workdir / "data")
    upgrading = cli.start("db", "upgrade")
    frozen = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat()
    with served_sandbox(cli, "--postings", "40", "--now", frozen) as sandbox:
        assert finish(upgrading).code == 0
        added = cli.run(
            "store", "add", "--name", "Sandbox", "--client-id", sandbox.client_id,
            "--api-key", sandbox.api_key, "--base-url", sandbox.url,
        )  # fmt: skip
        assert added.code == 0, added
        sync = cli.run("sync")
        assert cli.run("catalogue", "sync").code == 0
        assert cli.run("catalogue", "export", str(workdir / "catalogue.xlsx")).code == 0
        book = load_workbook(workdir / "catalogue.xlsx", read_only=True)
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        book.close()
        warehouse = str(next(h for h in rows[0] if str(h).startswith("bin:")))[4:]
        offers = [str(row[0]) for row in rows[1:]]
        bad = write_csv(
            workdir / "bad.csv",
            [
                ["product", "warehouse_id", "quantity"],
                [offers[0], warehouse, "5"],
                [offers[1], warehouse, "пять"],
                ["NO-SUCH-ARTICLE", warehouse, "1"],
            ],
        )
        bad_import = cli.run("stock", "import", str(bad))
        good = write_csv(
            workdir / "good.csv",
            [["offer_id", "warehouse_id", "quantity"]]
            + [[offer, warehouse, "50"] for offer in offers],
        )
        good_import = cli.run("stock", "import", str(good))
        intake = cli.run("stock", "intake")
        levels = cli.run("stock", "levels", "--search", offers[0])
        check = cli.run("stock", "check")
        yield StockSession(sync, bad_import, good_import, intake, levels, check)


def test_the_sync_takes_the_postings_in(session: StockSession) -> None:
    assert session.sync.code == 0, session.sync
    assert "Sandbox: intake: 40 postings" in session.sync.out


def test_a_file_with_bad_rows_is_refused_whole_naming_each_row(session: StockSession) -> None:
    outcome = session.bad_import
    assert outcome.code == 1, outcome
    assert "bad.csv was not recorded: nothing was changed." in outcome.err
    assert "Row 3, column quantity: “пять” is not a whole number." in outcome.out
    assert "Row 4, column product: “NO-SUCH-ARTICLE” is not an article code" in outcome.out


def test_a_good_file_is_recorded_and_the_open_postings_reserve(session: StockSession) -> None:
    outcome = session.good_import
    assert outcome.code == 0, outcome
    # 320 receipts, and a reservation for each open posting's line that was short of them.
    filled = int(outcome.out.split("; ")[1].split()[0])
    assert filled > 0, outcome
    assert f"{320 + filled} movements recorded" in outcome.out
    assert session.intake.code == 0, session.intake
    assert session.levels.code == 0, session.levels
    assert " 50 " in session.levels.out


def test_the_levels_agree_with_the_ledger(session: StockSession) -> None:
    assert session.check.code == 0, session.check
    assert "every level agrees with its movements" in session.check.out
