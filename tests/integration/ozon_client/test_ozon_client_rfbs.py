"""rFBS tracking numbers and status moves through the gateway against the sandbox: each posting
answered on its own (the good ones go through beside a refused one), the tracking number showing
on the posting at once, the only order of moves Ozon allows, and the batch limit of 20."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from ozon_sandbox_link import EVERYTHING, IN_PROCESS_URL, STORE, SandboxLink, linked

from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.domain.errors import BadRequest
from posylka.domain.ids import PostingNumber
from posylka.domain.postings import Posting
from posylka.domain.shipping import ItemResult, RfbsMove

TRACKING = "/v2/fbs/posting/tracking-number/set"


@pytest.fixture(params=["in_process", "socket"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[SandboxLink]:
    with linked(request.param == "socket", postings=400) as link:
        yield link


def numbers_of(link: SandboxLink, integration: str, status: str) -> list[PostingNumber]:
    state = link.app.state
    return [
        PostingNumber(p.posting_number)
        for p in state.postings
        if p.method.integration == integration
        and (e := p.timeline.at(state.now())) is not None
        and e.status == status
    ]


async def awaiting_delivery(
    link: SandboxLink, count: int, integration: str = "non_integrated"
) -> list[PostingNumber]:
    """``count`` postings of ``integration`` moved from awaiting_packaging to awaiting_deliver."""
    numbers = numbers_of(link, integration, "awaiting_packaging")[:count]
    assert len(numbers) == count
    for number in numbers:
        await link.control("POST", f"/postings/{number}/status", {"status": "awaiting_deliver"})
    return numbers


async def listed_postings(gateway: OzonGateway) -> list[Posting]:
    """Every posting of the list, as a full sync reads them."""
    postings: list[Posting] = []
    async for page in gateway.iter_postings_pages(EVERYTHING):
        postings.extend(page.postings)
    return postings


def ok(number: str) -> ItemResult:
    return ItemResult(PostingNumber(number), True, "")


def refused(number: str, code: str) -> ItemResult:
    return ItemResult(PostingNumber(number), False, code)


async def test_tracking_numbers_show_on_the_postings_at_once(sandbox: SandboxLink) -> None:
    first, second = await awaiting_delivery(sandbox, 2)
    async with sandbox.gateway() as gateway:
        results = await gateway.set_tracking_numbers([(first, "TRK-0001"), (second, "TRK-0002")])
        posting = await gateway.fetch_posting(first)
        listed = {p.posting_number: p for p in await listed_postings(gateway)}
    assert results == [ok(first), ok(second)]
    assert posting.tracking_number == "TRK-0001"
    assert listed[second].tracking_number == "TRK-0002"


async def test_one_refused_posting_leaves_the_others_set(sandbox: SandboxLink) -> None:
    good = await awaiting_delivery(sandbox, 2)
    fbs = (await awaiting_delivery(sandbox, 1, "ozon"))[0]
    integrated = (await awaiting_delivery(sandbox, 1, "3pl_tracking"))[0]
    packaging = numbers_of(sandbox, "non_integrated", "awaiting_packaging")[0]
    pairs = [
        (good[0], "A1"),
        (fbs, "A2"),
        (PostingNumber("0000000000-0000-1"), "A3"),
        (integrated, "A4"),
        (packaging, "A5"),
        (good[1], "A6"),
    ]
    async with sandbox.gateway() as gateway:
        results = await gateway.set_tracking_numbers(pairs)
    assert results == [
        ok(good[0]),
        refused(fbs, "HAS_INCORRECT_TPL_INTEGRATION_TYPE"),
        refused("0000000000-0000-1", "POSTING_NOT_FOUND"),
        refused(integrated, "HAS_INCORRECT_TPL_INTEGRATION_TYPE"),
        refused(packaging, "HAS_INCORRECT_STATUS"),
        ok(good[1]),
    ]
    assert sandbox.app.state.posting(good[1]).seller_tracking == "A6"


async def test_more_than_twenty_tracking_numbers_are_refused_before_any_call(
    sandbox: SandboxLink,
) -> None:
    pairs = [(PostingNumber(f"1-1-{i}"), f"T{i}") for i in range(21)]
    async with sandbox.gateway() as gateway:
        with pytest.raises(BadRequest, match="1 to 20"):
            await gateway.set_tracking_numbers(pairs)
        assert gateway.api_calls == 0


async def test_sandbox_refuses_a_call_of_more_than_twenty_tracking_numbers(
    sandbox: SandboxLink,
) -> None:
    body = {
        "tracking_numbers": [
            {"posting_number": f"1-1-{i}", "tracking_number": "T"} for i in range(21)
        ]
    }
    config = sandbox.app.config
    headers = {"Client-Id": config.client_id, "Api-Key": config.accepted_api_key}
    async with httpx.AsyncClient(
        transport=sandbox.transport(), base_url=sandbox.base_url or IN_PROCESS_URL
    ) as http:
        answer = await http.post(TRACKING, json=body, headers=headers)
    assert answer.status_code == 400
    assert "at most 20" in answer.json()["message"]


async def test_a_posting_moves_delivering_last_mile_delivered(sandbox: SandboxLink) -> None:
    (number,) = await awaiting_delivery(sandbox, 1)
    seen = []
    actions: list[set[str]] = []
    async with sandbox.gateway() as gateway:
        await gateway.set_tracking_numbers([(number, "CDEK-77")])
        for move in RfbsMove:
            assert await gateway.move_rfbs_status(move, [number]) == [ok(number)]
            posting = await gateway.fetch_posting(number)
            seen.append((posting.status_raw, posting.substatus))
            actions.append({a for a in posting.available_actions if a.startswith("non_int")})
    assert seen == [
        ("delivering", "posting_transferred_to_courier_service"),
        ("delivering", "posting_in_courier_service"),
        ("delivered", "posting_delivered"),
    ]
    assert actions == [{"non_int_last_mile", "non_int_delivered"}, {"non_int_delivered"}, set()]


async def test_delivering_needs_a_tracking_number_first(sandbox: SandboxLink) -> None:
    (number,) = await awaiting_delivery(sandbox, 1)
    async with sandbox.gateway() as gateway:
        results = await gateway.move_rfbs_status(RfbsMove.DELIVERING, [number])
    assert results == [refused(number, "TRACKING_NUMBER_NOT_SET")]


async def test_moves_out_of_order_are_not_possible(sandbox: SandboxLink) -> None:
    first, second = await awaiting_delivery(sandbox, 2)
    transition = "TRANSITION_IS_NOT_POSSIBLE"
    async with sandbox.gateway() as gateway:
        await gateway.set_tracking_numbers([(first, "T1"), (second, "T2")])
        early = await gateway.move_rfbs_status(RfbsMove.LAST_MILE, [first])
        skipped = await gateway.move_rfbs_status(RfbsMove.DELIVERED, [first])
        await gateway.move_rfbs_status(RfbsMove.DELIVERING, [first, second])
        again = await gateway.move_rfbs_status(RfbsMove.DELIVERING, [first])
        await gateway.move_rfbs_status(RfbsMove.LAST_MILE, [first])
        twice = await gateway.move_rfbs_status(RfbsMove.LAST_MILE, [first])
        straight = await gateway.move_rfbs_status(RfbsMove.DELIVERED, [second])
    assert early == [refused(first, transition)]
    assert skipped == [refused(first, transition)]
    assert again == [refused(first, transition)]
    assert twice == [refused(first, transition)]
    assert straight == [ok(second)]


async def test_moves_of_postings_another_carrier_delivers_are_refused(sandbox: SandboxLink) -> None:
    integrated = (await awaiting_delivery(sandbox, 1, "3pl_tracking"))[0]
    unknown = PostingNumber("0000000000-0000-1")
    async with sandbox.gateway() as gateway:
        results = await gateway.move_rfbs_status(RfbsMove.DELIVERING, [integrated, unknown])
    assert results == [
        refused(integrated, "HAS_INCORRECT_TPL_INTEGRATION_TYPE"),
        refused(unknown, "POSTING_NOT_FOUND"),
    ]


async def test_a_posting_sent_by_the_seller_may_go_delivering(sandbox: SandboxLink) -> None:
    (number,) = numbers_of(sandbox, "non_integrated", "sent_by_seller")[:1]
    async with sandbox.gateway() as gateway:
        results = await gateway.move_rfbs_status(RfbsMove.DELIVERING, [number])
    assert results == [ok(number)]


def mock_gateway(answer: dict[str, object]) -> OzonGateway:
    transport = httpx.MockTransport(lambda request: httpx.Response(200, json=answer))
    http = httpx.AsyncClient(base_url="http://ozon.test", transport=transport)
    return OzonGateway(STORE, OzonClient(http, client_id="1", api_key="k"))


async def test_errors_sent_as_a_list_and_postings_left_out_of_the_reply_are_not_done() -> None:
    gateway = mock_gateway(
        {
            "result": [
                {"posting_number": "1-1-1", "result": True, "error": []},
                {
                    "posting_number": "1-1-2",
                    "result": False,
                    "error": ["TRANSITION_IS_NOT_POSSIBLE"],
                },
            ]
        }
    )
    numbers = [PostingNumber("1-1-1"), PostingNumber("1-1-2"), PostingNumber("1-1-3")]
    results = await gateway.move_rfbs_status(RfbsMove.DELIVERED, numbers)
    assert results == [
        ok("1-1-1"),
        refused("1-1-2", "TRANSITION_IS_NOT_POSSIBLE"),
        refused("1-1-3", "missing from Ozon's reply"),
    ]
