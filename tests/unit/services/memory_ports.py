"""In-memory stand-ins for the ports the account, queue and store use cases need.

They keep state in plain containers, honour commit/rollback by snapshotting, and implement the
queue's filters and keyset paging the way the ports describe them, so use cases can be tested
without a database.
"""

from __future__ import annotations

import copy
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from types import TracebackType
from typing import Any, Self

from posylka.domain.ids import PostingNumber, StoreId, UserId
from posylka.domain.postings import Posting, StatusChange
from posylka.domain.shortfalls import ShortfallDecision
from posylka.domain.stock_reservations import PostingReservation, ReservationLine
from posylka.domain.stores import DeliveryMethod, Role, Store, StoreCredentials, Warehouse
from posylka.domain.sync import ItemError
from posylka.services.ports import (
    Account,
    FilterOption,
    PostingDetails,
    QueueFilters,
    QueuePage,
    QueueQuery,
    QueueRow,
    SyncStatus,
    UpsertResult,
)


class FixedClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at

    def advance(self, delta: timedelta) -> None:
        self.at += delta


class PlainHasher:
    """Salted SHA-256 stand-in for argon2: different salt per hash, verifies like the real one."""

    def __init__(self) -> None:
        self.calls = 0

    def hash(self, password: str) -> str:
        self.calls += 1
        salt = secrets.token_hex(4)
        return f"{salt}${hashlib.sha256((salt + password).encode()).hexdigest()}"

    def verify(self, password_hash: str, password: str) -> bool:
        self.calls += 1
        salt, _, digest = password_hash.partition("$")
        return hashlib.sha256((salt + password).encode()).hexdigest() == digest


@dataclass
class AuditEntry:
    action: str
    at: datetime
    actor: str
    user_id: UserId | None
    store_id: StoreId | None
    object_type: str
    object_id: str
    details: dict[str, Any] | None


@dataclass
class State:
    stores: dict[StoreId, Store] = field(default_factory=dict)
    credentials: dict[StoreId, StoreCredentials] = field(default_factory=dict)
    sync: dict[StoreId, SyncStatus] = field(default_factory=dict)
    users: dict[UserId, tuple[Account, str]] = field(default_factory=dict)
    sessions: dict[str, tuple[UserId, str, datetime]] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    postings: list[tuple[int, Posting, datetime]] = field(default_factory=list)
    history: dict[tuple[StoreId, str], list[StatusChange]] = field(default_factory=dict)
    reservations: dict[int, list[ReservationLine]] = field(default_factory=dict)
    shortfall_decisions: dict[int, ShortfallDecision] = field(default_factory=dict)


class MemoryStores:
    def __init__(self, state: State) -> None:
        self.s = state

    def add(self, name: str, credentials: StoreCredentials, *, now: datetime) -> Store:
        store_id = StoreId(len(self.s.stores) + 1)
        store = Store(store_id, name, credentials.client_id, credentials.base_url)
        self.s.stores[store.id] = store
        self.s.credentials[store.id] = credentials
        return store

    def list(self, *, active_only: bool = True) -> list[Store]:
        return [s for s in self.s.stores.values() if s.is_active or not active_only]

    def get(self, store_id: StoreId) -> Store | None:
        return self.s.stores.get(store_id)

    def by_name(self, name: str) -> Store | None:
        return next((s for s in self.s.stores.values() if s.name == name), None)

    def credentials(self, store_id: StoreId) -> StoreCredentials:
        return self.s.credentials[store_id]

    def update_credentials(self, store_id: StoreId, credentials: StoreCredentials) -> None:
        self.s.credentials[store_id] = credentials

    def record_sync(self, store_id: StoreId, *, at: datetime, error: str = "") -> None:
        name = self.s.stores[store_id].name
        self.s.sync[store_id] = SyncStatus(
            store_id, name, at, error, at if error else None, recent_errors=()
        )

    def replace_warehouses(
        self, store_id: StoreId, items: Sequence[Warehouse], *, now: datetime
    ) -> None:
        raise NotImplementedError

    def replace_delivery_methods(
        self, store_id: StoreId, items: Sequence[DeliveryMethod], *, now: datetime
    ) -> None:
        raise NotImplementedError


class MemoryUsers:
    def __init__(self, state: State) -> None:
        self.s = state

    def add(
        self, username: str, password_hash: str, role: Role, *, language: str, now: datetime
    ) -> Account:
        account = Account(UserId(len(self.s.users) + 1), username, role, language, True)
        self.s.users[account.id] = (account, password_hash)
        return account

    def by_username(self, username: str) -> tuple[Account, str] | None:
        return next((u for u in self.s.users.values() if u[0].username == username), None)

    def get(self, user_id: UserId) -> Account | None:
        found = self.s.users.get(user_id)
        return found[0] if found else None

    def list(self) -> list[Account]:
        return [a for a, _ in self.s.users.values()]

    def set_language(self, user_id: UserId, language: str) -> None:
        account, digest = self.s.users[user_id]
        self.s.users[user_id] = (_with(account, language=language), digest)

    def set_password_hash(self, user_id: UserId, password_hash: str) -> None:
        account, _ = self.s.users[user_id]
        self.s.users[user_id] = (account, password_hash)

    def deactivate(self, user_id: UserId) -> None:
        account, digest = self.s.users[user_id]
        self.s.users[user_id] = (_with(account, is_active=False), digest)


def _with(account: Account, **changes: Any) -> Account:
    values = {f: getattr(account, f) for f in ("id", "username", "role", "language", "is_active")}
    values.update(changes)
    return Account(**values)


class MemorySessions:
    def __init__(self, state: State) -> None:
        self.s = state

    def create(
        self,
        token_hash: str,
        user_id: UserId,
        csrf_token: str,
        *,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        self.s.sessions[token_hash] = (user_id, csrf_token, expires_at)

    def lookup(self, token_hash: str, *, now: datetime) -> tuple[Account, str] | None:
        found = self.s.sessions.get(token_hash)
        if found is None or found[2] <= now:
            return None
        return self.s.users[found[0]][0], found[1]

    def delete(self, token_hash: str) -> None:
        self.s.sessions.pop(token_hash, None)

    def purge_expired(self, *, now: datetime) -> int:
        dead = [k for k, (_, _, exp) in self.s.sessions.items() if exp <= now]
        for key in dead:
            del self.s.sessions[key]
        return len(dead)


class MemoryAudit:
    def __init__(self, state: State) -> None:
        self.s = state

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
        entry = AuditEntry(action, at, actor, user_id, store_id, object_type, object_id, details)
        self.s.audit.append(entry)


class MemorySyncState:
    def __init__(self, state: State) -> None:
        self.s = state

    def status(self, store_id: StoreId | None = None) -> list[SyncStatus]:
        return [
            self.s.sync.get(sid, SyncStatus(sid, store.name, None, "", None))
            for sid, store in self.s.stores.items()
            if store_id in (None, sid)
        ]

    def load(self, store_id: StoreId, kind: str) -> dict[str, Any] | None:
        raise NotImplementedError

    def save(self, store_id: StoreId, kind: str, state: dict[str, Any], *, now: datetime) -> None:
        raise NotImplementedError

    def clear(self, store_id: StoreId, kind: str) -> None:
        raise NotImplementedError

    def start_run(self, store_id: StoreId, *, now: datetime) -> int:
        raise NotImplementedError

    def finish_run(self, run_id: int, summary: Any, *, now: datetime) -> None:
        raise NotImplementedError

    def record_errors(
        self, store_id: StoreId, run_id: int | None, errors: Sequence[ItemError], *, now: datetime
    ) -> None:
        raise NotImplementedError


_FAR = datetime(9999, 1, 1, tzinfo=UTC)


class MemoryPostings:
    """Queue semantics as the port describes them: sorted by (ship-by, id), keyset cursors."""

    def __init__(self, state: State) -> None:
        self.s = state

    def upsert_many(self, postings: Sequence[Posting], *, now: datetime) -> UpsertResult:
        for posting in postings:
            self.s.postings.append((len(self.s.postings) + 1, posting, now))
        return UpsertResult(created=len(postings))

    def add_history(self, store_id: StoreId, number: str, changes: Sequence[StatusChange]) -> None:
        self.s.history.setdefault((store_id, number), []).extend(changes)

    def details(self, store_id: StoreId | None, posting_number: str) -> PostingDetails | None:
        for _, p, seen in self.s.postings:
            if p.posting_number == posting_number and store_id in (None, p.store_id):
                history = tuple(self.s.history.get((p.store_id, p.posting_number), ()))
                name = self.s.stores[p.store_id].name
                return PostingDetails(p, name, history, seen, seen)
        return None

    def _matches(self, p: Posting, q: QueueQuery) -> bool:
        text = q.text.casefold()
        haystack = " ".join(
            [p.posting_number, p.order_number, *(f"{i.offer_id} {i.name}" for i in p.items)]
        ).casefold()
        return (
            q.store_id in (None, p.store_id)
            and q.warehouse_id in (None, p.warehouse_id)
            and q.delivery_method_id in (None, p.delivery_method_id)
            and _status_matches(q.status, p)
            and (not text or text in haystack)
        )

    def queue(self, query: QueueQuery) -> QueuePage:
        keyed = sorted(
            ((p.ship_by or _FAR, pid), pid, p)
            for pid, p, _ in self.s.postings
            if self._matches(p, query)
        )
        keys = [k for k, _, _ in keyed]
        if query.after:
            start = next((i for i, k in enumerate(keys) if _cursor(k) > query.after), len(keys))
        elif query.before:
            end = next((i for i, k in enumerate(keys) if _cursor(k) >= query.before), len(keys))
            start = max(end - query.limit, 0)
        else:
            start = 0
        chunk = keyed[start : start + query.limit]
        rows = tuple(self._row(pid, p) for _, pid, p in chunk)
        has_next = start + query.limit < len(keyed)
        return QueuePage(
            rows=rows,
            next_cursor=_cursor(chunk[-1][0]) if chunk and has_next else "",
            prev_cursor=_cursor(chunk[0][0]) if chunk and start > 0 else "",
            total=len(keyed),
        )

    def _row(self, pid: int, p: Posting) -> QueueRow:
        total = p.total
        return QueueRow(
            id=pid,
            store_id=p.store_id,
            store_name=self.s.stores[p.store_id].name,
            posting_number=PostingNumber(p.posting_number),
            order_number=p.order_number,
            status=p.status.value,
            substatus=p.substatus,
            scheme=p.scheme.value,
            delivery_method_name=p.delivery_method_name,
            warehouse_name=p.warehouse_name,
            ship_by=p.ship_by,
            item_count=sum(i.quantity for i in p.items),
            total_amount=str(total.amount.quantize(Decimal("0.01"))),
            currency=total.currency,
            buyer_name=p.buyer.name if p.buyer else "",
            first_item_name=p.items[0].name if p.items else "",
        )

    def queue_filters(self, store_id: StoreId | None) -> QueueFilters:
        mine = [p for _, p, _ in self.s.postings if store_id in (None, p.store_id)]
        return QueueFilters(
            stores=tuple(FilterOption(str(s.id), s.name) for s in self.s.stores.values()),
            warehouses=_options((p.warehouse_id, p.warehouse_name) for p in mine),
            delivery_methods=_options((p.delivery_method_id, p.delivery_method_name) for p in mine),
            statuses=_options((p.status.value, p.status.value) for p in mine),
        )

    def count(self, store_id: StoreId | None = None) -> int:
        return sum(1 for _, p, _ in self.s.postings if store_id in (None, p.store_id))


def _status_matches(wanted: str | None, posting: Posting) -> bool:
    """``open`` (the default) is the seller's work, ``all`` is everything, else one status."""
    wanted = (wanted or "open").strip().lower()
    if wanted == "open":
        return posting.status.is_open
    return wanted == "all" or posting.status.value == wanted


def _cursor(key: tuple[datetime, int]) -> str:
    return f"{key[0].isoformat()}|{key[1]:012d}"


def _options(pairs: Any) -> tuple[FilterOption, ...]:
    seen = {str(v): label for v, label in pairs if v is not None}
    return tuple(FilterOption(v, label) for v, label in sorted(seen.items(), key=lambda x: x[1]))


class MemoryReservations:
    """The reading side of the inventory port the queue needs: reservation lines per posting."""

    def __init__(self, state: State) -> None:
        self.s = state

    def reservation_lines(self, posting_ids: Sequence[int]) -> dict[int, list[ReservationLine]]:
        return {
            pid: list(self.s.reservations[pid]) for pid in posting_ids if pid in self.s.reservations
        }

    def short_postings(self, store_id: StoreId, *, limit: int = 500) -> list[PostingReservation]:
        rows = sorted(
            (p for p in self.s.postings if p[1].store_id == store_id),
            key=lambda p: (p[1].ship_by is None, p[1].ship_by or BASE_TIME, p[0]),
        )
        found = []
        for posting_id, posting, _ in rows:
            lines = tuple(self.s.reservations.get(posting_id, ()))
            reservation = PostingReservation(posting_id, posting.posting_number, store_id, lines)
            if reservation.is_short:
                found.append(reservation)
        return found[:limit]


class MemoryShortfalls:
    def __init__(self, state: State) -> None:
        self.s = state

    def decisions(self, posting_ids: Sequence[int]) -> dict[int, ShortfallDecision]:
        return {
            p: self.s.shortfall_decisions[p] for p in posting_ids if p in self.s.shortfall_decisions
        }


BASE_TIME = datetime(2000, 1, 1, tzinfo=UTC)


class MemoryUnitOfWork:
    def __init__(self, state: State) -> None:
        self.state = state
        self._snapshot: State | None = None
        self.commits = 0
        self._bind(state)

    def _bind(self, state: State) -> None:
        self.stores = MemoryStores(state)
        self.postings = MemoryPostings(state)
        self.sync_state = MemorySyncState(state)
        self.users = MemoryUsers(state)
        self.sessions = MemorySessions(state)
        self.audit = MemoryAudit(state)
        self.inventory = MemoryReservations(state)
        self.shortfalls = MemoryShortfalls(state)

    def __enter__(self) -> Self:
        self._snapshot = copy.deepcopy(self.state)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._snapshot is not None:
            self.rollback()

    def commit(self) -> None:
        self._snapshot = None
        self.commits += 1

    def rollback(self) -> None:
        if self._snapshot is not None:
            self.state.__dict__.update(self._snapshot.__dict__)
            self._snapshot = None


class MemoryDatabase:
    """A unit-of-work factory over one shared in-memory state."""

    def __init__(self) -> None:
        self.state = State()
        self.last: MemoryUnitOfWork | None = None

    def __call__(self) -> MemoryUnitOfWork:
        self.last = MemoryUnitOfWork(self.state)
        return self.last
