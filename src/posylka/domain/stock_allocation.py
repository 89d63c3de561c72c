"""The reservation rule: what a posting's status asks of its stock, and who gets what when
stock is short.

A posting takes what is available, line by line, and the rest is recorded as its short part. It
keeps what it got; the short part is filled later, when goods arrive, in ship-by order. A posting
is never refused outright, so a partly reservable posting keeps its place and the shortfall list
shows exactly what is missing. A count that finds fewer goods than are reserved takes the missing
part back from the postings reserved last.

Every change goes through a :class:`~posylka.domain.stock.Ledger`, which records the movements.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from posylka.domain.ids import ProductId, WarehouseId
from posylka.domain.postings import PostingStatus
from posylka.domain.stock import Ledger, Movement, MovementKind, StockKey
from posylka.domain.stock_reservations import (
    IntakePosting,
    LineProblem,
    ReservationLine,
    ReservationState,
)


class StockAction(StrEnum):
    """What a posting's status asks of its stock."""

    HOLD = "hold"
    """Still to be assembled: its goods must stay reserved."""
    RELEASE = "release"
    """Cancelled: its reservation goes back to the shelf."""
    PICK = "pick"
    """Left the seller's hands: its reserved goods are gone."""
    WAIT = "wait"
    """Not yet confirmed, or in a state that settles nothing; leave the stock as it is."""


_ACTIONS: dict[PostingStatus, StockAction] = {
    PostingStatus.AWAITING_PACKAGING: StockAction.HOLD,
    PostingStatus.AWAITING_REGISTRATION: StockAction.HOLD,
    PostingStatus.AWAITING_DELIVER: StockAction.HOLD,
    PostingStatus.CANCELLED: StockAction.RELEASE,
    PostingStatus.CANCELLED_FROM_SPLIT_PENDING: StockAction.RELEASE,
    PostingStatus.ACCEPTANCE_IN_PROGRESS: StockAction.PICK,
    PostingStatus.DRIVER_PICKUP: StockAction.PICK,
    PostingStatus.DELIVERING: StockAction.PICK,
    PostingStatus.SENT_BY_SELLER: StockAction.PICK,
    PostingStatus.DELIVERED: StockAction.PICK,
    PostingStatus.ARBITRATION: StockAction.PICK,
    PostingStatus.CLIENT_ARBITRATION: StockAction.PICK,
}


def stock_action(status: PostingStatus) -> StockAction:
    """Ozon's FBS lifecycle: goods are assembled in awaiting_packaging/awaiting_deliver and leave
    at hand-over (acceptance, driver pickup, delivering). Awaiting approval, verification and
    not_accepted (a parcel the sorting centre refused, which may come back) change nothing."""
    return _ACTIONS.get(status, StockAction.WAIT)


def settle_posting(
    posting: IntakePosting, ledger: Ledger, *, actor: str
) -> tuple[ReservationLine, ...]:
    """Bring a posting's stock in line with its status and contents; returns its new lines.

    - HOLD: every line holds ``min(wanted, what it had + what is available)``; a line whose
      product or warehouse changed releases where it was and reserves anew; lines no longer
      wanted are released.
    - RELEASE: whatever is held goes back.
    - PICK: whatever is held leaves the shelf. A posting first seen past hand-over had nothing
      reserved and moves nothing: its goods left before posylka counted the stock.
    - WAIT: nothing moves.
    Lines already released or picked stay as they are; a posting is settled at most once.
    """
    action = stock_action(posting.status)
    held = {line.sku: line for line in posting.current if line.state is ReservationState.HELD}
    done = {line.sku: line for line in posting.current if line.state is not ReservationState.HELD}
    if action is StockAction.WAIT:
        return posting.current
    if action in (StockAction.RELEASE, StockAction.PICK):
        final = (
            ReservationState.RELEASED if action is StockAction.RELEASE else ReservationState.PICKED
        )
        kind = MovementKind.RELEASE if action is StockAction.RELEASE else MovementKind.PICK
        out = list(done.values())
        for line in held.values():
            if line.key is not None and line.reserved:
                ledger.move(
                    Movement(
                        line.key[0],
                        line.key[1],
                        kind,
                        -line.reserved,
                        f"posting {posting.status}",
                        actor,
                        posting.posting_id,
                    )
                )
            out.append(_replace_line(line, state=final))
        return tuple(out) if posting.current else ()
    out = list(done.values())
    wanted = {line.sku: line for line in posting.lines}
    for sku, line in held.items():
        want = wanted.get(sku)
        key = _key(want.product_id if want else None, posting.warehouse_id)
        if want is None or key != line.key:
            _release(line, ledger, posting, actor, "posting changed")
            if want is None:
                out.append(_replace_line(line, state=ReservationState.RELEASED))
    for sku, want in wanted.items():
        if sku in done:
            continue
        before = held.get(sku)
        key = _key(want.product_id, posting.warehouse_id)
        have = before.reserved if before is not None and before.key == key else 0
        if key is not None and have > want.quantity:
            ledger.move(
                Movement(
                    key[0],
                    key[1],
                    MovementKind.RELEASE,
                    want.quantity - have,
                    "posting changed",
                    actor,
                    posting.posting_id,
                )
            )
            have = want.quantity
        elif key is not None and have < want.quantity:
            have += ledger.reserve_upto(
                key,
                want.quantity - have,
                posting_id=posting.posting_id,
                actor=actor,
                reason=f"posting {posting.posting_number}",
            )
        out.append(
            ReservationLine(
                posting_id=posting.posting_id,
                sku=sku,
                offer_id=want.offer_id,
                product_id=want.product_id,
                warehouse_id=posting.warehouse_id,
                wanted=want.quantity,
                reserved=have,
                problem=_problem(want.product_id, posting.warehouse_id),
            )
        )
    return tuple(out)


def fill_short(line: ReservationLine, ledger: Ledger, *, actor: str) -> ReservationLine:
    """Give a short line what has become available (after a receipt or a return)."""
    if line.key is None or line.short <= 0:
        return line
    got = ledger.reserve_upto(
        line.key, line.short, posting_id=line.posting_id, actor=actor, reason="stock arrived"
    )
    return _replace_line(line, reserved=line.reserved + got) if got else line


def trim_reservations(
    key: StockKey,
    lines: Sequence[ReservationLine],
    ledger: Ledger,
    *,
    on_hand_after: int,
    actor: str,
) -> list[ReservationLine]:
    """Make room for on hand to fall to ``on_hand_after`` (a count found fewer goods) by taking
    reservations back, so reserved never exceeds on hand.

    ``lines`` are the held lines of that product and warehouse in the order they lose first
    (the latest ship-by first); each gives back what it must and becomes short by as much.
    Returns the lines that changed.
    """
    changed = []
    for line in lines:
        excess = ledger.level(key).reserved - max(on_hand_after, 0)
        if excess <= 0:
            break
        give = min(excess, line.reserved)
        if give <= 0:
            continue
        ledger.move(
            Movement(
                key[0], key[1], MovementKind.RELEASE, -give, "stock count", actor, line.posting_id
            )
        )
        changed.append(_replace_line(line, reserved=line.reserved - give))
    return changed


def _key(product_id: ProductId | None, warehouse_id: WarehouseId | None) -> StockKey | None:
    if product_id is None or warehouse_id is None:
        return None
    return (product_id, warehouse_id)


def _problem(product_id: ProductId | None, warehouse_id: WarehouseId | None) -> LineProblem:
    if product_id is None:
        return LineProblem.UNKNOWN_PRODUCT
    if warehouse_id is None:
        return LineProblem.NO_WAREHOUSE
    return LineProblem.NONE


def _release(
    line: ReservationLine, ledger: Ledger, posting: IntakePosting, actor: str, reason: str
) -> None:
    if line.key is not None and line.reserved:
        ledger.move(
            Movement(
                line.key[0],
                line.key[1],
                MovementKind.RELEASE,
                -line.reserved,
                reason,
                actor,
                posting.posting_id,
            )
        )


def _replace_line(
    line: ReservationLine,
    *,
    state: ReservationState | None = None,
    reserved: int | None = None,
) -> ReservationLine:
    return ReservationLine(
        posting_id=line.posting_id,
        sku=line.sku,
        offer_id=line.offer_id,
        product_id=line.product_id,
        warehouse_id=line.warehouse_id,
        wanted=line.wanted,
        reserved=line.reserved if reserved is None else reserved,
        state=line.state if state is None else state,
        problem=line.problem,
    )
