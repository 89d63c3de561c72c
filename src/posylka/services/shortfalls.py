"""Shortfalls: list the postings short of stock, and carry out the manager's decision.

A posting is short when INVENTORY's reservation holds less than it wants. The manager waits for
stock (with the expected date; a receipt reserves the goods and the posting leaves the list by
itself), cancels the missing units at Ozon, or cancels the whole posting at Ozon. A cancellation
goes to Ozon once (never repeated: ``/v2/posting/fbs/cancel`` and ``.../product/cancel`` change
the order); after it the posting is read back from Ozon and stored, and the intake pass settles
its stock at once, so the released goods are free before the next sync.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from posylka.domain.cancellation import OTHER_REASON_ID, OUT_OF_STOCK_REASON_ID
from posylka.domain.errors import MarketplaceError
from posylka.domain.ids import StoreId
from posylka.domain.postings import Posting
from posylka.domain.shortfalls import (
    CannotCancel,
    Decision,
    MessageRequired,
    NotShort,
    Shortfall,
    ShortfallDecision,
    check_expected_date,
)
from posylka.services import intake
from posylka.services.ports import (
    Clock,
    MarketplaceFactory,
    MarketplaceGateway,
    UnitOfWork,
    UnitOfWorkFactory,
)

DEFAULT_MESSAGE = "Out of stock"
"""What Ozon is told when the manager writes nothing (Ozon requires a message with a product
cancellation)."""

TakeIn = Callable[..., Any]
"""``take_in(store_id, *, uow, clock)``: INVENTORY's intake pass, settling changed postings."""


@dataclass(frozen=True, slots=True)
class WaitForStock:
    store_id: StoreId
    posting_number: str
    expected_on: date
    note: str = ""


@dataclass(frozen=True, slots=True)
class CancelShort:
    """Cancel the missing units (``whole=False``) or the whole posting at Ozon."""

    store_id: StoreId
    posting_number: str
    whole: bool
    reason_id: int = OUT_OF_STOCK_REASON_ID
    message: str = ""


@dataclass(frozen=True, slots=True)
class CancelOutcome:
    posting: Posting | None
    """The posting as Ozon shows it after the cancellation (``None`` if it could not be read
    back; the next sync brings it)."""
    decision: ShortfallDecision


def list_shortfalls(
    store_id: StoreId | None, *, uow: UnitOfWorkFactory, limit: int = 200
) -> list[Shortfall]:
    """Short postings of one store (or all), earliest ship-by first, with their decisions."""
    with uow() as tx:
        store_ids = (
            [store_id] if store_id is not None else [s.id for s in tx.stores.list(active_only=True)]
        )
        found: list[Shortfall] = []
        for sid in store_ids:
            reservations = tx.inventory.short_postings(sid, limit=limit)
            decisions = tx.shortfalls.decisions([r.posting_id for r in reservations])
            for reservation in reservations:
                details = tx.postings.details(sid, reservation.posting_number)
                if details is None or not details.posting.status.is_open:
                    continue
                found.append(
                    Shortfall(details.posting, reservation, decisions.get(reservation.posting_id))
                )
    found.sort(key=_ship_by_order)
    return found[:limit]


def _ship_by_order(shortfall: Shortfall) -> tuple[int, float, str]:
    ship_by = shortfall.posting.ship_by
    return (ship_by is None, ship_by.timestamp() if ship_by else 0.0, shortfall.posting_number)


def shortfall_of(
    store_id: StoreId, posting_number: str, *, uow: UnitOfWorkFactory
) -> Shortfall | None:
    """The posting's shortfall, or ``None`` when it is not short (or not known)."""
    with uow() as tx:
        return _load(tx, store_id, posting_number.strip())


def _load(tx: UnitOfWork, store_id: StoreId, posting_number: str) -> Shortfall | None:
    posting_id = tx.shortfalls.posting_id(store_id, posting_number)
    if posting_id is None:
        return None
    reservation = tx.inventory.reservation(posting_id)
    details = tx.postings.details(store_id, posting_number)
    if reservation is None or details is None or not reservation.is_short:
        return None
    decision = tx.shortfalls.decisions([posting_id]).get(posting_id)
    return Shortfall(details.posting, reservation, decision)


def short_posting_ids(posting_ids: list[int], *, tx: UnitOfWork) -> dict[int, int]:
    """Of these postings, the short ones and how many units each misses (the queue's badge)."""
    lines = tx.inventory.reservation_lines(posting_ids)
    out = {}
    for posting_id, held in lines.items():
        missing = sum(line.short for line in held)
        if missing > 0:
            out[posting_id] = missing
    return out


def wait_for_stock(
    cmd: WaitForStock, *, actor: str, uow: UnitOfWorkFactory, clock: Clock
) -> ShortfallDecision:
    """Keep the posting and wait for the goods, expected on ``cmd.expected_on``."""
    now = clock.now()
    check_expected_date(cmd.expected_on, now.date())
    with uow() as tx:
        shortfall = _load(tx, cmd.store_id, cmd.posting_number)
        if shortfall is None:
            raise NotShort(cmd.posting_number)
        decision = ShortfallDecision(
            posting_id=shortfall.reservation.posting_id,
            store_id=cmd.store_id,
            decision=Decision.WAIT,
            decided_by=actor,
            decided_at=now,
            expected_on=cmd.expected_on,
            note=cmd.note.strip(),
        )
        tx.shortfalls.decide(decision)
        tx.audit.record(
            "shortfall.wait",
            at=now,
            actor=actor,
            store_id=cmd.store_id,
            object_type="posting",
            object_id=cmd.posting_number,
            details={
                "expected_on": cmd.expected_on.isoformat(),
                "missing": {str(m.sku): m.missing for m in shortfall.missing},
                "note": decision.note,
            },
        )
        tx.commit()
    return decision


def cancel_shortfall(
    cmd: CancelShort,
    *,
    actor: str,
    uow: UnitOfWorkFactory,
    marketplace: MarketplaceFactory,
    clock: Clock,
    take_in: TakeIn = intake.take_in,
) -> CancelOutcome:
    """Cancel the missing units or the whole posting at Ozon, then store what Ozon shows.

    Ozon's refusal (``MarketplaceError``) is recorded in the audit log and raised; nothing is
    changed in posylka then.
    """
    message = cmd.message.strip()
    if cmd.reason_id == OTHER_REASON_ID and not message:
        raise MessageRequired(cmd.reason_id)
    with uow() as tx:
        shortfall = _load(tx, cmd.store_id, cmd.posting_number)
        if shortfall is None:
            raise NotShort(cmd.posting_number)
        credentials = tx.stores.credentials(cmd.store_id)
    posting = shortfall.posting
    if cmd.whole and not shortfall.can_cancel_posting:
        raise CannotCancel(posting.posting_number, posting.status, "cancellation")
    if not cmd.whole and not shortfall.can_cancel_items:
        raise CannotCancel(posting.posting_number, posting.status, "item cancellation")
    items = shortfall.items_to_cancel
    cost = (
        shortfall.posting_cost(cmd.reason_id) if cmd.whole else shortfall.items_cost(cmd.reason_id)
    )
    details: dict[str, Any] = {
        "reason_id": cmd.reason_id,
        "message": message,
        "items": {str(i.sku): i.quantity for i in items} if not cmd.whole else {},
        "goods_value": str(cost.goods_value),
        "currency": cost.currency,
        "fine_max": str(cost.fine_max) if cost.fine_max is not None else None,
    }
    action = "shortfall.cancel_posting" if cmd.whole else "shortfall.cancel_items"
    gateway = marketplace(cmd.store_id, credentials)
    fresh, error = asyncio.run(
        _cancel_at_ozon(gateway, cmd, items, message or DEFAULT_MESSAGE, shortfall)
    )
    if error is not None:
        # Whatever Ozon said, the posting as it now stands there is stored (it may have been
        # cancelled meanwhile, or the cancellation went through before the connection broke).
        with uow() as tx:
            if fresh is not None:
                tx.postings.upsert_many([fresh], now=clock.now())
            tx.audit.record(
                f"{action}.refused",
                at=clock.now(),
                actor=actor,
                store_id=cmd.store_id,
                object_type="posting",
                object_id=posting.posting_number,
                details={**details, "error": str(error)},
            )
            tx.commit()
        if fresh is not None:
            take_in(cmd.store_id, uow=uow, clock=clock)
        raise error
    now = clock.now()
    decision = ShortfallDecision(
        posting_id=shortfall.reservation.posting_id,
        store_id=cmd.store_id,
        decision=Decision.CANCEL_POSTING if cmd.whole else Decision.CANCEL_ITEMS,
        decided_by=actor,
        decided_at=now,
        reason_id=cmd.reason_id,
        note=message,
    )
    with uow() as tx:
        if fresh is not None:
            tx.postings.upsert_many([fresh], now=now)
        tx.shortfalls.decide(decision)
        tx.audit.record(
            action,
            at=now,
            actor=actor,
            store_id=cmd.store_id,
            object_type="posting",
            object_id=posting.posting_number,
            details=details,
        )
        tx.commit()
    if fresh is not None:
        take_in(cmd.store_id, uow=uow, clock=clock)
    return CancelOutcome(fresh, decision)


async def _cancel_at_ozon(
    gateway: MarketplaceGateway,
    cmd: CancelShort,
    items: tuple[Any, ...],
    message: str,
    shortfall: Shortfall,
) -> tuple[Posting | None, MarketplaceError | None]:
    """Send the cancellation once, then read the posting back (``None`` when it cannot be read:
    the next sync brings it). A refused or failed cancellation is returned, not raised, so the
    posting is read back either way: after an unsafe call fails, its outcome is read, never
    guessed."""
    number = shortfall.posting.posting_number
    error: MarketplaceError | None = None
    try:
        try:
            if cmd.whole:
                await gateway.cancel_posting(number, cmd.reason_id, cmd.message.strip())
            else:
                await gateway.cancel_items(number, items, cmd.reason_id, message)
        except MarketplaceError as exc:
            error = exc
        try:
            return await gateway.fetch_posting(number), error
        except MarketplaceError:
            return None, error
    finally:
        await gateway.aclose()
