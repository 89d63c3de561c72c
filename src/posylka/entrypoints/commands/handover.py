"""``posylka handover``: the daily hand-over from the command line — the groups of assembled
postings, a handover created at Ozon and approved, its act, waybill and container labels written
to files, and the pallet checklist with scans counted onto it."""

from __future__ import annotations

import asyncio
import getpass
from datetime import date
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.table import Table

from posylka.bootstrap import Container, crash_checkpoint
from posylka.domain.handover import DocumentKind, Handover, HandoverProblem, HandoverState
from posylka.domain.ids import DeliveryMethodId, HandoverId
from posylka.entrypoints.commands._runtime import StoreOption, console, container, fail, one_store
from posylka.entrypoints.web import handover_words as words
from posylka.entrypoints.web.messages import Message
from posylka.services import handover as handovers

handover_app = typer.Typer(
    help="The daily hand-over: Ozon carriages, their act and labels, the pallet checklist.",
    no_args_is_help=True,
)

HandoverArgument = Annotated[int, typer.Argument(help="The handover's number (`handover list`).")]


def actor() -> str:
    """Who the log names for a command run at this terminal."""
    try:
        return f"{getpass.getuser()} (command line)"
    except (KeyError, OSError):
        return "command line"


def english(message: Message) -> str:
    """A page's message in English, for the terminal."""
    return message.msgid % message.params if message.params else message.msgid


def _state(handover: Handover) -> str:
    return english(Message(words.STATES[handover.state]))


def _report(handover: Handover) -> None:
    """One line for the handover, and Ozon's refusal of its last step as an error."""
    carriage = f", carriage {handover.carriage_id}" if handover.carriage_id else ""
    console.print(
        f"Handover #{handover.id}: {handover.delivery_method_name} on "
        f"{handover.departure_date.isoformat()}, {_state(handover)}{carriage}.",
        markup=False,
    )
    if handover.error_code:
        raise fail(english(words.refusal(handover.error_code, handover.error_message)))


def _tz(app: Container) -> ZoneInfo:
    return ZoneInfo(app.settings.timezone)


def _view(app: Container, handover_id: int) -> handovers.HandoverView:
    try:
        return handovers.view(HandoverId(handover_id), uow=app.reads)
    except handovers.UnknownHandover:
        raise fail(
            f"There is no handover #{handover_id}; `posylka handover list` shows them."
        ) from None


@handover_app.command("list")
def list_handovers(store: StoreOption = None) -> None:
    """Postings still to gather by delivery method and day, and the latest handovers."""
    with container() as app:
        chosen = one_store(app, store) if store else None
        board = handovers.board(uow=app.reads, clock=app.clock, tz=_tz(app))
    groups = [g for g in board.groups if chosen is None or g.store_id == chosen.id]
    recent = [h for h in board.handovers if chosen is None or h.store_id == chosen.id]
    if groups:
        table = Table("departs", "delivery method", "method id", "postings", "store id")
        for group in groups:
            table.add_row(
                group.departure_date.isoformat(),
                group.delivery_method_name,
                str(group.delivery_method_id),
                str(group.count),
                str(group.store_id),
            )
        console.print("To gather (`posylka handover create --method ID --date DAY`):")
        console.print(table)
    else:
        console.print("No assembled postings are waiting for a handover.")
    if recent:
        table = Table("#", "departs", "delivery method", "state", "carriage", "problem")
        for handover in recent:
            table.add_row(
                str(handover.id),
                handover.departure_date.isoformat(),
                handover.delivery_method_name,
                _state(handover),
                str(handover.carriage_id or ""),
                handover.error_code,
            )
        console.print(table)


@handover_app.command("create")
def create(
    method: Annotated[int, typer.Option("--method", help="The delivery method's id.")],
    day: Annotated[
        str, typer.Option("--date", help="The departure date, YYYY-MM-DD (default: today).")
    ] = "",
    store: StoreOption = None,
) -> None:
    """Gather a group's postings into a handover and create its carriage at Ozon.

    A refused carriage stays a draft with Ozon's reason; the same command tries it again.
    """
    with container() as app:
        chosen = one_store(app, store)
        tz = _tz(app)
        departure = _day(day) if day else app.clock.now().astimezone(tz).date()
        try:
            created = asyncio.run(
                handovers.create(
                    store_id=chosen.id,
                    delivery_method_id=DeliveryMethodId(method),
                    departure_date=departure,
                    actor=actor(),
                    user_id=None,
                    uow=app.uow,
                    shipping=app.shipping,
                    clock=app.clock,
                    tz=tz,
                    checkpoint=crash_checkpoint(),
                )
            )
        except handovers.NothingToHandOver:
            raise fail(
                f"No assembled posting of delivery method {method} departs on "
                f"{departure.isoformat()}; `posylka handover list` shows the groups."
            ) from None
        handover = created.handover
        checklist = handovers.view(handover.id, uow=app.reads, scans=0).checklist
    if created.taken_up:
        console.print(english(Message(words.TAKEN_UP)))
    _report(handover)
    console.print(f"{checklist.expected} parcel(s) in it.")


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise fail(f"{text!r} is not a date; write it as YYYY-MM-DD.") from None


@handover_app.command("approve")
def approve(
    handover_id: HandoverArgument,
    containers: Annotated[
        int | None,
        typer.Option("--containers", min=1, help="Pallets or bags; Ozon then gives their labels."),
    ] = None,
) -> None:
    """Approve the carriage at Ozon and keep its act (and container labels)."""
    with container() as app:
        _view(app, handover_id)
        try:
            handover = asyncio.run(
                handovers.approve(
                    HandoverId(handover_id),
                    containers_count=containers,
                    uow=app.uow,
                    shipping=app.shipping,
                    clock=app.clock,
                )
            )
        except HandoverProblem as exc:
            raise fail(f"{str(exc).capitalize()}.") from None
    _report(handover)
    if handover.documents:
        kinds = ", ".join(
            "act" if k is DocumentKind.ACT else "container labels" for k in handover.documents
        )
        console.print(
            f"Kept: {kinds}; `posylka handover act {handover.id} --out act.pdf` writes them."
        )


@handover_app.command("act")
def act(
    handover_id: HandoverArgument,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the act (PDF).")],
    labels: Annotated[
        Path | None, typer.Option("--labels", help="Where to write the container labels (PDF).")
    ] = None,
) -> None:
    """Write the act and waybill (and container labels) of an approved handover to files.

    Documents not kept yet are fetched from Ozon first.
    """
    with container() as app:
        handover = _view(app, handover_id).handover
        if handover.state is HandoverState.APPROVED:
            handover = asyncio.run(
                handovers.fetch_documents(
                    handover.id, uow=app.uow, shipping=app.shipping, clock=app.clock
                )
            )
            if handover.error_code:
                _report(handover)
        pdf = handovers.document(handover.id, DocumentKind.ACT, uow=app.reads)
        if pdf is None:
            raise fail(
                f"Handover #{handover_id} is {_state(handover).lower()}: approve it first "
                f"(`posylka handover approve {handover_id}`)."
            )
        written = [_write(out, pdf, "act and waybill")]
        if labels is not None:
            found = handovers.document(handover.id, DocumentKind.CONTAINER_LABELS, uow=app.reads)
            if found is None:
                raise fail(
                    f"Handover #{handover_id} has no container labels: they come with "
                    "`handover approve --containers N`."
                )
            written.append(_write(labels, found, "container labels"))
    for line in written:
        console.print(line, markup=False)


def _write(path: Path, pdf: bytes, what: str) -> str:
    try:
        path.write_bytes(pdf)
    except OSError as exc:
        raise fail(f"{path} cannot be written: {exc.strerror}.") from None
    return f"The {what} written to {path}."


@handover_app.command("checklist")
def checklist(
    handover_id: HandoverArgument,
    scan: Annotated[
        list[str] | None,
        typer.Option("--scan", help="A parcel's label barcode to count (repeat for several)."),
    ] = None,
) -> None:
    """The pallet checklist: parcels counted against the handover, and the ones missing.

    Codes given with --scan are counted first; a refused one ends the command with status 1.
    """
    refused = 0
    with container() as app:
        view = _view(app, handover_id)
        for code in scan or []:
            try:
                done = handovers.scan(
                    view.handover.id, code, actor=actor(), uow=app.uow, clock=app.clock
                )
            except HandoverProblem as exc:
                raise fail(f"{str(exc).capitalize()}.") from None
            result = done.result
            said = english(
                Message(words.SCANS[result.outcome], {"number": result.posting_number or code})
            )
            for other in done.elsewhere:
                said += " " + english(
                    Message(
                        words.ELSEWHERE,
                        {"id": other.id, "date": other.departure_date.isoformat()},
                    )
                )
            if result.accepted:
                console.print(said, markup=False)
            else:
                refused += 1
                console.print(said, style="red", markup=False)
        view = _view(app, handover_id)
    sheet = view.checklist
    console.print(
        f"Handover #{view.handover.id}: {sheet.counted} of {sheet.expected} parcel(s) counted.",
        markup=False,
    )
    if sheet.missing:
        console.print("Not on the pallet yet: " + ", ".join(sheet.missing), markup=False)
    if refused:
        raise typer.Exit(1)


def install(app: typer.Typer) -> None:
    app.add_typer(handover_app, name="handover")
