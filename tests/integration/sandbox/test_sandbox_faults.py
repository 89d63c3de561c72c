"""Injected faults: error statuses, bursts of 429, dropped connections, malformed answers,
latency, and how a fault plan is set and read."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest
from sandbox_support import client_for, list_body, make_app

from posylka.sandbox.ozon.app import SandboxApp
from posylka.sandbox.ozon.faults import FailNext, FaultPlan

LIST = "/v4/posting/fbs/list"
REASONS = "/v2/posting/fbs/cancel-reason/list"


async def _set_plan(client: httpx.AsyncClient, plan: dict[str, Any]) -> dict[str, Any]:
    answer = await client.post("/__sandbox/faults", json=plan)
    assert answer.status_code == 200, answer.text
    result: dict[str, Any] = answer.json()
    return result


async def test_fail_next_5xx_fails_that_many_requests_then_recovers() -> None:
    app = make_app(postings=50)
    async with client_for(app) as client:
        await _set_plan(client, {"fail_next": {"kind": "5xx", "count": 3}})
        statuses = [(await client.post(REASONS)).status_code for _ in range(5)]
    assert all(s in (500, 502, 503, 504) for s in statuses[:3])
    assert statuses[3:] == [200, 200]


@pytest.mark.parametrize("status", [500, 503])
async def test_gateway_errors_come_in_ozons_envelope(status: int) -> None:
    app = make_app(postings=50, faults=FaultPlan(fail_next=FailNext(kind=str(status))))  # type: ignore[arg-type]
    async with client_for(app) as client:
        answer = await client.post(REASONS)
    assert answer.status_code == status
    assert set(answer.json()) == {"code", "message", "details"}


@pytest.mark.parametrize("status", [502, 504])
async def test_proxy_errors_come_as_an_html_page(status: int) -> None:
    app = make_app(postings=50, faults=FaultPlan(fail_next=FailNext(kind=str(status))))  # type: ignore[arg-type]
    async with client_for(app) as client:
        answer = await client.post(REASONS)
    assert answer.status_code == status
    assert answer.headers["content-type"].startswith("text/html")
    assert f"<h1>{status} " in answer.text


async def test_a_burst_of_429_answers_with_ozons_rate_limit_message() -> None:
    app = make_app(postings=50)
    async with client_for(app) as client:
        await _set_plan(client, {"burst_429": 4})
        answers = [await client.post(REASONS) for _ in range(5)]
    assert [a.status_code for a in answers] == [429, 429, 429, 429, 200]
    assert answers[0].json()["message"] == "You have reached request rate limit per second"


async def test_a_dropped_connection_reaches_the_client_as_a_transport_error() -> None:
    app = make_app(postings=50, faults=FaultPlan(fail_next=FailNext(kind="drop", count=1)))
    async with client_for(app) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            await client.post(REASONS)
        assert (await client.post(REASONS)).status_code == 200


async def test_a_malformed_json_answer_cannot_be_parsed() -> None:
    app = make_app(postings=50, faults=FaultPlan(malformed_next=1, malformed_style="json"))
    async with client_for(app) as client:
        answer = await client.post(LIST, json=list_body(limit=5))
    assert answer.status_code == 200
    with pytest.raises(json.JSONDecodeError):
        json.loads(answer.content)


async def test_a_malformed_page_has_one_posting_without_its_number() -> None:
    app = make_app(postings=50, faults=FaultPlan(malformed_next=1, malformed_style="missing_field"))
    async with client_for(app) as client:
        postings = (await client.post(LIST, json=list_body(limit=5))).json()["postings"]
    assert len(postings) == 5
    assert sum("posting_number" not in p for p in postings) == 1


async def test_a_malformed_page_can_carry_a_status_nobody_knows() -> None:
    app = make_app(
        postings=50, faults=FaultPlan(malformed_next=1, malformed_style="unknown_status")
    )
    async with client_for(app) as client:
        postings = (await client.post(LIST, json=list_body(limit=5))).json()["postings"]
    known = {"delivered", "cancelled", "delivering", "awaiting_packaging", "awaiting_deliver"}
    strangers = [p["status"] for p in postings if p["status"] not in known]
    assert strangers == ["awaiting_customs_clearance"]


async def test_random_faults_follow_the_seed() -> None:
    plan = {"fault_rate": 0.3, "kinds": ["5xx", "429"], "seed": 11}
    outcomes = []
    for _ in range(2):
        app = make_app(postings=50)
        async with client_for(app) as client:
            await _set_plan(client, plan)
            outcomes.append([(await client.post(REASONS)).status_code for _ in range(40)])
    assert outcomes[0] == outcomes[1]
    assert 200 in outcomes[0]
    assert set(outcomes[0]) - {200}


async def test_faults_touch_only_the_listed_paths() -> None:
    app = make_app(postings=50)
    async with client_for(app) as client:
        await _set_plan(client, {"fault_rate": 1.0, "kinds": ["500"], "paths": [LIST]})
        reasons = await client.post(REASONS)
        listed = await client.post(LIST, json=list_body(limit=5))
    assert reasons.status_code == 200
    assert listed.status_code == 500


async def test_control_endpoints_never_get_faults() -> None:
    app = make_app(postings=50, faults=FaultPlan(fault_rate=1.0, kinds=("drop",)))
    async with client_for(app) as client:
        statuses = {(await client.get("/__sandbox/stats")).status_code for _ in range(10)}
    assert statuses == {200}


async def test_latency_delays_every_ozon_answer() -> None:
    app = make_app(postings=50, faults=FaultPlan(latency_ms=150))
    async with client_for(app) as client:
        started = time.perf_counter()
        answer = await client.post(REASONS)
        elapsed = time.perf_counter() - started
    assert answer.status_code == 200
    assert elapsed >= 0.15


async def test_the_plan_shows_what_is_left_and_an_empty_plan_clears_it() -> None:
    app = make_app(postings=50)
    async with client_for(app) as client:
        await _set_plan(client, {"fail_next": {"kind": "429", "count": 3}, "latency_ms": 5})
        await client.post(REASONS)
        shown = (await client.get("/__sandbox/faults")).json()
        cleared = await _set_plan(client, {})
        after = await client.post(REASONS)
    assert shown["remaining"]["fail_next"] == 2
    assert shown["latency_ms"] == 5
    assert cleared["fail_next"] is None
    assert cleared["latency_ms"] == 0
    assert after.status_code == 200


async def test_a_bad_fault_plan_is_refused() -> None:
    app = make_app(postings=50)
    async with client_for(app) as client:
        unknown_kind = await client.post("/__sandbox/faults", json={"kinds": ["meteor"]})
        bad_rate = await client.post("/__sandbox/faults", json={"fault_rate": 2})
        typo = await client.post("/__sandbox/faults", json={"fault_rat": 0.1})
    assert [a.status_code for a in (unknown_kind, bad_rate, typo)] == [400, 400, 400]


def test_a_plan_given_in_the_config_is_in_force_from_the_start() -> None:
    app: SandboxApp = make_app(postings=50, faults=FaultPlan(burst_429=2))
    assert app.runtime.faults.snapshot()["remaining"] == {
        "burst_429": 2,
        "fail_next": 0,
        "malformed_next": 0,
    }
