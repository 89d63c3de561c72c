"""The values order checks work with: reasons, verdicts, acceptances and the rules' context."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from posylka.domain.ids import OfferId, PostingNumber, Sku
from posylka.domain.postings import Posting

DEFAULT_DUPLICATE_WINDOW = timedelta(minutes=30)
"""Two postings of one buyer with the same items this close together look like a double order."""


class ReasonCode(StrEnum):
    """Why a posting needs attention. Stored as is: never rename a value, add new ones."""

    UNKNOWN_PRODUCT = "unknown_product"
    """An item matches no product of the store's catalogue (neither by SKU nor by offer_id)."""
    BAD_QUANTITY = "bad_quantity"
    """An item's quantity is zero or negative."""
    NO_ITEMS = "no_items"
    """The posting lists no items at all."""
    REQUIREMENT = "requirement"
    """Ozon still wants data before assembly (marks, GTD, country, weight, IMEI, ...)."""
    ADDRESS_INCOMPLETE = "address_incomplete"
    """An rFBS delivery address lacks its city, region, postcode or street."""
    PHONE_INVALID = "phone_invalid"
    """An rFBS buyer's phone number cannot be a real number."""
    LEGAL_BUYER = "legal_buyer"
    """The buyer is a company: documents and payment differ."""
    DUPLICATE = "duplicate"
    """Another posting of the same buyer with the same items came in minutes before this one."""
    SHIP_BY_PASSED = "ship_by_passed"
    """The deadline to assemble and hand over has passed."""


class Verdict(StrEnum):
    READY = "ready"
    ATTENTION = "attention"


@dataclass(frozen=True, slots=True)
class Reason:
    """One finding of a rule.

    ``subject`` tells reasons of one code apart within a posting (the item's SKU, the requirement
    kind, the other posting's number); ``code`` and ``subject`` together name the reason across
    rechecks, so an acceptance keeps holding while the same finding comes back. ``params`` are
    what the page needs to say it in the reader's language; never text in one language.
    """

    code: ReasonCode
    subject: str = ""
    params: tuple[tuple[str, str], ...] = ()

    @property
    def key(self) -> tuple[str, str]:
        return (self.code.value, self.subject)

    def param(self, name: str) -> str:
        return dict(self.params).get(name, "")


@dataclass(frozen=True, slots=True)
class AcceptedReason:
    """A manager's decision that a reason is fine for this posting: who, when, and why."""

    code: str
    subject: str
    actor: str
    at: datetime
    note: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.code, self.subject)


@dataclass(frozen=True, slots=True)
class CheckContext:
    """What the rules may look at besides the posting itself."""

    now: datetime
    known_skus: frozenset[Sku] = frozenset()
    known_offer_ids: frozenset[OfferId] = frozenset()
    nearby: tuple[Posting, ...] = ()
    """Other postings of the same store processed around the same time (for duplicates)."""
    duplicate_window: timedelta = DEFAULT_DUPLICATE_WINDOW
    phone_region: str = "RU"
    """The region a phone number without a country code is read in."""


class Rule(Protocol):
    """A check: the reasons it finds in one posting (none when all is well)."""

    def __call__(self, posting: Posting, context: CheckContext) -> Iterable[Reason]: ...


def verdict_of(reasons: Iterable[Reason], accepted: Collection[tuple[str, str]]) -> Verdict:
    """Ready unless a reason remains that nobody accepted."""
    if any(reason.key not in accepted for reason in reasons):
        return Verdict.ATTENTION
    return Verdict.READY


@dataclass(frozen=True, slots=True)
class PostingCheck:
    """A posting's stored verdict: the reasons found at ``checked_at`` and those accepted."""

    posting_number: PostingNumber
    verdict: Verdict
    reasons: tuple[Reason, ...]
    accepted: tuple[AcceptedReason, ...]
    checked_at: datetime

    def acceptance(self, reason: Reason) -> AcceptedReason | None:
        return next((a for a in self.accepted if a.key == reason.key), None)

    @property
    def open_reasons(self) -> tuple[Reason, ...]:
        """The reasons nobody has accepted."""
        done = {a.key for a in self.accepted}
        return tuple(r for r in self.reasons if r.key not in done)
