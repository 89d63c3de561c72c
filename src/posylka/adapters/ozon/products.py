"""The seller's products on Ozon, in Ozon's words: the list of ids (``/v3/product/list``, paged
by ``last_id``) and what Ozon holds for each (``/v3/product/info/list``).

A page of the list gives ids only; the gateway asks ``info/list`` for the same ids (up to 1000 a
call, Seller API, ProductAPI_GetProductInfoList) and hands back products with SKU, name and
barcodes. A product the list names and ``info/list`` leaves out is kept with what the list said.
"""

from __future__ import annotations

from posylka.adapters.ozon import endpoints, schemas
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.errors import malformed_reply
from posylka.domain.catalogue import MarketplaceProduct, MarketplaceProductPage
from posylka.domain.ids import OfferId, Sku

PAGE_LIMIT = 1000
"""Ozon's ceiling for both ``/v3/product/list``'s ``limit`` and ``info/list``'s ids."""


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
    products = tuple(map_product(item, infos.get(item.product_id)) for item in items)
    next_id = listed.result.last_id or ""
    if not items or len(items) < limit or next_id == last_id:
        next_id = ""
    return MarketplaceProductPage(products, next_id, listed.result.total)


def map_product(
    item: schemas.ProductListItem, info: schemas.ProductInfo | None
) -> MarketplaceProduct:
    archived = bool(item.archived)
    if info is None:
        return MarketplaceProduct(OfferId(item.offer_id), "", None, item.product_id, (), archived)
    return MarketplaceProduct(
        offer_id=OfferId(info.offer_id or item.offer_id),
        name=(info.name or "").strip(),
        sku=Sku(info.sku) if info.sku else None,
        ozon_product_id=info.id,
        barcodes=tuple(b.strip() for b in info.barcodes or () if b.strip()),
        archived=archived or bool(info.is_archived) or bool(info.is_autoarchived),
    )
