"""In-memory stand-ins for the posting sync's ports: an Ozon that pages like
``/v4/posting/fbs/list`` and a database whose transactions commit or roll back, with a way to
make a commit fail.

``FakeOzon`` sorts by (``in_process_at``, posting number) in either direction, filters on the
processing window and on the time of each posting's last status change, and hands out stateless
cursors (the sort key of the last posting of a page), as Ozon and the sandbox do.
"""

from __future__ import annotations

import asyncio
import copy
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Self

from posting_builder import BASE, make_posting

from posylka.domain.errors import AuthenticationFailed, BadRequest
from posylka.domain.ids import DeliveryMethodId, PostingNumber, StoreId, WarehouseId
from posylka.domain.postings import IntegrationType, Posting, PostingStatus, StatusChange
from posylka.domain.stores import DeliveryMethod, Store, StoreCredentials, Warehouse
from posylka.domain.sync import ItemError, PostingPage, PostingQuery
from posylka.services.ports import UpsertResult

STORE = StoreId(1)
NOW = BASE


class SimulatedCrash(Exception):
    """Stands for the process dying at an awkward moment."""


def spread(count: int, *, start: datetime, end: datetime, prefix: str = "1000") -> list[Posting]:
    """``count`` postings processed evenly between ``start`` and ``end``."""
    step = (end - start) / max(count, 1)
    return [
        posting_at(start + step * i, f"{prefix}{i:06d}-0001-1", status_changed_at=start)
        for i in range(count)
    ]


def posting_at(moment: datetime, number: str, **overrides: Any) -> Posting:
    return make_posting(number, in_process_at=moment, store_id=STORE, **overrides)


Fault = Callable[[PostingQuery, str, int, PostingPage], BaseException | None]
"""Given a page request, the call's number and the page it would get, the error to raise instead
of answering (or ``None`` to answer)."""


@dataclass
class FakeOzon:
    """One store's postings, served a page at a time."""

    postings: list[Posting] = field(default_factory=list)
    changed_at: dict[str, datetime] = field(default_factory=dict)
    page_errors: dict[str, ItemError] = field(default_factory=dict)
    """Postings Ozon sends in a shape nobody can read: they come back as the page's errors."""
    fault: Fault | None = None
    refuse_credentials: bool = False
    fail_delivery_methods: bool = False
    latency: float = 0.0
    calls: list[tuple[str, PostingQuery | None, str]] = field(default_factory=list)
    closed: int = 0
    in_flight: int = 0
    most_in_flight: int = 0

    def __post_init__(self) -> None:
        for p in self.postings:
            self.changed_at.setdefault(p.posting_number, p.in_process_at or NOW)

    def change_status(self, number: str, status: PostingStatus, at: datetime) -> None:
        self.postings = [
            replace(p, status=status, status_raw=status.value, status_changed_at=at)
            if p.posting_number == number
            else p
            for p in self.postings
        ]
        self.changed_at[number] = at

    def add(self, posting: Posting) -> None:
        self.postings.append(posting)
        self.changed_at[posting.posting_number] = posting.in_process_at or NOW

    @property
    def api_calls(self) -> int:
        return len(self.calls)

    def list_calls(self) -> list[tuple[PostingQuery, str]]:
        return [(q, c) for name, q, c in self.calls if name == "list" and q is not None]

    async def fetch_postings_page(self, query: PostingQuery, cursor: str = "") -> PostingPage:
        self.calls.append(("list", query, cursor))
        call = len(self.calls)
        self.in_flight += 1
        self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            await asyncio.sleep(self.latency)
        finally:
            self.in_flight -= 1
        self._check_credentials()
        page = self._page(query, cursor)
        if self.fault is not None:
            error = self.fault(query, cursor, call, page)
            if error is not None:
                raise error
        return page

    def _page(self, query: PostingQuery, cursor: str) -> PostingPage:
        def key(p: Posting) -> tuple[datetime, str]:
            assert p.in_process_at is not None
            return (p.in_process_at, p.posting_number)

        rows = sorted(
            (p for p in self.postings if self._matches(p, query)),
            key=key,
            reverse=query.descending,
        )
        if cursor:
            moment, _, number = cursor.partition("|")
            last = (datetime.fromisoformat(moment), number)
            rows = [p for p in rows if (key(p) < last if query.descending else key(p) > last)]
        page = rows[: query.limit]
        has_next = len(rows) > query.limit
        next_cursor = f"{key(page[-1])[0].isoformat()}|{page[-1].posting_number}" if page else ""
        readable = tuple(p for p in page if p.posting_number not in self.page_errors)
        errors = tuple(e for p in page if (e := self.page_errors.get(p.posting_number)))
        return PostingPage(readable, next_cursor if has_next else "", has_next, errors)

    def _matches(self, p: Posting, query: PostingQuery) -> bool:
        assert p.in_process_at is not None
        # Ozon's filter takes whole seconds and keeps both ends.
        since = query.since.replace(microsecond=0)
        to = query.to.replace(microsecond=0) + timedelta(seconds=1)
        if not since <= p.in_process_at < to:
            return False
        changed = self.changed_at[p.posting_number]
        if query.changed_from is not None and changed < query.changed_from:
            return False
        return not (query.changed_to is not None and changed > query.changed_to)

    async def fetch_posting(self, posting_number: PostingNumber) -> Posting:
        raise NotImplementedError

    async def fetch_warehouses(self) -> list[Warehouse]:
        self.calls.append(("warehouses", None, ""))
        await asyncio.sleep(self.latency)
        self._check_credentials()
        return [Warehouse(STORE, WarehouseId(22_654_503), "Склад Москва")]

    async def fetch_delivery_methods(self) -> list[DeliveryMethod]:
        self.calls.append(("delivery_methods", None, ""))
        await asyncio.sleep(self.latency)
        self._check_credentials()
        if self.fail_delivery_methods:
            raise BadRequest("Internal error", status=500, path="/v2/delivery-method/list")
        return [
            DeliveryMethod(
                STORE,
                DeliveryMethodId(15_110_442),
                "Ozon Логистика курьеру, Москва",
                WarehouseId(22_654_503),
                IntegrationType.OZON,
            )
        ]

    async def aclose(self) -> None:
        self.closed += 1

    def _check_credentials(self) -> None:
        if self.refuse_credentials:
            raise AuthenticationFailed(
                "Ozon rejected the Client-Id/Api-Key for store #1: Invalid Api-Key, please "
                "check the key and try again",
                status=401,
                path="/v4/posting/fbs/list",
            )


# --- the database --------------------------------------------------------------------------------


@dataclass
class Tables:
    stores: dict[StoreId, Store] = field(default_factory=dict)
    credentials: dict[StoreId, StoreCredentials] = field(default_factory=dict)
    postings: dict[tuple[StoreId, str], Posting] = field(default_factory=dict)
    inserted: Counter[str] = field(default_factory=Counter)
    history: list[StatusChange] = field(default_factory=list)
    checkpoints: dict[tuple[StoreId, str], dict[str, Any]] = field(default_factory=dict)
    runs: dict[int, dict[str, Any]] = field(default_factory=dict)
    errors: list[tuple[StoreId, int | None, ItemError]] = field(default_factory=list)
    warehouses: dict[StoreId, list[Warehouse]] = field(default_factory=dict)
    methods: dict[StoreId, list[DeliveryMethod]] = field(default_factory=dict)
    last_sync: dict[StoreId, tuple[datetime, str]] = field(default_factory=dict)


class FakeDatabase:
    """Committed tables plus the unit-of-work factory the sync takes."""

    def __init__(self) -> None:
        self.tables = Tables()
        self.commits = 0
        self.crash_on_commit: int | None = None

    def add_store(self, name: str = "Домашний склад") -> StoreId:
        store_id = StoreId(len(self.tables.stores) + 1)
        self.tables.stores[store_id] = Store(store_id, name, f"client-{store_id}")
        self.tables.credentials[store_id] = StoreCredentials(
            f"client-{store_id}", "key", "http://ozon.test"
        )
        return store_id

    def __call__(self) -> FakeUnitOfWork:
        return FakeUnitOfWork(self)

    def checkpoint(self, store_id: StoreId = STORE, kind: str = "postings") -> dict[str, Any]:
        return self.tables.checkpoints[(store_id, kind)]


class FakeUnitOfWork:
    def __init__(self, db: FakeDatabase) -> None:
        self.db = db
        self.t = copy.copy(db.tables)
        for name in vars(self.t):
            setattr(self.t, name, copy.copy(getattr(self.t, name)))
        self.stores = _Stores(self.t)
        self.postings = _Postings(self.t)
        self.sync_state = _SyncState(self.t)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        return None

    def commit(self) -> None:
        self.db.commits += 1
        if self.db.crash_on_commit == self.db.commits:
            raise SimulatedCrash(f"the database went away at commit {self.db.commits}")
        self.db.tables = self.t

    def rollback(self) -> None:
        return None


class _Stores:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def get(self, store_id: StoreId) -> Store | None:
        return self.t.stores.get(store_id)

    def list(self, *, active_only: bool = True) -> list[Store]:
        return [s for s in self.t.stores.values() if s.is_active or not active_only]

    def credentials(self, store_id: StoreId) -> StoreCredentials:
        return self.t.credentials[store_id]

    def record_sync(self, store_id: StoreId, *, at: datetime, error: str = "") -> None:
        self.t.last_sync[store_id] = (at, error)

    def replace_warehouses(
        self, store_id: StoreId, items: Sequence[Warehouse], *, now: datetime
    ) -> None:
        self.t.warehouses[store_id] = list(items)

    def replace_delivery_methods(
        self, store_id: StoreId, items: Sequence[DeliveryMethod], *, now: datetime
    ) -> None:
        self.t.methods[store_id] = list(items)


class _Postings:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def upsert_many(self, postings: Sequence[Posting], *, now: datetime) -> UpsertResult:
        created = updated = unchanged = 0
        changes: list[StatusChange] = []
        numbers = [p.posting_number for p in postings]
        assert len(numbers) == len(set(numbers)), "a batch holds one posting twice"
        for posting in postings:
            key = (posting.store_id, posting.posting_number)
            old = self.t.postings.get(key)
            self.t.postings[key] = posting
            if old == posting:
                unchanged += 1
                continue
            if old is None:
                created += 1
                self.t.inserted[posting.posting_number] += 1
            else:
                updated += 1
            if old is None or old.status != posting.status:
                change = StatusChange(
                    posting.posting_number,
                    old.status if old else None,
                    posting.status,
                    posting.substatus,
                    posting.status_changed_at or now,
                    True,
                )
                changes.append(change)
        self.t.history.extend(changes)
        return UpsertResult(created, updated, unchanged, tuple(changes))


class _SyncState:
    def __init__(self, t: Tables) -> None:
        self.t = t

    def load(self, store_id: StoreId, kind: str) -> dict[str, Any] | None:
        return copy.deepcopy(self.t.checkpoints.get((store_id, kind)))

    def save(self, store_id: StoreId, kind: str, state: dict[str, Any], *, now: datetime) -> None:
        self.t.checkpoints[(store_id, kind)] = copy.deepcopy(state)

    def clear(self, store_id: StoreId, kind: str) -> None:
        self.t.checkpoints.pop((store_id, kind), None)

    def start_run(self, store_id: StoreId, *, now: datetime) -> int:
        run_id = len(self.t.runs) + 1
        self.t.runs[run_id] = {"store_id": store_id, "started_at": now, "outcome": "running"}
        return run_id

    def finish_run(self, run_id: int, summary: Any, *, now: datetime) -> None:
        self.t.runs[run_id] = {**self.t.runs[run_id], "finished_at": now, "summary": summary}

    def record_errors(
        self, store_id: StoreId, run_id: int | None, errors: Sequence[ItemError], *, now: datetime
    ) -> None:
        self.t.errors.extend((store_id, run_id, e) for e in errors)

    def status(self, store_id: StoreId | None = None) -> list[Any]:
        raise NotImplementedError
