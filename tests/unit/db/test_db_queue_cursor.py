"""Queue cursors: opaque, round-trip exactly, and unreadable ones mean the first page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from posylka.adapters.db.posting_queue import Cursor

MOSCOW = timezone(timedelta(hours=3))


@pytest.mark.parametrize(
    "cursor",
    [
        Cursor(datetime(2026, 11, 20, 9, 0, 0, 123456, tzinfo=UTC), 42),
        Cursor(datetime(2026, 11, 20, 12, 0, tzinfo=MOSCOW), 7),
        Cursor(None, 9_000_000_000),
    ],
)
def test_a_cursor_round_trips(cursor: Cursor) -> None:
    token = cursor.encode()

    assert Cursor.decode(token) == cursor
    assert "|" not in token


@pytest.mark.parametrize(
    "token",
    ["", "garbage!", "bm90LWEtY3Vyc29y", Cursor(None, 1).encode()[:-2] + "!!"],
)
def test_an_unreadable_cursor_decodes_to_none(token: str) -> None:
    assert Cursor.decode(token) is None


def test_a_cursor_with_a_naive_time_is_refused() -> None:
    forged = Cursor(datetime(2026, 11, 20, 9, 0), 1).encode()  # noqa: DTZ001

    assert Cursor.decode(forged) is None
