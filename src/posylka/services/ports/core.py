"""Ports every area uses: the clock, the audit log and spreadsheet files."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import IO, Any, Protocol

from posylka.domain.ids import StoreId, UserId


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""
        ...


class AuditLog(Protocol):
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
    ) -> None: ...


class Spreadsheets(Protocol):
    """Spreadsheet files (``csv`` or ``xlsx``) as rows of cells. ``read`` raises
    ``posylka.domain.catalogue_sheet.SheetRejected`` for a file it cannot read."""

    def read(self, data: IO[bytes], fmt: str) -> Iterator[Sequence[Any]]: ...
    def write(self, rows: Iterable[Sequence[Any]], fmt: str, sink: IO[bytes]) -> None: ...
