"""Package labels through the gateway and the label service against the sandbox, in-process and
over a real socket: calls of 20, the bad posting set aside and the rest printed, labels not ready
yet fetched again once the sandbox clock has moved, and large batches through an asynchronous
task. Every PDF is rendered and its barcodes read back to the posting numbers."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pypdfium2 as pdfium
import pytest
import zxingcpp
from ozon_sandbox_link import STORE, SandboxLink, linked

from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.pdf.pages import PypdfPages
from posylka.domain.ids import PostingNumber
from posylka.domain.labels import LabelBatch, LabelsNotReady, LabelsRefused, SetAsideReason
from posylka.sandbox.ozon.labels import READY_AFTER_SECONDS
from posylka.services.package_labels import LabelOptions, fetch_labels

LABEL = "/v2/posting/fbs/package-label"
CREATE = "/v3/posting/fbs/package-label/create"
GET = "/v2/posting/fbs/package-label/get"


@pytest.fixture(params=["in_process", "socket"])
def sandbox(request: pytest.FixtureRequest) -> Iterator[SandboxLink]:
    with linked(request.param == "socket", postings=1000) as link:
        yield link


def decode_pages(pdf: bytes | None) -> list[str]:
    assert pdf is not None
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    texts = []
    for page in document:
        image = page.render(scale=203 / 72).to_pil().convert("L")
        found = [r.text for r in zxingcpp.read_barcodes(image) if r.format.name == "Code128"]
        texts.append(found[0] if found else "")
    return texts


def in_status(link: SandboxLink, status: str) -> list[PostingNumber]:
    now = link.app.state.now()
    return [
        PostingNumber(p.posting_number)
        for p in link.app.state.postings
        if (event := p.timeline.at(now)) is not None and event.status == status
    ]


async def assemble(link: SandboxLink, count: int, *, wait: bool = True) -> list[PostingNumber]:
    """Move ``count`` postings awaiting packaging to awaiting_deliver, as ``ship`` would, and
    (with ``wait``) let the sandbox clock pass until their labels are ready."""
    numbers = in_status(link, "awaiting_packaging")[:count]
    assert len(numbers) == count
    for number in numbers:
        await link.control("POST", f"/postings/{number}/status", {"status": "awaiting_deliver"})
    if wait:
        await link.control("POST", "/clock", {"advance_seconds": READY_AFTER_SECONDS})
    return numbers


async def fetch(
    gateway: OzonGateway,
    numbers: list[PostingNumber],
    link: SandboxLink,
    *,
    clock_moves: bool = True,
    **options: object,
) -> tuple[LabelBatch, list[float]]:
    """The service's fetch with a sleep that moves the sandbox clock instead of waiting."""
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)
        if clock_moves:
            await link.control("POST", "/clock", {"advance_seconds": seconds})

    batch = await fetch_labels(
        [(STORE, n) for n in numbers],
        gateways=lambda _: gateway,
        pdf=PypdfPages(),
        sleep=sleep,
        options=LabelOptions(**options),  # type: ignore[arg-type]
    )
    return batch, slept


async def test_labels_of_45_postings_come_in_three_calls_in_the_order_asked(
    sandbox: SandboxLink,
) -> None:
    numbers = (await assemble(sandbox, 45))[::-1]
    async with sandbox.gateway() as gateway:
        batch, slept = await fetch(gateway, numbers, sandbox)

    assert batch.set_aside == ()
    assert decode_pages(batch.pdf) == numbers
    assert [(p.posting_number, p.first_page, p.page_count) for p in batch.printed] == [
        (n, i, 1) for i, n in enumerate(numbers)
    ]
    assert batch.api_calls == 3
    assert (await sandbox.stats())["requests"][LABEL] == {"200": 3}
    assert slept == []


async def test_a_posting_not_awaiting_delivery_is_set_aside_and_the_rest_printed(
    sandbox: SandboxLink,
) -> None:
    ready = await assemble(sandbox, 20)
    delivering = in_status(sandbox, "delivering")[0]
    numbers = [*ready[:7], delivering, *ready[7:]]
    async with sandbox.gateway() as gateway:
        batch, _ = await fetch(gateway, numbers, sandbox)

    assert [(s.posting_number, s.reason) for s in batch.set_aside] == [
        (delivering, SetAsideReason.WRONG_STATUS)
    ]
    assert delivering in batch.set_aside[0].detail
    assert decode_pages(batch.pdf) == ready
    # The first 20 fail on the named posting and come again without it; the 21st alone.
    assert (await sandbox.stats())["requests"][LABEL] == {"200": 2, "400": 1}


async def test_an_unknown_posting_ozon_does_not_name_is_found_by_halving(
    sandbox: SandboxLink,
) -> None:
    ready = await assemble(sandbox, 8)
    unknown = PostingNumber("1234567890-0001-1")
    numbers = [*ready[:5], unknown, *ready[5:]]
    async with sandbox.gateway() as gateway:
        batch, _ = await fetch(gateway, numbers, sandbox)

    assert [(s.posting_number, s.reason) for s in batch.set_aside] == [
        (unknown, SetAsideReason.UNKNOWN)
    ]
    assert decode_pages(batch.pdf) == ready


async def test_labels_not_ready_yet_are_fetched_again_once_the_clock_has_moved(
    sandbox: SandboxLink,
) -> None:
    earlier = await assemble(sandbox, 2)
    fresh = await assemble(sandbox, 3, wait=False)
    numbers = [fresh[0], *earlier, *fresh[1:]]
    async with sandbox.gateway() as gateway:
        batch, slept = await fetch(gateway, numbers, sandbox, ready_wait_seconds=15.0)

    assert batch.set_aside == ()
    assert decode_pages(batch.pdf) == numbers
    assert slept == [15.0, 15.0, 15.0]  # 45 seconds after assembly they are ready


async def test_labels_that_never_get_ready_are_set_aside_as_not_ready(
    sandbox: SandboxLink,
) -> None:
    ready = await assemble(sandbox, 1)
    fresh = await assemble(sandbox, 1, wait=False)
    async with sandbox.gateway() as gateway:
        batch, slept = await fetch(
            gateway, [*fresh, *ready], sandbox, clock_moves=False, ready_rounds=3
        )

    assert [(s.posting_number, s.reason) for s in batch.set_aside] == [
        (fresh[0], SetAsideReason.NOT_READY)
    ]
    assert decode_pages(batch.pdf) == ready
    assert len(slept) == 2


async def test_a_large_batch_goes_through_an_asynchronous_task(sandbox: SandboxLink) -> None:
    ready = await assemble(sandbox, 12)
    delivered = in_status(sandbox, "delivered")[0]
    numbers = [*ready[:3], delivered, *ready[3:]]
    async with sandbox.gateway() as gateway:
        batch, slept = await fetch(gateway, numbers, sandbox, sync_up_to=5)

    assert [(s.posting_number, s.reason) for s in batch.set_aside] == [
        (delivered, SetAsideReason.WRONG_STATUS)
    ]
    assert decode_pages(batch.pdf) == ready
    requests = (await sandbox.stats())["requests"]
    assert requests[CREATE] == {"200": 1}
    assert requests[GET] == {"200": 2}  # pending, then completed
    assert LABEL not in requests
    assert slept == [2.0]


async def test_the_gateway_reads_ozons_refusals_into_label_errors(sandbox: SandboxLink) -> None:
    fresh = await assemble(sandbox, 1, wait=False)
    delivered = in_status(sandbox, "delivered")[:2]
    async with sandbox.gateway() as gateway:
        with pytest.raises(LabelsNotReady) as not_ready:
            await gateway.fetch_package_labels(fresh)
        with pytest.raises(LabelsRefused) as none_awaiting:
            await gateway.fetch_package_labels(delivered)

    assert not_ready.value.posting_numbers == tuple(fresh)
    assert none_awaiting.value.posting_numbers == tuple(delivered)
    assert none_awaiting.value.reason is SetAsideReason.WRONG_STATUS


async def test_a_label_call_is_retried_after_a_server_failure(sandbox: SandboxLink) -> None:
    ready = await assemble(sandbox, 2)
    await sandbox.inject(fail_next={"kind": "503", "count": 2}, paths=[LABEL])
    async with sandbox.gateway() as gateway:
        pdf = await gateway.fetch_package_labels(ready)
        calls = gateway.api_calls

    assert decode_pages(pdf) == ready
    assert calls == 3
