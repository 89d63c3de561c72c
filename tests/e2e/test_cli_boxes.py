"""``posylka boxes`` as a user runs it: a store's default catalogue listed, exported and
imported back, a file with a bad row refused with the row named and nothing changed, and a
recommendation for a synced posting that fetches the drop-off limits from the Ozon sandbox."""

from __future__ import annotations

import csv
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_session import Outcome, Posylka, finish, posylka_command, served_sandbox


@dataclass
class BoxSession:
    listing: Outcome
    export: Outcome
    import_back: Outcome
    bad_import: Outcome
    after_bad: Outcome
    recommend: Outcome
    unknown_posting: Outcome
    workdir: Path


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as sink:
        csv.writer(sink).writerows(rows)
    return path


def a_posting(data_dir: Path) -> str:
    with sqlite3.connect(data_dir / "posylka.db") as db:
        (number,) = db.execute(
            "SELECT posting_number FROM postings WHERE status = 'awaiting_packaging' "
            "ORDER BY posting_number LIMIT 1"
        ).fetchone()
    return str(number)


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> BoxSession:
    if not posylka_command().is_file():
        pytest.fail(f"no posylka command at {posylka_command()}: install posylka (make venv)")
    workdir = tmp_path_factory.mktemp("cli-boxes")
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
        assert cli.run("sync").code == 0
        listing = cli.run("boxes", "list")
        export = cli.run("boxes", "export", str(workdir / "boxes.csv"))
        import_back = cli.run("boxes", "import", str(workdir / "boxes.csv"))
        bad = write_csv(
            workdir / "bad.csv",
            [
                ["code", "kind", "length_mm", "width_mm", "height_mm", "max_weight_g", "cost"],
                ["TUBE", "box", "600", "80", "80", "3000", "19.50"],
                ["CRATE", "crate", "800", "600", "600", "60000", "30"],
            ],
        )
        bad_import = cli.run("boxes", "import", str(bad))
        after_bad = cli.run("boxes", "list")
        recommend = cli.run("boxes", "recommend", a_posting(workdir / "data"))
        unknown_posting = cli.run("boxes", "recommend", "0000000000-0000-1", "--offline")
    return BoxSession(
        listing, export, import_back, bad_import, after_bad, recommend, unknown_posting, workdir
    )


def test_a_new_store_lists_the_default_catalogue(session: BoxSession) -> None:
    assert session.listing.code == 0, session.listing
    assert "BOX-XL" in session.listing.out
    assert "ENV-S" in session.listing.out


def test_an_exported_catalogue_imports_back_unchanged(session: BoxSession) -> None:
    assert session.export.code == 0, session.export
    assert "9 boxes written" in session.export.out
    assert "0 boxes added, 0 changed" in session.import_back.out


def test_a_file_with_a_bad_row_is_refused_with_the_row_named(session: BoxSession) -> None:
    assert session.bad_import.code == 1
    assert (
        "bad.csv: Row 3, column kind: Unknown kind “crate”: use box, bag or envelope."
        in session.bad_import.out
    )
    assert "TUBE" not in session.after_bad.out


def test_a_recommendation_names_items_without_sizes_and_keeps_every_unit(
    session: BoxSession,
) -> None:
    assert session.recommend.code == 0, session.recommend
    assert "has no size in the catalogue" in session.recommend.out
    assert "box(es)" in session.recommend.out


def test_an_unknown_posting_is_refused_in_one_sentence(session: BoxSession) -> None:
    assert session.unknown_posting.code == 1
    assert "Sandbox has no posting 0000000000-0000-1." in session.unknown_posting.err
