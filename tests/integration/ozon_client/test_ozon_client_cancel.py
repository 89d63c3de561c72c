"""Cancelling through the gateway against the sandbox: a whole posting, some of its items, Ozon's
refusals as errors, and one request whatever the fault (cancelling is never repeated)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ozon_sandbox_link import SandboxLink, linked

from posylka.domain.cancellation import CancelItem
from posylka.domain.errors import BadRequest, NotFound, ServerFailure
from posylka.domain.ids import PostingNumber, Sku
from posylka.domain.postings import PostingStatus
from posylka.sandbox.ozon.seeding import SandboxPosting

CANCEL = "/v2/posting/fbs/cancel"


@pytest.fixture(params=["in_process", "socket"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[SandboxLink]:
    with linked(request.param == "socket") as link:
        yield link


def _awaiting_packaging(sandbox: SandboxLink, *, units: int = 1) -> SandboxPosting:
    state = sandbox.app.state
    now = state.now()
    for posting in state.postings:
        event = posting.timeline.at(now)
        units_held = sum(i.quantity for i in posting.items)
        if event and event.status == "awaiting_packaging" and units_held >= units:
            return posting
    raise AssertionError("no posting awaiting packaging")


async def test_cancel_posting_makes_it_cancelled_for_the_reason_given(
    sandbox: SandboxLink,
) -> None:
    number = PostingNumber(_awaiting_packaging(sandbox).posting_number)
    async with sandbox.gateway() as gateway:
        await gateway.cancel_posting(number, 352)
        posting = await gateway.fetch_posting(number)
    assert posting.status is PostingStatus.CANCELLED


async def test_cancel_items_takes_one_unit_out(sandbox: SandboxLink) -> None:
    seeded = _awaiting_packaging(sandbox, units=2)
    number = PostingNumber(seeded.posting_number)
    sku = Sku(seeded.items[0].product.sku)
    async with sandbox.gateway() as gateway:
        before = await gateway.fetch_posting(number)
        await gateway.cancel_items(number, [CancelItem(sku, 1)], 352, "Out of stock")
        after = await gateway.fetch_posting(number)
    assert sum(i.quantity for i in after.items) == sum(i.quantity for i in before.items) - 1
    assert after.status is PostingStatus.AWAITING_PACKAGING


async def test_cancelling_twice_is_refused_with_ozons_code(sandbox: SandboxLink) -> None:
    number = PostingNumber(_awaiting_packaging(sandbox).posting_number)
    async with sandbox.gateway() as gateway:
        await gateway.cancel_posting(number, 352)
        with pytest.raises(BadRequest) as caught:
            await gateway.cancel_posting(number, 352)
    assert "POSTING_ALREADY_CANCELLED" in str(caught.value)


async def test_cancelling_more_units_than_held_is_refused(sandbox: SandboxLink) -> None:
    seeded = _awaiting_packaging(sandbox)
    line = seeded.items[0]
    item = CancelItem(Sku(line.product.sku), line.quantity + 5)
    async with sandbox.gateway() as gateway:
        with pytest.raises(BadRequest) as caught:
            await gateway.cancel_items(PostingNumber(seeded.posting_number), [item], 352, "x")
    assert "HAS_INCORRECT_PRODUCT_QUANTITY" in str(caught.value)


async def test_cancelling_an_unknown_posting_is_not_found(sandbox: SandboxLink) -> None:
    async with sandbox.gateway() as gateway:
        with pytest.raises(NotFound):
            await gateway.cancel_posting(PostingNumber("000-000-1"), 352)


async def test_a_failed_cancel_is_sent_once_and_not_repeated(sandbox: SandboxLink) -> None:
    number = PostingNumber(_awaiting_packaging(sandbox).posting_number)
    await sandbox.inject(fail_next={"kind": "503", "count": 3}, paths=[CANCEL])
    async with sandbox.gateway() as gateway:
        with pytest.raises(ServerFailure):
            await gateway.cancel_posting(number, 352)
        assert gateway.api_calls == 1
