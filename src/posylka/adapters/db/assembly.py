"""Assemblies recorded before Ozon is called in the database (the ``AssemblyRepository`` port).

One row per posting (unique by store and posting number), so two requests that record the same
assembly at once end with one row. Every change is a compare-and-set on the row's ``version`` and
leaves an event in ``assembly_events``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, RowMapping, and_, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from posylka.adapters.db.tables.assembly import assembly_events, posting_assemblies
from posylka.domain.assembly import Assembly, AssemblyEvent, AssemblyState, Trouble
from posylka.domain.ids import PostingNumber, PrintJobId, Sku, StoreId, UserId
from posylka.domain.shipping import Package, PackageLine, ShipRefusal

_LIVE = [s.value for s in AssemblyState if s.is_live]


def packages_json(packages: Sequence[Package]) -> list[list[dict[str, int]]]:
    return [
        [{"sku": int(line.sku), "quantity": line.quantity} for line in package.lines]
        for package in packages
    ]


def _packages(raw: Any) -> tuple[Package, ...]:
    return tuple(
        Package(tuple(PackageLine(Sku(int(line["sku"])), int(line["quantity"])) for line in box))
        for box in raw or []
    )


def _assembly(row: RowMapping) -> Assembly:
    return Assembly(
        store_id=StoreId(row["store_id"]),
        posting_number=PostingNumber(row["posting_number"]),
        packages=_packages(row["packages"]),
        state=AssemblyState(row["state"]),
        attempts=row["attempts"],
        refusal=ShipRefusal(row["refusal"]) if row["refusal"] else None,
        message=row["message"],
        result_postings=tuple(PostingNumber(n) for n in row["result_postings"] or []),
        recorded_at=row["recorded_at"],
        updated_at=row["updated_at"],
        user_id=UserId(row["user_id"]) if row["user_id"] is not None else None,
        label_print_job=(
            PrintJobId(row["label_print_job"]) if row["label_print_job"] is not None else None
        ),
        label_error=row["label_error"],
        trouble=Trouble(row["trouble"]) if row["trouble"] else None,
        id=row["id"],
        version=row["version"],
        label_attempts=row["label_attempts"],
        sent_at=row["sent_at"],
    )


class SqlAssemblyRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def get(self, store_id: StoreId, posting_number: str) -> Assembly | None:
        row = (
            self._conn.execute(
                select(posting_assemblies).where(
                    posting_assemblies.c.store_id == store_id,
                    posting_assemblies.c.posting_number == posting_number,
                )
            )
            .mappings()
            .first()
        )
        return _assembly(row) if row is not None else None

    def add(
        self,
        store_id: StoreId,
        posting_number: PostingNumber,
        packages: Sequence[Package],
        *,
        user_id: UserId | None,
        now: datetime,
    ) -> Assembly | None:
        try:
            with self._conn.begin_nested():
                new_id = self._conn.execute(
                    insert(posting_assemblies)
                    .values(
                        store_id=store_id,
                        posting_number=posting_number,
                        packages=packages_json(packages),
                        state=AssemblyState.RECORDED.value,
                        attempts=0,
                        version=1,
                        refusal="",
                        trouble="",
                        message="",
                        result_postings=[],
                        user_id=user_id,
                        recorded_at=now,
                        updated_at=now,
                        label_error="",
                        label_attempts=0,
                    )
                    .returning(posting_assemblies.c.id)
                ).scalar_one()
        except IntegrityError:
            return None
        self._event(new_id, now, AssemblyState.RECORDED, 0, None, "")
        return self.get(store_id, posting_number)

    def update(self, assembly: Assembly, *, expected_version: int) -> bool:
        changed = self._conn.execute(
            update(posting_assemblies)
            .where(
                posting_assemblies.c.id == assembly.id,
                posting_assemblies.c.version == expected_version,
            )
            .values(
                packages=packages_json(assembly.packages),
                state=assembly.state.value,
                attempts=assembly.attempts,
                version=expected_version + 1,
                refusal=assembly.refusal.value if assembly.refusal else "",
                trouble=assembly.trouble.value if assembly.trouble else "",
                message=assembly.message,
                result_postings=list(assembly.result_postings),
                user_id=assembly.user_id,
                updated_at=assembly.updated_at,
                sent_at=assembly.sent_at,
                label_print_job=assembly.label_print_job,
                label_error=assembly.label_error,
                label_attempts=assembly.label_attempts,
            )
        ).rowcount
        if changed != 1:
            return False
        message = assembly.message or assembly.label_error
        self._event(
            assembly.id,
            assembly.updated_at,
            assembly.state,
            assembly.attempts,
            assembly.trouble,
            message,
        )
        return True

    def _event(
        self,
        assembly_id: int,
        at: datetime,
        state: AssemblyState,
        attempt: int,
        trouble: Trouble | None,
        message: str,
    ) -> None:
        self._conn.execute(
            insert(assembly_events).values(
                assembly_id=assembly_id,
                at=at,
                state=state.value,
                attempt=attempt,
                trouble=trouble.value if trouble else "",
                message=message,
            )
        )

    def touch(self, assembly_id: int, *, now: datetime) -> None:
        self._conn.execute(
            update(posting_assemblies)
            .where(posting_assemblies.c.id == assembly_id)
            .values(updated_at=now)
        )

    def live(self, *, touched_before: datetime, limit: int = 500) -> list[Assembly]:
        pa = posting_assemblies.c
        label_pending = and_(
            pa.state == AssemblyState.ASSEMBLED.value,
            pa.label_print_job.is_(None),
            pa.label_error == "",
        )
        rows = self._conn.execute(
            select(posting_assemblies)
            .where(or_(pa.state.in_(_LIVE), label_pending), pa.updated_at <= touched_before)
            .order_by(pa.updated_at, pa.id)
            .limit(limit)
        ).mappings()
        return [_assembly(row) for row in rows]

    def history(self, assembly_id: int) -> list[AssemblyEvent]:
        rows = self._conn.execute(
            select(assembly_events)
            .where(assembly_events.c.assembly_id == assembly_id)
            .order_by(assembly_events.c.id)
        ).mappings()
        return [
            AssemblyEvent(
                at=row["at"],
                state=AssemblyState(row["state"]),
                attempt=row["attempt"],
                trouble=Trouble(row["trouble"]) if row["trouble"] else None,
                message=row["message"],
            )
            for row in rows
        ]

    def count_by_state(self, store_id: StoreId | None = None) -> dict[AssemblyState, int]:
        query = select(posting_assemblies.c.state, func.count()).group_by(
            posting_assemblies.c.state
        )
        if store_id is not None:
            query = query.where(posting_assemblies.c.store_id == store_id)
        return {AssemblyState(state): int(n) for state, n in self._conn.execute(query)}
