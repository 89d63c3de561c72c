"""Shortfalls: the list of postings short of stock, and the three choices for one of them.

The posting page loads the shortfall section (``_shortfall.html``) by itself; waiting is one
form, a cancellation goes through a confirmation page that says what it costs first.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from posylka.domain.cancellation import OUT_OF_STOCK_REASON_ID
from posylka.domain.errors import MarketplaceError
from posylka.domain.ids import StoreId
from posylka.domain.shortfalls import (
    RFBS_FINE_CAP_RUB,
    RFBS_FINE_SOURCE,
    BadExpectedDate,
    CannotCancel,
    MessageRequired,
    NotShort,
    ShortfallError,
)
from posylka.entrypoints.web.errors import error_page
from posylka.entrypoints.web.guards import CurrentSession, deps_of
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message
from posylka.entrypoints.web.rendering import render
from posylka.services.accounts import Session
from posylka.services.shortfalls import (
    CancelShort,
    WaitForStock,
    cancel_shortfall,
    list_shortfalls,
    shortfall_of,
    wait_for_stock,
)

router = APIRouter()

SELLER_REASONS = {
    352: N_("Out of stock"),
    400: N_("Only defective stock left"),
    402: N_("Other (the seller's fault; a message is required)"),
}
"""The reasons a seller may give for cancelling before hand-over (Seller API, cancel reasons)."""

NOTICES = {
    "waiting": N_("Noted: the posting waits for stock and is reserved when the goods arrive."),
    "items_cancelled": N_("The missing items were cancelled at Ozon."),
    "posting_cancelled": N_("The posting was cancelled at Ozon and its reservations released."),
}
SCOPES = ("items", "posting")


def _base(store_id: int, posting_number: str) -> str:
    return f"/postings/{store_id}/{posting_number}"


def _can_decide(session: Session) -> bool:
    return session.account.role.can_manage_postings


@router.get("/shortfalls")
def shortfalls_page(request: Request, session: CurrentSession) -> Response:
    shortfalls = list_shortfalls(None, uow=deps_of(request).reader)
    return render(request, "shortfalls.html", {"shortfalls": shortfalls})


@router.get("/postings/{store_id}/{posting_number}/shortfall")
def shortfall_section(
    request: Request,
    session: CurrentSession,
    store_id: int,
    posting_number: str,
    notice: str = "",
) -> Response:
    """The posting page's shortfall section (empty when the posting is not short)."""
    deps = deps_of(request)
    shortfall = shortfall_of(StoreId(store_id), posting_number, uow=deps.reader)
    context: dict[str, object] = {
        "notice": NOTICES.get(notice, ""),
        "shortfall": shortfall,
        "base": _base(store_id, posting_number),
        "can_decide": _can_decide(session),
        "today": deps.clock.now().date().isoformat(),
        "errors": {},
    }
    return render(request, "_shortfall.html", context)


@router.post("/postings/{store_id}/{posting_number}/shortfall/wait")
def wait_submit(
    request: Request,
    session: CurrentSession,
    store_id: int,
    posting_number: str,
    expected_on: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    if not _can_decide(session):
        return error_page(request, 403, "forbidden")
    deps = deps_of(request)
    base = _base(store_id, posting_number)
    error: Message | None = None
    try:
        when = date.fromisoformat(expected_on.strip())
    except ValueError:
        error = Message(N_("Enter the date the goods are expected, as YYYY-MM-DD."))
    else:
        try:
            wait_for_stock(
                WaitForStock(StoreId(store_id), posting_number, when, note),
                actor=session.account.username,
                uow=deps.uow,
                clock=deps.clock,
            )
        except BadExpectedDate:
            error = Message(N_("The expected date cannot be in the past."))
        except NotShort:
            return RedirectResponse(base, status_code=303)
    if error is not None:
        shortfall = shortfall_of(StoreId(store_id), posting_number, uow=deps.reader)
        context = {
            "shortfall": shortfall,
            "base": base,
            "can_decide": True,
            "today": deps.clock.now().date().isoformat(),
            "errors": {"expected_on": error},
            "form": {"expected_on": expected_on, "note": note},
        }
        return render(request, "shortfall_wait.html", context, status_code=422)
    return RedirectResponse(f"{base}?shortfall=waiting", status_code=303)


def _confirm_page(
    request: Request,
    store_id: int,
    posting_number: str,
    scope: str,
    *,
    reason_id: int = OUT_OF_STOCK_REASON_ID,
    message: str = "",
    error: Message | None = None,
    status_code: int = 200,
) -> Response:
    deps = deps_of(request)
    shortfall = shortfall_of(StoreId(store_id), posting_number, uow=deps.reader)
    base = _base(store_id, posting_number)
    if shortfall is None:
        return RedirectResponse(base, status_code=303)
    whole = scope == "posting"
    cost = shortfall.posting_cost(reason_id) if whole else shortfall.items_cost(reason_id)
    context = {
        "shortfall": shortfall,
        "posting": shortfall.posting,
        "base": base,
        "whole": whole,
        "scope": scope,
        "cost": cost,
        "reasons": SELLER_REASONS,
        "reason_id": reason_id,
        "message": message,
        "error": error,
        "fine_cap": RFBS_FINE_CAP_RUB,
        "fine_source": RFBS_FINE_SOURCE,
    }
    return render(request, "shortfall_cancel.html", context, status_code=status_code)


@router.get("/postings/{store_id}/{posting_number}/shortfall/cancel")
def cancel_confirm(
    request: Request,
    session: CurrentSession,
    store_id: int,
    posting_number: str,
    scope: str = "posting",
    reason_id: int = OUT_OF_STOCK_REASON_ID,
) -> Response:
    if not _can_decide(session):
        return error_page(request, 403, "forbidden")
    if scope not in SCOPES or reason_id not in SELLER_REASONS:
        return error_page(request, 400, "bad_request")
    return _confirm_page(request, store_id, posting_number, scope, reason_id=reason_id)


@router.post("/postings/{store_id}/{posting_number}/shortfall/cancel")
def cancel_submit(
    request: Request,
    session: CurrentSession,
    store_id: int,
    posting_number: str,
    scope: Annotated[str, Form()] = "",
    reason_id: Annotated[int, Form()] = OUT_OF_STOCK_REASON_ID,
    message: Annotated[str, Form()] = "",
) -> Response:
    if not _can_decide(session):
        return error_page(request, 403, "forbidden")
    if scope not in SCOPES or reason_id not in SELLER_REASONS:
        return error_page(request, 400, "bad_request")
    deps = deps_of(request)
    base = _base(store_id, posting_number)
    whole = scope == "posting"
    error: Message | None = None
    if deps.marketplace is None:
        error = Message(N_("Ozon cannot be reached from this desk; nothing was cancelled."))
    else:
        try:
            cancel_shortfall(
                CancelShort(StoreId(store_id), posting_number, whole, reason_id, message),
                actor=session.account.username,
                uow=deps.uow,
                marketplace=deps.marketplace,
                clock=deps.clock,
            )
        except MessageRequired:
            error = Message(N_("Write a message for Ozon: this reason needs one."))
        except CannotCancel:
            error = Message(N_("Ozon no longer allows this cancellation for the posting's status."))
        except NotShort:
            return RedirectResponse(base, status_code=303)
        except ShortfallError as exc:
            error = Message(N_("This cancellation cannot be made: %(why)s"), {"why": str(exc)})
        except MarketplaceError as exc:
            error = Message(
                N_("Ozon refused the cancellation; nothing was changed. Ozon said: %(why)s"),
                {"why": exc.message},
            )
    if error is not None:
        return _confirm_page(
            request,
            store_id,
            posting_number,
            scope,
            reason_id=reason_id,
            message=message,
            error=error,
            status_code=422,
        )
    notice = "posting_cancelled" if whole else "items_cancelled"
    return RedirectResponse(f"{base}?shortfall={notice}", status_code=303)
