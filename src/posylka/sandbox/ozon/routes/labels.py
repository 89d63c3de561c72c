"""Package label methods: ``/v2/posting/fbs/package-label`` (a PDF for 1..20 postings),
``/v3/posting/fbs/package-label/create`` and ``/v2/posting/fbs/package-label/get`` (the
asynchronous pair), and the task files behind ``file_url``.

The synchronous call fails whole when one posting cannot have its label (Seller API: «Если хотя бы
для одного отправления возникнет ошибка, этикетки не будут подготовлены для всех отправлений в
запросе»). The sandbox checks, in this order: the number of postings; unknown numbers (404, code
5, without naming them, as ``/v3/posting/fbs/get`` does); no posting awaiting delivery
(``NO_POSTINGS_FOR_BATCH_DOWNLOAD``); postings in another status (``INVALID_ARGUMENT``, naming
them); labels not ready yet (``The next postings aren't ready``, naming them).

Task files are served under ``/__sandbox/files/labels/`` with no credentials, like Ozon's
temporary download links.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon.bodies import parse
from posylka.sandbox.ozon.errors import invalid, not_found
from posylka.sandbox.ozon.labels import (
    LabelContents,
    LabelTasks,
    Refusal,
    labels_for,
    refusals,
)
from posylka.sandbox.ozon.routes.replies import reply
from posylka.sandbox.ozon.state import SandboxState

SYNC_LIMIT = 20
TASK_LIMIT = 1000
FILES = "/__sandbox/files/labels"

POSTING_NOT_FOUND = "Posting not found"
NO_POSTINGS = "NO_POSTINGS_FOR_BATCH_DOWNLOAD"
NOT_READY = "The next postings aren't ready"


def _count_problem(numbers: list[str], field: str, limit: int) -> str | None:
    if not numbers:
        return f"invalid request body: {field}: at least one posting number is required"
    if len(numbers) > limit:
        return f"invalid request body: {field}: at most {limit} posting numbers, got {len(numbers)}"
    return None


def _named(items: list[Refusal]) -> str:
    return ", ".join(item.posting_number for item in items)


def refusal_message(refusal: Refusal) -> str:
    """The message of one unprinted posting of a task."""
    if refusal.kind == "unknown":
        return POSTING_NOT_FOUND
    if refusal.kind == "status":
        return f"INVALID_ARGUMENT: posting status is {refusal.status}, not awaiting_deliver"
    return NOT_READY


def routes(state: SandboxState) -> list[BaseRoute]:
    contents = LabelContents()
    tasks = LabelTasks(contents)

    async def package_label(request: Request) -> Response:
        body = parse(wire.PackageLabelRequest, await request.body())
        numbers = body.posting_number or []
        problem = _count_problem(numbers, "posting_number", SYNC_LIMIT)
        if problem:
            raise invalid(problem)
        now = state.now()
        refused = refusals(state, numbers, now)
        if any(r.kind == "unknown" for r in refused):
            raise not_found(POSTING_NOT_FOUND)
        wrong = [r for r in refused if r.kind == "status"]
        if len(wrong) == len(numbers):
            raise invalid(NO_POSTINGS)
        if wrong:
            raise invalid(
                f"INVALID_ARGUMENT: labels are printed only for postings awaiting delivery "
                f"(awaiting_deliver): {_named(wrong)}"
            )
        waiting = [r for r in refused if r.kind == "not_ready"]
        if waiting:
            raise invalid(f"{NOT_READY}: {_named(waiting)}")
        pdf = labels_for(state, numbers, contents)
        return Response(pdf, media_type="application/pdf")

    async def create(request: Request) -> Response:
        body = parse(wire.PackageLabelTaskCreateRequest, await request.body())
        numbers = body.posting_numbers or []
        problem = _count_problem(numbers, "posting_numbers", TASK_LIMIT)
        if problem:
            raise invalid(problem)
        task = tasks.create(numbers, state.now())
        return reply(
            wire.PackageLabelTaskCreateResponse(
                tasks=[wire.PackageLabelTask(task_id=task.task_id, task_type="big_label")]
            )
        )

    async def get(request: Request) -> Response:
        body = parse(wire.PackageLabelTaskGetRequest, await request.body())
        task = tasks.get(body.task_id) if body.task_id is not None else None
        if task is None:
            raise not_found("task not found")
        tasks.advance(state, task, state.now())
        if not task.finished:
            status = wire.PackageLabelTaskStatus(code="pending", postings_count=len(task.numbers))
            return reply(wire.PackageLabelTaskGetResponse(status=status))
        unprinted = [
            wire.UnprintedPosting(posting_number=r.posting_number, message=refusal_message(r))
            for r in task.unprinted
        ]
        printed = len(task.numbers) - len(unprinted)
        status = wire.PackageLabelTaskStatus(
            code="completed" if task.file is not None else "error",
            postings_count=len(task.numbers),
            printed_postings_count=printed,
            unprinted_postings=unprinted,
        )
        if task.file is None:
            error = wire.PackageLabelTaskError(code=NO_POSTINGS, message="no labels were printed")
            return reply(wire.PackageLabelTaskGetResponse(status=status, error=error))
        url = str(request.base_url).rstrip("/") + f"{FILES}/{task.task_id}.pdf"
        return reply(wire.PackageLabelTaskGetResponse(status=status, file_url=url))

    async def task_file(request: Request) -> Response:
        raw = request.path_params["task_id"]
        task = tasks.get(int(raw)) if raw.isdigit() else None
        if task is None or task.file is None:
            raise not_found("file not found")
        return Response(task.file, media_type="application/pdf")

    return [
        Route("/v2/posting/fbs/package-label", package_label, methods=["POST"]),
        Route("/v3/posting/fbs/package-label/create", create, methods=["POST"]),
        Route("/v2/posting/fbs/package-label/get", get, methods=["POST"]),
        Route(f"{FILES}/{{task_id}}.pdf", task_file, methods=["GET"]),
    ]
