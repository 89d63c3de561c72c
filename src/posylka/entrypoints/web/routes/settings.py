"""Settings, for administrators only: stores (Ozon seller accounts) and staff users."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from posylka.domain.stores import OZON_BASE_URL, Role
from posylka.entrypoints.web import locales
from posylka.entrypoints.web.guards import AdminSession, deps_of, require_admin
from posylka.entrypoints.web.messages import (
    CHOOSE_ROLE,
    NOTICES,
    PASSWORDS_DIFFER,
    Message,
    account_error,
    store_error,
)
from posylka.entrypoints.web.rendering import render
from posylka.services.accounts import AccountError, NewUser, Session, create_user, list_users
from posylka.services.stores import NewStore, StoreError, add_store, list_stores

router = APIRouter(prefix="/settings", dependencies=[Depends(require_admin)])


@router.get("")
def settings_home() -> Response:
    return RedirectResponse("/settings/stores", status_code=303)


def _stores_page(
    request: Request,
    session: Session,
    form: dict[str, str],
    errors: dict[str, Message],
    notice: str = "",
    status_code: int = 200,
) -> Response:
    stores = list_stores(by=session.account, uow=deps_of(request).reader)
    context = {"stores": stores, "form": form, "errors": errors, "notice": notice}
    return render(request, "settings_stores.html", context, status_code=status_code)


@router.get("/stores")
def stores_page(
    request: Request,
    session: AdminSession,
    notice: str = "",
) -> Response:
    form = {"name": "", "client_id": "", "base_url": OZON_BASE_URL}
    return _stores_page(request, session, form, {}, NOTICES.get(notice, ""))


@router.post("/stores")
def add_store_submit(
    request: Request,
    session: AdminSession,
    name: Annotated[str, Form()] = "",
    client_id: Annotated[str, Form()] = "",
    api_key: Annotated[str, Form()] = "",
    base_url: Annotated[str, Form()] = OZON_BASE_URL,
) -> Response:
    deps = deps_of(request)
    try:
        add_store(
            NewStore(name, client_id, api_key, base_url),
            by=session.account,
            uow=deps.uow,
            clock=deps.clock,
        )
    except StoreError as exc:
        # The key is never sent back, not even after a mistake: the admin pastes it again.
        form = {"name": name, "client_id": client_id, "base_url": base_url}
        return _stores_page(request, session, form, store_error(exc), status_code=422)
    return RedirectResponse("/settings/stores?notice=store_added", status_code=303)


def _users_page(
    request: Request,
    session: Session,
    form: dict[str, str],
    errors: dict[str, Message],
    notice: str = "",
    status_code: int = 200,
) -> Response:
    users = list_users(by=session.account, uow=deps_of(request).reader)
    context = {
        "users": users,
        "roles": list(Role),
        "form": form,
        "errors": errors,
        "notice": notice,
    }
    return render(request, "settings_users.html", context, status_code=status_code)


@router.get("/users")
def users_page(
    request: Request,
    session: AdminSession,
    notice: str = "",
) -> Response:
    form = {"username": "", "role": Role.PACKER.value, "language": session.account.language}
    return _users_page(request, session, form, {}, NOTICES.get(notice, ""))


@router.post("/users")
def add_user_submit(
    request: Request,
    session: AdminSession,
    username: Annotated[str, Form()] = "",
    role: Annotated[str, Form()] = "",
    language: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    password_again: Annotated[str, Form()] = "",
) -> Response:
    deps = deps_of(request)
    form = {"username": username, "role": role, "language": language}
    errors: dict[str, Message] = {}
    if role not in {r.value for r in Role}:
        errors["role"] = CHOOSE_ROLE
    if password != password_again:
        errors["password_again"] = PASSWORDS_DIFFER
    if not errors:
        try:
            create_user(
                NewUser(username, password, Role(role), locales.normalise(language) or language),
                by=session.account,
                uow=deps.uow,
                hasher=deps.hasher,
                clock=deps.clock,
            )
        except AccountError as exc:
            errors = account_error(exc)
    if errors:
        return _users_page(request, session, form, errors, status_code=422)
    return RedirectResponse("/settings/users?notice=user_added", status_code=303)
