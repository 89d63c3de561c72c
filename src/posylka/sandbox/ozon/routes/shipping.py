"""Assembly methods: ``/v4/posting/fbs/ship`` (a posting as packages),
``/v4/posting/fbs/ship/package`` (one package of it, the rest left to assemble) and
``/v1/posting/fbs/restrictions`` (the drop-off point's limits). Rules in ``sandbox.ozon.assembly``.

- ship ``{posting_number, packages: [{products: [{product_id, quantity}]}], with}`` →
  ``{result: [posting_number, ...], additional_data: [...]}`` (``additional_data`` when
  ``with.additional_data``: what each resulting posting holds);
- ship/package ``{posting_number, products: [{product_id, quantity}]}`` → ``{result: number}``;
- restrictions ``{posting_number}`` → ``{result: {max_posting_weight, min_posting_weight (g),
  width, length, height (cm), max_posting_price, min_posting_price (RUB)}}``.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from posylka.adapters.ozon.schemas import shipping as wire
from posylka.sandbox.ozon import assembly
from posylka.sandbox.ozon.bodies import parse
from posylka.sandbox.ozon.errors import invalid, not_found
from posylka.sandbox.ozon.routes.replies import reply
from posylka.sandbox.ozon.seeding import SandboxPosting
from posylka.sandbox.ozon.state import SandboxState, UnknownPosting


def _units(
    products: list[wire.ShipProduct] | list[wire.ShipPackageProduct] | None,
) -> dict[int, int]:
    units: dict[int, int] = {}
    for product in products or ():
        units[product.product_id] = units.get(product.product_id, 0) + product.quantity
    return units


def _number(value: str | None) -> str:
    if not value:
        raise invalid("invalid request body: posting_number is required")
    return value


def _additional(posting: SandboxPosting) -> wire.ShipAdditionalData:
    return wire.ShipAdditionalData(
        posting_number=posting.posting_number,
        products=[
            wire.ShipAdditionalProduct(
                sku=item.product.sku,
                offer_id=item.product.offer_id,
                name=item.product.name,
                quantity=item.quantity,
                price=f"{item.price:.4f}",
                currency_code="RUB",
                mandatory_mark=[],
            )
            for item in posting.items
        ],
    )


def routes(state: SandboxState) -> list[BaseRoute]:
    async def ship(request: Request) -> Response:
        body = parse(wire.ShipRequest, await request.body())
        number = _number(body.posting_number)
        packages = [_units(package.products) for package in body.packages or ()]
        made = assembly.ship(state, number, packages)
        extra = None
        if body.with_ is not None and body.with_.additional_data:
            extra = [_additional(state.posting(each)) for each in made]
        return reply(wire.ShipResponse(result=made, additional_data=extra))

    async def ship_package(request: Request) -> Response:
        body = parse(wire.ShipPackageRequest, await request.body())
        number = _number(body.posting_number)
        made = assembly.ship_package(state, number, _units(body.products))
        return reply(wire.ShipPackageResponse(result=made))

    async def restrictions(request: Request) -> Response:
        body = parse(wire.RestrictionsRequest, await request.body())
        number = _number(body.posting_number)
        try:
            posting = state.posting(number)
        except UnknownPosting as exc:
            raise not_found(assembly.POSTING_NOT_FOUND) from exc
        limits = assembly.limits_of(posting.method)
        return reply(
            wire.RestrictionsResponse(
                result=wire.Restrictions(
                    posting_number=posting.posting_number,
                    max_posting_weight=limits.max_weight_g,
                    min_posting_weight=limits.min_weight_g,
                    width=limits.width_cm,
                    length=limits.length_cm,
                    height=limits.height_cm,
                    max_posting_price=limits.max_price,
                    min_posting_price=limits.min_price,
                )
            )
        )

    return [
        Route("/v4/posting/fbs/ship", ship, methods=["POST"]),
        Route("/v4/posting/fbs/ship/package", ship_package, methods=["POST"]),
        Route("/v1/posting/fbs/restrictions", restrictions, methods=["POST"]),
    ]
