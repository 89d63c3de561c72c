"""Packing recipes: rules that turn product flags into materials, steps, marks and inserts.

A store's packing rules are data (a versioned ``RuleSet``), not code. Each ``Rule`` has a
condition on a product's packaging flags (``fragile``, ``liquid_ml >= 100``, ``battery in
(li_ion, li_metal)``, ``battery_wh > 100``) and actions: materials to take, steps to follow, marks
to stick on the parcel, inserts to put in, padding to keep around every item when a box is chosen,
lanes the parcel must not travel by and warnings for the packer. A rule with no condition applies
to every posting (inserts such as the order details slip).

``apply`` evaluates a rule set over a posting's lines and merges what every matching rule asks
for into one ``Recipe``: each word once, in the rule set's order, steps per item they concern.
The result does not depend on the order of the lines.

Words are codes from a closed vocabulary (``MATERIALS``, ``STEPS``...) that the pages and slips
say in the reader's language; a manager may also write an entry in their own words (anything that
is not a lowercase code), which is shown as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from posylka.domain.catalogue import BatteryType, PackagingFlags
from posylka.domain.errors import PosylkaError
from posylka.domain.ids import OfferId, RecipeVersionId, StoreId, UserId

MATERIALS = (
    "bubble_wrap",
    "corner_protectors",
    "void_fill",
    "rigid_box",
    "leak_proof_bag",
    "absorbent_pad",
    "terminal_tape",
)
STEPS = (
    "wrap_bubble",
    "protect_corners",
    "fill_voids",
    "wrap_each_separately",
    "seal_cap",
    "bag_sealed",
    "add_absorbent",
    "double_bag",
    "keep_upright",
    "protect_terminals",
    "choose_lithium_mark",
    "no_loose_cells",
    "cap_aerosol",
    "scan_marking_code",
)
MARKS = ("fragile", "this_way_up", "lithium_ion", "lithium_metal", "flammable")
INSERTS = ("order_slip", "after_sales_card")
WARNINGS = ("battery_over_100wh", "ground_only", "msds_required", "unknown_product")
LANES = ("air", "postal", "ground")
"""Ways a parcel travels; aerosols, flammables and big lithium batteries are kept off air and
postal lanes (UPU/ICAO rules; carriers-and-parcels reference §4.6)."""

_T = TypeVar("_T")

MAX_PADDING_MM = 200
CODE = re.compile(r"^[a-z0-9_]+$")
"""An entry written like this is a vocabulary code; anything else is the manager's own words."""

UNKNOWN_PRODUCT = "unknown_product"
"""Warning added for an item the catalogue does not know: no rule can see its flags."""


class Field(StrEnum):
    """What a condition can test: a product's packaging flags."""

    FRAGILE = "fragile"
    LIQUID = "liquid"
    LIQUID_ML = "liquid_ml"
    GLASS = "glass"
    BATTERY = "battery"
    BATTERY_WH = "battery_wh"
    AEROSOL = "aerosol"
    FLAMMABLE = "flammable"
    KEEP_UPRIGHT = "keep_upright"
    NEEDS_MARK = "needs_mark"


BOOLEAN_FIELDS = frozenset(
    {
        Field.FRAGILE,
        Field.LIQUID,
        Field.GLASS,
        Field.BATTERY,
        Field.AEROSOL,
        Field.FLAMMABLE,
        Field.KEEP_UPRIGHT,
        Field.NEEDS_MARK,
    }
)
"""Fields a condition may name alone (``fragile``; ``battery`` alone means "has a battery")."""
NUMBER_FIELDS = frozenset({Field.LIQUID_ML, Field.BATTERY_WH})


class Op(StrEnum):
    IS = "is"
    NOT = "not"
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    EQ = "=="
    NE = "!="
    IN = "in"


@dataclass(frozen=True, slots=True)
class Condition:
    """One test on a product's flags, e.g. ``Condition(Field.LIQUID_ML, Op.GE, (Decimal(100),))``.

    ``values`` holds the threshold (numbers) or the battery types (``in``, ``==``, ``!=``)."""

    field: Field
    op: Op
    values: tuple[Decimal | str, ...] = ()

    def holds(self, flags: PackagingFlags) -> bool:
        if self.op is Op.IS or self.op is Op.NOT:
            value = flags.has_battery if self.field is Field.BATTERY else getattr(flags, self.field)
            return bool(value) is (self.op is Op.IS)
        if self.field is Field.BATTERY:
            present = flags.battery.value
            wanted = {str(v) for v in self.values}
            return (present in wanted) is (self.op is not Op.NE)
        number = getattr(flags, self.field)
        if number is None:
            return False
        return _compare(Decimal(number), self.op, Decimal(self.values[0]))

    def text(self) -> str:
        """The condition as a rule file writes it."""
        if self.op is Op.IS:
            return self.field.value
        if self.op is Op.NOT:
            return f"not {self.field.value}"
        if self.op is Op.IN:
            return f"{self.field.value} in ({', '.join(str(v) for v in self.values)})"
        return f"{self.field.value} {self.op.value} {self.values[0]}"


def _compare(left: Decimal, op: Op, right: Decimal) -> bool:
    match op:
        case Op.GE:
            return left >= right
        case Op.GT:
            return left > right
        case Op.LE:
            return left <= right
        case Op.LT:
            return left < right
        case Op.EQ:
            return left == right
        case Op.NE:
            return left != right
    return False


@dataclass(frozen=True, slots=True)
class Rule:
    """A named packing rule: when every condition holds for an item, its actions apply.

    No condition at all: the rule applies once to every posting (its steps concern no item)."""

    name: str
    when: tuple[Condition, ...] = ()
    materials: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    marks: tuple[str, ...] = ()
    inserts: tuple[str, ...] = ()
    padding_mm: int = 0
    block_lanes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()

    @property
    def for_every_posting(self) -> bool:
        return not self.when

    def matches(self, flags: PackagingFlags) -> bool:
        return all(c.holds(flags) for c in self.when)


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A store's packing rules as saved: ``version`` 0 is the built-in default set."""

    version: int
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class SavedRuleSet:
    """One saved version of a store's rules, with who saved it and when (never edited later)."""

    id: RecipeVersionId
    store_id: StoreId
    ruleset: RuleSet
    note: str
    saved_at: datetime
    saved_by: str
    user_id: UserId | None = None

    @property
    def version(self) -> int:
        return self.ruleset.version


class VersionTaken(PosylkaError):
    """Someone saved this version number of the store's rules between reading the rules in
    force and saving a new version: the new version was not saved, nothing else changed."""

    def __init__(self, store_id: StoreId, version: int) -> None:
        super().__init__(f"version {version} of store #{store_id}'s packing rules was just saved")
        self.store_id = store_id
        self.version = version


@dataclass(frozen=True, slots=True)
class RecipeLine:
    """One item of a posting as the rules see it; ``flags`` is ``None`` when the catalogue does
    not know the product."""

    offer_id: OfferId
    quantity: int
    flags: PackagingFlags | None


@dataclass(frozen=True, slots=True)
class RecipeStep:
    """One step of a recipe: a vocabulary ``code`` said in the reader's language, or (code
    empty) the manager's own ``text``; ``offer_id`` is the item it concerns (``None``: the
    whole parcel)."""

    code: str
    offer_id: OfferId | None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Recipe:
    """How to pack one posting, merged from every rule that matched."""

    version: int
    materials: tuple[str, ...] = ()
    steps: tuple[RecipeStep, ...] = ()
    marks: tuple[str, ...] = ()
    inserts: tuple[str, ...] = ()
    padding_mm: int = 0
    """Space to keep around every item when choosing a box."""
    blocked_lanes: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    """Names of the rules that matched, in the rule set's order."""

    @property
    def is_plain(self) -> bool:
        """Nothing special: no material, step, mark, lane or warning (inserts may remain)."""
        return not (
            self.materials or self.steps or self.marks or self.blocked_lanes or self.warnings
        )


def is_code(entry: str) -> bool:
    return CODE.match(entry) is not None


def step_of(entry: str, offer_id: OfferId | None) -> RecipeStep:
    if is_code(entry):
        return RecipeStep(entry, offer_id)
    return RecipeStep("", offer_id, entry)


def apply(ruleset: RuleSet, lines: Iterable[RecipeLine]) -> Recipe:
    """The recipe of a posting with these lines under ``ruleset``.

    Items of the same offer_id are one item. A product the catalogue does not know matches no
    item rule and adds an ``unknown_product:<offer_id>`` warning."""
    flags: dict[OfferId, PackagingFlags] = {}
    unknown: set[OfferId] = set()
    for line in lines:
        if line.quantity <= 0:
            continue
        if line.flags is None:
            unknown.add(line.offer_id)
        else:
            flags.setdefault(line.offer_id, line.flags)
    offers = sorted(flags)
    materials: list[str] = []
    steps: list[RecipeStep] = []
    marks: list[str] = []
    inserts: list[str] = []
    lanes: list[str] = []
    warnings: list[str] = []
    matched: list[str] = []
    padding = 0
    for rule in ruleset.rules:
        if rule.for_every_posting:
            targets: Sequence[OfferId | None] = [None]
        else:
            targets = [o for o in offers if rule.matches(flags[o])]
            if not targets:
                continue
        matched.append(rule.name)
        materials.extend(rule.materials)
        marks.extend(rule.marks)
        inserts.extend(rule.inserts)
        lanes.extend(rule.block_lanes)
        warnings.extend(rule.warnings)
        padding = max(padding, rule.padding_mm)
        for entry in rule.steps:
            steps.extend(step_of(entry, target) for target in targets)
    warnings.extend(f"{UNKNOWN_PRODUCT}:{offer}" for offer in sorted(unknown))
    return Recipe(
        version=ruleset.version,
        materials=_once(materials),
        steps=_once(steps),
        marks=_once(marks),
        inserts=_once(inserts),
        padding_mm=padding,
        blocked_lanes=_once(lanes),
        warnings=_once(warnings),
        rules=_once(matched),
    )


def _once(items: Iterable[_T]) -> tuple[_T, ...]:
    return tuple(dict.fromkeys(items))


def lines_of(
    items: Iterable[tuple[OfferId, int]], flags: dict[OfferId, PackagingFlags]
) -> list[RecipeLine]:
    """Recipe lines of a posting's items given the flags of the products the catalogue knows."""
    return [RecipeLine(offer, qty, flags.get(offer)) for offer, qty in items]


__all__ = [
    "INSERTS",
    "LANES",
    "MARKS",
    "MATERIALS",
    "STEPS",
    "WARNINGS",
    "BatteryType",
    "Condition",
    "Field",
    "Op",
    "Recipe",
    "RecipeLine",
    "RecipeStep",
    "Rule",
    "RuleSet",
    "SavedRuleSet",
    "apply",
]
