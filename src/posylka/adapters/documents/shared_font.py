"""The bundled font parsed once per process and handed to every PDF document.

fpdf2's ``add_font`` opens and parses the 5 MB WenQuanYi collection for each document. What it
derives (the character map, advance widths, glyph ids, the font's descriptor values and names)
never changes, so it is kept once per process; each document gets its own ``TTFFont`` around that
data with everything a document changes made anew: its subset map, missing-glyph list, width table,
font descriptor (the PDF writer numbers and fills it in) and its own fontTools font, which writing
the PDF cuts down to the glyphs used, in place. The first document takes the fontTools font the
parse left behind; later ones open the file's bytes kept in memory, lazily (tables are read when
the subsetter asks for them).

Documents may be drawn from several threads: the shared data is only read once published, and the
first parse happens under a lock.
"""

from __future__ import annotations

import copy
import threading
from io import BytesIO
from pathlib import Path

from fontTools import ttLib  # type: ignore[import-untyped]
from fpdf import FPDF
from fpdf.font_type_3 import get_color_font_object
from fpdf.fonts import SubsetMap, TTFFont


class SharedFont:
    """One TrueType font file, parsed on first use and added to documents without re-parsing."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._parsed: TTFFont | None = None
        self._data = b""
        self._spare: ttLib.TTFont | None = None

    def add_to(self, pdf: FPDF, family: str) -> None:
        """Make the font available to ``pdf`` as ``family`` (what ``pdf.add_font`` does)."""
        parsed, ttfont, data = self._claim()
        if ttfont is None:
            ttfont = ttLib.TTFont(
                BytesIO(data),
                recalcTimestamp=False,
                fontNumber=parsed.collection_font_number,
                lazy=True,
            )
        font = copy.copy(parsed)
        font.i = len(pdf.fonts) + 1
        font.fontkey = family.lower()
        font.ttfont = ttfont
        font._hbfont = None
        font.cw = copy.copy(parsed.cw)
        font.desc = copy.copy(parsed.desc)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font.subset = SubsetMap(font)
        font.color_font = (
            get_color_font_object(pdf, font, font.palette_index) if pdf.render_color_fonts else None
        )
        pdf.fonts[font.fontkey] = font

    def _claim(self) -> tuple[TTFFont, ttLib.TTFont | None, bytes]:
        """The parsed font, and on the first call the fontTools font its parse opened, else the
        file's bytes (read on the second call: a process that draws one document never keeps
        them)."""
        with self._lock:
            if self._parsed is None:
                scratch = FPDF()
                scratch.add_font("parsed", fname=str(self.path))
                parsed = scratch.fonts["parsed"]
                assert isinstance(parsed, TTFFont)
                self._spare = parsed.ttfont
                del parsed.ttfont  # each document holds its own
                self._parsed = parsed
            spare, self._spare = self._spare, None
            if spare is None and not self._data:
                self._data = self.path.read_bytes()
            return self._parsed, spare, self._data
