"""``posylka worker``: a process that runs queued jobs (syncs) from Redis, for the scaled setup.

Without Redis there is nothing for a separate worker to share: the queue is a SQLite file that
``posylka serve`` runs itself, in worker threads of its own process.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

import typer

from posylka import bootstrap
from posylka.config import Settings
from posylka.entrypoints.commands._runtime import console, container, fail

NO_REDIS = (
    "`posylka worker` runs jobs from Redis, and POSYLKA_REDIS_URL is not set. Without Redis the "
    "jobs run inside `posylka serve` and no worker is needed; to share jobs between machines, "
    "set POSYLKA_REDIS_URL (e.g. redis://127.0.0.1:6379/0) for `posylka serve` and every worker."
)


def worker(
    workers: Annotated[int, typer.Option(min=1, help="Jobs this process runs at once.")] = 4,
) -> None:
    """Run queued jobs (store syncs, and the sync every few minutes) until stopped."""
    settings = Settings()
    if not settings.redis_url:
        raise fail(NO_REDIS)
    with container(settings) as app:
        jobs = bootstrap.sync_jobs(app)
        bootstrap.stock_push_jobs(app, jobs.huey)  # stock pushes run here too
        bootstrap.catalogue_jobs(app, jobs.huey)  # and catalogue pulls
        bootstrap.assembly_jobs(app, jobs.huey)  # and assemblies on Ozon
        console.print(
            f"posylka worker: {workers} at once, jobs from Redis at {_where(settings.redis_url)}, "
            f"stores synced every {settings.sync_interval_minutes} min. Stop with Ctrl+C."
        )
        bootstrap.run_job_worker(jobs, workers=workers)


def _where(url: str) -> str:
    """The Redis address without its password."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 6379}{parts.path or ''}"


def install(app: typer.Typer) -> None:
    app.command("worker")(worker)
