"""Never twice, never lost: the assembly is run by ``posylka assembly start`` in a process of its
own, killed with SIGKILL at each step (the ``POSYLKA_CRASH_AT`` fault-injection hook), and finished
by ``posylka assembly recover`` in another process, against the sandbox on a real socket. Ozon must
have assembled the posting exactly once, and posylka must know it."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from tests.integration.assembly.sandbox_desk import Desk, sandbox_desk

KILLED = -signal.SIGKILL


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    with sandbox_desk(tmp_path / "data") as found:
        yield found


def stored_state(desk: Desk, number: str) -> str:
    engine = create_engine(f"sqlite:///{desk.data_dir / 'posylka.db'}")
    try:
        with engine.connect() as conn:
            return str(
                conn.execute(
                    text("SELECT state FROM posting_assemblies WHERE posting_number = :n"),
                    {"n": number},
                ).scalar_one()
            )
    finally:
        engine.dispose()


def crash_then_recover(desk: Desk, point: str) -> tuple[str, str, dict[str, int]]:
    """Kill the assembly at ``point``; the state it left, then the state after recovery, and
    Ozon's answers to ship."""
    number, boxes = desk.ready_posting()
    killed = desk.run("assembly", "start", number, "--box", boxes[0], "--no-label", crash_at=point)
    assert killed.code == KILLED, killed
    left = stored_state(desk, number)
    desk.must("assembly", "recover", "--older-than", "0", "--no-label")
    return left, stored_state(desk, number), desk.ship_answers()


@pytest.mark.parametrize(
    ("point", "left"),
    [
        ("recorded", "recorded"),
        ("sent", "sent"),
        ("called", "sent"),
        ("accepted", "accepted"),
    ],
)
def test_a_kill_at_each_step_is_recovered_with_one_assembly_at_ozon(
    desk: Desk, point: str, left: str
) -> None:
    assert crash_then_recover(desk, point) == (left, "assembled", {"200": 1})


def test_a_crash_between_recording_and_calling_ozon_sends_nothing_until_recovered(
    desk: Desk,
) -> None:
    number, boxes = desk.ready_posting()
    desk.run("assembly", "start", number, "--box", boxes[0], "--no-label", crash_at="sent")
    assert (desk.ship_answers(), desk.ozon_status(number)) == ({}, "awaiting_packaging")


def test_a_recovered_posting_awaits_delivery_at_ozon(desk: Desk) -> None:
    number, boxes = desk.ready_posting()
    desk.run("assembly", "start", number, "--box", boxes[0], "--no-label", crash_at="called")
    desk.must("assembly", "recover", "--older-than", "0", "--no-label")
    assert desk.ozon_status(number) == "awaiting_deliver"


def test_starting_again_after_a_crash_does_not_assemble_twice(desk: Desk) -> None:
    number, boxes = desk.ready_posting()
    desk.run("assembly", "start", number, "--box", boxes[0], "--no-label", crash_at="accepted")
    # The packer presses the button again instead of waiting for the recovery.
    again = desk.run("assembly", "start", number, "--box", boxes[0], "--no-label")
    assert (again.code, desk.ship_answers()) == (0, {"200": 1})


def test_recovery_with_nothing_left_says_so(desk: Desk) -> None:
    assert "No assembly is left unfinished." in desk.must("assembly", "recover").out
