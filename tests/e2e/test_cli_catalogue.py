"""``posylka catalogue`` as a user runs it: pull the catalogue from the Ozon sandbox, export it,
import a spreadsheet with bad rows (each listed with row and column, the good rows in), and a
file with a wrong header refused in one sentence with nothing changed."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_session import Outcome, Posylka, ServedSandbox, finish, posylka_command, served_sandbox
from openpyxl import load_workbook


@dataclass
class CatalogueSession:
    cli: Posylka
    sandbox: ServedSandbox
    warehouse_id: int
    pull: Outcome
    export_xlsx: Outcome
    bad_import: Outcome
    after_import: Outcome
    wrong_header: Outcome
    unknown_suffix: Outcome


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as sink:
        csv.writer(sink).writerows(rows)
    return path


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CatalogueSession]:
    if not posylka_command().is_file():
        pytest.fail(f"no posylka command at {posylka_command()}: install posylka (make venv)")
    workdir = tmp_path_factory.mktemp("cli-catalogue")
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
        synced = cli.run("sync")  # brings the store's warehouses
        assert synced.code == 0, synced
        pull = cli.run("catalogue", "sync")
        export_xlsx = cli.run("catalogue", "export", str(workdir / "catalogue.xlsx"))
        book = load_workbook(workdir / "catalogue.xlsx", read_only=True)
        header = next(book.worksheets[0].iter_rows(values_only=True))
        warehouse_id = int(str(next(h for h in header if str(h).startswith("bin:")))[4:])
        book.close()
        bad = write_csv(
            workdir / "bins.csv",
            [
                ["offer_id", "name", "weight_g", "barcodes", f"bin:{warehouse_id}"],
                ["NEW-1", "Новый товар", "120", "4601234567893", "A-01-1"],
                ["NEW-2", "Плохой вес", "тяжёлый", "", ""],
                ["NEW-3", "Плохой штрихкод", "10", "4601234567890", ""],
                ["NEW-4", "Ещё один", "15", "", "B-02"],
            ],
        )
        bad_import = cli.run("catalogue", "import", str(bad))
        after_import = cli.run("catalogue", "export", str(workdir / "after.csv"))
        wrong = write_csv(workdir / "wrong.csv", [["артикул", "name"], ["X-1", "x"]])
        wrong_header = cli.run("catalogue", "import", str(wrong))
        unknown_suffix = cli.run("catalogue", "import", str(workdir / "catalogue.ods"))
        yield CatalogueSession(
            cli, sandbox, warehouse_id, pull, export_xlsx, bad_import, after_import,
            wrong_header, unknown_suffix,
        )  # fmt: skip


def exported(session: CatalogueSession, name: str) -> list[dict[str, str]]:
    with (session.cli.workdir / name).open(encoding="utf-8-sig", newline="") as source:
        return list(csv.DictReader(source))


def test_catalogue_sync_pulls_every_product_of_the_sandbox(session: CatalogueSession) -> None:
    assert session.pull.code == 0, session.pull
    assert "Sandbox: catalogue: 320 products on Ozon, 320 new, 0 updated" in session.pull.out


def test_export_writes_a_workbook_with_every_product(session: CatalogueSession) -> None:
    assert session.export_xlsx.code == 0, session.export_xlsx
    assert "320 products written" in session.export_xlsx.out
    book = load_workbook(session.cli.workdir / "catalogue.xlsx", read_only=True)
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    book.close()
    assert rows[0][:4] == ("offer_id", "sku", "ozon_product_id", "name")
    assert len(rows) == 321


def test_an_import_lists_each_bad_row_and_imports_the_good_ones(
    session: CatalogueSession,
) -> None:
    outcome = session.bad_import
    assert outcome.code == 1, outcome
    assert "4 rows read, 2 products added, 0 updated, 0 unchanged, 2 rows refused" in outcome.out
    assert "2 rows of bins.csv were refused; the other rows were imported." in outcome.err
    lines = [" ".join(line.split()) for line in outcome.out.splitlines()]
    assert any("3 │ weight_g │ “тяжёлый” is not a number." in line for line in lines), outcome
    assert any("4 │ barcodes │ Barcode “4601234567890”" in line for line in lines), outcome
    rows = {row["offer_id"]: row for row in exported(session, "after.csv")}
    assert len(rows) == 322
    assert rows["NEW-1"][f"bin:{session.warehouse_id}"] == "A-01-1"
    assert rows["NEW-1"]["barcodes"] == "4601234567893"
    assert rows["NEW-4"]["weight_g"] == "15"
    assert "NEW-2" not in rows
    assert "NEW-3" not in rows


def test_a_wrong_header_is_refused_whole_naming_the_columns(session: CatalogueSession) -> None:
    outcome = session.wrong_header
    assert outcome.code == 1, outcome
    assert "Traceback" not in outcome.out + outcome.err
    assert "wrong.csv was not imported: nothing was changed." in outcome.err
    assert "Row 1, column артикул: Unknown column" in outcome.out
    assert "Row 1, column offer_id: The column is missing" in outcome.out


def test_a_file_that_is_not_a_spreadsheet_is_refused_in_one_sentence(
    session: CatalogueSession,
) -> None:
    outcome = session.unknown_suffix
    assert outcome.code == 1, outcome
    assert outcome.err.strip() == "catalogue.ods: the file must be .csv or .xlsx."
