"""Ozon's wire postings, warehouses, delivery methods and cancel reasons become domain values."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from ozon_wire_builder import make_wire_posting, make_wire_rfbs_posting

from posylka.adapters.ozon import schemas
from posylka.adapters.ozon.mapping import (
    MappingError,
    map_cancel_reason,
    map_delivery_method,
    map_posting,
    map_warehouse,
    read_money,
    to_utc,
)
from posylka.domain.cancellation import CancelInitiator
from posylka.domain.ids import StoreId
from posylka.domain.postings import IntegrationType, Money, PostingStatus, Scheme

STORE = StoreId(3)


def read(**overrides: object) -> schemas.Posting:
    return schemas.Posting.model_validate(make_wire_posting(**overrides))


def test_fbs_posting_keeps_ozons_facts_in_posylkas_words() -> None:
    posting = map_posting(STORE, read())

    assert posting.store_id == STORE
    assert posting.posting_number == "0208245774-0029-1"
    assert (posting.order_id, posting.order_number) == (680420041, "0208245774-0029")
    assert posting.status is PostingStatus.AWAITING_PACKAGING
    assert (posting.status_raw, posting.substatus) == ("awaiting_packaging", "posting_created")
    assert posting.integration_type is IntegrationType.OZON
    assert posting.scheme is Scheme.FBS
    assert posting.delivery_method_id == 1020000089903000
    assert posting.delivery_method_name == "Ozon Логистика курьеру, Москва"
    assert (posting.warehouse_id, posting.warehouse_name) == (
        1020000089903000,
        "Склад на Складской",
    )
    assert posting.in_process_at == datetime(2026, 3, 7, 8, 15, tzinfo=UTC)
    assert posting.ship_by == datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    assert posting.available_actions == ("ship", "cancel")
    assert posting.buyer is None


def test_item_prices_are_exact_decimals() -> None:
    posting = map_posting(STORE, read())

    (item,) = posting.items
    assert (item.sku, item.offer_id, item.quantity) == (1234567, "MUG-350-WHITE", 2)
    assert item.price == Money(Decimal("590.50"), "RUB")
    assert posting.total == Money(Decimal("1181.00"), "RUB")


def test_fbs_posting_has_no_buyer_even_when_ozon_sends_customer_fields() -> None:
    wire = make_wire_rfbs_posting(tpl_integration_type="ozon")

    posting = map_posting(STORE, schemas.Posting.model_validate(wire))

    assert posting.scheme is Scheme.FBS
    assert posting.buyer is None


def test_rfbs_posting_carries_the_buyer_and_address() -> None:
    posting = map_posting(STORE, schemas.Posting.model_validate(make_wire_rfbs_posting()))

    assert posting.scheme is Scheme.RFBS
    assert posting.integration_type is IntegrationType.NON_INTEGRATED
    buyer = posting.buyer
    assert buyer is not None
    assert (buyer.name, buyer.phone, buyer.email) == (
        "Анна Петрова",
        "+79123456789",
        "anna@example.org",
    )
    assert buyer.addressee == "Анна Петрова"
    assert not buyer.is_legal
    assert buyer.address is not None
    assert buyer.address.one_line() == (
        "420111, Россия, Республика Татарстан, Казань, ул. Ленина, д. 5, кв. 12"
    )
    assert buyer.address.comment == "домофон 12"
    assert (buyer.address.latitude, buyer.address.longitude) == (55.79, 49.12)


def test_rfbs_legal_entity_buyer_carries_company_and_inn() -> None:
    wire = make_wire_rfbs_posting(
        analytics_data={"is_legal": True},
        legal_info={"company_name": "ООО «Ромашка»", "inn": "7707083893", "kpp": "773601001"},
    )

    buyer = map_posting(STORE, schemas.Posting.model_validate(wire)).buyer

    assert buyer is not None
    assert buyer.is_legal
    assert (buyer.company_name, buyer.inn) == ("ООО «Ромашка»", "7707083893")


def test_rfbs_posting_without_any_buyer_data_has_no_buyer() -> None:
    wire = make_wire_posting(tpl_integration_type="3pl_tracking", analytics_data=None)

    posting = map_posting(STORE, schemas.Posting.model_validate(wire))

    assert posting.scheme is Scheme.RFBS
    assert posting.buyer is None


def test_unknown_status_is_kept_raw_rather_than_refused() -> None:
    posting = map_posting(STORE, read(status="awaiting_teleportation"))

    assert posting.status is PostingStatus.UNKNOWN
    assert posting.status_raw == "awaiting_teleportation"


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("awaiting_packaging", datetime(2026, 3, 7, 8, 15, tzinfo=UTC)),
        ("delivering", datetime(2026, 3, 9, 12, 30, tzinfo=UTC)),
        ("awaiting_deliver", None),
        ("cancelled", None),
    ],
)
def test_status_time_is_the_best_time_ozon_gives_for_that_status(
    status: str, expected: datetime | None
) -> None:
    posting = map_posting(STORE, read(status=status, delivering_date="2026-03-09T12:30:00Z"))

    assert posting.status_changed_at == expected


def test_requirements_keep_only_kinds_with_pending_products() -> None:
    posting = map_posting(
        STORE,
        read(
            requirements={
                "products_requiring_gtd": [1234567],
                "products_requiring_mandatory_mark": ["1234567", "7654321"],
                "products_requiring_country": [],
                "products_requiring_rnpt": None,
            }
        ),
    )

    assert posting.requirements == {
        "gtd": ("1234567",),
        "mandatory_mark": ("1234567", "7654321"),
    }


def test_warehouse_falls_back_to_analytics_when_the_delivery_method_lacks_it() -> None:
    method = {"id": 77, "name": "Курьер", "warehouse_id": None, "warehouse": None}
    analytics = {"warehouse_id": 555, "warehouse": "Склад в Казани"}

    posting = map_posting(STORE, read(delivery_method=method, analytics_data=analytics))

    assert (posting.warehouse_id, posting.warehouse_name) == (555, "Склад в Казани")


def test_posting_without_delivery_method_or_analytics_has_no_warehouse() -> None:
    posting = map_posting(STORE, read(delivery_method=None, analytics_data=None))

    assert (posting.delivery_method_id, posting.warehouse_id, posting.warehouse_name) == (
        None,
        None,
        "",
    )


def test_cancellation_reason_is_kept() -> None:
    posting = map_posting(
        STORE,
        read(
            status="cancelled",
            cancellation={"cancel_reason": "Покупатель отменил заказ", "cancel_reason_id": 401},
        ),
    )

    assert posting.cancel_reason == "Покупатель отменил заказ"


def test_ids_sent_as_strings_read_as_numbers() -> None:
    posting = map_posting(
        STORE,
        read(
            order_id="680420041",
            products=[{"sku": "1234567", "quantity": 1, "price": {"amount": "10"}}],
        ),
    )

    assert posting.order_id == 680420041
    assert posting.items[0].sku == 1234567


def test_single_posting_detail_reads_its_string_price_and_currency() -> None:
    detail = schemas.PostingDetail.model_validate(
        make_wire_posting(
            products=[
                {
                    "sku": 1234567,
                    "offer_id": "MUG",
                    "name": "Кружка",
                    "quantity": 1,
                    "price": "590.000000",
                    "currency_code": "rub",
                }
            ]
        )
    )

    posting = map_posting(STORE, detail)

    assert posting.items[0].price == Money(Decimal("590.000000"), "RUB")
    assert posting.items[0].price.amount == Decimal("590")


def test_zoneless_times_are_read_as_utc_and_zoned_ones_converted() -> None:
    assert to_utc(datetime(2026, 3, 8, 9, 0)) == datetime(2026, 3, 8, 9, 0, tzinfo=UTC)  # noqa: DTZ001
    moscow = datetime.fromisoformat("2026-03-08T12:00:00+03:00")
    assert to_utc(moscow) == datetime(2026, 3, 8, 9, 0, tzinfo=UTC)
    assert to_utc(moscow).tzinfo is UTC  # type: ignore[union-attr]


@pytest.mark.parametrize("amount", ["abc", "NaN", "Infinity", "1,5"])
def test_unreadable_price_is_a_mapping_error(amount: str) -> None:
    with pytest.raises(MappingError, match="is not a number"):
        read_money(amount, "RUB")


def test_missing_price_is_zero_roubles() -> None:
    assert read_money(None, None) == Money(Decimal(0), "RUB")


def test_repeated_prices_read_alike_and_a_bad_one_fails_every_time() -> None:
    assert (
        read_money(" 590.50 ", "rub")
        == read_money(" 590.50 ", "rub")
        == Money(Decimal("590.50"), "RUB")
    )
    for _ in range(2):
        with pytest.raises(MappingError, match="price 'abc' is not a number"):
            read_money("abc", "RUB")


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("ozon", IntegrationType.OZON),
        ("3pl_tracking", IntegrationType.TPL_TRACKING),
        ("hybrid", IntegrationType.HYBRID),
        ("hybryd", IntegrationType.HYBRID),
        ("teleport", IntegrationType.UNKNOWN),
        ("", IntegrationType.UNKNOWN),
        (None, IntegrationType.UNKNOWN),
    ],
)
def test_integration_type_is_read_as_the_domain_reads_it(
    wire: str | None, expected: IntegrationType
) -> None:
    posting = map_posting(STORE, read(tpl_integration_type=wire))

    assert posting.integration_type is expected


def test_warehouse_maps_its_flags() -> None:
    wire = schemas.Warehouse.model_validate(
        {"warehouse_id": "22", "name": "Склад", "status": "created", "is_rfbs": True}
    )

    warehouse = map_warehouse(STORE, wire)

    assert (warehouse.warehouse_id, warehouse.name, warehouse.status) == (22, "Склад", "created")
    assert (warehouse.is_rfbs, warehouse.is_express, warehouse.is_kgt) == (True, False, False)


def test_delivery_method_maps_its_integration_type() -> None:
    wire = schemas.DeliveryMethod.model_validate(
        {
            "id": 9,
            "name": "СДЭК до двери",
            "warehouse_id": 22,
            "provider_id": 4,
            "status": "ACTIVE",
            "cutoff": "13:00",
            "tpl_integration_type": "3pl_tracking",
        }
    )

    method = map_delivery_method(STORE, wire)

    assert method.integration_type is IntegrationType.TPL_TRACKING
    assert (method.delivery_method_id, method.warehouse_id, method.provider_id) == (9, 22, 4)
    assert (method.status, method.cutoff) == ("ACTIVE", "13:00")


def test_cancel_reason_maps_its_initiator() -> None:
    wire = schemas.CancelReason.model_validate(
        {"id": 352, "title": "Товар закончился", "type_id": "seller"}
    )

    reason = map_cancel_reason(wire)

    assert (reason.id, reason.title) == (352, "Товар закончился")
    assert reason.initiator is CancelInitiator.SELLER
    assert reason.available
    assert not reason.needs_message
