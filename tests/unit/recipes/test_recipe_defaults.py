"""The built-in packing rules, one behaviour per rule (carriers-and-parcels reference §4.5–4.6)."""

from __future__ import annotations

from decimal import Decimal

from posylka.domain.catalogue import BatteryType, PackagingFlags
from posylka.domain.ids import OfferId
from posylka.domain.recipe_defaults import default_rules
from posylka.domain.recipes import Recipe, RecipeLine, apply


def recipe(**flags: object) -> Recipe:
    return apply(default_rules(), [RecipeLine(OfferId("A-1"), 1, PackagingFlags(**flags))])  # type: ignore[arg-type]


def step_codes(r: Recipe) -> list[str]:
    return [s.code for s in r.steps]


def test_a_plain_product_gets_only_the_inserts() -> None:
    r = recipe()
    assert r.is_plain
    assert r.inserts == ("order_slip", "after_sales_card")


def test_fragile_takes_bubble_wrap_corners_void_fill_and_the_fragile_mark() -> None:
    r = recipe(fragile=True)
    assert r.materials == ("bubble_wrap", "corner_protectors", "void_fill")
    assert step_codes(r) == ["wrap_bubble", "protect_corners", "fill_voids"]
    assert r.marks == ("fragile",)
    assert r.padding_mm == 20


def test_glass_is_wrapped_piece_by_piece_and_marked_fragile() -> None:
    r = recipe(glass=True)
    assert "wrap_each_separately" in step_codes(r)
    assert r.marks == ("fragile",)


def test_liquid_goes_into_a_sealed_bag_with_absorbent_and_upright_arrows() -> None:
    r = recipe(liquid=True, liquid_ml=50)
    assert r.materials == ("leak_proof_bag", "absorbent_pad")
    assert step_codes(r) == ["seal_cap", "bag_sealed", "add_absorbent", "keep_upright"]
    assert r.marks == ("this_way_up",)


def test_liquid_of_100_ml_or_more_is_bagged_twice() -> None:
    assert "double_bag" in step_codes(recipe(liquid=True, liquid_ml=100))
    assert "double_bag" not in step_codes(recipe(liquid=True, liquid_ml=99))


def test_keep_upright_gets_the_this_way_up_mark() -> None:
    assert recipe(keep_upright=True).marks == ("this_way_up",)


def test_lithium_ion_gets_its_mark_taped_terminals_and_no_loose_cells() -> None:
    r = recipe(battery=BatteryType.LI_ION, battery_wh=Decimal(12))
    assert r.marks == ("lithium_ion",)
    assert step_codes(r) == ["protect_terminals", "choose_lithium_mark", "no_loose_cells"]
    assert r.blocked_lanes == ()


def test_lithium_metal_gets_the_lithium_metal_mark() -> None:
    assert recipe(battery=BatteryType.LI_METAL).marks == ("lithium_metal",)


def test_alkaline_batteries_need_no_lithium_mark() -> None:
    assert recipe(battery=BatteryType.ALKALINE).is_plain


def test_lithium_battery_over_100_wh_is_kept_off_air_and_post() -> None:
    r = recipe(battery=BatteryType.LI_ION, battery_wh=Decimal("100.5"))
    assert r.blocked_lanes == ("air", "postal")
    assert "battery_over_100wh" in r.warnings


def test_lithium_battery_of_exactly_100_wh_may_fly() -> None:
    assert recipe(battery=BatteryType.LI_ION, battery_wh=Decimal(100)).blocked_lanes == ()


def test_aerosol_is_blocked_from_air_and_post_and_needs_an_msds() -> None:
    r = recipe(aerosol=True)
    assert r.blocked_lanes == ("air", "postal")
    assert r.warnings == ("ground_only", "msds_required")
    assert step_codes(r) == ["cap_aerosol"]


def test_flammable_is_blocked_from_air_and_post_and_marked() -> None:
    r = recipe(flammable=True)
    assert r.blocked_lanes == ("air", "postal")
    assert r.marks == ("flammable",)


def test_marked_goods_ask_for_the_marking_code_scan() -> None:
    assert step_codes(recipe(needs_mark=True)) == ["scan_marking_code"]
