"""The "Stock on Ozon" page: counts, pairs waiting, pairs Ozon refused with its message, drift
from the last reconcile, and "Push now" for those who may push."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from conftest import log_in
from fastapi.testclient import TestClient
from sqlalchemy import insert
from web_samples import T0, add_store

from posylka.adapters.db.tables import products
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.ids import OfferId, ProductId, StoreId, WarehouseId
from posylka.domain.stock_push import (
    PairChange,
    StockItemError,
    StockPushItem,
    StockUpdate,
    plan_push,
)
from posylka.entrypoints.web.app import create_app
from posylka.entrypoints.web.deps import WebDeps

WAREHOUSE = WarehouseId(22_142_605_386_000)


def seed(uow: SqlUnitOfWorkFactory) -> StoreId:
    """Three pairs: one pushed and drifted at Ozon, one refused, one waiting."""
    store = add_store(uow)
    ids = {}
    with uow() as tx:
        for offer in ("TEA-001", "GHOST-9", "TEA-002"):
            ids[offer] = ProductId(
                tx.connection.execute(  # type: ignore[attr-defined]
                    insert(products)
                    .values(store_id=store.id, offer_id=offer, updated_at=T0)
                    .returning(products.c.id)
                ).scalar_one()
            )
        push = tx.stock_push
        changes = [
            PairChange(
                ids[o],
                WAREHOUSE,
                OfferId(o),
                plan_push(n, now=T0, pending_since=None, next_allowed_at=None),
            )
            for o, n in (("TEA-001", 5), ("GHOST-9", 3), ("TEA-002", 9))
        ]
        push.apply_changes(store.id, changes, now=T0)
        sent = [
            StockPushItem(ids[o], OfferId(o), WAREHOUSE, n)
            for o, n in (("TEA-001", 5), ("GHOST-9", 3))
        ]
        answers = [
            StockUpdate("TEA-001", WAREHOUSE, True),
            StockUpdate(
                "GHOST-9",
                WAREHOUSE,
                False,
                (StockItemError("offer_id_not_found", "Product with offer_id GHOST-9 not found"),),
            ),
        ]
        push.record_answers(store.id, sent, answers, now=T0, pair_interval=timedelta(seconds=30))
        push.record_reconcile(store.id, [((ids["TEA-001"], WAREHOUSE), 12, 7)], now=T0)
        tx.commit()
    return store.id


def test_the_page_shows_waiting_refused_and_drifted_pairs(
    client: TestClient, uow: SqlUnitOfWorkFactory, as_admin: str
) -> None:
    seed(uow)
    page = client.get("/ozon-stock")
    assert page.status_code == 200
    html = page.text
    assert 'data-testid="stock-pending">1<' in html
    assert 'data-testid="stock-rejected">1<' in html
    assert 'data-testid="stock-drifted">1<' in html
    assert "Product with offer_id GHOST-9 not found" in html
    assert "Ozon has no product with this offer_id" in html
    assert "drift +7" in html
    assert html.count('data-testid="stock-row"') == 3


def test_the_page_speaks_russian_to_a_russian_manager(
    client: TestClient, uow: SqlUnitOfWorkFactory, users: None
) -> None:
    seed(uow)
    log_in(client, "olga")
    html = client.get("/ozon-stock").text
    assert "Остатки на Ozon" in html
    assert "Product with offer_id GHOST-9 not found" in html  # Ozon's own words stay as sent


def test_push_now_queues_a_push_of_the_store(
    deps: WebDeps, uow: SqlUnitOfWorkFactory, users: None
) -> None:
    store_id = seed(uow)
    asked: list[StoreId] = []
    with TestClient(
        create_app(replace(deps, request_stock_push=asked.append)), follow_redirects=False
    ) as client:
        token = log_in(client, "olga")
        reply = client.post("/ozon-stock/push", data={"store_id": store_id, "csrf_token": token})
        assert reply.status_code == 303
        assert client.get(reply.headers["location"]).text.count('data-testid="notice"') == 1
    assert asked == [store_id]


def test_a_packer_sees_the_page_but_cannot_push(
    client: TestClient, uow: SqlUnitOfWorkFactory, users: None
) -> None:
    store_id = seed(uow)
    token = log_in(client, "li.wei")
    assert 'data-testid="stock-push-now"' not in client.get("/ozon-stock").text
    reply = client.post("/ozon-stock/push", data={"store_id": store_id, "csrf_token": token})
    assert reply.status_code == 403


def test_without_a_queue_push_now_says_it_is_not_available_here(
    client: TestClient, uow: SqlUnitOfWorkFactory, as_admin: str
) -> None:
    store_id = seed(uow)
    reply = client.post("/ozon-stock/push", data={"store_id": store_id, "csrf_token": as_admin})
    assert reply.headers["location"].endswith("notice=unavailable")
    assert "posylka ozon-stock push" in client.get(reply.headers["location"]).text
