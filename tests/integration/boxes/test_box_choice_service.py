"""Box choice for a posting as the station asks for it: the posting and its products in a real
database, the drop-off limits from the sandbox Ozon over ASGI."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from tests.integration.db.db_samples import add_store
from tests.integration.ozon_client.ozon_sandbox_link import EVERYTHING, linked

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.domain.boxes import parse_box
from posylka.domain.catalogue import Dimensions, PackagingFlags, ProductDraft
from posylka.domain.ids import StoreId
from posylka.domain.postings import Posting, PostingStatus
from posylka.services.box_catalogue import add_box, list_boxes
from posylka.services.box_choice import (
    BoxesNotFound,
    PostingNotFound,
    choose_boxes,
    recommend_for_posting,
)

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


class Clock:
    def now(self) -> datetime:
        return NOW


async def sandbox_posting(gateway: OzonGateway, store: StoreId, *, units: int = 1) -> Posting:
    """A posting awaiting packaging, with at least ``units`` units, moved to ``store``."""
    async for page in gateway.iter_postings_pages(EVERYTHING):
        for posting in page.postings:
            if posting.status is PostingStatus.AWAITING_PACKAGING and (
                sum(i.quantity for i in posting.items) >= units
            ):
                return posting.__class__(**{**_fields(posting), "store_id": store})
    raise AssertionError("the sandbox has no such posting")


def _fields(posting: Posting) -> dict[str, object]:
    return {name: getattr(posting, name) for name in posting.__dataclass_fields__}


def keep(
    factory: SqlUnitOfWorkFactory,
    posting: Posting,
    sides: tuple[int, int, int],
    weight_g: int,
    *,
    fragile: bool = False,
) -> None:
    """Store the posting and give each of its products this size and weight."""
    with factory() as uow:
        uow.postings.upsert_many([posting], now=NOW)
        uow.catalogue.upsert_many(
            [
                ProductDraft(
                    store_id=posting.store_id,
                    offer_id=item.offer_id,
                    sku=item.sku,
                    dimensions=Dimensions(*sides, weight_g=weight_g),
                    flags=PackagingFlags(fragile=fragile),
                )
                for item in posting.items
            ],
            now=NOW,
        )
        uow.commit()


async def test_a_posting_gets_the_cheapest_default_box_for_its_items(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store = add_store(uow_factory)
    with linked(False) as link:
        async with link.gateway() as gateway:
            posting = await sandbox_posting(gateway, store)
            keep(uow_factory, posting, (120, 90, 25), 200)

            plan = await recommend_for_posting(
                uow_factory=uow_factory,
                gateway=gateway,
                exact=None,
                store_id=store,
                posting_number=posting.posting_number,
                clock=Clock(),
            )

    assert plan.ok
    assert plan.solver == "heuristic"
    assert sum(line.quantity for p in plan.packages() for line in p.lines) == sum(
        i.quantity for i in posting.items
    )


async def test_the_drop_off_limits_are_fetched_once_and_kept(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store = add_store(uow_factory)
    with linked(False) as link:
        async with link.gateway() as gateway:
            posting = await sandbox_posting(gateway, store)
            keep(uow_factory, posting, (120, 90, 25), 200)
            for _ in range(2):
                await recommend_for_posting(
                    uow_factory=uow_factory,
                    gateway=gateway,
                    exact=None,
                    store_id=store,
                    posting_number=posting.posting_number,
                    clock=Clock(),
                )
            stats = await link.stats()

    with uow_factory() as uow:
        kept = uow.boxes.restrictions(store, posting.posting_number)
    assert kept is not None
    assert kept.max_weight_g is not None
    assert stats["requests"]["/v1/posting/fbs/restrictions"] == {"200": 1}


async def test_the_drop_off_weight_limit_splits_a_heavy_posting(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store = add_store(uow_factory)
    list_boxes(uow_factory=uow_factory, store_id=store, clock=Clock())
    crate = parse_box(
        code="CRATE",
        name="Crate",
        kind="box",
        length_mm="800",
        width_mm="600",
        height_mm="600",
        max_weight_g="60000",
        own_weight_g="1000",
        cost="30",
    )
    add_box(uow_factory=uow_factory, store_id=store, spec=crate, clock=Clock())
    with linked(False) as link:
        async with link.gateway() as gateway:
            posting = await sandbox_posting(gateway, store, units=2)
            limits = await gateway.fetch_restrictions(posting.posting_number)
            assert limits.max_weight_g is not None
            keep(uow_factory, posting, (300, 200, 200), limits.max_weight_g // 2 + 1)

            plan = await recommend_for_posting(
                uow_factory=uow_factory,
                gateway=gateway,
                exact=None,
                store_id=store,
                posting_number=posting.posting_number,
                clock=Clock(),
            )

    assert plan.box_count >= 2
    assert all(b.gross_weight_g <= limits.max_weight_g for b in plan.boxes)


async def test_the_recipe_padding_of_fragile_goods_is_kept_around_every_item(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store = add_store(uow_factory)
    with linked(False) as link:
        async with link.gateway() as gateway:
            posting = await sandbox_posting(gateway, store)
            keep(uow_factory, posting, (120, 90, 25), 200, fragile=True)

            plan = await recommend_for_posting(
                uow_factory=uow_factory,
                gateway=gateway,
                exact=None,
                store_id=store,
                posting_number=posting.posting_number,
                clock=Clock(),
            )

    # The default rules keep 20 mm around fragile goods: 20 on each side of each size.
    sizes = {tuple(sorted((p.dx, p.dy, p.dz))) for b in plan.boxes for p in b.placements}
    assert sizes == {(65, 130, 160)}


async def test_an_unknown_posting_is_refused_by_its_number(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store = add_store(uow_factory)

    with pytest.raises(PostingNotFound):
        await recommend_for_posting(
            uow_factory=uow_factory,
            gateway=None,
            exact=None,
            store_id=store,
            posting_number="0000000000-0000-1",
            clock=Clock(),
        )


async def test_a_packer_override_is_recorded_with_the_recommendation(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store = add_store(uow_factory)
    with linked(False) as link:
        async with link.gateway() as gateway:
            posting = await sandbox_posting(gateway, store)
            keep(uow_factory, posting, (120, 90, 25), 200)
            recommended = await recommend_for_posting(
                uow_factory=uow_factory,
                gateway=gateway,
                exact=None,
                store_id=store,
                posting_number=posting.posting_number,
                clock=Clock(),
            )
    boxes = list_boxes(uow_factory=uow_factory, store_id=store, clock=Clock())
    big = next(b for b in boxes if b.code == "BOX-L")

    plan = choose_boxes(
        uow_factory=uow_factory,
        store_id=store,
        posting_number=posting.posting_number,
        box_ids=[big.id],
        user_id=None,
        clock=Clock(),
    )

    with uow_factory() as uow:
        (override,) = uow.boxes.overrides(store)
    assert plan.solver == "override"
    assert override.box_codes == ("BOX-L",)
    assert override.recommended_box_codes == tuple(b.box.code for b in recommended.boxes)
    assert override.recommended_cost == recommended.cost
    assert override.cost == Decimal("48.00")


async def test_choosing_a_box_the_store_does_not_have_is_refused(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store = add_store(uow_factory)
    with linked(False) as link:
        async with link.gateway() as gateway:
            posting = await sandbox_posting(gateway, store)
    keep(uow_factory, posting, (120, 90, 25), 200)

    with pytest.raises(BoxesNotFound):
        choose_boxes(
            uow_factory=uow_factory,
            store_id=store,
            posting_number=posting.posting_number,
            box_ids=[999_999],  # type: ignore[list-item]
            user_id=None,
            clock=Clock(),
        )
