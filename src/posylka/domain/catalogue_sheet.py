"""The catalogue as a spreadsheet: its columns, how a row becomes a product, and why one cannot.

One row per product, one column per attribute; only ``offer_id`` is required. A column left out
of the file keeps what posylka already holds for that attribute, so a seller may send just the
bins, or just the costs. Bins have a column per warehouse, headed ``bin:<Ozon warehouse id>``.
Barcodes share one cell, separated by ``;``; a barcode whose kind cannot be told from its
digits is written ``kind:value`` (``code128:BOX-7``).

Every problem is a :class:`RowProblem` with the spreadsheet's row number (the header is row 1),
the column and a code with parameters, so a page can say it in the reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from posylka.domain.catalogue import (
    BARCODE_MAX,
    BIN_MAX,
    NAME_MAX,
    OFFER_ID_MAX,
    Barcode,
    BarcodeKind,
    BatteryType,
    InvalidBarcode,
    PackagingFlags,
    Product,
    ProductDraft,
    guess_barcode_kind,
    validate_barcode,
)
from posylka.domain.ids import OfferId, Sku, StoreId, WarehouseId

BIN_PREFIX = "bin:"

COLUMNS: tuple[str, ...] = (
    "offer_id",
    "sku",
    "ozon_product_id",
    "name",
    "barcodes",
    "length_mm",
    "width_mm",
    "height_mm",
    "weight_g",
    "unit_cost",
    "fragile",
    "liquid",
    "liquid_ml",
    "glass",
    "battery",
    "battery_wh",
    "aerosol",
    "flammable",
    "keep_upright",
    "needs_mark",
    "low_stock_threshold",
    "safety_buffer",
)
"""The fixed columns in the order an export writes them; ``bin:<warehouse>`` columns follow."""

REQUIRED = ("offer_id",)
_COUNTS = ("length_mm", "width_mm", "height_mm", "weight_g", "liquid_ml", "low_stock_threshold")
_FLAGS = ("fragile", "liquid", "glass", "aerosol", "flammable", "keep_upright", "needs_mark")
_YES = {"1", "yes", "y", "true", "x", "да", "д", "是", "+"}
_NO = {"", "0", "no", "n", "false", "нет", "н", "否", "-"}
MAX_COUNT = 10_000_000
MAX_SKU = 2**63 - 1


class Problem(StrEnum):
    """Why a file or a row was refused; the page and the CLI put each into words."""

    MISSING_HEADER = "missing_header"
    UNKNOWN_HEADER = "unknown_header"
    DUPLICATE_HEADER = "duplicate_header"
    EMPTY_FILE = "empty_file"
    UNREADABLE_FILE = "unreadable_file"
    REQUIRED = "required"
    TOO_LONG = "too_long"
    NOT_A_NUMBER = "not_a_number"
    NOT_A_WHOLE_NUMBER = "not_a_whole_number"
    NEGATIVE = "negative"
    TOO_LARGE = "too_large"
    TOO_MANY_DECIMALS = "too_many_decimals"
    NOT_YES_OR_NO = "not_yes_or_no"
    UNKNOWN_BATTERY = "unknown_battery"
    INVALID_BARCODE = "invalid_barcode"
    DUPLICATE_OFFER_ID = "duplicate_offer_id"
    OFFER_ID_TAKEN = "offer_id_taken"
    DUPLICATE_SKU = "duplicate_sku"
    SKU_TAKEN = "sku_taken"
    UNKNOWN_WAREHOUSE = "unknown_warehouse"


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One reason a row (or, with ``row`` 1, the header) was not imported."""

    row: int
    column: str
    problem: Problem
    params: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        details = ", ".join(f"{k}={v}" for k, v in self.params.items())
        where = f"row {self.row}, column {self.column}" if self.column else f"row {self.row}"
        return f"{where}: {self.problem.value}" + (f" ({details})" if details else "")


FORMATS = ("csv", "xlsx")


class UnknownFormat(ValueError):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name!r}: a spreadsheet must be .csv or .xlsx")
        self.name = name


def sheet_format(name: str) -> str:
    """``csv`` or ``xlsx`` from a file name's suffix; ``UnknownFormat`` for anything else."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in FORMATS:
        raise UnknownFormat(name)
    return suffix


class SheetRejected(ValueError):
    """The header is wrong, so no row can be read: nothing is imported."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class Header:
    """Where each known column sits in the file, and the warehouse of each bin column."""

    positions: Mapping[str, int]
    bins: Mapping[WarehouseId, int]
    names: tuple[str, ...]

    def has(self, column: str) -> bool:
        return column in self.positions


def read_header(cells: Sequence[Any]) -> Header:
    """The header row, or ``SheetRejected`` naming every missing, unknown or repeated column."""
    names = tuple(_text(c).strip() for c in cells)
    # Trailing empty cells are common in spreadsheets: ignore them.
    while names and not names[-1]:
        names = names[:-1]
    problems: list[RowProblem] = []
    positions: dict[str, int] = {}
    bins: dict[WarehouseId, int] = {}
    for index, raw in enumerate(names):
        name = raw.lower()
        key: str | None = None
        if name in COLUMNS:
            key = name
        elif name.startswith(BIN_PREFIX) and name[len(BIN_PREFIX) :].strip().isdigit():
            warehouse = WarehouseId(int(name[len(BIN_PREFIX) :].strip()))
            if warehouse in bins:
                problems.append(RowProblem(1, raw, Problem.DUPLICATE_HEADER))
            bins[warehouse] = index
            continue
        if key is None:
            problems.append(RowProblem(1, raw or f"#{index + 1}", Problem.UNKNOWN_HEADER))
        elif key in positions:
            problems.append(RowProblem(1, raw, Problem.DUPLICATE_HEADER))
        else:
            positions[key] = index
    for required in REQUIRED:
        if required not in positions:
            problems.append(RowProblem(1, required, Problem.MISSING_HEADER))
    if problems:
        raise SheetRejected(problems)
    return Header(positions, bins, names)


@dataclass(slots=True)
class _Row:
    number: int
    cells: Sequence[Any]
    header: Header
    problems: list[RowProblem]

    def cell(self, column: str) -> Any:
        index = self.header.positions.get(column)
        if index is None:
            return None
        return self.cells[index] if index < len(self.cells) else None

    def fail(self, column: str, problem: Problem, **params: Any) -> None:
        self.problems.append(RowProblem(self.number, column, problem, params))


def is_blank(cells: Sequence[Any]) -> bool:
    return all(_text(c).strip() == "" for c in cells)


def parse_row(
    store_id: StoreId,
    header: Header,
    number: int,
    cells: Sequence[Any],
    existing: ProductDraft | None,
) -> tuple[ProductDraft | None, list[RowProblem]]:
    """The product a row describes (columns the file lacks keep ``existing``'s values), or the
    problems that keep it out. Checks needing the whole file (duplicates, warehouses) are the
    caller's."""
    row = _Row(number, cells, header, [])
    offer_id = _text(row.cell("offer_id")).strip()
    if not offer_id:
        row.fail("offer_id", Problem.REQUIRED)
    elif len(offer_id) > OFFER_ID_MAX:
        row.fail("offer_id", Problem.TOO_LONG, limit=OFFER_ID_MAX)
    base = existing or ProductDraft(store_id=store_id, offer_id=OfferId(offer_id))
    values: dict[str, Any] = {}
    if header.has("name"):
        name = _text(row.cell("name")).strip()
        if len(name) > NAME_MAX:
            row.fail("name", Problem.TOO_LONG, limit=NAME_MAX)
        values["name"] = name
    if header.has("sku"):
        sku = _count(row, "sku", limit=MAX_SKU)
        values["sku"] = Sku(sku) if sku else None
    if header.has("ozon_product_id"):
        product_id = _count(row, "ozon_product_id", limit=MAX_SKU)
        values["ozon_product_id"] = product_id or None
    if header.has("barcodes"):
        values["barcodes"] = _barcodes(row)
    size = {c: _count(row, c) for c in ("length_mm", "width_mm", "height_mm", "weight_g")}
    dimensions = replace(base.dimensions, **{k: v for k, v in size.items() if header.has(k)})
    if header.has("unit_cost"):
        values["unit_cost"] = _decimal(row, "unit_cost")
    if header.has("low_stock_threshold"):
        values["low_stock_threshold"] = _count(row, "low_stock_threshold")
    if header.has("safety_buffer"):
        values["safety_buffer"] = _count(row, "safety_buffer") or 0
    flags = _flags(row, base.flags)
    bins = dict(base.bins)
    for warehouse, index in header.bins.items():
        value = _text(cells[index] if index < len(cells) else None).strip()
        if len(value) > BIN_MAX:
            row.fail(header.names[index], Problem.TOO_LONG, limit=BIN_MAX)
        if value:
            bins[warehouse] = value
        else:
            bins.pop(warehouse, None)
    if row.problems:
        return None, row.problems
    draft = replace(
        base,
        offer_id=OfferId(offer_id),
        dimensions=dimensions,
        flags=flags,
        bins=bins,
        **values,
    )
    return draft, []


def product_row(product: Product | ProductDraft, warehouses: Sequence[WarehouseId]) -> list[Any]:
    """A product as an export row: ``COLUMNS`` then one bin per warehouse, as typed cells."""
    size, flags = product.dimensions, product.flags
    cells: list[Any] = [
        product.offer_id,
        product.sku,
        product.ozon_product_id,
        product.name,
        "; ".join(_barcode_text(b) for b in product.barcodes),
        size.length_mm,
        size.width_mm,
        size.height_mm,
        size.weight_g,
        product.unit_cost,
        *(_yes(getattr(flags, f)) for f in ("fragile", "liquid")),
        flags.liquid_ml,
        _yes(flags.glass),
        flags.battery.value,
        flags.battery_wh,
        *(_yes(getattr(flags, f)) for f in ("aerosol", "flammable", "keep_upright", "needs_mark")),
        product.low_stock_threshold,
        product.safety_buffer,
    ]
    cells.extend(product.bins.get(w, "") for w in warehouses)
    return cells


def header_row(warehouses: Sequence[WarehouseId]) -> list[str]:
    return [*COLUMNS, *(f"{BIN_PREFIX}{w}" for w in warehouses)]


# --- cells ---------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _number(row: _Row, column: str) -> Decimal | None:
    value = row.cell(column)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        row.fail(column, Problem.NOT_A_NUMBER, value=str(value))
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    text = _text(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        row.fail(column, Problem.NOT_A_NUMBER, value=_text(value).strip()[:40])
        return None
    if not number.is_finite():
        row.fail(column, Problem.NOT_A_NUMBER, value=_text(value).strip()[:40])
        return None
    return number


def _count(row: _Row, column: str, *, limit: int = MAX_COUNT) -> int | None:
    number = _number(row, column)
    if number is None:
        return None
    if number < 0:
        row.fail(column, Problem.NEGATIVE, value=str(number))
        return None
    if number != number.to_integral_value():
        row.fail(column, Problem.NOT_A_WHOLE_NUMBER, value=str(number))
        return None
    if number > limit:
        row.fail(column, Problem.TOO_LARGE, limit=limit)
        return None
    return int(number)


def _decimal(row: _Row, column: str) -> Decimal | None:
    number = _number(row, column)
    if number is None:
        return None
    if number < 0:
        row.fail(column, Problem.NEGATIVE, value=str(number))
        return None
    if number.as_tuple().exponent < -2:  # type: ignore[operator]
        row.fail(column, Problem.TOO_MANY_DECIMALS, places=2)
        return None
    if number >= Decimal(10) ** 6:
        row.fail(column, Problem.TOO_LARGE, limit=999999)
        return None
    return number.quantize(Decimal("0.01"))


def _flag(row: _Row, column: str) -> bool | None:
    value = row.cell(column)
    if isinstance(value, bool):
        return value
    text = _text(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    row.fail(column, Problem.NOT_YES_OR_NO, value=text[:40])
    return None


def _flags(row: _Row, base: PackagingFlags) -> PackagingFlags:
    header = row.header
    values: dict[str, Any] = {}
    for column in _FLAGS:
        if header.has(column):
            values[column] = bool(_flag(row, column))
    if header.has("liquid_ml"):
        values["liquid_ml"] = _count(row, "liquid_ml")
        if values["liquid_ml"]:
            values["liquid"] = True
    if header.has("battery"):
        text = _text(row.cell("battery")).strip().lower().replace("-", "_").replace(" ", "_")
        if text in ("no", "none", "нет", "无"):
            text = ""
        try:
            values["battery"] = BatteryType(text)
        except ValueError:
            row.fail(
                "battery",
                Problem.UNKNOWN_BATTERY,
                value=text[:40],
                allowed=", ".join(b.value for b in BatteryType if b.value),
            )
    if header.has("battery_wh"):
        values["battery_wh"] = _decimal(row, "battery_wh")
    return replace(base, **values)


def _barcodes(row: _Row) -> tuple[Barcode, ...]:
    found: dict[str, Barcode] = {}
    for part in _text(row.cell("barcodes")).replace(",", ";").split(";"):
        text = part.strip()
        if not text:
            continue
        kind_text, sep, value = text.partition(":")
        kind: BarcodeKind | None = None
        if sep:
            try:
                kind = BarcodeKind(kind_text.strip().lower())
            except ValueError:
                kind = None
        if kind is None:
            value, kind = text, guess_barcode_kind(text)
        try:
            clean = validate_barcode(value, kind)
        except InvalidBarcode as exc:
            row.fail(
                "barcodes",
                Problem.INVALID_BARCODE,
                value=text[:BARCODE_MAX],
                kind=kind.value,
                reason=exc.reason,
                **exc.params,
            )
            continue
        found.setdefault(clean, Barcode(clean, kind))
    return tuple(found.values())


def _barcode_text(barcode: Barcode) -> str:
    if guess_barcode_kind(barcode.value) is barcode.kind:
        return barcode.value
    return f"{barcode.kind.value}:{barcode.value}"


def _yes(value: bool) -> str:
    return "yes" if value else ""


_OWN_FIELDS = {
    "name": "name",
    "sku": "sku",
    "ozon_product_id": "ozon_product_id",
    "barcodes": "barcodes",
    "unit_cost": "unit_cost",
    "low_stock_threshold": "low_stock_threshold",
    "safety_buffer": "safety_buffer",
}
_SIZE_COLUMNS = ("length_mm", "width_mm", "height_mm", "weight_g")
_FLAG_COLUMNS = (*_FLAGS, "liquid_ml", "battery", "battery_wh")


def overlay(header: Header, parsed: ProductDraft, existing: ProductDraft | None) -> ProductDraft:
    """A row read without the product it updates (``parse_row`` with no ``existing``), laid over
    that product: the file's columns win, the others keep the product's values. The same as
    reading the row with ``existing`` given, so a file can be checked before the database is."""
    if existing is None:
        return parsed
    values = {f: getattr(parsed, f) for c, f in _OWN_FIELDS.items() if header.has(c)}
    size = {c: getattr(parsed.dimensions, c) for c in _SIZE_COLUMNS if header.has(c)}
    flags = replace(
        existing.flags,
        **{c: getattr(parsed.flags, c) for c in _FLAG_COLUMNS if header.has(c)},
    )
    if header.has("liquid_ml") and parsed.flags.liquid_ml:
        flags = replace(flags, liquid=True)
    bins = dict(existing.bins)
    for warehouse in header.bins:
        if warehouse in parsed.bins:
            bins[warehouse] = parsed.bins[warehouse]
        else:
            bins.pop(warehouse, None)
    return replace(
        existing,
        offer_id=parsed.offer_id,
        dimensions=replace(existing.dimensions, **size),
        flags=flags,
        bins=bins,
        **values,
    )
