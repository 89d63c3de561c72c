"""Evaluating packing rules: each condition kind, merging, and independence of line order."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from posylka.domain.catalogue import BatteryType, PackagingFlags
from posylka.domain.ids import OfferId
from posylka.domain.recipe_defaults import default_rules
from posylka.domain.recipe_rules import parse_rules
from posylka.domain.recipes import RecipeLine, RecipeStep, RuleSet, apply


def rules(*items: dict[str, object]) -> RuleSet:
    return parse_rules(list(items), version=3)


def line(offer: str, **flags: object) -> RecipeLine:
    return RecipeLine(OfferId(offer), 1, PackagingFlags(**flags))  # type: ignore[arg-type]


def matched(ruleset: RuleSet, **flags: object) -> bool:
    return apply(ruleset, [line("A", **flags)]).rules != ()


def test_a_flag_condition_holds_when_the_flag_is_set() -> None:
    r = rules({"name": "f", "when": ["fragile"]})
    assert matched(r, fragile=True)
    assert not matched(r)


def test_a_negated_flag_holds_when_the_flag_is_not_set() -> None:
    r = rules({"name": "f", "when": ["fragile", "not glass"]})
    assert matched(r, fragile=True)
    assert not matched(r, fragile=True, glass=True)


def test_battery_alone_means_any_battery() -> None:
    r = rules({"name": "b", "when": ["battery"]})
    assert matched(r, battery=BatteryType.NI_MH)
    assert not matched(r)


def test_a_threshold_compares_and_an_unknown_amount_never_holds() -> None:
    r = rules({"name": "big", "when": ["liquid_ml > 500"]})
    assert matched(r, liquid_ml=501)
    assert not matched(r, liquid_ml=500)
    assert not matched(r, liquid=True)


def test_each_comparison_operator() -> None:
    cases = {">=": (100, 99), "<=": (100, 101), "<": (99, 100), "==": (100, 101), "!=": (1, 100)}
    for op, (yes, no) in cases.items():
        r = rules({"name": op, "when": [f"liquid_ml {op} 100"]})
        assert matched(r, liquid_ml=yes), op
        assert not matched(r, liquid_ml=no), op


def test_a_decimal_threshold_on_battery_watt_hours() -> None:
    r = rules({"name": "wh", "when": ["battery_wh >= 20.5"]})
    assert matched(r, battery_wh=Decimal("20.5"))
    assert not matched(r, battery_wh=Decimal("20.4"))


def test_battery_in_lists_the_types_that_match() -> None:
    r = rules({"name": "li", "when": ["battery in (li_ion, li_metal)"]})
    assert matched(r, battery=BatteryType.LI_METAL)
    assert not matched(r, battery=BatteryType.ALKALINE)


def test_battery_equality_and_inequality() -> None:
    assert matched(rules({"name": "e", "when": ["battery == ni_mh"]}), battery=BatteryType.NI_MH)
    assert not matched(
        rules({"name": "n", "when": ["battery != ni_mh"]}), battery=BatteryType.NI_MH
    )


def test_a_rule_without_conditions_applies_once_to_the_whole_parcel() -> None:
    r = rules({"name": "card", "steps": ["Sign the card"], "inserts": ["after_sales_card"]})
    recipe = apply(r, [line("A"), line("B")])
    assert recipe.steps == (RecipeStep("", None, "Sign the card"),)
    assert recipe.inserts == ("after_sales_card",)


def test_steps_are_per_item_and_each_word_appears_once() -> None:
    r = rules({"name": "f", "when": ["fragile"], "steps": ["wrap_bubble"], "marks": ["fragile"]})
    recipe = apply(r, [line("B", fragile=True), line("A", fragile=True), line("C")])
    assert [(s.offer_id, s.code) for s in recipe.steps] == [
        ("A", "wrap_bubble"),
        ("B", "wrap_bubble"),
    ]
    assert recipe.marks == ("fragile",)
    assert recipe.version == 3


def test_padding_is_the_largest_any_matching_rule_asks() -> None:
    r = rules(
        {"name": "a", "when": ["fragile"], "padding_mm": 20},
        {"name": "b", "when": ["liquid"], "padding_mm": 10},
    )
    assert apply(r, [line("A", fragile=True), line("B", liquid=True)]).padding_mm == 20


def test_an_item_the_catalogue_lacks_warns_and_matches_nothing() -> None:
    recipe = apply(default_rules(), [RecipeLine(OfferId("X-9"), 1, None)])
    assert recipe.warnings == ("unknown_product:X-9",)
    assert recipe.steps == ()


FLAGS = st.builds(
    PackagingFlags,
    fragile=st.booleans(),
    liquid=st.booleans(),
    liquid_ml=st.none() | st.integers(0, 2000),
    glass=st.booleans(),
    battery=st.sampled_from(list(BatteryType)),
    battery_wh=st.none() | st.decimals(0, 300, places=1),
    aerosol=st.booleans(),
    flammable=st.booleans(),
    keep_upright=st.booleans(),
    needs_mark=st.booleans(),
)
LINES = st.lists(
    st.builds(
        RecipeLine,
        offer_id=st.sampled_from(["A", "B", "C", "D", "E"]).map(OfferId),
        quantity=st.integers(1, 3),
        flags=st.none() | FLAGS,
    ),
    max_size=6,
    unique_by=lambda ln: ln.offer_id,
)


@given(lines=LINES, order=st.randoms())
def test_the_recipe_does_not_depend_on_the_order_of_the_lines(
    lines: list[RecipeLine], order: object
) -> None:
    shuffled = list(lines)
    order.shuffle(shuffled)  # type: ignore[attr-defined]
    assert apply(default_rules(), shuffled) == apply(default_rules(), lines)
