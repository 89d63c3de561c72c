"""Box choice: the cheapest box, or set of boxes, that holds a posting's items.

The rules, in order:

- Only the warehouse's active boxes that pass the posting's limits take part. The limits are the
  drop-off point's (``/v1/posting/fbs/restrictions``); without them Ozon's regular limits apply
  (at most 25 kg and 1.8 × 0.8 × 0.8 m a parcel).
- Every item is padded by the recipe's padding on every side and may be turned any way (only about
  the vertical axis when it must stay upright).
- One box if one can hold everything: boxes are tried cheapest first, the first that holds the
  items wins. Otherwise the items are split over several boxes (each box then becomes one Ozon
  package, so each must pass the limits on its own), choosing the split that costs least.
- Gross weight is the items plus the box; volumetric weight is L × W × H / divisor (cm and kg;
  5000 by default), here computed from the inner size in millimetres straight to grams.
- What cannot be planned is said as problem codes (``item_too_large:<offer_id>``…) so the station
  can say it in one sentence and offer to choose a box by hand; units that could not be placed
  still travel in the plan so its packages list every unit of the posting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from posylka.domain.box_packing import (
    Dims,
    Fitter,
    Placement,
    Unit,
    fits_alone,
    pack_all,
    pack_some,
)
from posylka.domain.boxes import Box
from posylka.domain.catalogue import Dimensions
from posylka.domain.ids import OfferId, PostingNumber, Sku
from posylka.domain.shipping import Package, PackageLine, PostingRestrictions

DEFAULT_VOLUMETRIC_DIVISOR = 5000
"""cm³ per kg: the common courier divisor in Russia and the CIS."""

OZON_REGULAR_LIMITS = PostingRestrictions(
    posting_number=PostingNumber(""),
    max_weight_g=25_000,
    max_length_mm=1800,
    max_width_mm=800,
    max_height_mm=800,
)
"""Ozon's limits for a regular FBS parcel, used when the drop-off point's are not known."""

SPLIT_BUDGET_UNITS = 200
"""How much packing the splitting search may ask for, counted in units handed to the packer
(answers already known cost nothing). Once a split is in hand and the budget is spent, no further
split is tried (the first split is always finished). On the benchmark's 1,000 wholesale-like
postings no plan changed with it and the slowest took under 40 ms (docs/box-choice.md)."""


class Solver(StrEnum):
    HEURISTIC = "heuristic"
    EXACT = "exact"
    OVERRIDE = "override"


class Problem(StrEnum):
    """Why a plan is incomplete or doubtful; a code is ``<problem>:<offer_id or box code>``."""

    NO_BOXES = "no_boxes"
    ITEM_TOO_LARGE = "item_too_large"
    ITEM_TOO_HEAVY = "item_too_heavy"
    OVER_POSTING_LIMIT = "over_posting_limit"
    NO_DIMENSIONS = "no_dimensions"
    NO_WEIGHT = "no_weight"
    OVERRIDE_TOO_SMALL = "override_too_small"


def problem_code(problem: Problem, subject: str = "") -> str:
    return f"{problem.value}:{subject}" if subject else problem.value


def split_problem(code: str) -> tuple[str, str]:
    """``("item_too_large", "OFFER-1")`` from ``"item_too_large:OFFER-1"``."""
    kind, _, subject = code.partition(":")
    return kind, subject


@dataclass(frozen=True, slots=True)
class PackItem:
    """One line of a posting as the box choice sees it: the product's size, weight and whether
    it must stay upright; ``unit_price`` counts against the posting's price limit."""

    sku: Sku
    offer_id: OfferId
    quantity: int
    dimensions: Dimensions
    keep_upright: bool = False
    unit_price: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class PackedUnit:
    sku: Sku
    offer_id: OfferId
    quantity: int


@dataclass(frozen=True, slots=True)
class PackedBox:
    """One box of a plan with what goes in it; ``placements`` say where (empty for units whose
    size is unknown or for a packer's own choice that did not fit)."""

    box: Box
    units: tuple[PackedUnit, ...]
    gross_weight_g: int
    volumetric_weight_g: int
    fill_rate: float
    placements: tuple[Placement, ...] = ()


@dataclass(frozen=True, slots=True)
class BoxPlan:
    """The boxes a posting goes out in, what they cost, who chose them and what is wrong."""

    boxes: tuple[PackedBox, ...]
    cost: Decimal
    solver: str
    problems: tuple[str, ...] = ()

    def packages(self) -> tuple[Package, ...]:
        """One Ozon package per box, with its units by SKU (what ``ship`` is told)."""
        result = []
        for packed in self.boxes:
            quantities: dict[Sku, int] = {}
            for unit in packed.units:
                quantities[unit.sku] = quantities.get(unit.sku, 0) + unit.quantity
            result.append(Package(tuple(PackageLine(s, q) for s, q in quantities.items())))
        return tuple(result)

    @property
    def ok(self) -> bool:
        """A complete plan with nothing to say about it."""
        return bool(self.boxes) and not self.problems

    @property
    def box_count(self) -> int:
        return len(self.boxes)


def volumetric_weight_g(dims: Dims, divisor: int = DEFAULT_VOLUMETRIC_DIVISOR) -> int:
    """L × W × H (cm) / divisor in kg is L × W × H (mm) / divisor in grams."""
    length, width, height = dims
    return round(length * width * height / divisor)


def _sorted_fits(inner: Dims, limit: Dims) -> bool:
    return all(a <= b for a, b in zip(sorted(inner), sorted(limit), strict=True))


def _limit_dims(limits: PostingRestrictions) -> Dims:
    big = 10**6
    return (
        limits.max_length_mm or big,
        limits.max_width_mm or big,
        limits.max_height_mm or big,
    )


@dataclass(frozen=True, slots=True)
class _Choice:
    box: Box
    placements: tuple[Placement, ...]
    extra: tuple[Unit, ...] = ()
    """Units carried without a place: unknown sizes, or ones no box could take."""


_Spot = tuple[int, int, int, int, int, int, int]
"""A placement with its unit given by its position in the list that was packed."""


def _spots(units: Sequence[Unit], placements: Sequence[Placement]) -> tuple[_Spot, ...]:
    position = {u.index: n for n, u in enumerate(units)}
    return tuple((position[p.unit.index], p.x, p.y, p.z, p.dx, p.dy, p.dz) for p in placements)


def _placed(units: Sequence[Unit], spots: Sequence[_Spot]) -> tuple[Placement, ...]:
    return tuple(Placement(units[n], x, y, z, dx, dy, dz) for n, x, y, z, dx, dy, dz in spots)


class _Planner:
    """One posting's search over one catalogue, with the limits and the optional exact fitter.

    The splitting search asks the same questions many times (each greedy split starts from the
    whole posting, and its boxes are then swapped for cheaper ones), so every answer of the
    packers is kept for the posting, keyed by the box's size and the units' shapes in order: the
    packers see nothing else, so a kept answer is the one they would give again.
    """

    def __init__(
        self,
        boxes: Sequence[Box],
        limits: PostingRestrictions,
        exact: Fitter | None,
        split_budget: int = SPLIT_BUDGET_UNITS,
    ) -> None:
        self.limits = limits
        self.exact = exact
        self.split_budget = split_budget
        self._all: dict[tuple[object, ...], tuple[_Spot, ...] | None] = {}
        self._some: dict[tuple[object, ...], tuple[_Spot, ...]] = {}
        self.spent = 0
        """Units handed to ``pack_all`` or the exact fitter so far (answers not already kept)."""
        limit_dims = _limit_dims(limits)
        self.candidates = sorted(
            (b for b in boxes if b.active and _sorted_fits(b.dims, limit_dims)),
            key=lambda b: (b.cost, b.volume_mm3, b.code),
        )

    def weight_cap(self, box: Box) -> int:
        cap = box.max_weight_g
        if self.limits.max_weight_g is not None:
            cap = min(cap, self.limits.max_weight_g - box.own_weight_g)
        return cap

    def can_hold(self, box: Box, units: Sequence[Unit]) -> bool:
        if sum(u.weight_g for u in units) > self.weight_cap(box):
            return False
        price_cap = self.limits.max_price
        return price_cap is None or sum((u.price for u in units), Decimal(0)) <= price_cap

    def single(self, units: Sequence[Unit], *, exact: bool) -> _Choice | None:
        """The cheapest box that holds all the units."""
        volume = sum(u.volume for u in units)
        for box in self.candidates:
            if box.volume_mm3 < volume or not self.can_hold(box, units):
                continue
            placements = self._pack_all(box, units, exact=False)
            if (
                placements is None
                and exact
                and self.exact is not None
                and all(fits_alone(u, box.dims) for u in units)
            ):
                placements = self._pack_all(box, units, exact=True)
            if placements is not None:
                return _Choice(box, placements)
        return None

    def _pack_all(
        self, box: Box, units: Sequence[Unit], *, exact: bool
    ) -> tuple[Placement, ...] | None:
        key = (exact, box.dims, tuple(u.shape for u in units))
        if key not in self._all:
            fitter = self.exact if exact and self.exact is not None else pack_all
            self.spent += len(units)
            placements = fitter(box.dims, units)
            self._all[key] = None if placements is None else _spots(units, placements)
        spots = self._all[key]
        return None if spots is None else _placed(units, spots)

    def _pack_some(self, box: Box, units: Sequence[Unit]) -> tuple[Placement, ...]:
        cap = self.weight_cap(box)
        price_cap = self.limits.max_price
        key = (box.dims, cap, tuple((u.shape, u.weight_g, u.price) for u in units))
        if key not in self._some:
            placements, _ = pack_some(box.dims, units, weight_cap_g=cap, price_cap=price_cap)
            self._some[key] = _spots(units, placements)
        return _placed(units, self._some[key])

    def split(self, units: Sequence[Unit], *, exact: bool) -> list[_Choice] | None:
        """The cheapest of a few greedy splits: fill the box that packs most volume per rouble,
        or fill one box size again and again, until the rest fits one box; then each box is
        swapped for the cheapest that still holds its units.

        The largest fillers go first (they need the fewest steps and win most often), and once a
        split is in hand a split that spends past the budget (``SPLIT_BUDGET_UNITS``) is given
        up. Of equally cheap splits the one with fewer boxes wins, then the one the
        catalogue's order reaches first."""
        by_size = sorted(enumerate(self.candidates, 1), key=lambda r: -r[1].volume_mm3)
        runs: list[tuple[int, Box | None]] = [(0, None), *by_size]
        limit = self.spent + self.split_budget
        plans: list[tuple[Decimal, int, int, list[_Choice]]] = []
        for n, filler in runs:
            plan = self._greedy(units, filler, exact=exact, limit=limit if plans else None)
            if plan is not None:
                plans.append((sum((c.box.cost for c in plan), Decimal(0)), len(plan), n, plan))
        if not plans:
            return None
        return min(plans, key=lambda p: p[:3])[3]

    def _greedy(
        self, units: Sequence[Unit], filler: Box | None, *, exact: bool, limit: int | None = None
    ) -> list[_Choice] | None:
        """One greedy split, or ``None`` when it finds none or spends past ``limit``."""
        remaining = list(units)
        chosen: list[_Choice] = []
        while remaining:
            if limit is not None and self.spent > limit:
                return None
            last = self.single(remaining, exact=False)
            if last is not None:
                chosen.append(last)
                break
            step = self._fill(remaining, filler)
            if step is None:
                return None
            chosen.append(step)
            placed = {p.unit.index for p in step.placements}
            remaining = [u for u in remaining if u.index not in placed]
        return [self.single([p.unit for p in c.placements], exact=exact) or c for c in chosen]

    def _fill(self, units: Sequence[Unit], filler: Box | None) -> _Choice | None:
        best: tuple[float, _Choice] | None = None
        boxes = [filler] if filler is not None else self.candidates
        for box in boxes:
            placements = self._pack_some(box, units)
            if not placements:
                continue
            packed = sum(p.unit.volume for p in placements)
            score = packed / float(max(box.cost, Decimal("0.01")))
            if best is None or score > best[0]:
                best = (score, _Choice(box, placements))
        if best is None and filler is not None:
            return self._fill(units, None)
        return None if best is None else best[1]


def _units(items: Sequence[PackItem], padding_mm: int) -> tuple[list[Unit], list[Unit], list[str]]:
    """Units to place, units of unknown size, and the problems found on the way."""
    placeable: list[Unit] = []
    unknown: list[Unit] = []
    problems: list[str] = []
    index = 0
    pad = 2 * max(padding_mm, 0)
    for item in items:
        dims = item.dimensions
        sides = (dims.length_mm, dims.width_mm, dims.height_mm)
        known = all(side is not None and side > 0 for side in sides)
        if not known:
            problems.append(problem_code(Problem.NO_DIMENSIONS, item.offer_id))
        elif dims.weight_g is None:
            problems.append(problem_code(Problem.NO_WEIGHT, item.offer_id))
        length, width, height = (side or 0 for side in sides)
        for _ in range(item.quantity):
            unit = Unit(
                index=index,
                sku=item.sku,
                offer_id=item.offer_id,
                length=length + pad if known else 0,
                width=width + pad if known else 0,
                height=height + pad if known else 0,
                weight_g=dims.weight_g or 0,
                item_volume=length * width * height if known else 0,
                keep_upright=item.keep_upright,
                price=item.unit_price,
            )
            (placeable if known else unknown).append(unit)
            index += 1
    return placeable, unknown, problems


def _unplaceable(
    planner: _Planner, units: Sequence[Unit]
) -> tuple[list[Unit], list[Unit], list[str]]:
    """Split off units no candidate box can take alone, with the reason for each product."""
    ok: list[Unit] = []
    bad: list[Unit] = []
    problems: list[str] = []
    limits = planner.limits
    for unit in units:
        if any(
            fits_alone(unit, b.dims) and planner.can_hold(b, [unit]) for b in planner.candidates
        ):
            ok.append(unit)
            continue
        bad.append(unit)
        over_limit = (
            not _sorted_fits((unit.length, unit.width, unit.height), _limit_dims(limits))
            or (limits.max_weight_g is not None and unit.weight_g > limits.max_weight_g)
            or (limits.max_price is not None and unit.price > limits.max_price)
        )
        if over_limit:
            code = problem_code(Problem.OVER_POSTING_LIMIT, unit.offer_id)
        elif any(fits_alone(unit, b.dims) for b in planner.candidates):
            code = problem_code(Problem.ITEM_TOO_HEAVY, unit.offer_id)
        else:
            code = problem_code(Problem.ITEM_TOO_LARGE, unit.offer_id)
        if code not in problems:
            problems.append(code)
    return ok, bad, problems


def _packed(choice: _Choice, divisor: int) -> PackedBox:
    units = [p.unit for p in choice.placements] + list(choice.extra)
    counts: dict[tuple[Sku, OfferId], int] = {}
    for unit in units:
        key = (unit.sku, unit.offer_id)
        counts[key] = counts.get(key, 0) + 1
    box = choice.box
    item_volume = sum(u.item_volume for u in units)
    return PackedBox(
        box=box,
        units=tuple(PackedUnit(sku, offer, qty) for (sku, offer), qty in counts.items()),
        gross_weight_g=box.own_weight_g + sum(u.weight_g for u in units),
        volumetric_weight_g=volumetric_weight_g(box.dims, divisor),
        fill_rate=item_volume / box.volume_mm3 if box.volume_mm3 else 0.0,
        placements=choice.placements,
    )


def _plan(
    choices: Sequence[_Choice], solver: Solver, problems: Sequence[str], divisor: int
) -> BoxPlan:
    boxes = tuple(_packed(c, divisor) for c in choices)
    return BoxPlan(
        boxes=boxes,
        cost=sum((b.box.cost for b in boxes), Decimal(0)),
        solver=solver.value,
        problems=tuple(dict.fromkeys(problems)),
    )


def recommend(
    items: Sequence[PackItem],
    boxes: Sequence[Box],
    *,
    restrictions: PostingRestrictions | None = None,
    padding_mm: int = 0,
    volumetric_divisor: int = DEFAULT_VOLUMETRIC_DIVISOR,
    exact: Fitter | None = None,
    split_budget: int = SPLIT_BUDGET_UNITS,
) -> BoxPlan:
    """The cheapest boxes for the items (see the module's rules). With an ``exact`` fitter a box
    the heuristic cannot fill is asked of it too, so the plan never costs more than the
    heuristic's. ``split_budget`` bounds the search for a split (``SPLIT_BUDGET_UNITS``)."""
    planner = _Planner(boxes, restrictions or OZON_REGULAR_LIMITS, exact, split_budget)
    placeable, unknown, problems = _units(items, padding_mm)
    if not planner.candidates:
        return _plan(
            [], Solver.HEURISTIC, [problem_code(Problem.NO_BOXES), *problems], volumetric_divisor
        )
    placeable, bad, more = _unplaceable(planner, placeable)
    problems += more
    choices = _choose(planner, placeable, exact=False)
    solver = Solver.HEURISTIC
    if exact is not None:
        solver = Solver.EXACT
        exact_choices = _choose(planner, placeable, exact=True)
        if sum(c.box.cost for c in exact_choices) < sum(c.box.cost for c in choices):
            choices = exact_choices
    if not choices:
        known = [u for u in placeable]
        choices = [_Choice(_smallest(planner.candidates, known), ())]
    last = choices[-1]
    choices[-1] = replace(last, extra=(*last.extra, *unknown, *bad))
    return _plan(choices, solver, problems, volumetric_divisor)


def _choose(planner: _Planner, units: Sequence[Unit], *, exact: bool) -> list[_Choice]:
    if not units:
        return []
    single = planner.single(units, exact=exact)
    if single is not None:
        return [single]
    return planner.split(units, exact=exact) or []


def _smallest(boxes: Sequence[Box], units: Sequence[Unit]) -> Box:
    return min(boxes, key=lambda b: (b.volume_mm3, b.cost))


def plan_in_boxes(
    items: Sequence[PackItem],
    boxes: Sequence[Box],
    *,
    padding_mm: int = 0,
    volumetric_divisor: int = DEFAULT_VOLUMETRIC_DIVISOR,
) -> BoxPlan:
    """The packer's own choice of boxes, in the given order: units are laid in box by box; what
    does not fit goes in the box with the most room left, and the plan says the choice looks too
    small (the packer may know better: soft goods give)."""
    placeable, unknown, problems = _units(items, padding_mm)
    if not boxes:
        return _plan(
            [], Solver.OVERRIDE, [problem_code(Problem.NO_BOXES), *problems], volumetric_divisor
        )
    remaining = list(placeable)
    choices: list[_Choice] = []
    for box in boxes:
        placements, remaining = pack_some(box.dims, remaining, weight_cap_g=box.max_weight_g)
        choices.append(_Choice(box, placements))
    if remaining:
        problems.append(problem_code(Problem.OVERRIDE_TOO_SMALL, ",".join(b.code for b in boxes)))
    roomiest = max(
        range(len(choices)),
        key=lambda i: choices[i].box.volume_mm3 - sum(p.unit.volume for p in choices[i].placements),
    )
    choices[roomiest] = replace(choices[roomiest], extra=(*remaining, *unknown))
    return _plan(choices, Solver.OVERRIDE, problems, volumetric_divisor)
