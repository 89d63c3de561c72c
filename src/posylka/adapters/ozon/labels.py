"""Package labels over the wire: the synchronous PDF call, the asynchronous task pair, and Ozon's
label errors read into ``posylka.domain.labels``.

Ozon's document draws the reply of ``/v2/posting/fbs/package-label`` as JSON with a
``file_content`` field under ``application/pdf``; the live API sends the PDF itself as the body.
Both are read. Its label errors are messages, not codes (Seller API, section "Errors",
``/v2/posting/fbs/package-label``): ``The next postings aren't ready`` (try again later),
``INVALID_ARGUMENT`` (a posting not in ``awaiting_deliver``) and
``NO_POSTINGS_FOR_BATCH_DOWNLOAD`` (none of them is). Whether a message names the posting is not
documented, so the numbers asked for that appear in it are taken as named, and none named means
any of them may be the one.
"""

from __future__ import annotations

from collections.abc import Sequence

import httpx

from posylka.adapters.ozon import endpoints, schemas
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.errors import malformed_reply, transport_failure
from posylka.adapters.ozon.pdf_replies import read_pdf_reply
from posylka.domain.errors import BadRequest, MarketplaceError, NotFound, ServerFailure
from posylka.domain.ids import PostingNumber
from posylka.domain.labels import (
    LabelsNotReady,
    LabelsRefused,
    LabelTask,
    LabelTaskCode,
    LabelTaskState,
    SetAsideReason,
    UnprintedPosting,
)

NOT_READY_WORDS = ("aren't ready", "are not ready", "not ready")
NO_POSTINGS = "no_postings_for_batch_download"
DOWNLOAD_ATTEMPTS = 3


def named_in(message: str, numbers: Sequence[PostingNumber]) -> list[PostingNumber]:
    """The posting numbers of ``numbers`` that ``message`` mentions."""
    return [number for number in numbers if number in message]


def label_reason(message: str, *, not_found: bool = False) -> SetAsideReason:
    """What kind of refusal Ozon's message is."""
    lowered = message.lower()
    if any(words in lowered for words in NOT_READY_WORDS):
        return SetAsideReason.NOT_READY
    if not_found or "not found" in lowered:
        return SetAsideReason.UNKNOWN
    if NO_POSTINGS in lowered or "status" in lowered or "invalid_argument" in lowered:
        return SetAsideReason.WRONG_STATUS
    return SetAsideReason.REFUSED


def read_label_error(exc: BadRequest, numbers: Sequence[PostingNumber]) -> BadRequest:
    """Ozon's refusal of a label call as ``LabelsNotReady`` or ``LabelsRefused``."""
    reason = label_reason(exc.message, not_found=isinstance(exc, NotFound))
    named = named_in(exc.message, numbers)
    if reason is SetAsideReason.NOT_READY:
        return LabelsNotReady(exc.message, named, code=exc.code, status=exc.status, path=exc.path)
    if NO_POSTINGS in exc.message.lower():
        named = list(numbers)  # none of them awaits delivery
    return LabelsRefused(
        exc.message, named, reason=reason, code=exc.code, status=exc.status, path=exc.path
    )


async def fetch_package_labels(client: OzonClient, numbers: Sequence[PostingNumber]) -> bytes:
    """One PDF with the labels of at most 20 postings (``/v2/posting/fbs/package-label``)."""
    endpoint = endpoints.PACKAGE_LABEL
    request = schemas.PackageLabelRequest(posting_number=list(numbers))
    try:
        response = await client.call_reply(endpoint, request)
    except BadRequest as exc:
        raise read_label_error(exc, numbers) from exc
    return read_pdf_reply(response, path=endpoint.path, what="label")


async def create_label_task(
    client: OzonClient, numbers: Sequence[PostingNumber]
) -> list[LabelTask]:
    """Start Ozon's asynchronous labelling of up to 1000 postings
    (``/v3/posting/fbs/package-label/create``)."""
    endpoint = endpoints.PACKAGE_LABEL_CREATE
    request = schemas.PackageLabelTaskCreateRequest(posting_numbers=list(numbers))
    try:
        reply = await client.call(endpoint, request)
    except BadRequest as exc:
        raise read_label_error(exc, numbers) from exc
    tasks = [
        LabelTask(task.task_id, task.task_type or "")
        for task in reply.tasks or []
        if task.task_id is not None
    ]
    if not tasks:
        raise malformed_reply("no task was started", path=endpoint.path)
    return tasks


async def fetch_label_task(client: OzonClient, task_id: int) -> LabelTaskState:
    """Where a label task stands (``/v2/posting/fbs/package-label/get``)."""
    endpoint = endpoints.PACKAGE_LABEL_GET
    request = schemas.PackageLabelTaskGetRequest(task_id=task_id)
    reply = await client.call(endpoint, request, context=f"task {task_id}")
    status = reply.status or schemas.PackageLabelTaskStatus()
    unprinted = tuple(
        UnprintedPosting(
            PostingNumber(item.posting_number),
            label_reason(item.message or ""),
            item.message or "",
        )
        for item in status.unprinted_postings or []
        if item.posting_number
    )
    error = ""
    if reply.error is not None:
        error = reply.error.message or reply.error.code or ""
    return LabelTaskState(LabelTaskCode.parse(status.code), reply.file_url or "", unprinted, error)


async def download_label_file(client: OzonClient, url: str) -> bytes:
    """The PDF behind a task's ``file_url``: a temporary link, fetched without the store's keys."""
    path = endpoints.PACKAGE_LABEL_GET.path
    error: MarketplaceError | None = None
    for attempt in range(1, DOWNLOAD_ATTEMPTS + 1):
        try:
            response = await client.http.get(url)
        except httpx.TransportError as exc:
            error = transport_failure(exc, path=url)
        else:
            if response.is_success:
                return read_pdf_reply(response, path=path, what="label")
            error = ServerFailure(
                f"Ozon's label file could not be downloaded: HTTP {response.status_code}",
                status=response.status_code,
                path=url,
            )
            if response.status_code < 500:
                break
        if attempt < DOWNLOAD_ATTEMPTS:
            await client.retry.sleep(client.retry.backoff(attempt))
    assert error is not None
    raise error
