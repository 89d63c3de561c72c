"""The sandbox's carriage days: a moment read as the warehouse's local day, and the departure
date of a create request read as a day or a date-time."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from typing import Any

import pytest

from posylka.sandbox.ozon.carriages import local_day, read_departure
from posylka.sandbox.ozon.errors import OzonError
from posylka.sandbox.ozon.network import build_network

NETWORK = build_network(random.Random("net:1"))
MOSCOW = NETWORK.warehouses[0]
YIWU = next(w for w in NETWORK.warehouses if w.utc == "+08:00")
METHOD = NETWORK.methods[0]


def at(*parts: Any) -> int:
    return int(datetime(*parts, tzinfo=UTC).timestamp())


def test_local_day_follows_the_warehouse_offset() -> None:
    late_evening_utc = at(2026, 11, 20, 22, 30)
    assert local_day(late_evening_utc, MOSCOW) == date(2026, 11, 21)
    assert local_day(at(2026, 11, 20, 15, 59), YIWU) == date(2026, 11, 20)
    assert local_day(at(2026, 11, 20, 16, 0), YIWU) == date(2026, 11, 21)


@pytest.mark.parametrize(
    "text", ["2026-11-25", "2026-11-25T00:00:00Z", " 2026-11-25T09:30:00+03:00"]
)
def test_departure_is_read_as_a_day_or_a_date_time(text: str) -> None:
    assert read_departure(text, METHOD, at(2026, 11, 20, 12)) == date(2026, 11, 25)


def test_departure_left_out_is_today_at_the_warehouse() -> None:
    assert read_departure(None, METHOD, at(2026, 11, 20, 22, 30)) == date(2026, 11, 21)


def test_departure_that_is_not_a_date_is_refused() -> None:
    with pytest.raises(OzonError) as refused:
        read_departure("tomorrow", METHOD, at(2026, 11, 20, 12))
    assert refused.value.http_status == 400
    assert "departure_date" in refused.value.message
