"""The Ozon client and gateway against the sandbox, in-process and over a real socket: postings
page by page, one posting, warehouses, delivery methods, cancel reasons and refused keys."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from ozon_sandbox_link import EVERYTHING, STORE, SandboxLink, linked, read_everything

from posylka.adapters.ozon import endpoints
from posylka.adapters.ozon.gateway import open_gateway
from posylka.adapters.ozon.posting_pages import (
    build_list_request,
    read_in_one_pass,
    read_postings_page,
)
from posylka.domain.cancellation import CancelInitiator
from posylka.domain.errors import AuthenticationFailed, NotFound
from posylka.domain.ids import PostingNumber
from posylka.domain.postings import PostingStatus, Scheme
from posylka.domain.stores import StoreCredentials
from posylka.domain.sync import PostingQuery


@pytest.fixture(params=["in_process", "socket"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[SandboxLink]:
    with linked(request.param == "socket") as link:
        yield link


async def test_full_paging_run_returns_every_posting_exactly_once(sandbox: SandboxLink) -> None:
    async with sandbox.gateway() as gateway:
        numbers, errors = await read_everything(gateway)
        calls = gateway.api_calls

    assert errors == []
    assert len(numbers) == len(set(numbers)) == await sandbox.visible_postings()
    assert calls == 2  # 150 postings, 100 a page
    assert (await sandbox.stats())["total"] == calls


async def test_postings_arrive_as_domain_values_of_both_schemes(sandbox: SandboxLink) -> None:
    async with sandbox.gateway() as gateway:
        page = await gateway.fetch_postings_page(EVERYTHING)

    schemes = {p.scheme for p in page.postings}
    assert schemes == {Scheme.FBS, Scheme.RFBS}
    assert all(p.store_id == STORE and p.items for p in page.postings)
    assert all(p.buyer is None for p in page.postings if p.scheme is Scheme.FBS)
    rfbs = [p for p in page.postings if p.scheme is Scheme.RFBS and p.buyer is not None]
    assert rfbs
    assert all(p.status is not PostingStatus.UNKNOWN for p in page.postings)
    assert all(p.ship_by is not None and p.ship_by.tzinfo is not None for p in page.postings)


async def test_small_pages_follow_the_cursor_to_the_same_postings(sandbox: SandboxLink) -> None:
    async with sandbox.gateway() as gateway:
        big, _ = await read_everything(gateway)
        small, _ = await read_everything(
            gateway, PostingQuery(since=EVERYTHING.since, to=EVERYTHING.to, limit=40)
        )

    assert small == big


async def test_every_sandbox_page_reads_in_one_pass_exactly_as_step_by_step() -> None:
    path = endpoints.POSTING_LIST.path
    with linked(False, seed=5, postings=400) as sandbox:
        async with sandbox.gateway() as gateway:
            cursor, compared = "", 0
            while True:
                reply = await gateway.client.call_reply(
                    endpoints.POSTING_LIST, build_list_request(EVERYTHING, cursor)
                )
                page = read_in_one_pass(reply.content, store_id=STORE, cursor=cursor)
                step_by_step = read_postings_page(
                    json.loads(reply.content), store_id=STORE, path=path, cursor=cursor
                )
                assert page is not None
                assert page == step_by_step
                compared += len(page.postings)
                if not page.has_next:
                    break
                cursor = page.cursor

    assert compared == 400


async def test_one_posting_reads_the_same_as_in_the_list(sandbox: SandboxLink) -> None:
    async with sandbox.gateway() as gateway:
        listed = (await gateway.fetch_postings_page(EVERYTHING)).postings[7]
        fetched = await gateway.fetch_posting(listed.posting_number)

    assert fetched.posting_number == listed.posting_number
    assert (fetched.status, fetched.scheme, fetched.ship_by) == (
        listed.status,
        listed.scheme,
        listed.ship_by,
    )
    assert [(i.sku, i.quantity, i.price) for i in fetched.items] == [
        (i.sku, i.quantity, i.price) for i in listed.items
    ]


async def test_unknown_posting_number_is_not_found(sandbox: SandboxLink) -> None:
    async with sandbox.gateway() as gateway:
        with pytest.raises(NotFound):
            await gateway.fetch_posting(PostingNumber("0000000000-0000-1"))


async def test_warehouses_and_their_delivery_methods_are_read_in_full(
    sandbox: SandboxLink,
) -> None:
    async with sandbox.gateway() as gateway:
        warehouses = await gateway.fetch_warehouses()
        methods = await gateway.fetch_delivery_methods()

    assert len(warehouses) == len({w.warehouse_id for w in warehouses}) == 6
    assert {w.is_rfbs for w in warehouses} == {True, False}
    assert len(methods) == 11
    assert {m.warehouse_id for m in methods} <= {w.warehouse_id for w in warehouses}
    assert {m.integration_type.value for m in methods} == {"ozon", "3pl_tracking", "non_integrated"}


async def test_cancel_reasons_name_their_side(sandbox: SandboxLink) -> None:
    async with sandbox.gateway() as gateway:
        reasons = await gateway.fetch_cancel_reasons()

    by_id = {r.id: r for r in reasons}
    assert by_id[352].initiator is CancelInitiator.SELLER
    assert by_id[402].needs_message


async def test_wrong_api_key_is_one_sentence_and_one_request(sandbox: SandboxLink) -> None:
    async with sandbox.gateway(api_key="00000000-0000-4000-8000-000000000000") as gateway:
        with pytest.raises(AuthenticationFailed) as caught:
            await read_everything(gateway)
        calls = gateway.api_calls

    assert caught.value.message == (
        "Ozon rejected the Client-Id/Api-Key for store Sandbox: "
        "Invalid Api-Key, please check the key and try again."
    )
    assert calls == 1
    assert (await sandbox.stats())["total"] == 1


async def test_gateway_opened_from_credentials_reads_the_sandbox(sandbox: SandboxLink) -> None:
    credentials = StoreCredentials(
        client_id=sandbox.app.config.client_id,
        api_key=sandbox.app.config.accepted_api_key,
        base_url=sandbox.base_url or "http://sandbox.test",
    )
    transport = None if sandbox.over_socket else httpx.ASGITransport(app=sandbox.app)
    gateway = open_gateway(STORE, credentials, transport=transport, timeout=5.0)
    try:
        page = await gateway.fetch_postings_page(EVERYTHING)
    finally:
        await gateway.aclose()

    assert len(page.postings) == 100
    assert page.has_next
