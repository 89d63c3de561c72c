"""The sync plan: slices, meeting chains, partners, splits, and the state a checkpoint keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from posylka.services.sync_plan import ENDGAME_AFTER_PAGES, PAGE_SIZE, PlanKind, SyncPlan

NOW = datetime(2026, 3, 8, 9, 0, 0, 123456, tzinfo=UTC)


def page(start: datetime, step: timedelta, count: int = PAGE_SIZE, prefix: str = "A"):
    """(in_process_at, number) marks of one page, in the order Ozon sends them."""
    return [(start + step * i, f"{prefix}{i:05d}") for i in range(count)]


def test_a_full_plan_cuts_the_initial_window_into_equal_slices_at_whole_seconds() -> None:
    plan = SyncPlan.full(NOW, days=90, slices=6)

    start = NOW.replace(microsecond=0) - timedelta(days=90)
    assert [(p.lo, p.hi) for p in plan.pairs] == [
        (start + timedelta(days=15 * i), start + timedelta(days=15 * (i + 1))) for i in range(6)
    ]
    assert all(p.desc is None and not p.asc.descending for p in plan.pairs)
    assert plan.kind is PlanKind.FULL


def test_an_incremental_plan_asks_for_changes_over_one_chain() -> None:
    plan = SyncPlan.incremental(
        NOW, changed_since=NOW - timedelta(hours=1), span=timedelta(days=365)
    )

    (chain,) = plan.next_requests(set(), 12)
    query = plan.query_for(chain)
    assert (query.since, query.to) == (plan.to - timedelta(days=365), NOW.replace(microsecond=0))
    assert query.changed_from == (NOW - timedelta(hours=1)).replace(microsecond=0)
    assert query.changed_to == plan.to
    assert not query.descending


def test_the_descending_partner_opens_once_the_first_page_shows_more_than_a_page() -> None:
    plan = SyncPlan.full(NOW, days=10, slices=1)
    (asc,) = plan.next_requests(set(), 1)
    pair = plan.pairs[0]

    plan.record_page(
        asc.id, postings=page(pair.lo, timedelta(minutes=1)), has_next=True, cursor="c"
    )

    ready = plan.next_requests(set(), 2)
    assert [c.descending for c in ready] == [False, True]
    assert pair.desc is not None
    assert (pair.desc.since, pair.desc.to) == (pair.lo, pair.hi)


def test_a_slice_under_a_page_ends_with_its_first_page() -> None:
    plan = SyncPlan.full(NOW, days=10, slices=1)
    (asc,) = plan.next_requests(set(), 1)

    plan.record_page(
        asc.id, postings=page(plan.pairs[0].lo, timedelta(hours=1), 40), has_next=False, cursor=""
    )

    assert plan.complete
    assert plan.next_requests(set(), 12) == []


def test_chains_meet_when_one_reads_the_posting_the_other_stopped_at() -> None:
    plan = SyncPlan.full(NOW, days=10, slices=1)
    pair = plan.pairs[0]
    asc = pair.asc
    plan.record_page(
        asc.id, postings=page(pair.lo, timedelta(minutes=1)), has_next=True, cursor="a"
    )
    plan.next_requests(set(), 2)
    assert pair.desc is not None
    top = [(pair.hi - timedelta(minutes=i), f"Z{i:05d}") for i in range(PAGE_SIZE)]
    plan.record_page(pair.desc.id, postings=top, has_next=True, cursor="d")
    assert not pair.done

    # The next ascending page ends exactly on the posting the descending chain stopped at.
    last = top[-1]
    between = [(last[0] - timedelta(seconds=PAGE_SIZE - i), f"M{i:05d}") for i in range(99)]
    plan.record_page(asc.id, postings=[*between, last], has_next=True, cursor="a2")

    assert pair.done
    assert plan.complete


def test_chains_meet_when_their_frontiers_pass_each_other() -> None:
    plan = SyncPlan.full(NOW, days=10, slices=1)
    pair = plan.pairs[0]
    step = timedelta(minutes=1)
    plan.record_page(pair.asc.id, postings=page(pair.lo, step), has_next=True, cursor="a")
    plan.next_requests(set(), 2)
    assert pair.desc is not None
    plan.record_page(
        pair.desc.id,
        postings=page(pair.lo + step * 250, -step, prefix="D"),
        has_next=True,
        cursor="d",
    )
    assert not pair.done

    plan.record_page(
        pair.asc.id,
        postings=page(pair.lo + step * 100, step, prefix="B"),
        has_next=True,
        cursor="a2",
    )

    assert pair.done


def test_with_less_than_a_page_left_only_one_chain_asks() -> None:
    plan = SyncPlan.full(NOW, days=10, slices=1)
    pair = plan.pairs[0]
    step = timedelta(minutes=1)
    plan.record_page(pair.asc.id, postings=page(pair.lo, step), has_next=True, cursor="a")
    plan.next_requests(set(), 2)
    assert pair.desc is not None
    plan.record_page(
        pair.desc.id,
        postings=page(pair.lo + step * 260, -step, prefix="D"),
        has_next=True,
        cursor="d",
    )

    assert pair.expected_postings() is not None
    assert [c.id for c in plan.next_requests(set(), 12)] == [pair.asc.id]
    assert plan.next_requests({pair.asc.id}, 12) == []


def test_a_free_slot_first_gives_a_lone_chain_its_partner_then_splits_at_a_third() -> None:
    plan = SyncPlan.full(NOW, days=60, slices=1)
    top = plan.pairs[0].hi
    step = timedelta(minutes=10)
    first = plan.pairs[0]
    plan.record_page(first.asc.id, postings=page(first.lo, step), has_next=True, cursor="a")
    frontier = first.asc.frontier
    assert frontier is not None

    ready = plan.next_requests(set(), 3)

    assert len(ready) == 3
    lower, upper = plan.pairs
    assert lower.solo
    assert lower.desc is None
    assert abs((lower.hi - frontier) - (top - frontier) / 3) < timedelta(seconds=1)
    assert (upper.lo, upper.hi, upper.asc.since) == (lower.hi, top, lower.hi)
    assert upper.desc is not None
    assert upper.desc.to == top


def test_gaps_of_a_few_pages_are_not_split() -> None:
    plan = SyncPlan.full(NOW, days=4, slices=2)
    step = timedelta(minutes=4)
    for pair in plan.pairs:
        plan.record_page(pair.asc.id, postings=page(pair.lo, step), has_next=True, cursor="a")

    ready = plan.next_requests(set(), 12)

    # About 620 postings are left in each slice: two chains of three pages each, not worth
    # another meeting while more than a round of pages is still to come.
    assert len(ready) == 4
    assert len(plan.pairs) == 2


def test_near_the_end_of_a_long_sync_a_gap_that_needs_a_second_round_is_split() -> None:
    plan = SyncPlan.full(NOW, days=1, slices=1)
    pair = plan.pairs[0]
    step = timedelta(minutes=3)
    plan.record_page(pair.asc.id, postings=page(pair.lo, step), has_next=True, cursor="a")
    pair.asc.pages = ENDGAME_AFTER_PAGES  # as if a long sync had read that many pages already

    ready = plan.next_requests(set(), 12)

    # About 380 postings are left: two chains would need two rounds; split up, every chain has
    # at most a page left and they all finish in one.
    assert len(ready) > 2
    for each in plan.pairs:
        expected = each.expected_postings()
        assert expected is not None
        assert expected / len(list(each.chains())) <= PAGE_SIZE


def test_spare_slots_open_the_newest_slices_from_their_end_before_any_page_is_back() -> None:
    plan = SyncPlan.full(NOW, days=90, slices=6)

    ready = plan.next_requests(set(), 9)

    assert [c.descending for c in ready].count(True) == 3
    assert [p.desc is not None for p in plan.pairs] == [False] * 3 + [True] * 3


def test_a_restarted_chain_reads_on_from_its_frontier_with_a_fresh_query() -> None:
    plan = SyncPlan.full(NOW, days=10, slices=1)
    asc = plan.pairs[0].asc
    marks = page(plan.pairs[0].lo, timedelta(minutes=1))
    plan.record_page(asc.id, postings=marks, has_next=True, cursor="old")

    plan.restart(asc.id)

    assert asc.cursor == ""
    assert plan.query_for(asc).since == marks[-1][0]


def test_the_plan_survives_a_round_trip_through_its_saved_state() -> None:
    plan = SyncPlan.full(NOW, days=60, slices=3)
    first = plan.pairs[0]
    plan.record_page(
        first.asc.id, postings=page(first.lo, timedelta(minutes=10)), has_next=True, cursor="c1"
    )
    plan.next_requests(set(), 8)
    plan.give_up(plan.pairs[-1].asc.id)

    again = SyncPlan.from_state(plan.to_state())

    assert again == plan
    assert again.to_state() == plan.to_state()


def test_a_resumed_plan_gives_failed_chains_a_fresh_start() -> None:
    plan = SyncPlan.full(NOW, days=10, slices=1)
    asc = plan.pairs[0].asc
    plan.record_page(
        asc.id, postings=page(plan.pairs[0].lo, timedelta(minutes=1)), has_next=True, cursor="c"
    )
    plan.give_up(asc.id)

    again = SyncPlan.from_state(plan.to_state())
    again.resume()

    chain = again.chain(asc.id)
    assert chain.live
    assert chain.cursor == ""


def test_coverage_grows_from_nothing_to_everything() -> None:
    plan = SyncPlan.full(NOW, days=10, slices=2)
    assert plan.coverage() == 0.0
    first, second = plan.pairs

    plan.record_page(first.asc.id, postings=[], has_next=False, cursor="")
    assert plan.coverage() == 0.5
    plan.record_page(
        second.asc.id, postings=page(second.lo, timedelta(minutes=1), 10), has_next=False, cursor=""
    )
    assert plan.coverage() == 1.0
