"""Cancelling by the seller: the reasons Ozon accepts (``/v2/posting/fbs/cancel-reason/list``),
and cancelling a whole posting (``/v2/posting/fbs/cancel``) or some of its units
(``/v2/posting/fbs/product/cancel``).
"""

from __future__ import annotations

from pydantic import Field

from posylka.adapters.ozon.schemas.base import Int64, RequestModel, WireModel

# ---------------------------------------------------------------------------------------------
# Cancel reasons


class CancelReasonListRequest(RequestModel):
    """``/v2/posting/fbs/cancel-reason/list`` takes an empty body."""


class CancelReason(WireModel):
    id: Int64
    title: str = ""
    type_id: str = ""
    is_available_for_cancellation: bool = True


class CancelReasonListResponse(WireModel):
    result: list[CancelReason] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Cancelling postings and items (``/v2/posting/fbs/cancel``, ``/v2/posting/fbs/product/cancel``)


class PostingCancelRequest(RequestModel):
    """Cancel a whole posting; ``cancel_reason_message`` is required for reason 402 ("other")."""

    posting_number: str | None = None
    cancel_reason_id: Int64 | None = None
    cancel_reason_message: str | None = None


class PostingCancelResponse(WireModel):
    result: bool | None = None


class ProductCancelItem(RequestModel):
    sku: Int64
    quantity: int


class ProductCancelRequest(RequestModel):
    """Cancel some units of a posting; Ozon requires every field, the message included."""

    posting_number: str | None = None
    cancel_reason_id: Int64 | None = None
    cancel_reason_message: str | None = None
    items: list[ProductCancelItem] | None = None


class ProductCancelResponse(WireModel):
    result: str | None = None
    """The posting's number."""
