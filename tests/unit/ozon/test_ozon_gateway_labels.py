"""Package labels through the gateway over scripted answers: the bodies Ozon receives, the PDF read
from the body or from the documented ``file_content``, Ozon's label errors read with the postings
they name, task states, and the task file downloaded without the store's keys."""

from __future__ import annotations

import base64

import httpx
import pytest
from ozon_wire_builder import (
    ScriptedOzon,
    json_reply,
    make_client,
    ozon_error,
    raw_reply,
)

from posylka.adapters.ozon import endpoints
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.domain.errors import MalformedReply, ServerFailure
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.labels import (
    LabelsNotReady,
    LabelsRefused,
    LabelTaskCode,
    SetAsideReason,
)

LABEL = endpoints.PACKAGE_LABEL.path
CREATE = endpoints.PACKAGE_LABEL_CREATE.path
GET = endpoints.PACKAGE_LABEL_GET.path
A, B = PostingNumber("0208245774-0029-1"), PostingNumber("0208245774-0030-1")
PDF = b"%PDF-1.7\n%fake but starts right\n"


def gateway_over(script: ScriptedOzon) -> OzonGateway:
    return OzonGateway(StoreId(1), make_client(script))


async def test_labels_are_asked_for_with_ozons_list_field_and_come_as_the_pdf_body() -> None:
    script = ScriptedOzon().on(LABEL, raw_reply(PDF, content_type="application/pdf"))

    pdf = await gateway_over(script).fetch_package_labels([A, B])

    assert pdf == PDF
    assert script.bodies(LABEL) == [{"posting_number": [A, B]}]


async def test_the_documented_json_with_file_content_is_read_too() -> None:
    body = {"content_type": "application/pdf", "file_name": "ticket.pdf"}
    body["file_content"] = base64.b64encode(PDF).decode()
    script = ScriptedOzon().on(LABEL, json_reply(body))

    assert await gateway_over(script).fetch_package_labels([A]) == PDF


async def test_a_body_that_is_no_pdf_is_a_malformed_reply() -> None:
    script = ScriptedOzon().on(LABEL, raw_reply(b"<html>oops</html>"))

    with pytest.raises(MalformedReply):
        await gateway_over(script).fetch_package_labels([A])


async def test_not_ready_names_the_postings_in_ozons_message() -> None:
    script = ScriptedOzon().on(LABEL, ozon_error(400, 3, f"The next postings aren't ready: {B}"))

    with pytest.raises(LabelsNotReady) as caught:
        await gateway_over(script).fetch_package_labels([A, B])

    assert caught.value.posting_numbers == (B,)
    assert script.count(LABEL) == 1  # a refusal is not repeated by the client


@pytest.mark.parametrize(
    ("status", "code", "message", "reason", "named"),
    [
        (400, 3, "INVALID_ARGUMENT", SetAsideReason.WRONG_STATUS, ()),
        (400, 3, "NO_POSTINGS_FOR_BATCH_DOWNLOAD", SetAsideReason.WRONG_STATUS, (A, B)),
        (404, 5, "Posting not found", SetAsideReason.UNKNOWN, ()),
        (400, 3, f"something else about {A}", SetAsideReason.REFUSED, (A,)),
    ],
)
async def test_refusals_are_read_into_a_reason_and_the_postings_named(
    status: int,
    code: int,
    message: str,
    reason: SetAsideReason,
    named: tuple[PostingNumber, ...],
) -> None:
    script = ScriptedOzon().on(LABEL, ozon_error(status, code, message))

    with pytest.raises(LabelsRefused) as caught:
        await gateway_over(script).fetch_package_labels([A, B])

    assert (caught.value.reason, caught.value.posting_numbers) == (reason, named)


async def test_a_task_is_created_once_even_when_ozon_fails() -> None:
    script = ScriptedOzon().on(CREATE, ozon_error(503, 14, "unavailable"))

    with pytest.raises(ServerFailure):
        await gateway_over(script).create_label_task([A])

    assert script.count(CREATE) == 1
    assert script.bodies(CREATE) == [{"posting_numbers": [A]}]


async def test_a_create_reply_without_tasks_is_malformed() -> None:
    script = ScriptedOzon().on(CREATE, json_reply({"tasks": []}))

    with pytest.raises(MalformedReply):
        await gateway_over(script).create_label_task([A])


async def test_a_finished_task_gives_its_file_and_its_unprinted_postings() -> None:
    reply = {
        "status": {
            "code": "completed",
            "postings_count": 2,
            "printed_postings_count": 1,
            "unprinted_postings": [{"posting_number": B, "message": "aren't ready"}],
        },
        "file_url": "https://cdn.example/labels.pdf",
    }
    script = ScriptedOzon().on(GET, json_reply(reply))

    state = await gateway_over(script).fetch_label_task(5819327210248)

    assert script.bodies(GET) == [{"task_id": 5819327210248}]
    assert state.code is LabelTaskCode.COMPLETED
    assert state.file_url == "https://cdn.example/labels.pdf"
    assert [(u.posting_number, u.reason) for u in state.unprinted] == [
        (B, SetAsideReason.NOT_READY)
    ]


async def test_an_unknown_task_state_is_read_as_unknown_not_finished() -> None:
    script = ScriptedOzon().on(GET, json_reply({"status": {"code": "queued_somewhere"}}))

    state = await gateway_over(script).fetch_label_task(1)

    assert state.code is LabelTaskCode.UNKNOWN
    assert not state.code.finished


async def test_the_task_file_is_downloaded_without_the_stores_keys() -> None:
    seen: list[httpx.Request] = []

    def cdn(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=PDF, headers={"Content-Type": "application/pdf"})

    script = ScriptedOzon().on("/labels.pdf", cdn)

    pdf = await gateway_over(script).download_label_file("https://cdn.example/labels.pdf")

    assert pdf == PDF
    assert "api-key" not in {name.lower() for name in seen[0].headers}
    assert "client-id" not in {name.lower() for name in seen[0].headers}
