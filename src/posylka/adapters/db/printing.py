"""Printers, default printers and print jobs in the database (the ``PrintingRepository`` port).

A job's document bytes live in its row, so a failed job can be retried and a sent one reprinted
after the posting, the label or the printer has changed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from posylka.adapters.db.tables import default_printers, print_jobs, printers
from posylka.domain.documents import PaperSize
from posylka.domain.ids import PrintJobId, UserId
from posylka.domain.printing import (
    InvalidPrinter,
    Printer,
    PrinterKind,
    PrintFormat,
    PrintJob,
    PrintJobStatus,
    PrintRequest,
)

_JOB_COLUMNS = [c for c in print_jobs.c if c.name != "content"]


class SqlPrintingRepository:
    def __init__(self, connection: Connection) -> None:
        self._conn = connection

    # --- printers --------------------------------------------------------------------------------

    def add_printer(
        self,
        *,
        name: str,
        kind: PrinterKind,
        address: str,
        format: PrintFormat,
        dpi: int,
        label_size: PaperSize,
        now: datetime,
    ) -> Printer:
        if self.printer_by_name(name) is not None:
            raise InvalidPrinter("name", f"a printer named {name!r} exists")
        try:
            with self._conn.begin_nested():
                new_id = self._conn.execute(
                    insert(printers)
                    .values(
                        name=name,
                        kind=kind.value,
                        address=address,
                        format=format.value,
                        dpi=dpi,
                        label_size=label_size.value,
                        is_active=True,
                        created_at=now,
                    )
                    .returning(printers.c.id)
                ).scalar_one()
        except IntegrityError:
            raise InvalidPrinter("name", f"a printer named {name!r} exists") from None
        return Printer(int(new_id), name, kind, address, format, dpi, label_size)

    def update_printer(self, printer: Printer) -> None:
        self._conn.execute(
            update(printers)
            .where(printers.c.id == printer.id)
            .values(
                name=printer.name,
                kind=printer.kind.value,
                address=printer.address,
                format=printer.format.value,
                dpi=printer.dpi,
                label_size=printer.label_size.value,
                is_active=printer.active,
            )
        )

    def printers(self, *, active_only: bool = False) -> list[Printer]:
        query = select(printers).order_by(printers.c.name)
        if active_only:
            query = query.where(printers.c.is_active.is_(True))
        return [_printer(row) for row in self._conn.execute(query).mappings()]

    def printer(self, printer_id: int) -> Printer | None:
        row = self._conn.execute(select(printers).where(printers.c.id == printer_id)).mappings()
        found = row.first()
        return _printer(found) if found else None

    def printer_by_name(self, name: str) -> Printer | None:
        row = self._conn.execute(select(printers).where(printers.c.name == name)).mappings()
        found = row.first()
        return _printer(found) if found else None

    # --- defaults --------------------------------------------------------------------------------

    def set_default(self, scope: str, key: str, printer_id: int | None) -> None:
        where = (default_printers.c.scope == scope) & (default_printers.c.scope_key == key)
        self._conn.execute(delete(default_printers).where(where))
        if printer_id is not None:
            self._conn.execute(
                insert(default_printers).values(scope=scope, scope_key=key, printer_id=printer_id)
            )

    def default(self, scope: str, key: str) -> Printer | None:
        query = (
            select(printers)
            .join(default_printers, default_printers.c.printer_id == printers.c.id)
            .where(default_printers.c.scope == scope, default_printers.c.scope_key == key)
        )
        found = self._conn.execute(query).mappings().first()
        return _printer(found) if found else None

    # --- jobs ------------------------------------------------------------------------------------

    def add_job(
        self,
        printer: Printer,
        request: PrintRequest,
        *,
        created_by: str,
        user_id: UserId | None,
        now: datetime,
        reprint_of: PrintJobId | None = None,
    ) -> PrintJobId:
        new_id = self._conn.execute(
            insert(print_jobs)
            .values(
                printer_id=printer.id,
                printer_name=printer.name,
                document=request.document[:300],
                format=request.format.value,
                copies=request.copies,
                status=PrintJobStatus.QUEUED.value,
                error="",
                error_key="",
                content=request.content,
                size=len(request.content),
                created_by=created_by[:100],
                user_id=user_id,
                created_at=now,
                attempts=0,
                reprint_of=reprint_of,
            )
            .returning(print_jobs.c.id)
        ).scalar_one()
        return PrintJobId(int(new_id))

    def job(self, job_id: PrintJobId) -> PrintJob | None:
        query = select(*_JOB_COLUMNS).where(print_jobs.c.id == job_id)
        found = self._conn.execute(query).mappings().first()
        return _job(found) if found else None

    def content(self, job_id: PrintJobId) -> bytes | None:
        query = select(print_jobs.c.content).where(print_jobs.c.id == job_id)
        found = self._conn.execute(query).scalar_one_or_none()
        return bytes(found) if found is not None else None

    def jobs(
        self, *, status: PrintJobStatus | None = None, limit: int = 100, offset: int = 0
    ) -> list[PrintJob]:
        query = select(*_JOB_COLUMNS).order_by(print_jobs.c.id.desc())
        if status is not None:
            query = query.where(print_jobs.c.status == status.value)
        rows = self._conn.execute(query.limit(limit).offset(offset)).mappings()
        return [_job(row) for row in rows]

    def count_jobs(self, *, status: PrintJobStatus | None = None) -> int:
        query = select(func.count()).select_from(print_jobs)
        if status is not None:
            query = query.where(print_jobs.c.status == status.value)
        return int(self._conn.execute(query).scalar_one())

    def claim(self, job_id: PrintJobId) -> bool:
        """Count an attempt on a job that is not sent yet; ``False`` when it is sent (another
        sender got there first) or unknown."""
        done = self._conn.execute(
            update(print_jobs)
            .where(
                print_jobs.c.id == job_id,
                print_jobs.c.status != PrintJobStatus.SENT.value,
            )
            .values(attempts=print_jobs.c.attempts + 1, status=PrintJobStatus.QUEUED.value)
        )
        return done.rowcount == 1

    def mark(
        self,
        job_id: PrintJobId,
        status: PrintJobStatus,
        *,
        error: str = "",
        error_key: str = "",
        error_params: dict[str, str] | None = None,
        at: datetime | None = None,
    ) -> None:
        values: dict[str, Any] = {
            "status": status.value,
            "error": error,
            "error_key": error_key[:40],
            "error_params": error_params or None,
        }
        if status is PrintJobStatus.SENT:
            values["sent_at"] = at
        self._conn.execute(update(print_jobs).where(print_jobs.c.id == job_id).values(**values))


def _printer(row: Any) -> Printer:
    return Printer(
        id=int(row["id"]),
        name=row["name"],
        kind=PrinterKind(row["kind"]),
        address=row["address"],
        format=PrintFormat(row["format"]),
        dpi=int(row["dpi"]),
        label_size=PaperSize(row["label_size"]),
        active=bool(row["is_active"]),
    )


def _job(row: Any) -> PrintJob:
    return PrintJob(
        id=PrintJobId(int(row["id"])),
        printer_id=int(row["printer_id"]) if row["printer_id"] is not None else 0,
        printer_name=row["printer_name"],
        document=row["document"],
        format=PrintFormat(row["format"]),
        copies=int(row["copies"]),
        status=PrintJobStatus(row["status"]),
        error=row["error"],
        created_by=row["created_by"],
        user_id=UserId(int(row["user_id"])) if row["user_id"] is not None else None,
        created_at=row["created_at"],
        sent_at=row["sent_at"],
        attempts=int(row["attempts"]),
        size=int(row["size"]),
        reprint_of=PrintJobId(int(row["reprint_of"])) if row["reprint_of"] is not None else None,
        error_key=row["error_key"],
        error_params=dict(row["error_params"]) if row["error_params"] else None,
    )
