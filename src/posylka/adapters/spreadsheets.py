"""Spreadsheet files: CSV and XLSX read as rows of cells and written from rows of cells.

XLSX is read with openpyxl's read-only mode, which streams the sheet instead of building it in
memory, and written in write-only mode for the same reason. CSV is read as UTF-8 (with or without
the byte-order mark Excel writes) or, failing that, as Windows-1251, the encoding Russian
spreadsheets often carry; its delimiter (comma, semicolon or tab) is taken from the header line.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from posylka.domain.catalogue_sheet import Problem, RowProblem, SheetRejected, UnknownFormat


class SpreadsheetFiles:
    """Reads and writes CSV and XLSX (the ``Spreadsheets`` port)."""

    def read(self, data: IO[bytes], fmt: str) -> Iterator[Sequence[Any]]:
        if fmt == "xlsx":
            return _read_xlsx(data)
        if fmt == "csv":
            return _read_csv(data.read())
        raise UnknownFormat(fmt)

    def write(self, rows: Iterable[Sequence[Any]], fmt: str, sink: IO[bytes]) -> None:
        if fmt == "xlsx":
            _write_xlsx(rows, sink)
        elif fmt == "csv":
            _write_csv(rows, sink)
        else:
            raise UnknownFormat(fmt)


def _unreadable(reason: str) -> SheetRejected:
    return SheetRejected([RowProblem(1, "", Problem.UNREADABLE_FILE, {"reason": reason})])


def _read_xlsx(data: IO[bytes]) -> Iterator[Sequence[Any]]:
    try:
        book = load_workbook(data, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        raise _unreadable(f"not an XLSX workbook ({exc.__class__.__name__})") from None

    def rows() -> Iterator[Sequence[Any]]:
        try:
            sheet = book.worksheets[0]
            yield from sheet.iter_rows(values_only=True)
        finally:
            book.close()

    return rows()


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1251")


def _read_csv(raw: bytes) -> Iterator[Sequence[Any]]:
    if b"\x00" in raw[:4096]:
        raise _unreadable("binary data, not CSV text")
    text = _decode(raw)
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    return iter(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def _write_csv(rows: Iterable[Sequence[Any]], sink: IO[bytes]) -> None:
    text = io.TextIOWrapper(sink, encoding="utf-8-sig", newline="", write_through=True)
    try:
        writer = csv.writer(text)
        for row in rows:
            writer.writerow([_cell(v) for v in row])
        text.flush()
    finally:
        text.detach()


def _write_xlsx(rows: Iterable[Sequence[Any]], sink: IO[bytes]) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("catalogue")
    for row in rows:
        sheet.append([None if v == "" else v for v in row])
    book.save(sink)
