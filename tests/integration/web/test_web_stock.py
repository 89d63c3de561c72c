"""The stock page over a real database: receiving, counting, the import report, the history
with who and why, the low-stock list and badge, and who may do what."""

from __future__ import annotations

import pytest
from conftest import log_in
from fastapi.testclient import TestClient
from web_samples import T0, add_store

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.catalogue import ProductDraft
from posylka.domain.ids import OfferId, Sku, WarehouseId
from posylka.domain.stores import Store, Warehouse


@pytest.fixture
def store(uow: SqlUnitOfWorkFactory, users: None) -> Store:
    added = add_store(uow)
    with uow() as tx:
        tx.stores.replace_warehouses(
            added.id,
            [
                Warehouse(added.id, WarehouseId(11), "Склад Москва"),
                Warehouse(added.id, WarehouseId(12), "Склад Казань"),
            ],
            now=T0,
        )
        tx.catalogue.upsert_many(
            [
                ProductDraft(
                    store_id=added.id,
                    offer_id=OfferId(f"TEA-{n:03d}"),
                    name=f"Чай зелёный {n}",
                    sku=Sku(5000 + n),
                    low_stock_threshold=3,
                )
                for n in range(1, 4)
            ],
            now=T0,
        )
        tx.commit()
    return added


def record(client: TestClient, token: str, store: Store, **fields: str) -> tuple[int, str]:
    data = {"csrf_token": token, "store": str(store.id), "warehouse": "11", **fields}
    reply = client.post("/stock/record", data=data)
    return reply.status_code, reply.text


def test_receiving_shows_the_level_and_the_history_names_who(
    client: TestClient, store: Store
) -> None:
    token = log_in(client, "li.wei")

    status, page = record(
        client, token, store, product="TEA-001", quantity="12", kind="receipt", reason="накладная 7"
    )

    assert status == 200
    assert 'data-testid="notice"' in page
    assert 'data-offer="TEA-001"' in page
    assert '<td class="num" data-testid="stock-on-hand">12</td>' in page
    history = client.get("/stock/1").text
    assert "li.wei" in history
    assert "накладная 7" in history
    assert "+12" in history


def test_a_count_records_the_difference(client: TestClient, store: Store) -> None:
    token = log_in(client, "olga")
    record(client, token, store, product="5002", quantity="10", kind="receipt")

    status, _ = record(client, token, store, product="TEA-002", quantity="7", kind="count")

    assert status == 200
    history = client.get("/stock/2").text
    assert 'data-kind="adjustment"' in history
    assert "-3" in history
    assert "10 → 7" in history


def test_a_packer_may_not_count_or_adjust(client: TestClient, store: Store) -> None:
    token = log_in(client, "li.wei")

    status, _ = record(client, token, store, product="TEA-001", quantity="5", kind="count")

    assert status == 403


def test_a_wrong_entry_is_explained_next_to_its_field(client: TestClient, store: Store) -> None:
    token = log_in(client, "admin")

    status, page = record(client, token, store, product="NOPE", quantity="2", kind="receipt")
    status_qty, page_qty = record(client, token, store, product="TEA-001", quantity="два")
    status_reason, page_reason = record(
        client, token, store, product="TEA-001", quantity="-2", kind="adjustment"
    )

    assert status == status_qty == status_reason == 422
    assert "is not an article code, SKU or barcode of this store" in page
    assert "Enter a whole number." in page_qty
    assert "an adjustment needs a reason" in page_reason


def test_an_import_with_bad_rows_changes_nothing_and_lists_them(
    client: TestClient, store: Store
) -> None:
    token = log_in(client, "admin")
    body = "product,warehouse_id,quantity\nTEA-001,11,5\nTEA-002,99,1\nTEA-003,11,x\n"

    reply = client.post(
        "/stock/import",
        data={"csrf_token": token, "store": str(store.id), "kind": "receipt"},
        files={"file": ("stock.csv", body.encode(), "text/csv")},
    )

    assert reply.status_code == 422
    assert reply.text.count('data-testid="stock-import-problem"') == 2
    assert "Row 3, column warehouse_id" in reply.text
    assert "Row 4, column quantity" in reply.text
    assert 'data-testid="stock-row"' not in client.get("/stock").text


def test_low_levels_are_listed_and_counted_in_the_badge(client: TestClient, store: Store) -> None:
    token = log_in(client, "admin")
    record(client, token, store, product="TEA-001", quantity="2", kind="receipt")
    record(client, token, store, product="TEA-002", quantity="20", kind="receipt")

    page = client.get("/stock").text
    badge = client.get("/stock/low-badge").text

    assert page.count('data-testid="stock-low-row"') == 1
    assert 'data-testid="nav-stock-low"' in badge
    assert "1 low" in badge


def test_the_badge_is_empty_when_nothing_is_low(client: TestClient, store: Store) -> None:
    log_in(client, "admin")

    assert client.get("/stock/low-badge").text == ""


def test_the_page_speaks_russian(client: TestClient, store: Store) -> None:
    log_in(client, "olga")

    page = client.get("/stock").text

    assert "<h1>Остатки</h1>" in page
    assert "Приёмка и пересчёт" in page
