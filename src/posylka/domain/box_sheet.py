"""The box catalogue as a spreadsheet (CSV or XLSX): its columns and how rows become boxes.

One row per box, headed by :data:`COLUMNS`; ``code`` identifies a box within its store, so a row
with a known code updates that box. ``warehouse_id`` empty means every warehouse; ``active`` is
yes/no (empty: yes). A file with any bad row is refused whole, with every bad row named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from posylka.domain.boxes import Box, BoxRejected, BoxSpec, parse_box

COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "kind",
    "length_mm",
    "width_mm",
    "height_mm",
    "max_weight_g",
    "own_weight_g",
    "cost",
    "warehouse_id",
    "active",
)
REQUIRED = ("code", "length_mm", "width_mm", "height_mm", "max_weight_g")
_YES = {"", "1", "yes", "y", "true", "x", "да", "д", "是", "+"}
_NO = {"0", "no", "n", "false", "нет", "н", "否", "-"}


@dataclass(frozen=True, slots=True)
class BoxRowProblem:
    """One reason a row (row 1: the header) was refused; ``field`` is the column."""

    row: int
    field: str
    reason: str
    params: tuple[tuple[str, int | str], ...] = ()

    def __str__(self) -> str:
        details = ", ".join(f"{k}={v}" for k, v in self.params)
        where = f"row {self.row}, column {self.field}" if self.field else f"row {self.row}"
        return f"{where}: {self.reason}" + (f" ({details})" if details else "")


class BoxSheetRejected(ValueError):
    """A file of boxes that was not imported, with every problem found."""

    def __init__(self, problems: Sequence[BoxRowProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = tuple(problems)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_boxes(rows: Iterable[Sequence[Any]]) -> list[BoxSpec]:
    """The boxes a file describes; raises ``BoxSheetRejected`` naming every bad row."""
    iterator = iter(rows)
    header = next(iterator, None)
    if header is None:
        raise BoxSheetRejected([BoxRowProblem(1, "", "empty_file")])
    names = [_cell(h).lower() for h in header]
    problems = [
        BoxRowProblem(1, name, "unknown_header") for name in names if name and name not in COLUMNS
    ]
    problems += [BoxRowProblem(1, name, "missing_header") for name in REQUIRED if name not in names]
    if problems:
        raise BoxSheetRejected(problems)
    specs: list[BoxSpec] = []
    seen: set[str] = set()
    for number, row in enumerate(iterator, start=2):
        cells = {name: _cell(value) for name, value in zip(names, row, strict=False) if name}
        if not any(cells.values()):
            continue
        active_text = cells.get("active", "").lower()
        if active_text not in _YES | _NO:
            problems.append(BoxRowProblem(number, "active", "not_yes_or_no"))
            continue
        try:
            spec = parse_box(
                code=cells.get("code", ""),
                name=cells.get("name", ""),
                kind=cells.get("kind", ""),
                length_mm=cells.get("length_mm", ""),
                width_mm=cells.get("width_mm", ""),
                height_mm=cells.get("height_mm", ""),
                max_weight_g=cells.get("max_weight_g", ""),
                own_weight_g=cells.get("own_weight_g", ""),
                cost=cells.get("cost", ""),
                warehouse_id=cells.get("warehouse_id", ""),
                active=active_text in _YES,
            )
        except BoxRejected as error:
            problems.append(
                BoxRowProblem(number, error.field, error.reason, tuple(error.params.items()))
            )
            continue
        if spec.code.lower() in seen:
            problems.append(BoxRowProblem(number, "code", "duplicate", (("code", spec.code),)))
            continue
        seen.add(spec.code.lower())
        specs.append(spec)
    if problems:
        raise BoxSheetRejected(problems)
    return specs


def box_rows(boxes: Iterable[Box]) -> Iterable[list[Any]]:
    """The header and one row per box, as an export writes them."""
    yield list(COLUMNS)
    for box in boxes:
        yield [
            box.code,
            box.name,
            box.kind.value,
            box.length_mm,
            box.width_mm,
            box.height_mm,
            box.max_weight_g,
            box.own_weight_g,
            str(box.cost),
            "" if box.warehouse_id is None else box.warehouse_id,
            "yes" if box.active else "no",
        ]
