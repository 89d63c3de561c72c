"""Builders for the web tests: staff, stores and postings written through the real repositories."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from posylka.domain.ids import (
    DeliveryMethodId,
    OfferId,
    OrderNumber,
    PostingNumber,
    Sku,
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
from posylka.domain.stores import Role, Store, StoreCredentials
from posylka.services.accounts import NewUser, create_user
from posylka.services.ports import Account, PasswordHasher, UnitOfWorkFactory

T0 = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


class FixedClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def add_user(
    uow: UnitOfWorkFactory,
    hasher: PasswordHasher,
    clock: FixedClock,
    username: str,
    role: Role,
    language: str,
    password: str,
) -> Account:
    new = NewUser(username, password, role, language)
    return create_user(new, by=None, uow=uow, hasher=hasher, clock=clock)


def add_store(uow: UnitOfWorkFactory, name: str = "Чайный дом", client_id: str = "123456") -> Store:
    with uow() as tx:
        store = tx.stores.add(
            name,
            StoreCredentials(client_id, "key-" + client_id, "https://api-seller.ozon.ru"),
            now=T0,
        )
        tx.commit()
    return store


def make_item(n: int = 0, **overrides: Any) -> PostingItem:
    item = PostingItem(
        sku=Sku(2_000_000 + n),
        offer_id=OfferId(f"TEA-{n:03d}"),
        name=f"Чай улун Те Гуань Инь {n}",
        quantity=1 + n % 2,
        price=Money(Decimal("590.00")),
    )
    return replace(item, **overrides)


RFBS_BUYER = Buyer(
    name="Иванов Иван",
    phone="+79123456789",
    addressee="Петрова Анна",
    address=Address(
        city="Казань",
        region="Республика Татарстан",
        zip_code="420111",
        country="Россия",
        address_tail="ул. Баумана, д. 12, кв. 5",
        comment="Позвонить за час",
    ),
)


def make_posting(n: int, store: Store, **overrides: Any) -> Posting:
    """Posting ``n``: FBS, awaiting packaging, due ``n`` hours after ``T0`` plus a day."""
    order = f"7700{n:04d}-{n % 10:04d}"
    posting = Posting(
        store_id=store.id,
        posting_number=PostingNumber(f"{order}-1"),
        order_id=900_000 + n,
        order_number=OrderNumber(order),
        status=PostingStatus.AWAITING_PACKAGING,
        substatus="posting_created",
        status_raw="awaiting_packaging",
        integration_type=IntegrationType.OZON,
        delivery_method_id=DeliveryMethodId(31),
        delivery_method_name="Ozon Логистика, Москва",
        warehouse_id=WarehouseId(41),
        warehouse_name="Склад Москва",
        in_process_at=T0 - timedelta(hours=3),
        ship_by=T0 + timedelta(days=1, hours=n),
        delivering_date=None,
        status_changed_at=T0 - timedelta(hours=3),
        items=(make_item(n),),
    )
    return replace(posting, **overrides)


def rfbs(posting: Posting) -> Posting:
    return replace(
        posting,
        integration_type=IntegrationType.NON_INTEGRATED,
        delivery_method_id=DeliveryMethodId(32),
        delivery_method_name="Курьер продавца, Казань",
        warehouse_id=WarehouseId(42),
        warehouse_name="Склад Казань",
        buyer=RFBS_BUYER,
    )


def put(uow: UnitOfWorkFactory, *postings: Posting, now: datetime = T0) -> None:
    with uow() as tx:
        tx.postings.upsert_many(postings, now=now)
        tx.commit()


def numbers(store: Store, *ns: int) -> list[str]:
    return [make_posting(n, store).posting_number for n in ns]
