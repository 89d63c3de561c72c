"""The boxes shown at the packing station: a packer's override when there is one, else posylka's
recommendation; and what Ozon is told the packages are.

An override is laid out again from its boxes without being recorded a second time (it was recorded
when the packer chose it); a recommendation is asked for afresh, which records it only when it
changed.
"""

from __future__ import annotations

from posylka.domain.box_choice import BoxPlan, plan_in_boxes
from posylka.domain.boxes import Box
from posylka.domain.ids import PostingNumber, Sku, StoreId
from posylka.domain.postings import Posting
from posylka.domain.shipping import Package, PackageLine
from posylka.services import box_choice, recipes
from posylka.services.ports import Clock, UnitOfWorkFactory
from posylka.services.ports.boxes import ExactPacker
from posylka.services.ports.shipping import ShippingGateway


def _override(uow: UnitOfWorkFactory, store_id: StoreId, posting_number: str) -> BoxPlan | None:
    with uow() as tx:
        latest = tx.boxes.latest_choice(store_id, PostingNumber(posting_number))
        if latest is None or not latest.is_override:
            return None
        details = tx.postings.details(store_id, posting_number)
        if details is None:
            return None
        chosen = [box for box in map(tx.boxes.get, latest.box_ids) if box is not None]
        if not chosen:
            return None
        recipe = recipes.posting_recipe(uow=tx, store_id=store_id, posting_number=posting_number)
        items = box_choice.pack_items(tx, details.posting)
    padding = recipe.padding_mm if recipe is not None else 0
    plan = plan_in_boxes(items, chosen, padding_mm=padding)
    return plan


async def station_plan(
    store_id: StoreId,
    posting_number: str,
    *,
    uow: UnitOfWorkFactory,
    gateway: ShippingGateway | None,
    exact: ExactPacker | None,
    clock: Clock,
) -> BoxPlan | None:
    """The boxes this posting goes out in as the station shows them; ``None`` when the posting
    is unknown."""
    override = _override(uow, store_id, posting_number)
    if override is not None:
        return override
    try:
        return await box_choice.recommend_for_posting(
            uow_factory=uow,
            gateway=gateway,
            exact=exact,
            store_id=store_id,
            posting_number=posting_number,
            clock=clock,
        )
    except box_choice.PostingNotFound:
        return None


def station_boxes(uow: UnitOfWorkFactory, posting: Posting) -> list[Box]:
    """The boxes a packer may choose from for this posting (active, serving its warehouse)."""
    with uow() as tx:
        return tx.boxes.boxes(posting.store_id, warehouse_id=posting.warehouse_id, active_only=True)


def packages_for(posting: Posting, plan: BoxPlan | None) -> tuple[Package, ...]:
    """What Ozon is told: one package per planned box when the plan holds every unit of the
    posting and has nothing to say about it, else the whole posting as one package."""
    wanted: dict[Sku, int] = {}
    for item in posting.items:
        wanted[item.sku] = wanted.get(item.sku, 0) + item.quantity
    if plan is not None and plan.boxes and not plan.problems:
        packages = plan.packages()
        planned: dict[Sku, int] = {}
        for package in packages:
            for line in package.lines:
                planned[line.sku] = planned.get(line.sku, 0) + line.quantity
        if planned == wanted:
            return packages
    return (Package(tuple(PackageLine(sku, n) for sku, n in wanted.items())),)
