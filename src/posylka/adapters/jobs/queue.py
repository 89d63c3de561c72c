"""The job queue: huey on a SQLite file in the data directory for the one-machine setup, on Redis
when ``POSYLKA_REDIS_URL`` is set so that several worker processes on several machines share it.

huey keeps no state of its own between processes: the queue, the schedule and the locks all live
in the storage, so every process that builds the queue from the same settings sees the same jobs.
"""

from __future__ import annotations

from typing import Any

from huey import MemoryHuey, RedisExpireHuey, SqliteHuey

from posylka.config import Settings
from posylka.domain.errors import ConfigurationError

QUEUE_NAME = "posylka"


def build_huey(settings: Settings, *, immediate: bool = False, name: str = QUEUE_NAME) -> Any:
    """The queue the settings describe. ``immediate`` runs every job at once, in the caller's
    thread and in memory: for tests, and for tools that want the work done before they return.

    On Redis the keys huey keeps (locks included) are plain keys with an expiry, which any Redis
    version can give a lock (huey's hash-based storage needs Redis 7.4 for that). Results are not
    kept: nothing waits for a sync's return value (its outcome is recorded in
    the database), and periodic jobs would otherwise pile results up in the storage.
    """
    if immediate:
        return MemoryHuey(name, immediate=True, results=False, utc=True)
    if settings.redis_url:
        try:
            return RedisExpireHuey(name, url=settings.redis_url, results=False, utc=True)
        except ValueError as exc:
            raise ConfigurationError(
                f"POSYLKA_REDIS_URL is not a Redis URL ({exc}); it looks like redis://host:6379/0."
            ) from None
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"The job queue cannot be kept in {settings.data_dir} (POSYLKA_DATA_DIR): "
            f"{exc.strerror}."
        ) from None
    return SqliteHuey(name, filename=str(settings.queue_path), results=False, utc=True, timeout=10)
