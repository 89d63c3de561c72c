"""Carriages as the sandbox keeps them, and Ozon's rules for making them.

A carriage is the hand-over of one delivery method's assembled postings on one departure date
(Seller API, «Схема FBS Стандарт», steps 7–12, and ``/v1/carriage/*``). ``create`` takes every
posting of the method awaiting delivery (``awaiting_deliver``), due by the departure date and not
already in a carriage; the carriage is ``new``. ``approve`` forms it (status ``formed``: Ozon's
document says the carriage "becomes «Сформирована»") and its postings get the substatus
``posting_in_carriage``, their planned hand-over unchanged. ``cancel`` works only on a ``new``
carriage and releases its postings. Once the timeline hands its postings over, ``get`` shows the
carriage ``received`` (acceptance under way) and then ``closed``, two of the statuses Ozon's
``/v1/carriage/get`` lists.

Refusals carry Ozon's codes from the Seller API's "Errors" section for the carriage methods.
A second ``create`` for a method and day whose carriage is still ``new`` answers
``there_are_incomplete_carriages`` («Есть незавершённые перевозки»): the list has no closer code
(``new_postings_are_possible`` is about the day's assembly time not being over, which the sandbox
does not model).

``/v1/posting/carriage-available/list`` shows a method's carriages of a day that are not
cancelled, the newest first; when there is none but postings are ready, one line without a
carriage tells how many a carriage would take.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone

from posylka.sandbox.ozon.errors import OzonError, invalid, not_found
from posylka.sandbox.ozon.network import DeliveryMethod, Warehouse
from posylka.sandbox.ozon.seeding import SandboxPosting
from posylka.sandbox.ozon.state import SandboxState
from posylka.sandbox.ozon.timeline import StatusEvent, Timeline

NEW = "new"
FORMED = "formed"
RECEIVED = "received"
CLOSED = "closed"
CANCELLED = "cancelled"

AWAITING_DELIVER = "awaiting_deliver"
IN_CARRIAGE = "posting_in_carriage"
ACCEPTANCE = "acceptance_in_progress"

METHOD_NOT_FOUND = "DELIVERY_METHOD_NOT_FOUND"
NON_CARRIAGEABLE = "non_carriageable"
OUTDATED = "outdated"
INCOMPLETE = "there_are_incomplete_carriages"
NO_POSTINGS = "no_postings"
INCORRECT_STATUS = "Incorrect_carriage_status"
CARRIAGE_NOT_FOUND = "carriage not found"


def refused(code: str, explanation: str) -> OzonError:
    """Ozon's refusal: HTTP 400, gRPC code 3, the code first in the message."""
    return invalid(f"{code}: {explanation}")


def local_day(seconds: int, warehouse: Warehouse) -> date:
    """The day at the warehouse (its ``utc`` offset, e.g. ``+03:00``) at a sandbox moment."""
    sign = -1 if warehouse.utc.startswith("-") else 1
    hours, _, minutes = warehouse.utc.lstrip("+-").partition(":")
    offset = timedelta(hours=int(hours), minutes=int(minutes or 0)) * sign
    return datetime.fromtimestamp(seconds, timezone(offset)).date()


def read_departure(text: str | None, method: DeliveryMethod, now: int) -> date:
    """The departure day of a create request: a day or a date-time (its day), today when
    omitted."""
    if not text:
        return local_day(now, method.warehouse)
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise invalid(f"invalid request body: departure_date: not a date: {text!r}") from None


@dataclass(slots=True)
class SandboxCarriage:
    carriage_id: int
    method: DeliveryMethod
    departure: date
    postings: tuple[str, ...]
    status: str
    created_at: int
    updated_at: int
    containers_count: int | None = None


class CarriageBook:
    """The carriages of one sandbox, by id, and the rules that make and move them."""

    FIRST_ID = 20903594
    """The carriage id of Ozon's own example (``carriage-containers-20903594.pdf``)."""

    def __init__(self, state: SandboxState) -> None:
        self.state = state
        self._carriages: dict[int, SandboxCarriage] = {}
        self._next = self.FIRST_ID

    def get(self, carriage_id: int | None) -> SandboxCarriage:
        carriage = self._carriages.get(carriage_id) if carriage_id is not None else None
        if carriage is None:
            raise not_found(CARRIAGE_NOT_FOUND)
        return carriage

    def held(self) -> set[str]:
        """Posting numbers in a carriage not cancelled (``new`` or formed)."""
        return {
            number
            for carriage in self._carriages.values()
            if carriage.status != CANCELLED
            for number in carriage.postings
        }

    def eligible(self, method: DeliveryMethod, departure: date, now: int) -> list[SandboxPosting]:
        """The method's postings a carriage leaving on ``departure`` would take at ``now``."""
        held = self.held()
        found = []
        for posting in self.state.postings:
            if posting.method.id != method.id or posting.posting_number in held:
                continue
            event = posting.timeline.at(now)
            if event is None or event.status != AWAITING_DELIVER or event.substatus == IN_CARRIAGE:
                continue
            if local_day(posting.shipment_date, method.warehouse) <= departure:
                found.append(posting)
        return found

    def create(self, method_id: int | None, departure_text: str | None) -> SandboxCarriage:
        if method_id is None:
            raise invalid("invalid request body: delivery_method_id: value is required")
        method = next((m for m in self.state.methods if m.id == method_id), None)
        if method is None:
            raise refused(METHOD_NOT_FOUND, f"no delivery method {method_id}")
        if method.integration != "ozon":
            raise refused(NON_CARRIAGEABLE, "the delivery method's carrier takes the parcels")
        now = self.state.now()
        departure = read_departure(departure_text, method, now)
        if departure < local_day(now, method.warehouse):
            raise refused(OUTDATED, f"departure date {departure} has passed")
        for carriage in self._carriages.values():
            same = carriage.method.id == method.id and carriage.departure == departure
            if same and carriage.status == NEW:
                raise refused(INCOMPLETE, f"carriage {carriage.carriage_id} is not approved yet")
        postings = self.eligible(method, departure, now)
        if not postings:
            raise refused(NO_POSTINGS, "no postings awaiting delivery for this method and date")
        carriage = SandboxCarriage(
            self._next,
            method,
            departure,
            tuple(p.posting_number for p in postings),
            NEW,
            now,
            now,
        )
        self._next += 1
        self._carriages[carriage.carriage_id] = carriage
        return carriage

    def of_day(
        self, method_id: int | None, departure_text: str | None
    ) -> tuple[DeliveryMethod | None, date | None, list[SandboxCarriage]]:
        """The method, the day and its carriages not cancelled, newest first (an unknown method
        has none)."""
        if method_id is None:
            raise invalid("invalid request body: delivery_method_id: value is required")
        method = next((m for m in self.state.methods if m.id == method_id), None)
        if method is None:
            return None, None, []
        departure = read_departure(departure_text, method, self.state.now())
        found = [
            carriage
            for carriage in self._carriages.values()
            if carriage.method.id == method.id
            and carriage.departure == departure
            and carriage.status != CANCELLED
        ]
        found.sort(key=lambda carriage: carriage.carriage_id, reverse=True)
        return method, departure, found

    def approve(self, carriage_id: int | None, containers_count: int | None) -> SandboxCarriage:
        """Form a new carriage; postings that left ``awaiting_deliver`` meanwhile (cancelled)
        drop out of it."""
        carriage = self.get(carriage_id)
        if carriage.status != NEW:
            raise refused(INCORRECT_STATUS, f"carriage is {carriage.status}, not {NEW}")
        if containers_count is not None and containers_count < 1:
            raise invalid("invalid request body: containers_count: must be at least 1")
        now = self.state.now()
        kept = []
        for number in carriage.postings:
            posting = self.state.posting(number)
            event = posting.timeline.at(now)
            if event is not None and event.status == AWAITING_DELIVER:
                kept.append(posting)
        if not kept:
            raise refused(NO_POSTINGS, "none of the carriage's postings awaits delivery now")
        for posting in kept:
            note_substatus(posting, now, IN_CARRIAGE)
        carriage.postings = tuple(p.posting_number for p in kept)
        carriage.status = FORMED
        carriage.containers_count = containers_count
        carriage.updated_at = now
        return carriage

    def cancel(self, carriage_id: int | None) -> SandboxCarriage:
        carriage = self.get(carriage_id)
        if carriage.status != NEW:
            raise refused(INCORRECT_STATUS, f"only a {NEW} carriage can be cancelled")
        carriage.status = CANCELLED
        carriage.updated_at = self.state.now()
        return carriage

    def status_of(self, carriage: SandboxCarriage, now: int) -> str:
        """A formed carriage is ``received`` once a posting of it is handed over, ``closed``
        once all are and none is still being accepted."""
        if carriage.status != FORMED:
            return carriage.status
        statuses = []
        for number in carriage.postings:
            event = self.state.posting(number).timeline.at(now)
            statuses.append(event.status if event else "")
        left = [s for s in statuses if s == AWAITING_DELIVER]
        if len(left) == len(statuses):
            return FORMED
        if left or ACCEPTANCE in statuses:
            return RECEIVED
        return CLOSED


def note_substatus(posting: SandboxPosting, now: int, substatus: str) -> None:
    """Give the posting ``substatus`` from ``now`` on, keeping the rest of its planned life."""
    events = list(posting.timeline.events)
    past = [e for e in events if e.at <= now]
    later = [e for e in events if e.at > now]
    status = past[-1].status if past else AWAITING_DELIVER
    posting.timeline = Timeline([*past, StatusEvent(now, status, substatus), *later])
    posting.revision += 1


def moment(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
