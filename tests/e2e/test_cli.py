"""The ``posylka`` command as a user runs it: each command a subprocess of the installed script,
with its own data directory, against the Ozon sandbox served by ``posylka sandbox serve``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from cli_session import Outcome, Posylka, ServedSandbox, posylka_command, served_sandbox

from posylka.adapters.clock import SystemClock
from posylka.adapters.security import Argon2PasswordHasher
from posylka.bootstrap import build
from posylka.config import Settings
from posylka.services.accounts import InvalidCredentials, log_in

SANDBOX_POSTINGS = 300
SANDBOX_NOW = "2026-03-10T09:00:00"
PASSWORD = "packing table 7"
WRONG_KEY = "00000000-0000-4000-8000-000000000000"


def one_sentence(text: str) -> str:
    """The message a failing command printed, which must be exactly one line."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got:\n{text}"
    return lines[0].strip()


def assert_failed_cleanly(outcome: Outcome) -> str:
    """Exit code 1, no traceback, and one sentence on stderr; returns the sentence."""
    assert outcome.code == 1, outcome
    assert "Traceback" not in outcome.out + outcome.err, outcome
    assert outcome.out.strip() == "", outcome
    sentence = one_sentence(outcome.err)
    assert sentence.endswith("."), outcome
    return sentence


@pytest.fixture(scope="module", autouse=True)
def installed_command() -> None:
    if not posylka_command().is_file():
        pytest.fail(f"no posylka command at {posylka_command()}: install posylka (make venv)")


@dataclass
class Session:
    """A user's first steps with posylka, one command after the other, each outcome kept."""

    cli: Posylka
    sandbox: ServedSandbox
    upgrade: Outcome
    user_add: Outcome
    store_add: Outcome
    store_list: Outcome


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    workdir = tmp_path_factory.mktemp("cli")
    cli = Posylka(workdir, workdir / "data")
    with served_sandbox(
        cli, "--postings", str(SANDBOX_POSTINGS), "--now", SANDBOX_NOW, "--seed", "3"
    ) as sandbox:
        upgrade = cli.run("db", "upgrade")
        user_add = cli.run("user", "add", "olga", "--password", PASSWORD, "--role", "manager")
        store_add = cli.run(
            "store", "add", "--name", "Sandbox", "--client-id", sandbox.client_id,
            "--api-key", sandbox.api_key, "--base-url", sandbox.url,
        )  # fmt: skip
        store_list = cli.run("store", "list")
        yield Session(cli, sandbox, upgrade, user_add, store_add, store_list)


def test_sandbox_serve_prints_where_it_listens_and_the_credentials(session: Session) -> None:
    banner = session.sandbox.banner
    assert f"Ozon sandbox: {session.sandbox.url}" in banner
    assert session.sandbox.client_id == "100500"
    assert len(session.sandbox.api_key) == 36
    assert f"{SANDBOX_POSTINGS} postings from seed 3" in banner


def test_db_upgrade_creates_the_database_in_the_data_dir(session: Session) -> None:
    assert session.upgrade.code == 0, session.upgrade
    assert "Database is up to date" in session.upgrade.out
    assert (session.cli.data_dir / "posylka.db").is_file()


def test_user_add_creates_an_account_that_logs_in_with_the_given_password(
    session: Session,
) -> None:
    assert session.user_add.code == 0, session.user_add
    assert "Added olga (manager)" in session.user_add.out
    container = build(Settings(data_dir=session.cli.data_dir, database_url="", _env_file=None))
    try:
        common = {
            "uow": container.uow,
            "hasher": Argon2PasswordHasher(),
            "clock": SystemClock(),
            "lifetime": timedelta(minutes=1),
        }
        opened = log_in("olga", PASSWORD, **common)
        assert opened.account.role == "manager"
        with pytest.raises(InvalidCredentials):
            log_in("olga", PASSWORD + "x", **common)
    finally:
        container.close()


def test_store_add_confirms_and_store_list_shows_the_store_without_its_key(
    session: Session,
) -> None:
    assert session.store_add.code == 0, session.store_add
    assert "Added store #1 'Sandbox'" in session.store_add.out
    assert session.store_list.code == 0, session.store_list
    listed = session.store_list.out
    assert "Sandbox" in listed
    assert session.sandbox.client_id in listed
    assert session.sandbox.url in listed
    assert session.sandbox.api_key not in listed


@pytest.mark.parametrize(
    ("database_url", "says"),
    [
        ("postgresql://nobody@127.0.0.1:1/x", "cannot be reached"),
        ("foo://bar", "'foo'"),
    ],
    ids=["unreachable-postgresql", "unknown-scheme"],
)
def test_a_bad_database_url_fails_at_start_in_one_sentence(
    tmp_path: Path, database_url: str, says: str
) -> None:
    cli = Posylka(tmp_path, tmp_path / "data", database_url=database_url)
    sentence = assert_failed_cleanly(cli.run("db", "upgrade"))
    assert "POSYLKA_DATABASE_URL" in sentence
    assert says in sentence


def test_a_data_dir_that_cannot_be_created_fails_at_start_in_one_sentence(
    tmp_path: Path,
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory\n", encoding="utf-8")
    cli = Posylka(tmp_path, blocker / "data")
    sentence = assert_failed_cleanly(cli.run("db", "upgrade"))
    assert "POSYLKA_DATA_DIR" in sentence
    assert str(blocker / "data") in sentence


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_a_read_only_data_dir_fails_at_start_in_one_sentence(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    data_dir.chmod(0o500)
    try:
        cli = Posylka(tmp_path, data_dir)
        sentence = assert_failed_cleanly(cli.run("db", "upgrade"))
    finally:
        data_dir.chmod(0o700)
    assert "POSYLKA_DATA_DIR" in sentence
