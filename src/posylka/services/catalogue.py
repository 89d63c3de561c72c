"""The catalogue's use cases: import and export a store's products as a spreadsheet, edit one.

An import reads every row first and reports every bad one (row, column, reason); the good rows
then go in as one transaction, so a file is never half-imported and a crash leaves nothing
behind. Pulling the catalogue from Ozon lives in ``catalogue_pull``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from posylka.domain.catalogue import CataloguePage, CatalogueQuery, Product, ProductDraft
from posylka.domain.catalogue_sheet import (
    Problem,
    RowProblem,
    SheetRejected,
    header_row,
    is_blank,
    overlay,
    parse_row,
    product_row,
    read_header,
)
from posylka.domain.errors import PosylkaError
from posylka.domain.ids import ProductId, Sku, StoreId, WarehouseId
from posylka.services.accounts import SYSTEM_ACTOR, NotAllowed
from posylka.services.intake import take_in_after_catalogue_change
from posylka.services.ports import (
    Account,
    Clock,
    UnitOfWork,
    UnitOfWorkFactory,
)


class CatalogueError(PosylkaError):
    """A catalogue request that cannot be carried out."""


class UnknownStore(CatalogueError):
    def __init__(self, store_id: StoreId) -> None:
        super().__init__(f"no store with id {store_id}")
        self.store_id = store_id


class ProductNotFound(CatalogueError):
    def __init__(self, product_id: ProductId) -> None:
        super().__init__(f"no product with id {product_id}")
        self.product_id = product_id


class ProductRejected(CatalogueError):
    """An edited product with problems: each names the field (a spreadsheet column) and why."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did: rows read, products created and updated, and every refused row."""

    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: tuple[RowProblem, ...] = ()

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    @property
    def refused_rows(self) -> tuple[int, ...]:
        return tuple(sorted({p.row for p in self.problems}))


def import_catalogue(
    store_id: StoreId,
    rows: Iterable[Sequence[Any]],
    *,
    by: Account | None,
    uow: UnitOfWorkFactory,
    clock: Clock,
    source: str = "",
) -> ImportReport:
    """Import a spreadsheet's rows (the first is the header) into a store's catalogue.

    Raises ``SheetRejected`` when the header is wrong (nothing can be read then); otherwise
    imports the good rows in one transaction and reports the bad ones."""
    if by is not None and not by.role.can_manage_postings:
        raise NotAllowed(by.role, "import the catalogue")
    lines = iter(rows)
    first = next(lines, None)
    if first is None or is_blank(first):
        raise SheetRejected([RowProblem(1, "", Problem.EMPTY_FILE)])
    header = read_header(first)
    with uow() as tx:
        if tx.stores.get(store_id) is None:
            raise UnknownStore(store_id)
        known_warehouses = {w.warehouse_id for w in tx.stores.warehouses(store_id)}
    # The file is read and checked row by row, outside any transaction, keeping only the
    # products the rows describe; the database is written once the whole file is known.
    body = ((n, cells) for n, cells in enumerate(lines, start=2) if not is_blank(cells))
    rows_read, parsed, problems = _parse_rows(store_id, header, body, known_warehouses)
    with uow() as tx:
        refused = {p.row for p in problems}
        offers = [d.offer_id for n, d in parsed.items() if n not in refused]
        existing = tx.catalogue.by_offer_ids(store_id, offers)
        drafts = {
            n: overlay(header, d, existing[d.offer_id].draft() if d.offer_id in existing else None)
            for n, d in parsed.items()
            if n not in refused
        }
        del parsed, existing
        problems.extend(_sku_conflicts(tx, store_id, drafts))
        bad = {p.row for p in problems}
        good = [draft for number, draft in drafts.items() if number not in bad]
        changes = tx.catalogue.upsert_many(good, now=clock.now())
        tx.audit.record(
            "catalogue.imported",
            at=clock.now(),
            actor=by.username if by else SYSTEM_ACTOR,
            user_id=by.id if by else None,
            store_id=store_id,
            object_type="store",
            object_id=str(store_id),
            details={
                "source": source,
                "rows": rows_read,
                "created": changes.created,
                "updated": changes.updated,
                "refused": len(bad),
            },
        )
        tx.commit()
    recheck_postings(store_id, changes.product_ids, uow=uow, clock=clock)
    return ImportReport(
        rows=rows_read,
        created=changes.created,
        updated=changes.updated,
        unchanged=len(good) - changes.created - changes.updated,
        problems=tuple(sorted(problems, key=lambda p: (p.row, p.column))),
    )


def export_rows(store_id: StoreId, *, uow: UnitOfWorkFactory) -> Iterator[list[Any]]:
    """The store's catalogue as spreadsheet rows, header first, read a batch at a time; the
    bins have one column per warehouse of the store."""
    with uow() as tx:
        if tx.stores.get(store_id) is None:
            raise UnknownStore(store_id)
        warehouses = sorted(w.warehouse_id for w in tx.stores.warehouses(store_id))
        yield header_row(warehouses)
        for product in tx.catalogue.iterate(store_id):
            yield product_row(product, warehouses)


def search_catalogue(query: CatalogueQuery, *, uow: UnitOfWorkFactory) -> CataloguePage:
    with uow() as tx:
        return tx.catalogue.search(query)


def get_product(product_id: ProductId, *, uow: UnitOfWorkFactory) -> Product:
    with uow() as tx:
        product = tx.catalogue.get(product_id)
    if product is None:
        raise ProductNotFound(product_id)
    return product


def edit_product(
    product_id: ProductId,
    fields: dict[str, Any],
    *,
    by: Account | None,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> Product:
    """Change a product from a form whose field names are the spreadsheet's columns (a field
    left out keeps its value); the same rules as an import apply."""
    if by is not None and not by.role.can_manage_postings:
        raise NotAllowed(by.role, "edit the catalogue")
    with uow() as tx:
        product = tx.catalogue.get(product_id)
        if product is None:
            raise ProductNotFound(product_id)
        fields = {"offer_id": product.offer_id, **fields}
        header = read_header(list(fields))
        known = {w.warehouse_id for w in tx.stores.warehouses(product.store_id)}
        draft, problems = parse_row(
            product.store_id, header, 2, list(fields.values()), product.draft()
        )
        problems.extend(_unknown_bins(header, 2, list(fields.values()), known))
        if draft is not None and not problems:
            if draft.offer_id != product.offer_id:
                taken = tx.catalogue.by_offer_ids(product.store_id, [draft.offer_id])
                if taken:
                    problems.append(RowProblem(2, "offer_id", Problem.OFFER_ID_TAKEN))
            problems.extend(_sku_conflicts(tx, product.store_id, {2: draft}, moving={product.id}))
        if problems or draft is None:
            raise ProductRejected(problems)
        now = clock.now()
        tx.catalogue.save(product_id, draft, now=now)
        tx.audit.record(
            "catalogue.product_edited",
            at=now,
            actor=by.username if by else SYSTEM_ACTOR,
            user_id=by.id if by else None,
            store_id=product.store_id,
            object_type="product",
            object_id=str(product_id),
            details={"offer_id": draft.offer_id},
        )
        tx.commit()
        saved = tx.catalogue.get(product_id)
    assert saved is not None
    recheck_postings(product.store_id, (product_id,), uow=uow, clock=clock)
    return saved


def recheck_postings(
    store_id: StoreId,
    product_ids: Sequence[ProductId],
    *,
    uow: UnitOfWorkFactory,
    clock: Clock,
) -> None:
    """After products change, the store's postings whose lines no product matched are taken
    in again (a product may have been added or given its SKU): stock is reserved for them and
    the order checks run over them."""
    if product_ids:
        take_in_after_catalogue_change(store_id, uow=uow, clock=clock)


# --- inside --------------------------------------------------------------------------------------


def _offer_text(header: Any, cells: Sequence[Any]) -> str:
    index = header.positions["offer_id"]
    value = cells[index] if index < len(cells) else None
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _parse_rows(
    store_id: StoreId,
    header: Any,
    body: Iterable[tuple[int, Sequence[Any]]],
    known_warehouses: set[WarehouseId],
) -> tuple[int, dict[int, ProductDraft], list[RowProblem]]:
    """Every row read as if its product were new (``overlay`` adds what the file leaves out),
    with its problems and the duplicates across the file; the cells are not kept."""
    drafts: dict[int, ProductDraft] = {}
    problems: list[RowProblem] = []
    offer_rows: dict[str, int] = {}
    sku_rows: dict[Sku, int] = {}
    rows_read = 0
    for number, cells in body:
        rows_read += 1
        offer = _offer_text(header, cells)
        draft, row_problems = parse_row(store_id, header, number, cells, None)
        row_problems.extend(_unknown_bins(header, number, cells, known_warehouses))
        problems.extend(row_problems)
        if offer:
            first = offer_rows.setdefault(offer, number)
            if first != number:
                problems.append(
                    RowProblem(number, "offer_id", Problem.DUPLICATE_OFFER_ID, {"first_row": first})
                )
                problems.append(
                    RowProblem(first, "offer_id", Problem.DUPLICATE_OFFER_ID, {"first_row": number})
                )
        if draft is not None and draft.sku is not None and header.has("sku"):
            first = sku_rows.setdefault(draft.sku, number)
            if first != number:
                problems.append(
                    RowProblem(number, "sku", Problem.DUPLICATE_SKU, {"first_row": first})
                )
                problems.append(
                    RowProblem(first, "sku", Problem.DUPLICATE_SKU, {"first_row": number})
                )
        if draft is not None and not row_problems:
            drafts[number] = draft
    return rows_read, drafts, _unique(problems)


def _unknown_bins(
    header: Any, number: int, cells: Sequence[Any], known: set[WarehouseId]
) -> list[RowProblem]:
    found = []
    for warehouse, index in header.bins.items():
        value = cells[index] if index < len(cells) else None
        if warehouse not in known and value is not None and str(value).strip():
            found.append(
                RowProblem(
                    number,
                    header.names[index],
                    Problem.UNKNOWN_WAREHOUSE,
                    {"warehouse_id": warehouse},
                )
            )
    return found


def _sku_conflicts(
    tx: UnitOfWork,
    store_id: StoreId,
    drafts: dict[int, ProductDraft],
    moving: set[ProductId] | None = None,
) -> list[RowProblem]:
    """Rows whose SKU another product of the store holds and keeps (one not in this write, or
    one written with a different SKU is free to give it up)."""
    wanted = {d.sku: n for n, d in drafts.items() if d.sku is not None}
    if not wanted:
        return []
    written = {d.offer_id: d for d in drafts.values()}
    problems = []
    for sku, holder in tx.catalogue.by_skus(store_id, wanted).items():
        number = wanted[sku]
        if holder.offer_id == drafts[number].offer_id or (moving and holder.id in moving):
            continue
        replacement = written.get(holder.offer_id)
        if replacement is not None and replacement.sku != sku:
            continue
        problems.append(RowProblem(number, "sku", Problem.SKU_TAKEN, {"offer_id": holder.offer_id}))
    return problems


def _unique(problems: list[RowProblem]) -> list[RowProblem]:
    seen: dict[tuple[int, str, Problem, str], RowProblem] = {}
    for p in problems:
        seen.setdefault((p.row, p.column, p.problem, repr(sorted(p.params.items()))), p)
    return list(seen.values())
