"""Packing station: sessions, scans, weights, evidence
in the database (the ``PackingRepository`` port)."""

from __future__ import annotations

from sqlalchemy import Connection


class SqlPackingRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
