"""Running the queue: a consumer embedded in ``posylka serve`` (threads inside the web server's
process, for the one-machine setup), or a process of its own (``posylka worker``, for Redis).

An embedded consumer must not touch the process's signal handlers: uvicorn owns SIGINT and
SIGTERM, and huey's consumer would install its own (which only work from the main thread anyway).
The web server's lifespan starts it after start-up and stops it, letting running jobs finish, on
shutdown.
"""

from __future__ import annotations

import logging
from typing import Any

from huey.consumer import Consumer

from posylka.adapters.jobs.tasks import SyncJobs

log = logging.getLogger(__name__)

SHUTDOWN_TIMEOUT_SECONDS = 60.0
"""How long stopping waits for running jobs (a sync checkpoints every page, so one cut short
resumes where it stopped)."""


class EmbeddedConsumer(Consumer):  # type: ignore[misc]
    """A huey consumer living inside another program's process."""

    def _set_signal_handlers(self) -> None:
        # The host process handles signals and calls ``stop_embedded`` itself. huey's consumer
        # calls this (private) hook at the end of ``start``; this class is the one place that
        # relies on it, and the embedded-consumer test fails if huey stops calling it.
        return None


def start_embedded(jobs: SyncJobs, *, workers: int, periodic: bool = True) -> Any:
    """Start worker threads and the scheduler in this process; returns the handle to stop.
    Without ``periodic`` only jobs asked for run (no sync every few minutes)."""
    jobs.clear_locks()
    consumer = EmbeddedConsumer(
        jobs.huey,
        workers=workers,
        worker_type="thread",
        periodic=periodic,
        shutdown_timeout=SHUTDOWN_TIMEOUT_SECONDS,
    )
    consumer.start()
    log.info("job queue running in this process with %d worker threads", workers)
    return consumer


def stop_embedded(consumer: Any) -> None:
    """Stop taking jobs and wait for the running ones (up to ``SHUTDOWN_TIMEOUT_SECONDS``)."""
    consumer.stop(graceful=True)
    log.info("job queue stopped")


def run_worker(jobs: SyncJobs, *, workers: int) -> None:
    """Run a consumer in the foreground until SIGINT or SIGTERM (``posylka worker``)."""
    consumer = jobs.huey.create_consumer(
        workers=workers,
        worker_type="thread",
        periodic=True,
        shutdown_timeout=SHUTDOWN_TIMEOUT_SECONDS,
    )
    consumer.run()
