"""The hand-over and tracking pages over a real database and a scripted Ozon: a group becomes a
handover, a refusal is said in one sentence, the checklist counts and refuses scans, documents
are served, and a tracking file's bad rows are named while the good ones are sent."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import date, timedelta

import pytest
from conftest import log_in
from fastapi.testclient import TestClient
from tests.integration.handover.handover_world import METHOD, ScriptedOzon
from tests.unit.services.posting_builder import make_posting
from web_samples import FixedClock

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.postings import IntegrationType, PostingStatus
from posylka.domain.stores import StoreCredentials
from posylka.entrypoints.web.deps import WebDeps


@pytest.fixture
def ozon() -> ScriptedOzon:
    return ScriptedOzon()


@pytest.fixture
def store_id(uow: SqlUnitOfWorkFactory, clock: FixedClock) -> StoreId:
    with uow() as tx:
        store = tx.stores.add(
            "Shop", StoreCredentials("1", "k", "http://ozon.invalid"), now=clock.now()
        )
        tx.commit()
    return store.id


@pytest.fixture
def deps(deps: WebDeps, ozon: ScriptedOzon) -> WebDeps:
    return replace(deps, shipping=lambda store, credentials: ozon)


def add(uow: SqlUnitOfWorkFactory, clock: FixedClock, *postings: object) -> None:
    with uow() as tx:
        tx.postings.upsert_many(list(postings), now=clock.now())  # type: ignore[arg-type]
        tx.commit()


def ready(store_id: StoreId, clock: FixedClock, ozon: ScriptedOzon, number: str) -> object:
    ozon.ready.append(PostingNumber(number))
    return make_posting(
        number,
        store_id=store_id,
        status=PostingStatus.AWAITING_DELIVER,
        status_raw="awaiting_deliver",
        delivery_method_id=METHOD,
        ship_by=clock.now() + timedelta(hours=2),
    )


def create(client: TestClient, csrf: str, store_id: StoreId, clock: FixedClock) -> str:
    day = (clock.now() + timedelta(hours=2)).astimezone().date()
    page = client.get("/handovers")
    date_text = page.text.split('data-date="', 1)[1].split('"', 1)[0]
    answer = client.post(
        "/handovers",
        data={
            "csrf_token": csrf,
            "store_id": store_id,
            "delivery_method_id": METHOD,
            "departure_date": date_text or day.isoformat(),
        },
    )
    assert answer.status_code == 303
    return str(answer.headers["location"])


def test_a_carriage_ozon_already_had_is_taken_up_and_said_so(
    client: TestClient,
    users: None,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    store_id: StoreId,
    ozon: ScriptedOzon,
) -> None:
    add(uow, clock, ready(store_id, clock, ozon, "111-1"))
    csrf = log_in(client, "admin")
    page = client.get("/handovers")
    day = date.fromisoformat(page.text.split('data-date="', 1)[1].split('"', 1)[0])
    made = asyncio.run(ozon.create_carriage(METHOD, day))
    ozon.refuse_create = "there_are_incomplete_carriages"

    location = create(client, csrf, store_id, clock)
    page = client.get(location)

    assert location.endswith("?notice=taken_up")
    assert "took it up instead of making another" in page.text
    assert f"{made}" in page.text
    assert 'data-state="created"' in page.text


def test_the_board_lists_a_group_with_its_count(
    client: TestClient,
    users: None,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    store_id: StoreId,
    ozon: ScriptedOzon,
) -> None:
    add(uow, clock, ready(store_id, clock, ozon, "111-1"), ready(store_id, clock, ozon, "222-1"))
    log_in(client, "admin")

    page = client.get("/handovers")

    assert 'data-testid="group-count">2<' in page.text


def test_creating_a_handover_shows_it_created_at_ozon(
    client: TestClient,
    users: None,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    store_id: StoreId,
    ozon: ScriptedOzon,
) -> None:
    add(uow, clock, ready(store_id, clock, ozon, "111-1"))
    csrf = log_in(client, "admin")

    page = client.get(create(client, csrf, store_id, clock))

    assert 'data-state="created"' in page.text


def test_a_refused_carriage_is_said_in_one_sentence_with_a_way_forward(
    client: TestClient,
    users: None,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    store_id: StoreId,
    ozon: ScriptedOzon,
) -> None:
    add(uow, clock, ready(store_id, clock, ozon, "111-1"))
    ozon.refuse_create = "no_postings"
    csrf = log_in(client, "admin")

    page = client.get(create(client, csrf, store_id, clock))

    assert "Ozon found no assembled postings of this delivery method" in page.text


def test_a_scan_of_a_stranger_is_refused_and_a_parcel_is_counted(
    client: TestClient,
    users: None,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    store_id: StoreId,
    ozon: ScriptedOzon,
) -> None:
    add(uow, clock, ready(store_id, clock, ozon, "111-1"), ready(store_id, clock, ozon, "222-1"))
    csrf = log_in(client, "li.wei")
    where = create(client, csrf, store_id, clock)

    counted = client.post(
        f"{where}/scan", data={"csrf_token": csrf, "code": "111-1"}, headers={"HX-Request": "true"}
    )
    refused = client.post(
        f"{where}/scan", data={"csrf_token": csrf, "code": "999-9"}, headers={"HX-Request": "true"}
    )

    assert 'data-outcome="counted"' in counted.text
    assert 'data-outcome="not_in_handover"' in refused.text


def test_the_act_is_served_as_a_pdf_after_approval(
    client: TestClient,
    users: None,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    store_id: StoreId,
    ozon: ScriptedOzon,
) -> None:
    add(uow, clock, ready(store_id, clock, ozon, "111-1"))
    csrf = log_in(client, "admin")
    where = create(client, csrf, store_id, clock)
    client.post(f"{where}/approve", data={"csrf_token": csrf})

    act = client.get(f"{where}/act.pdf")

    assert (act.headers["content-type"], act.content) == ("application/pdf", b"%PDF-act-900")


def test_a_tracking_file_names_bad_rows_and_sends_good_ones(
    client: TestClient,
    users: None,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    store_id: StoreId,
    ozon: ScriptedOzon,
) -> None:
    add(
        uow,
        clock,
        make_posting(
            "555-1",
            store_id=store_id,
            status=PostingStatus.AWAITING_DELIVER,
            status_raw="awaiting_deliver",
            integration_type=IntegrationType.NON_INTEGRATED,
        ),
    )
    csrf = log_in(client, "admin")
    data = b"posting_number,tracking_number\n555-1,RA1\n666-1,\n"

    page = client.post(
        "/tracking/upload",
        data={"csrf_token": csrf},
        files={"file": ("t.csv", data, "text/csv")},
    )

    assert "Row 3: 666-1 has no tracking number." in page.text
    assert 'data-posting-number="555-1" data-ok="yes"' in page.text
