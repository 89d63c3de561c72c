"""Turning a template and a context into a response, in the visitor's language.

There is one Jinja2 environment per language, each with its gettext catalog installed (new-style
gettext, so ``_("%(n)s items", n=3)`` formats and escapes safely) and its own :class:`Formatter`.
Every page gets the same frame: the account, the CSRF token, the language switch and the countdown
wording for the page script.
"""

from __future__ import annotations

import gettext
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from posylka.entrypoints.web import locales
from posylka.entrypoints.web.formatting import Formatter
from posylka.entrypoints.web.guards import LANGUAGE_COOKIE, csrf_token_for, remember_csrf
from posylka.services.accounts import Session

TEMPLATE_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"


class Pages:
    """The template environments of all languages, built once at startup."""

    def __init__(
        self,
        translations: Mapping[str, gettext.GNUTranslations],
        timezone: ZoneInfo,
        default_language: str,
    ) -> None:
        self.default_language = locales.normalise(default_language) or locales.ENGLISH.code
        self._static_versions = _static_versions(STATIC_DIR)
        self._envs = {
            code: self._environment(translations[code], locales.BY_CODE[code], timezone)
            for code in locales.BY_CODE
        }

    def _environment(
        self, translations: gettext.GNUTranslations, language: locales.Language, tz: ZoneInfo
    ) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
            autoescape=True,
            extensions=["jinja2.ext.i18n"],
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.policies["ext.i18n.trimmed"] = True
        env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
        formatter = Formatter(translations, language.locale, tz)
        env.globals.update(
            fmt=formatter,
            language=language,
            languages=locales.ALL,
            static=self.static_url,
            # Escaped so no translation can close the <script> block that carries the JSON.
            countdown_words=json.dumps(formatter.countdown_words(), ensure_ascii=False).replace(
                "<", "\\u003c"
            ),
            query=_query,
        )
        return env

    def static_url(self, name: str) -> str:
        """A static file's address with its content hash, so browsers never run stale code."""
        return f"/static/{name}?v={self._static_versions.get(name, '0')}"

    def language_of(self, request: Request) -> str:
        """The account's language, else the cookie's, else the browser's, else the default."""
        session = getattr(request.state, "session", None)
        if isinstance(session, Session):
            chosen = locales.normalise(session.account.language)
            if chosen:
                return chosen
        return (
            locales.normalise(request.cookies.get(LANGUAGE_COOKIE))
            or locales.negotiate(request.headers.get("accept-language", ""))
            or self.default_language
        )

    def render(
        self,
        request: Request,
        template: str,
        context: Mapping[str, Any] | None = None,
        *,
        status_code: int = 200,
        language: str | None = None,
    ) -> HTMLResponse:
        code = language or self.language_of(request)
        session = getattr(request.state, "session", None)
        frame = {
            "request": request,
            "session": session if isinstance(session, Session) else None,
            "account": session.account if isinstance(session, Session) else None,
            "csrf_token": csrf_token_for(request),
            "here": _here(request),
            "notice": "",
        }
        frame.update(context or {})
        html = self._envs[code].get_template(template).render(frame)
        response = HTMLResponse(html, status_code=status_code)
        response.headers["Content-Language"] = code
        remember_csrf(request, response)
        return response


def pages_of(request: Request) -> Pages:
    pages = request.app.state.pages
    assert isinstance(pages, Pages)
    return pages


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page for this request (shorthand the routes use)."""
    return pages_of(request).render(request, template, context, status_code=status_code)


def is_fragment_request(request: Request) -> bool:
    """An htmx swap wants the fragment; a history restore or a plain load wants the whole page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def _query(params: Mapping[str, Any], **changes: Any) -> str:
    """A query string from the current filters with some keys replaced; empty values dropped."""
    merged = {**params, **changes}
    pairs = [(k, str(v)) for k, v in merged.items() if v not in (None, "")]
    return ("?" + urlencode(pairs)) if pairs else "?"


def _static_versions(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()[:10]
        for path in root.rglob("*")
        if path.is_file()
    }
