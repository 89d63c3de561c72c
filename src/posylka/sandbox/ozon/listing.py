"""The posting lists: Ozon's rules for ``/v4/posting/fbs/list`` and
``/v4/posting/fbs/unfulfilled/list`` requests, and the walk that fills one page.

Rules (Seller API, ``PostingFbsList`` and ``PostingFbsUnfulfilledList``): ``limit`` 1..100;
``sort_dir`` ASC or DESC in any case; the full list needs ``filter.since`` and ``filter.to`` no
more than a year apart and filters on the processing date; the unfulfilled list needs exactly one
window, by cutoff (``shipment_date``) or by delivering date, and shows only postings not yet
delivered. Both sort by processing date, then posting number. ``last_changed_status_date`` is the
time the posting's current status began.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields, replace
from datetime import datetime

from posylka.adapters.ozon import schemas as wire
from posylka.domain.postings import PostingStatus
from posylka.sandbox.ozon import cursor as cursors
from posylka.sandbox.ozon.clock import as_utc
from posylka.sandbox.ozon.errors import invalid
from posylka.sandbox.ozon.seeding import SandboxPosting
from posylka.sandbox.ozon.state import SandboxState

MAX_LIMIT = 100
MAX_IDS = 1000
MAX_ORDER_NUMBERS = 100

UNFULFILLED = frozenset(
    {
        "acceptance_in_progress", "awaiting_approve", "awaiting_packaging",
        "awaiting_registration", "awaiting_deliver", "arbitration", "client_arbitration",
        "delivering", "driver_pickup", "not_accepted",
    }
)  # fmt: skip
"""Statuses ``/v4/posting/fbs/unfulfilled/list`` accepts and shows ("not yet delivered")."""

ALL_LISTED = UNFULFILLED | {"delivered", "cancelled", "sent_by_seller"}
"""Statuses ``/v4/posting/fbs/list`` accepts in ``filter.statuses``."""

Window = tuple[int | None, int | None]


@dataclass(frozen=True, slots=True)
class ListQuery:
    """One list request, checked and reduced to what selects and orders postings."""

    limit: int
    descending: bool
    fingerprint: str
    since: int | None = None
    to: int | None = None
    cutoff: Window | None = None
    delivering: Window | None = None
    changed: Window | None = None
    shown: frozenset[str] = ALL_LISTED | {s.value for s in PostingStatus}
    statuses: frozenset[str] = frozenset()
    warehouse_ids: frozenset[int] = frozenset()
    method_ids: frozenset[int] = frozenset()
    provider_ids: frozenset[int] = frozenset()
    flows: frozenset[str] = frozenset()
    order_id: int | None = None
    order_numbers: frozenset[str] = field(default_factory=frozenset)
    nothing: bool = False
    """True when a filter can match no posting at all (``is_blr_traceable``: the sandbox sells
    nothing traceable in Belarus)."""


def _seconds(value: datetime | None) -> int | None:
    return int(as_utc(value).timestamp()) if value is not None else None


def _limit(value: int | None, model: str) -> int:
    if value is None or not 1 <= value <= MAX_LIMIT:
        raise invalid(f"invalid {model}.Limit: value must be inside range [1, {MAX_LIMIT}]")
    return value


def _descending(value: str | None, model: str) -> bool:
    if value is None or value == "":
        return False
    if value.upper() not in ("ASC", "DESC"):
        raise invalid(f"invalid {model}.SortDir: value must be one of ASC, DESC")
    return value.upper() == "DESC"


def _statuses(values: list[str] | None, allowed: frozenset[str]) -> frozenset[str]:
    for value in values or ():
        if value not in allowed:
            raise invalid(f"invalid filter.statuses: unknown status {value!r}")
    return frozenset(values or ())


def _ids(values: list[int] | None, name: str) -> frozenset[int]:
    if values is not None and len(values) > MAX_IDS:
        raise invalid(f"invalid filter.{name}: at most {MAX_IDS} values")
    return frozenset(values or ())


def _window(low: datetime | None, high: datetime | None, name: str) -> Window:
    start, end = _seconds(low), _seconds(high)
    if start is not None and end is not None and end < start:
        raise invalid(f"invalid filter.{name}: the end is earlier than the start")
    return start, end


def _changed(value: wire.LastChangedStatusDate | None) -> Window | None:
    if value is None or (value.from_ is None and value.to is None):
        return None
    return _window(value.from_, value.to, "last_changed_status_date")


def _one_year_later(moment: datetime) -> datetime:
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + 1, day=28)


def list_query(request: wire.PostingListRequest) -> ListQuery:
    """Check a ``/v4/posting/fbs/list`` request as Ozon does."""
    model = "PostingFbsListRequest"
    limit = _limit(request.limit, model)
    descending = _descending(request.sort_dir, model)
    flt = request.filter
    if flt is None:
        raise invalid(f"invalid {model}.Filter: value is required")
    if flt.since is None or flt.to is None:
        raise invalid("invalid filter: filter.since and filter.to must be specified")
    if flt.to < flt.since:
        raise invalid("invalid filter: filter.to is earlier than filter.since")
    if flt.to > _one_year_later(flt.since):
        raise invalid(
            "invalid filter: the period between filter.since and filter.to exceeds one year"
        )
    if flt.order_numbers is not None and len(flt.order_numbers) > MAX_ORDER_NUMBERS:
        raise invalid(f"invalid filter.order_numbers: at most {MAX_ORDER_NUMBERS} values")
    query = ListQuery(
        limit=limit,
        descending=descending,
        fingerprint="",
        since=_seconds(flt.since),
        to=_seconds(flt.to),
        changed=_changed(flt.last_changed_status_date),
        statuses=_statuses(flt.statuses, ALL_LISTED),
        warehouse_ids=_ids(flt.warehouse_ids, "warehouse_ids"),
        method_ids=_ids(flt.delivery_method_ids, "delivery_method_ids"),
        provider_ids=_ids(flt.provider_ids, "provider_ids"),
        flows=frozenset(flt.integration_type_flow or ()),
        order_id=flt.order_id or None,
        order_numbers=frozenset(flt.order_numbers or ()),
        nothing=bool(flt.is_blr_traceable),
    )
    return _printed(query, "list")


def unfulfilled_query(request: wire.UnfulfilledListRequest) -> ListQuery:
    """Check a ``/v4/posting/fbs/unfulfilled/list`` request as Ozon does."""
    model = "PostingFbsUnfulfilledListRequest"
    limit = _limit(request.limit, model)
    descending = _descending(request.sort_dir, model)
    flt = request.filter or wire.UnfulfilledListFilter()
    by_cutoff = flt.cutoff_from is not None or flt.cutoff_to is not None
    by_delivering = flt.delivering_date_from is not None or flt.delivering_date_to is not None
    if by_cutoff == by_delivering:
        # Ozon's own wording; the schema marks nothing required but the server insists.
        raise invalid("either filter.cutoff or filter.delivering_date must be specified")
    if by_cutoff and (flt.cutoff_from is None or flt.cutoff_to is None):
        raise invalid(
            "invalid filter: filter.cutoff_from and filter.cutoff_to must both be specified"
        )
    if by_delivering and (flt.delivering_date_from is None or flt.delivering_date_to is None):
        raise invalid(
            "invalid filter: filter.delivering_date_from and filter.delivering_date_to "
            "must both be specified"
        )
    query = ListQuery(
        limit=limit,
        descending=descending,
        fingerprint="",
        cutoff=_window(flt.cutoff_from, flt.cutoff_to, "cutoff") if by_cutoff else None,
        delivering=_window(flt.delivering_date_from, flt.delivering_date_to, "delivering_date")
        if by_delivering
        else None,
        changed=_changed(flt.last_changed_status_date),
        shown=UNFULFILLED,
        statuses=_statuses(flt.statuses, UNFULFILLED),
        warehouse_ids=_ids(flt.warehouse_ids, "warehouse_ids"),
        method_ids=_ids(flt.delivery_method_ids, "delivery_method_ids"),
        provider_ids=_ids(flt.provider_ids, "provider_ids"),
    )
    return _printed(query, "unfulfilled")


def _printed(query: ListQuery, endpoint: str) -> ListQuery:
    """The query with its fingerprint: everything but the page size, so a cursor stays valid when
    only ``limit`` changes between pages."""
    parts: dict[str, object] = {"endpoint": endpoint}
    for item in fields(query):
        value = getattr(query, item.name)
        if item.name not in ("limit", "fingerprint"):
            parts[item.name] = sorted(value) if isinstance(value, frozenset) else value
    return replace(query, fingerprint=cursors.fingerprint(parts))


def _inside(value: int | None, window: Window) -> bool:
    low, high = window
    return value is not None and (low is None or value >= low) and (high is None or value <= high)


def matches(query: ListQuery, posting: SandboxPosting, now: int) -> bool:
    """Whether the posting belongs in the list at sandbox time ``now``."""
    event = posting.timeline.at(now)
    if event is None or query.nothing:
        return False
    status = event.status
    method = posting.method
    return not (
        status not in query.shown
        or (query.statuses and status not in query.statuses)
        or (query.warehouse_ids and method.warehouse.id not in query.warehouse_ids)
        or (query.method_ids and method.id not in query.method_ids)
        or (query.provider_ids and method.provider.id not in query.provider_ids)
        or (query.flows and method.integration not in query.flows)
        or (query.order_id is not None and posting.order_id != query.order_id)
        or (query.order_numbers and posting.order_number not in query.order_numbers)
        or (query.cutoff is not None and not _inside(posting.shipment_date, query.cutoff))
        or (
            query.delivering is not None
            and not _inside(posting.timeline.handed_over_at(now), query.delivering)
        )
        or (
            query.changed is not None
            and not _inside(posting.timeline.status_changed_at(now), query.changed)
        )
    )


@dataclass(frozen=True, slots=True)
class Page:
    postings: list[SandboxPosting]
    cursor: str
    has_next: bool


def _candidates(
    state: SandboxState, query: ListQuery, after: tuple[int, str] | None
) -> Iterator[SandboxPosting]:
    low, high = 0, len(state.keys)
    if query.since is not None:
        low = state.position((query.since, ""), after=False)
    if query.to is not None:
        high = state.position((query.to, "\U0010ffff"), after=True)
    if after is not None:
        if query.descending:
            high = min(high, state.position(after, after=False))
        else:
            low = max(low, state.position(after, after=True))
    return state.walk(low, high, descending=query.descending)


def page(state: SandboxState, query: ListQuery, cursor: str | None, now: int) -> Page:
    """One page after ``cursor`` (or from the start) at sandbox time ``now``, and whether more
    follow."""
    after = cursors.decode(cursor, query.fingerprint) if cursor else None
    found: list[SandboxPosting] = []
    for posting in _candidates(state, query, after):
        if matches(query, posting, now):
            found.append(posting)
            if len(found) > query.limit:
                break
    has_next = len(found) > query.limit
    found = found[: query.limit]
    next_cursor = cursors.encode(found[-1].key, query.fingerprint) if has_next else ""
    return Page(found, next_cursor, has_next)


def count(state: SandboxState, query: ListQuery, now: int) -> int:
    """How many postings the whole list holds at ``now``, all pages together."""
    return sum(1 for posting in _candidates(state, query, None) if matches(query, posting, now))
