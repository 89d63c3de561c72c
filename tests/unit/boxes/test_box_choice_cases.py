"""Box choice against hand-checked cases: each case's answer was worked out on paper."""

from __future__ import annotations

from decimal import Decimal

from tests.unit.boxes.box_builders import make_box, make_item

from posylka.domain.box_choice import (
    BoxPlan,
    plan_in_boxes,
    recommend,
    volumetric_weight_g,
)
from posylka.domain.boxes import BoxKind
from posylka.domain.ids import PostingNumber, Sku
from posylka.domain.shipping import Package, PackageLine, PostingRestrictions


def codes(plan: BoxPlan) -> list[str]:
    return [packed.box.code for packed in plan.boxes]


def test_an_item_fits_exactly_when_turned_on_its_side() -> None:
    box = make_box((300, 200, 100), "30", code="M")
    item = make_item((100, 300, 200))

    plan = recommend([item], [box])

    assert codes(plan) == ["M"]
    assert plan.boxes[0].fill_rate == 1.0


def test_keep_upright_forbids_laying_an_item_down() -> None:
    low = make_box((300, 200, 100), "30", code="LOW")
    tall = make_box((300, 300, 300), "50", code="TALL")
    bottle = make_item((100, 300, 200), keep_upright=True)

    plan = recommend([bottle], [low, tall])

    assert codes(plan) == ["TALL"]


def test_two_items_go_side_by_side_in_one_box() -> None:
    small = make_box((200, 200, 100), "20", code="S")
    pair = make_box((400, 200, 100), "30", code="PAIR")
    item = make_item((200, 200, 100), quantity=2)

    plan = recommend([item], [small, pair])

    assert codes(plan) == ["PAIR"]
    assert plan.boxes[0].units[0].quantity == 2


def test_two_flat_items_lie_side_by_side_across_a_bag() -> None:
    bag = make_box((350, 300, 80), "9", code="BAG-M", kind=BoxKind.BAG)
    larger = make_box((450, 400, 120), "13", code="BAG-L", kind=BoxKind.BAG)
    # 169 + 169 = 338 ≤ 350 along the bag, 210 ≤ 300 across it, 62 ≤ 80 high.
    item = make_item((210, 169, 62), quantity=2)

    plan = recommend([item], [bag, larger])

    assert codes(plan) == ["BAG-M"]


def test_the_cheapest_box_that_holds_the_items_wins_over_a_smaller_dearer_one() -> None:
    snug = make_box((210, 160, 60), "40", code="SNUG")
    roomy = make_box((400, 300, 200), "25", code="ROOMY")

    plan = recommend([make_item((200, 150, 50))], [snug, roomy])

    assert codes(plan) == ["ROOMY"]
    assert plan.cost == Decimal("25")


def test_a_bag_is_chosen_over_a_box_when_it_costs_less() -> None:
    box = make_box((300, 200, 150), "32", code="BOX-M")
    bag = make_box((350, 300, 80), "9", code="BAG-M", kind=BoxKind.BAG)

    plan = recommend([make_item((280, 200, 40))], [box, bag])

    assert codes(plan) == ["BAG-M"]


def test_a_box_is_chosen_when_the_item_is_too_thick_for_the_bag() -> None:
    box = make_box((300, 200, 150), "32", code="BOX-M")
    bag = make_box((350, 300, 80), "9", code="BAG-M", kind=BoxKind.BAG)

    plan = recommend([make_item((280, 200, 120))], [box, bag])

    assert codes(plan) == ["BOX-M"]


def test_weight_over_the_box_limit_splits_the_posting_into_two_boxes() -> None:
    box = make_box((400, 300, 300), "40", code="B", max_weight_g=10_000)
    dumbbell = make_item((100, 100, 100), weight_g=6_000, quantity=2)

    plan = recommend([dumbbell], [box])

    assert codes(plan) == ["B", "B"]
    assert [p.units[0].quantity for p in plan.boxes] == [1, 1]


def test_a_split_with_no_search_budget_left_still_holds_every_unit() -> None:
    bag = make_box((300, 200, 100), "8", code="BAG", max_weight_g=3_000)
    box = make_box((400, 300, 300), "40", code="B", max_weight_g=10_000)
    books = make_item((200, 140, 30), weight_g=900, quantity=7, offer_id="BOOK", sku=1)
    kettle = make_item((230, 170, 250), weight_g=1_500, quantity=3, offer_id="KETTLE", sku=2)

    plan = recommend([books, kettle], [bag, box], split_budget=0)

    assert plan.ok
    assert plan.box_count > 1
    assert sum(len(p.placements) for p in plan.boxes) == 10


def test_the_posting_weight_limit_splits_what_the_box_could_carry() -> None:
    box = make_box((400, 300, 300), "40", code="B", max_weight_g=25_000, own_weight_g=500)
    limits = PostingRestrictions(PostingNumber("1-1-1"), max_weight_g=10_000)
    item = make_item((100, 100, 100), weight_g=4_000, quantity=3)

    plan = recommend([item], [box], restrictions=limits)

    assert sorted(p.units[0].quantity for p in plan.boxes) == [1, 2]
    assert all(p.gross_weight_g <= 10_000 for p in plan.boxes)


def test_the_posting_size_limit_rules_out_a_box_larger_than_it() -> None:
    small = make_box((300, 200, 150), "30", code="S")
    large = make_box((600, 400, 400), "20", code="XL")
    limits = PostingRestrictions(
        PostingNumber("1-1-1"), max_length_mm=500, max_width_mm=400, max_height_mm=400
    )

    plan = recommend([make_item((250, 150, 100))], [small, large], restrictions=limits)

    assert codes(plan) == ["S"]


def test_the_posting_price_limit_splits_dear_units() -> None:
    box = make_box((400, 300, 300), "40", code="B")
    limits = PostingRestrictions(PostingNumber("1-1-1"), max_price=Decimal("150000"))
    phone = make_item((160, 80, 10), price="100000", quantity=2)

    plan = recommend([phone], [box], restrictions=limits)

    assert len(plan.boxes) == 2


def test_an_item_larger_than_every_box_is_named_as_the_problem() -> None:
    box = make_box((300, 200, 150), "30")
    ski = make_item((1700, 150, 100), offer_id="SKI-1")

    plan = recommend([ski], [box])

    assert plan.problems == ("item_too_large:SKI-1",)
    assert not plan.ok


def test_an_item_heavier_than_every_box_may_carry_is_named_as_the_problem() -> None:
    box = make_box((300, 300, 300), "30", max_weight_g=5_000)
    anvil = make_item((100, 100, 100), weight_g=8_000, offer_id="ANVIL")

    plan = recommend([anvil], [box])

    assert plan.problems == ("item_too_heavy:ANVIL",)


def test_an_item_over_ozon_posting_limit_is_named_as_such() -> None:
    box = make_box((2000, 900, 900), "300")
    limits = PostingRestrictions(PostingNumber("1-1-1"), max_weight_g=25_000)
    safe = make_item((500, 500, 500), weight_g=30_000, offer_id="SAFE")

    plan = recommend([safe], [box], restrictions=limits)

    assert plan.problems == ("over_posting_limit:SAFE",)


def test_items_without_sizes_go_in_the_box_chosen_for_the_known_ones_and_are_named() -> None:
    small = make_box((200, 150, 100), "20", code="S")
    large = make_box((400, 300, 200), "40", code="L")
    known = make_item((150, 100, 50), offer_id="MUG", sku=1)
    unknown = make_item(None, offer_id="GIFT", sku=2)

    plan = recommend([known, unknown], [small, large])

    assert codes(plan) == ["S"]
    assert plan.problems == ("no_dimensions:GIFT",)
    assert {u.offer_id for u in plan.boxes[0].units} == {"MUG", "GIFT"}


def test_a_posting_with_no_sizes_at_all_falls_back_to_the_smallest_box() -> None:
    small = make_box((200, 150, 100), "20", code="S")
    large = make_box((400, 300, 200), "15", code="L")

    plan = recommend([make_item(None, offer_id="GIFT")], [small, large])

    assert codes(plan) == ["S"]
    assert plan.problems == ("no_dimensions:GIFT",)


def test_an_empty_catalogue_is_a_problem_of_its_own() -> None:
    plan = recommend([make_item((100, 100, 100))], [])

    assert plan.problems == ("no_boxes",)
    assert plan.boxes == ()


def test_padding_makes_a_snug_box_too_small() -> None:
    snug = make_box((200, 150, 100), "20", code="SNUG")
    roomy = make_box((250, 200, 150), "30", code="ROOMY")
    item = make_item((200, 150, 100))

    assert codes(recommend([item], [snug, roomy])) == ["SNUG"]
    assert codes(recommend([item], [snug, roomy], padding_mm=10)) == ["ROOMY"]


def test_gross_weight_counts_the_box_and_volumetric_weight_uses_the_divisor() -> None:
    box = make_box((400, 300, 200), "40", own_weight_g=300)
    plan = recommend([make_item((100, 100, 100), weight_g=1_200, quantity=2)], [box])

    assert plan.boxes[0].gross_weight_g == 2_700
    assert plan.boxes[0].volumetric_weight_g == 4_800  # 40 × 30 × 20 cm / 5000 = 4.8 kg
    assert volumetric_weight_g((400, 300, 200), 6000) == 4_000


def test_packages_list_one_package_per_box_with_units_by_sku() -> None:
    box = make_box((400, 300, 300), "40", max_weight_g=10_000)
    heavy = make_item((100, 100, 100), weight_g=6_000, quantity=2, sku=7)

    plan = recommend([heavy], [box])

    assert plan.packages() == (
        Package((PackageLine(Sku(7), 1),)),
        Package((PackageLine(Sku(7), 1),)),
    )


def test_a_retired_box_is_never_recommended() -> None:
    cheap = make_box((400, 300, 300), "10", code="OLD")
    retired = type(cheap)(**{**{f: getattr(cheap, f) for f in cheap.__slots__}, "active": False})
    dear = make_box((400, 300, 300), "40", code="NEW")

    plan = recommend([make_item((100, 100, 100))], [retired, dear])

    assert codes(plan) == ["NEW"]


def test_an_override_keeps_the_packer_boxes_and_says_when_they_look_too_small() -> None:
    small = make_box((200, 150, 100), "20", code="S")
    item = make_item((150, 100, 80), quantity=3, offer_id="MUG")

    plan = plan_in_boxes([item], [small])

    assert plan.solver == "override"
    assert codes(plan) == ["S"]
    assert plan.boxes[0].units[0].quantity == 3
    assert plan.problems == ("override_too_small:S",)


def test_an_override_that_holds_everything_has_no_problems() -> None:
    a = make_box((200, 150, 100), "20", code="A")
    b = make_box((200, 150, 100), "20", code="B")

    plan = plan_in_boxes([make_item((190, 140, 90), quantity=2)], [a, b])

    assert plan.problems == ()
    assert [p.units[0].quantity for p in plan.boxes] == [1, 1]
