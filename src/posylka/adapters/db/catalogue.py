"""The catalogue repository: a store's products with their barcodes and bins per warehouse.

A product's barcodes and bins are written as a whole with the product: a write replaces them, so
the rows always say exactly what the seller's spreadsheet or form said.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import (
    ColumnElement,
    Connection,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)

from posylka.adapters.db.tables import product_barcodes, product_bins, products
from posylka.domain.catalogue import (
    Barcode,
    BarcodeKind,
    BatteryType,
    CatalogueChanges,
    CataloguePage,
    CatalogueQuery,
    Dimensions,
    PackagingFlags,
    Product,
    ProductDraft,
)
from posylka.domain.ids import OfferId, ProductId, Sku, StoreId, WarehouseId

CHUNK = 500
"""Ids per ``IN (...)``: well under every database's limit on bound parameters."""

_LIKE_ESCAPE = "\\"
_T = TypeVar("_T")


class SqlCatalogueRepository:
    """Products on one connection; never commits (the unit of work does)."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    # --- reading --------------------------------------------------------------------------------

    def get(self, product_id: ProductId) -> Product | None:
        found = self._load(products.c.id == product_id)
        return found[0] if found else None

    def by_offer_ids(
        self, store_id: StoreId, offer_ids: Iterable[OfferId]
    ) -> dict[OfferId, Product]:
        found: dict[OfferId, Product] = {}
        for chunk in _chunks(sorted(set(offer_ids))):
            for product in self._load(
                products.c.store_id == store_id, products.c.offer_id.in_(chunk)
            ):
                found[product.offer_id] = product
        return found

    def by_skus(self, store_id: StoreId, skus: Iterable[Sku]) -> dict[Sku, Product]:
        found: dict[Sku, Product] = {}
        for chunk in _chunks(sorted(set(skus))):
            for product in self._load(products.c.store_id == store_id, products.c.sku.in_(chunk)):
                assert product.sku is not None
                found[product.sku] = product
        return found

    def by_barcode(self, store_id: StoreId, barcode: str) -> Product | None:
        found = self._load(
            products.c.store_id == store_id,
            products.c.id.in_(
                select(product_barcodes.c.product_id).where(
                    product_barcodes.c.barcode == barcode.strip()
                )
            ),
        )
        return found[0] if found else None

    def bins(
        self, store_id: StoreId, warehouse_id: WarehouseId, product_ids: Iterable[ProductId]
    ) -> dict[ProductId, str]:
        found: dict[ProductId, str] = {}
        for chunk in _chunks(sorted(set(product_ids))):
            rows = self._conn.execute(
                select(product_bins.c.product_id, product_bins.c.bin)
                .join(products, products.c.id == product_bins.c.product_id)
                .where(
                    products.c.store_id == store_id,
                    product_bins.c.warehouse_id == warehouse_id,
                    product_bins.c.product_id.in_(chunk),
                )
            )
            found.update((ProductId(row.product_id), row.bin) for row in rows)
        return found

    def count(self, store_id: StoreId) -> int:
        return int(
            self._conn.execute(
                select(func.count()).select_from(products).where(products.c.store_id == store_id)
            ).scalar_one()
        )

    def search(self, query: CatalogueQuery) -> CataloguePage:
        """A page of a store's products in offer_id order; the text matches a part of the
        offer_id or name (any case, any alphabet), a whole SKU, or a barcode's beginning."""
        where = [products.c.store_id == query.store_id]
        text = query.text.strip()
        if text:
            where.append(_matches(text))
        total = self._conn.execute(
            select(func.count()).select_from(products).where(*where)
        ).scalar_one()
        page = self._load(
            *where, order_by=products.c.offer_id, offset=query.offset, limit=query.limit
        )
        return CataloguePage(tuple(page), int(total), query.offset, query.limit)

    def iterate(self, store_id: StoreId, *, batch: int = 1000) -> Iterator[Product]:
        """Every product of a store in offer_id order, read a batch at a time (for export)."""
        after: str | None = None
        while True:
            where = [products.c.store_id == store_id]
            if after is not None:
                where.append(products.c.offer_id > after)
            page = self._load(*where, order_by=products.c.offer_id, limit=batch)
            yield from page
            if len(page) < batch:
                return
            after = page[-1].offer_id

    # --- writing --------------------------------------------------------------------------------

    def upsert_many(self, drafts: Sequence[ProductDraft], *, now: datetime) -> CatalogueChanges:
        """Create or update products by (store, offer_id); a product whose every field is as
        given is left alone. Barcodes and bins of a written product are replaced."""
        by_store: dict[StoreId, list[ProductDraft]] = defaultdict(list)
        for draft in {(d.store_id, d.offer_id): d for d in drafts}.values():
            by_store[draft.store_id].append(draft)
        created: list[ProductDraft] = []
        changed: list[tuple[ProductId, ProductDraft]] = []
        for store_id, items in by_store.items():
            existing = self.by_offer_ids(store_id, (d.offer_id for d in items))
            for draft in items:
                old = existing.get(draft.offer_id)
                if old is None:
                    created.append(draft)
                elif old.draft() != draft:
                    changed.append((old.id, draft))
        # Free the SKUs the updates give up before any write claims them again, so two products
        # may swap SKUs (or one may take another's) within one write.
        if changed:
            self._conn.execute(
                update(products)
                .where(products.c.id == bindparam("pid"))
                .values(sku=None, updated_at=bindparam("now")),
                [{"pid": pid, "now": now} for pid, _ in changed],
            )
            self._conn.execute(
                update(products).where(products.c.id == bindparam("pid")),
                [{"pid": pid, **_columns(draft, now)} for pid, draft in changed],
            )
        new_ids: list[ProductId] = []
        if created:
            self._conn.execute(insert(products), [_columns(d, now) for d in created])
            for store_id in {d.store_id for d in created}:
                offers = [d.offer_id for d in created if d.store_id == store_id]
                ids = self._ids_of(store_id, offers)
                new_ids.extend(ids[offer] for offer in offers)
        written = [*changed, *zip(new_ids, created, strict=True)]
        self._replace_children(written)
        return CatalogueChanges(
            created=len(created),
            updated=len(changed),
            product_ids=tuple(pid for pid, _ in written),
        )

    def save(self, product_id: ProductId, draft: ProductDraft, *, now: datetime) -> bool:
        """Write one product as edited; False if there is no such product."""
        result = self._conn.execute(
            update(products).where(products.c.id == product_id).values(**_columns(draft, now))
        )
        if result.rowcount == 0:
            return False
        self._replace_children([(product_id, draft)])
        return True

    def delete(self, product_id: ProductId) -> bool:
        result = self._conn.execute(delete(products).where(products.c.id == product_id))
        return bool(result.rowcount)

    # --- inside ---------------------------------------------------------------------------------

    def _ids_of(self, store_id: StoreId, offer_ids: Sequence[OfferId]) -> dict[OfferId, ProductId]:
        ids: dict[OfferId, ProductId] = {}
        for chunk in _chunks(list(offer_ids)):
            rows = self._conn.execute(
                select(products.c.id, products.c.offer_id).where(
                    products.c.store_id == store_id, products.c.offer_id.in_(chunk)
                )
            )
            ids.update((OfferId(row.offer_id), ProductId(row.id)) for row in rows)
        return ids

    def _replace_children(self, written: Sequence[tuple[ProductId, ProductDraft]]) -> None:
        ids = [pid for pid, _ in written]
        for chunk in _chunks(ids):
            self._conn.execute(
                delete(product_barcodes).where(product_barcodes.c.product_id.in_(chunk))
            )
            self._conn.execute(delete(product_bins).where(product_bins.c.product_id.in_(chunk)))
        barcode_rows = [
            {"product_id": pid, "barcode": b.value, "kind": b.kind.value}
            for pid, draft in written
            for b in {b.value: b for b in draft.barcodes}.values()
        ]
        bin_rows = [
            {"product_id": pid, "warehouse_id": warehouse, "bin": bin_}
            for pid, draft in written
            for warehouse, bin_ in draft.bins.items()
            if bin_
        ]
        if barcode_rows:
            self._conn.execute(insert(product_barcodes), barcode_rows)
        if bin_rows:
            self._conn.execute(insert(product_bins), bin_rows)

    def _load(
        self,
        *where: ColumnElement[bool],
        order_by: Any = None,
        offset: int = 0,
        limit: int | None = None,
    ) -> list[Product]:
        query = (
            select(products)
            .where(*where)
            .order_by(order_by if order_by is not None else products.c.id)
        )
        if offset:
            query = query.offset(offset)
        if limit is not None:
            query = query.limit(limit)
        rows = list(self._conn.execute(query).mappings())
        if not rows:
            return []
        ids = [row["id"] for row in rows]
        barcodes: dict[int, list[Barcode]] = defaultdict(list)
        bins: dict[int, dict[WarehouseId, str]] = defaultdict(dict)
        for chunk in _chunks(ids):
            for row in self._conn.execute(
                select(product_barcodes)
                .where(product_barcodes.c.product_id.in_(chunk))
                .order_by(product_barcodes.c.product_id, product_barcodes.c.barcode)
            ):
                barcodes[row.product_id].append(Barcode(row.barcode, BarcodeKind(row.kind)))
            for row in self._conn.execute(
                select(product_bins)
                .where(product_bins.c.product_id.in_(chunk))
                .order_by(product_bins.c.product_id, product_bins.c.warehouse_id)
            ):
                bins[row.product_id][WarehouseId(row.warehouse_id)] = row.bin
        return [
            _product(row, tuple(barcodes.get(row["id"], ())), bins.get(row["id"], {}))
            for row in rows
        ]


def _matches(text: str) -> ColumnElement[bool]:
    needle = f"%{_escape_like(text.lower())}%"
    conditions: list[ColumnElement[bool]] = [
        products.c.search_text.like(needle, escape=_LIKE_ESCAPE),
        exists(
            select(product_barcodes.c.product_id).where(
                product_barcodes.c.product_id == products.c.id,
                product_barcodes.c.barcode.like(f"{_escape_like(text)}%", escape=_LIKE_ESCAPE),
            )
        ),
    ]
    if text.isascii() and text.isdigit() and len(text) <= 18:
        conditions.append(products.c.sku == int(text))
    return or_(*conditions)


def _escape_like(value: str) -> str:
    return value.replace(_LIKE_ESCAPE, _LIKE_ESCAPE * 2).replace("%", "\\%").replace("_", "\\_")


def _columns(draft: ProductDraft, now: datetime) -> dict[str, Any]:
    size, flags = draft.dimensions, draft.flags
    return {
        "store_id": draft.store_id,
        "offer_id": draft.offer_id,
        "sku": draft.sku,
        "ozon_product_id": draft.ozon_product_id,
        "name": draft.name,
        "length_mm": size.length_mm,
        "width_mm": size.width_mm,
        "height_mm": size.height_mm,
        "weight_g": size.weight_g,
        "unit_cost": draft.unit_cost,
        "fragile": flags.fragile,
        "liquid": flags.liquid,
        "liquid_ml": flags.liquid_ml,
        "glass": flags.glass,
        "battery": flags.battery.value,
        "battery_wh": flags.battery_wh,
        "aerosol": flags.aerosol,
        "flammable": flags.flammable,
        "keep_upright": flags.keep_upright,
        "needs_mark": flags.needs_mark,
        "low_stock_threshold": draft.low_stock_threshold,
        "safety_buffer": draft.safety_buffer,
        "search_text": f"{draft.offer_id}\n{draft.name}".lower(),
        "updated_at": now,
    }


def _product(row: Any, barcodes: tuple[Barcode, ...], bins: dict[WarehouseId, str]) -> Product:
    return Product(
        id=ProductId(row["id"]),
        store_id=StoreId(row["store_id"]),
        offer_id=OfferId(row["offer_id"]),
        name=row["name"],
        sku=Sku(row["sku"]) if row["sku"] is not None else None,
        ozon_product_id=row["ozon_product_id"],
        dimensions=Dimensions(row["length_mm"], row["width_mm"], row["height_mm"], row["weight_g"]),
        unit_cost=_money(row["unit_cost"]),
        flags=PackagingFlags(
            fragile=bool(row["fragile"]),
            liquid=bool(row["liquid"]),
            liquid_ml=row["liquid_ml"],
            glass=bool(row["glass"]),
            battery=BatteryType(row["battery"]),
            battery_wh=_money(row["battery_wh"]),
            aerosol=bool(row["aerosol"]),
            flammable=bool(row["flammable"]),
            keep_upright=bool(row["keep_upright"]),
            needs_mark=bool(row["needs_mark"]),
        ),
        barcodes=barcodes,
        bins=bins,
        low_stock_threshold=row["low_stock_threshold"],
        safety_buffer=row["safety_buffer"],
        updated_at=row["updated_at"],
    )


def _money(value: Any) -> Decimal | None:
    """Two-place decimals as stored (``Numeric(…, 2)``), the same on every database."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"))


def _chunks(items: Sequence[_T]) -> Iterator[Sequence[_T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
