"""Ports of the assembly area: where assemblies are kept, how their steps are queued, and how an
assembled posting's label reaches the packer's printer."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from posylka.domain.assembly import Assembly, AssemblyEvent, AssemblyState
from posylka.domain.ids import PostingNumber, PrintJobId, StoreId, UserId
from posylka.domain.shipping import Package


class AssemblyRepository(Protocol):
    """Assemblies: recorded before Ozon is called, then followed to their end."""

    def get(self, store_id: StoreId, posting_number: str) -> Assembly | None: ...

    def add(
        self,
        store_id: StoreId,
        posting_number: PostingNumber,
        packages: Sequence[Package],
        *,
        user_id: UserId | None,
        now: datetime,
    ) -> Assembly | None:
        """Record a new assembly; ``None`` when the posting has one already (the caller reads
        that one instead)."""
        ...

    def update(self, assembly: Assembly, *, expected_version: int) -> bool:
        """Write ``assembly`` (its version bumped) if the stored one still has
        ``expected_version``, with a history event; ``False`` when another step got there
        first."""
        ...

    def touch(self, assembly_id: int, *, now: datetime) -> None:
        """Note that a step looked at the assembly and left it as it was (the recovery leaves
        alone what a step is following)."""
        ...

    def live(self, *, touched_before: datetime, limit: int = 500) -> list[Assembly]:
        """Assemblies a step should take further: recorded, sent or accepted, and assembled
        ones whose label step is not over, unchanged since ``touched_before``."""
        ...

    def history(self, assembly_id: int) -> list[AssemblyEvent]: ...

    def count_by_state(self, store_id: StoreId | None = None) -> dict[AssemblyState, int]: ...


class AssemblyQueue(Protocol):
    """Runs an assembly's next step in the background (the job queue)."""

    def enqueue_assembly(self, store_id: StoreId, posting_number: PostingNumber) -> None: ...


@dataclass(frozen=True, slots=True)
class LabelOutcome:
    """What came of printing an assembled posting's label."""

    print_job: PrintJobId | None = None
    error: str = ""
    not_ready: bool = False
    """Ozon has not prepared the label yet: ask again a little later."""


class LabelPrinter(Protocol):
    """Fetches the package labels of assembled postings and sends them to a printer."""

    async def print_assembly_labels(
        self,
        store_id: StoreId,
        posting_numbers: Sequence[PostingNumber],
        *,
        user_id: UserId | None,
        final: bool,
    ) -> LabelOutcome:
        """``final``: the last try; labels still not ready are given up with their reason."""
        ...
