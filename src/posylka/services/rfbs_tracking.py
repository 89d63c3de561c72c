"""Tracking numbers and status moves of rFBS postings delivered by the seller's own carrier.

Pairs and moves go to Ozon per store in calls of at most 20, and Ozon answers per posting: every
answer is logged, an accepted tracking number is kept on the posting at once (the sync brings it
back later anyway), and a refused one is returned with Ozon's code so the page can name it. A
call that fails whole (Ozon unreachable) marks only its own postings; the other calls go on.
Postings the desk does not know, or that another carrier delivers, are refused before any call.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from posylka.domain.errors import MarketplaceError
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.rfbs_tracking import (
    MoveProblem,
    RfbsPosting,
    TrackingEvent,
    TrackingPair,
    TrackingSheet,
    after_move,
    batches,
    move_problem,
    next_move,
    read_pairs,
)
from posylka.domain.shipping import ItemResult, RfbsMove
from posylka.services.ports import Clock, UnitOfWorkFactory
from posylka.services.ports.shipping import ShippingGateway, ShippingGatewayFactory

UNKNOWN_POSTING = "unknown_posting"
SEVERAL_STORES = "several_stores"
UNREACHABLE = "unreachable"
TRACKING = "tracking"
MOVES = frozenset(move.value for move in RfbsMove)


@dataclass(frozen=True, slots=True)
class ItemOutcome:
    """What became of one posting: ``error`` is Ozon's code (or one of this module's, or a
    ``MoveProblem``), ``message`` Ozon's text when it gave one."""

    posting_number: PostingNumber
    ok: bool
    store_id: StoreId | None = None
    error: str = ""
    message: str = ""


@dataclass(frozen=True, slots=True)
class BoardLine:
    posting: RfbsPosting
    next_move: RfbsMove | None
    last: TrackingEvent | None


def board(*, uow: UnitOfWorkFactory, store_id: StoreId | None = None) -> list[BoardLine]:
    """rFBS postings of the seller's own carriers still on their way, with the move that comes
    next and the last thing sent for each."""
    with uow() as tx:
        found = tx.handovers.rfbs_postings(store_id=store_id)
        log = tx.handovers.tracking_log(store_id=store_id, limit=2000)
    latest: dict[tuple[StoreId, str], TrackingEvent] = {}
    for event in log:
        latest.setdefault((event.store_id, event.posting_number), event)
    lines = []
    for posting in found:
        last = latest.get((posting.store_id, posting.posting_number))
        if last is not None and last.ok and last.action in MOVES:
            posting = after_move(posting, RfbsMove(last.action))
        lines.append(BoardLine(posting, next_move(posting), last))
    return lines


def history(*, uow: UnitOfWorkFactory, limit: int = 100) -> list[TrackingEvent]:
    with uow() as tx:
        return tx.handovers.tracking_log(limit=limit)


def _resolve(
    numbers: Sequence[PostingNumber], uow: UnitOfWorkFactory
) -> tuple[dict[PostingNumber, RfbsPosting], list[ItemOutcome]]:
    """The postings named, each in its one store; the unknown and ambiguous ones refused."""
    with uow() as tx:
        known = tx.handovers.rfbs_postings(numbers=list(numbers), open_only=False)
    by_number: dict[str, list[RfbsPosting]] = {}
    for posting in known:
        by_number.setdefault(posting.posting_number, []).append(posting)
    found: dict[PostingNumber, RfbsPosting] = {}
    refused: list[ItemOutcome] = []
    for number in numbers:
        matches = by_number.get(number, [])
        if not matches:
            refused.append(ItemOutcome(number, False, error=UNKNOWN_POSTING))
        elif len(matches) > 1:
            refused.append(ItemOutcome(number, False, error=SEVERAL_STORES))
        else:
            found[number] = matches[0]
    return found, refused


async def _per_store(
    wanted: Sequence[RfbsPosting],
    call: Callable[[ShippingGateway, Sequence[RfbsPosting]], Awaitable[list[ItemResult]]],
    *,
    uow: UnitOfWorkFactory,
    shipping: ShippingGatewayFactory,
) -> list[ItemOutcome]:
    stores: dict[StoreId, list[RfbsPosting]] = {}
    for posting in wanted:
        stores.setdefault(posting.store_id, []).append(posting)
    outcomes: list[ItemOutcome] = []
    for store_id, members in stores.items():
        with uow() as tx:
            credentials = tx.stores.credentials(store_id)
        gateway = shipping(store_id, credentials)
        try:
            for batch in batches(members):
                outcomes.extend(await _batch(gateway, store_id, batch, call))
        finally:
            await gateway.aclose()
    return outcomes


async def _batch(
    gateway: ShippingGateway,
    store_id: StoreId,
    batch: Sequence[RfbsPosting],
    call: Callable[[ShippingGateway, Sequence[RfbsPosting]], Awaitable[list[ItemResult]]],
) -> list[ItemOutcome]:
    try:
        results = {r.posting_number: r for r in await call(gateway, batch)}
    except MarketplaceError as exc:
        code = str(exc.code) if isinstance(exc.code, str) and exc.code else UNREACHABLE
        return [ItemOutcome(p.posting_number, False, store_id, code, exc.message) for p in batch]
    outcomes = []
    for posting in batch:
        result = results.get(posting.posting_number)
        if result is None:
            outcomes.append(ItemOutcome(posting.posting_number, False, store_id, "no_answer", ""))
        else:
            outcomes.append(
                ItemOutcome(posting.posting_number, result.ok, store_id, result.error, "")
            )
    return outcomes


def _log(
    outcomes: Sequence[ItemOutcome],
    action: str,
    values: dict[PostingNumber, str],
    *,
    at: datetime,
    actor: str,
    uow: UnitOfWorkFactory,
    keep_tracking: bool = False,
) -> None:
    events = [
        TrackingEvent(
            o.store_id,
            o.posting_number,
            action,
            values.get(o.posting_number, ""),
            o.ok,
            o.error,
            at,
            actor,
        )
        for o in outcomes
        if o.store_id is not None
    ]
    with uow() as tx:
        tx.handovers.log_tracking(events)
        if keep_tracking:
            for o in outcomes:
                if o.ok and o.store_id is not None:
                    tx.handovers.set_tracking_number(
                        o.store_id, o.posting_number, values[o.posting_number]
                    )
        tx.commit()


async def set_tracking_numbers(
    pairs: Sequence[TrackingPair],
    *,
    actor: str,
    uow: UnitOfWorkFactory,
    shipping: ShippingGatewayFactory,
    clock: Clock,
) -> list[ItemOutcome]:
    """Send the pairs to Ozon, at most 20 a call; one outcome per pair, in the order given."""
    values = {p.posting_number: p.tracking_number for p in pairs}
    found, refused = _resolve([p.posting_number for p in pairs], uow)
    wanted: list[RfbsPosting] = []
    for number, posting in found.items():
        if posting.integration_type != "non_integrated":
            refused.append(
                ItemOutcome(number, False, posting.store_id, MoveProblem.NOT_OWN_CARRIER)
            )
        else:
            wanted.append(posting)

    async def send(gateway: ShippingGateway, batch: Sequence[RfbsPosting]) -> list[ItemResult]:
        return await gateway.set_tracking_numbers(
            [(p.posting_number, values[p.posting_number]) for p in batch]
        )

    sent = await _per_store(wanted, send, uow=uow, shipping=shipping)
    _log(sent, TRACKING, values, at=clock.now(), actor=actor, uow=uow, keep_tracking=True)
    return _in_order([p.posting_number for p in pairs], [*sent, *refused])


async def move(
    move: RfbsMove,
    numbers: Sequence[PostingNumber],
    *,
    actor: str,
    uow: UnitOfWorkFactory,
    shipping: ShippingGatewayFactory,
    clock: Clock,
) -> list[ItemOutcome]:
    """Report a status move for the postings. Postings of another carrier, and ``delivering``
    without a tracking number, are refused here; the order of moves Ozon checks itself."""
    unique = list(dict.fromkeys(numbers))
    found, refused = _resolve(unique, uow)
    wanted: list[RfbsPosting] = []
    for number, posting in found.items():
        problem = move_problem(posting, move)
        if problem in (MoveProblem.NOT_OWN_CARRIER, MoveProblem.NO_TRACKING_NUMBER):
            refused.append(ItemOutcome(number, False, posting.store_id, str(problem)))
        else:
            wanted.append(posting)

    async def send(gateway: ShippingGateway, batch: Sequence[RfbsPosting]) -> list[ItemResult]:
        return await gateway.move_rfbs_status(move, [p.posting_number for p in batch])

    sent = await _per_store(wanted, send, uow=uow, shipping=shipping)
    _log(sent, move.value, {}, at=clock.now(), actor=actor, uow=uow)
    return _in_order(unique, [*sent, *refused])


def _in_order(numbers: Sequence[PostingNumber], outcomes: list[ItemOutcome]) -> list[ItemOutcome]:
    by_number = {o.posting_number: o for o in outcomes}
    return [by_number[n] for n in numbers if n in by_number]


class UnreadableFile(ValueError):
    """The upload is not a text file of comma- or semicolon-separated rows."""


def read_csv(data: bytes) -> TrackingSheet:
    """Pairs from an uploaded ``posting_number,tracking_number`` file: UTF-8 (with or without
    the mark spreadsheets add) or Windows-1251, commas or semicolons (Russian Excel)."""
    if b"\x00" in data:
        raise UnreadableFile("the file is not text; save it as CSV")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return read_pairs(csv.reader(io.StringIO(text), delimiter=delimiter))
