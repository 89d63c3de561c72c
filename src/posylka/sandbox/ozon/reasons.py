"""Cancellation reasons, as ``/v2/posting/fbs/cancel-reason/list`` lists them.

Seller reasons and their ids are Ozon's (Seller API, ``/v2/posting/fbs/cancel``): 352 out of stock,
400 only defective stock left, 401 seller rejected arbitration, 402 other (seller's fault, needs a
message), 665 buyer did not collect, 666 no delivery to the region, 667 lost by the carrier; 665–667
only while the posting is being delivered. Ozon's documents do not list the buyers' reasons; the
ones below use the sandbox's own ids.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CancelReason:
    id: int
    title: str
    type_id: str
    """Who cancels for this reason: ``seller`` or ``buyer``."""
    is_available_for_cancellation: bool


CANCEL_REASONS: tuple[CancelReason, ...] = (
    CancelReason(352, "Товар закончился на складе продавца", "seller", True),
    CancelReason(400, "Остался только бракованный товар", "seller", True),
    CancelReason(401, "Продавец отклонил арбитраж", "seller", False),
    CancelReason(402, "Другое (вина продавца)", "seller", True),
    CancelReason(665, "Покупатель не забрал заказ", "seller", True),
    CancelReason(
        666, "Возврат из службы доставки: нет доставки в указанный регион", "seller", False
    ),
    CancelReason(667, "Заказ утерян службой доставки", "seller", True),
    CancelReason(501, "Покупатель передумал", "buyer", False),
    CancelReason(502, "Покупатель нашёл товар дешевле", "buyer", False),
    CancelReason(503, "Покупатель хочет изменить адрес или способ доставки", "buyer", False),
    CancelReason(504, "Покупатель не оплатил заказ", "buyer", False),
    CancelReason(505, "Покупателя не устроил срок доставки", "buyer", False),
)

REASONS_BY_ID = {reason.id: reason for reason in CANCEL_REASONS}

BUYER_REASON_IDS = tuple(r.id for r in CANCEL_REASONS if r.type_id == "buyer")
SELLER_BEFORE_SHIPPING_IDS = (352, 400, 402)
WHILE_DELIVERING_IDS = (665, 665, 665, 666, 667)
