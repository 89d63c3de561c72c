"""Ports of the package labels: the log of label batches and prints, and PDF page handling."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from posylka.domain.ids import StoreId, UserId
from posylka.domain.labels import LabelBatch, LabelPages, LabelPrint, LoggedBatch


class LabelRepository(Protocol):
    """The log of package labels: batches with their print file, and every print."""

    def add_batch(
        self,
        batch: LabelBatch,
        *,
        requested: int,
        at: datetime,
        actor: str,
        user_id: UserId | None,
    ) -> int | None:
        """Log a batch and a print per label in it; the batch's id (``None`` if nothing was
        asked for)."""
        ...

    def batch(self, batch_id: int) -> LoggedBatch | None: ...
    def batch_pdf(self, batch_id: int) -> bytes | None: ...
    def pages(self, print_ids: Sequence[int]) -> list[LabelPages]: ...
    def add_reprints(
        self, pages: Sequence[LabelPages], *, at: datetime, actor: str, user_id: UserId | None
    ) -> None: ...
    def prints(
        self, *, limit: int, store_id: StoreId | None = None, posting_number: str = ""
    ) -> list[LabelPrint]:
        """The latest prints, newest first."""
        ...


class PdfPages(Protocol):
    """Cutting PDFs into pages and joining them (labels come in several files, print in one)."""

    def count(self, pdf: bytes) -> int: ...
    def split(self, pdf: bytes) -> list[bytes]: ...
    def pick(self, pdf: bytes, first: int, count: int) -> bytes: ...
    def join(self, parts: Sequence[bytes]) -> bytes: ...
