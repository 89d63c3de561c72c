"""Order checks as use cases: check postings as they arrive and change, recheck one on demand,
and accept a reason a manager judges fine.

``check_postings`` runs inside the caller's transaction (the intake pass calls it after each sync
and catalogue import); the others open and commit their own unit of work.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from posylka.domain.catalogue import ProductDraft
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.order_checks import (
    DEFAULT_DUPLICATE_WINDOW,
    RULES,
    AcceptedReason,
    CheckContext,
    PostingCheck,
    Reason,
    ReasonCode,
    Rule,
    Verdict,
    run_checks,
    verdict_of,
)
from posylka.services.ports import Clock, UnitOfWork, UnitOfWorkFactory
from posylka.services.stores import UnknownStore


@dataclass(frozen=True, slots=True)
class CheckSummary:
    """What one ``check_postings`` call did."""

    ready: int = 0
    attention: int = 0
    cleared: int = 0
    """Postings no longer in the seller's hands, whose verdicts were dropped."""
    missing: tuple[str, ...] = ()
    """Numbers asked for that the store does not have."""

    @property
    def checked(self) -> int:
        return self.ready + self.attention


def check_postings(
    uow: UnitOfWork,
    store_id: StoreId,
    posting_numbers: Iterable[str],
    *,
    now: datetime,
    duplicate_window: timedelta | None = None,
    rules: tuple[Rule, ...] = RULES,
) -> CheckSummary:
    """Run every rule over these postings of the store and store each verdict with its reasons,
    inside the caller's transaction (nothing is committed here).

    Only postings still in the seller's hands (``PostingStatus.is_open``) get a verdict; a
    posting that has left them loses its verdict, since nothing is left to fix. Acceptances stay
    and keep applying while the same reason comes back. ``duplicate_window`` defaults to the
    store's own setting, else ``DEFAULT_DUPLICATE_WINDOW``.
    """
    wanted = sorted({PostingNumber(n) for n in posting_numbers})
    if not wanted:
        return CheckSummary()
    found = uow.checks.postings(store_id, wanted)
    missing = tuple(sorted(set(wanted) - {p.posting_number for p in found}))
    closed = [p.posting_number for p in found if not p.status.is_open]
    if closed:
        uow.checks.clear(store_id, closed)
    to_check = [p for p in found if p.status.is_open]
    if not to_check:
        return CheckSummary(cleared=len(closed), missing=missing)

    if duplicate_window is None:
        duplicate_window = uow.checks.duplicate_window(store_id) or DEFAULT_DUPLICATE_WINDOW
    skus = sorted({item.sku for p in to_check for item in p.items})
    offer_ids = sorted({item.offer_id for p in to_check for item in p.items})
    known_skus, known_offer_ids = uow.checks.catalogue_keys(store_id, skus, offer_ids)
    times = [p.in_process_at for p in to_check if p.in_process_at and p.buyer is not None]
    nearby = tuple(uow.checks.nearby(store_id, times, duplicate_window)) if times else ()
    context = CheckContext(
        now=now,
        known_skus=known_skus,
        known_offer_ids=known_offer_ids,
        nearby=nearby,
        duplicate_window=duplicate_window,
    )
    accepted = uow.checks.acceptances(store_id, [p.posting_number for p in to_check])
    results: list[tuple[PostingNumber, Verdict, tuple[Reason, ...]]] = []
    for posting in to_check:
        reasons = run_checks(posting, context, rules)
        keys = {a.key for a in accepted.get(posting.posting_number, ())}
        results.append((posting.posting_number, verdict_of(reasons, keys), reasons))
    uow.checks.save(store_id, results, now=now)
    attention = sum(1 for _, verdict, _ in results if verdict is Verdict.ATTENTION)
    return CheckSummary(
        ready=len(results) - attention,
        attention=attention,
        cleared=len(closed),
        missing=missing,
    )


class PostingNotFound(LookupError):
    """The store has no posting of this number."""

    def __init__(self, store_id: StoreId, posting_number: str) -> None:
        super().__init__(f"store {store_id} has no posting {posting_number}")
        self.store_id = store_id
        self.posting_number = posting_number


class ReasonNotFound(LookupError):
    """The posting's last check found no such reason (it may have been fixed meanwhile)."""

    def __init__(self, posting_number: str, code: str, subject: str) -> None:
        super().__init__(f"posting {posting_number} has no reason {code} {subject!r}")
        self.posting_number = posting_number
        self.code = code
        self.subject = subject


def recheck_posting(
    store_id: StoreId,
    posting_number: str,
    *,
    uow: UnitOfWorkFactory,
    clock: Clock,
    duplicate_window: timedelta | None = None,
) -> PostingCheck | None:
    """Check one posting again now (after the catalogue or the posting was fixed) and return
    its new verdict (``None`` when it is no longer the seller's work)."""
    number = PostingNumber(posting_number)
    with uow() as work:
        summary = check_postings(
            work, store_id, [number], now=clock.now(), duplicate_window=duplicate_window
        )
        if summary.missing:
            raise PostingNotFound(store_id, posting_number)
        check = work.checks.of_posting(store_id, number)
        work.commit()
    return check


def recheck_store(
    store_id: StoreId,
    *,
    uow: UnitOfWorkFactory,
    clock: Clock,
    duplicate_window: timedelta | None = None,
) -> CheckSummary:
    """Check every posting of the store still in the seller's hands again; raises
    ``UnknownStore`` for a store that does not exist."""
    with uow() as work:
        if work.stores.get(store_id) is None:
            raise UnknownStore(store_id)
        numbers = work.checks.open_posting_numbers(store_id)
        summary = check_postings(
            work, store_id, numbers, now=clock.now(), duplicate_window=duplicate_window
        )
        work.commit()
    return summary


def accept_reason(
    store_id: StoreId,
    posting_number: str,
    code: str,
    subject: str,
    *,
    actor: str,
    note: str,
    uow: UnitOfWorkFactory,
    clock: Clock,
    duplicate_window: timedelta | None = None,
) -> PostingCheck | None:
    """A manager accepts one reason of a posting's last check: recorded with who, when and the
    note, in the acceptances and the audit log. The posting is then checked again, so its
    verdict becomes Ready unless other reasons remain."""
    number = PostingNumber(posting_number)
    now = clock.now()
    with uow() as work:
        current = work.checks.of_posting(store_id, number)
        if current is None:
            if not work.checks.postings(store_id, [number]):
                raise PostingNotFound(store_id, posting_number)
            raise ReasonNotFound(posting_number, code, subject)
        if not any(r.key == (code, subject) for r in current.reasons):
            raise ReasonNotFound(posting_number, code, subject)
        note = note.strip()
        work.checks.accept(
            store_id, number, AcceptedReason(code, subject, actor=actor, at=now, note=note)
        )
        work.audit.record(
            "order_check.accept",
            at=now,
            actor=actor,
            store_id=store_id,
            object_type="posting",
            object_id=number,
            details={"code": code, "subject": subject, "note": note},
        )
        check_postings(work, store_id, [number], now=now, duplicate_window=duplicate_window)
        check = work.checks.of_posting(store_id, number)
        work.commit()
    return check


def posting_check(
    store_id: StoreId, posting_number: str, *, uow: UnitOfWorkFactory
) -> PostingCheck | None:
    """The posting's stored verdict, for its page."""
    with uow() as work:
        return work.checks.of_posting(store_id, PostingNumber(posting_number))


def row_checks(row_ids: Sequence[int], *, uow: UnitOfWorkFactory) -> dict[int, PostingCheck]:
    """The verdicts of a page of queue rows, by row id (rows never checked are left out)."""
    if not row_ids:
        return {}
    with uow() as work:
        return work.checks.by_posting_ids(row_ids)


def add_unknown_product(
    store_id: StoreId,
    posting_number: str,
    sku: str,
    *,
    actor: str,
    uow: UnitOfWorkFactory,
    clock: Clock,
    duplicate_window: timedelta | None = None,
) -> PostingCheck | None:
    """The quick fix of an unknown product: add the posting's item to the store's catalogue as
    Ozon names it (SKU, offer_id, name; sizes and flags are filled in the catalogue later), then
    check again every posting that missed it and let the intake reserve stock for them."""
    number = PostingNumber(posting_number)
    now = clock.now()
    with uow() as work:
        found = work.checks.postings(store_id, [number])
        if not found:
            raise PostingNotFound(store_id, posting_number)
        item = next((i for i in found[0].items if str(i.sku) == sku.strip()), None)
        if item is None:
            raise ReasonNotFound(posting_number, ReasonCode.UNKNOWN_PRODUCT.value, sku)
        # Added meanwhile (by SKU or offer_id)? Then there is nothing to add, and writing the
        # draft over the product would drop what the catalogue knows about it.
        known = work.catalogue.by_skus(store_id, [item.sku]) or work.catalogue.by_offer_ids(
            store_id, [item.offer_id]
        )
        if not known:
            draft = ProductDraft(
                store_id=store_id, offer_id=item.offer_id, name=item.name, sku=item.sku
            )
            work.catalogue.upsert_many([draft], now=now)
            work.audit.record(
                "catalogue.add_from_posting",
                at=now,
                actor=actor,
                store_id=store_id,
                object_type="product",
                object_id=item.offer_id,
                details={"sku": int(item.sku), "posting_number": number},
            )
        affected = work.checks.with_reason(
            store_id, ReasonCode.UNKNOWN_PRODUCT.value, str(item.sku)
        )
        check_postings(
            work, store_id, {number, *affected}, now=now, duplicate_window=duplicate_window
        )
        work.commit()
    # The new product also lets stock be reserved for the postings whose lines it now matches
    # (and checks whatever the intake takes in). Imported here: the intake imports this module.
    from posylka.services.intake import take_in_after_catalogue_change

    take_in_after_catalogue_change(store_id, uow=uow, clock=clock)
    with uow() as work:
        return work.checks.of_posting(store_id, number)


MIN_DUPLICATE_WINDOW = timedelta(minutes=1)
MAX_DUPLICATE_WINDOW = timedelta(days=1)


class BadDuplicateWindow(ValueError):
    """A duplicate window outside what makes sense for double orders."""

    def __init__(self, minutes: int) -> None:
        super().__init__(
            f"the duplicate window must be {MIN_DUPLICATE_WINDOW.seconds // 60} to "
            f"{int(MAX_DUPLICATE_WINDOW.total_seconds() // 60)} minutes, not {minutes}"
        )
        self.minutes = minutes


def duplicate_window_of(store_id: StoreId, *, uow: UnitOfWorkFactory) -> timedelta:
    """The window the store's duplicate check uses."""
    with uow() as work:
        return work.checks.duplicate_window(store_id) or DEFAULT_DUPLICATE_WINDOW


def set_duplicate_window(
    store_id: StoreId, minutes: int, *, actor: str, uow: UnitOfWorkFactory, clock: Clock
) -> CheckSummary:
    """Set how close in time two postings of one buyer with the same items count as a double
    order, for one store (recorded in the audit log), and check its open postings again."""
    window = timedelta(minutes=minutes)
    if not MIN_DUPLICATE_WINDOW <= window <= MAX_DUPLICATE_WINDOW:
        raise BadDuplicateWindow(minutes)
    now = clock.now()
    with uow() as work:
        if work.stores.get(store_id) is None:
            raise UnknownStore(store_id)
        before = work.checks.duplicate_window(store_id) or DEFAULT_DUPLICATE_WINDOW
        work.checks.set_duplicate_window(store_id, window, now=now)
        work.audit.record(
            "order_check.duplicate_window",
            at=now,
            actor=actor,
            store_id=store_id,
            object_type="store",
            object_id=str(store_id),
            details={"from_minutes": int(before.total_seconds() // 60), "to_minutes": minutes},
        )
        numbers = work.checks.open_posting_numbers(store_id)
        summary = check_postings(work, store_id, numbers, now=now, duplicate_window=window)
        work.commit()
    return summary


def recheck_passed_deadlines(
    store_id: StoreId, *, uow: UnitOfWorkFactory, clock: Clock
) -> CheckSummary:
    """Check again the open postings whose ship-by passed since their last check: time alone
    changes that verdict, with nothing new from Ozon to set off the intake."""
    now = clock.now()
    with uow() as work:
        numbers = work.checks.deadlines_passed_since_check(store_id, now)
        if not numbers:
            return CheckSummary()
        summary = check_postings(work, store_id, numbers, now=now)
        work.commit()
    return summary


class StoreSync(Protocol):
    def sync_store(self, store_id: int, *, full: bool = False) -> str: ...
    def store_ids(self) -> list[int]: ...


@dataclass
class DeadlineRechecks:
    """A sync runner that, after each store's sync (and its intake), checks again the postings
    whose ship-by has passed since they were last checked (``bootstrap`` wraps the job queue's
    runner in it, so this happens at every periodic sync)."""

    sync: StoreSync
    uow: UnitOfWorkFactory
    clock: Clock

    def sync_store(self, store_id: int, *, full: bool = False) -> str:
        outcome = self.sync.sync_store(store_id, full=full)
        summary = recheck_passed_deadlines(StoreId(store_id), uow=self.uow, clock=self.clock)
        if not summary.checked:
            return outcome
        return f"{outcome}; {summary.checked} postings past their ship-by checked again"

    def store_ids(self) -> list[int]:
        return self.sync.store_ids()
