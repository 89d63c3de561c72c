"""The catalogue pages over a real database: list with search and paging, import with its
report, export, a product's form, and who may change what."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from conftest import log_in
from fastapi.testclient import TestClient
from openpyxl import load_workbook
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
            added.id, [Warehouse(added.id, WarehouseId(11), "Склад Москва")], now=T0
        )
        tx.catalogue.upsert_many(
            [
                ProductDraft(
                    store_id=added.id,
                    offer_id=OfferId(f"TEA-{n:03d}"),
                    name=f"Чай зелёный {n}",
                    sku=Sku(5000 + n),
                    bins={WarehouseId(11): f"A-{n}"},
                )
                for n in range(1, 61)
            ],
            now=T0,
        )
        tx.commit()
    return added


def upload(client: TestClient, token: str, store: Store, name: str, body: bytes) -> str:
    reply = client.post(
        "/catalogue/import",
        data={"csrf_token": token, "store": str(store.id)},
        files={"file": (name, body, "text/csv")},
    )
    assert reply.status_code in (200, 422), reply.text
    return reply.text


def test_the_list_pages_and_searches(client: TestClient, store: Store) -> None:
    log_in(client, "li.wei")
    first = client.get("/catalogue").text
    second = client.get(f"/catalogue?store={store.id}&page=2").text
    found = client.get(f"/catalogue?store={store.id}&q=5042").text

    assert first.count('data-testid="catalogue-row"') == 50
    assert "TEA-001" in first
    assert second.count('data-testid="catalogue-row"') == 10
    assert "TEA-060" in second
    assert found.count('data-testid="catalogue-row"') == 1
    assert "TEA-042" in found
    assert 'data-testid="import-form"' not in first  # packers look, they do not import


def test_an_import_reports_bad_rows_in_the_readers_language_and_imports_the_rest(
    client: TestClient, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    token = log_in(client, "olga")
    body = (
        "offer_id,weight_g,bin:11,bin:99\nNEW-1,120,B-1,\nNEW-2,много,,\nNEW-3,5,,Z-1\n"
    ).encode()

    page = upload(client, token, store, "new.csv", body)

    assert page.count('data-testid="import-problem"') == 2
    assert "Строка 3, столбец weight_g" in page
    assert "Строка 4, столбец bin:99" in page
    with uow() as tx:
        added = tx.catalogue.by_offer_ids(store.id, [OfferId("NEW-1"), OfferId("NEW-2")])
    assert list(added) == ["NEW-1"]
    assert added[OfferId("NEW-1")].bins == {WarehouseId(11): "B-1"}


def test_a_file_with_a_wrong_header_is_refused_whole(
    client: TestClient, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    token = log_in(client, "admin")
    page = upload(client, token, store, "x.csv", b"colour,name\nred,x\n")

    assert 'data-testid="import-rejected"' in page
    assert "Row 1, column colour" in page
    assert "Row 1, column offer_id" in page
    with uow() as tx:
        assert tx.catalogue.count(store.id) == 60


def test_packers_may_not_import_or_edit(client: TestClient, store: Store) -> None:
    token = log_in(client, "li.wei")
    imported = client.post(
        "/catalogue/import",
        data={"csrf_token": token, "store": str(store.id)},
        files={"file": ("x.csv", b"offer_id\nX\n", "text/csv")},
    )
    edited = client.post("/catalogue/1", data={"csrf_token": token, "offer_id": "X"})
    assert imported.status_code == 403
    assert edited.status_code == 403


def test_export_gives_a_workbook_of_the_store(client: TestClient, store: Store) -> None:
    log_in(client, "li.wei")
    reply = client.get(f"/catalogue/export.xlsx?store={store.id}")

    assert reply.status_code == 200
    assert "attachment" in reply.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(reply.content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][-1] == "bin:11"
    assert len(rows) == 61


def test_editing_a_product_saves_flags_barcodes_and_bins(
    client: TestClient, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    token = log_in(client, "olga")
    with uow() as tx:
        product = tx.catalogue.by_offer_ids(store.id, [OfferId("TEA-001")])[OfferId("TEA-001")]
    form = client.get(f"/catalogue/{product.id}")
    assert 'value="A-1"' in form.text

    reply = client.post(
        f"/catalogue/{product.id}",
        data={
            "csrf_token": token,
            "offer_id": "TEA-001",
            "name": "Чай зелёный, 100 г",
            "sku": "5001",
            "barcodes": "4601234567893\nOZN5001",
            "unit_cost": "99.5",
            "fragile": "yes",
            "bin:11": "C-7",
        },
    )

    assert reply.status_code == 303
    with uow() as tx:
        saved = tx.catalogue.get(product.id)
    assert saved is not None
    assert saved.name == "Чай зелёный, 100 г"
    assert [b.value for b in saved.barcodes] == ["4601234567893", "OZN5001"]
    assert saved.unit_cost == Decimal("99.50")
    assert saved.flags.fragile
    assert not saved.flags.glass
    assert saved.bins == {WarehouseId(11): "C-7"}


def test_a_bad_edit_marks_the_field_and_saves_nothing(
    client: TestClient, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    token = log_in(client, "admin")
    with uow() as tx:
        product = tx.catalogue.by_offer_ids(store.id, [OfferId("TEA-002")])[OfferId("TEA-002")]

    negative = client.post(
        f"/catalogue/{product.id}",
        data={"csrf_token": token, "offer_id": "TEA-002", "weight_g": "-4", "sku": "5002"},
    )
    taken = client.post(
        f"/catalogue/{product.id}",
        data={"csrf_token": token, "offer_id": "TEA-002", "sku": "5001"},
    )

    assert negative.status_code == 422
    assert 'data-testid="error-weight_g"' in negative.text
    assert taken.status_code == 422
    assert "This SKU belongs to product TEA-001." in taken.text
    with uow() as tx:
        assert tx.catalogue.get(product.id) == product
