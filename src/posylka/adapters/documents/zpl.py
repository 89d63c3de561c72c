"""Native ZPL for Zebra-compatible thermal printers: text, Code128, QR codes and rules.

A :class:`ZplLabel` is laid out in millimetres and written in the printer's dots at 203 or 300
dpi. Text is sent as UTF-8 (``^CI28``) in the printer's scalable font 0, which covers Latin and
Cyrillic. A line in another script (a Chinese product name or Chinese staff wording) is drawn
with the bundled WenQuanYi font into a ``^GF`` graphic of the same height in its place, so the
rest of the label (barcodes above all) stays native and sharp.

Text is wrapped and cut here rather than left to the printer: a ``^FB`` block that receives more
lines than it holds prints the rest on top of its last line. The width of a character is
estimated on the wide side, so a line cut here always fits the block.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import segno
from PIL import Image, ImageDraw, ImageFont

from posylka.adapters.documents import FONT_PATH
from posylka.adapters.documents.zpl_graphic import graphic_field
from posylka.domain.documents import PaperSize
from posylka.domain.printing import dots

CHAR_WIDTH = 0.62
"""Width of an average character of font 0 as a share of its height (wide side)."""

LINE_GAP = 1.25
"""Line pitch as a multiple of the character height."""

ELLIPSIS = "..."

_NATIVE = re.compile(r"[\u0020-\u007e\u00a0-\u024f\u0400-\u04ff\u2010-\u2027\u2116\u20bd\n]*")
"""Latin (with Latin-1 and Extended-A/B), Cyrillic, dashes, quotes, №, ₽."""


def is_native(*texts: str) -> bool:
    """Whether every text prints in the printer's own font (Latin and Cyrillic)."""
    return all(_NATIVE.fullmatch(text) for text in texts)


def escape(text: str) -> tuple[str, bool]:
    """Field data with ``^``, ``~`` and ``_`` written as ``^FH`` hex escapes; the flag says
    whether any were needed (and ``^FH`` must precede the field)."""
    if not any(c in text for c in "^~_"):
        return text, False
    return text.replace("_", "_5F").replace("^", "_5E").replace("~", "_7E"), True


def wrap(text: str, max_chars: int, max_lines: int) -> list[str]:
    """Word-wrap ``text`` into at most ``max_lines`` lines of ``max_chars``; text that does not
    fit ends the last line with an ellipsis. Words longer than a line are cut."""
    max_chars = max(1, max_chars)
    words = text.split()
    lines: list[str] = []
    current = ""
    for word in words:
        while len(word) > max_chars:
            if current:
                lines.append(current)
                current = ""
            lines.append(word[:max_chars])
            word = word[max_chars:]
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= max_chars:
            current = candidate
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    room = max_chars - len(ELLIPSIS)
    kept[-1] = (last[:room].rstrip() if len(last) > room else last) + ELLIPSIS
    return kept


@lru_cache(maxsize=32)
def _font(height: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONT_PATH), size=height, index=0)


@lru_cache(maxsize=8192)
def _advance(height: int, char: str) -> float:
    """One character's width in pixels (measuring a line char by char; no kerning in CJK)."""
    return float(_font(height).getlength(char))


_INK = [0 if level < 140 else 255 for level in range(256)]


def wrap_measured(text: str, height: int, width: int, max_lines: int) -> list[str]:
    """Like :func:`wrap`, measuring in the bundled font ``height`` pixels high (``width`` in
    pixels): lines break at a space when there is one, anywhere in text without spaces
    (Chinese)."""

    def length(line: str) -> float:
        return sum(_advance(height, c) for c in line)

    lines: list[str] = []
    current = ""
    used = 0.0
    for char in text:
        step = _advance(height, char)
        if used + step <= width:
            current += char
            used += step
            continue
        cut = current.rfind(" ")
        if cut > 0 and char != " ":
            lines.append(current[:cut])
            current = current[cut + 1 :] + char
        else:
            lines.append(current.rstrip())
            current = char.lstrip()
        used = length(current)
    if current.strip():
        lines.append(current.strip())
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and length(last + ELLIPSIS) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return kept


def text_image(line: str, height: int, width: int) -> Image.Image:
    """``line`` drawn black on white, ``height`` dots high, at most ``width`` wide (1-bit)."""
    drawn = min(width, max(1, math.ceil(sum(_advance(height, c) for c in line)) + 1))
    image = Image.new("L", (drawn, math.ceil(height * 1.2)), 255)
    ImageDraw.Draw(image).text((0, 0), line, font=_font(height), fill=0)
    return image.point(_INK).convert("1", dither=Image.Dither.NONE)


class ZplLabel:
    """One label, laid out in millimetres from its top left corner."""

    def __init__(self, width_mm: float, height_mm: float, dpi: int) -> None:
        self.width_mm = width_mm
        self.height_mm = height_mm
        self.dpi = dpi
        self._parts: list[str] = []

    @classmethod
    def of(cls, size: PaperSize, dpi: int) -> ZplLabel:
        return cls(size.width_mm, size.height_mm, dpi)

    def d(self, mm: float) -> int:
        return dots(mm, self.dpi)

    def text(
        self,
        x: float,
        y: float,
        width: float,
        value: str,
        *,
        size: float = 3.0,
        lines: int = 1,
        align: str = "L",
    ) -> float:
        """A block of up to ``lines`` lines of ``size`` mm high characters; returns its height
        in mm (what the next element moves down by)."""
        height = self.d(size)
        text = " ".join(value.split())
        pitch = self.d(size * LINE_GAP)
        if not is_native(text):
            drawn = wrap_measured(text, height, self.d(width), lines)
            for index, line in enumerate(drawn):
                field = graphic_field(text_image(line, height, self.d(width)))
                self._parts.append(f"^FO{self.d(x)},{self.d(y) + index * pitch}{field}^FS")
            return len(drawn) * size * LINE_GAP
        max_chars = math.floor(self.d(width) / (height * CHAR_WIDTH))
        wrapped = wrap(text, max_chars, lines)
        if not wrapped:
            return 0.0
        for index, line in enumerate(wrapped):
            data, hex_escaped = escape(line)
            self._parts.append(
                f"^FO{self.d(x)},{self.d(y) + index * pitch}^A0N,{height},{height}"
                f"^FB{self.d(width)},1,0,{align},0{'^FH' if hex_escaped else ''}^FD{data}^FS"
            )
        return len(wrapped) * size * LINE_GAP

    def code128(
        self, x: float, y: float, value: str, *, height: float = 12.0, max_width: float = 0.0
    ) -> float:
        """A Code128 barcode with its text under it, module width chosen so it fits
        ``max_width`` mm (the label's width from ``x`` when 0); returns the height used."""
        if any(c in value for c in "^~") or not value.isprintable() or not value.isascii():
            raise ValueError(f"{value!r} cannot be a Code128 barcode")
        room = self.d(max_width or (self.width_mm - x - 2))
        modules = 11 * (len(value) + 3) + 2 + 20  # start, check, stop, quiet zones
        module = max(1, min(4, room // modules))
        bar = self.d(height)
        self._parts.append(
            f"^FO{self.d(x)},{self.d(y)}^BY{module},3,{bar}^BCN,{bar},Y,N,N^FD{value}^FS"
        )
        return height + 4.0

    def qr(self, x: float, y: float, value: str, *, size: float = 25.0) -> float:
        """A QR code (error correction M) at most ``size`` mm wide; returns its height."""
        symbol = segno.make(value, error="m", micro=False)
        modules = symbol.symbol_size(border=0)[0]
        magnification = max(1, min(10, self.d(size) // (modules + 2)))
        data, hex_escaped = escape(value)
        self._parts.append(
            f"^FO{self.d(x)},{self.d(y)}^BQN,2,{magnification}"
            f"{'^FH' if hex_escaped else ''}^FDMA,{data}^FS"
        )
        return (modules + 6) * magnification * 25.4 / self.dpi

    def rule(self, x: float, y: float, width: float, thickness: float = 0.3) -> None:
        t = max(1, self.d(thickness))
        self._parts.append(f"^FO{self.d(x)},{self.d(y)}^GB{self.d(width)},{t},{t},B,0^FS")

    def graphic(self, x: float, y: float, field: str) -> None:
        """Place a ``^GF`` field (from :mod:`zpl_graphic`) at ``x``, ``y``."""
        self._parts.append(f"^FO{self.d(x)},{self.d(y)}{field}^FS")

    def zpl(self) -> str:
        head = f"^XA^CI28^PW{self.d(self.width_mm)}^LL{self.d(self.height_mm)}^LH0,0"
        return head + "\n" + "\n".join(self._parts) + "\n^XZ\n"
