"""Assembly through the gateway against the sandbox: the asynchronous result, each refusal as its
``ShipRefusal``, ``ship_failed`` then a retry, a split into two packages, the drop-off limits in
posylka's units, labels only after assembly, and ``ship`` sent once whatever the fault."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from ozon_sandbox_link import SandboxLink, linked

from posylka.domain.errors import NotFound, ServerFailure
from posylka.domain.ids import PostingNumber, Sku
from posylka.domain.labels import LabelsNotReady
from posylka.domain.postings import PostingStatus
from posylka.domain.shipping import Package, PackageLine, ShipRefusal, ShipRefused
from posylka.sandbox.ozon.seeding import SandboxPosting

SHIP = "/v4/posting/fbs/ship"


@pytest.fixture(params=["in_process", "socket"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[SandboxLink]:
    with linked(request.param == "socket", ship_seconds=2) as link:
        yield link


def _awaiting_packaging(
    sandbox: SandboxLink, *, lines: int = 1, marked: bool | None = None
) -> SandboxPosting:
    state = sandbox.app.state
    now = state.now()
    for posting in state.postings:
        event = posting.timeline.at(now)
        if event is None or event.status != "awaiting_packaging" or len(posting.items) < lines:
            continue
        if marked is None or marked == any(i.product.needs_mark for i in posting.items):
            return posting
    raise AssertionError("no posting awaiting packaging")


def _in_status(sandbox: SandboxLink, status: str) -> SandboxPosting:
    state = sandbox.app.state
    now = state.now()
    for posting in state.postings:
        event = posting.timeline.at(now)
        if event is not None and event.status == status:
            return posting
    raise AssertionError(f"no posting {status}")


def whole(posting: SandboxPosting) -> list[Package]:
    return [Package(tuple(PackageLine(Sku(i.product.sku), i.quantity) for i in posting.items))]


async def _advance(sandbox: SandboxLink, seconds: float) -> None:
    await sandbox.control("POST", "/clock", {"advance_seconds": seconds})


async def test_an_accepted_assembly_is_in_process_then_awaits_delivery(
    sandbox: SandboxLink,
) -> None:
    seeded = _awaiting_packaging(sandbox)
    number = PostingNumber(seeded.posting_number)
    async with sandbox.gateway() as gateway:
        made = await gateway.ship_posting(number, whole(seeded))
        during = await gateway.fetch_posting(number)
        await _advance(sandbox, 2)
        after = await gateway.fetch_posting(number)
    assert made == (number,)
    assert during.status is PostingStatus.AWAITING_PACKAGING
    assert "ship_async_in_process" in during.available_actions
    assert "ship" not in during.available_actions
    assert after.status is PostingStatus.AWAITING_DELIVER
    assert after.substatus in ("posting_not_in_carriage", "posting_registered",
                               "posting_transferring_to_delivery")  # fmt: skip


async def test_an_assembled_posting_is_delivered_later_as_seeded_lives_are(
    sandbox: SandboxLink,
) -> None:
    seeded = _awaiting_packaging(sandbox)
    async with sandbox.gateway() as gateway:
        await gateway.ship_posting(PostingNumber(seeded.posting_number), whole(seeded))
    statuses = [event.status for event in seeded.timeline.events]
    assert statuses.index("awaiting_deliver") < len(statuses) - 1
    assert statuses[-1] in ("delivered", "cancelled")


async def test_shipping_an_assembled_posting_is_refused_as_already_shipped(
    sandbox: SandboxLink,
) -> None:
    seeded = _in_status(sandbox, "awaiting_deliver")
    async with sandbox.gateway() as gateway:
        with pytest.raises(ShipRefused) as caught:
            await gateway.ship_posting(PostingNumber(seeded.posting_number), whole(seeded))
    assert caught.value.refusal is ShipRefusal.ALREADY_SHIPPED


async def test_shipping_a_cancelled_posting_is_refused_as_already_cancelled(
    sandbox: SandboxLink,
) -> None:
    seeded = _awaiting_packaging(sandbox)
    number = PostingNumber(seeded.posting_number)
    async with sandbox.gateway() as gateway:
        await gateway.cancel_posting(number, 352)
        with pytest.raises(ShipRefused) as caught:
            await gateway.ship_posting(number, whole(seeded))
    assert caught.value.refusal is ShipRefusal.ALREADY_CANCELLED


async def test_shipping_a_posting_awaiting_approval_is_refused_as_incorrect_status(
    sandbox: SandboxLink,
) -> None:
    seeded = _awaiting_packaging(sandbox)
    number = seeded.posting_number
    await sandbox.control("POST", f"/postings/{number}/status", {"status": "awaiting_approve"})
    async with sandbox.gateway() as gateway:
        with pytest.raises(ShipRefused) as caught:
            await gateway.ship_posting(PostingNumber(number), whole(seeded))
    assert caught.value.refusal is ShipRefusal.INCORRECT_STATUS


async def test_shipping_again_while_the_assembly_is_in_process_is_refused(
    sandbox: SandboxLink,
) -> None:
    seeded = _awaiting_packaging(sandbox)
    number = PostingNumber(seeded.posting_number)
    async with sandbox.gateway() as gateway:
        await gateway.ship_posting(number, whole(seeded))
        with pytest.raises(ShipRefused) as caught:
            await gateway.ship_posting(number, whole(seeded))
    assert caught.value.refusal is ShipRefusal.INCORRECT_STATUS
    assert "ship_async_in_process" in caught.value.message


async def test_a_unit_short_is_refused_as_incorrect_quantity(sandbox: SandboxLink) -> None:
    seeded = _awaiting_packaging(sandbox)
    first, *rest = seeded.items
    lines = [PackageLine(Sku(first.product.sku), first.quantity + 1)]
    lines += [PackageLine(Sku(i.product.sku), i.quantity) for i in rest]
    async with sandbox.gateway() as gateway:
        with pytest.raises(ShipRefused) as caught:
            await gateway.ship_posting(
                PostingNumber(seeded.posting_number), [Package(tuple(lines))]
            )
    assert caught.value.refusal is ShipRefusal.INCORRECT_QUANTITY


async def test_a_product_not_in_the_posting_is_refused_as_unknown(sandbox: SandboxLink) -> None:
    seeded = _awaiting_packaging(sandbox)
    stranger = PackageLine(Sku(1), 1)
    package = Package((*whole(seeded)[0].lines, stranger))
    async with sandbox.gateway() as gateway:
        with pytest.raises(ShipRefused) as caught:
            await gateway.ship_posting(PostingNumber(seeded.posting_number), [package])
    assert caught.value.refusal is ShipRefusal.UNKNOWN_PRODUCT


async def test_marked_products_without_their_codes_are_refused(sandbox: SandboxLink) -> None:
    seeded = _awaiting_packaging(sandbox, marked=True)
    number = seeded.posting_number
    await sandbox.control("POST", f"/postings/{number}/assembly", {"exemplars_missing": True})
    async with sandbox.gateway() as gateway:
        with pytest.raises(ShipRefused) as caught:
            await gateway.ship_posting(PostingNumber(number), whole(seeded))
    assert caught.value.refusal is ShipRefusal.EXEMPLAR_INFO_MISSING


async def test_an_unknown_posting_is_not_found(sandbox: SandboxLink) -> None:
    package = Package((PackageLine(Sku(1), 1),))
    async with sandbox.gateway() as gateway:
        with pytest.raises(NotFound):
            await gateway.ship_posting(PostingNumber("0000000000-0000-1"), [package])


async def test_a_failed_assembly_shows_ship_failed_and_a_retry_succeeds(
    sandbox: SandboxLink,
) -> None:
    seeded = _awaiting_packaging(sandbox)
    number = PostingNumber(seeded.posting_number)
    await sandbox.control("POST", f"/postings/{number}/assembly", {"ship_failed": 1})
    async with sandbox.gateway() as gateway:
        await gateway.ship_posting(number, whole(seeded))
        await _advance(sandbox, 2)
        failed = await gateway.fetch_posting(number)
        await gateway.ship_posting(number, whole(seeded))
        await _advance(sandbox, 2)
        retried = await gateway.fetch_posting(number)
    assert failed.status is PostingStatus.AWAITING_PACKAGING
    assert failed.substatus == "ship_failed"
    assert "ship_async_retry" in failed.available_actions
    assert retried.status is PostingStatus.AWAITING_DELIVER


async def test_two_packages_split_the_posting_into_two_postings(sandbox: SandboxLink) -> None:
    seeded = _awaiting_packaging(sandbox, lines=2)
    number = PostingNumber(seeded.posting_number)
    first, *rest = whole(seeded)[0].lines
    packages = [Package((first,)), Package(tuple(rest))]
    async with sandbox.gateway() as gateway:
        made = await gateway.ship_posting(number, packages)
        await _advance(sandbox, 2)
        original = await gateway.fetch_posting(made[0])
        split = await gateway.fetch_posting(made[1])
    assert made[0] == number
    assert made[1].startswith(f"{seeded.order_number}-")
    assert made[1] != number
    assert [(i.sku, i.quantity) for i in original.items] == [(first.sku, first.quantity)]
    assert sorted((i.sku, i.quantity) for i in split.items) == sorted(
        (line.sku, line.quantity) for line in rest
    )
    assert split.parent_posting_number == number
    assert original.status is PostingStatus.AWAITING_DELIVER
    assert split.status is PostingStatus.AWAITING_DELIVER


async def test_a_split_posting_shows_in_the_posting_list(sandbox: SandboxLink) -> None:
    from ozon_sandbox_link import read_everything

    seeded = _awaiting_packaging(sandbox, lines=2)
    first, *rest = whole(seeded)[0].lines
    packages = [Package((first,)), Package(tuple(rest))]
    async with sandbox.gateway() as gateway:
        made = await gateway.ship_posting(PostingNumber(seeded.posting_number), packages)
        numbers, errors = await read_everything(gateway)
    assert made[1] in numbers
    assert not errors


async def test_restrictions_come_in_grams_millimetres_and_roubles(sandbox: SandboxLink) -> None:
    seeded = next(
        p for p in sandbox.app.state.postings
        if p.method.integration == "ozon" and not p.method.is_express
    )  # fmt: skip
    async with sandbox.gateway() as gateway:
        limits = await gateway.fetch_restrictions(PostingNumber(seeded.posting_number))
    assert limits.max_weight_g == 25_000
    assert (limits.max_length_mm, limits.max_width_mm, limits.max_height_mm) == (1800, 800, 800)
    assert limits.max_price == Decimal("500000.00")
    assert limits.min_weight_g is None


async def test_some_drop_offs_take_at_most_ten_kilograms_and_sixty_centimetres(
    sandbox: SandboxLink,
) -> None:
    seeded = next(p for p in sandbox.app.state.postings if p.method.is_express)
    async with sandbox.gateway() as gateway:
        limits = await gateway.fetch_restrictions(PostingNumber(seeded.posting_number))
    assert limits.max_weight_g == 10_000
    assert limits.max_length_mm == 600


async def test_the_label_of_a_just_assembled_posting_comes_after_the_ready_delay(
    sandbox: SandboxLink,
) -> None:
    seeded = _awaiting_packaging(sandbox)
    number = PostingNumber(seeded.posting_number)
    async with sandbox.gateway() as gateway:
        await gateway.ship_posting(number, whole(seeded))
        await _advance(sandbox, 2)
        with pytest.raises(LabelsNotReady):
            await gateway.fetch_package_labels([number])
        await _advance(sandbox, 45)
        pdf = await gateway.fetch_package_labels([number])
    assert pdf.startswith(b"%PDF")


async def test_ship_is_sent_once_when_ozon_answers_5xx(sandbox: SandboxLink) -> None:
    seeded = _awaiting_packaging(sandbox)
    await sandbox.inject(fail_next={"kind": "503", "count": 3}, paths=[SHIP])
    await sandbox.control("POST", "/stats/reset")
    async with sandbox.gateway() as gateway:
        with pytest.raises(ServerFailure):
            await gateway.ship_posting(PostingNumber(seeded.posting_number), whole(seeded))
    stats = await sandbox.stats()
    assert sum(stats["requests"][SHIP].values()) == 1
