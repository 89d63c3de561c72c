"""Builders for talking to the Ozon sandbox in tests: a config frozen at a fixed moment, the headers
it accepts, and an httpx client bound to it in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
SINCE = NOW - timedelta(days=61)


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def make_app(**overrides: Any) -> SandboxApp:
    """A small sandbox frozen at ``NOW`` with no rate limit, unless told otherwise."""
    settings: dict[str, Any] = {"seed": 1, "postings": 500, "now": NOW, "rate_limit": 0}
    settings.update(overrides)
    return create_app(SandboxConfig(**settings))


def credentials(app: SandboxApp) -> dict[str, str]:
    return {"Client-Id": app.config.client_id, "Api-Key": app.config.accepted_api_key}


@asynccontextmanager
async def client_for(app: SandboxApp, *, authed: bool = True) -> AsyncIterator[httpx.AsyncClient]:
    headers = credentials(app) if authed else {}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transport, base_url="http://sandbox", headers=headers
    ) as client:
        yield client


def list_body(**overrides: Any) -> dict[str, Any]:
    """A ``/v4/posting/fbs/list`` body covering every seeded posting."""
    body: dict[str, Any] = {
        "limit": 100,
        "filter": {"since": iso(SINCE), "to": iso(NOW + timedelta(days=1))},
    }
    filter_overrides = overrides.pop("filter", {})
    body["filter"].update(filter_overrides)
    body.update(overrides)
    return body


async def all_pages(
    client: httpx.AsyncClient, path: str, body: dict[str, Any]
) -> list[dict[str, Any]]:
    """Every posting of a list, following the cursor while ``has_next``."""
    postings: list[dict[str, Any]] = []
    cursor = ""
    while True:
        answer = await client.post(path, json={**body, "cursor": cursor})
        assert answer.status_code == 200, answer.text
        page = answer.json()
        postings.extend(page["postings"])
        if not page["has_next"]:
            return postings
        cursor = page["cursor"]
