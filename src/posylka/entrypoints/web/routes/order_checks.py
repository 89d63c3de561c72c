"""Fixing a posting that needs attention: check it again, accept a reason, or add an unknown
product to the catalogue straight from the reason."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from posylka.domain.ids import StoreId
from posylka.entrypoints.web.errors import error_page
from posylka.entrypoints.web.guards import CurrentSession, Forbidden, deps_of
from posylka.services.order_checks import (
    PostingNotFound,
    ReasonNotFound,
    accept_reason,
    add_unknown_product,
    recheck_posting,
)

router = APIRouter()

NOTE_LIMIT = 500


def _back(store_id: str, posting_number: str, outcome: str) -> Response:
    target = f"/postings/{store_id}/{posting_number}?checks={outcome}#order-checks"
    return RedirectResponse(target, status_code=303)


@router.post("/postings/{store_id}/{posting_number}/recheck")
def recheck(
    request: Request, session: CurrentSession, store_id: str, posting_number: str
) -> Response:
    deps = deps_of(request)
    if not store_id.isdigit():
        return error_page(request, 404, "not_found")
    try:
        recheck_posting(StoreId(int(store_id)), posting_number, uow=deps.uow, clock=deps.clock)
    except PostingNotFound:
        return error_page(request, 404, "not_found")
    return _back(store_id, posting_number, "rechecked")


@router.post("/postings/{store_id}/{posting_number}/accept")
def accept(
    request: Request,
    session: CurrentSession,
    store_id: str,
    posting_number: str,
    code: Annotated[str, Form()],
    subject: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    if not session.account.role.can_manage_postings:
        raise Forbidden
    deps = deps_of(request)
    if not store_id.isdigit():
        return error_page(request, 404, "not_found")
    try:
        accept_reason(
            StoreId(int(store_id)),
            posting_number,
            code,
            subject,
            actor=session.account.username,
            note=note[:NOTE_LIMIT],
            uow=deps.uow,
            clock=deps.clock,
        )
    except PostingNotFound:
        return error_page(request, 404, "not_found")
    except ReasonNotFound:
        return _back(store_id, posting_number, "gone")
    return _back(store_id, posting_number, "accepted")


@router.post("/postings/{store_id}/{posting_number}/add-product")
def add_product(
    request: Request,
    session: CurrentSession,
    store_id: str,
    posting_number: str,
    sku: Annotated[str, Form()],
) -> Response:
    if not session.account.role.can_manage_postings:
        raise Forbidden
    deps = deps_of(request)
    if not store_id.isdigit():
        return error_page(request, 404, "not_found")
    try:
        add_unknown_product(
            StoreId(int(store_id)),
            posting_number,
            sku,
            actor=session.account.username,
            uow=deps.uow,
            clock=deps.clock,
        )
    except PostingNotFound:
        return error_page(request, 404, "not_found")
    except ReasonNotFound:
        return _back(store_id, posting_number, "gone")
    return _back(store_id, posting_number, "added")
