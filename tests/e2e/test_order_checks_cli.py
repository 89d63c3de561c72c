"""``posylka checks`` as a user runs it: its own data directory, no Ozon needed (no sync runs)."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_session import Posylka

pytestmark = pytest.mark.e2e


@pytest.fixture
def cli(tmp_path: Path) -> Posylka:
    posylka = Posylka(tmp_path, tmp_path / "data")
    assert posylka.run("db", "upgrade").code == 0
    added = posylka.run(
        "store", "add", "--name", "Чайный дом", "--client-id", "123456",
        "--api-key", "key", "--base-url", "http://127.0.0.1:9",
    )  # fmt: skip
    assert added.code == 0, added
    return posylka


def test_the_duplicate_window_is_thirty_minutes_until_set(cli: Posylka) -> None:
    shown = cli.run("checks", "window", "--store", "1")
    assert shown.code == 0, shown
    assert "Duplicate window of store #1: 30 min." in shown.out

    changed = cli.run("checks", "window", "--store", "1", "--minutes", "45")
    assert changed.code == 0, changed
    assert "set to 45 min; 0 of 0 open postings need attention" in changed.out
    assert "45 min." in cli.run("checks", "window", "--store", "1").out


def test_a_window_out_of_range_or_an_unknown_store_fails_in_one_sentence(cli: Posylka) -> None:
    for args, words in (
        (("window", "--store", "1", "--minutes", "0"), "must be 1 to 1440 minutes, not 0"),
        (("window", "--store", "7", "--minutes", "20"), "no store with id 7"),
        (("run", "--store", "7"), "no store with id 7"),
    ):
        outcome = cli.run("checks", *args)
        assert outcome.code == 1, outcome
        assert "Traceback" not in outcome.err
        assert words in outcome.err, outcome
    assert "30 min." in cli.run("checks", "window", "--store", "1").out


def test_checks_run_counts_the_verdicts(cli: Posylka) -> None:
    outcome = cli.run("checks", "run", "--store", "1")
    assert outcome.code == 0, outcome
    assert "Checked 0 open postings: 0 ready, 0 need attention." in outcome.out
