"""Serving the sandbox over real sockets with uvicorn: in the foreground for the command line, or
in a background thread for tests (``running_sandbox``)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig

STARTUP_TIMEOUT_SECONDS = 15.0


def serve(app: SandboxApp, host: str, port: int) -> None:
    """Serve until interrupted (Ctrl+C)."""
    # No lifespan (the sandbox has nothing to start) and no access log: a benchmark at 50 rps
    # should not spend its time printing.
    config = uvicorn.Config(app, host=host, port=port, lifespan="off", access_log=False)
    uvicorn.Server(config).run()


@contextmanager
def running_sandbox(
    sandbox: SandboxConfig | SandboxApp, host: str = "127.0.0.1", port: int = 0
) -> Iterator[str]:
    """Run a sandbox in a background thread on ``port`` (a free one when 0); yields its base URL.

    Pass a ``SandboxApp`` (from ``create_app``) instead of a config to keep a handle on its state.
    """
    app = sandbox if isinstance(sandbox, SandboxApp) else create_app(sandbox)
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    port = listener.getsockname()[1]
    config = uvicorn.Config(
        app, lifespan="off", access_log=False, log_config=None, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [listener]}, name="ozon-sandbox", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + STARTUP_TIMEOUT_SECONDS
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            listener.close()
            raise RuntimeError("the Ozon sandbox did not start")
        time.sleep(0.01)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(STARTUP_TIMEOUT_SECONDS)
        listener.close()
