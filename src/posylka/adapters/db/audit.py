"""The audit log: who did what, when, to which object. Rows are only ever added."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select

from posylka.adapters.db.tables import audit_log
from posylka.domain.ids import StoreId, UserId


class SqlAuditLog:
    """Appends audit entries on one connection; never commits (the unit of work does), so an
    entry is kept exactly when the change it describes is."""

    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    def record(
        self,
        action: str,
        *,
        at: datetime,
        actor: str,
        user_id: UserId | None = None,
        store_id: StoreId | None = None,
        object_type: str = "",
        object_id: str = "",
        details: dict[str, Any] | None = None,
    ) -> None:
        self._conn.execute(
            insert(audit_log).values(
                at=at,
                actor=actor[:100],
                action=action[:100],
                user_id=user_id,
                store_id=store_id,
                object_type=object_type[:60],
                object_id=object_id[:100],
                details=details,
            )
        )

    def latest(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """The newest entries first, as plain rows (for an audit page)."""
        query = select(audit_log).order_by(audit_log.c.at.desc(), audit_log.c.id.desc())
        return [dict(row) for row in self._conn.execute(query.limit(limit)).mappings()]
