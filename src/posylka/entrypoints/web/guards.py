"""Who is asking, and may they: the session cookie, CSRF checks and role checks.

The session cookie holds a random token (HttpOnly, SameSite=Lax); the database knows only its
SHA-256. Every unsafe request must echo a CSRF token, either in the ``csrf_token`` form field or in
the ``X-CSRF-Token`` header that the page script adds to htmx requests. Logged-in users echo their
session's token; on the login page, before any session exists, a random token is kept in a cookie
and echoed back (the double-submit pattern).
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import Depends, Request, Response

from posylka.entrypoints.web.deps import WebDeps
from posylka.services.accounts import Session, resume_session

SESSION_COOKIE = "posylka_session"
CSRF_COOKIE = "posylka_csrf"
LANGUAGE_COOKIE = "posylka_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class LoginRequired(Exception):
    """No live session: the visitor is sent to the login page."""


class Forbidden(Exception):
    """The account's role may not open this page."""


class CsrfRejected(Exception):
    """An unsafe request came without the right CSRF token."""


def deps_of(request: Request) -> WebDeps:
    deps = request.app.state.deps
    assert isinstance(deps, WebDeps)
    return deps


def optional_session(request: Request) -> Session | None:
    """The visitor's live session, looked up once per request and kept on ``request.state``."""
    if hasattr(request.state, "session"):
        cached = request.state.session
        return cached if isinstance(cached, Session) else None
    deps = deps_of(request)
    token = request.cookies.get(SESSION_COOKIE, "")
    session = resume_session(token, uow=deps.reader, clock=deps.clock) if token else None
    request.state.session = session
    return session


MaybeSession = Annotated[Session | None, Depends(optional_session)]


def require_session(session: MaybeSession) -> Session:
    if session is None:
        raise LoginRequired
    return session


CurrentSession = Annotated[Session, Depends(require_session)]


def require_admin(session: CurrentSession) -> Session:
    if not session.account.role.can_manage_settings:
        raise Forbidden
    return session


AdminSession = Annotated[Session, Depends(require_admin)]


async def verify_csrf(request: Request, session: MaybeSession) -> None:
    """Applied to every route: unsafe methods must carry the expected CSRF token."""
    if request.method in SAFE_METHODS:
        return
    expected = session.csrf_token if session else request.cookies.get(CSRF_COOKIE, "")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and _is_form(request):
        value = (await request.form()).get(CSRF_FIELD, "")
        sent = value if isinstance(value, str) else ""
    if not expected or not sent or not secrets.compare_digest(expected, sent):
        raise CsrfRejected


def _is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def csrf_token_for(request: Request) -> str:
    """The token a page must embed: the session's, or the pre-login cookie's (made if missing)."""
    session = getattr(request.state, "session", None)
    if isinstance(session, Session):
        return session.csrf_token
    token = request.cookies.get(CSRF_COOKIE) or getattr(request.state, "new_csrf", "")
    if not token:
        token = secrets.token_urlsafe(32)
        request.state.new_csrf = token
    return token


def remember_csrf(request: Request, response: Response) -> None:
    """Send the pre-login CSRF cookie if this response introduced one."""
    token = getattr(request.state, "new_csrf", "")
    if token:
        response.set_cookie(
            CSRF_COOKIE,
            token,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )


def set_session_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="lax")


def set_language_cookie(request: Request, response: Response, language: str) -> None:
    response.set_cookie(
        LANGUAGE_COOKIE,
        language,
        max_age=365 * 86_400,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )


def local_path(target: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after login or a language switch (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return default
    return target
