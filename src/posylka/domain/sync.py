"""Values that describe pulling postings from a marketplace: what to ask for, what came back, and
what could not be read. The marketplace adapter produces them; the sync use case consumes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from posylka.domain.ids import PostingNumber
from posylka.domain.postings import Posting


@dataclass(frozen=True, slots=True)
class PostingQuery:
    """One cursor chain over ``/v4/posting/fbs/list``.

    ``since``/``to`` bound the processing date (Ozon requires both, a span of at most a year);
    ``changed_from``/``changed_to`` narrow to postings whose status changed in that window.
    """

    since: datetime
    to: datetime
    changed_from: datetime | None = None
    changed_to: datetime | None = None
    descending: bool = False
    limit: int = 100


@dataclass(frozen=True, slots=True)
class ItemError:
    """A posting (or a whole page) that could not be read, and why."""

    where: str
    message: str
    posting_number: PostingNumber | None = None
    kind: str = "malformed"


@dataclass(frozen=True, slots=True)
class PostingPage:
    """One page of postings, with the postings that failed to parse set aside in ``errors``."""

    postings: tuple[Posting, ...]
    cursor: str
    has_next: bool
    errors: tuple[ItemError, ...] = ()
    count: int | None = None


@dataclass(slots=True)
class SyncSummary:
    """What one sync of one store did, for the CLI's summary and the UI's status line."""

    store_name: str
    api_calls: int = 0
    postings_seen: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    status_changes: int = 0
    errors: list[ItemError] = field(default_factory=list)
    first_sync: bool = False
    fatal: str = ""

    @property
    def ok(self) -> bool:
        return not self.fatal and not self.errors
