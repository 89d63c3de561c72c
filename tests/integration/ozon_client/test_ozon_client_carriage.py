"""Carriages through the gateway against the sandbox: what ``create`` takes and every refusal,
approve and its postings ``posting_in_carriage``, cancel releasing them, the act (shipping list
and waybill) and container labels as real PDFs whose text and barcodes are read back, and the
carriage's status following its postings' hand-over."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from datetime import date, timedelta

import httpx
import pypdfium2 as pdfium
import pytest
import zxingcpp
from ozon_sandbox_link import STORE, SandboxLink, linked

from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.domain.errors import BadRequest, NotFound, ServerFailure
from posylka.domain.ids import DeliveryMethodId, PostingNumber
from posylka.domain.shipping import CarriageRefused
from posylka.sandbox.ozon.carriages import local_day
from posylka.sandbox.ozon.network import DeliveryMethod

CREATE = "/v1/carriage/create"


@pytest.fixture
def sandbox() -> Iterator[SandboxLink]:
    with linked(False, postings=400) as link:
        yield link


def ozon_method(link: SandboxLink, index: int = 0) -> DeliveryMethod:
    return [m for m in link.app.state.methods if m.integration == "ozon"][index]


def status_of(link: SandboxLink, number: str) -> tuple[str, str]:
    event = link.app.state.posting(number).timeline.at(link.app.state.now())
    assert event is not None
    return event.status, event.substatus


def today(link: SandboxLink, method: DeliveryMethod) -> date:
    return local_day(link.app.state.now(), method.warehouse)


async def assemble(link: SandboxLink, method: DeliveryMethod, count: int) -> list[str]:
    """Move ``count`` of the method's postings awaiting packaging to awaiting_deliver."""
    numbers = [
        p.posting_number
        for p in link.app.state.postings
        if p.method.id == method.id
        and (e := p.timeline.at(link.app.state.now())) is not None
        and e.status == "awaiting_packaging"
    ][:count]
    assert len(numbers) == count
    for number in numbers:
        await link.control("POST", f"/postings/{number}/status", {"status": "awaiting_deliver"})
    return numbers


def waiting(link: SandboxLink, method: DeliveryMethod) -> list[str]:
    """The method's postings a carriage would take: awaiting delivery, not in a carriage."""
    return sorted(
        p.posting_number
        for p in link.app.state.postings
        if p.method.id == method.id
        and (e := p.timeline.at(link.app.state.now())) is not None
        and e.status == "awaiting_deliver"
        and e.substatus != "posting_in_carriage"
    )


def far(link: SandboxLink, method: DeliveryMethod) -> date:
    return today(link, method) + timedelta(days=30)


async def test_create_takes_the_methods_postings_awaiting_delivery(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    assembled = await assemble(sandbox, method, 3)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        numbers = await gateway.carriage_postings(carriage_id)
        carriage = await gateway.fetch_carriage(carriage_id)
    assert set(assembled) <= set(numbers)
    assert sorted(numbers) == waiting(sandbox, method)
    assert carriage.status == "new"
    assert carriage.delivery_method_id == method.id
    assert carriage.warehouse_id == method.warehouse.id
    assert carriage.departure_date == far(sandbox, method)
    assert carriage.cancel_available
    assert set(carriage.available_actions) == {"approve", "cancel"}


async def test_create_leaves_out_postings_due_after_the_departure_date(
    sandbox: SandboxLink,
) -> None:
    method = ozon_method(sandbox)
    assembled = await assemble(sandbox, method, 2)
    state = sandbox.app.state
    state.posting(assembled[0]).shipment_date = state.now() + 5 * 86400
    state.posting(assembled[1]).shipment_date = state.now()
    day = today(sandbox, method)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(DeliveryMethodId(method.id), day)
        numbers = await gateway.carriage_postings(carriage_id)
    assert assembled[0] not in numbers
    assert assembled[1] in numbers


async def test_create_without_postings_is_refused_with_no_postings(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    for number in waiting(sandbox, method):
        await sandbox.control("POST", f"/postings/{number}/status", {"status": "delivering"})
    async with sandbox.gateway() as gateway:
        with pytest.raises(CarriageRefused) as refused:
            await gateway.create_carriage(DeliveryMethodId(method.id), far(sandbox, method))
    assert refused.value.code == "no_postings"
    assert refused.value.status == 400


async def test_second_create_while_the_first_is_new_is_refused(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 2)
    async with sandbox.gateway() as gateway:
        await gateway.create_carriage(DeliveryMethodId(method.id), far(sandbox, method))
        with pytest.raises(CarriageRefused) as refused:
            await gateway.create_carriage(DeliveryMethodId(method.id), far(sandbox, method))
    assert refused.value.code == "there_are_incomplete_carriages"


async def test_the_list_of_a_day_names_its_carriage_and_status(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 2)
    day = far(sandbox, method)
    async with sandbox.gateway() as gateway:
        before = await gateway.list_carriages(DeliveryMethodId(method.id), day)
        carriage_id = await gateway.create_carriage(DeliveryMethodId(method.id), day)
        after = await gateway.list_carriages(DeliveryMethodId(method.id), day)
        other_day = await gateway.list_carriages(DeliveryMethodId(method.id), day + timedelta(1))
    assert before == []
    assert [(c.carriage_id, c.status, c.departure_date) for c in after] == [
        (carriage_id, "new", day)
    ]
    assert other_day == []


async def test_the_list_leaves_out_a_cancelled_carriage(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 2)
    day = far(sandbox, method)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(DeliveryMethodId(method.id), day)
        await gateway.cancel_carriage(carriage_id)
        listed = await gateway.list_carriages(DeliveryMethodId(method.id), day)
    assert listed == []


async def test_the_list_is_asked_again_after_a_server_error(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 1)
    day = far(sandbox, method)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(DeliveryMethodId(method.id), day)
        await sandbox.inject(
            fail_next={"kind": "503", "count": 1}, paths=["/v1/posting/carriage-available/list"]
        )
        listed = await gateway.list_carriages(DeliveryMethodId(method.id), day)
    assert [c.carriage_id for c in listed] == [carriage_id]


async def test_create_for_a_method_whose_carrier_collects_is_refused_as_non_carriageable(
    sandbox: SandboxLink,
) -> None:
    rfbs = next(m for m in sandbox.app.state.methods if m.integration == "non_integrated")
    async with sandbox.gateway() as gateway:
        with pytest.raises(CarriageRefused) as refused:
            await gateway.create_carriage(DeliveryMethodId(rfbs.id), far(sandbox, rfbs))
    assert refused.value.code == "non_carriageable"


async def test_create_for_an_unknown_method_is_refused(sandbox: SandboxLink) -> None:
    async with sandbox.gateway() as gateway:
        with pytest.raises(CarriageRefused) as refused:
            await gateway.create_carriage(DeliveryMethodId(12345), date(2026, 12, 1))
    assert refused.value.code == "DELIVERY_METHOD_NOT_FOUND"


async def test_create_for_a_day_that_has_passed_is_refused_as_outdated(
    sandbox: SandboxLink,
) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 1)
    yesterday = today(sandbox, method) - timedelta(days=1)
    async with sandbox.gateway() as gateway:
        with pytest.raises(CarriageRefused) as refused:
            await gateway.create_carriage(DeliveryMethodId(method.id), yesterday)
    assert refused.value.code == "outdated"


async def test_create_is_sent_once_even_when_ozon_fails(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 1)
    await sandbox.inject(fail_next={"kind": "503", "count": 1}, paths=[CREATE])
    async with sandbox.gateway() as gateway:
        with pytest.raises(ServerFailure):
            await gateway.create_carriage(DeliveryMethodId(method.id), far(sandbox, method))
    stats = await sandbox.stats()
    assert sum(stats["requests"][CREATE].values()) == 1


async def test_approve_forms_the_carriage_and_puts_its_postings_in_carriage(
    sandbox: SandboxLink,
) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 2)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        await gateway.approve_carriage(carriage_id, containers_count=3)
        carriage = await gateway.fetch_carriage(carriage_id)
        numbers = await gateway.carriage_postings(carriage_id)
        posting = await gateway.fetch_posting(PostingNumber(numbers[0]))
    assert carriage.status == "formed"
    assert carriage.containers_count == 3
    assert not carriage.cancel_available
    assert posting.substatus == "posting_in_carriage"
    assert all(
        status_of(sandbox, n) == ("awaiting_deliver", "posting_in_carriage") for n in numbers
    )


async def test_approve_keeps_the_postings_planned_hand_over(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    now = sandbox.app.state.now()
    planned = {
        n: [e for e in sandbox.app.state.posting(n).timeline.events if e.at > now]
        for n in waiting(sandbox, method)
    }
    assert any(planned.values()), "a seeded posting awaiting delivery has a planned future"
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        await gateway.approve_carriage(carriage_id)
    for number, future in planned.items():
        events = sandbox.app.state.posting(number).timeline.events
        assert [e for e in events if e.at > now] == future


async def test_approve_twice_is_refused_with_incorrect_carriage_status(
    sandbox: SandboxLink,
) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 1)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        await gateway.approve_carriage(carriage_id)
        with pytest.raises(CarriageRefused) as refused:
            await gateway.approve_carriage(carriage_id)
    assert refused.value.code == "Incorrect_carriage_status"


async def test_approve_drops_postings_cancelled_since_create(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 2)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        first, *rest = await gateway.carriage_postings(carriage_id)
        await sandbox.control("POST", f"/postings/{first}/status", {"status": "cancelled"})
        await gateway.approve_carriage(carriage_id)
        after = await gateway.carriage_postings(carriage_id)
    assert sorted(after) == sorted(rest)


async def test_cancel_releases_the_postings_of_a_new_carriage(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 2)
    day = far(sandbox, method)
    async with sandbox.gateway() as gateway:
        first = await gateway.create_carriage(DeliveryMethodId(method.id), day)
        taken = await gateway.carriage_postings(first)
        await gateway.cancel_carriage(first)
        cancelled = await gateway.fetch_carriage(first)
        second = await gateway.create_carriage(DeliveryMethodId(method.id), day)
        retaken = await gateway.carriage_postings(second)
    assert cancelled.status == "cancelled"
    assert second != first
    assert sorted(retaken) == sorted(taken)


async def test_cancel_after_approve_is_refused(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 1)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        await gateway.approve_carriage(carriage_id)
        with pytest.raises(CarriageRefused) as refused:
            await gateway.cancel_carriage(carriage_id)
    assert refused.value.code == "Incorrect_carriage_status"


async def test_unknown_carriage_is_not_found(sandbox: SandboxLink) -> None:
    async with sandbox.gateway() as gateway:
        with pytest.raises(NotFound):
            await gateway.fetch_carriage(999)
        with pytest.raises(NotFound):
            await gateway.approve_carriage(999)
        with pytest.raises(NotFound):
            await gateway.fetch_act_pdf(999)


async def test_documents_before_approve_are_refused(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 1)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        with pytest.raises(CarriageRefused) as refused:
            await gateway.fetch_act_pdf(carriage_id)
    assert refused.value.code == "Incorrect_carriage_status"


def pdf_texts(pdf: bytes) -> list[str]:
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    return [page.get_textpage().get_text_range() for page in document]


async def test_act_lists_every_posting_and_ends_with_the_waybill(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 3)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        await gateway.approve_carriage(carriage_id)
        numbers = await gateway.carriage_postings(carriage_id)
        pdf = await gateway.fetch_act_pdf(carriage_id)
    pages = pdf_texts(pdf)
    assert "Лист отгрузки" in pages[0]
    assert method.warehouse.name in pages[0]
    assert all(number in "".join(pages[:-1]) for number in numbers)
    assert "Транспортная накладная" in pages[-1]
    assert f"Отправлений: {len(numbers)}" in pages[-1]


async def test_act_of_many_postings_continues_on_further_pages(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 14)
    state = sandbox.app.state
    extra = [
        p.posting_number
        for p in state.postings
        if p.method.id == method.id and status_of(sandbox, p.posting_number)[0] == "delivered"
    ][:40]
    for number in extra:
        state.set_status(number, "awaiting_deliver")
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        await gateway.approve_carriage(carriage_id)
        numbers = await gateway.carriage_postings(carriage_id)
        pages = pdf_texts(await gateway.fetch_act_pdf(carriage_id))
    assert len(numbers) > 40
    assert len(pages) >= 3
    listed = "".join(pages[:-1])
    assert all(number in listed for number in numbers)


async def test_container_labels_carry_the_carriage_id_and_container_number(
    sandbox: SandboxLink,
) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 1)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        await gateway.approve_carriage(carriage_id, containers_count=2)
        pdf = await gateway.fetch_container_labels(carriage_id)
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    read = []
    for page in document:
        image = page.render(scale=203 / 72).to_pil().convert("L")
        read += [r.text for r in zxingcpp.read_barcodes(image) if r.format.name == "Code128"]
    assert read == [f"{carriage_id}-1", f"{carriage_id}-2"]


async def test_container_labels_without_containers_are_refused(sandbox: SandboxLink) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 1)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        await gateway.approve_carriage(carriage_id)
        with pytest.raises(BadRequest, match="containers_count"):
            await gateway.fetch_container_labels(carriage_id)


async def test_carriage_is_received_then_closed_as_its_postings_are_handed_over(
    sandbox: SandboxLink,
) -> None:
    method = ozon_method(sandbox)
    await assemble(sandbox, method, 2)
    async with sandbox.gateway() as gateway:
        carriage_id = await gateway.create_carriage(
            DeliveryMethodId(method.id), far(sandbox, method)
        )
        await gateway.approve_carriage(carriage_id)
        first, *rest = await gateway.carriage_postings(carriage_id)
        status = "acceptance_in_progress"
        await sandbox.control("POST", f"/postings/{first}/status", {"status": status})
        received = await gateway.fetch_carriage(carriage_id)
        for number in [first, *rest]:
            await sandbox.control("POST", f"/postings/{number}/status", {"status": "delivering"})
        closed = await gateway.fetch_carriage(carriage_id)
    assert (received.status, closed.status) == ("received", "closed")


def mock_gateway(handler: httpx.MockTransport) -> OzonGateway:
    http = httpx.AsyncClient(base_url="http://ozon.test", transport=handler)
    return OzonGateway(STORE, OzonClient(http, client_id="1", api_key="k"))


async def test_cancel_answered_with_an_error_in_a_200_is_a_refusal() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, json={"carriage_status": "formed", "error": "Incorrect_carriage_status"}
        )

    gateway = mock_gateway(httpx.MockTransport(answer))
    with pytest.raises(CarriageRefused) as refused:
        await gateway.cancel_carriage(7)
    assert refused.value.code == "Incorrect_carriage_status"


async def test_act_in_the_documented_json_form_is_read() -> None:
    pdf = b"%PDF-1.4 act"

    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "content_type": "application/pdf",
                "file_name": "20928233.pdf",
                "file_content": base64.b64encode(pdf).decode(),
            },
        )

    gateway = mock_gateway(httpx.MockTransport(answer))
    assert await gateway.fetch_act_pdf(20928233) == pdf
