"""Stock entries: what a person records (a receipt, a return, an adjustment, a count), from a
form or a spreadsheet, and why an entry can be refused.

A stock spreadsheet (CSV or XLSX) has a header row and one entry per row:

- ``product`` (or ``offer_id``, ``sku``, ``barcode``), required: offer id, SKU or barcode;
- ``warehouse_id`` (or ``warehouse``), required: Ozon's warehouse id;
- ``quantity``, required: received or returned (> 0), adjusted by (either sign) or counted (>= 0);
- ``kind``: ``receipt``, ``return``, ``adjustment`` or ``count``; the import's choice if absent;
- ``reason``: why; required for adjustments.

Every problem names its row (the header is row 1), its column and a code with parameters, so a
page can say it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from posylka.domain.stock import StockError


class EntryKind(StrEnum):
    RECEIPT = "receipt"
    """Goods in: quantity > 0."""
    RETURN = "return"
    """Goods back on the shelf: quantity > 0."""
    ADJUSTMENT = "adjustment"
    """A correction by ``quantity`` (either sign, not zero), with a reason."""
    COUNT = "count"
    """The counted quantity on the shelf (>= 0): the difference is recorded as an adjustment."""


MAX_QUANTITY = 1_000_000
REASON_MAX = 300


@dataclass(frozen=True, slots=True)
class StockEntry:
    """One line of a form or a spreadsheet; ``row`` is its spreadsheet row (0 for a form)."""

    product: str
    """Offer id, SKU or barcode."""
    warehouse_id: int
    quantity: int
    kind: EntryKind
    reason: str = ""
    row: int = 0


class StockProblem(StrEnum):
    """Why an entry or a file was refused; pages and the command line put each into words."""

    NO_ENTRIES = "no_entries"
    UNREADABLE_FILE = "unreadable_file"
    MISSING_COLUMN = "missing_column"
    UNKNOWN_COLUMN = "unknown_column"
    REQUIRED = "required"
    NOT_A_WHOLE_NUMBER = "not_a_whole_number"
    UNKNOWN_KIND = "unknown_kind"
    UNKNOWN_PRODUCT = "unknown_product"
    UNKNOWN_WAREHOUSE = "unknown_warehouse"
    TOO_LARGE = "too_large"
    NOT_POSITIVE = "not_positive"
    NEGATIVE_COUNT = "negative_count"
    ZERO_ADJUSTMENT = "zero_adjustment"
    NEEDS_REASON = "needs_reason"
    REASON_TOO_LONG = "reason_too_long"
    BELOW_ZERO = "below_zero"


@dataclass(frozen=True, slots=True)
class EntryProblem:
    row: int
    """Spreadsheet row (the header is 1); 0 for a form or the whole file."""
    column: str
    problem: StockProblem
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        details = ", ".join(f"{k}={v}" for k, v in self.params.items())
        where = [f"row {self.row}"] if self.row else []
        where += [f"column {self.column}"] if self.column else []
        prefix = ", ".join(where)
        text = self.problem.value + (f" ({details})" if details else "")
        return f"{prefix}: {text}" if prefix else text


class StockEntriesRejected(StockError):
    """Some entries cannot be recorded; nothing was."""

    def __init__(self, problems: Sequence[EntryProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = tuple(problems)


def check_entry(
    entry: StockEntry, *, known_product: bool, known_warehouse: bool
) -> list[EntryProblem]:
    """Every rule an entry breaks on its own (the stock it meets is checked when applied)."""
    row, problems = entry.row, []
    if not entry.product.strip():
        problems.append(EntryProblem(row, "product", StockProblem.REQUIRED))
    elif not known_product:
        problems.append(
            EntryProblem(row, "product", StockProblem.UNKNOWN_PRODUCT, {"value": entry.product})
        )
    if not known_warehouse:
        problems.append(
            EntryProblem(
                row, "warehouse_id", StockProblem.UNKNOWN_WAREHOUSE, {"value": entry.warehouse_id}
            )
        )
    q = entry.quantity
    if abs(q) > MAX_QUANTITY:
        problems.append(
            EntryProblem(row, "quantity", StockProblem.TOO_LARGE, {"max": MAX_QUANTITY})
        )
    elif entry.kind in (EntryKind.RECEIPT, EntryKind.RETURN) and q <= 0:
        problems.append(EntryProblem(row, "quantity", StockProblem.NOT_POSITIVE, {"value": q}))
    elif entry.kind is EntryKind.COUNT and q < 0:
        problems.append(EntryProblem(row, "quantity", StockProblem.NEGATIVE_COUNT, {"value": q}))
    elif entry.kind is EntryKind.ADJUSTMENT and q == 0:
        problems.append(EntryProblem(row, "quantity", StockProblem.ZERO_ADJUSTMENT))
    if entry.kind is EntryKind.ADJUSTMENT and not entry.reason.strip():
        problems.append(EntryProblem(row, "reason", StockProblem.NEEDS_REASON))
    if len(entry.reason) > REASON_MAX:
        problems.append(
            EntryProblem(row, "reason", StockProblem.REASON_TOO_LONG, {"max": REASON_MAX})
        )
    return problems


# --- the spreadsheet ------------------------------------------------------------------------------

_ALIASES = {
    "product": "product",
    "offer_id": "product",
    "sku": "product",
    "barcode": "product",
    "warehouse_id": "warehouse_id",
    "warehouse": "warehouse_id",
    "quantity": "quantity",
    "qty": "quantity",
    "kind": "kind",
    "reason": "reason",
}
_REQUIRED_COLUMNS = ("product", "warehouse_id", "quantity")


def read_stock_sheet(
    rows: Iterable[Sequence[Any]], *, kind: EntryKind
) -> tuple[list[StockEntry], list[EntryProblem]]:
    """Entries from a sheet's rows (the first is the header) and every problem found; an entry
    without a ``kind`` column takes ``kind``."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        return [], [EntryProblem(1, "", StockProblem.NO_ENTRIES)]
    positions: dict[str, int] = {}
    problems: list[EntryProblem] = []
    for index, cell in enumerate(header):
        name = _text(cell).lower()
        if not name:
            continue
        column = _ALIASES.get(name)
        if column is None:
            problems.append(EntryProblem(1, name, StockProblem.UNKNOWN_COLUMN))
        elif column not in positions:
            positions[column] = index
    for column in _REQUIRED_COLUMNS:
        if column not in positions:
            problems.append(EntryProblem(1, column, StockProblem.MISSING_COLUMN))
    if problems:
        return [], problems
    entries: list[StockEntry] = []
    for number, cells in enumerate(iterator, start=2):
        values = {c: _text(cells[i]) if i < len(cells) else "" for c, i in positions.items()}
        if not any(values.values()):
            continue
        row_problems: list[EntryProblem] = []
        warehouse = _whole(values["warehouse_id"], number, "warehouse_id", row_problems)
        quantity = _whole(values["quantity"], number, "quantity", row_problems)
        entry_kind = kind
        if values.get("kind"):
            try:
                entry_kind = EntryKind(values["kind"].lower())
            except ValueError:
                row_problems.append(
                    EntryProblem(
                        number, "kind", StockProblem.UNKNOWN_KIND, {"value": values["kind"]}
                    )
                )
        if not values["product"]:
            row_problems.append(EntryProblem(number, "product", StockProblem.REQUIRED))
        problems.extend(row_problems)
        if not row_problems and warehouse is not None and quantity is not None:
            entries.append(
                StockEntry(
                    product=values["product"],
                    warehouse_id=warehouse,
                    quantity=quantity,
                    kind=entry_kind,
                    reason=values.get("reason", ""),
                    row=number,
                )
            )
    if not entries and not problems:
        problems.append(EntryProblem(0, "", StockProblem.NO_ENTRIES))
    return entries, problems


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _whole(text: str, row: int, column: str, problems: list[EntryProblem]) -> int | None:
    if not text:
        problems.append(EntryProblem(row, column, StockProblem.REQUIRED))
        return None
    try:
        number = Decimal(text.replace(" ", "").replace(",", "."))
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value():
        problems.append(EntryProblem(row, column, StockProblem.NOT_A_WHOLE_NUMBER, {"value": text}))
        return None
    return int(number)
