"""``make_posting(**overrides)``: a realistic posting with every field filled, for queue tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from posylka.domain.ids import (
    DeliveryMethodId,
    OfferId,
    OrderNumber,
    PostingNumber,
    Sku,
    StoreId,
    WarehouseId,
)
from posylka.domain.postings import (
    Address,
    Buyer,
    IntegrationType,
    Money,
    Posting,
    PostingItem,
    PostingStatus,
)

BASE = datetime(2026, 3, 8, 9, 0, tzinfo=UTC)


def make_item(**overrides: Any) -> PostingItem:
    values: dict[str, Any] = {
        "sku": Sku(1_234_567),
        "offer_id": OfferId("MUG-350-WHITE"),
        "name": "Кружка керамическая 350 мл",
        "quantity": 1,
        "price": Money(Decimal("590.00")),
    }
    values.update(overrides)
    return PostingItem(**values)


def make_buyer(**overrides: Any) -> Buyer:
    values: dict[str, Any] = {
        "name": "Иванов Иван",
        "phone": "+79123456789",
        "addressee": "Иванов Иван",
        "address": Address(
            city="Казань",
            region="Республика Татарстан",
            zip_code="420111",
            country="Россия",
            address_tail="ул. Баумана, д. 12, кв. 5",
            comment="Позвонить за час",
        ),
    }
    values.update(overrides)
    return Buyer(**values)


def make_posting(number: str = "0208245774-0029-1", **overrides: Any) -> Posting:
    order = number.rsplit("-", 1)[0]
    values: dict[str, Any] = {
        "store_id": StoreId(1),
        "posting_number": PostingNumber(number),
        "order_id": 208245774,
        "order_number": OrderNumber(order),
        "status": PostingStatus.AWAITING_PACKAGING,
        "substatus": "posting_created",
        "status_raw": "awaiting_packaging",
        "integration_type": IntegrationType.OZON,
        "delivery_method_id": DeliveryMethodId(15_110_442),
        "delivery_method_name": "Ozon Логистика курьеру, Москва",
        "warehouse_id": WarehouseId(22_654_503),
        "warehouse_name": "Склад Москва",
        "in_process_at": BASE - timedelta(hours=5),
        "ship_by": BASE + timedelta(hours=6),
        "delivering_date": None,
        "status_changed_at": BASE - timedelta(hours=5),
        "items": (make_item(),),
    }
    values.update(overrides)
    return Posting(**values)
