"""Placing units in one box: the geometry the box choice stands on.

Axes: x along the box's length, y along its width, z up its height. A unit may be turned any of
the six ways, or only about the vertical axis when it must stay upright (liquids). Sizes here are
the padded ones (the recipe's padding on every side), so two placements that touch keep the
padding between their items.

The heuristic is first-fit decreasing over extreme points: units go in largest first, each at the
lowest, then rearmost, then leftmost free corner where it fits; a few orders and ways of turning
(flat, upright, best fit) are tried until one holds everything. It takes a few milliseconds a
posting and never claims a fit that is not one; it may miss a tight fit the exact solver finds.
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
    """Orders worth trying: by volume, by the longest side, by the middle side, by height."""
    by_volume = sorted(units, key=lambda u: (-u.volume, -max(u.length, u.width, u.height)))
    by_edge = sorted(units, key=lambda u: (-max(u.length, u.width, u.height), -u.volume))
    by_area = sorted(units, key=lambda u: (-sorted((u.length, u.width, u.height))[1], -u.volume))
    by_height = sorted(units, key=lambda u: (-u.height, -u.volume))
    orders: list[list[Unit]] = [by_volume]
    for order in (by_edge, by_area, by_height):
        if order != by_volume and order not in orders:
            orders.append(order)
    return orders


def _flat(turn: Dims) -> tuple[int, ...]:
    return (turn[2], -turn[0] * turn[1])


def _flat_across(turn: Dims) -> tuple[int, ...]:
    return (turn[2], turn[0])


def _tall(turn: Dims) -> tuple[int, ...]:
    return (-turn[2], -turn[0])


_STRATEGIES: tuple[Callable[[Dims], tuple[int, ...]] | None, ...] = (
    _flat,
    _flat_across,
    _tall,
    None,
)
"""First fit laying each unit as flat as it goes (floors first), its long side along the box or
across it; first fit standing it up (columns first); and best fit (the corner and turn that
leave the least room)."""


class _Layout:
    """A box being filled: placements and the free corners (extreme points) left by them.

    A new unit's three far corners become free corners, each also pushed back toward the walls
    along the other two axes until it meets a unit, so later units can tuck in behind. Each
    placement is also kept as its two opposite corners, which is what the overlap tests read.
    """

    def __init__(self, box: Dims, prefer: Callable[[Dims], tuple[int, ...]] | None = _flat) -> None:
        self.box = box
        self.prefer = prefer
        self.placed: list[Placement] = []
        self.extents: list[tuple[int, int, int, int, int, int]] = []
        self.points: list[Dims] = [(0, 0, 0)]

    def _pushed(self, point: Dims, axis: int) -> Dims:
        others = [a for a in range(3) if a != axis]
        stop = 0
        for extent in self.extents:
            end = extent[axis + 3]
            if stop < end <= point[axis] and all(
                extent[a] <= point[a] < extent[a + 3] for a in others
            ):
                stop = end
        moved = list(point)
        moved[axis] = stop
        return (moved[0], moved[1], moved[2])

    def place(self, unit: Unit) -> bool:
        """Put the unit at the first free corner where it fits (lowest first), turned as
        ``prefer`` likes best; or, with ``prefer`` ``None``, at the corner and turn that leave the
        least room on the tightest side (best fit)."""
        length, width, height = self.box
        turns = rotations(unit)
        if self.prefer is not None:
            turns.sort(key=self.prefer)
        extents = self.extents
        best: tuple[tuple[int, int], Placement, Dims] | None = None
        for point in self.points:
            x, y, z = point
            for dx, dy, dz in turns:
                x2, y2, z2 = x + dx, y + dy, z + dz
                if x2 > length or y2 > width or z2 > height:
                    continue
                if any(
                    x < qx2 and qx < x2 and y < qy2 and qy < y2 and z < qz2 and qz < z2
                    for qx, qy, qz, qx2, qy2, qz2 in extents
                ):
                    continue
                candidate = Placement(unit, x, y, z, dx, dy, dz)
                if self.prefer is not None:
                    self._take(candidate, point)
                    return True
                room = min(length - x2, width - y2, height - z2)
                if best is None or (room, z) < best[0]:
                    best = ((room, z), candidate, point)
        if best is None:
            return False
        self._take(best[1], best[2])
        return True

    def _take(self, placement: Placement, point: Dims) -> None:
        length, width, height = self.box
        x, y, z = placement.x, placement.y, placement.z
        dx, dy, dz = placement.dx, placement.dy, placement.dz
        self.placed.append(placement)
        self.extents.append((x, y, z, x + dx, y + dy, z + dz))
        points = [p for p in self.points if p != point]
        corners = (((x + dx, y, z), (1, 2)), ((x, y + dy, z), (0, 2)), ((x, y, z + dz), (0, 1)))
        for corner, axes in corners:
            for new in (corner, *(self._pushed(corner, a) for a in axes)):
                if new[0] < length and new[1] < width and new[2] < height:
                    points.append(new)
        self.points = sorted(set(points), key=lambda p: (p[2], p[1], p[0]))


def pack_all(box: Dims, units: Sequence[Unit]) -> tuple[Placement, ...] | None:
    """Every unit placed in the box, or ``None`` when the heuristic finds no way."""
    if not units:
        return ()
    if sum(u.volume for u in units) > box[0] * box[1] * box[2]:
        return None
    if not all(fits_alone(u, box) for u in units):
        return None
    for prefer in _STRATEGIES:
        for order in _orders(units):
            layout = _Layout(box, prefer)
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
