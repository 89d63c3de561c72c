"""Assembly on Ozon: never twice, never lost.

A posting is assembled by one call, ``/v4/posting/fbs/ship``, that Ozon answers at once but carries
out later (a 200 "does not guarantee assembly": the posting may come back with the substatus
``ship_failed``). Between the packer's last scan and the posting awaiting delivery a process may
die, a call may time out and a button may be pressed twice. So an assembly is a small state
machine kept in the database, each step committed before the next is taken:

``recorded``  the intent is saved; Ozon has not been called.
``sent``      the call is about to go or went, and its answer is not known. Before a ``sent``
              assembly is sent again the posting is read from Ozon: one that awaits delivery is
              assembled already, one Ozon is still working on is waited for.
``accepted``  Ozon answered 200; its asynchronous result is being followed.
``assembled`` Ozon shows the posting awaiting delivery (or said it was shipped already).
``failed``    Ozon refused, cancelled the posting or could not carry the assembly out; the packer
              reads one sentence saying why and what to do, and may try again.

After ``assembled`` the package label is fetched and printed; its outcome is kept beside the
assembly (``label_print_job``, ``label_error``) and never moves the assembly back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from posylka.domain.errors import PosylkaError
from posylka.domain.ids import PostingNumber, PrintJobId, Sku, StoreId, UserId
from posylka.domain.postings import Posting, PostingItem, PostingStatus
from posylka.domain.shipping import SHIP_FAILED, Package, ShipRefusal


class AssemblyState(StrEnum):
    RECORDED = "recorded"
    SENT = "sent"
    ACCEPTED = "accepted"
    ASSEMBLED = "assembled"
    FAILED = "failed"

    @property
    def is_live(self) -> bool:
        """Still on its way: a worker or the recovery will take it further."""
        return self in _LIVE

    @property
    def is_final(self) -> bool:
        return not self.is_live


_LIVE = frozenset({AssemblyState.RECORDED, AssemblyState.SENT, AssemblyState.ACCEPTED})

A = AssemblyState
TRANSITIONS: dict[AssemblyState, frozenset[AssemblyState]] = {
    # The call is about to go: nothing else may happen to a recorded assembly.
    A.RECORDED: frozenset({A.SENT}),
    # The answer came (accepted, shipped already, refused), or the posting read from Ozon told.
    # ``sent`` → ``sent`` is a send again after the posting was read and found untouched.
    A.SENT: frozenset({A.SENT, A.ACCEPTED, A.ASSEMBLED, A.FAILED}),
    A.ACCEPTED: frozenset({A.ASSEMBLED, A.FAILED}),
    A.ASSEMBLED: frozenset(),
    # A failed assembly is recorded again when the packer tries once more.
    A.FAILED: frozenset({A.RECORDED}),
}
del A


class AssemblyConflict(Exception):
    """A move the table of transitions does not allow (a bug or a lost race)."""

    def __init__(self, old: AssemblyState, new: AssemblyState) -> None:
        super().__init__(f"an assembly cannot go from {old.value} to {new.value}")
        self.old = old
        self.new = new


def check_transition(old: AssemblyState, new: AssemblyState) -> None:
    if new not in TRANSITIONS[old]:
        raise AssemblyConflict(old, new)


class Trouble(StrEnum):
    """What went wrong, as the packer is told it (a message code with its way forward)."""

    CANCELLED = "cancelled"
    WRONG_STATUS = "wrong_status"
    QUANTITY = "quantity"
    MARKS_MISSING = "marks_missing"
    UNKNOWN_PRODUCT = "unknown_product"
    SHIP_FAILED = "ship_failed"
    REFUSED = "refused"
    """Another refusal from Ozon; its own text follows."""
    UNREACHABLE = "unreachable"
    """Ozon could not be reached; the assembly stays live and is tried again by itself."""


@dataclass(frozen=True, slots=True)
class PackerNote:
    """One sentence for the packer, and what to do next. ``retry`` says whether pressing the
    button again can help."""

    trouble: Trouble
    sentence: str
    way_forward: str
    retry: bool


NOTES: dict[Trouble, PackerNote] = {
    note.trouble: note
    for note in (
        PackerNote(
            Trouble.CANCELLED,
            "The posting was cancelled on Ozon.",
            "Put the items back on their shelves; there is nothing to ship.",
            retry=False,
        ),
        PackerNote(
            Trouble.WRONG_STATUS,
            "Ozon does not let this posting be assembled in its present status.",
            "Sync the store and look at the posting's status before trying again.",
            retry=True,
        ),
        PackerNote(
            Trouble.QUANTITY,
            "The quantities in the boxes do not match the posting on Ozon.",
            "Scan the posting again: every unit must be in exactly one box.",
            retry=True,
        ),
        PackerNote(
            Trouble.MARKS_MISSING,
            "Ozon needs the marking codes of the marked items before assembly.",
            "Scan the marking codes in Ozon's personal account, then try again.",
            retry=True,
        ),
        PackerNote(
            Trouble.UNKNOWN_PRODUCT,
            "A box holds a product that is not in this posting on Ozon.",
            "Take out the product that does not belong and scan the posting again.",
            retry=True,
        ),
        PackerNote(
            Trouble.SHIP_FAILED,
            "Ozon accepted the assembly but could not carry it out.",
            "Keep the parcel on the desk and try again; if it fails twice, contact Ozon support.",
            retry=True,
        ),
        PackerNote(
            Trouble.REFUSED,
            "Ozon refused the assembly.",
            "Read Ozon's reason below, put it right and try again.",
            retry=True,
        ),
        PackerNote(
            Trouble.UNREACHABLE,
            "Ozon could not be reached; the assembly is kept and will be sent by itself.",
            "Put the parcel aside; it will be assembled as soon as Ozon answers.",
            retry=False,
        ),
    )
}

_REFUSAL_TROUBLE = {
    ShipRefusal.ALREADY_CANCELLED: Trouble.CANCELLED,
    ShipRefusal.INCORRECT_STATUS: Trouble.WRONG_STATUS,
    ShipRefusal.INCORRECT_QUANTITY: Trouble.QUANTITY,
    ShipRefusal.EXEMPLAR_INFO_MISSING: Trouble.MARKS_MISSING,
    ShipRefusal.UNKNOWN_PRODUCT: Trouble.UNKNOWN_PRODUCT,
    ShipRefusal.OTHER: Trouble.REFUSED,
}


def trouble_of_refusal(refusal: ShipRefusal) -> Trouble | None:
    """What a refusal means for the packer; ``None`` for ``POSTING_ALREADY_SHIPPED``, which means
    the posting is assembled (an earlier call of ours landed, or someone assembled it)."""
    if refusal is ShipRefusal.ALREADY_SHIPPED:
        return None
    return _REFUSAL_TROUBLE[refusal]


@dataclass(frozen=True, slots=True)
class Assembly:
    """One posting's assembly on Ozon as recorded, with how far it got."""

    store_id: StoreId
    posting_number: PostingNumber
    packages: tuple[Package, ...]
    state: AssemblyState
    attempts: int
    """Calls of ``ship`` made (or about to be made) for this posting, retries included."""
    refusal: ShipRefusal | None
    message: str
    """Ozon's own words of the last refusal or failure; empty otherwise."""
    result_postings: tuple[PostingNumber, ...]
    """The postings Ozon made of it (one per package; the first keeps the number)."""
    recorded_at: datetime
    updated_at: datetime
    user_id: UserId | None
    label_print_job: PrintJobId | None = None
    label_error: str = ""
    trouble: Trouble | None = None
    id: int = 0
    version: int = 0
    """Bumped by every change; a step changes the assembly only if it still has the version it
    read, so two workers never both take the same step."""
    label_attempts: int = 0
    sent_at: datetime | None = None
    """When the last call of ``ship`` was about to go."""

    @property
    def note(self) -> PackerNote | None:
        """What to tell the packer, when something went wrong."""
        return NOTES[self.trouble] if self.trouble is not None else None

    @property
    def label_done(self) -> bool:
        """The label step is over: sent to a printer, or given up with its reason."""
        return self.label_print_job is not None or bool(self.label_error)


def move(assembly: Assembly, state: AssemblyState, *, at: datetime, **changes: Any) -> Assembly:
    """The assembly moved to ``state`` (checked against the table of transitions), or changed
    within its state (a send again, the label's outcome)."""
    if state is not assembly.state:
        check_transition(assembly.state, state)
    return replace(assembly, state=state, updated_at=at, **changes)


class InvalidPackages(PosylkaError):
    """The packages asked for cannot be sent to Ozon; the message says what is wrong and where."""


def check_packages(packages: Sequence[Package], items: Sequence[PostingItem] | None) -> None:
    """Packages Ozon can take: at least one, none empty, whole positive quantities; and, when the
    posting's items are known, every unit of the posting in exactly one package."""
    if not packages:
        raise InvalidPackages("There is no box to send: put the posting's items in a box first.")
    for number, package in enumerate(packages, start=1):
        if not package.lines:
            raise InvalidPackages(f"Box {number} is empty: take it away or put items in it.")
        for line in package.lines:
            if line.quantity < 1:
                raise InvalidPackages(
                    f"Box {number} holds {line.quantity} of SKU {line.sku}: quantities start at 1."
                )
    if items is None:
        return
    packed: Counter[Sku] = Counter()
    for package in packages:
        for line in package.lines:
            packed[line.sku] += line.quantity
    wanted: Counter[Sku] = Counter()
    for item in items:
        wanted[item.sku] += item.quantity
    for sku in sorted(set(packed) | set(wanted)):
        if packed[sku] != wanted[sku]:
            if not wanted[sku]:
                raise InvalidPackages(f"SKU {sku} is not in this posting: take it out of the box.")
            raise InvalidPackages(
                f"SKU {sku}: the posting has {wanted[sku]}, the boxes hold {packed[sku]}."
            )


@dataclass(frozen=True, slots=True)
class AssemblyEvent:
    """One recorded change of an assembly: its history, for the command line and disputes."""

    at: datetime
    state: AssemblyState
    attempt: int
    trouble: Trouble | None
    message: str


class Reading(StrEnum):
    """What the posting as Ozon shows it now says about an assembly."""

    ASSEMBLED = "assembled"
    IN_PROGRESS = "in_progress"
    """Ozon is still carrying out an accepted call."""
    SHIP_FAILED = "ship_failed"
    CANCELLED = "cancelled"
    UNTOUCHED = "untouched"
    """Awaiting packaging with no call at work: no call of ours has landed (or it failed)."""
    OTHER = "other"


SHIP_IN_PROCESS = "ship_async_in_process"
"""In ``available_actions`` while Ozon carries out an accepted ``ship``."""

SHIP_RETRY = "ship_async_retry"
"""In ``available_actions`` after ``ship_failed``: the posting may be shipped again."""

_ASSEMBLED_STATUSES = frozenset(
    {
        PostingStatus.AWAITING_REGISTRATION,
        PostingStatus.AWAITING_DELIVER,
        PostingStatus.ACCEPTANCE_IN_PROGRESS,
        PostingStatus.DRIVER_PICKUP,
        PostingStatus.DELIVERING,
        PostingStatus.SENT_BY_SELLER,
        PostingStatus.DELIVERED,
        PostingStatus.NOT_ACCEPTED,
        PostingStatus.ARBITRATION,
        PostingStatus.CLIENT_ARBITRATION,
    }
)


def read_posting(posting: Posting) -> Reading:
    """Read Ozon's view of a posting whose assembly was sent (Seller API, ``/v3/posting/fbs/get``:
    ``status``, ``substatus`` and ``available_actions``)."""
    status = posting.status
    if status in _ASSEMBLED_STATUSES:
        return Reading.ASSEMBLED
    if status in (PostingStatus.CANCELLED, PostingStatus.CANCELLED_FROM_SPLIT_PENDING):
        return Reading.CANCELLED
    if status is PostingStatus.AWAITING_PACKAGING:
        if SHIP_IN_PROCESS in posting.available_actions:
            return Reading.IN_PROGRESS
        if posting.substatus == SHIP_FAILED:
            return Reading.SHIP_FAILED
        return Reading.UNTOUCHED
    return Reading.OTHER
