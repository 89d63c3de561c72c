"""Stock on Ozon: setting the units for sale per product and warehouse (``/v2/products/stocks``)
and reading them back (``/v2/product/info/stocks-by-warehouse/fbs``).
"""

from __future__ import annotations

from posylka.adapters.ozon.schemas.base import Int64, RequestModel, WireModel


class StockItem(RequestModel):
    """One product × warehouse pair to set. Ozon takes the product by ``offer_id`` or
    ``product_id``; when both are sent, ``offer_id`` wins (Seller API, ProductsStocksV2)."""

    offer_id: str | None = None
    product_id: Int64 | None = None
    stock: int
    """Units available for sale, reserved units not counted."""
    warehouse_id: Int64


class ProductsStocksRequest(RequestModel):
    stocks: list[StockItem]
    """At most 100 pairs per call."""


class StockItemError(WireModel):
    code: str | None = None
    """E.g. ``TOO_MANY_REQUESTS``, ``offer_id_not_found``, ``WAREHOUSE_NOT_FOUND``."""
    message: str | None = None


class StockItemResult(WireModel):
    offer_id: str | None = None
    product_id: Int64 | None = None
    warehouse_id: Int64 | None = None
    updated: bool | None = None
    errors: list[StockItemError] | None = None


class ProductsStocksResponse(WireModel):
    """One result per pair sent, in the order sent; a pair Ozon refused has ``updated: false``
    and its reasons in ``errors`` (the call itself still answers 200)."""

    result: list[StockItemResult] | None = None


class WarehouseStocksRequest(RequestModel):
    """``/v2/product/info/stocks-by-warehouse/fbs``: every product without a filter, paged by
    ``cursor``."""

    cursor: str | None = None
    limit: int | None = None
    offer_id: list[str] | None = None
    sku: list[str] | None = None


class WarehouseStock(WireModel):
    offer_id: str | None = None
    product_id: Int64 | None = None
    sku: Int64 | None = None
    warehouse_id: Int64 | None = None
    warehouse_name: str | None = None
    present: int | None = None
    reserved: int | None = None
    free_stock: int | None = None


class WarehouseStocksResponse(WireModel):
    """Top level, no ``result`` wrapper."""

    cursor: str | None = None
    has_next: bool | None = None
    products: list[WarehouseStock] | None = None
