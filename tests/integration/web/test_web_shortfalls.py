"""Shortfall pages: the "Short" badge in the queue, the posting's shortfall section with its three
choices, waiting for stock, and a cancellation that shows its cost before Ozon is asked."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import timedelta
from typing import Any

import pytest
from conftest import log_in
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import insert
from web_samples import T0, add_store, make_item, make_posting, put, rfbs

from posylka.adapters.db.tables import products
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.cancellation import CancelItem
from posylka.domain.errors import BadRequest
from posylka.domain.ids import PostingNumber, StoreId, WarehouseId
from posylka.domain.postings import Posting, PostingStatus
from posylka.domain.stores import Store, StoreCredentials, Warehouse
from posylka.entrypoints.web.app import create_app
from posylka.entrypoints.web.deps import WebDeps
from posylka.services.intake import take_in
from posylka.services.inventory import EntryKind, StockEntry, record_stock


@dataclass
class MemoryOzon:
    """Ozon's side of a cancellation, in memory."""

    postings: dict[str, Posting] = field(default_factory=dict)
    refuse: BadRequest | None = None
    calls: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def api_calls(self) -> int:
        return len(self.calls)

    def __call__(self, store_id: StoreId, credentials: StoreCredentials) -> MemoryOzon:
        return self

    async def cancel_posting(
        self, posting_number: PostingNumber, reason_id: int, message: str = ""
    ) -> None:
        self.calls.append(("cancel", posting_number, reason_id))
        if self.refuse:
            raise self.refuse
        posting = self.postings[posting_number]
        self.postings[posting_number] = replace(
            posting, status=PostingStatus.CANCELLED, status_raw="cancelled"
        )

    async def cancel_items(
        self,
        posting_number: PostingNumber,
        items: Sequence[CancelItem],
        reason_id: int,
        message: str,
    ) -> None:
        self.calls.append(("cancel_items", posting_number, reason_id))
        posting = self.postings[posting_number]
        drop = {i.sku: i.quantity for i in items}
        kept = tuple(
            replace(i, quantity=i.quantity - drop.get(i.sku, 0))
            for i in posting.items
            if i.quantity > drop.get(i.sku, 0)
        )
        self.postings[posting_number] = replace(posting, items=kept)

    async def fetch_posting(self, posting_number: PostingNumber) -> Posting:
        return self.postings[posting_number]

    async def aclose(self) -> None:
        pass


@pytest.fixture
def ozon() -> MemoryOzon:
    return MemoryOzon()


@pytest.fixture
def app(deps: WebDeps, ozon: MemoryOzon) -> FastAPI:
    return create_app(replace(deps, marketplace=ozon))


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as test_client:
        yield test_client


def no_checks(*args: object, **kwargs: object) -> None:
    """Order checks are not what these pages show."""


def short_posting(
    uow: SqlUnitOfWorkFactory, clock: Any, ozon: MemoryOzon, *, on_hand: int, **overrides: Any
) -> tuple[Store, Posting]:
    """A posting wanting 2 of one tea and 1 of another; ``on_hand`` of the first is on the
    shelf, plenty of the second."""
    store = add_store(uow)
    with uow() as tx:
        tx.stores.replace_warehouses(
            store.id, [Warehouse(store.id, WarehouseId(41), "Склад")], now=T0
        )
        for n in (0, 1):
            tx.connection.execute(
                insert(products).values(
                    store_id=store.id,
                    offer_id=f"TEA-{n:03d}",
                    sku=2_000_000 + n,
                    name=f"Чай улун {n}",
                    updated_at=T0,
                )
            )
        tx.commit()
    entries = [StockEntry("TEA-001", 41, 5, EntryKind.RECEIPT)]
    if on_hand:
        entries.append(StockEntry("TEA-000", 41, on_hand, EntryKind.RECEIPT))
    record_stock(entries, store_id=store.id, actor="anna", uow=uow, clock=clock)
    posting = make_posting(
        1,
        store,
        items=(make_item(0, quantity=2), make_item(1, quantity=1)),
        **overrides,
    )
    put(uow, posting)
    take_in(store.id, uow=uow, clock=clock, check=no_checks)
    ozon.postings[posting.posting_number] = posting
    return store, posting


def base(posting: Posting) -> str:
    return f"/postings/{posting.store_id}/{posting.posting_number}"


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def test_queue_marks_the_short_posting_and_pins_it_above(client, uow, clock, users, ozon):
    _, posting = short_posting(uow, clock, ozon, on_hand=1)
    log_in(client, "admin")
    html = client.get("/").text
    assert 'data-testid="row-short"' in html
    assert 'data-testid="shortfall-strip"' in html
    assert f">{posting.posting_number}</a>" in html


def test_section_lists_what_is_missing_and_offers_three_choices(client, uow, clock, users, ozon):
    _, posting = short_posting(uow, clock, ozon, on_hand=1)
    log_in(client, "admin")
    assert 'data-testid="shortfall-slot"' in client.get(base(posting)).text
    html = client.get(base(posting) + "/shortfall").text
    assert re.search(r'data-testid="missing-qty">1<', html)
    assert 'data-testid="wait-form"' in html
    assert 'data-testid="cancel-items-link"' in html
    assert 'data-testid="cancel-posting-link"' in html


def test_a_packer_sees_the_shortfall_but_not_the_choices(client, uow, clock, users, ozon):
    _, posting = short_posting(uow, clock, ozon, on_hand=1)
    log_in(client, "li.wei")
    html = client.get(base(posting) + "/shortfall").text
    assert 'data-testid="shortfall"' in html
    assert 'data-testid="wait-form"' not in html
    assert client.get(base(posting) + "/shortfall/cancel?scope=posting").status_code == 403


def test_waiting_records_the_date_and_shows_it(client, uow, clock, users, ozon):
    _, posting = short_posting(uow, clock, ozon, on_hand=1)
    token = log_in(client, "olga")
    day = (T0 + timedelta(days=4)).date().isoformat()
    reply = client.post(
        base(posting) + "/shortfall/wait", data={"expected_on": day, "csrf_token": token}
    )
    assert reply.status_code == 303
    assert reply.headers["location"].endswith("?shortfall=waiting")
    html = client.get(base(posting) + "/shortfall?notice=waiting").text
    assert 'data-testid="shortfall-notice"' in html
    assert day in html


def test_a_past_expected_date_is_refused_with_a_reason(client, uow, clock, users, ozon):
    _, posting = short_posting(uow, clock, ozon, on_hand=1)
    token = log_in(client, "admin")
    reply = client.post(
        base(posting) + "/shortfall/wait", data={"expected_on": "2020-01-01", "csrf_token": token}
    )
    assert reply.status_code == 422
    assert "cannot be in the past" in reply.text


def test_the_confirmation_shows_the_cost_before_anything_is_sent(client, uow, clock, users, ozon):
    _, posting = short_posting(uow, clock, ozon, on_hand=1)
    log_in(client, "admin")
    html = client.get(base(posting) + "/shortfall/cancel?scope=posting").text
    assert 'data-testid="cost-rating"' in html
    assert 'data-testid="cost-fine"' not in html  # FBS: no fine per cancellation
    assert ozon.calls == []


def test_rfbs_confirmation_names_the_fine_range(client, uow, clock, users, ozon):
    _, posting = short_posting(uow, clock, ozon, on_hand=1)
    with uow() as tx:
        tx.postings.upsert_many([rfbs(posting)], now=T0)
        tx.commit()
    log_in(client, "admin")
    html = client.get(base(posting) + "/shortfall/cancel?scope=items").text
    # One missing unit at 590 RUB: 9 % is 53.10 RUB at most.
    assert 'data-testid="cost-fine"' in html
    assert "53.10" in html
    assert "1,500" in html


def test_cancelling_the_posting_asks_ozon_once_and_releases_the_stock(
    client, uow, clock, users, ozon
):
    _, posting = short_posting(uow, clock, ozon, on_hand=1)
    token = log_in(client, "admin")
    reply = client.post(
        base(posting) + "/shortfall/cancel",
        data={"scope": "posting", "reason_id": "352", "csrf_token": token},
    )
    assert reply.status_code == 303, reply.text
    assert ozon.calls == [("cancel", posting.posting_number, 352)]
    assert 'data-testid="posting-status">Cancelled<' in client.get(base(posting)).text
    with uow() as tx:
        levels = {row.offer_id: row.reserved for row in tx.inventory.levels(posting.store_id)}
    assert levels == {"TEA-000": 0, "TEA-001": 0}


def test_ozons_refusal_is_shown_on_the_confirmation(client, uow, clock, users, ozon):
    _, posting = short_posting(uow, clock, ozon, on_hand=1)
    ozon.refuse = BadRequest("Ozon rejected the request: HAS_INCORRECT_STATUS")
    token = log_in(client, "admin")
    reply = client.post(
        base(posting) + "/shortfall/cancel",
        data={"scope": "posting", "reason_id": "352", "csrf_token": token},
    )
    assert reply.status_code == 422
    assert 'data-testid="cancel-error"' in reply.text
    assert "HAS_INCORRECT_STATUS" in reply.text


def test_cancel_without_the_csrf_token_is_refused(client, uow, clock, users, ozon):
    _, posting = short_posting(uow, clock, ozon, on_hand=1)
    log_in(client, "admin")
    reply = client.post(base(posting) + "/shortfall/cancel", data={"scope": "posting"})
    assert reply.status_code == 403
    assert ozon.calls == []
