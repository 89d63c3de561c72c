"""Searches of stock: the stock page's levels and its low-stock count, and the products and
warehouses a person names when recording stock (by offer id, SKU or barcode).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, func, or_, select

from posylka.adapters.db.stock_levels import chunks, is_low, level_row, level_rows
from posylka.adapters.db.tables import product_barcodes, products, stock_levels, warehouses
from posylka.domain.ids import OfferId, ProductId, StoreId, WarehouseId
from posylka.domain.stock_views import ProductRef, StockLevelRow, StockQuery, WarehouseRef


class SqlStockSearch:
    """Stock searches and the names on a stock form, on one connection."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def search(self, store_id: StoreId, query: StockQuery) -> list[StockLevelRow]:
        """The stock page: levels matching a text (offer id, name or SKU), in offer id order."""
        select_ = level_rows().where(products.c.store_id == store_id)
        if query.warehouse_id is not None:
            select_ = select_.where(stock_levels.c.warehouse_id == query.warehouse_id)
        if query.product_id is not None:
            select_ = select_.where(stock_levels.c.product_id == query.product_id)
        text = query.text.strip()
        if text:
            pattern = f"%{_escape_like(text.lower())}%"
            matches: list[Any] = [
                func.lower(products.c.offer_id).like(pattern, escape="\\"),
                func.lower(products.c.name).like(pattern, escape="\\"),
            ]
            if text.isdigit():
                matches.append(products.c.sku == int(text))
            select_ = select_.where(or_(*matches))
        if query.low_only:
            select_ = select_.where(is_low())
        select_ = select_.order_by(products.c.offer_id, stock_levels.c.warehouse_id).limit(
            query.limit
        )
        return [level_row(row) for row in self._conn.execute(select_).mappings()]

    def low_stock_count(self, store_id: StoreId | None = None) -> int:
        query = (
            select(func.count())
            .select_from(stock_levels.join(products, products.c.id == stock_levels.c.product_id))
            .where(is_low())
        )
        if store_id is not None:
            query = query.where(products.c.store_id == store_id)
        return int(self._conn.execute(query).scalar_one())

    def find_products(self, store_id: StoreId, references: Iterable[str]) -> dict[str, ProductRef]:
        """Products named by offer id, SKU or barcode (in that order of preference)."""
        wanted = sorted({ref.strip() for ref in references if ref.strip()})
        found: dict[str, ProductRef] = {}
        columns = (products.c.id, products.c.offer_id, products.c.name)
        for chunk in chunks(wanted):
            for row in self._conn.execute(
                select(*columns, products.c.sku).where(
                    products.c.store_id == store_id, products.c.offer_id.in_(chunk)
                )
            ):
                found[row.offer_id] = ProductRef(ProductId(row.id), OfferId(row.offer_id), row.name)
            skus = [int(ref) for ref in chunk if ref.isdigit() and ref not in found]
            if skus:
                for row in self._conn.execute(
                    select(*columns, products.c.sku).where(
                        products.c.store_id == store_id, products.c.sku.in_(skus)
                    )
                ):
                    ref = ProductRef(ProductId(row.id), OfferId(row.offer_id), row.name)
                    found.setdefault(str(row.sku), ref)
            rest = [ref for ref in chunk if ref not in found]
            if rest:
                for row in self._conn.execute(
                    select(*columns, product_barcodes.c.barcode)
                    .join(product_barcodes, product_barcodes.c.product_id == products.c.id)
                    .where(products.c.store_id == store_id, product_barcodes.c.barcode.in_(rest))
                ):
                    ref = ProductRef(ProductId(row.id), OfferId(row.offer_id), row.name)
                    found.setdefault(row.barcode, ref)
        return found

    def product(self, product_id: ProductId) -> ProductRef | None:
        row = self._conn.execute(
            select(products.c.id, products.c.offer_id, products.c.name, products.c.store_id).where(
                products.c.id == product_id
            )
        ).first()
        if row is None:
            return None
        return ProductRef(ProductId(row.id), OfferId(row.offer_id), row.name, StoreId(row.store_id))

    def warehouses(self, store_id: StoreId) -> list[WarehouseRef]:
        rows = self._conn.execute(
            select(warehouses.c.warehouse_id, warehouses.c.name)
            .where(warehouses.c.store_id == store_id)
            .order_by(warehouses.c.name, warehouses.c.warehouse_id)
        )
        return [WarehouseRef(WarehouseId(row.warehouse_id), row.name) for row in rows]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
