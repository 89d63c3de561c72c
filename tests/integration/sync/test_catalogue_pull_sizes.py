"""Product sizes from Ozon's cards (``/v4/product/info/attributes``) through a catalogue pull into
a real database: every product gets its packed size and weight in millimetres and grams, and the
sizes a seller gave are kept."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from sync_world import NOW, SyncWorld, sandbox

from posylka.domain.catalogue import Dimensions, ProductDraft
from posylka.services.catalogue_pull import pull_catalogue


@pytest.fixture
def world(engine: Engine) -> SyncWorld:
    return SyncWorld(sandbox(postings=50), engine)


def _centimetres(side_mm: int) -> int:
    return -(-side_mm // 10) * 10


async def test_a_pull_gives_every_product_its_packed_size_and_weight(world: SyncWorld) -> None:
    await pull_catalogue(
        world.store_id, uow=world.uow, marketplace=world.gateway, clock=world.clock
    )

    seeded = {p.offer_id: p for p in world.app.state.catalogue}
    with world.uow() as tx:
        stored = list(tx.catalogue.iterate(world.store_id))
    assert len(stored) == len(seeded)
    for product in stored:
        source = seeded[product.offer_id]
        length, width, height = source.size_mm
        if source.sku % 4 == 0:  # this card was filled in centimetres
            length, width, height = map(_centimetres, (length, width, height))
        assert product.dimensions == Dimensions(length, width, height, source.weight_g)


async def test_a_pull_keeps_the_sizes_a_seller_gave(world: SyncWorld) -> None:
    first = world.app.state.catalogue[0]
    own = Dimensions(length_mm=111, width_mm=None, height_mm=None, weight_g=999)
    with world.uow() as tx:
        tx.catalogue.upsert_many(
            [ProductDraft(store_id=world.store_id, offer_id=first.offer_id, dimensions=own)],
            now=NOW,
        )
        tx.commit()

    await pull_catalogue(
        world.store_id, uow=world.uow, marketplace=world.gateway, clock=world.clock
    )

    with world.uow() as tx:
        stored = tx.catalogue.by_offer_ids(world.store_id, [first.offer_id])[first.offer_id]
    assert stored.dimensions.length_mm == 111
    assert stored.dimensions.weight_g == 999
    assert stored.dimensions.width_mm is not None
    assert stored.dimensions.height_mm is not None
