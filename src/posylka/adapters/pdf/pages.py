"""Cutting PDFs into pages and joining pages into one PDF (the ``PdfPages`` port), with pypdf.

Labels come from Ozon in several files (one per call of up to 20 postings, one per task); the
seller prints one file in queue order, so the files are cut into pages and joined again.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError


class UnreadablePdf(ValueError):
    """A file that is not a PDF pypdf can read."""


class PypdfPages:
    """The ``PdfPages`` port on pypdf."""

    def count(self, pdf: bytes) -> int:
        return len(self._read(pdf).pages)

    def split(self, pdf: bytes) -> list[bytes]:
        """One single-page PDF per page, in order."""
        reader = self._read(pdf)
        parts = []
        for page in reader.pages:
            writer = PdfWriter()
            writer.add_page(page)
            parts.append(_written(writer))
        return parts

    def pick(self, pdf: bytes, first: int, count: int) -> bytes:
        """Pages ``first`` .. ``first + count - 1`` (from 0) as one PDF."""
        reader = self._read(pdf)
        if first < 0 or count < 1 or first + count > len(reader.pages):
            raise UnreadablePdf(
                f"pages {first + 1}-{first + count} asked of a {len(reader.pages)}-page PDF"
            )
        writer = PdfWriter()
        for page in reader.pages[first : first + count]:
            writer.add_page(page)
        return _written(writer)

    def join(self, parts: Sequence[bytes]) -> bytes:
        """Every page of ``parts``, in order, as one PDF."""
        writer = PdfWriter()
        for part in parts:
            writer.append(self._read(part))
        return _written(writer)

    def _read(self, pdf: bytes) -> PdfReader:
        try:
            return PdfReader(io.BytesIO(pdf))
        except (PyPdfError, ValueError, OSError) as exc:
            raise UnreadablePdf(f"not a readable PDF: {exc}") from exc


def _written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
