"""Builders for the database tests: postings with sensible defaults, overridable per test."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
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
from posylka.domain.stores import StoreCredentials

T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def make_item(n: int = 0, **overrides: Any) -> PostingItem:
    item = PostingItem(
        sku=Sku(1_000_000 + n),
        offer_id=OfferId(f"ART-{n:04d}"),
        name=f"Кружка керамическая {n}",
        quantity=1 + n % 3,
        price=Money(Decimal("499.90") + n),
    )
    return replace(item, **overrides)


def make_posting(n: int = 1, **overrides: Any) -> Posting:
    """Posting number ``n`` of store 1, awaiting packaging, two items, due a day after ``T0``."""
    order = f"0208245774-{n:04d}"
    posting = Posting(
        store_id=StoreId(1),
        posting_number=PostingNumber(f"{order}-1"),
        order_id=500_000 + n,
        order_number=OrderNumber(order),
        status=PostingStatus.AWAITING_PACKAGING,
        substatus="posting_created",
        status_raw="awaiting_packaging",
        integration_type=IntegrationType.OZON,
        delivery_method_id=DeliveryMethodId(21),
        delivery_method_name="Ozon Логистика курьеру, Москва",
        warehouse_id=WarehouseId(11),
        warehouse_name="Склад Москва",
        in_process_at=T0,
        ship_by=T0 + timedelta(days=1, minutes=n),
        delivering_date=None,
        status_changed_at=T0,
        items=(make_item(0), make_item(1)),
    )
    return replace(posting, **overrides)


def make_rfbs_posting(n: int = 1, **overrides: Any) -> Posting:
    """An rFBS posting with a buyer, an address, requirements and actions."""
    buyer = Buyer(
        name="Иван Петров",
        phone="+79123456789",
        email="ivan@example.com",
        addressee="Пётр Иванов",
        address=Address(
            city="Казань",
            region="Татарстан",
            zip_code="420000",
            country="Россия",
            address_tail="ул. Баумана, 1",
            pvz_code="KZN-12",
            latitude=55.79,
            longitude=49.12,
        ),
        is_legal=True,
        company_name="ООО Ромашка",
        inn="7701234567",
    )
    posting = make_posting(
        n,
        integration_type=IntegrationType.NON_INTEGRATED,
        buyer=buyer,
        tracking_number="RA123456789RU",
        requirements={"products_requiring_gtd": ("1000000",)},
        available_actions=("ship", "cancel"),
        is_express=True,
    )
    return replace(posting, **overrides)


def add_store(
    factory: SqlUnitOfWorkFactory, name: str = "Магазин 1", api_key: str = "k"
) -> StoreId:
    with factory() as uow:
        store = uow.stores.add(
            name, StoreCredentials("123456", api_key, "https://api-seller.ozon.ru"), now=T0
        )
        uow.commit()
    return store.id
