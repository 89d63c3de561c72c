"""The sandbox checks Client-Id and Api-Key and refuses as Ozon does."""

from __future__ import annotations

import pytest
from sandbox_support import client_for, list_body, make_app

from posylka.sandbox.ozon.app import SandboxApp

LIST = "/v4/posting/fbs/list"


@pytest.fixture(scope="module")
def app() -> SandboxApp:
    return make_app(postings=50, client_id="2718281", api_key="good-key")


async def test_missing_credentials_are_refused_with_401_unauthenticated(app: SandboxApp) -> None:
    async with client_for(app, authed=False) as client:
        answer = await client.post(LIST, json=list_body())
    assert answer.status_code == 401
    assert answer.json() == {
        "code": 16,
        "message": "Client-Id and Api-Key headers are required",
        "details": [],
    }


async def test_a_client_id_without_a_key_is_refused_as_missing(app: SandboxApp) -> None:
    async with client_for(app, authed=False) as client:
        answer = await client.post(LIST, json=list_body(), headers={"Client-Id": "2718281"})
    assert answer.status_code == 401
    assert answer.json()["code"] == 16


async def test_a_wrong_api_key_is_refused_with_ozons_message(app: SandboxApp) -> None:
    async with client_for(app, authed=False) as client:
        answer = await client.post(
            LIST, json=list_body(), headers={"Client-Id": "2718281", "Api-Key": "bad-key"}
        )
    assert answer.status_code == 404
    assert answer.json() == {
        "code": 5,
        "message": "Invalid Api-Key, please check the key and try again",
        "details": [],
    }


async def test_the_key_of_another_client_id_is_refused(app: SandboxApp) -> None:
    async with client_for(app, authed=False) as client:
        answer = await client.post(
            LIST, json=list_body(), headers={"Client-Id": "100500", "Api-Key": "good-key"}
        )
    assert answer.status_code == 404
    assert answer.json()["message"] == "Invalid Api-Key, please check the key and try again"


async def test_a_non_numeric_client_id_is_an_invalid_argument(app: SandboxApp) -> None:
    async with client_for(app, authed=False) as client:
        answer = await client.post(
            LIST, json=list_body(), headers={"Client-Id": "seller", "Api-Key": "good-key"}
        )
    assert answer.status_code == 400
    assert answer.json() == {
        "code": 3,
        "message": "Client-Id header value should be positive integer",
        "details": [],
    }


async def test_right_credentials_are_accepted(app: SandboxApp) -> None:
    async with client_for(app) as client:
        answer = await client.post(LIST, json=list_body())
    assert answer.status_code == 200


async def test_control_endpoints_need_no_credentials(app: SandboxApp) -> None:
    async with client_for(app, authed=False) as client:
        answers = [await client.get(p) for p in ("/__sandbox", "/__sandbox/stats")]
    assert [a.status_code for a in answers] == [200, 200]


def test_the_default_api_key_is_a_uuid_derived_from_the_seed() -> None:
    first, again, other = make_app(seed=3), make_app(seed=3), make_app(seed=4)
    assert first.config.accepted_api_key == again.config.accepted_api_key
    assert first.config.accepted_api_key != other.config.accepted_api_key
    assert len(first.config.accepted_api_key) == 36
