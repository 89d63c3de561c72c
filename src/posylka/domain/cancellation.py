"""Why a posting may be cancelled: Ozon's catalogue of cancellation reasons, in posylka's words.

Ozon keeps one list of reasons per seller account (``/v2/posting/fbs/cancel-reason/list``); each
reason belongs either to the buyer or to the seller, and only some may be chosen when the seller
cancels. The seller-side ids that matter most (Seller API, "Cancellation reasons"): 352 out of
stock, 400 only defective stock left, 402 other (a message is then required), and 665–667 for
parcels that never reached the buyer, allowed only while the posting is being delivered.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from posylka.domain.ids import Sku


class CancelInitiator(StrEnum):
    """Whose side a cancellation reason belongs to (Ozon's ``type_id``)."""

    BUYER = "buyer"
    SELLER = "seller"
    UNKNOWN = "unknown"

    @classmethod
    def parse(cls, raw: str | None) -> CancelInitiator:
        """Read Ozon's spelling; anything else becomes ``UNKNOWN`` rather than an error."""
        try:
            return cls((raw or "").lower())
        except ValueError:
            return cls.UNKNOWN


OTHER_REASON_ID = 402
"""The seller's "other" reason: Ozon then requires a free-text message with the cancellation."""


@dataclass(frozen=True, slots=True)
class CancelReason:
    """One reason a posting may be cancelled for, as the seller's account offers it."""

    id: int
    title: str
    initiator: CancelInitiator
    available: bool
    """Whether the seller may pick this reason when cancelling."""

    @property
    def needs_message(self) -> bool:
        return self.id == OTHER_REASON_ID


OUT_OF_STOCK_REASON_ID = 352
"""The seller's "out of stock" reason: the default for cancelling a short posting or its items."""


@dataclass(frozen=True, slots=True)
class CancelItem:
    """Units of one product to take out of a posting (Ozon's ``items[]`` of a product cancel)."""

    sku: Sku
    quantity: int

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError(f"SKU {self.sku}: a quantity to cancel must be positive")
