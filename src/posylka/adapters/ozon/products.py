"""The seller's products on Ozon, in Ozon's words: the list of ids (``/v3/product/list``, paged
by ``last_id``) and what Ozon holds for each (``/v3/product/info/list``).

A page of the list gives ids only; the gateway asks ``info/list`` for the same ids (up to 1000 a
call, Seller API, ProductAPI_GetProductInfoList) and hands back products with SKU, name and
barcodes. A product the list names and ``info/list`` leaves out is kept with what the list said.
The packed size and weight are not in ``info/list``: ``/v4/product/info/attributes`` gives them
for the same ids (``depth``, ``width``, ``height`` in ``dimension_unit``, ``weight`` in
``weight_unit``), read into millimetres and grams; a unit posylka does not know leaves the value
unknown rather than guessed.
"""

from __future__ import annotations

from posylka.adapters.ozon import endpoints, schemas
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.errors import malformed_reply
from posylka.adapters.ozon.schemas import shipping as sizes
from posylka.domain.catalogue import Dimensions, MarketplaceProduct, MarketplaceProductPage
from posylka.domain.ids import OfferId, Sku

PAGE_LIMIT = 1000
"""Ozon's ceiling for both ``/v3/product/list``'s ``limit`` and ``info/list``'s ids."""
MM_PER_UNIT = {"mm": 1.0, "cm": 10.0, "in": 25.4}
G_PER_UNIT = {"g": 1.0, "kg": 1000.0, "lb": 453.59237, "oz": 28.349523125}


async def fetch_products_page(
    client: OzonClient, last_id: str = "", limit: int = PAGE_LIMIT
) -> MarketplaceProductPage:
    """One page of every product of the seller (archived ones too), after ``last_id``."""
    if not 1 <= limit <= PAGE_LIMIT:
        raise ValueError(f"limit must be 1..{PAGE_LIMIT}, not {limit}")
    context = f"after last_id {last_id!r}" if last_id else "first page"
    listed = await client.call(
        endpoints.PRODUCT_LIST,
        schemas.ProductListRequest(
            filter=schemas.ProductListFilter(visibility="ALL"), last_id=last_id, limit=limit
        ),
        context=context,
    )
    items = listed.result.items
    if len(items) > limit:
        raise malformed_reply(
            f"{len(items)} products on a page of {limit}", path=endpoints.PRODUCT_LIST.path
        )
    infos: dict[int, schemas.ProductInfo] = {}
    if items:
        reply = await client.call(
            endpoints.PRODUCT_INFO_LIST,
            schemas.ProductInfoListRequest(product_id=[i.product_id for i in items]),
            context=context,
        )
        infos = {info.id: info for info in reply.items}
        sized = await _attributes(client, [i.product_id for i in items], context)
    products = tuple(
        map_product(item, infos.get(item.product_id), sized.get(item.product_id)) for item in items
    )
    next_id = listed.result.last_id or ""
    if not items or len(items) < limit or next_id == last_id:
        next_id = ""
    return MarketplaceProductPage(products, next_id, listed.result.total)


async def _attributes(
    client: OzonClient, product_ids: list[int], context: str
) -> dict[int, Dimensions]:
    """The packed sizes of the given products, by product id (every page of the answer)."""
    found: dict[int, Dimensions] = {}
    request = sizes.AttributesRequest(
        filter=sizes.AttributesFilter(product_id=product_ids, visibility="ALL"),
        limit=len(product_ids),
    )
    seen: set[str] = set()
    while True:
        reply = await client.call(endpoints.PRODUCT_ATTRIBUTES, request, context=context)
        found.update((each.id, map_dimensions(each)) for each in reply.result)
        last_id = reply.last_id or ""
        if not reply.result or not last_id or last_id in seen or len(found) >= len(product_ids):
            return found
        seen.add(last_id)
        request = request.model_copy(update={"last_id": last_id})


def _scaled(value: float | None, factor: float | None) -> int | None:
    if not value or value < 0 or factor is None:
        return None
    return max(1, round(value * factor))


def map_dimensions(item: sizes.ProductAttributes) -> Dimensions:
    """Ozon's card sizes in millimetres and grams; Ozon's ``depth`` is posylka's length."""
    per_mm = MM_PER_UNIT.get((item.dimension_unit or "").strip().lower())
    per_g = G_PER_UNIT.get((item.weight_unit or "").strip().lower())
    return Dimensions(
        length_mm=_scaled(item.depth, per_mm),
        width_mm=_scaled(item.width, per_mm),
        height_mm=_scaled(item.height, per_mm),
        weight_g=_scaled(item.weight, per_g),
    )


def map_product(
    item: schemas.ProductListItem,
    info: schemas.ProductInfo | None,
    dimensions: Dimensions | None = None,
) -> MarketplaceProduct:
    archived = bool(item.archived)
    sized = dimensions or Dimensions()
    if info is None:
        return MarketplaceProduct(
            OfferId(item.offer_id), "", None, item.product_id, (), archived, sized
        )
    return MarketplaceProduct(
        offer_id=OfferId(info.offer_id or item.offer_id),
        name=(info.name or "").strip(),
        sku=Sku(info.sku) if info.sku else None,
        ozon_product_id=info.id,
        barcodes=tuple(b.strip() for b in info.barcodes or () if b.strip()),
        archived=archived or bool(info.is_archived) or bool(info.is_autoarchived),
        dimensions=sized,
    )
