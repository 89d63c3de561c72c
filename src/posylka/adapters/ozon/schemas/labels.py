"""Package labels: ``/v2/posting/fbs/package-label`` (a PDF for at most 20 postings at once),
and ``/v3/posting/fbs/package-label/create`` with ``/v2/posting/fbs/package-label/get`` (the
asynchronous pair, for up to 1000 postings a task).
"""

from __future__ import annotations

from posylka.adapters.ozon.schemas.base import DocumentFile, Int64, RequestModel, WireModel


class PackageLabelRequest(RequestModel):
    """``/v2/posting/fbs/package-label``: ``posting_number`` is a list, despite its name."""

    posting_number: list[str] | None = None


class PackageLabelFile(DocumentFile):
    """The reply's shape as Ozon's document draws it. The live API sends the PDF itself as the
    body (``application/pdf``); the gateway reads either."""


class PackageLabelTaskCreateRequest(RequestModel):
    posting_numbers: list[str] | None = None


class PackageLabelTask(WireModel):
    task_id: Int64 | None = None
    task_type: str | None = None
    """``big_label`` or ``small_label``."""


class PackageLabelTaskCreateResponse(WireModel):
    tasks: list[PackageLabelTask] | None = None


class PackageLabelTaskGetRequest(RequestModel):
    task_id: Int64 | None = None


class UnprintedPosting(WireModel):
    posting_number: str | None = None
    message: str | None = None


class PackageLabelTaskStatus(WireModel):
    code: str | None = None
    """``pending``, ``in_progress``, ``completed`` or ``error``."""
    postings_count: int | None = None
    printed_postings_count: int | None = None
    unprinted_postings: list[UnprintedPosting] | None = None


class PackageLabelTaskError(WireModel):
    code: str | None = None
    message: str | None = None


class PackageLabelTaskGetResponse(WireModel):
    status: PackageLabelTaskStatus | None = None
    file_url: str | None = None
    error: PackageLabelTaskError | None = None
