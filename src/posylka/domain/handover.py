"""The daily hand-over: the assembled postings of one delivery method and departure date,
gathered into an Ozon carriage, its documents, and the pallet checklist.

A handover moves ``draft`` (recorded, Ozon not asked yet or it refused) → ``created`` (Ozon's
carriage exists, status ``new``) → ``approved`` (the carriage is formed) → ``documents`` (the act
and waybill, and container labels where needed, are kept) → ``handed_over`` (the pallet left).
A draft or created handover may be cancelled (Seller API §3.7: only a ``new`` carriage cancels).

A draft whose ``/v1/carriage/create`` went out carries ``CREATE_SENT`` until Ozon's answer is
recorded: one still carrying it was left by a process that died mid-call, and Ozon may have made
the carriage. Ozon keeps one unfinished (``new``) carriage per delivery method and day, so such a
carriage is found by method and day and taken up rather than made twice.

The checklist counts parcels scanned onto the pallet against the handover: a package label's
barcode is the posting number (each package of a split posting has its own number).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, tzinfo
from enum import StrEnum

from posylka.domain.errors import PosylkaError
from posylka.domain.ids import DeliveryMethodId, HandoverId, PostingNumber, StoreId, UserId
from posylka.domain.shipping import Carriage

CREATE_SENT = "create_sent"
"""A draft's code while ``/v1/carriage/create`` is on its way (its answer not recorded yet)."""
INCOMPLETE_CARRIAGES = "there_are_incomplete_carriages"
"""Ozon's refusal to create while the method's carriage of that day is not finished."""
UNFINISHED_CARRIAGE = "new"
"""The status of a carriage Ozon made and nobody approved or cancelled yet."""


class HandoverState(StrEnum):
    DRAFT = "draft"
    CREATED = "created"
    APPROVED = "approved"
    DOCUMENTS = "documents"
    HANDED_OVER = "handed_over"
    CANCELLED = "cancelled"

    @property
    def live(self) -> bool:
        """Still being prepared: its postings belong to it and to no other handover."""
        return self not in (HandoverState.HANDED_OVER, HandoverState.CANCELLED)


TRANSITIONS: dict[HandoverState, frozenset[HandoverState]] = {
    HandoverState.DRAFT: frozenset({HandoverState.CREATED, HandoverState.CANCELLED}),
    HandoverState.CREATED: frozenset({HandoverState.APPROVED, HandoverState.CANCELLED}),
    HandoverState.APPROVED: frozenset({HandoverState.DOCUMENTS}),
    # Documents may be fetched again (Ozon re-forms the act of a partial carriage).
    HandoverState.DOCUMENTS: frozenset({HandoverState.DOCUMENTS, HandoverState.HANDED_OVER}),
    HandoverState.HANDED_OVER: frozenset(),
    HandoverState.CANCELLED: frozenset(),
}


class DocumentKind(StrEnum):
    ACT = "act"
    """The shipping list and waybill (``/v2/posting/fbs/act/get-pdf``), A4."""
    CONTAINER_LABELS = "container_labels"
    """One label per container (pallet or bag) of the carriage."""


class HandoverProblem(PosylkaError):
    """A hand-over step that cannot be taken; the message says why in one sentence."""


class WrongHandoverState(HandoverProblem):
    """The handover is not in a state that allows the step asked for."""

    def __init__(self, handover_id: HandoverId, state: HandoverState, wanted: HandoverState):
        super().__init__(f"handover #{handover_id} is {state}; it cannot become {wanted}")
        self.handover_id = handover_id
        self.state = state
        self.wanted = wanted


@dataclass(frozen=True, slots=True)
class Handover:
    """One store's hand-over of one delivery method's parcels on one departure date."""

    id: HandoverId
    store_id: StoreId
    delivery_method_id: DeliveryMethodId
    delivery_method_name: str
    departure_date: date
    state: HandoverState
    created_at: datetime
    updated_at: datetime
    carriage_id: int | None = None
    carriage_status: str = ""
    containers_count: int | None = None
    error_code: str = ""
    """Ozon's code of the last refusal (``no_postings``…), empty when the last step went well."""
    error_message: str = ""
    created_by: str = ""
    user_id: UserId | None = None
    handed_over_at: datetime | None = None
    documents: tuple[DocumentKind, ...] = ()

    def moved_to(self, state: HandoverState, *, at: datetime) -> Handover:
        """The handover in ``state``; raises ``WrongHandoverState`` for a move the table forbids."""
        if state not in TRANSITIONS[self.state]:
            raise WrongHandoverState(self.id, self.state, state)
        return replace(self, state=state, updated_at=at, error_code="", error_message="")

    def failed(self, code: str, message: str, *, at: datetime) -> Handover:
        """The same step refused by Ozon: state unchanged, the reason kept for the page."""
        return replace(self, error_code=code, error_message=message, updated_at=at)

    def sending(self, *, at: datetime) -> Handover:
        """The draft as kept while its create call is on its way."""
        if self.state is not HandoverState.DRAFT:
            raise WrongHandoverState(self.id, self.state, HandoverState.CREATED)
        return replace(self, error_code=CREATE_SENT, error_message="", updated_at=at)

    @property
    def answer_unknown(self) -> bool:
        """A create call went out and its answer was never recorded."""
        return self.state is HandoverState.DRAFT and self.error_code == CREATE_SENT

    def taking_up(self, carriage: Carriage, *, at: datetime) -> Handover:
        """The draft holding a carriage Ozon already had for its method and day."""
        created = self.moved_to(HandoverState.CREATED, at=at)
        return replace(created, carriage_id=carriage.carriage_id, carriage_status=carriage.status)


def carriage_to_take_up(
    carriages: Iterable[Carriage], delivery_method_id: DeliveryMethodId, day: date
) -> Carriage | None:
    """Of Ozon's carriages, the unfinished one of the method and day a draft may hold (the
    newest, should Ozon ever list several); a formed, closed or cancelled one is never taken."""
    found = [
        carriage
        for carriage in carriages
        if carriage.status == UNFINISHED_CARRIAGE
        and carriage.delivery_method_id in (None, delivery_method_id)
        and carriage.departure_date in (None, day)
    ]
    return max(found, key=lambda carriage: carriage.carriage_id, default=None)


@dataclass(frozen=True, slots=True)
class ReadyPosting:
    """An assembled FBS posting waiting to be handed over (Ozon status ``awaiting_deliver``)."""

    store_id: StoreId
    posting_number: PostingNumber
    delivery_method_id: DeliveryMethodId
    delivery_method_name: str
    ship_by: datetime | None


@dataclass(frozen=True, slots=True)
class HandoverGroup:
    """Postings of one store, delivery method and departure date, and its live handover if any."""

    store_id: StoreId
    delivery_method_id: DeliveryMethodId
    delivery_method_name: str
    departure_date: date
    posting_numbers: tuple[PostingNumber, ...]
    handover_id: HandoverId | None = None

    @property
    def count(self) -> int:
        return len(self.posting_numbers)


def departure_date(ship_by: datetime | None, *, today: date, tz: tzinfo) -> date:
    """The day a posting leaves: its ship-by day in the desk's time zone, or today for a posting
    already late (Ozon takes every ready posting with a departure on or before the carriage's
    date, so a late one goes with today's carriage)."""
    if ship_by is None:
        return today
    return max(ship_by.astimezone(tz).date(), today)


def group_postings(
    postings: Iterable[ReadyPosting], *, today: date, tz: tzinfo
) -> list[HandoverGroup]:
    """Ready postings by store, delivery method and departure date, the earliest date first."""
    groups: dict[tuple[StoreId, DeliveryMethodId, date], list[ReadyPosting]] = {}
    for posting in postings:
        day = departure_date(posting.ship_by, today=today, tz=tz)
        groups.setdefault((posting.store_id, posting.delivery_method_id, day), []).append(posting)
    result = [
        HandoverGroup(
            store_id=store_id,
            delivery_method_id=method_id,
            delivery_method_name=members[0].delivery_method_name,
            departure_date=day,
            posting_numbers=tuple(sorted(p.posting_number for p in members)),
        )
        for (store_id, method_id, day), members in groups.items()
    ]
    result.sort(key=lambda g: (g.departure_date, g.delivery_method_name, g.store_id))
    return result


# --- the pallet checklist ------------------------------------------------------------------------


class ScanOutcome(StrEnum):
    COUNTED = "counted"
    NOT_IN_HANDOVER = "not_in_handover"
    ALREADY_COUNTED = "already_counted"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class ScanResult:
    outcome: ScanOutcome
    code: str
    posting_number: PostingNumber | None = None

    @property
    def accepted(self) -> bool:
        return self.outcome is ScanOutcome.COUNTED


@dataclass(frozen=True, slots=True)
class ChecklistLine:
    posting_number: PostingNumber
    counted_at: datetime | None = None
    counted_by: str = ""

    @property
    def counted(self) -> bool:
        return self.counted_at is not None


def normalise_code(code: str) -> str:
    """What a scanner typed, without the spaces and control characters some scanners add."""
    return "".join(ch for ch in code if ch.isprintable() and not ch.isspace())


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@dataclass(frozen=True, slots=True)
class Checklist:
    """The parcels a handover expects and which of them are on the pallet."""

    lines: tuple[ChecklistLine, ...]

    @property
    def expected(self) -> int:
        return len(self.lines)

    @property
    def counted(self) -> int:
        return sum(1 for line in self.lines if line.counted)

    @property
    def missing(self) -> tuple[PostingNumber, ...]:
        return tuple(line.posting_number for line in self.lines if not line.counted)

    @property
    def complete(self) -> bool:
        return bool(self.lines) and self.counted == self.expected

    def find(self, code: str) -> ChecklistLine | None:
        """The line a scanned code names: the posting number itself, or the same digits without
        the dashes (some label barcodes and scanners drop them)."""
        wanted = normalise_code(code)
        for line in self.lines:
            if line.posting_number == wanted:
                return line
        digits = _digits(wanted)
        if digits and digits == wanted:
            for line in self.lines:
                if _digits(line.posting_number) == digits:
                    return line
        return None

    def scan(self, code: str) -> ScanResult:
        """What scanning ``code`` means; the caller records a ``COUNTED`` one."""
        clean = normalise_code(code)
        if not clean:
            return ScanResult(ScanOutcome.EMPTY, clean)
        line = self.find(clean)
        if line is None:
            return ScanResult(ScanOutcome.NOT_IN_HANDOVER, clean)
        if line.counted:
            return ScanResult(ScanOutcome.ALREADY_COUNTED, clean, line.posting_number)
        return ScanResult(ScanOutcome.COUNTED, clean, line.posting_number)


def checklist_of(lines: Sequence[ChecklistLine]) -> Checklist:
    return Checklist(tuple(sorted(lines, key=lambda line: line.posting_number)))


@dataclass(frozen=True, slots=True)
class ScanRecord:
    """One scan onto a handover's pallet as logged, refused ones included."""

    code: str
    outcome: ScanOutcome
    posting_number: str
    scanned_at: datetime
    actor: str
