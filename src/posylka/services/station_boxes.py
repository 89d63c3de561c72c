"""The boxes shown at the packing station: a packer's override when there is one, else posylka's
recommendation; and what Ozon is told the packages are.

An override is laid out again from its boxes without being recorded a second time (it was recorded
when the packer chose it); a recommendation is asked for afresh, which records it only when it
changed. The station shows the plan after every scan, and the exact solver may take a second on a
large posting, so a recommendation is kept for a short while in a ``PlanMemo``.
"""

from __future__ import annotations

from collections import OrderedDict
from datetime import datetime, timedelta

from posylka.domain.box_choice import DEFAULT_VOLUMETRIC_DIVISOR, BoxPlan, plan_in_boxes
from posylka.domain.boxes import Box
from posylka.domain.ids import PostingNumber, Sku, StoreId
from posylka.domain.postings import Posting
from posylka.domain.shipping import Package, PackageLine
from posylka.services import box_choice, recipes
from posylka.services.ports import Clock, UnitOfWorkFactory
from posylka.services.ports.boxes import ExactPacker
from posylka.services.ports.shipping import ShippingGateway

PLAN_MEMO_TTL = timedelta(minutes=2)
"""How long a recommendation is shown without being worked out again (a posting is packed in
well under that; a box catalogue change shows after it at the latest)."""


class PlanMemo:
    """Recent recommendations by store and posting, at most ``size`` of them, each kept for
    ``ttl``. One per web process; nothing in it must outlive a restart."""

    def __init__(self, size: int = 256, ttl: timedelta = PLAN_MEMO_TTL) -> None:
        self._plans: OrderedDict[tuple[StoreId, str], tuple[datetime, BoxPlan]] = OrderedDict()
        self._size = size
        self._ttl = ttl

    def get(self, store_id: StoreId, posting_number: str, *, now: datetime) -> BoxPlan | None:
        found = self._plans.get((store_id, posting_number))
        if found is None or now - found[0] > self._ttl:
            return None
        return found[1]

    def put(self, store_id: StoreId, posting_number: str, plan: BoxPlan, *, now: datetime) -> None:
        key = (store_id, posting_number)
        self._plans[key] = (now, plan)
        self._plans.move_to_end(key)
        while len(self._plans) > self._size:
            self._plans.popitem(last=False)


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
    volumetric_divisor: int = DEFAULT_VOLUMETRIC_DIVISOR,
    memo: PlanMemo | None = None,
) -> BoxPlan | None:
    """The boxes this posting goes out in as the station shows them; ``None`` when the posting
    is unknown. A packer's override always shows at once; a recommendation may come from
    ``memo``."""
    override = _override(uow, store_id, posting_number)
    if override is not None:
        return override
    now = clock.now()
    remembered = memo.get(store_id, posting_number, now=now) if memo is not None else None
    if remembered is not None:
        return remembered
    try:
        plan = await box_choice.recommend_for_posting(
            uow_factory=uow,
            gateway=gateway,
            exact=exact,
            store_id=store_id,
            posting_number=posting_number,
            clock=clock,
            volumetric_divisor=volumetric_divisor,
        )
    except box_choice.PostingNotFound:
        return None
    if memo is not None:
        memo.put(store_id, posting_number, plan, now=now)
    return plan


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
