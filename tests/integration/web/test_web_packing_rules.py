"""The packing rules page: rules in force, a draft tried on the latest postings, a save that
makes a new version, refused files that save nothing; the posting page's recipe box."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from conftest import PASSWORD, log_in
from fastapi.testclient import TestClient
from tests.integration.db.stale_reads import BehindUnitOfWork
from web_samples import T0, add_store, make_item, make_posting, put

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.catalogue import PackagingFlags, ProductDraft
from posylka.domain.ids import OfferId
from posylka.domain.recipe_defaults import DEFAULT_RULES
from posylka.domain.stores import Store
from posylka.entrypoints.web.app import create_app
from posylka.entrypoints.web.deps import WebDeps

FRAGILE_ONLY = json.dumps([{"name": "fragile", "when": ["fragile"], "marks": ["fragile"]}])


@pytest.fixture
def store(uow: SqlUnitOfWorkFactory) -> Store:
    store = add_store(uow)
    with uow() as tx:
        tx.catalogue.upsert_many(
            [
                ProductDraft(
                    store_id=store.id,
                    offer_id=OfferId("TEA-001"),
                    sku=make_item(1).sku,
                    flags=PackagingFlags(fragile=True, glass=True),
                ),
                ProductDraft(
                    store_id=store.id,
                    offer_id=OfferId("TEA-002"),
                    sku=make_item(2).sku,
                    flags=PackagingFlags(liquid=True, liquid_ml=250),
                ),
            ],
            now=T0,
        )
        tx.commit()
    put(uow, *(make_posting(n, store) for n in (1, 2, 3)))
    return store


@pytest.fixture
def as_manager(client: TestClient, users: None) -> str:
    return log_in(client, "olga", PASSWORD)


def post(client: TestClient, csrf: str, path: str, store: Store, rules: str) -> str:
    reply = client.post(
        path, data={"csrf_token": csrf, "store": str(store.id), "rules": rules, "note": "test"}
    )
    return f"{reply.status_code} {reply.text}"


def test_page_shows_the_built_in_rules_before_any_save(
    client: TestClient, as_manager: str, store: Store
) -> None:
    page = client.get(f"/settings/packing-rules?store={store.id}").text
    assert page.count('data-testid="rule-row"') == len(DEFAULT_RULES)


def test_preview_counts_postings_whose_recipe_changes_and_saves_nothing(
    client: TestClient, as_manager: str, store: Store
) -> None:
    reply = post(client, as_manager, "/settings/packing-rules/preview", store, FRAGILE_ONLY)
    assert reply.startswith("200")
    # Three postings: two with known flags (fragile glass; a liquid) lose steps, the third
    # (an unknown product) loses only its inserts; all three change.
    assert "3 из 3 отправлений упаковали бы иначе" in reply
    page = client.get(f"/settings/packing-rules?store={store.id}").text
    assert 'data-testid="rules-history-row"' not in page


def test_save_creates_version_one_then_two(
    client: TestClient, as_manager: str, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    first = client.post(
        "/settings/packing-rules",
        data={"csrf_token": as_manager, "store": str(store.id), "rules": FRAGILE_ONLY},
    )
    second = client.post(
        "/settings/packing-rules",
        data={"csrf_token": as_manager, "store": str(store.id), "rules": FRAGILE_ONLY},
    )
    assert first.headers["location"].endswith("saved=1")
    assert second.headers["location"].endswith("saved=2")
    with uow() as tx:
        assert [v.version for v in tx.recipes.versions(store.id)] == [2, 1]


def test_a_rule_file_with_an_unknown_flag_names_rule_and_field_and_saves_nothing(
    client: TestClient, as_manager: str, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    bad = json.dumps([{"name": "хрупкое", "when": ["fragil"]}], ensure_ascii=False)
    reply = post(client, as_manager, "/settings/packing-rules", store, bad)
    assert reply.startswith("422")
    assert "«хрупкое»" in reply or "“хрупкое”" in reply
    assert "fragil" in reply
    with uow() as tx:
        assert tx.recipes.current(store.id) is None


def test_packers_may_not_open_the_rules_page(client: TestClient, users: None, store: Store) -> None:
    log_in(client, "li.wei")
    assert client.get("/settings/packing-rules").status_code == 403


def test_posting_page_recipe_box_shows_the_steps_of_the_rules_in_force(
    client: TestClient, as_manager: str, store: Store
) -> None:
    number = make_posting(1, store).posting_number
    box = client.get(f"/postings/{store.id}/{number}/recipe").text
    assert 'data-step="wrap_each_separately"' in box
    assert "TEA-001" in box


def test_a_save_beaten_by_another_keeps_the_text_and_says_so(
    deps: WebDeps, users: None, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    with TestClient(create_app(deps), follow_redirects=False) as first:
        assert post(first, log_in(first, "olga", PASSWORD), "/settings/packing-rules", store, "[]")
    behind = replace(deps, uow=lambda: BehindUnitOfWork(uow()))
    with TestClient(create_app(behind), follow_redirects=False) as second:
        reply = post(
            second, log_in(second, "olga", PASSWORD), "/settings/packing-rules", store, FRAGILE_ONLY
        )

    assert reply.startswith("409")
    assert 'data-testid="rules-taken"' in reply
    assert "Кто-то другой только что сохранил версию 1 правил" in reply
    assert "&#34;fragile&#34;" in reply
    with uow() as tx:
        assert [v.version for v in tx.recipes.versions(store.id)] == [1]
