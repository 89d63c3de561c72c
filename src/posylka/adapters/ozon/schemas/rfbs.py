"""Wire models of rFBS delivery by the seller's own or a non-integrated carrier, in Ozon's names:
``/v2/fbs/posting/tracking-number/set`` and the status moves ``/v2/fbs/posting/delivering``,
``/v2/fbs/posting/last-mile`` and ``/v2/fbs/posting/delivered``.

All four answer ``{result: [{posting_number, result, error}]}``, one item per posting (Seller API,
``postingFbsPostingMoveStatusResponse``). Ozon's 2026 document types ``error`` as a string, its
2025 examples send a list (``"error": []``): both are read.
"""

from __future__ import annotations

from pydantic import field_validator

from posylka.adapters.ozon.schemas.base import RequestModel, WireModel


class TrackingNumber(RequestModel):
    posting_number: str | None = None
    tracking_number: str | None = None


class TrackingNumberSetRequest(RequestModel):
    """At most 20 pairs a call (Seller API, PostingAPI_FbsPostingTrackingNumberSet)."""

    tracking_numbers: list[TrackingNumber] | None = None


class MoveStatusRequest(RequestModel):
    """The postings to move; Ozon names the list ``posting_number``."""

    posting_number: list[str] | None = None


class MoveStatusItem(WireModel):
    posting_number: str | None = None
    result: bool | None = None
    error: str | None = None

    @field_validator("error", mode="before")
    @classmethod
    def _joined(cls, value: object) -> object:
        """A list of errors (Ozon's 2025 examples) read as one text; empty means none."""
        if isinstance(value, list):
            return "; ".join(str(item) for item in value if item)
        return value


class MoveStatusResponse(WireModel):
    result: list[MoveStatusItem] | None = None
