"""``posylka sync`` and ``posylka worker``: the commands against the sandbox on a real socket, with
a data directory of their own; in-process through Typer's runner, and once as a separate process
the way a seller runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sync_world import NOW, sandbox
from typer.testing import CliRunner

from posylka import bootstrap
from posylka.config import Settings
from posylka.domain.stores import StoreCredentials
from posylka.entrypoints.cli import app as cli
from posylka.sandbox.ozon.app import SandboxApp
from posylka.sandbox.ozon.server import running_sandbox

WRONG_KEY = "00000000-0000-4000-8000-000000000000"


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[SandboxApp, str]]:
    app = sandbox(postings=800)
    with running_sandbox(app) as url:
        yield app, url


@pytest.fixture
def data_dir(tmp_path: Path, served: tuple[SandboxApp, str]) -> Path:
    """A data directory with a migrated database, a store for the sandbox and one with a key
    Ozon refuses."""
    app, url = served
    container = bootstrap.build(Settings(data_dir=tmp_path, database_url="", redis_url=""))
    try:
        bootstrap.upgrade_database(container)
        with container.uow() as tx:
            for name, key in (("Песочница", app.config.accepted_api_key), ("Чужой", WRONG_KEY)):
                tx.stores.add(name, StoreCredentials("100500", key, url), now=NOW)
            tx.commit()
    finally:
        container.close()
    return tmp_path


def run(data_dir: Path, *args: str) -> tuple[int, str]:
    env = {"POSYLKA_DATA_DIR": str(data_dir), "POSYLKA_DATABASE_URL": "", "POSYLKA_REDIS_URL": ""}
    result = CliRunner().invoke(cli, list(args), env=env)
    return result.exit_code, result.output


def test_sync_pulls_a_stores_postings_and_prints_a_summary(data_dir: Path) -> None:
    code, first = run(data_dir, "sync", "--store", "Песочница")
    again, second = run(data_dir, "sync", "--store", "Песочница")

    assert code == 0, first
    assert "Песочница: first sync" in first
    assert "100%" in first
    assert _row(first, "new") == 800
    assert again == 0, second
    assert "changes since the last sync" in second
    assert (_row(second, "Ozon API calls"), _row(second, "new")) == (1, 0)


def test_an_unknown_store_name_is_refused(data_dir: Path) -> None:
    code, output = run(data_dir, "sync", "--store", "Нет такого")

    assert code == 1
    assert "There is no store named 'Нет такого'" in output


def test_the_worker_explains_that_it_needs_redis(data_dir: Path) -> None:
    code, output = run(data_dir, "worker")

    assert code == 1
    assert "POSYLKA_REDIS_URL is not set" in output
    assert "posylka serve" in output


def test_wrong_credentials_end_the_command_with_one_sentence_and_exit_code_1(
    data_dir: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("POSYLKA_")}
    env.update({"POSYLKA_DATA_DIR": str(data_dir), "COLUMNS": "200", "NO_COLOR": "1"})

    result = subprocess.run(
        [str(Path(sys.executable).parent / "posylka"), "sync", "--store", "Чужой"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Чужой: Ozon rejected the Client-Id/Api-Key for store #2 (Client-Id 100500): "
        "Invalid Api-Key, please check the key and try again."
    )
    container = bootstrap.build(Settings(data_dir=data_dir, database_url="", redis_url=""))
    try:
        with container.uow() as tx:
            errors = {status.store_name: status.last_error for status in tx.sync_state.status()}
    finally:
        container.close()
    assert errors["Чужой"] in result.stderr


def _row(output: str, label: str) -> int:
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip("│| ").split("│")]
        if len(cells) == 2 and cells[0] == label:
            return int(cells[1])
    raise AssertionError(f"no {label!r} row in:\n{output}")
