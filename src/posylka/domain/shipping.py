"""Assembly and hand-over as Ozon sees them: packages, refusals, per-posting limits, carriages,
and the per-item answers of the rFBS tracking and status calls.

These are the values the shipping gateway speaks in; the rules that use them live in
``assembly`` (never twice, never lost) and ``handover`` (the daily carriage).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from posylka.domain.errors import BadRequest
from posylka.domain.ids import DeliveryMethodId, PostingNumber, Sku, WarehouseId

TRACKING_BATCH_LIMIT = 20
"""Pairs per ``/v2/fbs/posting/tracking-number/set`` call (Seller API: at most 20)."""

SHIP_FAILED = "ship_failed"
"""The substatus Ozon gives a posting whose accepted ``ship`` could not be carried out: a 200 from
``/v4/posting/fbs/ship`` does not guarantee assembly (Seller API, PostingAPI_ShipFbsPostingV4)."""


@dataclass(frozen=True, slots=True)
class PackageLine:
    """Units of one product in one package. ``sku`` is what ``ship`` calls ``product_id``."""

    sku: Sku
    quantity: int


@dataclass(frozen=True, slots=True)
class Package:
    """One box of a posting as Ozon is told about it; several packages split the posting."""

    lines: tuple[PackageLine, ...]

    @property
    def units(self) -> int:
        return sum(line.quantity for line in self.lines)


class ShipRefusal(StrEnum):
    """Why Ozon refused ``/v4/posting/fbs/ship`` (Seller API, section Errors)."""

    ALREADY_SHIPPED = "POSTING_ALREADY_SHIPPED"
    INCORRECT_STATUS = "HAS_INCORRECT_STATUS"
    INCORRECT_QUANTITY = "HAS_INCORRECT_PRODUCT_QUANTITY"
    EXEMPLAR_INFO_MISSING = "EXEMPLAR_INFO_NOT_FILLED_COMPLETELY"
    ALREADY_CANCELLED = "POSTING_ALREADY_CANCELLED"
    UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT_DEFINED"
    OTHER = "other"

    @classmethod
    def from_text(cls, text: str) -> ShipRefusal:
        """The refusal whose code appears in Ozon's error text, or ``OTHER``."""
        for refusal in cls:
            if refusal is not cls.OTHER and refusal.value in text:
                return refusal
        return cls.OTHER


class ShipRefused(BadRequest):
    """Ozon answered ``ship`` with an error; ``refusal`` says which, ``message`` is Ozon's text."""

    def __init__(
        self, refusal: ShipRefusal, message: str, *, path: str = "", status: int = 400
    ) -> None:
        super().__init__(message, code=refusal.value, status=status, path=path)
        self.refusal = refusal


@dataclass(frozen=True, slots=True)
class PostingRestrictions:
    """The drop-off point's limits for one posting (``/v1/posting/fbs/restrictions``), in grams,
    millimetres and roubles; ``None`` where Ozon sets no limit."""

    posting_number: PostingNumber
    max_weight_g: int | None = None
    min_weight_g: int | None = None
    max_length_mm: int | None = None
    max_width_mm: int | None = None
    max_height_mm: int | None = None
    max_price: Decimal | None = None
    min_price: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Carriage:
    """An Ozon carriage (``/v1/carriage/get``): the hand-over of one delivery method on one day."""

    carriage_id: int
    status: str
    delivery_method_id: DeliveryMethodId | None
    warehouse_id: WarehouseId | None
    departure_date: date | None
    available_actions: tuple[str, ...] = ()
    containers_count: int | None = None
    is_partial: bool = False
    has_postings_for_next_carriage: bool = False
    cancel_available: bool = False


class CarriageRefused(BadRequest):
    """Ozon refused a carriage call; ``code`` is Ozon's own (``no_postings``,
    ``new_postings_are_possible``, ``posting_statuses_not_ready``,
    ``Incorrect_carriage_status``…)."""


@dataclass(frozen=True, slots=True)
class ItemResult:
    """Ozon's answer for one posting of a batch call: done, or its error code."""

    posting_number: PostingNumber
    ok: bool
    error: str = ""


class RfbsMove(StrEnum):
    """The status moves a seller makes for an rFBS posting its own carrier delivers
    (``/v2/fbs/posting/<move>``), in the only order Ozon allows them."""

    DELIVERING = "delivering"
    LAST_MILE = "last-mile"
    DELIVERED = "delivered"
