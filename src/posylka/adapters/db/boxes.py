"""Box catalogue, per-posting limits and box overrides
in the database (the ``BoxRepository`` port)."""

from __future__ import annotations

from sqlalchemy import Connection


class SqlBoxRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
