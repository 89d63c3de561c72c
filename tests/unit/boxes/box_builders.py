"""Builders for the box choice tests: boxes and items with sensible defaults."""

from __future__ import annotations

from decimal import Decimal

from posylka.domain.box_choice import PackItem
from posylka.domain.boxes import Box, BoxKind
from posylka.domain.catalogue import Dimensions
from posylka.domain.ids import BoxId, OfferId, Sku, StoreId

_next_id = iter(range(1, 10**9))


def make_box(
    sides: tuple[int, int, int],
    cost: str,
    *,
    code: str = "",
    kind: BoxKind = BoxKind.BOX,
    max_weight_g: int = 20_000,
    own_weight_g: int = 100,
) -> Box:
    box_id = next(_next_id)
    return Box(
        id=BoxId(box_id),
        store_id=StoreId(1),
        warehouse_id=None,
        code=code or f"BOX-{box_id}",
        name=code or f"Box {box_id}",
        kind=kind,
        length_mm=sides[0],
        width_mm=sides[1],
        height_mm=sides[2],
        max_weight_g=max_weight_g,
        own_weight_g=own_weight_g,
        cost=Decimal(cost),
    )


def make_item(
    sides: tuple[int, int, int] | None,
    *,
    weight_g: int | None = 100,
    quantity: int = 1,
    offer_id: str = "ART-1",
    sku: int = 1,
    keep_upright: bool = False,
    price: str = "100",
) -> PackItem:
    dims = (
        Dimensions(*sides, weight_g=weight_g)
        if sides is not None
        else Dimensions(weight_g=weight_g)
    )
    return PackItem(
        sku=Sku(sku),
        offer_id=OfferId(offer_id),
        quantity=quantity,
        dimensions=dims,
        keep_upright=keep_upright,
        unit_price=Decimal(price),
    )
