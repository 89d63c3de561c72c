"""Pulling the catalogue from the Ozon sandbox into a real database: every page by ``last_id``,
the products the postings contain, and the seller's own attributes kept."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sync_world import NOW, SyncWorld, sandbox

from posylka.adapters.jobs.catalogue import CatalogueJobs
from posylka.adapters.jobs.queue import build_huey
from posylka.config import Settings
from posylka.domain.catalogue import BarcodeKind, ProductDraft, gtin_check_digit
from posylka.domain.ids import OfferId, Sku, WarehouseId
from posylka.domain.stores import StoreCredentials
from posylka.domain.sync import PostingQuery
from posylka.services.catalogue_pull import BlockingCataloguePull, pull_catalogue


@pytest.fixture
def world(engine: Engine) -> SyncWorld:
    return SyncWorld(sandbox(postings=200), engine)


async def test_the_product_list_is_read_page_by_page_with_last_id(world: SyncWorld) -> None:
    gateway = world.gateway(world.store_id, world_credentials(world))
    try:
        offers: list[str] = []
        last_id, pages = "", 0
        while True:
            page = await gateway.fetch_products_page(last_id, 100)
            pages += 1
            offers.extend(p.offer_id for p in page.products)
            assert page.total == 320
            if not page.last_id:
                break
            last_id = page.last_id
    finally:
        await gateway.aclose()

    assert pages == 4
    assert len(offers) == len(set(offers)) == 320
    assert set(offers) == {p.offer_id for p in world.app.state.catalogue}


async def test_a_pull_brings_every_product_with_sku_name_and_barcodes(world: SyncWorld) -> None:
    summary = await pull_catalogue(
        world.store_id, uow=world.uow, marketplace=world.gateway, clock=world.clock, page_size=100
    )

    assert (summary.seen, summary.created, summary.updated, summary.pages) == (320, 320, 0, 4)
    expected = {p.offer_id: p for p in world.app.state.catalogue}
    with world.uow() as tx:
        stored = list(tx.catalogue.iterate(world.store_id))
    assert len(stored) == 320
    for product in stored:
        seeded = expected[product.offer_id]
        assert product.sku == seeded.sku
        assert product.name == seeded.name
        assert product.ozon_product_id is not None
        ean = product.barcodes[0]
        assert ean.kind is BarcodeKind.EAN13
        assert int(ean.value[-1]) == gtin_check_digit(ean.value[:-1])


async def test_every_posting_item_finds_its_product_after_a_sync_and_a_pull(
    world: SyncWorld,
) -> None:
    await world.sync()
    await pull_catalogue(
        world.store_id, uow=world.uow, marketplace=world.gateway, clock=world.clock
    )

    gateway = world.gateway(world.store_id, world_credentials(world))
    try:
        skus: set[int] = set()
        query = PostingQuery(since=NOW.replace(month=9), to=NOW)
        async for page in gateway.iter_postings_pages(query):
            skus.update(item.sku for p in page.postings for item in p.items)
    finally:
        await gateway.aclose()
    with world.uow() as tx:
        found = tx.catalogue.by_skus(world.store_id, (Sku(s) for s in skus))
    assert skus
    assert set(found) == skus


async def test_a_pull_keeps_what_the_seller_set_and_frees_a_sku_ozon_gave_another_offer(
    world: SyncWorld,
) -> None:
    first, second = world.app.state.catalogue[:2]
    with world.uow() as tx:
        tx.catalogue.upsert_many(
            [
                ProductDraft(
                    store_id=world.store_id,
                    offer_id=OfferId(first.offer_id),
                    name="своё имя",
                    unit_cost=Decimal("12.30"),
                    bins={WarehouseId(5): "A-1"},
                ),
                ProductDraft(
                    store_id=world.store_id, offer_id=OfferId("OLD-OFFER"), sku=Sku(second.sku)
                ),
            ],
            now=world.clock.now(),
        )
        tx.commit()

    summary = await pull_catalogue(
        world.store_id, uow=world.uow, marketplace=world.gateway, clock=world.clock
    )

    with world.uow() as tx:
        kept = tx.catalogue.by_offer_ids(
            world.store_id, [OfferId(first.offer_id), OfferId("OLD-OFFER")]
        )
        by_sku = tx.catalogue.by_skus(world.store_id, [Sku(second.sku)])
    mine = kept[OfferId(first.offer_id)]
    assert (summary.created, summary.updated) == (319, 2)
    assert mine.sku == first.sku
    assert mine.name == first.name
    assert mine.unit_cost == Decimal("12.30")
    assert mine.bins == {WarehouseId(5): "A-1"}
    assert kept[OfferId("OLD-OFFER")].sku is None
    assert by_sku[Sku(second.sku)].offer_id == second.offer_id


async def test_pulling_twice_changes_nothing_the_second_time(world: SyncWorld) -> None:
    await pull_catalogue(
        world.store_id, uow=world.uow, marketplace=world.gateway, clock=world.clock
    )
    again = await pull_catalogue(
        world.store_id, uow=world.uow, marketplace=world.gateway, clock=world.clock
    )
    assert (again.created, again.updated) == (0, 0)


def world_credentials(world: SyncWorld) -> StoreCredentials:
    with world.uow() as tx:
        return tx.stores.credentials(world.store_id)


def test_the_periodic_job_pulls_every_store_and_a_held_lock_skips_a_pull(
    world: SyncWorld, tmp_path: Path
) -> None:
    huey = build_huey(Settings(data_dir=tmp_path, _env_file=None), immediate=True)
    runner = BlockingCataloguePull(uow=world.uow, marketplace=world.gateway, clock=world.clock)
    jobs = CatalogueJobs(huey, runner)

    with huey.lock_task(f"catalogue-pull-{world.store_id}"):
        jobs.request_pull(world.store_id)
    with world.uow() as tx:
        assert tx.catalogue.count(world.store_id) == 0

    jobs.periodic_pull()

    with world.uow() as tx:
        assert tx.catalogue.count(world.store_id) == 320
