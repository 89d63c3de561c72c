"""The packaging catalogue: boxes, Ozon courier bags and padded envelopes a warehouse packs into.

A box is described by its inner size (what fits inside), the weight it may carry, its own weight
and what one costs. A bag or an envelope is described the same way: its inner length and width
laid flat and the thickness it takes when filled as its height (a simplification: soft packaging
is treated as a rigid box of that size). A box with no warehouse belongs to every warehouse of
its store.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from posylka.domain.ids import BoxId, PostingNumber, StoreId, UserId, WarehouseId

CODE_MAX = 40
NAME_MAX = 200
SIDE_MAX_MM = 3000
"""Larger than any parcel Ozon takes (bulky goods: 2.5 m); a typo guard, not a rule."""
WEIGHT_MAX_G = 200_000
COST_MAX = Decimal("100000")


class BoxKind(StrEnum):
    """What the packaging is: it matters for how it is packed and for the volumetric weight."""

    BOX = "box"
    BAG = "bag"
    ENVELOPE = "envelope"


@dataclass(frozen=True, slots=True)
class BoxSpec:
    """A box as a form, a file or the default catalogue describes it: everything but its ids."""

    code: str
    name: str
    kind: BoxKind
    length_mm: int
    width_mm: int
    height_mm: int
    max_weight_g: int
    own_weight_g: int
    cost: Decimal
    warehouse_id: WarehouseId | None = None
    active: bool = True


@dataclass(frozen=True, slots=True)
class Box:
    """One packaging of a store's catalogue; sizes are inner, in millimetres; weights in grams."""

    id: BoxId
    store_id: StoreId
    warehouse_id: WarehouseId | None
    code: str
    name: str
    kind: BoxKind
    length_mm: int
    width_mm: int
    height_mm: int
    max_weight_g: int
    own_weight_g: int
    cost: Decimal
    active: bool = True

    @property
    def dims(self) -> tuple[int, int, int]:
        return (self.length_mm, self.width_mm, self.height_mm)

    @property
    def volume_mm3(self) -> int:
        return self.length_mm * self.width_mm * self.height_mm

    def serves(self, warehouse_id: WarehouseId | None) -> bool:
        """Whether this box may be used for a posting shipped from ``warehouse_id``."""
        return self.warehouse_id is None or self.warehouse_id == warehouse_id

    def spec(self) -> BoxSpec:
        return BoxSpec(
            code=self.code,
            name=self.name,
            kind=self.kind,
            length_mm=self.length_mm,
            width_mm=self.width_mm,
            height_mm=self.height_mm,
            max_weight_g=self.max_weight_g,
            own_weight_g=self.own_weight_g,
            cost=self.cost,
            warehouse_id=self.warehouse_id,
            active=self.active,
        )


class BoxRejected(ValueError):
    """A box description that cannot be kept. ``field`` names the bad value, ``reason`` is a code
    (``required``, ``too_long``, ``not_a_number``, ``out_of_range``, ``unknown_kind``,
    ``duplicate``) and ``params`` the numbers, so a page can say it in the reader's language."""

    def __init__(self, field: str, reason: str, **params: int | str) -> None:
        details = ", ".join(f"{k}={v}" for k, v in params.items())
        super().__init__(f"{field}: {reason}" + (f" ({details})" if details else ""))
        self.field = field
        self.reason = reason
        self.params = params


def _whole(field: str, raw: str, low: int, high: int) -> int:
    text = raw.strip()
    if not text:
        raise BoxRejected(field, "required")
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise BoxRejected(field, "not_a_number", value=text) from None
    if value != value.to_integral_value():
        raise BoxRejected(field, "not_a_number", value=text)
    if not low <= value <= high:
        raise BoxRejected(field, "out_of_range", low=low, high=high)
    return int(value)


def parse_box(
    *,
    code: str,
    name: str,
    kind: str,
    length_mm: str,
    width_mm: str,
    height_mm: str,
    max_weight_g: str,
    own_weight_g: str,
    cost: str,
    warehouse_id: str = "",
    active: bool = True,
) -> BoxSpec:
    """A box from text fields (a form or a CSV row); ``BoxRejected`` names the first bad one."""
    clean_code = code.strip()
    if not clean_code:
        raise BoxRejected("code", "required")
    if len(clean_code) > CODE_MAX:
        raise BoxRejected("code", "too_long", limit=CODE_MAX)
    clean_name = name.strip() or clean_code
    if len(clean_name) > NAME_MAX:
        raise BoxRejected("name", "too_long", limit=NAME_MAX)
    try:
        box_kind = BoxKind((kind.strip() or "box").lower())
    except ValueError:
        raise BoxRejected("kind", "unknown_kind", value=kind.strip()) from None
    sides = [
        _whole(field, raw, 1, SIDE_MAX_MM)
        for field, raw in (
            ("length_mm", length_mm),
            ("width_mm", width_mm),
            ("height_mm", height_mm),
        )
    ]
    max_weight = _whole("max_weight_g", max_weight_g, 1, WEIGHT_MAX_G)
    own_weight = _whole("own_weight_g", own_weight_g or "0", 0, WEIGHT_MAX_G)
    cost_text = cost.strip().replace(",", ".") or "0"
    try:
        money = Decimal(cost_text)
    except InvalidOperation:
        raise BoxRejected("cost", "not_a_number", value=cost.strip()) from None
    if not money.is_finite() or not Decimal(0) <= money <= COST_MAX:
        raise BoxRejected("cost", "out_of_range", low=0, high=int(COST_MAX))
    warehouse = None
    if warehouse_id.strip():
        warehouse = WarehouseId(_whole("warehouse_id", warehouse_id, 1, 2**62))
    return BoxSpec(
        code=clean_code,
        name=clean_name,
        kind=box_kind,
        length_mm=sides[0],
        width_mm=sides[1],
        height_mm=sides[2],
        max_weight_g=max_weight,
        own_weight_g=own_weight,
        cost=money.quantize(Decimal("0.01")),
        warehouse_id=warehouse,
        active=active,
    )


def _spec(
    code: str, name: str, kind: BoxKind, sides: str, max_g: int, own_g: int, cost: str
) -> BoxSpec:
    length, width, height = (int(part) for part in sides.split("x"))
    return BoxSpec(code, name, kind, length, width, height, max_g, own_g, Decimal(cost))


DEFAULT_BOXES: tuple[BoxSpec, ...] = (
    _spec("ENV-S", "Padded envelope S", BoxKind.ENVELOPE, "180x160x30", 1000, 15, "9.00"),
    _spec("ENV-M", "Padded envelope M", BoxKind.ENVELOPE, "240x180x40", 2000, 25, "14.00"),
    _spec("BAG-S", "Courier bag S", BoxKind.BAG, "250x200x60", 3000, 12, "6.00"),
    _spec("BAG-M", "Courier bag M", BoxKind.BAG, "350x300x80", 5000, 20, "9.00"),
    _spec("BAG-L", "Courier bag L", BoxKind.BAG, "450x400x120", 10000, 35, "13.00"),
    _spec("BOX-S", "Corrugated box S", BoxKind.BOX, "200x150x100", 5000, 110, "22.00"),
    _spec("BOX-M", "Corrugated box M", BoxKind.BOX, "300x200x150", 10000, 200, "32.00"),
    _spec("BOX-L", "Corrugated box L", BoxKind.BOX, "400x300x200", 20000, 340, "48.00"),
    _spec("BOX-XL", "Corrugated box XL", BoxKind.BOX, "600x400x400", 25000, 700, "85.00"),
)
"""A starting catalogue for a store that has none. The sizes are common Russian e-commerce
sizes (corrugated boxes S–XL, courier bags, padded envelopes) and the costs are examples: every
seller edits them to what they buy."""


@dataclass(frozen=True, slots=True)
class BoxChoiceRecord:
    """A box choice as recorded for a posting: posylka's recommendation, or a packer's override
    kept next to the recommendation it replaced."""

    store_id: StoreId
    posting_number: PostingNumber
    solver: str
    box_ids: tuple[BoxId, ...]
    box_codes: tuple[str, ...]
    cost: Decimal
    problems: tuple[str, ...]
    chosen_at: datetime
    user_id: UserId | None = None
    recommended_box_ids: tuple[BoxId, ...] = ()
    recommended_box_codes: tuple[str, ...] = ()
    recommended_cost: Decimal | None = None

    @property
    def is_override(self) -> bool:
        return self.solver == "override"
