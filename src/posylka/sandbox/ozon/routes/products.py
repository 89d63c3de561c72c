"""The seller's products: ``/v3/product/list`` (ids, paged by ``last_id``) and
``/v3/product/info/list`` (what Ozon holds for given ids), over the seeded catalogue, so the
products listed are exactly those the postings contain (Seller API, ProductAPI_GetProductList and
ProductAPI_GetProductInfoList).

Each product has Ozon's ``product_id`` as the stock book gives it, an EAN-13 barcode derived from
its SKU and, for every seventh product, Ozon's own ``OZN`` barcode beside it.

``/v4/product/info/attributes`` (ProductAPI_GetProductAttributesV4, paged by ``last_id``) gives
each product's packed size and weight, as box choice needs them: in millimetres and grams, except
every fourth SKU whose card the seller filled in centimetres (rounded up), as Ozon allows.
"""

from __future__ import annotations

from datetime import timedelta

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from posylka.adapters.ozon import schemas as wire
from posylka.adapters.ozon.schemas import shipping as sizes
from posylka.domain.catalogue import gtin_check_digit
from posylka.sandbox.ozon import cursor as cursors
from posylka.sandbox.ozon.bodies import parse
from posylka.sandbox.ozon.catalogue import Product
from posylka.sandbox.ozon.errors import invalid
from posylka.sandbox.ozon.routes.replies import reply
from posylka.sandbox.ozon.state import SandboxState
from posylka.sandbox.ozon.stocks import catalogue_offers

LIST_LIMIT = 1000
INFO_LIMIT = 1000
"""Ozon's ceilings: ``limit`` 1..1000 for the list, 1000 ids in all for ``info/list``."""


def barcodes_of(product: Product) -> list[str]:
    """A product's barcodes: an EAN-13 from the Russian GS1 prefix and its SKU, and for every
    seventh SKU Ozon's own ``OZN`` code as well."""
    body = f"46{product.sku % 10**10:010d}"
    found = [f"{body}{gtin_check_digit(body)}"]
    if product.sku % 7 == 0:
        found.append(f"OZN{product.sku}")
    return found


def routes(state: SandboxState) -> list[BaseRoute]:
    offers = catalogue_offers(state.catalogue)
    by_product_id = {
        offer.product_id: product for offer, product in zip(offers, state.catalogue, strict=True)
    }
    ordered = sorted(by_product_id)
    created = state.anchor - timedelta(days=400)

    def info(product_id: int) -> wire.ProductInfo:
        product = by_product_id[product_id]
        index = ordered.index(product_id)
        return wire.ProductInfo(
            id=product_id,
            offer_id=product.offer_id,
            sku=product.sku,
            name=product.name,
            barcodes=barcodes_of(product),
            is_archived=False,
            is_autoarchived=False,
            is_kgt=False,
            price=str(product.price),
            currency_code="RUB",
            volume_weight=round(product.weight_g / 1000, 2),
            created_at=created + timedelta(hours=index),
            updated_at=created + timedelta(days=200, hours=index),
        )

    async def product_list(request: Request) -> Response:
        body = parse(wire.ProductListRequest, await request.body())
        limit = body.limit if body.limit is not None else 100
        if not 1 <= limit <= LIST_LIMIT:
            raise invalid(
                f"invalid GetProductListRequest.Limit: value must be in [1, {LIST_LIMIT}]"
            )
        flt = body.filter or wire.ProductListFilter()
        offers_wanted, ids_wanted = set(flt.offer_id or ()), set(flt.product_id or ())
        visibility = (flt.visibility or "ALL").upper()
        chosen = [
            pid
            for pid in ordered
            if (not offers_wanted or by_product_id[pid].offer_id in offers_wanted)
            and (not ids_wanted or pid in ids_wanted)
            and visibility != "ARCHIVED"
        ]
        printed = cursors.fingerprint({"filter": flt.to_wire(), "endpoint": "products"})
        start = cursors.decode(body.last_id, printed)[0] if body.last_id else 0
        chunk = chosen[start : start + limit]
        last_id = cursors.encode((start + len(chunk), ""), printed) if chunk else ""
        return reply(
            wire.ProductListResponse(
                result=wire.ProductListResult(
                    items=[
                        wire.ProductListItem(
                            product_id=pid,
                            offer_id=by_product_id[pid].offer_id,
                            archived=False,
                            has_fbo_stocks=False,
                            has_fbs_stocks=True,
                            is_discounted=False,
                        )
                        for pid in chunk
                    ],
                    last_id=last_id,
                    total=len(chosen),
                )
            )
        )

    async def product_info_list(request: Request) -> Response:
        body = parse(wire.ProductInfoListRequest, await request.body())
        offers_wanted = list(body.offer_id or ())
        ids_wanted = list(body.product_id or ())
        skus_wanted = list(body.sku or ())
        if len(offers_wanted) + len(ids_wanted) + len(skus_wanted) > INFO_LIMIT:
            raise invalid(f"at most {INFO_LIMIT} products can be requested at once")
        if sum(1 for ids in (offers_wanted, ids_wanted, skus_wanted) if ids) > 1:
            raise invalid("only one of offer_id, product_id and sku can be set")
        by_offer = {p.offer_id: pid for pid, p in by_product_id.items()}
        by_sku = {p.sku: pid for pid, p in by_product_id.items()}
        found = [pid for pid in ids_wanted if pid in by_product_id]
        found += [by_offer[o] for o in offers_wanted if o in by_offer]
        found += [by_sku[s] for s in skus_wanted if s in by_sku]
        return reply(
            wire.ProductInfoListResponse(items=[info(pid) for pid in dict.fromkeys(found)])
        )

    def attributes(product_id: int) -> sizes.ProductAttributes:
        product = by_product_id[product_id]
        found = barcodes_of(product)
        length, width, height = product.size_mm
        unit, scale = ("cm", 10) if product.sku % 4 == 0 else ("mm", 1)
        return sizes.ProductAttributes(
            id=product_id,
            offer_id=product.offer_id,
            sku=product.sku,
            name=product.name,
            barcode=found[0],
            barcodes=found,
            depth=-(-length // scale),
            width=-(-width // scale),
            height=-(-height // scale),
            dimension_unit=unit,
            weight=product.weight_g,
            weight_unit="g",
        )

    async def product_attributes(request: Request) -> Response:
        body = parse(sizes.AttributesRequest, await request.body())
        limit = body.limit if body.limit is not None else 100
        if not 1 <= limit <= LIST_LIMIT:
            raise invalid(
                f"invalid GetProductAttributesV4Request.Limit: value must be in [1, {LIST_LIMIT}]"
            )
        flt = body.filter or sizes.AttributesFilter()
        offers_wanted = set(flt.offer_id or ())
        ids_wanted, skus_wanted = set(flt.product_id or ()), set(flt.sku or ())
        if len(offers_wanted) + len(ids_wanted) + len(skus_wanted) > INFO_LIMIT:
            raise invalid(f"at most {INFO_LIMIT} products can be requested at once")
        chosen = [
            pid
            for pid in ordered
            if (not offers_wanted or by_product_id[pid].offer_id in offers_wanted)
            and (not ids_wanted or pid in ids_wanted)
            and (not skus_wanted or by_product_id[pid].sku in skus_wanted)
            and (flt.visibility or "ALL").upper() != "ARCHIVED"
        ]
        printed = cursors.fingerprint({"filter": flt.to_wire(), "endpoint": "attributes"})
        start = cursors.decode(body.last_id, printed)[0] if body.last_id else 0
        chunk = chosen[start : start + limit]
        more = start + len(chunk) < len(chosen)
        last_id = cursors.encode((start + len(chunk), ""), printed) if more else ""
        return reply(
            sizes.AttributesResponse(
                result=[attributes(pid) for pid in chunk], last_id=last_id, total=len(chosen)
            )
        )

    return [
        Route("/v4/product/info/attributes", product_attributes, methods=["POST"]),
        Route("/v3/product/list", product_list, methods=["POST"]),
        Route("/v3/product/info/list", product_info_list, methods=["POST"]),
    ]
