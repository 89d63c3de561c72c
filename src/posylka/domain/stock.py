"""Stock: a ledger of movements per product and warehouse, and the rules that move it.

Every change of stock is a movement with who, when and why. Two figures follow from the ledger
and are kept on a current-level row per product and warehouse, changed in the same transaction
as the movement that moves them:

- on hand: goods physically on the shelves = the sum of receipts, adjustments, returns and picks;
- reserved: goods promised to open postings = the sum of reservations, releases and picks.

A pick takes goods off the shelf that were reserved, so it lowers both. Available is what a new
posting may still take: on hand minus reserved. Reserved never exceeds on hand: a count that finds
fewer goods than are reserved first takes the missing part back from the postings that were
reserved last (see :func:`trim_reservations`).

The reservation rule (what a posting gets when stock is short): a posting takes what is
available, line by line, and the rest is recorded as its short part. It keeps what it got; the
short part is filled later, when goods arrive, in ship-by order. A posting is never refused
outright, so a partly reservable posting keeps its place and the shortfall list shows exactly
what is missing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from posylka.domain.errors import PosylkaError
from posylka.domain.ids import OfferId, PostingNumber, ProductId, Sku, StoreId, WarehouseId
from posylka.domain.postings import PostingStatus


class MovementKind(StrEnum):
    RECEIPT = "receipt"
    """Goods arrived from a supplier."""
    RESERVATION = "reservation"
    """Goods promised to a posting."""
    RELEASE = "release"
    """A promise taken back (the posting was cancelled, changed or trimmed by a count)."""
    PICK = "pick"
    """Reserved goods left the warehouse with their posting."""
    ADJUSTMENT = "adjustment"
    """A correction of on hand with a reason: a count, damage, loss, a found box."""
    RETURN = "return"
    """Goods came back to the shelf (a returned or undelivered parcel)."""

    @property
    def moves_on_hand(self) -> bool:
        return self in _ON_HAND_KINDS

    @property
    def moves_reserved(self) -> bool:
        return self in _RESERVED_KINDS


_ON_HAND_KINDS = frozenset(
    {MovementKind.RECEIPT, MovementKind.ADJUSTMENT, MovementKind.RETURN, MovementKind.PICK}
)
_RESERVED_KINDS = frozenset({MovementKind.RESERVATION, MovementKind.RELEASE, MovementKind.PICK})

MANUAL_KINDS = (MovementKind.RECEIPT, MovementKind.ADJUSTMENT, MovementKind.RETURN)
"""The movements a person records; the others follow from postings."""


class StockError(PosylkaError):
    """A stock change that cannot be made as asked."""


class BadQuantity(StockError):
    def __init__(self, quantity: int, rule: str) -> None:
        super().__init__(f"quantity {quantity} is not allowed: {rule}")
        self.quantity = quantity
        self.rule = rule


class UnknownProduct(StockError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"no product {reference!r} in this store's catalogue")
        self.reference = reference


class UnknownWarehouse(StockError):
    def __init__(self, warehouse_id: int) -> None:
        super().__init__(f"no warehouse {warehouse_id} in this store")
        self.warehouse_id = warehouse_id


class LevelChangedUnderneath(StockError):
    """A level row was not what the locked read said: another writer ignored the lock."""

    def __init__(self, product_id: ProductId, warehouse_id: WarehouseId) -> None:
        super().__init__(f"stock of product {product_id} in warehouse {warehouse_id} changed")
        self.product_id = product_id
        self.warehouse_id = warehouse_id


StockKey = tuple[ProductId, WarehouseId]


@dataclass(frozen=True, slots=True)
class StockLevel:
    product_id: ProductId
    warehouse_id: WarehouseId
    on_hand: int = 0
    reserved: int = 0

    @property
    def key(self) -> StockKey:
        return (self.product_id, self.warehouse_id)

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    def after(self, kind: MovementKind, quantity: int) -> StockLevel:
        """The level once a movement of ``kind`` and signed ``quantity`` is applied."""
        on_hand = self.on_hand + (quantity if kind.moves_on_hand else 0)
        reserved = self.reserved + (quantity if kind.moves_reserved else 0)
        if reserved < 0 or reserved > on_hand:
            raise BadQuantity(quantity, f"{kind} would leave {reserved} reserved of {on_hand}")
        return StockLevel(self.product_id, self.warehouse_id, on_hand, reserved)


@dataclass(frozen=True, slots=True)
class StockLevelRow:
    """A level with what STOCKPUSH and the stock page need to show or push it."""

    product_id: ProductId
    warehouse_id: WarehouseId
    store_id: StoreId
    offer_id: OfferId
    sku: Sku | None
    name: str
    on_hand: int
    reserved: int
    safety_buffer: int
    low_stock_threshold: int | None
    changed_at: datetime

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def is_low(self) -> bool:
        return self.low_stock_threshold is not None and self.available <= self.low_stock_threshold


@dataclass(frozen=True, slots=True)
class Movement:
    """One line of the ledger, as it is to be written."""

    product_id: ProductId
    warehouse_id: WarehouseId
    kind: MovementKind
    quantity: int
    reason: str = ""
    actor: str = ""
    posting_id: int | None = None


@dataclass(frozen=True, slots=True)
class MovementRecord:
    """One line of the ledger as read back for the history."""

    id: int
    product_id: ProductId
    warehouse_id: WarehouseId
    kind: MovementKind
    quantity: int
    reason: str
    actor: str
    at: datetime
    posting_number: PostingNumber | None


# --- reservations of postings ---------------------------------------------------------------------


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


class ReservationState(StrEnum):
    HELD = "held"
    RELEASED = "released"
    PICKED = "picked"


class LineProblem(StrEnum):
    NONE = ""
    UNKNOWN_PRODUCT = "unknown_product"
    """The item matches no catalogue product (by SKU, then offer id)."""
    NO_WAREHOUSE = "no_warehouse"
    """The posting names no warehouse to take the goods from."""


@dataclass(frozen=True, slots=True)
class ReservationLine:
    """What one product of one posting wanted, got and where it stands."""

    posting_id: int
    sku: Sku
    offer_id: OfferId
    product_id: ProductId | None
    warehouse_id: WarehouseId | None
    wanted: int
    reserved: int
    state: ReservationState = ReservationState.HELD
    problem: LineProblem = LineProblem.NONE

    @property
    def short(self) -> int:
        return self.wanted - self.reserved if self.state is ReservationState.HELD else 0

    @property
    def key(self) -> StockKey | None:
        if self.product_id is None or self.warehouse_id is None:
            return None
        return (self.product_id, self.warehouse_id)


@dataclass(frozen=True, slots=True)
class WantedLine:
    """One product a posting asks for (its items of one SKU summed), matched to the catalogue."""

    sku: Sku
    offer_id: OfferId
    product_id: ProductId | None
    quantity: int


@dataclass(frozen=True, slots=True)
class IntakePosting:
    """A posting whose stock has to be settled again: it is new or changed since last taken in."""

    posting_id: int
    posting_number: PostingNumber
    status: PostingStatus
    warehouse_id: WarehouseId | None
    content_hash: str
    lines: tuple[WantedLine, ...]
    current: tuple[ReservationLine, ...]
    """Its reservation lines as they stand (empty when it was never reserved)."""


@dataclass(frozen=True, slots=True)
class PostingReservation:
    """One posting's reservation as SHORTFALLS and the posting page show it."""

    posting_id: int
    posting_number: PostingNumber
    store_id: StoreId
    lines: tuple[ReservationLine, ...]

    @property
    def wanted(self) -> int:
        return sum(line.wanted for line in self.lines if line.state is ReservationState.HELD)

    @property
    def reserved(self) -> int:
        return sum(line.reserved for line in self.lines if line.state is ReservationState.HELD)

    @property
    def short(self) -> int:
        return sum(line.short for line in self.lines)

    @property
    def is_short(self) -> bool:
        return self.short > 0


class Ledger:
    """Levels being changed inside one transaction, and the movements that changed them.

    Use cases load the levels they will touch (locked), apply their rules through this object,
    and hand back :attr:`movements` and :meth:`changed` for the repository to write together.
    """

    def __init__(self, levels: Iterable[StockLevel]) -> None:
        self._levels: dict[StockKey, StockLevel] = {level.key: level for level in levels}
        self._before = dict(self._levels)
        self.movements: list[Movement] = []

    def level(self, key: StockKey) -> StockLevel:
        return self._levels.get(key) or StockLevel(key[0], key[1])

    def include(self, levels: Iterable[StockLevel]) -> None:
        """Add levels locked later in the same transaction."""
        for level in levels:
            if level.key not in self._levels:
                self._levels[level.key] = level
                self._before[level.key] = level

    def move(self, movement: Movement) -> None:
        key = (movement.product_id, movement.warehouse_id)
        self._levels[key] = self.level(key).after(movement.kind, movement.quantity)
        self.movements.append(movement)

    def changed(self) -> list[tuple[StockLevel, StockLevel]]:
        """(before, after) of every level that moved, in key order (the order rows are locked)."""
        out = []
        for key in sorted(self._levels):
            after = self._levels[key]
            before = self._before.get(key) or StockLevel(key[0], key[1])
            if before != after:
                out.append((before, after))
        return out

    def reserve_upto(
        self, key: StockKey, wanted: int, *, posting_id: int, actor: str, reason: str
    ) -> int:
        """Reserve as much of ``wanted`` as is available; returns what was reserved."""
        granted = max(0, min(wanted, self.level(key).available))
        if granted:
            self.move(
                Movement(
                    key[0], key[1], MovementKind.RESERVATION, granted, reason, actor, posting_id
                )
            )
        return granted


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


def wanted_lines(
    items: Iterable[tuple[Sku, OfferId, ProductId | None, int]],
) -> tuple[WantedLine, ...]:
    """A posting's items summed per SKU (Ozon may list one SKU on several lines)."""
    totals: dict[Sku, WantedLine] = {}
    for sku, offer_id, product_id, quantity in items:
        seen = totals.get(sku)
        total = quantity + (seen.quantity if seen else 0)
        totals[sku] = WantedLine(sku, offer_id, product_id, total)
    return tuple(totals.values())


def ledger_totals(movements: Iterable[tuple[MovementKind, int]]) -> tuple[int, int]:
    """(on hand, reserved) that a list of movements adds up to."""
    on_hand = reserved = 0
    for kind, quantity in movements:
        if kind.moves_on_hand:
            on_hand += quantity
        if kind.moves_reserved:
            reserved += quantity
    return on_hand, reserved


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


def keys_of(postings: Iterable[IntakePosting]) -> set[StockKey]:
    """Every level a batch of postings may touch (to lock them together, in one order)."""
    keys: set[StockKey] = set()
    for posting in postings:
        for line in posting.current:
            if line.key is not None:
                keys.add(line.key)
        if posting.warehouse_id is not None:
            for want in posting.lines:
                if want.product_id is not None:
                    keys.add((want.product_id, posting.warehouse_id))
    return keys


def low_stock(rows: Iterable[StockLevelRow]) -> list[StockLevelRow]:
    return [row for row in rows if row.is_low]


def by_key(levels: Iterable[StockLevel]) -> Mapping[StockKey, StockLevel]:
    return {level.key: level for level in levels}


# --- read models of the stock page and the ledger check -----------------------------------------


@dataclass(frozen=True, slots=True)
class StockQuery:
    text: str = ""
    warehouse_id: WarehouseId | None = None
    low_only: bool = False
    limit: int = 200
    product_id: ProductId | None = None


@dataclass(frozen=True, slots=True)
class ProductRef:
    """Enough of a catalogue product to name it on a stock form."""

    product_id: ProductId
    offer_id: OfferId
    name: str
    store_id: StoreId | None = None


@dataclass(frozen=True, slots=True)
class WarehouseRef:
    warehouse_id: WarehouseId
    name: str


@dataclass(frozen=True, slots=True)
class LevelDrift:
    """A level row that disagrees with the sum of its movements."""

    product_id: ProductId
    warehouse_id: WarehouseId
    offer_id: OfferId
    on_hand: int
    reserved: int
    ledger_on_hand: int
    ledger_reserved: int
