"""The ``posylka`` command as a user runs it: each command a subprocess of the installed script,
with its own data directory, against the Ozon sandbox served by ``posylka sandbox serve``."""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cli_session import (
    Background,
    Outcome,
    Posylka,
    ServedSandbox,
    finish,
    free_port,
    in_background,
    posylka_command,
    served_sandbox,
)

from posylka.adapters.clock import SystemClock
from posylka.adapters.security import Argon2PasswordHasher
from posylka.bootstrap import build
from posylka.config import Settings
from posylka.services.accounts import InvalidCredentials, log_in

SANDBOX_POSTINGS = 300
PASSWORD = "packing table 7"
WRONG_KEY = "00000000-0000-4000-8000-000000000000"
CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def one_sentence(text: str) -> str:
    """The message a failing command printed, which must be exactly one line."""
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got:\n{text}"
    return lines[0].strip()


def assert_failed_cleanly(outcome: Outcome) -> str:
    """Exit code 1, no traceback, and one sentence on stderr; returns the sentence."""
    assert outcome.code == 1, outcome
    assert "Traceback" not in outcome.out + outcome.err, outcome
    sentence = one_sentence(outcome.err)
    assert sentence.endswith("."), outcome
    return sentence


def figure(outcome: Outcome, label: str) -> int:
    """A number from a sync summary table: the row that starts with ``label``."""
    found = re.search(rf"^\W*{re.escape(label)}\W+(\d+)\W*$", outcome.out, re.MULTILINE)
    assert found, f"no {label!r} in the summary:\n{outcome}"
    return int(found.group(1))


@pytest.fixture(scope="module", autouse=True)
def installed_command() -> None:
    if not posylka_command().is_file():
        pytest.fail(f"no posylka command at {posylka_command()}: install posylka (make venv)")


@dataclass
class Refusal:
    """Another installation, whose only store was added with a wrong Api-Key, then synced."""

    prepared: tuple[Outcome, ...]
    sync: Outcome
    store_list: Outcome

    def assert_prepared(self) -> None:
        for outcome in self.prepared:
            assert outcome.code == 0, outcome


def refuse(cli: Posylka, sandbox: ServedSandbox) -> Refusal:
    prepared = (
        cli.run("db", "upgrade"),
        cli.run(
            "store", "add", "--name", "Refused", "--client-id", sandbox.client_id,
            "--api-key", WRONG_KEY, "--base-url", sandbox.url,
        ),
    )  # fmt: skip
    return Refusal(prepared, cli.run("sync"), cli.run("store", "list"))


@dataclass
class Session:
    """A user's first steps with posylka, each command's outcome kept."""

    cli: Posylka
    sandbox: ServedSandbox
    upgrade: Outcome
    user_add: Outcome
    store_add: Outcome
    store_list: Outcome
    first_sync: Outcome
    second_sync: Outcome
    refusal: Refusal


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    """One user's steps in order; a second installation with a refused key and the staff
    account run alongside, as they touch nothing the steps depend on."""
    workdir = tmp_path_factory.mktemp("cli")
    cli = Posylka(workdir, workdir / "data")
    upgrading = cli.start("db", "upgrade")  # while the sandbox starts
    # Sandbox time stands still, so nothing changes between the two syncs.
    frozen = datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat()
    served = served_sandbox(cli, "--postings", str(SANDBOX_POSTINGS), "--now", frozen)
    with served as sandbox, ThreadPoolExecutor(1) as alongside:
        other = Posylka(workdir, workdir / "other-data")
        refusal = alongside.submit(refuse, other, sandbox)
        upgrade = finish(upgrading)
        adding_user = cli.start("user", "add", "olga", "--password", PASSWORD, "--role", "manager")
        store_add = cli.run(
            "store", "add", "--name", "Sandbox", "--client-id", sandbox.client_id,
            "--api-key", sandbox.api_key, "--base-url", sandbox.url,
        )  # fmt: skip
        store_list = cli.run("store", "list")
        first_sync = cli.run("sync")
        second_sync = cli.run("sync")
        yield Session(
            cli, sandbox, upgrade, finish(adding_user), store_add, store_list,
            first_sync, second_sync, refusal.result(),
        )  # fmt: skip


def test_sandbox_serve_prints_where_it_listens_and_the_credentials(session: Session) -> None:
    banner = session.sandbox.banner
    assert f"Ozon sandbox: {session.sandbox.url}" in banner
    assert session.sandbox.client_id == "100500"
    assert len(session.sandbox.api_key) == 36
    assert f"{SANDBOX_POSTINGS} postings from seed 1" in banner


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


def test_sync_reads_every_posting_and_prints_a_summary(session: Session) -> None:
    outcome = session.first_sync
    assert outcome.code == 0, outcome
    assert "Sandbox: first sync" in outcome.out
    assert figure(outcome, "postings read") == SANDBOX_POSTINGS
    assert figure(outcome, "new") == SANDBOX_POSTINGS
    assert figure(outcome, "problems") == 0


def test_a_second_sync_finds_nothing_new_with_one_call(session: Session) -> None:
    outcome = session.second_sync
    assert outcome.code == 0, outcome
    assert "Sandbox: changes since the last sync" in outcome.out
    assert figure(outcome, "new") == 0
    assert figure(outcome, "updated") == 0
    assert figure(outcome, "status changes") == 0
    assert figure(outcome, "Ozon API calls") == 1


def test_a_refused_api_key_ends_the_sync_in_one_sentence(session: Session) -> None:
    session.refusal.assert_prepared()
    sentence = assert_failed_cleanly(session.refusal.sync)
    assert sentence.startswith("Refused: ")
    assert "Api-Key" in sentence


def test_store_list_shows_the_refused_key_as_the_last_error(session: Session) -> None:
    session.refusal.assert_prepared()
    listed = session.refusal.store_list
    assert listed.code == 0, listed
    refused = next(line for line in listed.out.splitlines() if "Refused" in line)
    assert "Api-Key" in refused


@pytest.fixture
def served_desk(session: Session) -> Iterator[Background]:
    """``posylka serve`` on the session's data directory, on a free port."""
    port = free_port()
    command = ("serve", "--port", str(port))
    with in_background(session.cli, *command, port=port, ready="posylka starts on") as desk:
        yield desk


def test_serve_shows_the_synced_queue_to_staff_added_on_the_command_line(
    served_desk: Background,
) -> None:
    with httpx.Client(base_url=served_desk.url) as browser:
        assert browser.get("/healthz").json()["status"] == "ok"
        token = CSRF_FIELD.search(browser.get("/login").text)
        assert token, "the login page has no CSRF field"
        form = {"username": "olga", "password": PASSWORD, "csrf_token": token.group(1)}
        assert browser.post("/login", data=form).status_code == 303
        queue = browser.get("/", params={"status": "all"})
    assert queue.status_code == 200
    assert f"{SANDBOX_POSTINGS} postings" in queue.text


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_serve_stops_its_job_queue_when_told_to_stop(
    served_desk: Background, signum: signal.Signals
) -> None:
    served_desk.process.send_signal(signum)
    served_desk.process.wait(timeout=90)
    assert "job queue stopped" in served_desk.log.read_text(encoding="utf-8")


UNREACHABLE_DATABASE = "postgresql://nobody@127.0.0.1:1/x"
START_FAILURES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "unreachable-postgresql": (("sync",), {"database_url": UNREACHABLE_DATABASE}),
    "unknown-scheme": (("db", "upgrade"), {"database_url": "foo://bar"}),
    "data-dir-under-a-file": (("user", "add", "bob", "--password", PASSWORD), {}),
}


@pytest.fixture(scope="module")
def start_failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Outcome]]:
    """Each case's data directory and outcome; the cases share nothing, so they run at once."""
    started = {}
    for case, (command, settings) in START_FAILURES.items():
        workdir = tmp_path_factory.mktemp(case)
        blocker = workdir / "a-file"
        blocker.write_text("not a directory\n", encoding="utf-8")
        data_dir = blocker / "data" if case == "data-dir-under-a-file" else workdir / "data"
        started[case] = (data_dir, Posylka(workdir, data_dir, **settings).start(*command))
    return {case: (data_dir, finish(process)) for case, (data_dir, process) in started.items()}


@pytest.mark.parametrize(
    ("case", "says"),
    [("unreachable-postgresql", "cannot be reached"), ("unknown-scheme", "'foo'")],
)
def test_a_bad_database_url_fails_at_start_in_one_sentence(
    start_failures: dict[str, tuple[Path, Outcome]], case: str, says: str
) -> None:
    _, outcome = start_failures[case]
    sentence = assert_failed_cleanly(outcome)
    assert outcome.out.strip() == "", outcome
    assert "POSYLKA_DATABASE_URL" in sentence
    assert says in sentence


def test_a_data_dir_that_cannot_be_created_fails_at_start_in_one_sentence(
    start_failures: dict[str, tuple[Path, Outcome]],
) -> None:
    data_dir, outcome = start_failures["data-dir-under-a-file"]
    sentence = assert_failed_cleanly(outcome)
    assert outcome.out.strip() == "", outcome
    assert "POSYLKA_DATA_DIR" in sentence
    assert str(data_dir) in sentence


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
