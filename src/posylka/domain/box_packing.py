"""Placing units in one box: the geometry the box choice stands on.

Axes: x along the box's length, y along its width, z up its height. A unit may be turned any of
the six ways, or only about the vertical axis when it must stay upright (liquids). Sizes here are
the padded ones (the recipe's padding on every side), so two placements that touch keep the
padding between their items.

The heuristic is first-fit decreasing over extreme points: units go in largest first, each at the
lowest, then rearmost, then leftmost free corner where it fits, laid as flat as that corner
allows. It is fast (a few milliseconds for a posting) and never claims a fit that is not one; it
may miss a tight fit the exact solver finds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import permutations

from posylka.domain.ids import OfferId, Sku

Dims = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class Unit:
    """One physical unit of a posting to place; ``length``/``width``/``height`` include padding,
    ``item_volume`` is the unit's own volume (what fill rates count)."""

    index: int
    sku: Sku
    offer_id: OfferId
    length: int
    width: int
    height: int
    weight_g: int
    item_volume: int
    keep_upright: bool = False
    price: Decimal = Decimal(0)

    @property
    def volume(self) -> int:
        return self.length * self.width * self.height

    @property
    def shape(self) -> tuple[Dims, bool]:
        """What makes two units interchangeable in a box."""
        return ((self.length, self.width, self.height), self.keep_upright)


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a unit lies in a box: its corner nearest the origin and its size along each axis."""

    unit: Unit
    x: int
    y: int
    z: int
    dx: int
    dy: int
    dz: int

    def overlaps(self, other: Placement) -> bool:
        return (
            self.x < other.x + other.dx
            and other.x < self.x + self.dx
            and self.y < other.y + other.dy
            and other.y < self.y + self.dy
            and self.z < other.z + other.dz
            and other.z < self.z + self.dz
        )


Fitter = Callable[[Dims, Sequence[Unit]], "tuple[Placement, ...] | None"]
"""Places every unit in a box of the given inner size, or answers ``None`` when it cannot (or
could not prove it can in its time)."""


def rotations(unit: Unit) -> list[Dims]:
    """The distinct ways a unit can lie: six turns, or two when it must stay upright."""
    if unit.keep_upright:
        turns = [(unit.length, unit.width, unit.height), (unit.width, unit.length, unit.height)]
    else:
        sides = (unit.length, unit.width, unit.height)
        turns = [(sides[a], sides[b], sides[c]) for a, b, c in permutations(range(3))]
    return list(dict.fromkeys(turns))


def fits_alone(unit: Unit, box: Dims) -> bool:
    """Whether the unit fits an empty box of this size in some allowed turn."""
    length, width, height = box
    return any(dx <= length and dy <= width and dz <= height for dx, dy, dz in rotations(unit))


def _orders(units: Sequence[Unit]) -> list[list[Unit]]:
    """Orders worth trying: by volume, then by the longest side, then by the floor area."""
    by_volume = sorted(units, key=lambda u: (-u.volume, -max(u.length, u.width, u.height)))
    by_edge = sorted(units, key=lambda u: (-max(u.length, u.width, u.height), -u.volume))
    by_area = sorted(units, key=lambda u: (-sorted((u.length, u.width, u.height))[1], -u.volume))
    orders: list[list[Unit]] = [by_volume]
    for order in (by_edge, by_area):
        if order != by_volume and order not in orders:
            orders.append(order)
    return orders


class _Layout:
    """A box being filled: placements and the free corners (extreme points) left by them."""

    def __init__(self, box: Dims) -> None:
        self.box = box
        self.placed: list[Placement] = []
        self.points: list[Dims] = [(0, 0, 0)]

    def place(self, unit: Unit) -> bool:
        length, width, height = self.box
        turns = sorted(rotations(unit), key=lambda d: (d[2], -d[0] * d[1]))
        for point in self.points:
            x, y, z = point
            for dx, dy, dz in turns:
                if x + dx > length or y + dy > width or z + dz > height:
                    continue
                candidate = Placement(unit, x, y, z, dx, dy, dz)
                if any(candidate.overlaps(other) for other in self.placed):
                    continue
                self.placed.append(candidate)
                self.points.remove(point)
                for new in ((x + dx, y, z), (x, y + dy, z), (x, y, z + dz)):
                    if new[0] < length and new[1] < width and new[2] < height:
                        self.points.append(new)
                self.points = sorted(set(self.points), key=lambda p: (p[2], p[1], p[0]))
                return True
        return False


def pack_all(box: Dims, units: Sequence[Unit]) -> tuple[Placement, ...] | None:
    """Every unit placed in the box, or ``None`` when the heuristic finds no way."""
    if not units:
        return ()
    if sum(u.volume for u in units) > box[0] * box[1] * box[2]:
        return None
    if not all(fits_alone(u, box) for u in units):
        return None
    for order in _orders(units):
        layout = _Layout(box)
        if all(layout.place(unit) for unit in order):
            return tuple(layout.placed)
    return None


def pack_some(
    box: Dims, units: Sequence[Unit], *, weight_cap_g: int, price_cap: Decimal | None = None
) -> tuple[tuple[Placement, ...], list[Unit]]:
    """As many units as fit in one box within its weight (and the posting's price) cap, largest
    first; returns the placements and the units left over, in their given order."""
    layout = _Layout(box)
    weight = 0
    price = Decimal(0)
    taken: set[int] = set()
    for unit in _orders(units)[0]:
        if weight + unit.weight_g > weight_cap_g:
            continue
        if price_cap is not None and price + unit.price > price_cap:
            continue
        if layout.place(unit):
            weight += unit.weight_g
            price += unit.price
            taken.add(unit.index)
    return tuple(layout.placed), [u for u in units if u.index not in taken]
