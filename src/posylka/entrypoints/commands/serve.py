"""``posylka serve``: the web desk, with the job queue inside the process unless Redis is set."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Annotated

import typer
from fastapi import FastAPI

from posylka.bootstrap import (
    Container,
    assembly_jobs,
    catalogue_jobs,
    database_is_current,
    document_renderer,
    evidence_files,
    exact_packer,
    label_desk,
    printer_transport,
    start_job_consumer,
    stock_push_jobs,
    stop_job_consumer,
    sync_jobs,
    zpl_renderer,
)
from posylka.entrypoints.commands._runtime import console, container, fail


def run_desk(
    app: Container,
    *,
    host: str,
    port: int,
    sync_at_start: bool = True,
    on_ready: Callable[[], None] | None = None,
) -> None:
    """Serve the web desk until interrupted. Without ``POSYLKA_REDIS_URL`` the job queue runs in
    this process (embedded mode); with it, ``posylka worker`` processes run the jobs."""
    # The web app and the server load only for the commands that serve pages.
    import uvicorn

    from posylka.entrypoints.web.app import create_app
    from posylka.entrypoints.web.deps import WebDeps

    if not database_is_current(app):
        raise fail("The database schema is behind this version: run `posylka db upgrade` first.")
    settings = app.settings
    _configure_logging(settings.log_level)
    jobs = sync_jobs(app)
    stock_jobs = stock_push_jobs(app, jobs.huey)
    catalogue_jobs(app, jobs.huey)
    assembly = assembly_jobs(app, jobs.huey)
    embedded = not settings.redis_url

    @asynccontextmanager
    async def job_queue(_: FastAPI) -> AsyncIterator[None]:
        # Started and stopped with the server, so SIGTERM (which uvicorn re-raises once it has
        # shut down) stops the workers as cleanly as Ctrl+C does.
        if embedded:
            stock_jobs.clear_locks()
        consumer = start_job_consumer(jobs, settings) if embedded else None
        if embedded:
            # This process owns the queue: every assembly a stopped desk left on its way is
            # taken further now (one left `sent` is read from Ozon before anything is sent).
            assembly.recover_now()
        try:
            if sync_at_start:
                jobs.request_sync(None)
            mode = "jobs run in this process" if embedded else "jobs run in `posylka worker`"
            console.print(f"posylka starts on http://{host}:{port} ({mode}); Ctrl+C stops it.")
            if on_ready is not None:
                on_ready()
            yield
        finally:
            if consumer is not None:
                await asyncio.to_thread(stop_job_consumer, consumer)

    web = create_app(
        WebDeps(
            settings=settings,
            uow=app.uow,
            clock=app.clock,
            hasher=app.hasher,
            request_sync=jobs.request_sync,
            request_stock_push=stock_jobs.request_push,
            reads=app.reads,
            marketplace=app.marketplace,
            labels=label_desk(app),
            documents=document_renderer(settings),
            printers=printer_transport(),
            zpl=zpl_renderer(settings),
            shipping=app.shipping,
            assembly_jobs=assembly,
            evidence=evidence_files(settings),
            box_packer=exact_packer(settings),
        ),
        lifespan=job_queue,
    )
    uvicorn.run(web, host=host, port=port, log_level="warning", access_log=False)


def _configure_logging(level: str) -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # One line per Ozon request or per job start would drown what matters; their warnings stay.
    for chatty in ("httpx", "huey"):
        logging.getLogger(chatty).setLevel(max(logging.WARNING, logging.getLogger().level))


def serve(
    host: Annotated[str | None, typer.Option(help="Address to listen on.")] = None,
    port: Annotated[int | None, typer.Option(help="Port to listen on.")] = None,
) -> None:
    """Run the web desk (and, without Redis, the background sync) until interrupted."""
    with container() as app:
        run_desk(
            app,
            host=host or app.settings.host,
            port=port or app.settings.port,
        )


def install(app: typer.Typer) -> None:
    app.command("serve")(serve)
