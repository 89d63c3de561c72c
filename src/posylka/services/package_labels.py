"""Ozon package labels for postings awaiting delivery: fetched, joined into one print file in the
order asked for, logged, and printed again on demand.

Ozon has two ways to give labels (Seller API): ``/v2/posting/fbs/package-label`` returns one PDF
for at most 20 postings but fails whole when one of them cannot have a label, and the
asynchronous ``/v3/posting/fbs/package-label/create`` + ``/v2/posting/fbs/package-label/get``
pair labels up to 1000 postings a task and lists the ones it could not print. Small batches go
the first way, in calls of 20: a refused call is repeated without the postings Ozon named, or cut
in halves until the bad posting stands alone. Large batches go the second way. Labels Ozon has
not prepared yet (it asks for 45–60 seconds after assembly) are asked for again a while later;
whatever still fails is set aside with its reason, and the rest is printed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field

from posylka.domain.errors import BadRequest
from posylka.domain.ids import PostingNumber, StoreId, UserId
from posylka.domain.labels import (
    SYNC_LABEL_LIMIT,
    TASK_LABEL_LIMIT,
    LabelBatch,
    LabelPrint,
    LabelsNotReady,
    LabelsRefused,
    LabelTaskCode,
    LoggedBatch,
    PrintedLabel,
    SetAside,
    SetAsideReason,
)
from posylka.domain.stores import StoreCredentials
from posylka.services.ports import (
    Clock,
    MarketplaceFactory,
    MarketplaceGateway,
    PdfPages,
    UnitOfWorkFactory,
)

Sleep = Callable[[float], Awaitable[None]]
Key = tuple[StoreId, PostingNumber]


@dataclass(frozen=True, slots=True)
class LabelOptions:
    """How hard to try. The defaults wait up to about 90 seconds for labels that are not ready:
    enough for postings assembled a moment ago."""

    sync_up_to: int = 60
    """Batches of up to this many postings (per store) use the synchronous call, 20 at a time."""
    ready_rounds: int = 7
    """Rounds of asking again for labels Ozon has not prepared yet, the first included."""
    ready_wait_seconds: float = 15.0
    """Pause between those rounds."""
    task_polls: int = 60
    """Looks at an asynchronous task before giving up on it and using the synchronous call."""
    task_poll_seconds: float = 2.0


@dataclass(slots=True)
class _Part:
    """One file that came for some postings, in the order they were asked for. With as many
    pages as postings (the usual case) each posting has its page; otherwise the postings share
    the file's pages."""

    keys: tuple[Key, ...]
    pdf: bytes
    page_count: int

    @property
    def page_each(self) -> bool:
        return self.page_count == len(self.keys)


@dataclass(slots=True)
class _Collected:
    parts: list[_Part] = field(default_factory=list)
    set_aside: dict[Key, SetAside] = field(default_factory=dict)
    not_ready: list[Key] = field(default_factory=list)


class _StoreFetch:
    """One round of fetching labels of one store's postings."""

    def __init__(
        self,
        store_id: StoreId,
        gateway: MarketplaceGateway,
        pdf: PdfPages,
        sleep: Sleep,
        options: LabelOptions,
        collected: _Collected,
    ) -> None:
        self.store_id = store_id
        self.gateway = gateway
        self.pdf = pdf
        self.sleep = sleep
        self.options = options
        self.collected = collected

    async def round(self, numbers: list[PostingNumber]) -> None:
        if len(numbers) <= self.options.sync_up_to:
            for start in range(0, len(numbers), SYNC_LABEL_LIMIT):
                await self.sync(numbers[start : start + SYNC_LABEL_LIMIT])
            return
        for start in range(0, len(numbers), TASK_LABEL_LIMIT):
            await self.task(numbers[start : start + TASK_LABEL_LIMIT])

    def _key(self, number: PostingNumber) -> Key:
        return (self.store_id, number)

    def _set_aside(self, number: PostingNumber, reason: SetAsideReason, detail: str) -> None:
        self.collected.set_aside[self._key(number)] = SetAside(
            self.store_id, number, reason, detail
        )

    def _keep(self, numbers: Sequence[PostingNumber], pdf: bytes) -> None:
        pages = self.pdf.count(pdf)
        if pages:
            self.collected.parts.append(_Part(tuple(self._key(n) for n in numbers), pdf, pages))

    async def sync(self, chunk: list[PostingNumber]) -> None:
        """Labels of at most 20 postings; a refused call is narrowed down to the bad posting."""
        try:
            pdf = await self.gateway.fetch_package_labels(chunk)
        except LabelsNotReady as exc:
            named = [n for n in chunk if n in exc.posting_numbers]
            if not named and len(chunk) > 1:
                # Ozon did not say which: halve, so the ready labels are not held back.
                middle = len(chunk) // 2
                await self.sync(chunk[:middle])
                await self.sync(chunk[middle:])
                return
            named = named or chunk
            self.collected.not_ready.extend(self._key(n) for n in named)
            rest = [n for n in chunk if n not in named]
            if rest:
                await self.sync(rest)
            return
        except LabelsRefused as exc:
            named = [n for n in chunk if n in exc.posting_numbers]
            if named:
                for number in named:
                    self._set_aside(number, exc.reason, exc.message)
                rest = [n for n in chunk if n not in named]
                if rest:
                    await self.sync(rest)
                return
            await self._narrow(chunk, exc.reason, exc.message)
            return
        except BadRequest as exc:
            await self._narrow(chunk, SetAsideReason.REFUSED, exc.message)
            return
        self._keep(chunk, pdf)

    async def _narrow(self, chunk: list[PostingNumber], reason: SetAsideReason, why: str) -> None:
        """Ozon refused the call without naming the posting: halve it until it stands alone."""
        if len(chunk) == 1:
            self._set_aside(chunk[0], reason, why)
            return
        middle = len(chunk) // 2
        await self.sync(chunk[:middle])
        await self.sync(chunk[middle:])

    async def task(self, chunk: list[PostingNumber]) -> None:
        """Labels of up to 1000 postings through an asynchronous task; a task that cannot be
        started or does not finish falls back to the synchronous call."""
        try:
            tasks = await self.gateway.create_label_task(chunk)
        except BadRequest:
            await self._by_sync(chunk)
            return
        chosen = next((t for t in tasks if t.kind == "big_label"), tasks[0])
        for poll in range(self.options.task_polls):
            state = await self.gateway.fetch_label_task(chosen.task_id)
            if state.code.finished:
                break
            if poll + 1 < self.options.task_polls:
                await self.sleep(self.options.task_poll_seconds)
        else:
            await self._by_sync(chunk)
            return
        unprinted = {u.posting_number: u for u in state.unprinted}
        for number, item in unprinted.items():
            if item.reason is SetAsideReason.NOT_READY:
                self.collected.not_ready.append(self._key(number))
            else:
                self._set_aside(number, item.reason, item.detail)
        printed = [n for n in chunk if n not in unprinted]
        if state.code is LabelTaskCode.COMPLETED and state.file_url and printed:
            self._keep(printed, await self.gateway.download_label_file(state.file_url))
        elif printed:
            for number in printed:
                self._set_aside(number, SetAsideReason.REFUSED, state.error)

    async def _by_sync(self, chunk: list[PostingNumber]) -> None:
        for start in range(0, len(chunk), SYNC_LABEL_LIMIT):
            await self.sync(chunk[start : start + SYNC_LABEL_LIMIT])


def _unique(keys: Sequence[Key]) -> list[Key]:
    return list(dict.fromkeys(keys))


async def fetch_labels(
    wanted: Sequence[Key],
    *,
    gateways: Callable[[StoreId], MarketplaceGateway],
    pdf: PdfPages,
    sleep: Sleep = asyncio.sleep,
    options: LabelOptions | None = None,
) -> LabelBatch:
    """The labels of ``wanted`` (store, posting) in that order, as one PDF, and what was set
    aside. ``gateways`` gives each store's gateway (the caller closes them)."""
    options = options or LabelOptions()
    order = _unique(wanted)
    collected = _Collected()
    remaining = order
    calls_before = {store: gateways(store).api_calls for store in {s for s, _ in order}}
    for round_no in range(max(options.ready_rounds, 1)):
        collected.not_ready = []
        for store_id in dict.fromkeys(s for s, _ in remaining):
            fetch = _StoreFetch(store_id, gateways(store_id), pdf, sleep, options, collected)
            await fetch.round([n for s, n in remaining if s == store_id])
        if not collected.not_ready:
            break
        remaining = [k for k in order if k in set(collected.not_ready)]
        if round_no + 1 < options.ready_rounds:
            await sleep(options.ready_wait_seconds)
    for store_id, number in collected.not_ready:
        collected.set_aside[(store_id, number)] = SetAside(
            store_id, number, SetAsideReason.NOT_READY, "The next postings aren't ready"
        )
    calls = sum(gateways(s).api_calls - before for s, before in calls_before.items())
    return _assemble(order, collected, pdf, calls)


def _assemble(order: list[Key], collected: _Collected, pdf: PdfPages, calls: int) -> LabelBatch:
    """One file in the order asked for. A file whose postings follow each other in that order
    is taken whole; one whose postings came out of order (a retried posting, a set-aside one in
    between) is cut into its pages first, so each page can go to its place."""
    position = {key: index for index, key in enumerate(order)}
    printed_keys = sorted(
        (k for part in collected.parts for k in part.keys), key=lambda k: position[k]
    )
    rank = {key: index for index, key in enumerate(printed_keys)}
    units: list[_Part] = []
    for part in collected.parts:
        ranks = [rank[k] for k in part.keys]
        in_place = ranks == list(range(ranks[0], ranks[0] + len(ranks)))
        if in_place or not part.page_each:
            units.append(part)
            continue
        for key, page in zip(part.keys, pdf.split(part.pdf), strict=True):
            units.append(_Part((key,), page, 1))
    units.sort(key=lambda unit: min(position[k] for k in unit.keys))
    printed: list[PrintedLabel] = []
    first = 0
    for unit in units:
        for index, (store_id, number) in enumerate(unit.keys):
            if unit.page_each:
                printed.append(PrintedLabel(store_id, number, first + index, 1))
            else:
                printed.append(PrintedLabel(store_id, number, first, unit.page_count))
        first += unit.page_count
    set_aside = sorted(collected.set_aside.values(), key=lambda s: position.get(_key_of(s), 0))
    joined = (
        (units[0].pdf if len(units) == 1 else pdf.join([u.pdf for u in units])) if units else None
    )
    return LabelBatch(
        pdf=joined, printed=tuple(printed), set_aside=tuple(set_aside), api_calls=calls
    )


def _key_of(item: SetAside) -> Key:
    return (item.store_id, item.posting_number)


# --- printing and reprinting, with the log ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PrintedBatch:
    """A batch fetched and logged: its id in the log, and what came of it."""

    batch_id: int | None
    batch: LabelBatch


class NothingToReprint(LookupError):
    """The prints asked for are not in the log (or their file is gone)."""


class LabelDesk:
    """Labels as the web and the command line use them: fetch and log a batch, read the log,
    print logged labels again. Built once by ``bootstrap``."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        marketplace: MarketplaceFactory,
        pdf: PdfPages,
        clock: Clock,
        sleep: Sleep = asyncio.sleep,
        options: LabelOptions | None = None,
    ) -> None:
        self.uow = uow
        self.marketplace = marketplace
        self.pdf = pdf
        self.clock = clock
        self.sleep = sleep
        self.options = options or LabelOptions()

    async def print_labels(
        self,
        wanted: Sequence[Key],
        *,
        actor: str,
        user_id: UserId | None = None,
        options: LabelOptions | None = None,
    ) -> PrintedBatch:
        """Fetch the labels of ``wanted`` in that order and log every label that came."""
        order = _unique(wanted)
        # The database is used from a worker thread, so a web server's event loop keeps serving
        # other pages meanwhile.
        credentials = await asyncio.to_thread(self._credentials, [s for s, _ in order])
        known = set(credentials)
        gateways = {s: self.marketplace(s, credentials[s]) for s in known}
        try:
            batch = await fetch_labels(
                [k for k in order if k[0] in known],
                gateways=gateways.__getitem__,
                pdf=self.pdf,
                sleep=self.sleep,
                options=options or self.options,
            )
        finally:
            for gateway in gateways.values():
                await gateway.aclose()
        unknown = tuple(
            SetAside(s, n, SetAsideReason.UNKNOWN, "") for s, n in order if s not in known
        )
        if unknown:
            batch = LabelBatch(batch.pdf, batch.printed, batch.set_aside + unknown, batch.api_calls)
        batch_id = await asyncio.to_thread(self._log, batch, len(order), actor, user_id)
        return PrintedBatch(batch_id, batch)

    def _credentials(self, store_ids: Sequence[StoreId]) -> dict[StoreId, StoreCredentials]:
        """The credentials of the stores that exist, by store."""
        with self.uow() as uow:
            known = [s for s in dict.fromkeys(store_ids) if uow.stores.get(s) is not None]
            return {s: uow.stores.credentials(s) for s in known}

    def _log(
        self, batch: LabelBatch, requested: int, actor: str, user_id: UserId | None
    ) -> int | None:
        with self.uow() as uow:
            batch_id = uow.labels.add_batch(
                batch, requested=requested, at=self.clock.now(), actor=actor, user_id=user_id
            )
            uow.commit()
        return batch_id

    def batch_file(self, batch_id: int) -> bytes | None:
        with self.uow() as uow:
            return uow.labels.batch_pdf(batch_id)

    def batch(self, batch_id: int) -> LoggedBatch | None:
        with self.uow() as uow:
            return uow.labels.batch(batch_id)

    def log(
        self,
        *,
        limit: int = 100,
        store_id: StoreId | None = None,
        posting_number: str = "",
    ) -> list[LabelPrint]:
        """The latest prints, newest first (of one posting when given)."""
        with self.uow() as uow:
            return uow.labels.prints(limit=limit, store_id=store_id, posting_number=posting_number)

    def reprint(self, print_ids: Sequence[int], *, actor: str, user_id: UserId | None) -> bytes:
        """The logged labels of ``print_ids`` again, as one PDF, each logged as a reprint."""
        with self.uow() as uow:
            found = uow.labels.pages(print_ids)
            if not found:
                raise NothingToReprint(f"no printed label with id {list(print_ids)}")
            files: dict[int, bytes] = {}
            parts = []
            for item in found:
                if item.batch_id not in files:
                    kept = uow.labels.batch_pdf(item.batch_id)
                    if kept is None:
                        raise NothingToReprint(f"the file of batch {item.batch_id} is gone")
                    files[item.batch_id] = kept
                parts.append(self.pdf.pick(files[item.batch_id], item.first_page, item.page_count))
            uow.labels.add_reprints(found, at=self.clock.now(), actor=actor, user_id=user_id)
            uow.commit()
        return self.pdf.join(parts)
