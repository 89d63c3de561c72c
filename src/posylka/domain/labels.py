"""Ozon package labels: what a batch of labels came back as, and why a posting got none.

Ozon prints the package label of a posting only while it awaits delivery (``awaiting_deliver``),
and only a little while after assembly: it asks to wait 45–60 seconds after ``ship`` (Seller API,
``/v2/posting/fbs/package-label``). One bad posting fails a whole synchronous call of up to 20,
so a batch is a partial success: the labels that came, in the order asked for, and each posting
set aside with its reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from posylka.domain.errors import BadRequest
from posylka.domain.ids import PostingNumber, StoreId, UserId

SYNC_LABEL_LIMIT = 20
"""Postings per ``/v2/posting/fbs/package-label`` call (Seller API: «не больше 20»)."""

TASK_LABEL_LIMIT = 1000
"""Postings per ``/v3/posting/fbs/package-label/create`` task (``posting_numbers`` 1..1000)."""


class SetAsideReason(StrEnum):
    """Why a posting of a batch got no label."""

    NOT_READY = "not_ready"
    """Ozon has not prepared the label yet (it needs up to a minute after assembly)."""
    WRONG_STATUS = "wrong_status"
    """The posting does not await delivery: not assembled yet, or already handed over."""
    UNKNOWN = "unknown"
    """Ozon does not know the posting number (or posylka does not know the store)."""
    REFUSED = "refused"
    """Ozon refused the posting for another reason; its message says which."""


@dataclass(frozen=True, slots=True)
class SetAside:
    """A posting that got no label, why, and Ozon's own words where it sent some."""

    store_id: StoreId
    posting_number: PostingNumber
    reason: SetAsideReason
    detail: str = ""


@dataclass(frozen=True, slots=True)
class PrintedLabel:
    """Where one posting's label sits in a batch's print file (pages counted from 0)."""

    store_id: StoreId
    posting_number: PostingNumber
    first_page: int
    page_count: int


@dataclass(frozen=True, slots=True)
class LabelBatch:
    """The outcome of fetching labels: one print file in the order asked for, and the rest."""

    pdf: bytes | None
    """One PDF with every label that came, or ``None`` when none did."""
    printed: tuple[PrintedLabel, ...]
    set_aside: tuple[SetAside, ...]
    api_calls: int = 0

    @property
    def page_count(self) -> int:
        return sum(label.page_count for label in self.printed)


@dataclass(frozen=True, slots=True)
class LabelTask:
    """An asynchronous label task Ozon started (``big_label`` or ``small_label``)."""

    task_id: int
    kind: str


class LabelTaskCode(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    ERROR = "error"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, raw: str | None) -> LabelTaskCode:
        try:
            return cls(raw or "")
        except ValueError:
            return cls.UNKNOWN

    @property
    def finished(self) -> bool:
        return self in (LabelTaskCode.COMPLETED, LabelTaskCode.ERROR)


@dataclass(frozen=True, slots=True)
class UnprintedPosting:
    posting_number: PostingNumber
    reason: SetAsideReason
    detail: str


@dataclass(frozen=True, slots=True)
class LabelTaskState:
    """Where an asynchronous task stands; ``file_url`` is set once it completed."""

    code: LabelTaskCode
    file_url: str = ""
    unprinted: tuple[UnprintedPosting, ...] = ()
    error: str = ""


# --- the log of printed labels -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LabelPrint:
    """One posting's label printed once (a reprint is a print too)."""

    id: int
    batch_id: int
    store_id: StoreId
    posting_number: PostingNumber
    printed_at: datetime
    actor: str
    user_id: UserId | None
    reprint: bool
    times_printed: int
    """How many times this posting's label was printed so far, this print included."""


@dataclass(frozen=True, slots=True)
class LabelPages:
    """Where to find a printed label again: its batch's file and its pages in it."""

    print_id: int
    batch_id: int
    store_id: StoreId
    posting_number: PostingNumber
    first_page: int
    page_count: int


@dataclass(frozen=True, slots=True)
class LoggedBatch:
    """A batch as the log keeps it: who fetched it, what it printed, what it set aside."""

    id: int
    created_at: datetime
    actor: str
    requested: int
    printed: tuple[PrintedLabel, ...]
    set_aside: tuple[SetAside, ...]
    has_file: bool

    @property
    def page_count(self) -> int:
        return sum(label.page_count for label in self.printed)


# --- errors the marketplace gateway raises for labels --------------------------------------------


class LabelsNotReady(BadRequest):
    """Ozon: ``The next postings aren't ready``. ``posting_numbers`` are the ones Ozon named;
    empty when it named none (then any posting of the call may be the one)."""

    def __init__(
        self,
        message: str,
        posting_numbers: Sequence[PostingNumber] = (),
        *,
        code: int | str = 0,
        status: int = 0,
        path: str = "",
    ) -> None:
        super().__init__(message, code=code, status=status, path=path)
        self.posting_numbers = tuple(posting_numbers)


class LabelsRefused(BadRequest):
    """Ozon refused postings of a label call (wrong status, unknown number...);
    ``posting_numbers`` are those its message named, empty when it named none."""

    def __init__(
        self,
        message: str,
        posting_numbers: Sequence[PostingNumber] = (),
        *,
        reason: SetAsideReason = SetAsideReason.REFUSED,
        code: int | str = 0,
        status: int = 0,
        path: str = "",
    ) -> None:
        super().__init__(message, code=code, status=status, path=path)
        self.posting_numbers = tuple(posting_numbers)
        self.reason = reason
