"""The plan of one posting sync: which stretches of Ozon's posting list are still unread, which
cursor chains read them, and how far each chain has got.

Ozon's ``/v4/posting/fbs/list`` serves one cursor chain a page at a time (at most 100 postings,
sorted by ``in_process_at``, ``sort_dir`` ASC or DESC; Seller API, PostingFbsList). One chain waits
a whole round trip per page, so the plan cuts the processing-date window into slices and reads each
slice from both ends at once: an ascending chain from the slice start and a descending one from its
end. Each chain's *frontier* is the last posting it read (its ``in_process_at`` and number). Once
one chain reads the other's frontier posting, or the ascending frontier passes the descending one,
every posting of the slice has been read by one chain or the other, and the pair stops. Slots
freed by pairs that finish early go to the pair whose chains have the most left to read, so the
pages in flight stay up and the chains finish together.

The plan is pure state: the sync use case asks it which chains to request next, tells it what each
page held, and saves it (as JSON) with every committed page, so a run that dies resumes from the
last committed cursors.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import pairwise
from typing import Any

from posylka.domain.sync import PostingQuery

PAGE_SIZE = 100
"""Postings per page: the maximum ``limit`` of the v4 posting lists (Seller API, PostingFbsList)."""

SPLIT_MIN_PAGES = 4.0
"""A gap is split only when it is expected to hold at least this many pages, so that both halves
keep their two chains busy for more than one round trip."""

ENDGAME_PAGES = 10
"""About the pages one round of requests carries at Ozon's rate (50 a second, ~200 ms each)."""

ENDGAME_AFTER_PAGES = 50
"""A sync that has read a second's worth of pages at Ozon's rate is held back by the rate."""

MIN_SPLIT_SPAN = timedelta(seconds=4)


class PlanKind(StrEnum):
    FULL = "full"
    """Every posting of the initial window, whatever its status (the first sync, or ``--full``)."""
    INCREMENTAL = "incremental"
    """Postings whose status changed since the last completed run."""


@dataclass(slots=True)
class Chain:
    """One cursor chain over the posting list, in one direction."""

    id: int
    descending: bool
    since: datetime
    to: datetime
    cursor: str = ""
    frontier: datetime | None = None
    frontier_posting: str = ""
    """The posting number the chain last read: the partner chain meets it there."""
    pages: int = 0
    density: float | None = None
    """Postings per second near the frontier, from the chain's last full page."""
    ended: bool = False
    """Ozon said ``has_next: false``: the chain's whole window has been read."""
    failed: bool = False
    """The chain gave up after repeated page failures; the next run resumes it from its frontier."""

    @property
    def live(self) -> bool:
        return not (self.ended or self.failed)


@dataclass(slots=True)
class Pair:
    """The chains reading one stretch ``[lo, hi]`` of the window toward each other."""

    lo: datetime
    hi: datetime
    asc: Chain
    desc: Chain | None = None
    done: bool = False
    solo: bool = False
    """Left to the ascending chain alone (the lower third of a split), until a free slot gives
    it a partner."""

    def chains(self) -> Iterable[Chain]:
        yield self.asc
        if self.desc is not None:
            yield self.desc

    @property
    def low(self) -> datetime:
        """Everything before this has been read by the ascending chain."""
        return self.asc.frontier if self.asc.frontier is not None else self.lo

    @property
    def high(self) -> datetime:
        """Everything after this has been read by the descending chain."""
        if self.desc is not None and self.desc.frontier is not None:
            return self.desc.frontier
        return self.hi

    def expected_postings(self) -> float | None:
        """How many postings the unread gap probably holds, from the density seen so far."""
        densities = [c.density for c in self.chains() if c.density is not None]
        if not densities:
            return None
        gap = max((self.high - self.low).total_seconds(), 0.0)
        return gap * sum(densities) / len(densities)


@dataclass(slots=True)
class SyncPlan:
    """The chains of one run and how far they got; see the module docstring."""

    kind: PlanKind
    created_at: datetime
    since: datetime
    to: datetime
    changed_from: datetime | None = None
    changed_to: datetime | None = None
    pairs: list[Pair] = field(default_factory=list)
    next_id: int = 1

    # --- building ------------------------------------------------------------------------------

    @classmethod
    def full(cls, now: datetime, *, days: int, slices: int) -> SyncPlan:
        """Every posting processed in the last ``days`` days, in ``slices`` equal slices."""
        to = _whole_second(now)
        since = to - timedelta(days=days)
        plan = cls(PlanKind.FULL, created_at=now, since=since, to=to)
        step = (to - since) / max(slices, 1)
        bounds = [since + step * i for i in range(max(slices, 1))] + [to]
        for lo, hi in pairwise(bounds):
            lo, hi = _whole_second(lo), _whole_second(hi)
            plan.pairs.append(Pair(lo, hi, plan._new_chain(descending=False, since=lo, to=hi)))
        return plan

    @classmethod
    def incremental(cls, now: datetime, *, changed_since: datetime, span: timedelta) -> SyncPlan:
        """Postings processed within ``span`` whose status changed from ``changed_since`` on."""
        to = _whole_second(now)
        since = to - span
        plan = cls(
            PlanKind.INCREMENTAL,
            created_at=now,
            since=since,
            to=to,
            changed_from=_whole_second(changed_since),
            changed_to=to,
        )
        plan.pairs.append(Pair(since, to, plan._new_chain(descending=False, since=since, to=to)))
        return plan

    def _new_chain(self, *, descending: bool, since: datetime, to: datetime) -> Chain:
        chain = Chain(self.next_id, descending, since, to)
        self.next_id += 1
        return chain

    # --- reading the state -----------------------------------------------------------------------

    @property
    def complete(self) -> bool:
        return all(p.done for p in self.pairs)

    def pair_of(self, chain_id: int) -> Pair:
        for pair in self.pairs:
            if any(c.id == chain_id for c in pair.chains()):
                return pair
        raise KeyError(chain_id)

    def chain(self, chain_id: int) -> Chain:
        return next(c for c in self.pair_of(chain_id).chains() if c.id == chain_id)

    def query_for(self, chain: Chain) -> PostingQuery:
        return PostingQuery(
            since=chain.since,
            to=chain.to,
            changed_from=self.changed_from,
            changed_to=self.changed_to,
            descending=chain.descending,
            limit=PAGE_SIZE,
        )

    def coverage(self) -> float:
        """The share of the window already read, 0..1, for progress bars."""
        total = (self.to - self.since).total_seconds()
        if total <= 0:
            return 1.0
        left = sum(max((p.high - p.low).total_seconds(), 0.0) for p in self.pairs if not p.done)
        return min(max(1.0 - left / total, 0.0), 1.0)

    # --- choosing the next requests --------------------------------------------------------------

    def next_requests(self, busy: set[int], slots: int) -> list[Chain]:
        """The chains worth a request now, at most ``slots`` of them; ``busy`` are in flight.

        Opens a descending partner once a slice is known to hold more than a page, holds a chain
        back when its partner's page in flight will probably close the gap, and splits the
        widest gaps when fewer chains are ready than there are free slots.
        """
        if slots <= 0:
            return []
        wanted = [w for pair in self.pairs for w in self._wanted(pair, busy)]
        if self.kind is PlanKind.FULL:
            wanted += self._open_early(slots - len(wanted))
        while len(wanted) < slots and self._add_chain():
            wanted = [w for pair in self.pairs for w in self._wanted(pair, busy)]
        wanted.sort(key=lambda w: -w[0])
        return [chain for _, chain in wanted[:slots]]

    def _wanted(self, pair: Pair, busy: set[int]) -> list[tuple[float, Chain]]:
        if pair.done:
            return []
        expected = pair.expected_postings()
        more_than_a_page = expected is None or expected > PAGE_SIZE
        opens = (pair.asc.pages > 0 and more_than_a_page) or pair.asc.failed
        if pair.desc is None and opens and not pair.solo:
            pair.desc = self._new_chain(descending=True, since=pair.lo, to=pair.hi)
        priority = float("inf") if expected is None else expected
        ready = [c for c in pair.chains() if c.live and c.id not in busy]
        in_flight = any(c.id in busy for c in pair.chains())
        if not more_than_a_page and (in_flight or len(ready) > 1):
            # Less than a page is left: one page from one side closes the gap, and a second
            # request would only return postings already read.
            return [] if in_flight else [(priority, ready[0])]
        return [(priority, c) for c in ready]

    def _open_early(self, slots: int) -> list[tuple[float, Chain]]:
        """Use spare slots before any page is back: give the newest untried slices their
        descending chain at once. A live store's recent slices are its busiest; an older one
        that turns out to hold under a page would waste the call, so they wait for the first
        page as usual."""
        opened: list[tuple[float, Chain]] = []
        for pair in reversed(self.pairs):
            if len(opened) >= slots:
                break
            if not pair.done and pair.desc is None and pair.asc.pages == 0:
                pair.desc = self._new_chain(descending=True, since=pair.lo, to=pair.hi)
                opened.append((float("inf"), pair.desc))
        return opened

    def _add_chain(self) -> bool:
        """Put one more chain to work where each chain has the most left to read: a pair read
        by its ascending chain alone gets its descending partner; a pair read from both ends is
        split at the first third, the lower third left to the old ascending chain and the rest
        to a new ascending chain meeting the old descending one, so every chain is left about
        the same share. Every split adds a meeting, and every meeting wastes part of a page, so
        gaps under ``SPLIT_MIN_PAGES`` a chain are left as they are."""
        best: Pair | None = None
        best_load = 0.0
        active = [p for p in self.pairs if not p.done]
        left = sum(p.expected_postings() or PAGE_SIZE * SPLIT_MIN_PAGES for p in active)
        # Near the end of a long sync, when what is left fits in one round of pages, a pair that
        # would need a second round is split even for a page or two: once Ozon's per-second
        # budget is what holds the sync back, a round costs more than a page. A short sync is
        # not held back by it and keeps its calls.
        read = sum(c.pages for p in self.pairs for c in p.chains())
        last_round = read >= ENDGAME_AFTER_PAGES and left <= ENDGAME_PAGES * PAGE_SIZE
        for pair in active:
            expected = pair.expected_postings()
            if expected is None or not all(c.live for c in pair.chains()):
                continue
            load = expected / (1 if pair.desc is None else 2)
            # A lone chain's partner costs nothing extra (the pair meets once either way).
            least = PAGE_SIZE if pair.desc is None or last_round else SPLIT_MIN_PAGES * PAGE_SIZE
            if load <= max(least, best_load):
                continue
            if pair.desc is not None and pair.high - pair.low < MIN_SPLIT_SPAN * 3:
                continue
            best, best_load = pair, load
        if best is None:
            return False
        if best.desc is None:
            best.solo = False
            best.desc = self._new_chain(descending=True, since=best.lo, to=best.hi)
        else:
            self._split(best)
        return True

    def _split(self, pair: Pair) -> None:
        low, high = pair.low, pair.high
        third = _whole_second(low + (high - low) / 3)
        expected = pair.expected_postings()
        gap = (high - low).total_seconds()
        new_asc = self._new_chain(descending=False, since=third, to=high)
        new_asc.density = expected / gap if expected is not None and gap > 0 else None
        upper = Pair(third, pair.hi, new_asc, pair.desc)
        pair.hi, pair.desc, pair.solo = third, None, True
        self.pairs.insert(self.pairs.index(pair) + 1, upper)

    # --- taking in what came back ----------------------------------------------------------------

    def record_page(
        self,
        chain_id: int,
        *,
        postings: Sequence[tuple[datetime, str]],
        has_next: bool,
        cursor: str,
    ) -> None:
        """Move ``chain_id`` past a page: ``postings`` are its (``in_process_at``, posting number)
        pairs in the order Ozon sent them."""
        pair = self.pair_of(chain_id)
        chain = self.chain(chain_id)
        partner = pair.desc if chain is pair.asc else pair.asc
        chain.pages += 1
        chain.cursor = cursor
        if postings:
            times = [moment for moment, _ in postings]
            chain.frontier, chain.frontier_posting = postings[-1]
            span = (max(times) - min(times)).total_seconds()
            if len(times) >= PAGE_SIZE // 2 and span > 0:
                chain.density = (len(times) - 1) / span
        if not has_next:
            chain.ended = True
            chain.density = chain.density or 0.0
        # The chains meet when one reads the posting the other stopped at: in Ozon's order (the
        # same whichever way it is read), everything below it was read by the ascending chain
        # and everything above it by the descending one. Frontiers that passed each other in
        # time say the same without depending on how Ozon orders postings of the same second.
        met = partner is not None and any(n == partner.frontier_posting for _, n in postings)
        if chain.ended or met or pair.low > pair.high:
            pair.done = True

    def restart(self, chain_id: int) -> None:
        """Drop the chain's cursor and read on from its frontier with a fresh query (after Ozon
        refuses a stale cursor, or to resume a chain that gave up)."""
        chain = self.chain(chain_id)
        chain.cursor = ""
        chain.failed = False
        if chain.frontier is not None:
            if chain.descending:
                chain.to = chain.frontier
            else:
                chain.since = chain.frontier

    def give_up(self, chain_id: int) -> None:
        self.chain(chain_id).failed = True

    def resume(self) -> None:
        """Prepare a plan loaded from a checkpoint: chains that gave up start afresh."""
        for pair in self.pairs:
            for chain in pair.chains():
                if chain.failed:
                    self.restart(chain.id)

    # --- persistence -----------------------------------------------------------------------------

    def to_state(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "created_at": self.created_at.isoformat(),
            "since": self.since.isoformat(),
            "to": self.to.isoformat(),
            "changed_from": _iso(self.changed_from),
            "changed_to": _iso(self.changed_to),
            "next_id": self.next_id,
            "pairs": [
                {
                    "lo": p.lo.isoformat(),
                    "hi": p.hi.isoformat(),
                    "done": p.done,
                    "solo": p.solo,
                    "asc": _chain_state(p.asc),
                    "desc": _chain_state(p.desc) if p.desc is not None else None,
                }
                for p in self.pairs
            ],
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SyncPlan:
        return cls(
            kind=PlanKind(state["kind"]),
            created_at=datetime.fromisoformat(state["created_at"]),
            since=datetime.fromisoformat(state["since"]),
            to=datetime.fromisoformat(state["to"]),
            changed_from=_from_iso(state.get("changed_from")),
            changed_to=_from_iso(state.get("changed_to")),
            next_id=int(state["next_id"]),
            pairs=[
                Pair(
                    lo=datetime.fromisoformat(p["lo"]),
                    hi=datetime.fromisoformat(p["hi"]),
                    done=bool(p["done"]),
                    solo=bool(p.get("solo", False)),
                    asc=_chain_from(p["asc"]),
                    desc=_chain_from(p["desc"]) if p.get("desc") else None,
                )
                for p in state["pairs"]
            ],
        )


def _chain_state(chain: Chain) -> dict[str, Any]:
    return {
        "id": chain.id,
        "descending": chain.descending,
        "since": chain.since.isoformat(),
        "to": chain.to.isoformat(),
        "cursor": chain.cursor,
        "frontier": _iso(chain.frontier),
        "frontier_posting": chain.frontier_posting,
        "pages": chain.pages,
        "density": chain.density,
        "ended": chain.ended,
        "failed": chain.failed,
    }


def _chain_from(state: dict[str, Any]) -> Chain:
    return Chain(
        id=int(state["id"]),
        descending=bool(state["descending"]),
        since=datetime.fromisoformat(state["since"]),
        to=datetime.fromisoformat(state["to"]),
        cursor=str(state.get("cursor") or ""),
        frontier=_from_iso(state.get("frontier")),
        frontier_posting=str(state.get("frontier_posting") or ""),
        pages=int(state.get("pages", 0)),
        density=state.get("density"),
        ended=bool(state.get("ended", False)),
        failed=bool(state.get("failed", False)),
    )


def _whole_second(moment: datetime) -> datetime:
    # Ozon's list filters take whole seconds (``YYYY-MM-DDThh:mm:ssZ``, Seller API PostingFbsList).
    return moment.replace(microsecond=0)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _from_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None
