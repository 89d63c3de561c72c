"""The packing rules a store starts with (version 0), written in the rule file's own format.

Sources (carriers-and-parcels reference §4.5–4.6): fragile goods need a "fragile" mark, bubble
wrap or corner protection and void fill or Ozon may refuse compensation; liquids travel upright,
caps sealed, with a "this way up" mark; lithium batteries carry the lithium battery mark (UN3480
for cells alone under PI965, UN3481 packed with (PI966) or contained in (PI967) equipment; lithium
metal UN3090/UN3091), and postal items take no loose cells; batteries over 100 Wh leave Section II
and go by ground; aerosols and flammables are assumed forbidden on air and postal lanes and need a
safety data sheet at Ozon.
"""

from __future__ import annotations

from typing import Any

from posylka.domain.recipe_rules import parse_rules
from posylka.domain.recipes import RuleSet

DEFAULT_RULES: list[dict[str, Any]] = [
    {
        "name": "fragile",
        "when": ["fragile"],
        "materials": ["bubble_wrap", "corner_protectors", "void_fill"],
        "steps": ["wrap_bubble", "protect_corners", "fill_voids"],
        "marks": ["fragile"],
        "padding_mm": 20,
    },
    {
        "name": "glass",
        "when": ["glass"],
        "materials": ["bubble_wrap", "void_fill"],
        "steps": ["wrap_each_separately", "fill_voids"],
        "marks": ["fragile"],
        "padding_mm": 20,
    },
    {
        "name": "liquid",
        "when": ["liquid"],
        "materials": ["leak_proof_bag", "absorbent_pad"],
        "steps": ["seal_cap", "bag_sealed", "add_absorbent", "keep_upright"],
        "marks": ["this_way_up"],
        "padding_mm": 10,
    },
    {
        "name": "liquid 100 ml or more",
        "when": ["liquid", "liquid_ml >= 100"],
        "steps": ["double_bag"],
    },
    {
        "name": "keep upright",
        "when": ["keep_upright"],
        "steps": ["keep_upright"],
        "marks": ["this_way_up"],
    },
    {
        "name": "lithium-ion battery",
        "when": ["battery in (li_ion)"],
        "materials": ["terminal_tape"],
        "steps": ["protect_terminals", "choose_lithium_mark", "no_loose_cells"],
        "marks": ["lithium_ion"],
    },
    {
        "name": "lithium metal battery",
        "when": ["battery in (li_metal)"],
        "materials": ["terminal_tape"],
        "steps": ["protect_terminals", "choose_lithium_mark", "no_loose_cells"],
        "marks": ["lithium_metal"],
    },
    {
        "name": "lithium battery over 100 Wh",
        "when": ["battery in (li_ion, li_metal)", "battery_wh > 100"],
        "block_lanes": ["air", "postal"],
        "warnings": ["battery_over_100wh", "ground_only"],
    },
    {
        "name": "aerosol",
        "when": ["aerosol"],
        "steps": ["cap_aerosol"],
        "block_lanes": ["air", "postal"],
        "warnings": ["ground_only", "msds_required"],
    },
    {
        "name": "flammable",
        "when": ["flammable"],
        "marks": ["flammable"],
        "block_lanes": ["air", "postal"],
        "warnings": ["ground_only", "msds_required"],
    },
    {
        "name": "marking code",
        "when": ["needs_mark"],
        "steps": ["scan_marking_code"],
    },
    {"name": "order details slip", "inserts": ["order_slip"]},
    {"name": "after-sales card", "inserts": ["after_sales_card"]},
]


def default_rules() -> RuleSet:
    """The built-in rule set, version 0 (in force until a store saves its own)."""
    return parse_rules(DEFAULT_RULES, version=0)
