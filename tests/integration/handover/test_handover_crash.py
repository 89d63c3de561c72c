"""Never made twice, never lost: ``posylka handover create`` killed with SIGKILL right after Ozon
made the carriage (the ``POSYLKA_CRASH_AT`` hook), then run again in another process, against the
sandbox on a real socket. Ozon must have made the carriage once, and the handover must hold it."""

from __future__ import annotations

import json
import re
import signal
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.integration.assembly.sandbox_desk import Desk, sandbox_desk

KILLED = -signal.SIGKILL
CARRIAGE_CREATE = "/v1/carriage/create"


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    with sandbox_desk(tmp_path / "data") as found:
        yield found


def post(desk: Desk, path: str, body: object) -> None:
    request = urllib.request.Request(
        f"{desk.url}/__sandbox{path}",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as answer:
        answer.read()


def assembled_group(desk: Desk, count: int = 3) -> tuple[str, str]:
    """``count`` postings of one Ozon-delivered method assembled at Ozon and synced; the
    method's id and the departure day the desk groups them under."""
    now = desk.app.state.now()
    waiting = [
        p
        for p in desk.app.state.postings
        if p.method.integration == "ozon"
        and (e := p.timeline.at(now)) is not None
        and e.status == "awaiting_packaging"
    ]
    method = waiting[0].method.id
    for posting in [p for p in waiting if p.method.id == method][:count]:
        post(desk, f"/postings/{posting.posting_number}/status", {"status": "awaiting_deliver"})
    desk.must("sync")
    listed = desk.must("handover", "list").out
    day = next(
        found.group(1)
        for line in listed.splitlines()
        if f" {method} " in line and (found := re.search(r"(\d{4}-\d{2}-\d{2})", line))
    )
    return str(method), day


def create_answers(desk: Desk) -> dict[str, int]:
    stats = desk.control("/stats")
    return dict(stats.get("result", stats)["requests"].get(CARRIAGE_CREATE, {}))


def test_a_create_killed_after_ozon_answered_is_taken_up_by_the_next_run(desk: Desk) -> None:
    method, day = assembled_group(desk)
    killed = desk.run(
        "handover", "create", "--method", method, "--date", day, crash_at="carriage_called"
    )
    assert killed.code == KILLED, killed

    again = desk.run("handover", "create", "--method", method, "--date", day)

    assert again.code == 0, again
    assert "took it up instead of making another" in again.out
    assert "Created at Ozon, carriage" in again.out
    assert create_answers(desk) == {"200": 1}


def test_a_create_killed_before_ozon_was_asked_makes_the_carriage_on_the_next_run(
    desk: Desk,
) -> None:
    method, day = assembled_group(desk)
    killed = desk.run(
        "handover", "create", "--method", method, "--date", day, crash_at="carriage_sent"
    )
    assert (killed.code, create_answers(desk)) == (KILLED, {})

    again = desk.run("handover", "create", "--method", method, "--date", day)

    assert again.code == 0, again
    assert "took it up" not in again.out
    assert create_answers(desk) == {"200": 1}
