"""Drawing on a PDF page with fpdf2: text that always fits, Code128 and QR codes as vector rects.

Barcodes are drawn on the thermal printer's dot grid (203 dpi): every module is a whole number of
dots and starts on a dot boundary, so a 1-bit print has bars of exactly the width the symbology
needs. Text is cut to its box with an ellipsis instead of running off the page, and characters the
font has no glyph for (emoji) are replaced rather than dropped silently or failing the document.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import segno
from barcode.codex import Code128  # type: ignore[import-untyped]
from fpdf import FPDF

from posylka.adapters.documents import FONT_PATH
from posylka.adapters.documents.shared_font import SharedFont
from posylka.domain.documents import PaperSize

FONT = "wqy"
DOTS_PER_INCH = 203
DOT_MM = 25.4 / DOTS_PER_INCH
"""One dot of a 203 dpi thermal head, in millimetres (0.125 mm)."""
PT_MM = 25.4 / 72
ELLIPSIS = "…"
REPLACEMENT = "□"
"""Stands in for a character the font cannot draw (WenQuanYi has no emoji)."""
CODE128_QUIET_MODULES = 10
QR_QUIET_MODULES = 4
QR_MASK = 2
CLEANED_KEPT = 10_000
"""Texts whose cleaned form a document remembers (names and addresses repeat across slips)."""
BARCODES_KEPT = 64
"""Barcode values whose bars a document remembers: an after-sales card's link repeats on every
slip of a batch, posting numbers do not (each QR code kept takes about 15 kB)."""
_SHARED_FONT = SharedFont(FONT_PATH)


def new_document(size: PaperSize, title: str) -> FPDF:
    """An empty PDF for one paper size with the bundled font (parsed once per process); add
    pages with ``page``."""
    pdf = FPDF(unit="mm", format=(size.width_mm, size.height_mm))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_creator("posylka")
    pdf.set_title(title)
    _SHARED_FONT.add_to(pdf, FONT)
    pdf.set_font(FONT, size=10)
    return pdf


def snap(mm: float) -> float:
    """The nearest position on the 203 dpi dot grid."""
    return round(mm / DOT_MM) * DOT_MM


class Canvas:
    """One document being drawn: fpdf2 plus text fitting and barcodes."""

    def __init__(self, pdf: FPDF) -> None:
        self.pdf = pdf
        self._cmap: Any = None
        self._widths: Any = None
        self._cleaned: dict[str, str] = {}
        self._code128s: dict[str, _Code128Bars] = {}
        self._qrs: dict[str, _QrModules] = {}
        self._size = 10.0

    @property
    def width(self) -> float:
        return float(self.pdf.w)

    @property
    def height(self) -> float:
        return float(self.pdf.h)

    def page(self) -> None:
        self.pdf.add_page()

    def font(self, size_pt: float) -> None:
        self._size = size_pt
        self.pdf.set_font(FONT, size=size_pt)
        if self._cmap is None:
            font: Any = self.pdf.current_font
            self._cmap = font.cmap
            self._widths = font.cw

    def line_height(self, size_pt: float | None = None) -> float:
        """A comfortable line pitch for the size, in mm."""
        return (size_pt or self._size) * PT_MM * 1.25

    # --- text -----------------------------------------------------------------------------------

    def clean(self, text: str) -> str:
        """The text with control characters turned into spaces and unknown glyphs replaced."""
        if self._cmap is None:
            self.font(self._size)
        if text.isascii() and text.isprintable():
            return text
        known = self._cleaned.get(text)
        if known is not None:
            return known
        cmap = self._cmap
        out = []
        for ch in text:
            code = ord(ch)
            if ch in "\r\n\t" or code < 32:
                out.append(" ")
            elif 0xFE00 <= code <= 0xFE0F or code in (0x200D, 0x200B):
                continue  # variation selectors and joiners of emoji sequences draw nothing
            elif code in cmap:
                out.append(ch)
            else:
                out.append(REPLACEMENT)
        cleaned = "".join(out)
        if len(self._cleaned) < CLEANED_KEPT:
            self._cleaned[text] = cleaned
        return cleaned

    def text_width(self, text: str) -> float:
        """The width of cleaned text in mm, from the font's advance widths (what fpdf2's
        ``get_string_width`` adds up, without its per-call text analysis: no kerning or
        shaping is applied when drawing either)."""
        if self._widths is None:
            self.font(self._size)
        widths = self._widths
        assert widths is not None
        units: float = sum(widths[ord(ch)] for ch in text)
        return units * self._size / 1000 / float(self.pdf.k)

    def fit(self, text: str, width: float) -> str:
        """The text cut to ``width`` mm with an ellipsis when it is longer."""
        text = " ".join(self.clean(text).split())
        if self.text_width(text) <= width:
            return text
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.text_width(text[:mid].rstrip() + ELLIPSIS) <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo].rstrip() + ELLIPSIS

    def wrap(self, text: str, width: float, max_lines: int) -> list[str]:
        """Break text into at most ``max_lines`` lines of ``width`` mm; the last one ends with an
        ellipsis if text is left over. Words break at spaces; words (and CJK runs) longer than a
        line break anywhere."""
        words = " ".join(self.clean(text).split())
        lines: list[str] = []
        rest = words
        while rest and len(lines) < max_lines:
            if len(lines) == max_lines - 1:
                lines.append(self.fit(rest, width))
                break
            cut = self._fitting_prefix(rest, width)
            space = rest.rfind(" ", 0, cut + 1) if cut < len(rest) else cut
            if cut < len(rest) and space > 0:
                cut = space
            lines.append(rest[:cut].rstrip())
            rest = rest[cut:].lstrip()
        return lines or [""]

    def _fitting_prefix(self, text: str, width: float) -> int:
        lo, hi = 1, len(text)
        if self.text_width(text) <= width:
            return len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.text_width(text[:mid]) <= width:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def text(self, x: float, y: float, text: str, width: float, *, right: bool = False) -> None:
        """One line of text with its baseline at ``y``, cut to ``width`` mm."""
        fitted = self.fit(text, width)
        if right:
            x = x + width - self.text_width(fitted)
        self.pdf.text(x, y, fitted)

    def lines(
        self, x: float, y: float, text: str, width: float, max_lines: int, pitch: float
    ) -> float:
        """Wrapped text from baseline ``y``; returns the baseline after the last line."""
        for line in self.wrap(text, width, max_lines):
            self.pdf.text(x, y, line)
            y += pitch
        return y

    # --- shapes ---------------------------------------------------------------------------------

    def rule(self, x: float, y: float, width: float) -> None:
        self.pdf.set_line_width(0.2)
        self.pdf.line(x, y, x + width, y)

    def box(self, x: float, y: float, side: float) -> None:
        """An empty check box."""
        self.pdf.set_line_width(0.3)
        self.pdf.rect(x, y, side, side)

    # --- barcodes -------------------------------------------------------------------------------

    def code128(
        self, x: float, y: float, value: str, max_width: float, height: float
    ) -> Code128Box:
        """A Code128 of ``value`` with its quiet zones inside ``max_width`` mm from ``x``.

        The module is 3 dots (0.375 mm) when it fits, else 2 dots, else 1; the symbol is centred in
        the space it has. Returns where the bars went.
        """
        symbol = self._code128s.get(value)
        if symbol is None:
            modules = _code128_modules(value)
            symbol = _Code128Bars(len(modules), tuple(_runs(modules)))
            _remember(self._code128s, value, symbol)
        total = symbol.modules + 2 * CODE128_QUIET_MODULES
        dots = next((d for d in (3, 2) if total * d * DOT_MM <= max_width), 1)
        module = dots * DOT_MM
        bars_width = symbol.modules * module
        left = snap(x + (max_width - bars_width) / 2)
        self._fill_rects(
            (left + start * module, y, run * module, height) for start, run in symbol.bars
        )
        return Code128Box(left, y, bars_width, height, module)

    def qr(self, x: float, y: float, value: str, max_side: float) -> float:
        """A QR code (never Micro QR) of ``value`` in a square of ``max_side`` mm with its quiet
        zone; modules are whole dots. Returns the side actually drawn, quiet zone included."""
        symbol = self._qrs.get(value)
        if symbol is None:
            # A fixed mask: segno's search for the best of eight costs more than the rest of a
            # label, and any mask decodes the same (it only evens out dark and light areas).
            matrix = segno.make(value, micro=False, error="m", mask=QR_MASK).matrix
            symbol = _QrModules(
                len(matrix),
                tuple(
                    (row, start, run)
                    for row, bits in enumerate(matrix)
                    for start, run in _runs(bits)
                ),
            )
            _remember(self._qrs, value, symbol)
        total = symbol.count + 2 * QR_QUIET_MODULES
        dots = max(1, int(max_side / DOT_MM) // total)
        module = dots * DOT_MM
        left = snap(x) + QR_QUIET_MODULES * module
        top = snap(y) + QR_QUIET_MODULES * module
        self._fill_rects(
            (left + start * module, top + row * module, run * module, module)
            for row, start, run in symbol.dark
        )
        return total * module

    def _fill_rects(self, rects: Iterable[tuple[float, float, float, float]]) -> None:
        """Fill many rectangles (mm, from the top left) in black as one path: one PDF operator
        per bar instead of fpdf2's per-call bookkeeping (the same ``re``/``f`` operators its
        ``rect`` writes)."""
        pdf = self.pdf
        k, page_height = pdf.k, pdf.h
        path = " ".join(
            f"{x * k:.3f} {(page_height - y) * k:.3f} {w * k:.3f} {-h * k:.3f} re"
            for x, y, w, h in rects
        )
        if path:
            pdf.set_fill_color(0)
            # fpdf2 has no public call for a bare path; _out is what its own rect() writes with.
            pdf._out(f"{path} f")


@dataclass(frozen=True, slots=True)
class Code128Box:
    x: float
    y: float
    width: float
    height: float
    module: float


@dataclass(frozen=True, slots=True)
class _Code128Bars:
    """A Code128 symbol in modules: its width and each bar as (start, width)."""

    modules: int
    bars: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class _QrModules:
    """A QR symbol in modules: its side and each run of dark modules as (row, start, length)."""

    count: int
    dark: tuple[tuple[int, int, int], ...]


def _remember(kept: dict[str, Any], value: str, symbol: Any) -> None:
    if len(kept) < BARCODES_KEPT:
        kept[value] = symbol


_START_C = 105
_DIGITS_99 = 99


class _Code128(Code128):  # type: ignore[misc]
    """python-barcode's Code128 (0.16) folds "start code + code-set switch" into one start code,
    but after Start C the value 99 is the digits "99", not a switch: a posting number beginning
    with 99 would lose them. Leave that one case alone."""

    def _try_to_optimize(self, encoded: list[int]) -> list[int]:
        if encoded[0] == _START_C and encoded[1:2] == [_DIGITS_99]:
            return encoded
        optimized: list[int] = super()._try_to_optimize(encoded)
        return optimized


def _code128_modules(value: str) -> list[int]:
    pattern: str = _Code128(value).build()[0]
    return [1 if ch == "1" else 0 for ch in pattern]


def _runs(bits: Any) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of dark modules in a row."""
    start = -1
    for i, bit in enumerate(bits):
        if bit and start < 0:
            start = i
        elif not bit and start >= 0:
            yield start, i - start
            start = -1
    if start >= 0:
        yield start, len(bits) - start
