"""The catalogue pages: products with search and paging, one product's form, spreadsheet import
with its report, and export. Everyone signed in may look; managers and admins change."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from posylka import bootstrap
from posylka.domain.catalogue import BatteryType, CatalogueQuery, Product
from posylka.domain.catalogue_sheet import (
    COLUMNS,
    Problem,
    RowProblem,
    SheetRejected,
    UnknownFormat,
    header_row,
    product_row,
    sheet_format,
)
from posylka.domain.ids import ProductId, StoreId
from posylka.domain.stores import Store, Warehouse
from posylka.entrypoints.web.catalogue_words import (
    BATTERIES,
    COLUMN_NAMES,
    problem_message,
    where_message,
)
from posylka.entrypoints.web.guards import CurrentSession, Forbidden, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.rendering import render
from posylka.services.accounts import Session
from posylka.services.catalogue import (
    ImportReport,
    ProductNotFound,
    ProductRejected,
    edit_product,
    export_rows,
    get_product,
    import_catalogue,
    search_catalogue,
)

router = APIRouter(prefix="/catalogue")

PAGE_SIZE = 50
FLAGS = ("fragile", "liquid", "glass", "aerosol", "flammable", "keep_upright", "needs_mark")
NUMBERS = (
    "length_mm",
    "width_mm",
    "height_mm",
    "weight_g",
    "unit_cost",
    "liquid_ml",
    "battery_wh",
    "low_stock_threshold",
    "safety_buffer",
)
SAVED = N_("Product saved.")
NO_STORE = N_("Add a store in the settings first: products belong to a store.")
WRONG_FILE = N_("Choose a .csv or .xlsx file.")


def _stores(request: Request) -> list[Store]:
    with deps_of(request).reader() as tx:
        return tx.stores.list(active_only=False)


def _chosen(stores: list[Store], store: str) -> Store | None:
    for candidate in stores:
        if str(candidate.id) == store:
            return candidate
    return stores[0] if stores else None


def _warehouses(request: Request, store_id: StoreId) -> list[Warehouse]:
    with deps_of(request).reader() as tx:
        return sorted(tx.stores.warehouses(store_id), key=lambda w: w.warehouse_id)


def _require_editor(session: Session) -> None:
    if not session.account.role.can_manage_postings:
        raise Forbidden


def _list_page(
    request: Request,
    session: Session,
    *,
    store: str = "",
    q: str = "",
    page: int = 1,
    notice: str = "",
    report: ImportReport | None = None,
    rejected: list[RowProblem] | None = None,
    file_error: str = "",
    status_code: int = 200,
) -> Response:
    stores = _stores(request)
    chosen = _chosen(stores, store)
    page = max(page, 1)
    results = None
    warehouses: list[Warehouse] = []
    if chosen is not None:
        query = CatalogueQuery(chosen.id, q, (page - 1) * PAGE_SIZE, PAGE_SIZE)
        results = search_catalogue(query, uow=deps_of(request).reader)
        warehouses = _warehouses(request, chosen.id)
    problems = (report.problems if report else ()) or tuple(rejected or ())
    context = {
        "stores": stores,
        "store": chosen,
        "q": q,
        "page": page,
        "results": results,
        "warehouses": warehouses,
        "can_edit": session.account.role.can_manage_postings,
        "notice": notice,
        "report": report,
        "rejected": rejected,
        "problems": [(where_message(p), p.column, problem_message(p)) for p in problems],
        "file_error": file_error,
        "no_store": NO_STORE,
        "pages": -(-results.total // PAGE_SIZE) if results else 0,
    }
    return render(request, "catalogue.html", context, status_code=status_code)


@router.get("")
def catalogue_page(
    request: Request, session: CurrentSession, store: str = "", q: str = "", page: int = 1
) -> Response:
    return _list_page(request, session, store=store, q=q, page=page)


@router.post("/import")
def import_submit(
    request: Request,
    session: CurrentSession,
    file: Annotated[UploadFile, File()],
    store: Annotated[str, Form()] = "",
) -> Response:
    _require_editor(session)
    chosen = _chosen(_stores(request), store)
    if chosen is None:
        return _list_page(request, session, store=store, status_code=422)
    try:
        fmt = sheet_format(file.filename or "")
    except UnknownFormat:
        return _list_page(request, session, store=store, file_error=WRONG_FILE, status_code=422)
    deps = deps_of(request)
    try:
        report = import_catalogue(
            chosen.id,
            bootstrap.spreadsheets().read(file.file, fmt),
            by=session.account,
            uow=deps.uow,
            clock=deps.clock,
            source=file.filename or "",
        )
    except SheetRejected as exc:
        return _list_page(
            request, session, store=store, rejected=list(exc.problems), status_code=422
        )
    return _list_page(request, session, store=str(chosen.id), report=report)


@router.get("/export.{fmt}")
def export(request: Request, session: CurrentSession, fmt: str, store: str = "") -> Response:
    chosen = _chosen(_stores(request), store)
    if chosen is None or fmt not in ("csv", "xlsx"):
        return Response(status_code=404)
    sink = io.BytesIO()
    bootstrap.spreadsheets().write(export_rows(chosen.id, uow=deps_of(request).reader), fmt, sink)
    day = deps_of(request).clock.now().date().isoformat()
    media = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]
    filename = f"catalogue-{chosen.id}-{day}.{fmt}"
    return Response(
        sink.getvalue(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _form_of(product: Product, warehouses: list[Warehouse]) -> dict[str, str]:
    ids = [w.warehouse_id for w in warehouses]
    values = dict(zip(header_row(ids), product_row(product, ids), strict=True))
    form = {k: "" if v is None else str(v) for k, v in values.items()}
    form["barcodes"] = "\n".join(part.strip() for part in form["barcodes"].split(";") if part)
    return form


def _product_page(
    request: Request,
    session: Session,
    product: Product,
    form: dict[str, str],
    errors: dict[str, Message],
    *,
    notice: str = "",
    status_code: int = 200,
) -> Response:
    stores = {s.id: s for s in _stores(request)}
    context = {
        "product": product,
        "store": stores.get(product.store_id),
        "warehouses": _warehouses(request, product.store_id),
        "form": form,
        "errors": errors,
        "notice": notice,
        "can_edit": session.account.role.can_manage_postings,
        "flags": FLAGS,
        "numbers": NUMBERS,
        "columns": COLUMN_NAMES,
        "batteries": [(b.value, BATTERIES[b]) for b in BatteryType],
    }
    return render(request, "catalogue_product.html", context, status_code=status_code)


def _product_or_404(request: Request, product_id: int) -> Product | None:
    try:
        return get_product(ProductId(product_id), uow=deps_of(request).reader)
    except ProductNotFound:
        return None


@router.get("/{product_id}")
def product_page(
    request: Request, session: CurrentSession, product_id: int, notice: str = ""
) -> Response:
    product = _product_or_404(request, product_id)
    if product is None:
        return Response(status_code=404)
    form = _form_of(product, _warehouses(request, product.store_id))
    return _product_page(
        request, session, product, form, {}, notice=SAVED if notice == "saved" else ""
    )


@router.post("/{product_id}")
async def product_submit(request: Request, session: CurrentSession, product_id: int) -> Response:
    _require_editor(session)
    product = _product_or_404(request, product_id)
    if product is None:
        return Response(status_code=404)
    submitted = await request.form()
    form = {k: str(v) for k, v in submitted.items() if k != "csrf_token"}
    fields: dict[str, Any] = {c: form.get(c, "") for c in COLUMNS if c not in FLAGS}
    fields.pop("ozon_product_id", None)
    fields["barcodes"] = "; ".join(line.strip() for line in form.get("barcodes", "").splitlines())
    fields.update({flag: "yes" if form.get(flag) else "" for flag in FLAGS})
    for warehouse in _warehouses(request, product.store_id):
        column = f"bin:{warehouse.warehouse_id}"
        fields[column] = form.get(column, "")
    deps = deps_of(request)
    try:
        edit_product(product.id, fields, by=session.account, uow=deps.uow, clock=deps.clock)
    except ProductRejected as exc:
        errors = {p.column: problem_message(p) for p in exc.problems}
        if not errors:
            errors = {"offer_id": problem_message(RowProblem(2, "offer_id", Problem.REQUIRED))}
        return _product_page(request, session, product, form, errors, status_code=422)
    return RedirectResponse(f"/catalogue/{product.id}?notice=saved", status_code=303)
