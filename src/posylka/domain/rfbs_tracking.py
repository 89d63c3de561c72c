"""rFBS postings a seller's own (non-integrated) carrier delivers: their tracking numbers and the
status moves the seller reports to Ozon.

Ozon takes at most 20 tracking numbers a call and answers per posting
(``/v2/fbs/posting/tracking-number/set``); a refused one does not undo the others. The moves go in
one order only (``/v2/fbs/posting/delivering`` → ``last-mile`` → ``delivered``), and ``delivering``
needs the tracking number set first. A file of pairs is read row by row: a bad row is named with
its row number and reason, and the good rows go on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import TypeVar

from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.shipping import TRACKING_BATCH_LIMIT, RfbsMove

TRACKING_NUMBER_MAX = 100
"""Longest tracking number kept (the postings table's column; carriers' numbers are far shorter)."""

LAST_MILE_SUBSTATUS = "posting_in_courier_service"
"""The substatus of a ``delivering`` posting after the ``last-mile`` move, "the courier is on
the way" (Seller API §4); the ``delivering`` move itself gives
``posting_transferred_to_courier_service``."""
HANDED_TO_CARRIER_SUBSTATUS = "posting_transferred_to_courier_service"


@dataclass(frozen=True, slots=True)
class TrackingPair:
    posting_number: PostingNumber
    tracking_number: str


class RowProblem(StrEnum):
    NO_POSTING = "no_posting"
    NO_TRACKING = "no_tracking"
    TRACKING_TOO_LONG = "tracking_too_long"
    TRACKING_HAS_SPACES = "tracking_has_spaces"
    TOO_MANY_COLUMNS = "too_many_columns"
    DUPLICATE = "duplicate"


@dataclass(frozen=True, slots=True)
class RefusedRow:
    """A row of a tracking file that was not taken, and why; ``row`` counts from 1 as a
    spreadsheet does (the header is row 1)."""

    row: int
    posting_number: str
    problem: RowProblem
    first_row: int = 0
    """For a duplicate: the row that named the posting first."""


@dataclass(frozen=True, slots=True)
class TrackingSheet:
    pairs: tuple[TrackingPair, ...]
    refused: tuple[RefusedRow, ...]
    rows: dict[PostingNumber, int]
    """The row each kept pair came from, to name it in Ozon's answers."""


HEADER = ("posting_number", "tracking_number")
T = TypeVar("T")


def _cell(row: Sequence[object], index: int) -> str:
    if index >= len(row) or row[index] is None:
        return ""
    return str(row[index]).strip()


def read_pairs(rows: Iterable[Sequence[object]]) -> TrackingSheet:
    """Pairs ``posting_number, tracking_number`` from a file's rows; a first row naming the
    columns is skipped, blank rows are ignored."""
    pairs: list[TrackingPair] = []
    refused: list[RefusedRow] = []
    seen: dict[PostingNumber, int] = {}
    for number, row in enumerate(rows, start=1):
        cells = [_cell(row, i) for i in range(len(row))]
        if not any(cells):
            continue
        if number == 1 and cells[0].lower() == HEADER[0]:
            continue
        posting, tracking = _cell(row, 0), _cell(row, 1)
        problem = _row_problem(posting, tracking, cells)
        if problem is None and PostingNumber(posting) in seen:
            refused.append(
                RefusedRow(number, posting, RowProblem.DUPLICATE, seen[PostingNumber(posting)])
            )
            continue
        if problem is not None:
            refused.append(RefusedRow(number, posting, problem))
            continue
        seen[PostingNumber(posting)] = number
        pairs.append(TrackingPair(PostingNumber(posting), tracking))
    return TrackingSheet(tuple(pairs), tuple(refused), seen)


def _row_problem(posting: str, tracking: str, cells: Sequence[str]) -> RowProblem | None:
    if not posting:
        return RowProblem.NO_POSTING
    if not tracking:
        return RowProblem.NO_TRACKING
    if any(cells[2:]):
        return RowProblem.TOO_MANY_COLUMNS
    if len(tracking) > TRACKING_NUMBER_MAX:
        return RowProblem.TRACKING_TOO_LONG
    if any(ch.isspace() for ch in tracking):
        return RowProblem.TRACKING_HAS_SPACES
    return None


def batches(items: Sequence[T], size: int = TRACKING_BATCH_LIMIT) -> Iterator[Sequence[T]]:
    """``items`` in calls of at most ``size`` (Ozon's limit of 20 pairs or postings a call)."""
    if size < 1:
        raise ValueError("a batch holds at least one item")
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- status moves --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RfbsPosting:
    """What the desk knows of an rFBS posting its own carrier delivers."""

    store_id: StoreId
    posting_number: PostingNumber
    status: str
    substatus: str
    tracking_number: str
    delivery_method_name: str = ""
    integration_type: str = "non_integrated"


class MoveProblem(StrEnum):
    NOT_OWN_CARRIER = "not_own_carrier"
    NO_TRACKING_NUMBER = "no_tracking_number"
    WRONG_STATUS = "wrong_status"


READY_STATUSES = frozenset({"awaiting_deliver", "sent_by_seller"})


def move_problem(posting: RfbsPosting, move: RfbsMove) -> MoveProblem | None:
    """Why Ozon would refuse ``move`` for the posting as the desk last saw it, or ``None``:
    delivering from awaiting_deliver (or sent_by_seller) with a tracking number; last-mile and
    delivered from delivering; last-mile once."""
    if posting.integration_type != "non_integrated":
        return MoveProblem.NOT_OWN_CARRIER
    if move is RfbsMove.DELIVERING:
        if posting.status not in READY_STATUSES:
            return MoveProblem.WRONG_STATUS
        if not posting.tracking_number:
            return MoveProblem.NO_TRACKING_NUMBER
        return None
    if posting.status != "delivering":
        return MoveProblem.WRONG_STATUS
    if move is RfbsMove.LAST_MILE and posting.substatus == LAST_MILE_SUBSTATUS:
        return MoveProblem.WRONG_STATUS
    return None


def next_move(posting: RfbsPosting) -> RfbsMove | None:
    """The move that comes next for the posting, if any."""
    for move in RfbsMove:
        if move_problem(posting, move) is None:
            return move
    return None


@dataclass(frozen=True, slots=True)
class TrackingEvent:
    """A tracking number or status move sent to Ozon for one posting, and Ozon's answer."""

    store_id: StoreId
    posting_number: PostingNumber
    action: str
    """``tracking`` or the move (``delivering``, ``last-mile``, ``delivered``)."""
    value: str
    ok: bool
    error: str
    at: datetime
    actor: str


def _rank(posting: RfbsPosting) -> int:
    if posting.status == "delivered":
        return 3
    if posting.status == "delivering":
        return 2 if posting.substatus == LAST_MILE_SUBSTATUS else 1
    return 0


def after_move(posting: RfbsPosting, move: RfbsMove) -> RfbsPosting:
    """The posting as Ozon shows it once ``move`` is accepted, unless the desk already sees it
    further on (the sync brings the status in a few minutes; the page should not wait)."""
    status, substatus = {
        RfbsMove.DELIVERING: ("delivering", HANDED_TO_CARRIER_SUBSTATUS),
        RfbsMove.LAST_MILE: ("delivering", LAST_MILE_SUBSTATUS),
        RfbsMove.DELIVERED: ("delivered", ""),
    }[move]
    moved = replace(posting, status=status, substatus=substatus)
    return moved if _rank(moved) > _rank(posting) else posting
