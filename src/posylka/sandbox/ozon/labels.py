"""Package labels as the sandbox draws them, and Ozon's rules for giving them out.

Each label is a real PDF page of 75×120 mm, laid out like Ozon's FBS label: the posting number as
a Code128 barcode with its text, the posting's short number in large type, the warehouse, the
delivery method, the ship-by date and the item count. Names are transliterated (the built-in PDF
font has no Cyrillic) and given with their ids. What a page shows is worked out once per posting
and revision, so asking for the same labels again costs only the drawing.

Rules (Seller API, ``/v2/posting/fbs/package-label`` and its "Errors" section): labels only for
postings in ``awaiting_deliver``, and only once Ozon has had time to prepare them: Ozon asks to
wait 45–60 seconds after assembly, so a posting that entered ``awaiting_deliver`` less than
:data:`READY_AFTER_SECONDS` ago is "not ready".
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby

from barcode.codex import Code128  # type: ignore[import-untyped]
from fpdf import FPDF

from posylka.sandbox.ozon.seeding import SandboxPosting
from posylka.sandbox.ozon.state import SandboxState, UnknownPosting
from posylka.sandbox.ozon.translit import transliterate

READY_AFTER_SECONDS = 45
"""How long after entering ``awaiting_deliver`` a posting's label is ready."""
TASK_SECONDS = 2
"""How long (sandbox time) an asynchronous label task takes to complete."""

LABEL_WIDTH_MM = 75.0
LABEL_HEIGHT_MM = 120.0
MARGIN_MM = 4.0
BAR_HEIGHT_MM = 22.0
DOT_MM = 25.4 / 203
"""One dot of a 203 dpi thermal printer, the commonest label printer."""
MAX_MODULE_DOTS = 3
LINE_CHARS = 48
"""Characters per line of the 8 pt facts under the barcode (67 mm of Helvetica)."""

AWAITING_DELIVER = "awaiting_deliver"
START_C = 105
CODE_C_DIGITS_99 = 99


@dataclass(frozen=True, slots=True)
class LabelContent:
    """What one label shows, worked out once per posting revision."""

    posting_number: str
    short_number: str
    bars: tuple[tuple[int, int], ...]
    """Runs of dark modules of the Code128: (first module, width in modules)."""
    modules: int
    lines: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a posting gets no label now."""

    posting_number: str
    kind: str
    """``unknown``, ``status`` or ``not_ready``."""
    status: str = ""


class _Code128(Code128):  # type: ignore[misc]
    """python-barcode's Code128 without its one wrong shortcut: it folds "start + switch code"
    into one start code, but after Start C the value 99 is the digits "99", not a switch, so
    every number beginning with 99 lost them (python-barcode 0.16)."""

    def _try_to_optimize(self, encoded: list[int]) -> list[int]:
        if encoded[0] == START_C and encoded[1:2] == [CODE_C_DIGITS_99]:
            return encoded
        optimized: list[int] = super()._try_to_optimize(encoded)
        return optimized


def bar_runs(text: str) -> tuple[tuple[tuple[int, int], ...], int]:
    """The dark runs of ``text`` as Code128 (python-barcode picks the code sets)."""
    pattern = _Code128(text).build()[0]
    runs: list[tuple[int, int]] = []
    position = 0
    for bit, group in groupby(pattern):
        width = len(list(group))
        if bit == "1":
            runs.append((position, width))
        position += width
    return tuple(runs), len(pattern)


def _short_number(posting_number: str) -> str:
    """The part a packer reads at a glance: the last two groups (``0029-1``)."""
    parts = posting_number.split("-")
    return "-".join(parts[-2:]) if len(parts) >= 3 else posting_number


def _latin(text: str) -> str:
    """``text`` in the built-in font's characters: Russian transliterated, other scripts (the
    Chinese names of cross-border warehouses) left out."""
    kept = "".join(c for c in transliterate(text) if ord(c) < 256)
    return " ".join(kept.split())


def _when(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, UTC).strftime("%d.%m.%Y %H:%M UTC")


def _content(posting: SandboxPosting) -> LabelContent:
    bars, modules = bar_runs(posting.posting_number)
    method = posting.method
    items = sum(item.quantity for item in posting.items)
    facts = (
        f"Warehouse #{method.warehouse.id}: {_latin(method.warehouse.name)}",
        f"Delivery #{method.id}: {_latin(method.name)}",
        f"Ship by: {_when(posting.shipment_date)}",
        f"Order {posting.order_number}, items: {items}",
    )
    # Wrapped once here rather than measured by the PDF library on every drawing.
    lines = tuple(line for fact in facts for line in textwrap.wrap(fact, LINE_CHARS))
    return LabelContent(
        posting.posting_number, _short_number(posting.posting_number), bars, modules, lines
    )


class LabelContents:
    """What each posting's label shows, kept per posting until the posting changes."""

    def __init__(self) -> None:
        self._kept: dict[str, tuple[int, LabelContent]] = {}

    def of(self, posting: SandboxPosting) -> LabelContent:
        kept = self._kept.get(posting.posting_number)
        if kept is not None and kept[0] == posting.revision:
            return kept[1]
        made = _content(posting)
        self._kept[posting.posting_number] = (posting.revision, made)
        return made


def render(labels: list[LabelContent]) -> bytes:
    """One PDF, one 75×120 mm page per label, in the order given."""
    pdf = FPDF(unit="mm", format=(LABEL_WIDTH_MM, LABEL_HEIGHT_MM))
    pdf.set_auto_page_break(False)
    pdf.set_creator("posylka sandbox")
    width = LABEL_WIDTH_MM - 2 * MARGIN_MM
    for label in labels:
        pdf.add_page()
        pdf.set_font("helvetica", "B", 14)
        pdf.text(MARGIN_MM, 10, "OZON")
        pdf.set_font("helvetica", "", 8)
        pdf.text(LABEL_WIDTH_MM - MARGIN_MM - 12, 10, "FBS")
        pdf.set_line_width(0.4)
        pdf.line(MARGIN_MM, 13, LABEL_WIDTH_MM - MARGIN_MM, 13)
        pdf.set_font("helvetica", "B", 30)
        pdf.text(MARGIN_MM, 28, label.short_number)
        # Bars of whole printer dots, placed on the dot grid, so a 203 dpi printer (and a
        # raster of it) draws every module the same width.
        dots = max(1, min(MAX_MODULE_DOTS, int((width - 6) / (label.modules * DOT_MM))))
        module = dots * DOT_MM
        left = round((LABEL_WIDTH_MM - module * label.modules) / 2 / DOT_MM) * DOT_MM
        for start, run in label.bars:
            pdf.rect(left + start * module, 36, run * module, BAR_HEIGHT_MM, style="F")
        pdf.set_font("helvetica", "", 11)
        text_width = pdf.get_string_width(label.posting_number)
        pdf.text((LABEL_WIDTH_MM - text_width) / 2, 36 + BAR_HEIGHT_MM + 5, label.posting_number)
        pdf.set_font("helvetica", "", 8)
        y = 74.0
        for line in label.lines:
            pdf.text(MARGIN_MM, y, line)
            y += 4.0
    return bytes(pdf.output())


def refusals(state: SandboxState, numbers: list[str], now: int) -> list[Refusal]:
    """Every posting of ``numbers`` that gets no label at ``now``, and why."""
    found: list[Refusal] = []
    for number in numbers:
        try:
            posting = state.posting(number)
        except UnknownPosting:
            found.append(Refusal(number, "unknown"))
            continue
        event = posting.timeline.at(now)
        status = event.status if event else ""
        if status != AWAITING_DELIVER:
            found.append(Refusal(number, "status", status))
            continue
        since = posting.timeline.status_changed_at(now)
        if since is not None and now - since < READY_AFTER_SECONDS:
            found.append(Refusal(number, "not_ready", status))
    return found


def labels_for(state: SandboxState, numbers: list[str], contents: LabelContents) -> bytes:
    return render([contents.of(state.posting(number)) for number in numbers])


# --- asynchronous tasks --------------------------------------------------------------------------


@dataclass(slots=True)
class LabelTask:
    task_id: int
    numbers: tuple[str, ...]
    created_at: int
    file: bytes | None = None
    unprinted: tuple[Refusal, ...] = ()
    finished: bool = False


class LabelTasks:
    """The asynchronous label tasks of one sandbox, by id."""

    FIRST_ID = 5819327210248

    def __init__(self, contents: LabelContents) -> None:
        self._tasks: dict[int, LabelTask] = {}
        self._next = self.FIRST_ID
        self.contents = contents

    def create(self, numbers: list[str], now: int) -> LabelTask:
        task = LabelTask(self._next, tuple(numbers), now)
        self._next += 1
        self._tasks[task.task_id] = task
        return task

    def get(self, task_id: int) -> LabelTask | None:
        return self._tasks.get(task_id)

    def advance(self, state: SandboxState, task: LabelTask, now: int) -> LabelTask:
        """Finish the task once its time has come: labels for the postings that may have one
        at that moment, the others listed as unprinted."""
        if task.finished or now < task.created_at + TASK_SECONDS:
            return task
        refused = refusals(state, list(task.numbers), now)
        skipped = {r.posting_number for r in refused}
        printable = [number for number in task.numbers if number not in skipped]
        task.unprinted = tuple(refused)
        task.file = labels_for(state, printable, self.contents) if printable else None
        task.finished = True
        return task
