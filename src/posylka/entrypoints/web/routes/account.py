"""One's own account: who am I, and changing my password (every role may)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from posylka.entrypoints.web.guards import CurrentSession, deps_of
from posylka.entrypoints.web.messages import NOTICES, PASSWORDS_DIFFER, Message, account_error
from posylka.entrypoints.web.rendering import render
from posylka.services.accounts import AccountError, change_password

router = APIRouter()


@router.get("/account")
def account_page(
    request: Request,
    session: CurrentSession,
    notice: str = "",
) -> Response:
    return render(request, "account.html", {"errors": {}, "notice": NOTICES.get(notice, "")})


@router.post("/account/password")
def change_password_submit(
    request: Request,
    session: CurrentSession,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    new_password_again: Annotated[str, Form()] = "",
) -> Response:
    deps = deps_of(request)
    errors: dict[str, Message] = {}
    if new_password != new_password_again:
        errors["new_password_again"] = PASSWORDS_DIFFER
    else:
        try:
            change_password(
                session.account,
                current_password,
                new_password,
                uow=deps.uow,
                hasher=deps.hasher,
                clock=deps.clock,
            )
        except AccountError as exc:
            errors = account_error(exc, weak_field="new_password")
    if errors:
        return render(request, "account.html", {"errors": errors}, status_code=422)
    return RedirectResponse("/account?notice=password_changed", status_code=303)
