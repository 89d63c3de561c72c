"""Logging in and out, and switching the interface language."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from posylka.entrypoints.web import locales
from posylka.entrypoints.web.guards import (
    CurrentSession,
    MaybeSession,
    clear_session_cookie,
    deps_of,
    local_path,
    set_language_cookie,
    set_session_cookie,
)
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.rendering import render
from posylka.services.accounts import (
    InvalidCredentials,
    change_language,
    log_in,
    log_out,
)

router = APIRouter()

WRONG_CREDENTIALS = N_("Wrong username or password.")


@router.get("/login")
def login_form(
    request: Request,
    session: MaybeSession,
    next: str = "/",
) -> Response:
    if session is not None:
        return RedirectResponse(local_path(next), status_code=303)
    return render(request, "login.html", {"next": local_path(next), "username": "", "error": ""})


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    deps = deps_of(request)
    lifetime = timedelta(seconds=deps.settings.session_max_age_seconds)
    try:
        session = log_in(
            username,
            password,
            uow=deps.uow,
            hasher=deps.hasher,
            clock=deps.clock,
            lifetime=lifetime,
        )
    except InvalidCredentials:
        context = {"next": local_path(next), "username": username, "error": WRONG_CREDENTIALS}
        return render(request, "login.html", context, status_code=401)
    response = RedirectResponse(local_path(next), status_code=303)
    set_session_cookie(request, response, session.token, deps.settings.session_max_age_seconds)
    set_language_cookie(request, response, session.account.language)
    return response


@router.post("/logout")
def logout(
    request: Request,
    session: CurrentSession,
) -> Response:
    deps = deps_of(request)
    log_out(session, uow=deps.uow, clock=deps.clock)
    response = RedirectResponse("/login", status_code=303)
    clear_session_cookie(response)
    return response


@router.post("/language")
def switch_language(
    request: Request,
    session: MaybeSession,
    language: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Remember the choice on the account when logged in, and in a cookie for the login page."""
    chosen = locales.normalise(language)
    response = RedirectResponse(local_path(next), status_code=303)
    if chosen is None:
        return response
    if session is not None:
        deps = deps_of(request)
        change_language(session.account, chosen, uow=deps.uow, clock=deps.clock)
    set_language_cookie(request, response, chosen)
    return response
