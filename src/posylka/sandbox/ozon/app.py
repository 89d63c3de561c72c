"""The Ozon sandbox as an ASGI application: ``create_app(SandboxConfig(...))``.

Serve it with uvicorn (``posylka sandbox serve``, or ``server.running_sandbox`` in tests), or hand
it to ``httpx.ASGITransport`` to talk to it in-process. The returned object keeps the sandbox's
``state`` and ``runtime`` reachable for tests that want to look inside.
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.errors import NOT_FOUND, OzonError
from posylka.sandbox.ozon.gate import OzonGate
from posylka.sandbox.ozon.routes import (
    cancellation,
    control,
    postings,
    shipping,
    stocks,
    warehouses,
)
from posylka.sandbox.ozon.routes import carriages as carriage_routes
from posylka.sandbox.ozon.routes import labels as label_routes
from posylka.sandbox.ozon.routes import products as product_routes
from posylka.sandbox.ozon.routes import rfbs as rfbs_routes
from posylka.sandbox.ozon.runtime import Runtime
from posylka.sandbox.ozon.state import SandboxState

UNIMPLEMENTED = 12


async def _ozon_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, OzonError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    # Ozon's gateway answers unknown paths with 404/5 "Not Found" and a wrong HTTP method with
    # gRPC code 12 (UNIMPLEMENTED), in the same envelope as every other error.
    assert isinstance(exc, HTTPException)
    code = NOT_FOUND if exc.status_code == 404 else UNIMPLEMENTED
    return OzonError(exc.status_code, code, str(exc.detail)).response()


class SandboxApp:
    """The ASGI callable, with the sandbox behind it."""

    def __init__(self, config: SandboxConfig) -> None:
        self.runtime = Runtime.start(config)
        state = self.runtime.state
        routes = [
            *postings.routes(state),
            *warehouses.routes(state),
            *cancellation.routes(state),
            *stocks.routes(state),
            *label_routes.routes(state),
            *product_routes.routes(state),
            *shipping.routes(state),
            *carriage_routes.routes(state),
            *rfbs_routes.routes(state),
            *control.routes(self.runtime),
        ]
        inner = Starlette(
            routes=routes,
            exception_handlers={OzonError: _ozon_error, HTTPException: _http_error},
        )
        self._gate = OzonGate(inner, self.runtime)

    @property
    def state(self) -> SandboxState:
        return self.runtime.state

    @property
    def config(self) -> SandboxConfig:
        return self.runtime.config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self._gate(scope, receive, send)


def create_app(config: SandboxConfig) -> SandboxApp:
    return SandboxApp(config)
