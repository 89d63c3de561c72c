"""``posylka assembly``: assemble a posting on Ozon from the command line, look at an assembly,
finish the ones a stopped process left on their way, and try a failed one again.

The command line does the steps itself, in the foreground, waiting between them (Ozon's
asynchronous answer, the label ready about a minute after assembly); the web desk's job queue
does the same in the background.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.table import Table

from posylka import bootstrap
from posylka.bootstrap import Container
from posylka.domain.assembly import Assembly, AssemblyState, InvalidPackages
from posylka.domain.ids import PostingNumber, Sku, StoreId
from posylka.domain.shipping import Package, PackageLine
from posylka.entrypoints.commands._runtime import StoreOption, console, container, fail, one_store
from posylka.services import assembly as assembly_service
from posylka.services.assembly_steps import AssemblySteps, StepOptions, drive

assembly_app = typer.Typer(
    help="Assemble postings on Ozon: start, status, recover, retry.",
    no_args_is_help=True,
)

LabelOption = Annotated[
    bool,
    typer.Option(
        "--label/--no-label",
        help="Fetch the label once assembled and print it on the station's default printer.",
    ),
]
StationOption = Annotated[
    str,
    typer.Option(envvar="POSYLKA_STATION", help="This packing PC's name (its default printer)."),
]


class _Foreground:
    """The queue of the command line: nothing is queued, the command does the steps itself."""

    def enqueue_assembly(self, store_id: StoreId, posting_number: PostingNumber) -> None:
        return None


def _boxes(specs: list[str]) -> list[Package]:
    """``--box 1234567:2,7654321:1`` per box, into packages."""
    packages = []
    for number, spec in enumerate(specs, start=1):
        lines = []
        for part in spec.split(","):
            sku, _, quantity = part.strip().partition(":")
            if not sku.strip().isdigit() or not (quantity or "1").strip().isdigit():
                raise fail(f"Box {number}: {part.strip()!r} is not SKU:QUANTITY (e.g. 1234567:2).")
            lines.append(PackageLine(Sku(int(sku)), int(quantity or "1")))
        packages.append(Package(tuple(lines)))
    return packages


def _whole_posting(app: Container, store_id: StoreId, number: str) -> list[Package]:
    with app.reads() as tx:
        found = tx.documents.postings(store_id, [number])
    if not found:
        raise fail(
            f"Posting {number} is not here yet: run `posylka sync`, or give its boxes with --box."
        )
    return [Package(tuple(PackageLine(i.sku, i.quantity) for i in found[0].items))]


def _show(found: Assembly) -> None:
    console.print(
        f"{found.posting_number}: {found.state.value} (attempts: {found.attempts})"
        + (f", postings {', '.join(found.result_postings)}" if found.result_postings else "")
    )
    note = found.note
    if note is not None:
        console.print(f"{note.sentence} {note.way_forward}")
    if found.message:
        console.print(f"Ozon: {found.message}")
    if found.label_print_job is not None:
        console.print(f"Label: print job #{found.label_print_job}")
    if found.label_error:
        console.print(f"Label: {found.label_error}")


def _finish(steps: AssemblySteps, store_id: StoreId, number: str, with_label: bool) -> None:
    done = asyncio.run(drive(steps, store_id, number, with_label=with_label))
    if done is None:
        raise fail(f"Posting {number} has no assembly.")
    _show(done)
    if done.state is AssemblyState.FAILED:
        raise typer.Exit(1)


@assembly_app.command("start")
def start(
    posting: Annotated[str, typer.Argument(help="The posting number.")],
    box: Annotated[
        list[str] | None,
        typer.Option(
            help="One box as SKU:QUANTITY,...; repeat for more boxes (default: one box "
            "with the whole posting)."
        ),
    ] = None,
    store: StoreOption = None,
    label: LabelOption = True,
    station: StationOption = "",
) -> None:
    """Assemble a posting on Ozon and wait for the outcome (and the label)."""
    with container() as app:
        chosen = one_store(app, store)
        packages = _boxes(box) if box else _whole_posting(app, chosen.id, posting)
        try:
            assembly_service.start_assembly(
                uow_factory=app.uow,
                jobs=_Foreground(),
                store_id=chosen.id,
                posting_number=posting,
                packages=packages,
                user_id=None,
                clock=app.clock,
            )
        except InvalidPackages as exc:
            raise fail(str(exc)) from None
        _finish(bootstrap.assembly_steps(app, station=station), chosen.id, posting, label)


@assembly_app.command("status")
def status(
    posting: Annotated[str, typer.Argument(help="The posting number.")],
    store: StoreOption = None,
) -> None:
    """An assembly's state, what to do about it, and every step it took."""
    with container() as app:
        chosen = one_store(app, store)
        with app.reads() as tx:
            found = assembly_service.assembly_history(
                uow=tx, store_id=chosen.id, posting_number=posting
            )
    if found is None:
        raise fail(f"Posting {posting} has no assembly.")
    current, events = found
    _show(current)
    table = Table("at", "state", "attempt", "trouble", "message")
    for event in events:
        table.add_row(
            event.at.isoformat(timespec="seconds"),
            event.state.value,
            str(event.attempt),
            event.trouble.value if event.trouble else "",
            event.message,
        )
    console.print(table)


@assembly_app.command("recover")
def recover(
    older_than: Annotated[
        float,
        typer.Option(
            min=0,
            help="Take only assemblies unchanged this many seconds (0: every one; only when no "
            "desk or worker is running).",
        ),
    ] = 120.0,
    label: LabelOption = True,
    station: StationOption = "",
) -> None:
    """Finish every assembly left on its way: recorded, sent (read from Ozon first), accepted,
    or assembled without its label."""
    with container() as app:
        # An assembly left `sent` is read from Ozon only once its call cannot be in flight any
        # more: after the usual grace, or at once when nothing else can be running (0).
        grace = min(StepOptions().sent_grace_seconds, older_than)
        options = StepOptions(sent_grace_seconds=grace)
        steps = bootstrap.assembly_steps(app, station=station, options=options)
        found = steps.unfinished(older_than=older_than)
        if not found:
            console.print("No assembly is left unfinished.")
            return
        failed = 0
        for store_id, number in found:
            done = asyncio.run(drive(steps, store_id, number, with_label=label))
            if done is not None:
                _show(done)
                failed += done.state is AssemblyState.FAILED
    console.print(f"{len(found)} assembly(ies) taken further, {failed} failed.")
    if failed:
        raise typer.Exit(1)


@assembly_app.command("retry")
def retry(
    posting: Annotated[str, typer.Argument(help="The posting number.")],
    store: StoreOption = None,
    label: LabelOption = True,
    station: StationOption = "",
) -> None:
    """Try a failed assembly again, in the same boxes."""
    with container() as app:
        chosen = one_store(app, store)
        try:
            assembly_service.retry_assembly(
                uow_factory=app.uow,
                jobs=_Foreground(),
                store_id=chosen.id,
                posting_number=posting,
                user_id=None,
                clock=app.clock,
            )
        except assembly_service.UnknownAssembly:
            raise fail(f"Posting {posting} has no assembly.") from None
        except InvalidPackages as exc:
            raise fail(str(exc)) from None
        _finish(bootstrap.assembly_steps(app, station=station), chosen.id, posting, label)


def install(app: typer.Typer) -> None:
    app.add_typer(assembly_app, name="assembly")
