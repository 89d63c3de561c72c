"""Small parts of the sandbox: the rate limiter, cursors, the clock and injected breakage."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from posylka.sandbox.ozon import cursor
from posylka.sandbox.ozon.breakage import UNKNOWN_STATUS, malform, status_response
from posylka.sandbox.ozon.clock import SandboxClock
from posylka.sandbox.ozon.errors import OzonError
from posylka.sandbox.ozon.ratelimit import RateLimiter

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


class Ticks:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def test_each_client_id_has_its_own_window() -> None:
    limiter = RateLimiter(2, Ticks())
    assert [limiter.admit("1"), limiter.admit("1"), limiter.admit("1")] == [True, True, False]
    assert limiter.admit("2") is True


def test_a_clock_that_went_back_does_not_lock_a_client_out() -> None:
    ticks = Ticks()
    limiter = RateLimiter(1, ticks)
    limiter.admit("1")
    ticks.now -= 10
    assert limiter.admit("1") is True


def test_a_cursor_round_trips_its_key() -> None:
    printed = cursor.fingerprint({"a": 1})
    assert cursor.decode(cursor.encode((1700000000, "123-0001-1"), printed), printed) == (
        1700000000,
        "123-0001-1",
    )


def test_a_cursor_of_another_query_is_refused() -> None:
    token = cursor.encode((1, "x"), cursor.fingerprint({"a": 1}))
    with pytest.raises(OzonError) as refused:
        cursor.decode(token, cursor.fingerprint({"a": 2}))
    assert (refused.value.http_status, refused.value.code) == (400, 3)


def test_the_fingerprint_ignores_key_order() -> None:
    assert cursor.fingerprint({"a": 1, "b": [2]}) == cursor.fingerprint({"b": [2], "a": 1})


def test_a_frozen_clock_moves_only_when_told() -> None:
    clock = SandboxClock(T0)
    assert clock.now() == T0
    assert clock.advance(90) == T0 + timedelta(seconds=90)
    assert clock.set(T0 - timedelta(days=1)) == T0 - timedelta(days=1)


def test_a_running_clock_follows_its_source_plus_what_tests_added() -> None:
    source = [T0]
    clock = SandboxClock(source=lambda: source[0])
    clock.advance(3600)
    source[0] = T0 + timedelta(minutes=5)
    assert clock.now() == T0 + timedelta(hours=1, minutes=5)
    clock.set(T0)
    assert clock.now() == T0


def test_naive_moments_are_read_as_utc() -> None:
    assert SandboxClock(datetime(2026, 1, 1)).now() == datetime(2026, 1, 1, tzinfo=UTC)  # noqa: DTZ001


POSTINGS = [
    {"posting_number": "1-1-1", "status": "delivered"},
    {"posting_number": "2-1-1", "status": "delivering"},
    {"posting_number": "3-1-1", "status": "cancelled"},
]
PAGE = json.dumps({"cursor": "", "has_next": False, "postings": POSTINGS}).encode()


def test_malformed_json_is_cut_short() -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(malform(PAGE, "json"))


def test_a_missing_field_is_taken_from_the_middle_posting() -> None:
    postings = json.loads(malform(PAGE, "missing_field"))["postings"]
    assert ["posting_number" in p for p in postings] == [True, False, True]


def test_an_unknown_status_is_put_on_the_middle_posting() -> None:
    postings = json.loads(malform(PAGE, "unknown_status"))["postings"]
    assert [p["status"] for p in postings] == ["delivered", UNKNOWN_STATUS, "cancelled"]


def test_an_answer_without_records_is_cut_instead() -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(malform(b'{"ok": true, "value": 12345}', "missing_field"))


def test_an_injected_500_is_ozons_internal_error() -> None:
    response = status_response(500)
    assert response.status_code == 500
    assert json.loads(bytes(response.body)) == {
        "code": 13,
        "message": "Internal error",
        "details": [],
    }
