"""The posting lists' answers, written straight to bytes, are byte for byte the plain rendering
through the wire models, page after page, as sandbox time moves and statuses change."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from sandbox_support import NOW, client_for, iso, list_body, make_app

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon import listing
from posylka.sandbox.ozon.app import SandboxApp
from posylka.sandbox.ozon.rendering import Extras, posting_v4

SYNC_WITH = {"analytics_data": True, "barcodes": True, "legal_info": True}
EVERYTHING = {**SYNC_WITH, "financial_data": True}

LIST_BODIES = [
    list_body(limit=100, sort_dir="ASC", **{"with": SYNC_WITH}),
    list_body(limit=37, sort_dir="desc", translit=True, **{"with": EVERYTHING}),
    list_body(limit=50, filter={"statuses": ["delivering", "cancelled", "awaiting_packaging"]}),
]
UNFULFILLED_BODY = {
    "limit": 40,
    "filter": {
        "cutoff_from": iso(NOW - timedelta(days=9)),
        "cutoff_to": iso(NOW + timedelta(days=4)),
    },
    "with": SYNC_WITH,
}


def _plain_list(app: SandboxApp, body: dict[str, Any]) -> bytes:
    request = wire.PostingListRequest.model_validate(body)
    now = app.state.now()
    page = listing.page(app.state, listing.list_query(request), request.cursor, now)
    extras = Extras.of(request.with_, request.translit)
    answer = wire.PostingListResponse(
        cursor=page.cursor,
        has_next=page.has_next,
        postings=[posting_v4(p, now, extras) for p in page.postings],
    )
    return answer.model_dump_json().encode()


def _plain_unfulfilled(app: SandboxApp, body: dict[str, Any]) -> bytes:
    request = wire.UnfulfilledListRequest.model_validate(body)
    now = app.state.now()
    query = listing.unfulfilled_query(request)
    page = listing.page(app.state, query, request.cursor, now)
    extras = Extras.of(request.with_, request.translit)
    answer = wire.UnfulfilledListResponse(
        count=listing.count(app.state, query, now),
        cursor=page.cursor,
        has_next=page.has_next,
        postings=[posting_v4(p, now, extras) for p in page.postings],
    )
    return answer.model_dump_json().encode()


async def _compare_pages(
    client: httpx.AsyncClient, app: SandboxApp, path: str, body: dict[str, Any]
) -> int:
    """Walk every page, comparing each answer with the plain rendering; the pages walked."""
    plain = _plain_list if path == "/v4/posting/fbs/list" else _plain_unfulfilled
    cursor, pages = "", 0
    while True:
        asked = {**body, "cursor": cursor}
        answer = await client.post(path, json=asked)
        assert answer.status_code == 200, answer.text
        assert answer.content == plain(app, asked), f"page {pages + 1} of {path}"
        assert answer.headers["content-type"] == "application/json"
        pages += 1
        page = answer.json()
        if not page["has_next"]:
            return pages
        cursor = page["cursor"]


@pytest.mark.parametrize("body", LIST_BODIES)
async def test_list_pages_equal_the_plain_rendering(body: dict[str, Any]) -> None:
    app = make_app(postings=450, arrivals_per_day=15)
    async with client_for(app) as client:
        assert await _compare_pages(client, app, "/v4/posting/fbs/list", body) > 1
        # Twice: the second walk is written from the kept pieces.
        assert await _compare_pages(client, app, "/v4/posting/fbs/list", body) > 1


async def test_unfulfilled_pages_equal_the_plain_rendering() -> None:
    app = make_app(postings=450)
    async with client_for(app) as client:
        assert (
            await _compare_pages(client, app, "/v4/posting/fbs/unfulfilled/list", UNFULFILLED_BODY)
            > 1
        )


async def test_pages_stay_equal_as_time_moves_and_statuses_change() -> None:
    app = make_app(postings=450, arrivals_per_day=15)
    body = list_body(
        limit=100, **{"with": SYNC_WITH, "filter": {"to": iso(NOW + timedelta(days=3))}}
    )
    async with client_for(app) as client:
        await _compare_pages(client, app, "/v4/posting/fbs/list", body)
        for hours in (3, 20, 48):
            moved = await client.post("/__sandbox/clock", json={"advance_seconds": hours * 3600})
            assert moved.status_code == 200
            await _compare_pages(client, app, "/v4/posting/fbs/list", body)
        for posting, status in zip(
            app.state.postings[20:200:30],
            ["cancelled", "delivering", "awaiting_deliver"] * 2,
            strict=True,
        ):
            changed = await client.post(
                f"/__sandbox/postings/{posting.posting_number}/status", json={"status": status}
            )
            assert changed.status_code == 200, changed.text
        await _compare_pages(client, app, "/v4/posting/fbs/list", body)
        await _compare_pages(client, app, "/v4/posting/fbs/unfulfilled/list", UNFULFILLED_BODY)
