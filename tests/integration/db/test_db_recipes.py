"""Packing rule versions in the database: saved as N+1, never changed, read back as written;
a posting's recipe and a draft tried on the store's latest postings."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from db_samples import T0, add_store, make_item, make_posting
from sqlalchemy import select
from tests.integration.db.stale_reads import BehindUnitOfWork

from posylka.adapters.db.tables import audit_log
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.catalogue import PackagingFlags, ProductDraft
from posylka.domain.ids import OfferId, StoreId, UserId
from posylka.domain.recipe_defaults import default_rules
from posylka.domain.recipe_rules import RulesRejected
from posylka.domain.recipes import RuleSet, VersionTaken
from posylka.domain.stores import Role
from posylka.domain.views import Account
from posylka.services import recipes
from posylka.services.accounts import NotAllowed

FRAGILE_ONLY = json.dumps([{"name": "fragile", "when": ["fragile"], "marks": ["fragile"]}])


class Clock:
    def __init__(self) -> None:
        self.at = T0

    def now(self) -> datetime:
        self.at += timedelta(minutes=1)
        return self.at


@pytest.fixture
def store_id(uow_factory: SqlUnitOfWorkFactory) -> StoreId:
    store_id = add_store(uow_factory)
    item = make_item(0)
    with uow_factory() as uow:
        uow.catalogue.upsert_many(
            [
                ProductDraft(
                    store_id=store_id,
                    offer_id=item.offer_id,
                    sku=item.sku,
                    flags=PackagingFlags(fragile=True),
                )
            ],
            now=T0,
        )
        uow.postings.upsert_many(
            [
                make_posting(n, store_id=store_id, ship_by=T0 + timedelta(hours=n))
                for n in (1, 2, 3)
            ],
            now=T0,
        )
        uow.commit()
    return store_id


def manager(uow_factory: SqlUnitOfWorkFactory, role: Role = Role.MANAGER) -> Account:
    with uow_factory() as uow:
        account = uow.users.add(f"user-{role}", "hash", role, language="ru", now=T0)
        uow.commit()
    return account


def save(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId, text: str, by: Account | None = None
) -> int:
    saved = recipes.save_rules(
        uow_factory=uow_factory, store_id=store_id, text=text, note="n", by=by, clock=Clock()
    )
    return saved.version


def test_a_store_that_never_saved_follows_the_built_in_rules(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    with uow_factory() as uow:
        assert recipes.rules_in_force(uow, store_id) == default_rules()


def test_saving_adds_versions_and_keeps_the_older_ones_as_they_were(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    account = manager(uow_factory)
    first = save(uow_factory, store_id, FRAGILE_ONLY, account)
    second = save(uow_factory, store_id, json.dumps([{"name": "other"}]), account)
    with uow_factory() as uow:
        assert (first, second) == (1, 2)
        assert [r.name for r in recipes.rules_in_force(uow, store_id).rules] == ["other"]
        old = uow.recipes.version(store_id, 1)
        assert old is not None
        assert [r.name for r in old.ruleset.rules] == ["fragile"]
        assert old.saved_by == "user-manager"
        assert old.user_id == UserId(account.id)


def test_a_save_is_recorded_in_the_audit_log(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    save(uow_factory, store_id, FRAGILE_ONLY, manager(uow_factory))
    with uow_factory() as uow:
        rows = uow.connection.execute(
            select(audit_log.c.action, audit_log.c.actor, audit_log.c.object_type).where(
                audit_log.c.action.startswith("packing_rules")
            )
        ).all()
    assert [tuple(r) for r in rows] == [("packing_rules.saved", "user-manager", "recipe_version")]


def test_a_refused_file_saves_nothing(uow_factory: SqlUnitOfWorkFactory, store_id: StoreId) -> None:
    with pytest.raises(RulesRejected):
        save(uow_factory, store_id, json.dumps([{"name": "x", "when": ["fragil"]}]))
    with uow_factory() as uow:
        assert uow.recipes.current(store_id) is None


def test_a_packer_may_not_save_rules(uow_factory: SqlUnitOfWorkFactory, store_id: StoreId) -> None:
    with pytest.raises(NotAllowed):
        save(uow_factory, store_id, FRAGILE_ONLY, manager(uow_factory, Role.PACKER))


def test_a_postings_recipe_follows_its_products_flags(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    with uow_factory() as uow:
        recipe = recipes.posting_recipe(
            uow=uow, store_id=store_id, posting_number="0208245774-0001-1"
        )
        missing = recipes.posting_recipe(uow=uow, store_id=store_id, posting_number="nope")
    assert recipe is not None
    assert recipe.marks == ("fragile",)
    assert recipe.steps[0].offer_id == OfferId("ART-0000")
    assert missing is None


def test_preview_compares_current_and_draft_on_the_latest_postings_only(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    draft = RuleSet(version=0, rules=())
    with uow_factory() as uow:
        tried = recipes.preview(uow=uow, store_id=store_id, draft=draft, last=2)
    assert [row.posting_number for row in tried.rows] == ["0208245774-0003-1", "0208245774-0002-1"]
    assert tried.summary.changed == 2
    assert ("mark:fragile", 2) in tried.summary.lost


def test_a_save_that_read_before_another_committed_is_refused_and_keeps_the_other(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId
) -> None:
    account = manager(uow_factory)
    save(uow_factory, store_id, FRAGILE_ONLY, account)

    def stale() -> Any:
        return BehindUnitOfWork(uow_factory())

    with pytest.raises(VersionTaken) as refused:
        recipes.save_rules(
            uow_factory=stale,
            store_id=store_id,
            text=json.dumps([{"name": "other"}]),
            by=account,
            clock=Clock(),
        )
    assert refused.value.version == 1
    with uow_factory() as uow:
        kept = uow.recipes.current(store_id)
        assert kept is not None
        assert (kept.version, [r.name for r in kept.ruleset.rules]) == (1, ["fragile"])
