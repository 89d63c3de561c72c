"""The sandbox over a real socket, served by uvicorn in a background thread."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from sandbox_support import credentials, list_body, make_app

from posylka.sandbox.ozon.app import SandboxApp
from posylka.sandbox.ozon.server import running_sandbox

LIST = "/v4/posting/fbs/list"
REASONS = "/v2/posting/fbs/cancel-reason/list"


@pytest.fixture(scope="module")
def app() -> SandboxApp:
    return make_app(postings=300)


@pytest.fixture(scope="module")
def base_url(app: SandboxApp) -> Iterator[str]:
    with running_sandbox(app) as url:
        yield url


def test_running_sandbox_serves_the_posting_list(app: SandboxApp, base_url: str) -> None:
    with httpx.Client(base_url=base_url, headers=credentials(app)) as client:
        page = client.post(LIST, json=list_body(limit=10)).json()
    assert len(page["postings"]) == 10
    assert page["has_next"] is True


def test_a_dropped_connection_is_a_real_hang_up(app: SandboxApp, base_url: str) -> None:
    with httpx.Client(base_url=base_url, headers=credentials(app)) as client:
        client.post("/__sandbox/faults", json={"fail_next": {"kind": "drop", "count": 1}})
        with pytest.raises(httpx.RemoteProtocolError):
            client.post(REASONS)
        after = client.post(REASONS)
        client.post("/__sandbox/faults", json={})
    assert after.status_code == 200


def test_the_socket_and_in_process_answers_are_the_same_bytes(
    app: SandboxApp, base_url: str
) -> None:
    body = list_body(limit=20, **{"with": {"analytics_data": True}})
    with httpx.Client(base_url=base_url, headers=credentials(app)) as client:
        over_socket = client.post(LIST, json=body).content
    transport = httpx.ASGITransport(app=app)

    async def in_process() -> bytes:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://sandbox", headers=credentials(app)
        ) as client:
            return (await client.post(LIST, json=body)).content

    assert asyncio.run(in_process()) == over_socket


def test_running_sandbox_accepts_a_config() -> None:
    config = make_app(postings=10).config
    with running_sandbox(config) as url, httpx.Client(base_url=url) as client:
        info = client.get("/__sandbox").json()
    assert info["postings"] == 10
    assert info["api_key"] == config.accepted_api_key
