"""The daily hand-over: gather the assembled postings of a delivery method and departure date
into an Ozon carriage, approve it, keep its documents, count the parcels onto the pallet and mark
it handed over.

Every step is recorded before Ozon is asked and its outcome after: a handover is saved as a draft
holding its postings, marked as sent, then ``/v1/carriage/create`` is called; a refusal
(``no_postings``…) stays on the handover with Ozon's code and text, and the same button tries
again. A carriage is never made twice: trying a draft again first looks for the method's
unfinished carriage of the day at Ozon (``/v1/posting/carriage-available/list``) and takes it up
when a lost answer left it there; a create refused for such a carriage takes it up too. After
create and approve the postings Ozon actually put in the carriage
(``/v2/posting/fbs/act/get-postings``) replace the desk's own list, so the checklist counts what
the act lists.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, tzinfo
from typing import TypeVar

from posylka.domain.errors import MarketplaceError
from posylka.domain.handover import (
    INCOMPLETE_CARRIAGES,
    Checklist,
    DocumentKind,
    Handover,
    HandoverGroup,
    HandoverProblem,
    HandoverState,
    ScanOutcome,
    ScanRecord,
    ScanResult,
    WrongHandoverState,
    carriage_to_take_up,
    checklist_of,
    group_postings,
)
from posylka.domain.ids import DeliveryMethodId, HandoverId, PostingNumber, StoreId, UserId
from posylka.domain.shipping import Carriage
from posylka.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from posylka.services.ports.shipping import ShippingGateway, ShippingGatewayFactory

T = TypeVar("T")

Checkpoint = Callable[[str], None]
"""Called by name where a process may die mid-create (``carriage_sent``: recorded as sent, Ozon
not asked; ``carriage_called``: Ozon answered, nothing recorded); the crash tests end the process
there."""


def no_checkpoint(_: str) -> None:
    """The checkpoint of every real run: nothing happens."""


UNREACHABLE = "unreachable"
"""The error code kept when Ozon could not be reached or answered with a server error."""

SCANNABLE = frozenset(
    {
        HandoverState.DRAFT,
        HandoverState.CREATED,
        HandoverState.APPROVED,
        HandoverState.DOCUMENTS,
    }
)


class UnknownHandover(HandoverProblem):
    def __init__(self, handover_id: int) -> None:
        super().__init__(f"there is no handover #{handover_id}")
        self.handover_id = handover_id


class NothingToHandOver(HandoverProblem):
    """No assembled posting of the delivery method departs on that day (the page is stale)."""

    def __init__(self, delivery_method_id: int, departure_date: date) -> None:
        super().__init__(
            f"no assembled posting of delivery method {delivery_method_id} departs on "
            f"{departure_date.isoformat()}"
        )
        self.delivery_method_id = delivery_method_id
        self.departure_date = departure_date


class ChecklistIncomplete(HandoverProblem):
    def __init__(self, missing: tuple[PostingNumber, ...]) -> None:
        super().__init__(f"{len(missing)} parcels are not on the pallet: {', '.join(missing[:5])}")
        self.missing = missing


@dataclass(frozen=True, slots=True)
class Board:
    """The hand-over page: postings still to gather, and the handovers of these days."""

    groups: list[HandoverGroup]
    handovers: list[Handover]


@dataclass(frozen=True, slots=True)
class Created:
    """A create's outcome; ``taken_up`` when the carriage was one Ozon already had for the
    method and day (an earlier call's lost answer, or one made in Ozon's account)."""

    handover: Handover
    taken_up: bool = False


@dataclass(frozen=True, slots=True)
class HandoverView:
    handover: Handover
    checklist: Checklist
    scans: list[ScanRecord]


@dataclass(frozen=True, slots=True)
class ParcelScan:
    """One scan onto the pallet: its outcome, the checklist after it, and the other live
    handovers that hold a parcel this one does not."""

    result: ScanResult
    checklist: Checklist
    elsewhere: tuple[Handover, ...] = ()


def board(*, uow: UnitOfWorkFactory, clock: Clock, tz: tzinfo, days_back: int = 7) -> Board:
    today = clock.now().astimezone(tz).date()
    with uow() as tx:
        ready = tx.handovers.ready_postings()
        recent = tx.handovers.recent(since=date.fromordinal(today.toordinal() - days_back))
    return Board(group_postings(ready, today=today, tz=tz), recent)


def view(handover_id: HandoverId, *, uow: UnitOfWorkFactory, scans: int = 15) -> HandoverView:
    with uow() as tx:
        handover = _get(tx, handover_id)
        lines = tx.handovers.checklist(handover_id)
        recent = tx.handovers.scans(handover_id, limit=scans)
    return HandoverView(handover, checklist_of(lines), recent)


def document(
    handover_id: HandoverId, kind: DocumentKind, *, uow: UnitOfWorkFactory
) -> bytes | None:
    with uow() as tx:
        return tx.handovers.document(handover_id, kind)


def _get(tx: UnitOfWork, handover_id: HandoverId) -> Handover:
    found = tx.handovers.get(handover_id)
    if found is None:
        raise UnknownHandover(handover_id)
    return found


def _save(uow: UnitOfWorkFactory, handover: Handover) -> Handover:
    with uow() as tx:
        tx.handovers.update(handover)
        tx.commit()
    return handover


async def _ozon(
    uow: UnitOfWorkFactory,
    shipping: ShippingGatewayFactory,
    store_id: StoreId,
    call: Callable[[ShippingGateway], Awaitable[T]],
) -> T:
    with uow() as tx:
        credentials = tx.stores.credentials(store_id)
    gateway = shipping(store_id, credentials)
    try:
        return await call(gateway)
    finally:
        await gateway.aclose()


def _refusal(exc: MarketplaceError) -> str:
    code = str(exc.code) if exc.code and not isinstance(exc.code, int) else ""
    return code or UNREACHABLE


# --- steps ---------------------------------------------------------------------------------------


async def create(
    *,
    store_id: StoreId,
    delivery_method_id: DeliveryMethodId,
    departure_date: date,
    actor: str,
    user_id: UserId | None,
    uow: UnitOfWorkFactory,
    shipping: ShippingGatewayFactory,
    clock: Clock,
    tz: tzinfo,
    checkpoint: Checkpoint = no_checkpoint,
) -> Created:
    """Gather the group into a handover and create its carriage at Ozon. A live handover of the
    same group is reused: a created one comes back as it is; a draft is tried again, but only
    after looking at Ozon for the carriage an earlier try may have made."""
    today = clock.now().astimezone(tz).date()
    with uow() as tx:
        handover = tx.handovers.live(store_id, delivery_method_id, departure_date)
        if handover is not None and handover.state is not HandoverState.DRAFT:
            return Created(handover)
        again = handover is not None
        ready = tx.handovers.ready_postings(store_id)
        group = next(
            (
                g
                for g in group_postings(ready, today=today, tz=tz)
                if g.delivery_method_id == delivery_method_id and g.departure_date == departure_date
            ),
            None,
        )
        if handover is None:
            if group is None:
                raise NothingToHandOver(delivery_method_id, departure_date)
            handover = tx.handovers.add(
                store_id=store_id,
                delivery_method_id=delivery_method_id,
                delivery_method_name=group.delivery_method_name,
                departure_date=departure_date,
                created_by=actor,
                user_id=user_id,
                now=clock.now(),
            )
        if group is not None:
            held = [line.posting_number for line in tx.handovers.checklist(handover.id)]
            tx.handovers.set_postings(handover.id, [*held, *group.posting_numbers])
        tx.commit()
    steps = _Steps(uow, shipping, clock)
    if again:
        # An earlier try may have made the carriage and died before keeping its id: look first.
        try:
            found = await steps.unfinished(handover)
        except MarketplaceError as exc:
            return Created(_save(uow, handover.failed(_refusal(exc), exc.message, at=clock.now())))
        if found is not None:
            return Created(await steps.take_up(handover, found), taken_up=True)
    sent = _save(uow, handover.sending(at=clock.now()))
    checkpoint("carriage_sent")
    try:
        carriage_id = await _ozon(
            uow,
            shipping,
            store_id,
            lambda ozon: ozon.create_carriage(delivery_method_id, departure_date),
        )
    except MarketplaceError as exc:
        if _refusal(exc) == INCOMPLETE_CARRIAGES:
            try:
                found = await steps.unfinished(sent)
            except MarketplaceError:
                found = None
            if found is not None:
                return Created(await steps.take_up(sent, found), taken_up=True)
        return Created(_save(uow, sent.failed(_refusal(exc), exc.message, at=clock.now())))
    checkpoint("carriage_called")
    created = replace(sent.moved_to(HandoverState.CREATED, at=clock.now()), carriage_id=carriage_id)
    _save(uow, created)
    return Created(await _refresh(created, uow=uow, shipping=shipping, clock=clock))


@dataclass(frozen=True, slots=True)
class _Steps:
    """Finding and taking up the carriage Ozon already has for a draft's method and day."""

    uow: UnitOfWorkFactory
    shipping: ShippingGatewayFactory
    clock: Clock

    async def unfinished(self, handover: Handover) -> Carriage | None:
        method, day = handover.delivery_method_id, handover.departure_date
        carriages = await _ozon(
            self.uow, self.shipping, handover.store_id, lambda o: o.list_carriages(method, day)
        )
        return carriage_to_take_up(carriages, method, day)

    async def take_up(self, handover: Handover, carriage: Carriage) -> Handover:
        taken = _save(self.uow, handover.taking_up(carriage, at=self.clock.now()))
        return await _refresh(taken, uow=self.uow, shipping=self.shipping, clock=self.clock)


async def _refresh(
    handover: Handover, *, uow: UnitOfWorkFactory, shipping: ShippingGatewayFactory, clock: Clock
) -> Handover:
    """Take the carriage's status and its postings from Ozon; on failure keep what is known."""
    carriage_id = handover.carriage_id
    if carriage_id is None:
        return handover

    async def read(ozon: ShippingGateway) -> tuple[str, list[PostingNumber]]:
        carriage = await ozon.fetch_carriage(carriage_id)
        return carriage.status, await ozon.carriage_postings(carriage_id)

    try:
        status, numbers = await _ozon(uow, shipping, handover.store_id, read)
    except MarketplaceError:
        return handover
    refreshed = replace(handover, carriage_status=status, updated_at=clock.now())
    with uow() as tx:
        tx.handovers.update(refreshed)
        if numbers:
            tx.handovers.set_postings(handover.id, numbers)
        tx.commit()
    return refreshed


async def approve(
    handover_id: HandoverId,
    *,
    containers_count: int | None = None,
    uow: UnitOfWorkFactory,
    shipping: ShippingGatewayFactory,
    clock: Clock,
) -> Handover:
    """Approve the carriage (it becomes formed at Ozon), then fetch its documents."""
    with uow() as tx:
        handover = _get(tx, handover_id)
    if handover.state is not HandoverState.CREATED or handover.carriage_id is None:
        raise WrongHandoverState(handover.id, handover.state, HandoverState.APPROVED)
    if containers_count is not None and containers_count < 1:
        containers_count = None
    carriage_id = handover.carriage_id
    try:
        await _ozon(
            uow,
            shipping,
            handover.store_id,
            lambda ozon: ozon.approve_carriage(carriage_id, containers_count),
        )
    except MarketplaceError as exc:
        return _save(uow, handover.failed(_refusal(exc), exc.message, at=clock.now()))
    approved = replace(
        handover.moved_to(HandoverState.APPROVED, at=clock.now()),
        containers_count=containers_count,
    )
    _save(uow, approved)
    approved = await _refresh(approved, uow=uow, shipping=shipping, clock=clock)
    return await fetch_documents(handover_id, uow=uow, shipping=shipping, clock=clock)


async def fetch_documents(
    handover_id: HandoverId,
    *,
    uow: UnitOfWorkFactory,
    shipping: ShippingGatewayFactory,
    clock: Clock,
) -> Handover:
    """Keep the act and waybill PDF, and the container labels when containers were given."""
    with uow() as tx:
        handover = _get(tx, handover_id)
    if handover.state not in (HandoverState.APPROVED, HandoverState.DOCUMENTS):
        raise WrongHandoverState(handover.id, handover.state, HandoverState.DOCUMENTS)
    carriage_id = handover.carriage_id
    assert carriage_id is not None
    with_labels = bool(handover.containers_count)

    async def read(ozon: ShippingGateway) -> tuple[bytes, bytes | None]:
        act = await ozon.fetch_act_pdf(carriage_id)
        labels = await ozon.fetch_container_labels(carriage_id) if with_labels else None
        return act, labels

    try:
        act, labels = await _ozon(uow, shipping, handover.store_id, read)
    except MarketplaceError as exc:
        return _save(uow, handover.failed(_refusal(exc), exc.message, at=clock.now()))
    now = clock.now()
    kinds = [DocumentKind.ACT] + ([DocumentKind.CONTAINER_LABELS] if labels else [])
    done = replace(handover.moved_to(HandoverState.DOCUMENTS, at=now), documents=tuple(kinds))
    with uow() as tx:
        tx.handovers.save_document(handover_id, DocumentKind.ACT, act, at=now)
        if labels:
            tx.handovers.save_document(handover_id, DocumentKind.CONTAINER_LABELS, labels, at=now)
        tx.handovers.update(done)
        tx.commit()
    return done


async def cancel(
    handover_id: HandoverId,
    *,
    uow: UnitOfWorkFactory,
    shipping: ShippingGatewayFactory,
    clock: Clock,
) -> Handover:
    """Give the postings back: a draft is dropped here, a created carriage is cancelled at Ozon
    (only a ``new`` carriage can be, Seller API §3.7)."""
    with uow() as tx:
        handover = _get(tx, handover_id)
    cancelled = handover.moved_to(HandoverState.CANCELLED, at=clock.now())
    carriage_id = handover.carriage_id
    if handover.state is HandoverState.CREATED and carriage_id is not None:
        try:
            await _ozon(
                uow, shipping, handover.store_id, lambda ozon: ozon.cancel_carriage(carriage_id)
            )
        except MarketplaceError as exc:
            return _save(uow, handover.failed(_refusal(exc), exc.message, at=clock.now()))
    return _save(uow, cancelled)


def hand_over(
    handover_id: HandoverId,
    *,
    with_missing: bool = False,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> Handover:
    """The pallet left. Refused while parcels are not counted, unless ``with_missing`` says the
    seller hands it over short on purpose."""
    with uow() as tx:
        handover = _get(tx, handover_id)
        checklist = checklist_of(tx.handovers.checklist(handover_id))
        if checklist.missing and not with_missing:
            raise ChecklistIncomplete(checklist.missing)
        now = clock.now()
        done = replace(handover.moved_to(HandoverState.HANDED_OVER, at=now), handed_over_at=now)
        tx.handovers.update(done)
        tx.commit()
    return done


def scan(
    handover_id: HandoverId,
    code: str,
    *,
    actor: str,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> ParcelScan:
    """Count a parcel onto the pallet by its label's barcode; every scan is logged, refused
    ones too."""
    with uow() as tx:
        handover = _get(tx, handover_id)
        if handover.state not in SCANNABLE:
            raise WrongHandoverState(handover.id, handover.state, handover.state)
        checklist = checklist_of(tx.handovers.checklist(handover_id))
        result = checklist.scan(code)
        now = clock.now()
        elsewhere: tuple[Handover, ...] = ()
        if result.outcome is ScanOutcome.COUNTED:
            assert result.posting_number is not None
            if not tx.handovers.count(handover_id, result.posting_number, at=now, actor=actor):
                result = replace(result, outcome=ScanOutcome.ALREADY_COUNTED)
        elif result.outcome is ScanOutcome.NOT_IN_HANDOVER:
            elsewhere = tuple(tx.handovers.holders(result.code, excluding=handover_id))
        if result.outcome is not ScanOutcome.EMPTY:
            tx.handovers.log_scan(handover_id, result, at=now, actor=actor)
        after = checklist_of(tx.handovers.checklist(handover_id))
        tx.commit()
    return ParcelScan(result, after, elsewhere)
