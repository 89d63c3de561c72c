"""Error pages: 403, 404 and 500 in the visitor's language, and the login redirect.

This is one of the two places allowed to catch everything (the job runner is the other): an
unexpected error is logged with its traceback and answered with a calm, translated page.
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from posylka.entrypoints.web.guards import CsrfRejected, Forbidden, LoginRequired
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.rendering import pages_of
from posylka.services.accounts import NotAllowed

log = logging.getLogger("posylka.web")

TITLES = {
    400: N_("This request could not be read"),
    403: N_("You cannot open this page"),
    404: N_("Page not found"),
    405: N_("This action is not available here"),
    500: N_("Something went wrong"),
}
MESSAGES = {
    "forbidden": N_("Your role does not allow this. Ask an administrator if you need access."),
    "csrf": N_("This form has expired. Reload the page and try again."),
    "not_found": N_("There is nothing at this address. It may have been mistyped or removed."),
    "not_allowed": N_("Go back and use the buttons on the page."),
    "bad_request": N_("Some of the values sent are not valid. Go back and check the form."),
    "server": N_(
        "The error has been logged. Try again in a minute; if it persists, tell your administrator."
    ),
}


def error_page(request: Request, status_code: int, message_key: str) -> Response:
    pages = pages_of(request)
    context = {
        "status_code": status_code,
        "title": TITLES[status_code],
        "message": MESSAGES[message_key],
    }
    return pages.render(request, "error.html", context, status_code=status_code)


def install(app: FastAPI) -> None:
    """Register the handlers on the app."""

    async def login_required(request: Request, exc: Exception) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        location = "/login?" + urlencode({"next": target}) if target != "/" else "/login"
        if request.headers.get("HX-Request") == "true":
            # htmx would swap the login page into a fragment; ask it to navigate instead.
            return Response(status_code=401, headers={"HX-Redirect": location})
        return RedirectResponse(location, status_code=303)

    async def forbidden(request: Request, exc: Exception) -> Response:
        return error_page(request, 403, "forbidden")

    async def csrf_rejected(request: Request, exc: Exception) -> Response:
        return error_page(request, 403, "csrf")

    async def http_error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        if status == 404:
            return error_page(request, 404, "not_found")
        if status == 405:
            return error_page(request, 405, "not_allowed")
        if status == 403:
            return error_page(request, 403, "forbidden")
        detail = exc.detail if isinstance(exc, HTTPException) else ""
        return Response(str(detail), status_code=status)

    async def invalid_request(request: Request, exc: Exception) -> Response:
        return error_page(request, 400, "bad_request")

    async def server_error(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        try:
            return error_page(request, 500, "server")
        except Exception:  # the error page itself failed: fall back to plain text
            log.exception("the error page could not be rendered")
            return Response("Internal Server Error", status_code=500)

    app.add_exception_handler(LoginRequired, login_required)
    app.add_exception_handler(Forbidden, forbidden)
    app.add_exception_handler(NotAllowed, forbidden)
    app.add_exception_handler(CsrfRejected, csrf_rejected)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(Exception, server_error)
