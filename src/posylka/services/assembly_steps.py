"""The steps that take a recorded assembly to its end: send, follow, label; and the recovery.

Each step reads the assembly, commits its next state *before* it acts on the outside world, and
commits what came back *after*: ``sent`` is committed before ``ship`` is called, the answer after
it returns. A process that dies between the two leaves an assembly ``sent``: its answer unknown.
Such an assembly is never sent again blindly: the posting is read from Ozon first. Awaiting
delivery means assembled; Ozon still at work (``ship_async_in_process``) means accepted; only a
posting that shows no trace of a call is sent again. Every change is a compare-and-set on the
assembly's version, so two workers that take the same step at once change it once, and only the
one that moved it to ``sent`` makes the call.

The steps do not sleep: each returns how long to wait before the next one (Ozon's asynchronous
result, the label that is ready 45–60 s after assembly). The job queue schedules the next step for
then; the command line waits in the foreground.

``checkpoint`` is a fault-injection hook: the steps call it by name at each point where a process
may die (``recorded``, ``sent``, ``called``, ``accepted``); ``bootstrap`` makes it end the process
there when ``POSYLKA_CRASH_AT`` names the point, for the tests that kill the process at each step.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

from posylka.domain.assembly import (
    Assembly,
    AssemblyState,
    Reading,
    Trouble,
    move,
    read_posting,
    trouble_of_refusal,
)
from posylka.domain.errors import BadRequest, MarketplaceError, NotFound, RateLimited
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.postings import Posting
from posylka.domain.shipping import ShipRefused
from posylka.services.intake import take_in
from posylka.services.ports import Clock, UnitOfWorkFactory
from posylka.services.ports.assembly import LabelOutcome, LabelPrinter
from posylka.services.ports.shipping import ShippingGateway, ShippingGatewayFactory

log = logging.getLogger(__name__)

Checkpoint = Callable[[str], None]
Key = tuple[StoreId, PostingNumber]

CHECKPOINTS = ("recorded", "sent", "called", "accepted")


def no_checkpoint(_: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class StepOptions:
    """How long to wait between steps."""

    follow_seconds: float = 2.0
    """First look at the posting after Ozon accepted the assembly; doubled up to ``follow_max``."""
    follow_max_seconds: float = 30.0
    sent_grace_seconds: float = 120.0
    """A ``sent`` assembly is read from Ozon only this long after the call went: a younger one
    may still have its call in flight in another worker. Longer than a call can take."""
    retry_seconds: float = 30.0
    """Ozon unreachable: the next try."""
    busy_seconds: float = 1.0
    """Ozon answered 429 (its rate limit): the next try, the call not having landed."""
    accepted_patience_seconds: float = 600.0
    """An accepted assembly whose posting still shows no sign of it after this long failed."""
    label_first_seconds: float = 45.0
    """Ozon prepares the label 45–60 s after assembly (Seller API, package-label)."""
    label_retry_seconds: float = 15.0
    label_attempts: int = 8


@dataclass(frozen=True, slots=True)
class NextStep:
    """What a step left: the assembly as it stands, and when to take the next step (``None``:
    there is none)."""

    assembly: Assembly | None
    delay: float | None

    @property
    def done(self) -> bool:
        return self.delay is None


class AssemblySteps:
    """The assembly's steps, bound to the database, Ozon and the printer by ``bootstrap``."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        shipping: ShippingGatewayFactory,
        clock: Clock,
        labels: LabelPrinter | None = None,
        options: StepOptions | None = None,
        checkpoint: Checkpoint = no_checkpoint,
    ) -> None:
        self.uow = uow
        self.shipping = shipping
        self.clock = clock
        self.labels = labels
        self.options = options or StepOptions()
        self.checkpoint = checkpoint

    # --- one step --------------------------------------------------------------------------------

    async def advance(
        self,
        store_id: StoreId,
        posting_number: str,
        *,
        gateway: ShippingGateway | None = None,
        with_label: bool = True,
    ) -> NextStep:
        """Take the assembly's next step. ``gateway`` is the store's, when the caller holds one
        (many assemblies at once); otherwise one is opened for the step."""
        assembly = await asyncio.to_thread(self._load, store_id, posting_number)
        if assembly is None or assembly.state is AssemblyState.FAILED:
            return NextStep(assembly, None)
        if assembly.state is AssemblyState.ASSEMBLED:
            if assembly.label_done or self.labels is None or not with_label:
                return NextStep(assembly, None)
            return await self._label(assembly)
        if gateway is not None:
            return await self._advance_with(assembly, gateway)
        opened = await asyncio.to_thread(self._open, store_id)
        try:
            return await self._advance_with(assembly, opened)
        finally:
            await opened.aclose()

    async def _advance_with(self, assembly: Assembly, gateway: ShippingGateway) -> NextStep:
        if assembly.state is AssemblyState.RECORDED:
            self.checkpoint("recorded")
            return await self._send(assembly, gateway)
        if assembly.state is AssemblyState.SENT:
            return await self._resolve_sent(assembly, gateway)
        return await self._follow(assembly, gateway)

    def _load(self, store_id: StoreId, posting_number: str) -> Assembly | None:
        with self.uow() as tx:
            return tx.assemblies.get(store_id, posting_number)

    def _open(self, store_id: StoreId) -> ShippingGateway:
        with self.uow() as tx:
            credentials = tx.stores.credentials(store_id)
        return self.shipping(store_id, credentials)

    def _save(self, new: Assembly, old: Assembly) -> Assembly | None:
        """Commit ``new`` if ``old`` is still what is stored; the stored one otherwise."""
        with self.uow() as tx:
            if not tx.assemblies.update(new, expected_version=old.version):
                return None
            saved = tx.assemblies.get(new.store_id, new.posting_number)
            tx.commit()
        return saved

    async def _commit(self, new: Assembly, old: Assembly) -> Assembly | None:
        return await asyncio.to_thread(self._save, new, old)

    async def _touch(self, assembly: Assembly) -> None:
        """A step is following the assembly: the periodic recovery, which takes only what has
        been left alone for a while, must not start a second chain of steps for it."""

        def touch() -> None:
            with self.uow() as tx:
                tx.assemblies.touch(assembly.id, now=self.clock.now())
                tx.commit()

        await asyncio.to_thread(touch)

    # --- send ------------------------------------------------------------------------------------

    async def _send(self, assembly: Assembly, gateway: ShippingGateway) -> NextStep:
        now = self.clock.now()
        sent = await self._commit(
            move(
                assembly,
                AssemblyState.SENT,
                at=now,
                attempts=assembly.attempts + 1,
                sent_at=now,
                trouble=None,
                message="",
            ),
            assembly,
        )
        if sent is None:  # another worker took this step
            return NextStep(await asyncio.to_thread(self._load, *_key(assembly)), 1.0)
        self.checkpoint("sent")
        try:
            result = await gateway.ship_posting(sent.posting_number, sent.packages)
        except ShipRefused as exc:
            self.checkpoint("called")
            return await self._refused(sent, exc, gateway)
        except NotFound as exc:
            self.checkpoint("called")
            return await self._fail(sent, Trouble.REFUSED, exc.message)
        except RateLimited as exc:
            # A 429 is answered before Ozon does anything: the call did not land.
            return await self._unreachable(sent, exc, landed=False)
        except BadRequest as exc:
            self.checkpoint("called")
            return await self._fail(sent, Trouble.REFUSED, exc.message)
        except MarketplaceError as exc:
            return await self._unreachable(sent, exc, landed=None)
        self.checkpoint("called")
        accepted = await self._commit(
            move(
                sent,
                AssemblyState.ACCEPTED,
                at=self.clock.now(),
                result_postings=result or (sent.posting_number,),
            ),
            sent,
        )
        if accepted is None:
            return NextStep(await asyncio.to_thread(self._load, *_key(sent)), 1.0)
        self.checkpoint("accepted")
        return NextStep(accepted, self.options.follow_seconds)

    async def _refused(
        self, sent: Assembly, exc: ShipRefused, gateway: ShippingGateway
    ) -> NextStep:
        trouble = trouble_of_refusal(exc.refusal)
        if trouble is None:  # POSTING_ALREADY_SHIPPED: an earlier call of ours, or someone, did it
            return await self._assembled(sent, None, gateway)
        return await self._fail(sent, trouble, exc.message, refusal=exc)

    async def _fail(
        self, assembly: Assembly, trouble: Trouble, message: str, refusal: ShipRefused | None = None
    ) -> NextStep:
        failed = await self._commit(
            move(
                assembly,
                AssemblyState.FAILED,
                at=self.clock.now(),
                trouble=trouble,
                message=message,
                refusal=refusal.refusal if refusal else None,
            ),
            assembly,
        )
        log.info("assembly of %s failed: %s %s", assembly.posting_number, trouble.value, message)
        return NextStep(failed or await asyncio.to_thread(self._load, *_key(assembly)), None)

    async def _unreachable(
        self, sent: Assembly, exc: MarketplaceError, *, landed: bool | None
    ) -> NextStep:
        """Ozon did not answer (the call's fate unknown) or was busy (it did not land)."""
        if landed is False:
            # Nothing happened at Ozon, so the assembly may be sent again without a look.
            again = move(sent, AssemblyState.SENT, at=self.clock.now(), sent_at=None)
        else:
            again = move(sent, AssemblyState.SENT, at=self.clock.now())
        noted = await self._commit(_with_note(again, Trouble.UNREACHABLE, str(exc)), sent)
        wait = self.options.busy_seconds if landed is False else self.options.retry_seconds
        return NextStep(noted, wait)

    # --- a sent assembly whose answer is not known ------------------------------------------------

    async def _resolve_sent(self, assembly: Assembly, gateway: ShippingGateway) -> NextStep:
        now = self.clock.now()
        if assembly.sent_at is not None:
            ripe = assembly.sent_at + timedelta(seconds=self.options.sent_grace_seconds)
            if now < ripe:
                await self._touch(assembly)
                return NextStep(assembly, max((ripe - now).total_seconds(), 1.0))
        else:  # the last call certainly did not land
            return await self._send(assembly, gateway)
        try:
            posting = await gateway.fetch_posting(assembly.posting_number)
        except NotFound as exc:
            return await self._fail(assembly, Trouble.REFUSED, exc.message)
        except MarketplaceError as exc:
            return await self._still(assembly, exc)
        reading = read_posting(posting)
        if reading is Reading.ASSEMBLED:
            return await self._assembled(assembly, posting, gateway)
        if reading is Reading.IN_PROGRESS:
            accepted = await self._commit(
                move(
                    assembly,
                    AssemblyState.ACCEPTED,
                    at=self.clock.now(),
                    result_postings=assembly.result_postings or (assembly.posting_number,),
                    trouble=None,
                    message="",
                ),
                assembly,
            )
            return NextStep(accepted, self.options.follow_seconds)
        if reading is Reading.CANCELLED:
            return await self._fail(assembly, Trouble.CANCELLED, posting.cancel_reason)
        if reading is Reading.SHIP_FAILED and assembly.attempts <= 1:
            # The one call made landed and Ozon could not carry it out.
            return await self._fail(assembly, Trouble.SHIP_FAILED, "")
        if reading is Reading.OTHER:
            return await self._fail(assembly, Trouble.WRONG_STATUS, posting.status_raw)
        # No trace of our call (or only of an earlier, failed one): sending again is safe.
        return await self._send(assembly, gateway)

    async def _still(self, assembly: Assembly, exc: MarketplaceError) -> NextStep:
        """Ozon could not be read: leave the state, note why, look again later."""
        noted = await self._commit(
            move(
                _with_note(assembly, Trouble.UNREACHABLE, str(exc)),
                assembly.state,
                at=self.clock.now(),
            ),
            assembly,
        )
        return NextStep(noted or assembly, self.options.retry_seconds)

    # --- follow an accepted assembly --------------------------------------------------------------

    async def _follow(self, assembly: Assembly, gateway: ShippingGateway) -> NextStep:
        try:
            posting = await gateway.fetch_posting(assembly.posting_number)
        except MarketplaceError as exc:
            return await self._still(assembly, exc)
        reading = read_posting(posting)
        if reading is Reading.ASSEMBLED:
            return await self._assembled(assembly, posting, gateway)
        if reading is Reading.SHIP_FAILED:
            return await self._fail(assembly, Trouble.SHIP_FAILED, "")
        if reading is Reading.CANCELLED:
            return await self._fail(assembly, Trouble.CANCELLED, posting.cancel_reason)
        if reading is Reading.OTHER:
            return await self._fail(assembly, Trouble.WRONG_STATUS, posting.status_raw)
        waited = (self.clock.now() - (assembly.sent_at or assembly.updated_at)).total_seconds()
        if reading is Reading.UNTOUCHED and waited > self.options.accepted_patience_seconds:
            return await self._fail(
                assembly,
                Trouble.SHIP_FAILED,
                f"Ozon accepted the assembly but the posting still awaits packaging after "
                f"{int(waited)} s",
            )
        # Look again soon at first, then less often: half the time waited so far, within bounds.
        delay = min(max(waited / 2, self.options.follow_seconds), self.options.follow_max_seconds)
        await self._touch(assembly)
        return NextStep(assembly, delay)

    async def _assembled(
        self, assembly: Assembly, posting: Posting | None, gateway: ShippingGateway | None
    ) -> NextStep:
        done = await self._commit(
            move(
                assembly,
                AssemblyState.ASSEMBLED,
                at=self.clock.now(),
                result_postings=assembly.result_postings or (assembly.posting_number,),
                trouble=None,
                message="",
            ),
            assembly,
        )
        if done is None:
            return NextStep(await asyncio.to_thread(self._load, *_key(assembly)), 1.0)
        if gateway is not None:
            await self._settle(done, posting, gateway)
        if self.labels is None:
            return NextStep(done, None)
        return NextStep(done, self.options.label_first_seconds)

    async def _settle(
        self, assembly: Assembly, posting: Posting | None, gateway: ShippingGateway
    ) -> None:
        """Keep the postings as Ozon now has them and move their stock to picked, at once
        rather than at the next sync. A failure here loses nothing: the sync does it later."""
        postings: list[Posting] = [posting] if posting is not None else []
        known = {p.posting_number for p in postings}
        try:
            for number in assembly.result_postings:
                if number not in known:
                    postings.append(await gateway.fetch_posting(number))
        except MarketplaceError as exc:
            log.warning("postings of assembly %s not read: %s", assembly.posting_number, exc)
        if postings:
            await asyncio.to_thread(self._keep, assembly.store_id, postings)

    def _keep(self, store_id: StoreId, postings: Sequence[Posting]) -> None:
        with self.uow() as tx:
            tx.postings.upsert_many(postings, now=self.clock.now())
            ids = [tx.shortfalls.posting_id(store_id, p.posting_number) for p in postings]
            tx.commit()
        take_in(store_id, uow=self.uow, clock=self.clock, posting_ids=[i for i in ids if i])

    # --- the label -------------------------------------------------------------------------------

    async def _label(self, assembly: Assembly) -> NextStep:
        assert self.labels is not None
        attempt = assembly.label_attempts + 1
        claimed = await self._commit(
            move(assembly, AssemblyState.ASSEMBLED, at=self.clock.now(), label_attempts=attempt),
            assembly,
        )
        if claimed is None:  # another worker is printing it
            return NextStep(await asyncio.to_thread(self._load, *_key(assembly)), None)
        final = attempt >= self.options.label_attempts
        try:
            outcome = await self.labels.print_assembly_labels(
                claimed.store_id,
                claimed.result_postings or (claimed.posting_number,),
                user_id=claimed.user_id,
                final=final,
            )
        except MarketplaceError as exc:  # Ozon unreachable: like a label not ready yet
            outcome = LabelOutcome(not_ready=True, error=f"Ozon could not be reached: {exc}")
            if final:
                outcome = LabelOutcome(error=outcome.error)
        if outcome.not_ready and not final:
            return NextStep(claimed, self.options.label_retry_seconds)
        error = outcome.error or ("" if outcome.print_job is not None else "no label came")
        printed = await self._commit(
            move(
                claimed,
                AssemblyState.ASSEMBLED,
                at=self.clock.now(),
                label_print_job=outcome.print_job,
                label_error=error,
            ),
            claimed,
        )
        return NextStep(printed or claimed, None)

    # --- recovery --------------------------------------------------------------------------------

    def unfinished(self, *, older_than: float) -> list[Key]:
        """Assemblies to take further: left ``recorded``, ``sent`` or ``accepted``, or assembled
        with the label not printed, unchanged for ``older_than`` seconds."""
        before = self.clock.now() - timedelta(seconds=older_than)
        with self.uow() as tx:
            return [
                (a.store_id, a.posting_number) for a in tx.assemblies.live(touched_before=before)
            ]


def _key(assembly: Assembly) -> Key:
    return (assembly.store_id, assembly.posting_number)


def _with_note(assembly: Assembly, trouble: Trouble, message: str) -> Assembly:
    return replace(assembly, trouble=trouble, message=message)


class BlockingAssembly:
    """The steps for a worker thread of the job queue (the ``AssemblyRunner`` of the jobs)."""

    def __init__(self, steps: AssemblySteps) -> None:
        self.steps = steps

    def step(self, store_id: int, posting_number: str) -> float | None:
        return asyncio.run(self.steps.advance(StoreId(store_id), posting_number)).delay

    def unfinished(self, *, older_than: float) -> list[tuple[int, str]]:
        return [(int(s), str(n)) for s, n in self.steps.unfinished(older_than=older_than)]


Sleep = Callable[[float], Awaitable[None]]


async def drive(
    steps: AssemblySteps,
    store_id: StoreId,
    posting_number: str,
    *,
    with_label: bool = True,
    sleep: Sleep = asyncio.sleep,
) -> Assembly | None:
    """Take an assembly through all its steps in the foreground, waiting between them (the
    command line, where no job queue may be running)."""
    while True:
        result = await steps.advance(store_id, posting_number, with_label=with_label)
        assembled = result.assembly is not None and result.assembly.state is AssemblyState.ASSEMBLED
        if result.delay is None or (assembled and not with_label):
            return result.assembly
        await sleep(result.delay)
