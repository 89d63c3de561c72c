"""Pure pieces of the assembly calls: the ship request, Ozon's refusals read into their codes,
restrictions and product sizes in posylka's units."""

from __future__ import annotations

from decimal import Decimal

import pytest

from posylka.adapters.ozon.products import map_dimensions
from posylka.adapters.ozon.schemas import ProductAttributes, Restrictions
from posylka.adapters.ozon.shipping import map_restrictions, read_ship_error, ship_request
from posylka.domain.catalogue import Dimensions
from posylka.domain.errors import BadRequest, NotFound
from posylka.domain.ids import PostingNumber, Sku
from posylka.domain.shipping import Package, PackageLine, ShipRefusal, ShipRefused

NUMBER = PostingNumber("0208245774-0029-1")


def test_ship_request_names_skus_as_product_ids_package_by_package() -> None:
    packages = [
        Package((PackageLine(Sku(11), 2),)),
        Package((PackageLine(Sku(12), 1), PackageLine(Sku(13), 3))),
    ]
    wire = ship_request(NUMBER, packages).to_wire()
    assert wire == {
        "posting_number": NUMBER,
        "packages": [
            {"products": [{"product_id": 11, "quantity": 2}]},
            {"products": [{"product_id": 12, "quantity": 1}, {"product_id": 13, "quantity": 3}]},
        ],
        "with": {"additional_data": True},
    }


def test_an_assembly_without_packages_is_never_sent() -> None:
    with pytest.raises(ValueError, match="at least one package"):
        ship_request(NUMBER, [])


def test_an_empty_package_is_never_sent() -> None:
    with pytest.raises(ValueError, match="package 2"):
        ship_request(NUMBER, [Package((PackageLine(Sku(1), 1),)), Package(())])


@pytest.mark.parametrize("refusal", [r for r in ShipRefusal if r is not ShipRefusal.OTHER])
def test_each_refusal_code_in_ozons_message_is_read(refusal: ShipRefusal) -> None:
    error = BadRequest(f"Ozon rejected the request: {refusal.value}", code=3, status=400)
    read = read_ship_error(error)
    assert isinstance(read, ShipRefused)
    assert read.refusal is refusal


def test_a_refusal_without_a_known_code_is_other() -> None:
    read = read_ship_error(BadRequest("Ozon rejected the request: something else", code=3))
    assert isinstance(read, ShipRefused)
    assert read.refusal is ShipRefusal.OTHER


def test_not_found_stays_not_found() -> None:
    error = NotFound("Ozon does not know this object: POSTING_NOT_FOUND", code=5, status=404)
    assert read_ship_error(error) is error


def test_restrictions_turn_centimetres_into_millimetres_and_zero_into_no_limit() -> None:
    wire = Restrictions(
        posting_number=NUMBER,
        max_posting_weight=10000,
        min_posting_weight=0,
        width=40,
        length=60.5,
        height=40,
        max_posting_price=150000.5,
        min_posting_price=0,
    )
    limits = map_restrictions(NUMBER, wire)
    assert (limits.max_weight_g, limits.min_weight_g) == (10000, None)
    assert (limits.max_length_mm, limits.max_width_mm, limits.max_height_mm) == (605, 400, 400)
    assert (limits.max_price, limits.min_price) == (Decimal("150000.50"), None)


def test_no_restrictions_block_means_no_limits() -> None:
    assert map_restrictions(NUMBER, None).max_weight_g is None


@pytest.mark.parametrize(
    ("unit", "weight_unit", "expected"),
    [
        ("mm", "g", Dimensions(210, 140, 10, 50)),
        ("cm", "kg", Dimensions(2100, 1400, 100, 50000)),
        ("in", "lb", Dimensions(5334, 3556, 254, 22680)),
        ("CM", "G", Dimensions(2100, 1400, 100, 50)),
    ],
)
def test_card_sizes_are_read_in_millimetres_and_grams(
    unit: str, weight_unit: str, expected: Dimensions
) -> None:
    item = ProductAttributes(
        id=1, depth=210, width=140, height=10, dimension_unit=unit, weight=50,
        weight_unit=weight_unit,
    )  # fmt: skip
    assert map_dimensions(item) == expected


def test_an_unknown_unit_leaves_the_size_unknown() -> None:
    item = ProductAttributes(
        id=1, depth=210, width=140, height=10, dimension_unit="furlong", weight=0,
        weight_unit="g",
    )  # fmt: skip
    assert map_dimensions(item) == Dimensions()
