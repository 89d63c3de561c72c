"""The catalogue repository on SQLite and PostgreSQL: products by offer_id, SKU and barcode, bins
per warehouse, search and paging, and writes that replace barcodes and bins."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.catalogue import (
    Barcode,
    BarcodeKind,
    BatteryType,
    CatalogueQuery,
    Dimensions,
    PackagingFlags,
    ProductDraft,
)
from posylka.domain.ids import OfferId, Sku, StoreId, WarehouseId
from posylka.domain.stores import StoreCredentials

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def make_draft(store_id: StoreId, n: int, **overrides: Any) -> ProductDraft:
    draft = ProductDraft(
        store_id=store_id,
        offer_id=OfferId(f"MUG-{n:04d}"),
        name=f"Кружка керамическая {n}",
        sku=Sku(1_000_000 + n),
        ozon_product_id=700_000 + n,
        dimensions=Dimensions(120, 90, 100, 350),
        unit_cost=Decimal("149.50"),
        flags=PackagingFlags(fragile=True, glass=False, keep_upright=True),
        barcodes=(Barcode("4601234567893", BarcodeKind.EAN13),) if n == 1 else (),
        bins={WarehouseId(11): f"A-{n:02d}-1"},
        low_stock_threshold=5,
        safety_buffer=1,
    )
    return replace(draft, **overrides)


@pytest.fixture
def store_id(uow_factory: SqlUnitOfWorkFactory) -> StoreId:
    with uow_factory() as uow:
        store = uow.stores.add("Магазин", StoreCredentials("1", "key", "http://x"), now=T0)
        uow.commit()
    return store.id


def test_written_products_read_back_whole(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    liquid = make_draft(
        store_id,
        2,
        flags=PackagingFlags(
            liquid=True,
            liquid_ml=300,
            battery=BatteryType.LI_ION,
            battery_wh=Decimal("18.50"),
            aerosol=True,
            flammable=True,
            needs_mark=True,
        ),
        unit_cost=None,
        low_stock_threshold=None,
    )
    with uow_factory() as uow:
        changes = uow.catalogue.upsert_many([make_draft(store_id, 1), liquid], now=T0)
        uow.commit()

    with uow_factory() as uow:
        found = uow.catalogue.by_offer_ids(store_id, [OfferId("MUG-0001"), OfferId("MUG-0002")])

    assert (changes.created, changes.updated) == (2, 0)
    assert found[OfferId("MUG-0001")].draft() == make_draft(store_id, 1)
    assert found[OfferId("MUG-0002")].draft() == liquid
    assert found[OfferId("MUG-0001")].updated_at == T0


def test_products_are_found_by_sku_barcode_and_id(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    with uow_factory() as uow:
        uow.catalogue.upsert_many([make_draft(store_id, n) for n in range(1, 4)], now=T0)
        uow.commit()

    with uow_factory() as uow:
        by_sku = uow.catalogue.by_skus(store_id, [Sku(1_000_002), Sku(42)])
        scanned = uow.catalogue.by_barcode(store_id, "4601234567893")
        assert scanned is not None
        again = uow.catalogue.get(scanned.id)

    assert list(by_sku) == [Sku(1_000_002)]
    assert by_sku[Sku(1_000_002)].offer_id == "MUG-0002"
    assert scanned.offer_id == "MUG-0001"
    assert again == scanned


def test_bins_are_per_warehouse(uow_factory: SqlUnitOfWorkFactory, store_id: StoreId) -> None:
    with uow_factory() as uow:
        uow.catalogue.upsert_many(
            [
                make_draft(store_id, 1, bins={WarehouseId(11): "A-1", WarehouseId(12): "B-7"}),
                make_draft(store_id, 2, bins={}),
            ],
            now=T0,
        )
        uow.commit()
    with uow_factory() as uow:
        ids = {p.offer_id: p.id for p in uow.catalogue.iterate(store_id)}
        in_11 = uow.catalogue.bins(store_id, WarehouseId(11), ids.values())
        in_12 = uow.catalogue.bins(store_id, WarehouseId(12), ids.values())

    assert in_11 == {ids[OfferId("MUG-0001")]: "A-1"}
    assert in_12 == {ids[OfferId("MUG-0001")]: "B-7"}


def test_a_second_write_updates_changed_products_only_and_replaces_children(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    with uow_factory() as uow:
        uow.catalogue.upsert_many([make_draft(store_id, 1), make_draft(store_id, 2)], now=T0)
        uow.commit()
    edited = make_draft(
        store_id, 1, barcodes=(Barcode("OZN123", BarcodeKind.OTHER),), bins={}, name="Новая"
    )
    later = T0 + timedelta(hours=1)
    with uow_factory() as uow:
        changes = uow.catalogue.upsert_many([edited, make_draft(store_id, 2)], now=later)
        uow.commit()
    with uow_factory() as uow:
        found = uow.catalogue.by_offer_ids(store_id, [OfferId("MUG-0001"), OfferId("MUG-0002")])

    assert (changes.created, changes.updated) == (0, 1)
    assert found[OfferId("MUG-0001")].draft() == edited
    assert found[OfferId("MUG-0001")].updated_at == later
    assert found[OfferId("MUG-0002")].updated_at == T0


def test_two_products_may_swap_skus_in_one_write(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    with uow_factory() as uow:
        uow.catalogue.upsert_many([make_draft(store_id, 1), make_draft(store_id, 2)], now=T0)
        uow.commit()
    with uow_factory() as uow:
        uow.catalogue.upsert_many(
            [
                make_draft(store_id, 1, sku=Sku(1_000_002)),
                make_draft(store_id, 2, sku=Sku(1_000_001)),
            ],
            now=T0,
        )
        uow.commit()
    with uow_factory() as uow:
        by_sku = uow.catalogue.by_skus(store_id, [Sku(1_000_001), Sku(1_000_002)])

    assert by_sku[Sku(1_000_001)].offer_id == "MUG-0002"


def test_a_sku_names_one_product_of_a_store(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    with uow_factory() as uow, pytest.raises(IntegrityError):
        uow.catalogue.upsert_many(
            [make_draft(store_id, 1), make_draft(store_id, 2, sku=Sku(1_000_001))], now=T0
        )


def test_search_matches_offer_name_sku_and_barcode_with_paging(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    with uow_factory() as uow:
        uow.catalogue.upsert_many([make_draft(store_id, n) for n in range(1, 26)], now=T0)
        uow.commit()

    with uow_factory() as uow:

        def offers(text: str, offset: int = 0, limit: int = 50) -> list[str]:
            page = uow.catalogue.search(CatalogueQuery(store_id, text, offset, limit))
            return [p.offer_id for p in page.products]

        first = uow.catalogue.search(CatalogueQuery(store_id, "", 0, 10))
        assert first.total == 25
        assert first.has_next
        assert offers("", 20, 10) == [f"MUG-{n:04d}" for n in range(21, 26)]
        assert offers("mug-0012") == ["MUG-0012"]
        assert offers("КРУЖКА КЕРАМИЧЕСКАЯ 2") == [
            "MUG-0002",
            *[f"MUG-{n:04d}" for n in range(20, 26)],
        ]
        assert offers("1000007") == ["MUG-0007"]
        assert offers("46012345") == ["MUG-0001"]
        assert offers("100%") == []


def test_saving_an_edit_and_deleting(uow_factory: SqlUnitOfWorkFactory, store_id: StoreId) -> None:
    with uow_factory() as uow:
        uow.catalogue.upsert_many([make_draft(store_id, 1)], now=T0)
        uow.commit()
    with uow_factory() as uow:
        product = uow.catalogue.by_offer_ids(store_id, [OfferId("MUG-0001")])[OfferId("MUG-0001")]
        edited = replace(product.draft(), safety_buffer=4, bins={WarehouseId(12): "C-3"})
        assert uow.catalogue.save(product.id, edited, now=T0)
        uow.commit()
    with uow_factory() as uow:
        saved = uow.catalogue.get(product.id)
        assert saved is not None
        assert saved.draft() == edited
        assert uow.catalogue.delete(product.id)
        assert uow.catalogue.get(product.id) is None
        assert uow.catalogue.count(store_id) == 0
