"""Same seed, same sandbox time: byte-identical answers."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sandbox_support import NOW, client_for, iso, list_body, make_app

from posylka.sandbox.ozon.app import SandboxApp

REQUESTS: list[tuple[str, dict[str, Any]]] = [
    (
        "/v4/posting/fbs/list",
        list_body(limit=100, **{"with": {"analytics_data": True, "legal_info": True}}),
    ),
    (
        "/v4/posting/fbs/unfulfilled/list",
        {
            "limit": 50,
            "filter": {"cutoff_from": iso(NOW - timedelta(days=9)), "cutoff_to": iso(NOW)},
        },
    ),
    ("/v2/warehouse/list", {"limit": 10}),
    ("/v2/delivery-method/list", {"limit": 20}),
]


async def _answers(app: SandboxApp) -> list[bytes]:
    async with client_for(app) as client:
        answers = [(await client.post(path, json=body)).content for path, body in REQUESTS]
        number = app.state.postings[123].posting_number
        got = await client.post("/v3/posting/fbs/get", json={"posting_number": number})
        answers.append(got.content)
    return answers


async def test_the_same_seed_gives_byte_identical_answers() -> None:
    assert await _answers(make_app(seed=5, postings=800)) == await _answers(
        make_app(seed=5, postings=800)
    )


async def test_another_seed_gives_other_postings() -> None:
    first, other = (
        await _answers(make_app(seed=5, postings=800)),
        await _answers(make_app(seed=6, postings=800)),
    )
    assert first[0] != other[0]


async def test_the_same_seed_at_a_later_time_shows_postings_moved_on() -> None:
    early = make_app(seed=5, postings=800)
    late = make_app(seed=5, postings=800, now=NOW + timedelta(days=2), anchor=NOW)
    early_answers, late_answers = await _answers(early), await _answers(late)
    assert early_answers[2:4] == late_answers[2:4]
    assert early_answers[1] != late_answers[1]
