"""Box choice as use cases: recommend boxes for a posting, and take a packer's own choice.

``recommend_for_posting`` reads the posting's items with their sizes from the catalogue, the
warehouse's boxes (a store with an empty catalogue gets the default one first), the recipe's
padding and the drop-off point's limits (fetched from Ozon once per posting and kept), and plans
in a worker thread when the exact solver takes part. Each new recommendation is recorded;
``choose_boxes`` records a packer's override next to the recommendation it replaces.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from posylka.domain.box_choice import (
    DEFAULT_VOLUMETRIC_DIVISOR,
    BoxPlan,
    PackItem,
    plan_in_boxes,
    recommend,
)
from posylka.domain.boxes import Box, BoxChoiceRecord
from posylka.domain.catalogue import Dimensions
from posylka.domain.errors import MarketplaceError
from posylka.domain.ids import BoxId, PostingNumber, StoreId, UserId
from posylka.domain.postings import Posting
from posylka.domain.shipping import PostingRestrictions
from posylka.services.box_catalogue import ensure_catalogue
from posylka.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from posylka.services.ports.boxes import ExactPacker
from posylka.services.ports.shipping import ShippingGateway
from posylka.services.recipes import posting_recipe


class PostingNotFound(LookupError):
    """The store has no posting of this number."""

    def __init__(self, store_id: StoreId, posting_number: str) -> None:
        super().__init__(f"store {store_id} has no posting {posting_number}")
        self.store_id = store_id
        self.posting_number = posting_number


class BoxesNotFound(LookupError):
    """A packer chose boxes the store's catalogue does not hold (or holds for another warehouse,
    or no longer uses)."""

    def __init__(self, box_ids: Sequence[BoxId]) -> None:
        super().__init__("unknown or inactive boxes: " + ", ".join(str(b) for b in box_ids))
        self.box_ids = tuple(box_ids)


def _padding_mm(uow: UnitOfWork, store_id: StoreId, posting_number: str) -> int:
    """The recipe's padding around every item (0 while the store keeps no packing rules)."""
    recipe = posting_recipe(uow=uow, store_id=store_id, posting_number=posting_number)
    return recipe.padding_mm if recipe is not None else 0


def pack_items(uow: UnitOfWork, posting: Posting) -> list[PackItem]:
    """The posting's lines with each product's size and weight from the catalogue, matched by
    SKU first, then by offer_id; a line no product matches has no size."""
    by_sku = uow.catalogue.by_skus(posting.store_id, [i.sku for i in posting.items])
    missing = [i.offer_id for i in posting.items if i.sku not in by_sku]
    by_offer = uow.catalogue.by_offer_ids(posting.store_id, missing) if missing else {}
    items = []
    for line in posting.items:
        product = by_sku.get(line.sku) or by_offer.get(line.offer_id)
        items.append(
            PackItem(
                sku=line.sku,
                offer_id=line.offer_id,
                quantity=line.quantity,
                dimensions=product.dimensions if product else Dimensions(),
                keep_upright=product.flags.keep_upright if product else False,
                unit_price=line.price.amount,
            )
        )
    return items


def _record(
    store_id: StoreId,
    posting_number: str,
    plan: BoxPlan,
    *,
    clock: Clock,
    user_id: UserId | None = None,
    recommended: BoxChoiceRecord | None = None,
) -> BoxChoiceRecord:
    return BoxChoiceRecord(
        store_id=store_id,
        posting_number=PostingNumber(posting_number),
        solver=plan.solver,
        box_ids=tuple(b.box.id for b in plan.boxes),
        box_codes=tuple(b.box.code for b in plan.boxes),
        cost=plan.cost,
        problems=plan.problems,
        chosen_at=clock.now(),
        user_id=user_id,
        recommended_box_ids=recommended.box_ids if recommended else (),
        recommended_box_codes=recommended.box_codes if recommended else (),
        recommended_cost=recommended.cost if recommended else None,
    )


async def recommend_for_posting(
    *,
    uow_factory: UnitOfWorkFactory,
    gateway: ShippingGateway | None,
    exact: ExactPacker | None,
    store_id: StoreId,
    posting_number: str,
    clock: Clock,
    volumetric_divisor: int = DEFAULT_VOLUMETRIC_DIVISOR,
) -> BoxPlan:
    """The cheapest boxes for the posting; raises ``PostingNotFound``. Without a gateway (or when
    Ozon cannot be asked) the limits last fetched, or Ozon's regular ones, apply."""
    with uow_factory() as uow:
        details = uow.postings.details(store_id, posting_number)
        if details is None:
            raise PostingNotFound(store_id, posting_number)
        posting = details.posting
        if ensure_catalogue(uow, store_id, now=clock.now()):
            uow.commit()
        boxes = uow.boxes.boxes(store_id, warehouse_id=posting.warehouse_id, active_only=True)
        items = pack_items(uow, posting)
        padding = _padding_mm(uow, store_id, posting_number)
        restrictions = uow.boxes.restrictions(store_id, posting.posting_number)
    if restrictions is None and gateway is not None:
        restrictions = await _fetch_restrictions(uow_factory, gateway, posting, clock)
    if exact is None:
        plan = _plan(items, boxes, restrictions, padding, volumetric_divisor, None)
    else:
        plan = await asyncio.to_thread(
            _plan, items, boxes, restrictions, padding, volumetric_divisor, exact
        )
    record = _record(store_id, posting_number, plan, clock=clock)
    with uow_factory() as uow:
        last = uow.boxes.latest_choice(store_id, record.posting_number, solver=plan.solver)
        if last is None or (last.box_ids, last.cost, last.problems) != (
            record.box_ids,
            record.cost,
            record.problems,
        ):
            uow.boxes.record_choice(record)
            uow.commit()
    return plan


def _plan(
    items: Sequence[PackItem],
    boxes: Sequence[Box],
    restrictions: PostingRestrictions | None,
    padding: int,
    divisor: int,
    exact: ExactPacker | None,
) -> BoxPlan:
    return recommend(
        items,
        boxes,
        restrictions=restrictions,
        padding_mm=padding,
        volumetric_divisor=divisor,
        exact=exact.place if exact is not None else None,
    )


async def _fetch_restrictions(
    uow_factory: UnitOfWorkFactory, gateway: ShippingGateway, posting: Posting, clock: Clock
) -> PostingRestrictions | None:
    try:
        restrictions = await gateway.fetch_restrictions(posting.posting_number)
    except MarketplaceError:
        return None
    with uow_factory() as uow:
        uow.boxes.save_restrictions(posting.store_id, restrictions, now=clock.now())
        uow.commit()
    return restrictions


def choose_boxes(
    *,
    uow_factory: UnitOfWorkFactory,
    store_id: StoreId,
    posting_number: str,
    box_ids: Sequence[BoxId],
    user_id: UserId | None,
    clock: Clock,
    volumetric_divisor: int = DEFAULT_VOLUMETRIC_DIVISOR,
) -> BoxPlan:
    """The packer's own boxes for the posting, units laid in them in the given order; recorded
    with the latest recommendation. Raises ``PostingNotFound`` or ``BoxesNotFound``."""
    with uow_factory() as uow:
        details = uow.postings.details(store_id, posting_number)
        if details is None:
            raise PostingNotFound(store_id, posting_number)
        posting = details.posting
        chosen: list[Box] = []
        unknown: list[BoxId] = []
        for box_id in box_ids:
            box = uow.boxes.get(box_id)
            if (
                box is None
                or box.store_id != store_id
                or not box.active
                or not box.serves(posting.warehouse_id)
            ):
                unknown.append(box_id)
            else:
                chosen.append(box)
        if unknown or not chosen:
            raise BoxesNotFound(unknown)
        items = pack_items(uow, posting)
        padding = _padding_mm(uow, store_id, posting_number)
        plan = plan_in_boxes(
            items, chosen, padding_mm=padding, volumetric_divisor=volumetric_divisor
        )
        recommended = uow.boxes.latest_choice(store_id, posting.posting_number, solver="exact")
        heuristic = uow.boxes.latest_choice(store_id, posting.posting_number, solver="heuristic")
        if recommended is None or (heuristic and heuristic.chosen_at > recommended.chosen_at):
            recommended = heuristic
        uow.boxes.record_choice(
            _record(
                store_id,
                posting_number,
                plan,
                clock=clock,
                user_id=user_id,
                recommended=recommended,
            )
        )
        uow.commit()
    return plan
