"""Requests Ozon refuses on the posting lists: HTTP 400, gRPC code 3, in Ozon's envelope."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from sandbox_support import NOW, client_for, iso, list_body, make_app

from posylka.sandbox.ozon.app import SandboxApp

LIST = "/v4/posting/fbs/list"
UNFULFILLED = "/v4/posting/fbs/unfulfilled/list"
WINDOW_RULE = "either filter.cutoff or filter.delivering_date must be specified"


@pytest.fixture(scope="module")
def app() -> SandboxApp:
    return make_app(postings=200)


async def _refusal(app: SandboxApp, path: str, body: Any) -> dict[str, Any]:
    async with client_for(app) as client:
        answer = (
            await client.post(path, content=body)
            if isinstance(body, bytes)
            else await client.post(path, json=body)
        )
    assert answer.status_code == 400, answer.text
    envelope: dict[str, Any] = answer.json()
    assert envelope["code"] == 3
    assert envelope["details"] == []
    return envelope


@pytest.mark.parametrize("limit", [0, 101, -5, None])
async def test_limit_outside_1_to_100_is_refused(app: SandboxApp, limit: int | None) -> None:
    envelope = await _refusal(app, LIST, list_body(limit=limit))
    assert "Limit" in envelope["message"]


async def test_a_body_that_is_not_json_is_refused(app: SandboxApp) -> None:
    envelope = await _refusal(app, LIST, b'{"limit": 10,')
    assert envelope["message"].startswith("invalid request body")


async def test_a_json_array_body_is_refused(app: SandboxApp) -> None:
    await _refusal(app, LIST, b"[1, 2]")


@pytest.mark.parametrize(
    "body",
    [
        list_body(limit="many"),
        list_body(filter={"statuses": "awaiting_packaging"}),
        list_body(filter={"warehouse_ids": [{"id": 1}]}),
        list_body(filter={"since": "yesterday"}),
        {"limit": 10, "filter": "all"},
    ],
    ids=["limit-text", "statuses-not-list", "id-object", "date-text", "filter-text"],
)
async def test_fields_of_the_wrong_type_are_refused(app: SandboxApp, body: Any) -> None:
    await _refusal(app, LIST, body)


async def test_the_filter_is_required(app: SandboxApp) -> None:
    envelope = await _refusal(app, LIST, {"limit": 10})
    assert "Filter" in envelope["message"]


@pytest.mark.parametrize("missing", ["since", "to"])
async def test_since_and_to_are_required(app: SandboxApp, missing: str) -> None:
    body = list_body()
    del body["filter"][missing]
    envelope = await _refusal(app, LIST, body)
    assert "filter.since and filter.to" in envelope["message"]


async def test_a_period_longer_than_a_year_is_refused(app: SandboxApp) -> None:
    body = list_body(filter={"since": iso(NOW - timedelta(days=367)), "to": iso(NOW)})
    envelope = await _refusal(app, LIST, body)
    assert "one year" in envelope["message"]


async def test_a_period_of_exactly_a_year_is_accepted(app: SandboxApp) -> None:
    body = list_body(filter={"since": "2025-11-20T12:00:00Z", "to": "2026-11-20T12:00:00Z"})
    async with client_for(app) as client:
        assert (await client.post(LIST, json=body)).status_code == 200


async def test_to_before_since_is_refused(app: SandboxApp) -> None:
    body = list_body(filter={"since": iso(NOW), "to": iso(NOW - timedelta(days=1))})
    await _refusal(app, LIST, body)


async def test_an_unknown_status_in_the_filter_is_refused(app: SandboxApp) -> None:
    envelope = await _refusal(app, LIST, list_body(filter={"statuses": ["teleported"]}))
    assert "teleported" in envelope["message"]


async def test_an_unknown_sort_direction_is_refused(app: SandboxApp) -> None:
    await _refusal(app, LIST, list_body(sort_dir="sideways"))


async def test_a_garbage_cursor_is_refused(app: SandboxApp) -> None:
    envelope = await _refusal(app, LIST, list_body(cursor="not-a-cursor!"))
    assert "cursor" in envelope["message"]


async def test_a_cursor_used_with_another_filter_is_refused(app: SandboxApp) -> None:
    async with client_for(app) as client:
        page = (await client.post(LIST, json=list_body(limit=5))).json()
    other = list_body(limit=5, cursor=page["cursor"], filter={"statuses": ["delivered"]})
    envelope = await _refusal(app, LIST, other)
    assert "cursor" in envelope["message"]


async def test_a_cursor_used_with_the_other_sort_direction_is_refused(app: SandboxApp) -> None:
    async with client_for(app) as client:
        page = (await client.post(LIST, json=list_body(limit=5))).json()
    await _refusal(app, LIST, list_body(limit=5, cursor=page["cursor"], sort_dir="DESC"))


async def test_unfulfilled_without_a_window_is_refused_with_ozons_wording(app: SandboxApp) -> None:
    envelope = await _refusal(app, UNFULFILLED, {"limit": 10, "filter": {}})
    assert envelope["message"] == WINDOW_RULE


async def test_unfulfilled_without_a_filter_is_refused_with_ozons_wording(app: SandboxApp) -> None:
    envelope = await _refusal(app, UNFULFILLED, {"limit": 10})
    assert envelope["message"] == WINDOW_RULE


async def test_unfulfilled_with_both_windows_is_refused(app: SandboxApp) -> None:
    body = {
        "limit": 10,
        "filter": {
            "cutoff_from": iso(NOW),
            "cutoff_to": iso(NOW + timedelta(days=1)),
            "delivering_date_from": iso(NOW),
            "delivering_date_to": iso(NOW + timedelta(days=1)),
        },
    }
    envelope = await _refusal(app, UNFULFILLED, body)
    assert envelope["message"] == WINDOW_RULE


async def test_unfulfilled_with_half_a_window_is_refused(app: SandboxApp) -> None:
    envelope = await _refusal(app, UNFULFILLED, {"limit": 10, "filter": {"cutoff_from": iso(NOW)}})
    assert "cutoff_to" in envelope["message"]


async def test_unfulfilled_refuses_a_status_it_never_shows(app: SandboxApp) -> None:
    body = {
        "limit": 10,
        "filter": {
            "cutoff_from": iso(NOW),
            "cutoff_to": iso(NOW + timedelta(days=1)),
            "statuses": ["delivered"],
        },
    }
    await _refusal(app, UNFULFILLED, body)


async def test_unknown_paths_answer_ozons_not_found(app: SandboxApp) -> None:
    async with client_for(app) as client:
        answer = await client.post("/v9/posting/fbs/teleport")
    assert answer.status_code == 404
    assert answer.json() == {"code": 5, "message": "Not Found", "details": []}
