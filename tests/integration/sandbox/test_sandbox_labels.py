"""The sandbox's package labels: real PDFs whose barcodes read back to the posting numbers, and
Ozon's rules: awaiting_deliver only, unknown numbers, at most 20 a call, not ready right after
assembly, and the asynchronous task's life."""

from __future__ import annotations

import io

import httpx
import pypdfium2 as pdfium
import pytest
import zxingcpp
from sandbox_support import client_for, make_app

from posylka.sandbox.ozon.app import SandboxApp
from posylka.sandbox.ozon.labels import (
    READY_AFTER_SECONDS,
    TASK_SECONDS,
    LabelContent,
    bar_runs,
    render,
)

LABEL = "/v2/posting/fbs/package-label"
CREATE = "/v3/posting/fbs/package-label/create"
GET = "/v2/posting/fbs/package-label/get"


def in_status(app: SandboxApp, status: str) -> list[str]:
    now = app.state.now()
    return [
        p.posting_number
        for p in app.state.postings
        if (event := p.timeline.at(now)) is not None and event.status == status
    ]


def decode_pages(pdf: bytes) -> list[str]:
    """The Code128 text of every page, rendered at a thermal printer's 203 dpi."""
    document = pdfium.PdfDocument(io.BytesIO(pdf))
    texts = []
    for page in document:
        image = page.render(scale=203 / 72).to_pil().convert("L")
        found = [r.text for r in zxingcpp.read_barcodes(image) if r.format.name == "Code128"]
        texts.append(found[0] if found else "")
    return texts


@pytest.fixture
def app() -> SandboxApp:
    return make_app()


async def test_labels_are_one_pdf_page_per_posting_in_the_order_asked(app: SandboxApp) -> None:
    numbers = in_status(app, "awaiting_deliver")[:6][::-1]
    assert len(numbers) == 6
    async with client_for(app) as client:
        answer = await client.post(LABEL, json={"posting_number": numbers})

    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    assert decode_pages(answer.content) == numbers


async def test_a_posting_not_awaiting_delivery_fails_the_call_and_is_named(
    app: SandboxApp,
) -> None:
    good = in_status(app, "awaiting_deliver")[:2]
    bad = in_status(app, "delivering")[0]
    async with client_for(app) as client:
        answer = await client.post(LABEL, json={"posting_number": [*good, bad]})

    assert answer.status_code == 400
    assert answer.json()["code"] == 3
    assert bad in answer.json()["message"]
    assert not any(number in answer.json()["message"] for number in good)


async def test_only_postings_in_other_statuses_is_no_postings_for_batch_download(
    app: SandboxApp,
) -> None:
    async with client_for(app) as client:
        answer = await client.post(LABEL, json={"posting_number": in_status(app, "delivered")[:3]})

    assert answer.status_code == 400
    assert answer.json()["message"] == "NO_POSTINGS_FOR_BATCH_DOWNLOAD"


async def test_an_unknown_posting_number_is_not_found(app: SandboxApp) -> None:
    good = in_status(app, "awaiting_deliver")[:1]
    async with client_for(app) as client:
        answer = await client.post(LABEL, json={"posting_number": [*good, "1234-0001-1"]})

    assert answer.status_code == 404
    assert answer.json()["code"] == 5


@pytest.mark.parametrize("count", [0, 21])
async def test_the_call_takes_one_to_twenty_postings(app: SandboxApp, count: int) -> None:
    numbers = (in_status(app, "awaiting_deliver") * 3)[:count]
    async with client_for(app) as client:
        answer = await client.post(LABEL, json={"posting_number": numbers})

    assert answer.status_code == 400
    assert "posting_number" in answer.json()["message"]


async def test_a_label_is_not_ready_until_a_while_after_assembly(app: SandboxApp) -> None:
    fresh = in_status(app, "awaiting_packaging")[0]
    async with client_for(app) as client:
        moved = await client.post(
            f"/__sandbox/postings/{fresh}/status", json={"status": "awaiting_deliver"}
        )
        assert moved.status_code == 200
        early = await client.post(LABEL, json={"posting_number": [fresh]})
        await client.post("/__sandbox/clock", json={"advance_seconds": READY_AFTER_SECONDS - 1})
        still_early = await client.post(LABEL, json={"posting_number": [fresh]})
        await client.post("/__sandbox/clock", json={"advance_seconds": 1})
        ready = await client.post(LABEL, json={"posting_number": [fresh]})

    for answer in (early, still_early):
        assert answer.status_code == 400
        assert answer.json()["message"] == f"The next postings aren't ready: {fresh}"
    assert ready.status_code == 200
    assert decode_pages(ready.content) == [fresh]


async def test_a_task_is_pending_then_completed_with_a_file_and_the_unprinted_postings(
    app: SandboxApp,
) -> None:
    good = in_status(app, "awaiting_deliver")[:5]
    bad = in_status(app, "awaiting_packaging")[0]
    async with client_for(app) as client:
        created = await client.post(CREATE, json={"posting_numbers": [*good, bad]})
        task_id = created.json()["tasks"][0]["task_id"]
        pending = await client.post(GET, json={"task_id": task_id})
        await client.post("/__sandbox/clock", json={"advance_seconds": TASK_SECONDS})
        done = await client.post(GET, json={"task_id": task_id})
        file_url = done.json()["file_url"]
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as anonymous:
            pdf = await anonymous.get(file_url)

    assert created.status_code == 200
    assert created.json()["tasks"][0]["task_type"] == "big_label"
    assert pending.json()["status"]["code"] == "pending"
    status = done.json()["status"]
    assert status["code"] == "completed"
    assert (status["postings_count"], status["printed_postings_count"]) == (6, 5)
    assert [u["posting_number"] for u in status["unprinted_postings"]] == [bad]
    assert pdf.status_code == 200
    assert decode_pages(pdf.content) == good


async def test_a_task_with_no_printable_posting_ends_in_error(app: SandboxApp) -> None:
    async with client_for(app) as client:
        created = await client.post(CREATE, json={"posting_numbers": ["1234-0001-1"]})
        task_id = created.json()["tasks"][0]["task_id"]
        await client.post("/__sandbox/clock", json={"advance_seconds": TASK_SECONDS})
        done = await client.post(GET, json={"task_id": task_id})
        unknown = await client.post(GET, json={"task_id": 1})

    assert done.json()["status"]["code"] == "error"
    assert done.json()["file_url"] is None
    assert unknown.status_code == 404


async def test_a_task_takes_at_most_a_thousand_postings(app: SandboxApp) -> None:
    async with client_for(app) as client:
        answer = await client.post(CREATE, json={"posting_numbers": ["1-1-1"] * 1001})

    assert answer.status_code == 400


@pytest.mark.parametrize("number", ["9954144466-0181-1", "0000000001-0001-1", "12345678-0001-12"])
def test_every_posting_number_reads_back_from_its_barcode(number: str) -> None:
    bars, modules = bar_runs(number)
    label = LabelContent(number, "0001-1", bars, modules, ("Warehouse #1: Moskva",))

    assert decode_pages(render([label])) == [number]
