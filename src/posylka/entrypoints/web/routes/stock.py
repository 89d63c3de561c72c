"""The stock page: levels per warehouse with search, the low-stock list, receiving goods and
returns (anyone signed in), counts and adjustments (managers and admins), a stock spreadsheet,
and one product's movements (who, when, why). The navigation's low-stock badge is a fragment."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from posylka import bootstrap
from posylka.domain.catalogue_sheet import UnknownFormat, sheet_format
from posylka.domain.ids import ProductId, WarehouseId
from posylka.domain.stock_entries import (
    EntryKind,
    EntryProblem,
    StockEntriesRejected,
    StockEntry,
)
from posylka.domain.stock_views import StockQuery
from posylka.domain.stores import Store
from posylka.entrypoints.web.errors import error_page
from posylka.entrypoints.web.guards import CurrentSession, Forbidden, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.rendering import render
from posylka.entrypoints.web.stock_words import (
    ENTRY_KINDS,
    LINE_PROBLEMS,
    MOVEMENT_KINDS,
    problem_message,
    where_message,
)
from posylka.services.accounts import Session
from posylka.services.inventory import (
    RecordResult,
    import_stock_sheet,
    low_stock_count,
    product_stock,
    record_stock,
    stock_overview,
)

router = APIRouter(prefix="/stock")

RECORDED = N_("Stock recorded.")
IMPORTED = N_("The file was recorded: %(movements)s movements.")
NO_STORE = N_("Add a store in the settings first: stock belongs to a store's products.")
WRONG_FILE = N_("Choose a .csv or .xlsx file.")
NOT_A_NUMBER = N_("Enter a whole number.")
MANAGERS_ONLY = (EntryKind.COUNT, EntryKind.ADJUSTMENT)
"""Counts and adjustments change the books; receiving and returns are warehouse work."""


def _stores(request: Request) -> list[Store]:
    with deps_of(request).reader() as tx:
        return tx.stores.list(active_only=False)


def _chosen(stores: list[Store], store: str) -> Store | None:
    for candidate in stores:
        if str(candidate.id) == store:
            return candidate
    return stores[0] if stores else None


def _kinds(session: Session) -> list[EntryKind]:
    if session.account.role.can_manage_postings:
        return list(EntryKind)
    return [kind for kind in EntryKind if kind not in MANAGERS_ONLY]


def _page(
    request: Request,
    session: Session,
    *,
    store: str = "",
    q: str = "",
    warehouse: str = "",
    low: bool = False,
    form: dict[str, str] | None = None,
    errors: dict[str, Message] | None = None,
    problems: list[EntryProblem] | None = None,
    file_error: str = "",
    notice: Message | None = None,
    status_code: int = 200,
) -> Response:
    stores = _stores(request)
    chosen = _chosen(stores, store)
    overview = None
    if chosen is not None:
        query = StockQuery(
            text=q,
            warehouse_id=WarehouseId(int(warehouse)) if warehouse.isdigit() else None,
            low_only=low,
        )
        overview = stock_overview(chosen.id, query, uow=deps_of(request).reader)
    context = {
        "stores": stores,
        "store": chosen,
        "q": q,
        "warehouse": warehouse,
        "low": low,
        "overview": overview,
        "warehouse_names": {w.warehouse_id: w.name for w in overview.warehouses}
        if overview
        else {},
        "kinds": _kinds(session),
        "kind_names": ENTRY_KINDS,
        "form": form or {"kind": EntryKind.RECEIPT.value},
        "errors": errors or {},
        "problems": [(where_message(p), problem_message(p)) for p in problems or ()],
        "file_error": file_error,
        "notice": notice,
        "no_store": NO_STORE,
    }
    return render(request, "stock.html", context, status_code=status_code)


@router.get("")
def stock_page(
    request: Request,
    session: CurrentSession,
    store: str = "",
    q: str = "",
    warehouse: str = "",
    low: str = "",
) -> Response:
    return _page(request, session, store=store, q=q, warehouse=warehouse, low=bool(low))


@router.post("/record")
def record(
    request: Request,
    session: CurrentSession,
    store: Annotated[str, Form()] = "",
    product: Annotated[str, Form()] = "",
    warehouse: Annotated[str, Form()] = "",
    quantity: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "receipt",
    reason: Annotated[str, Form()] = "",
) -> Response:
    """One entry from the form: a receipt, a return, a count or an adjustment."""
    chosen = _chosen(_stores(request), store)
    form = {
        "product": product,
        "warehouse": warehouse,
        "quantity": quantity,
        "kind": kind,
        "reason": reason,
    }
    try:
        entry_kind = EntryKind(kind)
    except ValueError:
        entry_kind = EntryKind.RECEIPT
    if entry_kind not in _kinds(session):
        raise Forbidden
    if chosen is None:
        return _page(request, session, store=store, status_code=422)
    number = quantity.strip().replace(" ", "")
    if not number.lstrip("-").isdigit():
        errors = {"quantity": Message(NOT_A_NUMBER)}
        return _page(request, session, store=store, form=form, errors=errors, status_code=422)
    deps = deps_of(request)
    try:
        result = record_stock(
            [
                StockEntry(
                    product=product,
                    warehouse_id=int(warehouse) if warehouse.isdigit() else 0,
                    quantity=int(number),
                    kind=entry_kind,
                    reason=reason,
                )
            ],
            store_id=chosen.id,
            actor=session.account.username,
            uow=deps.uow,
            clock=deps.clock,
        )
    except StockEntriesRejected as exc:
        errors = {p.column: problem_message(p) for p in exc.problems}
        return _page(request, session, store=store, form=form, errors=errors, status_code=422)
    return _page(
        request,
        session,
        store=str(chosen.id),
        q=product.strip(),
        notice=_done(RECORDED, result),
        form={"kind": entry_kind.value, "warehouse": warehouse},
    )


@router.post("/import")
def import_sheet(
    request: Request,
    session: CurrentSession,
    file: Annotated[UploadFile, File()],
    store: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "receipt",
) -> Response:
    """A stock spreadsheet, recorded whole or not at all."""
    try:
        entry_kind = EntryKind(kind)
    except ValueError:
        entry_kind = EntryKind.RECEIPT
    if not session.account.role.can_manage_postings:
        raise Forbidden
    chosen = _chosen(_stores(request), store)
    if chosen is None:
        return _page(request, session, store=store, status_code=422)
    try:
        fmt = sheet_format(file.filename or "")
    except UnknownFormat:
        return _page(request, session, store=store, file_error=WRONG_FILE, status_code=422)
    deps = deps_of(request)
    try:
        result = import_stock_sheet(
            file.file,
            fmt,
            kind=entry_kind,
            store_id=chosen.id,
            actor=session.account.username,
            sheets=bootstrap.spreadsheets(),
            uow=deps.uow,
            clock=deps.clock,
        )
    except StockEntriesRejected as exc:
        return _page(request, session, store=store, problems=list(exc.problems), status_code=422)
    return _page(request, session, store=str(chosen.id), notice=_done(IMPORTED, result))


@router.get("/low-badge")
def low_badge(request: Request, session: CurrentSession) -> Response:
    """The navigation's count of low levels: empty when none is low."""
    count = low_stock_count(uow=deps_of(request).reader)
    if not count:
        return HTMLResponse("")
    return render(request, "_stock_badge.html", {"count": count})


@router.get("/{product_id}")
def product_page(
    request: Request, session: CurrentSession, product_id: int, warehouse: str = ""
) -> Response:
    found = product_stock(
        ProductId(product_id),
        warehouse_id=WarehouseId(int(warehouse)) if warehouse.isdigit() else None,
        uow=deps_of(request).reader,
    )
    if found is None:
        return error_page(request, 404, "not_found")
    names = {w.warehouse_id: w.name for w in found.warehouses}
    context = {
        "found": found,
        "warehouse": warehouse,
        "warehouse_names": names,
        "movement_kinds": MOVEMENT_KINDS,
        "line_problems": LINE_PROBLEMS,
    }
    return render(request, "stock_product.html", context)


def _done(msgid: str, result: RecordResult) -> Message:
    return Message(msgid, {"movements": result.movements})
