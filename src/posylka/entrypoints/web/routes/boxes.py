"""``/settings/boxes``: the box catalogue of a store (admins): list per warehouse, add, edit,
retire and bring back, import and export as CSV or XLSX, and the packers' latest overrides."""

from __future__ import annotations

import io
from dataclasses import replace
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import RedirectResponse, Response

from posylka import bootstrap
from posylka.domain.box_sheet import BoxSheetRejected
from posylka.domain.boxes import Box, BoxRejected, BoxSpec, parse_box
from posylka.domain.catalogue_sheet import UnknownFormat, sheet_format
from posylka.domain.ids import BoxId, StoreId, WarehouseId
from posylka.domain.stores import Store, Warehouse
from posylka.entrypoints.web.box_words import (
    COLUMN_NAMES,
    KINDS,
    rejected_message,
    row_message,
    where_message,
)
from posylka.entrypoints.web.guards import AdminSession, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.rendering import render
from posylka.services import box_catalogue

router = APIRouter(prefix="/settings/boxes")

NOTICES = {
    "added": N_("Box added."),
    "saved": N_("Box saved."),
    "retired": N_("Box retired: it is no longer recommended."),
    "restored": N_("Box back in use."),
}
NO_STORE = N_("Add a store first: boxes belong to a store.")
WRONG_FILE = N_("Choose a .csv or .xlsx file.")
IMPORTED = N_("Imported: %(created)s boxes added, %(updated)s changed.")
FIELDS = tuple(COLUMN_NAMES)
EMPTY_FORM = {name: "" for name in FIELDS} | {"kind": "box", "own_weight_g": "0"}


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
        return sorted(tx.stores.warehouses(store_id), key=lambda w: w.name)


def _form_of(box: Box) -> dict[str, str]:
    return {
        "code": box.code,
        "name": box.name,
        "kind": box.kind.value,
        "length_mm": str(box.length_mm),
        "width_mm": str(box.width_mm),
        "height_mm": str(box.height_mm),
        "max_weight_g": str(box.max_weight_g),
        "own_weight_g": str(box.own_weight_g),
        "cost": str(box.cost),
        "warehouse_id": "" if box.warehouse_id is None else str(box.warehouse_id),
    }


def _page(
    request: Request,
    *,
    store: str = "",
    warehouse: str = "",
    form: dict[str, str] | None = None,
    errors: dict[str, Message] | None = None,
    notice: Message | str = "",
    rejected: list[BoxSheetRejected] | None = None,
    file_error: str = "",
    status_code: int = 200,
) -> Response:
    deps = deps_of(request)
    stores = _stores(request)
    chosen = _chosen(stores, store)
    boxes: list[Box] = []
    warehouses: list[Warehouse] = []
    overrides = []
    if chosen is not None:
        warehouses = _warehouses(request, chosen.id)
        only = WarehouseId(int(warehouse)) if warehouse.isdigit() else None
        boxes = box_catalogue.list_boxes(
            uow_factory=deps.uow, store_id=chosen.id, clock=deps.clock, warehouse_id=only
        )
        overrides = box_catalogue.overrides(uow_factory=deps.reader, store_id=chosen.id, limit=20)
    problems = [
        (where_message(p), row_message(p)) for error in rejected or () for p in error.problems
    ]
    context = {
        "stores": stores,
        "store": chosen,
        "warehouse": warehouse,
        "warehouses": warehouses,
        "warehouse_names": {w.warehouse_id: w.name for w in warehouses},
        "boxes": boxes,
        "overrides": overrides,
        "kinds": KINDS,
        "columns": COLUMN_NAMES,
        "form": form or dict(EMPTY_FORM),
        "errors": errors or {},
        "notice": notice,
        "problems": problems,
        "file_error": file_error,
        "no_store": NO_STORE,
    }
    return render(request, "settings_boxes.html", context, status_code=status_code)


@router.get("")
def boxes_page(
    request: Request, session: AdminSession, store: str = "", warehouse: str = "", notice: str = ""
) -> Response:
    return _page(request, store=store, warehouse=warehouse, notice=NOTICES.get(notice, ""))


def _spec_of(form: dict[str, str]) -> BoxSpec:
    return parse_box(
        code=form["code"],
        name=form["name"],
        kind=form["kind"],
        length_mm=form["length_mm"],
        width_mm=form["width_mm"],
        height_mm=form["height_mm"],
        max_weight_g=form["max_weight_g"],
        own_weight_g=form["own_weight_g"],
        cost=form["cost"],
        warehouse_id=form["warehouse_id"],
    )


async def _read_form(request: Request) -> dict[str, str]:
    data = await request.form()
    return {name: str(data.get(name, "")) for name in FIELDS if name != "active"}


@router.post("")
async def add_submit(request: Request, session: AdminSession, store: str = "") -> Response:
    deps = deps_of(request)
    chosen = _chosen(_stores(request), store)
    if chosen is None:
        return _page(request, status_code=422)
    form = await _read_form(request)
    try:
        box_catalogue.add_box(
            uow_factory=deps.uow, store_id=chosen.id, spec=_spec_of(form), clock=deps.clock
        )
    except BoxRejected as exc:
        errors = {exc.field: rejected_message(exc)}
        return _page(request, store=str(chosen.id), form=form, errors=errors, status_code=422)
    return RedirectResponse(f"/settings/boxes?store={chosen.id}&notice=added", status_code=303)


def _box_or_none(request: Request, box_id: int) -> Box | None:
    with deps_of(request).reader() as tx:
        return tx.boxes.get(BoxId(box_id))


def _edit_page(
    request: Request,
    box: Box,
    form: dict[str, str],
    errors: dict[str, Message] | None = None,
    status_code: int = 200,
) -> Response:
    context = {
        "box": box,
        "form": form,
        "errors": errors or {},
        "kinds": KINDS,
        "warehouses": _warehouses(request, box.store_id),
    }
    return render(request, "settings_box.html", context, status_code=status_code)


@router.get("/{box_id:int}")
def edit_page(request: Request, session: AdminSession, box_id: int) -> Response:
    box = _box_or_none(request, box_id)
    if box is None:
        return Response(status_code=404)
    return _edit_page(request, box, _form_of(box))


@router.post("/{box_id:int}")
async def edit_submit(request: Request, session: AdminSession, box_id: int) -> Response:
    deps = deps_of(request)
    box = _box_or_none(request, box_id)
    if box is None:
        return Response(status_code=404)
    form = await _read_form(request)
    try:
        spec = _spec_of(form)
        box_catalogue.update_box(
            uow_factory=deps.uow,
            store_id=box.store_id,
            box_id=box.id,
            spec=replace(spec, active=box.active),
            clock=deps.clock,
        )
    except BoxRejected as exc:
        errors = {exc.field: rejected_message(exc)}
        return _edit_page(request, box, form, errors, status_code=422)
    return RedirectResponse(f"/settings/boxes?store={box.store_id}&notice=saved", status_code=303)


@router.post("/{box_id:int}/active")
def active_submit(
    request: Request,
    session: AdminSession,
    box_id: int,
    active: Annotated[str, Form()] = "",
) -> Response:
    deps = deps_of(request)
    box = _box_or_none(request, box_id)
    if box is None:
        return Response(status_code=404)
    use = active == "yes"
    box_catalogue.set_active(
        uow_factory=deps.uow, store_id=box.store_id, box_id=box.id, active=use, clock=deps.clock
    )
    notice = "restored" if use else "retired"
    return RedirectResponse(
        f"/settings/boxes?store={box.store_id}&notice={notice}", status_code=303
    )


@router.post("/import")
def import_submit(
    request: Request,
    session: AdminSession,
    file: Annotated[UploadFile, File()],
    store: Annotated[str, Form()] = "",
) -> Response:
    deps = deps_of(request)
    chosen = _chosen(_stores(request), store)
    if chosen is None:
        return _page(request, status_code=422)
    try:
        fmt = sheet_format(file.filename or "")
    except UnknownFormat:
        return _page(request, store=store, file_error=WRONG_FILE, status_code=422)
    try:
        result = box_catalogue.import_boxes(
            uow_factory=deps.uow,
            store_id=chosen.id,
            rows=bootstrap.spreadsheets().read(file.file, fmt),
            clock=deps.clock,
        )
    except BoxSheetRejected as exc:
        return _page(request, store=store, rejected=[exc], status_code=422)
    notice = Message(IMPORTED, {"created": result.created, "updated": result.updated})
    return _page(request, store=str(chosen.id), notice=notice)


@router.get("/export.{fmt}")
def export(request: Request, session: AdminSession, fmt: str, store: str = "") -> Response:
    deps = deps_of(request)
    chosen = _chosen(_stores(request), store)
    if chosen is None or fmt not in ("csv", "xlsx"):
        return Response(status_code=404)
    sink = io.BytesIO()
    rows = box_catalogue.export_boxes(uow_factory=deps.uow, store_id=chosen.id, clock=deps.clock)
    bootstrap.spreadsheets().write(rows, fmt, sink)
    media = {
        "csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }[fmt]
    return Response(
        sink.getvalue(),
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="boxes-{chosen.id}.{fmt}"'},
    )
