"""Assemblies recorded before Ozon is called in the database (the ``AssemblyRepository`` port)."""

from __future__ import annotations

from sqlalchemy import Connection


class SqlAssemblyRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn
