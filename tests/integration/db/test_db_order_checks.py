"""Order checks against a real database: verdicts and reasons are stored, read back, replaced on
a recheck, dropped when a posting leaves the seller's hands, and acceptances hold."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import insert, select
from tests.integration.db.db_samples import T0, add_store, make_posting, make_rfbs_posting
from tests.unit.services.memory_ports import FixedClock

from posylka.adapters.db.tables import audit_log, posting_check_reasons, products
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.order_checks import ReasonCode, Verdict
from posylka.domain.postings import Posting, PostingStatus
from posylka.services.order_checks import (
    BadDuplicateWindow,
    DeadlineRechecks,
    PostingNotFound,
    ReasonNotFound,
    accept_reason,
    check_postings,
    duplicate_window_of,
    recheck_passed_deadlines,
    recheck_posting,
    recheck_store,
    set_duplicate_window,
)
from posylka.services.stores import UnknownStore

NOW = T0 + timedelta(hours=1)


def _store(uow_factory: SqlUnitOfWorkFactory, *postings: Posting) -> StoreId:
    store_id = add_store(uow_factory)
    with uow_factory() as uow:
        uow.postings.upsert_many([replace(p, store_id=store_id) for p in postings], now=T0)
        uow.commit()
    return store_id


def _add_product(
    uow_factory: SqlUnitOfWorkFactory, store_id: StoreId, sku: int, offer: str
) -> None:
    with uow_factory() as uow:
        uow.checks._conn.execute(
            insert(products).values(
                store_id=store_id, sku=sku, offer_id=offer, name=offer, updated_at=T0
            )
        )
        uow.commit()


def _check(uow_factory: SqlUnitOfWorkFactory, store_id: StoreId, *numbers: str) -> None:
    with uow_factory() as uow:
        check_postings(uow, store_id, [PostingNumber(n) for n in numbers], now=NOW)
        uow.commit()


def test_unknown_products_are_stored_as_reasons_and_known_ones_make_it_ready(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    posting = make_posting(1)
    store_id = _store(uow_factory, posting)
    _add_product(uow_factory, store_id, 1_000_000, "ART-0000")

    _check(uow_factory, store_id, posting.posting_number)

    with uow_factory() as uow:
        check = uow.checks.of_posting(store_id, posting.posting_number)
    assert check is not None
    assert check.verdict is Verdict.ATTENTION
    assert [(r.code, r.subject) for r in check.reasons] == [(ReasonCode.UNKNOWN_PRODUCT, "1000001")]
    assert check.reasons[0].param("offer_id") == "ART-0001"
    assert check.checked_at == NOW

    # The second item is known by its offer_id alone (no SKU in the catalogue yet).
    with uow_factory() as uow:
        uow.checks._conn.execute(
            insert(products).values(store_id=store_id, offer_id="ART-0001", name="", updated_at=T0)
        )
        uow.commit()
    check = recheck_posting(
        store_id, posting.posting_number, uow=uow_factory, clock=FixedClock(NOW)
    )
    assert check is not None
    assert check.verdict is Verdict.READY
    assert check.reasons == ()
    with uow_factory() as uow:
        left = uow.checks._conn.execute(select(posting_check_reasons)).all()
    assert left == []


def test_a_product_of_another_store_does_not_count(uow_factory: SqlUnitOfWorkFactory) -> None:
    posting = make_posting(1, items=(make_posting(1).items[0],))
    store_id = _store(uow_factory, posting)
    other = add_store(uow_factory, "Магазин 2")
    _add_product(uow_factory, other, 1_000_000, "ART-0000")

    _check(uow_factory, store_id, posting.posting_number)

    with uow_factory() as uow:
        check = uow.checks.of_posting(store_id, posting.posting_number)
    assert check is not None
    assert check.verdict is Verdict.ATTENTION


def test_a_posting_that_left_the_sellers_hands_loses_its_verdict(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    posting = make_posting(1)
    store_id = _store(uow_factory, posting)
    _check(uow_factory, store_id, posting.posting_number)
    delivered = replace(
        posting,
        store_id=store_id,
        status=PostingStatus.DELIVERING,
        status_raw="delivering",
        status_changed_at=T0 + timedelta(minutes=30),
    )
    with uow_factory() as uow:
        uow.postings.upsert_many([delivered], now=NOW)
        summary = check_postings(uow, store_id, [posting.posting_number, "nope-1"], now=NOW)
        uow.commit()

    assert summary.cleared == 1
    assert summary.missing == ("nope-1",)
    with uow_factory() as uow:
        assert uow.checks.of_posting(store_id, posting.posting_number) is None


def test_accepting_the_last_reason_makes_the_posting_ready_and_is_audited(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    posting = make_rfbs_posting(1, items=(make_posting(1).items[0],))
    store_id = _store(uow_factory, posting)
    _add_product(uow_factory, store_id, 1_000_000, "ART-0000")
    _check(uow_factory, store_id, posting.posting_number)
    with uow_factory() as uow:
        before = uow.checks.of_posting(store_id, posting.posting_number)
    assert before is not None
    assert {r.code for r in before.reasons} == {ReasonCode.REQUIREMENT, ReasonCode.LEGAL_BUYER}

    clock = FixedClock(NOW)
    middle = accept_reason(
        store_id,
        posting.posting_number,
        "legal_buyer",
        "",
        actor="olga",
        note="Invoice sent",
        uow=uow_factory,
        clock=clock,
    )
    assert middle is not None
    assert middle.verdict is Verdict.ATTENTION
    after = accept_reason(
        store_id,
        posting.posting_number,
        "requirement",
        "gtd",
        actor="olga",
        note="",
        uow=uow_factory,
        clock=clock,
    )
    assert after is not None
    assert after.verdict is Verdict.READY
    assert after.open_reasons == ()
    accepted = after.acceptance(before.reasons[-1])
    assert accepted is not None
    assert accepted.actor == "olga"
    assert {a.note for a in after.accepted} == {"Invoice sent", ""}

    # A later check finds the same reasons and keeps them accepted.
    _check(uow_factory, store_id, posting.posting_number)
    with uow_factory() as uow:
        again = uow.checks.of_posting(store_id, posting.posting_number)
        audit = uow.checks._conn.execute(select(audit_log.c.action, audit_log.c.actor)).all()
    assert again is not None
    assert again.verdict is Verdict.READY
    assert len(again.reasons) == 2
    assert audit == [("order_check.accept", "olga"), ("order_check.accept", "olga")]


def test_accepting_a_reason_the_posting_does_not_have_is_refused(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    posting = make_posting(1)
    store_id = _store(uow_factory, posting)
    _check(uow_factory, store_id, posting.posting_number)
    clock = FixedClock(NOW)

    with pytest.raises(ReasonNotFound):
        accept_reason(
            store_id,
            posting.posting_number,
            "legal_buyer",
            "",
            actor="olga",
            note="",
            uow=uow_factory,
            clock=clock,
        )
    with pytest.raises(PostingNotFound):
        accept_reason(
            store_id,
            "0000000000-0000-1",
            "legal_buyer",
            "",
            actor="olga",
            note="",
            uow=uow_factory,
            clock=clock,
        )
    with uow_factory() as uow:
        assert uow.checks.of_posting(store_id, posting.posting_number) is not None
        assert uow.checks._conn.execute(select(audit_log)).all() == []


def test_a_double_order_minutes_later_is_flagged_against_the_first(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    rfbs = make_rfbs_posting(1)
    assert rfbs.buyer is not None
    assert rfbs.in_process_at is not None
    buyer = replace(rfbs.buyer, is_legal=False)
    first = replace(rfbs, buyer=buyer, requirements={})
    second = replace(
        make_posting(2, items=first.items),
        integration_type=first.integration_type,
        buyer=first.buyer,
        in_process_at=rfbs.in_process_at + timedelta(minutes=12),
    )
    far = replace(
        make_posting(3, items=first.items),
        integration_type=first.integration_type,
        buyer=first.buyer,
        in_process_at=rfbs.in_process_at + timedelta(hours=3),
    )
    store_id = _store(uow_factory, first, second, far)
    for n in range(2):
        _add_product(uow_factory, store_id, 1_000_000 + n, f"ART-{n:04d}")

    _check(uow_factory, store_id, first.posting_number, second.posting_number, far.posting_number)

    with uow_factory() as uow:
        checks = uow.checks.of_postings(
            store_id, [first.posting_number, second.posting_number, far.posting_number]
        )
    assert checks[first.posting_number].verdict is Verdict.READY
    assert checks[far.posting_number].verdict is Verdict.READY
    duplicate = checks[second.posting_number]
    assert [(r.code, r.subject) for r in duplicate.reasons] == [
        (ReasonCode.DUPLICATE, first.posting_number)
    ]
    assert duplicate.reasons[0].param("minutes") == "12"


def test_recheck_store_checks_every_open_posting(uow_factory: SqlUnitOfWorkFactory) -> None:
    postings = [make_posting(n) for n in range(1, 4)]
    done = replace(make_posting(4), status=PostingStatus.DELIVERED, status_raw="delivered")
    store_id = _store(uow_factory, *postings, done)

    summary = recheck_store(store_id, uow=uow_factory, clock=FixedClock(NOW))

    assert (summary.attention, summary.ready, summary.cleared) == (3, 0, 0)
    with uow_factory() as uow:
        by_id = uow.checks.by_posting_ids(list(range(1, 10)))
    assert sorted(c.posting_number for c in by_id.values()) == sorted(
        p.posting_number for p in postings
    )
    assert all(isinstance(k, int) for k in by_id)


def test_the_stores_duplicate_window_applies_to_every_check(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    rfbs = make_rfbs_posting(1)
    assert rfbs.buyer is not None
    assert rfbs.in_process_at is not None
    first = replace(rfbs, buyer=replace(rfbs.buyer, is_legal=False), requirements={})
    second = replace(
        make_posting(2, items=first.items),
        integration_type=first.integration_type,
        buyer=first.buyer,
        in_process_at=rfbs.in_process_at + timedelta(minutes=12),
    )
    store_id = _store(uow_factory, first, second)
    for n in range(2):
        _add_product(uow_factory, store_id, 1_000_000 + n, f"ART-{n:04d}")
    clock = FixedClock(NOW)

    summary = set_duplicate_window(store_id, 10, actor="olga", uow=uow_factory, clock=clock)

    assert (summary.ready, summary.attention) == (2, 0)
    assert duplicate_window_of(store_id, uow=uow_factory) == timedelta(minutes=10)
    _check(uow_factory, store_id, second.posting_number)
    with uow_factory() as uow:
        check = uow.checks.of_posting(store_id, second.posting_number)
    assert check is not None
    assert check.verdict is Verdict.READY
    set_duplicate_window(store_id, 15, actor="olga", uow=uow_factory, clock=clock)
    with uow_factory() as uow:
        check = uow.checks.of_posting(store_id, second.posting_number)
    assert check is not None
    assert check.verdict is Verdict.ATTENTION


def test_a_duplicate_window_out_of_range_or_of_no_store_is_refused(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    store_id = _store(uow_factory)
    clock = FixedClock(NOW)
    for minutes in (0, 24 * 60 + 1):
        with pytest.raises(BadDuplicateWindow):
            set_duplicate_window(store_id, minutes, actor="olga", uow=uow_factory, clock=clock)
    with pytest.raises(UnknownStore):
        set_duplicate_window(StoreId(999), 20, actor="olga", uow=uow_factory, clock=clock)
    assert duplicate_window_of(store_id, uow=uow_factory) == timedelta(minutes=30)


def test_a_ship_by_that_passes_after_the_check_is_flagged_at_the_next_sync(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    due_later = make_posting(1, items=(make_posting(1).items[0],))
    assert due_later.ship_by is not None
    store_id = _store(uow_factory, due_later)
    _add_product(uow_factory, store_id, 1_000_000, "ART-0000")
    _check(uow_factory, store_id, due_later.posting_number)

    class Sync:
        def __init__(self) -> None:
            self.synced: list[int] = []

        def sync_store(self, store_id: int, *, full: bool = False) -> str:
            self.synced.append(store_id)
            return "synced"

        def store_ids(self) -> list[int]:
            return [store_id]

    sync = Sync()
    before = DeadlineRechecks(sync, uow=uow_factory, clock=FixedClock(NOW))
    assert before.sync_store(store_id) == "synced"
    after = DeadlineRechecks(sync, uow=uow_factory, clock=FixedClock(due_later.ship_by))
    assert after.sync_store(store_id) == "synced; 1 postings past their ship-by checked again"
    assert sync.synced == [store_id, store_id]
    assert after.store_ids() == [store_id]

    with uow_factory() as uow:
        check = uow.checks.of_posting(store_id, due_later.posting_number)
    assert check is not None
    assert [r.code for r in check.reasons] == [ReasonCode.SHIP_BY_PASSED]
    assert (
        recheck_passed_deadlines(
            store_id, uow=uow_factory, clock=FixedClock(due_later.ship_by)
        ).checked
        == 0
    )
