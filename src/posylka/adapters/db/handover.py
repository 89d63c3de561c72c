"""Hand-overs, pallet checklist and rFBS tracking
in the database (the ``HandoverRepository`` port)."""

from __future__ import annotations

from sqlalchemy import Connection


class SqlHandoverRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
