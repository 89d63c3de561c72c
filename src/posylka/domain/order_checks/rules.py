"""The checks themselves, one small function each, and ``RULES``, the list every posting goes
through. Each rule returns the reasons it finds; an empty result means the rule is satisfied."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from datetime import datetime

import phonenumbers

from posylka.domain.order_checks.model import CheckContext, Reason, ReasonCode, Rule
from posylka.domain.postings import Buyer, Posting, PostingStatus, Scheme


def unknown_products(posting: Posting, context: CheckContext) -> Iterator[Reason]:
    """Every item must be a product of the store's catalogue: by SKU first, then by offer_id."""
    for item in posting.items:
        if item.sku in context.known_skus or item.offer_id in context.known_offer_ids:
            continue
        yield Reason(
            ReasonCode.UNKNOWN_PRODUCT,
            str(item.sku),
            (("sku", str(item.sku)), ("offer_id", item.offer_id), ("name", item.name)),
        )


def quantities(posting: Posting, context: CheckContext) -> Iterator[Reason]:
    """A posting must list items, each with a positive quantity."""
    if not posting.items:
        yield Reason(ReasonCode.NO_ITEMS)
    for item in posting.items:
        if item.quantity <= 0:
            yield Reason(
                ReasonCode.BAD_QUANTITY,
                str(item.sku),
                (
                    ("sku", str(item.sku)),
                    ("offer_id", item.offer_id),
                    ("quantity", str(item.quantity)),
                ),
            )


OPTIONAL_REQUIREMENTS = frozenset({"change_country"})
"""Requirement kinds that allow, rather than demand, data (Ozon Seller API, posting object,
``requirements.products_requiring_change_country``: the country may be changed)."""


def requirements(posting: Posting, context: CheckContext) -> Iterator[Reason]:
    """Ozon's ``requirements`` block lists the SKUs that still need data before the posting can be
    assembled (marks, GTD, country, RNPT, jewellery UIN, IMEI, weight); one reason per kind."""
    for raw_kind, skus in sorted(posting.requirements.items()):
        kind = raw_kind.removeprefix("products_requiring_")
        if not skus or kind in OPTIONAL_REQUIREMENTS:
            continue
        yield Reason(ReasonCode.REQUIREMENT, kind, (("kind", kind), ("skus", ", ".join(skus))))


ADDRESS_PARTS = ("city", "region", "zip_code", "address_tail")


def address(posting: Posting, context: CheckContext) -> Iterator[Reason]:
    """An rFBS parcel goes to the buyer's address, which needs a city, a region, a postcode and a
    street. FBS postings carry no address (Ozon delivers), and an rFBS posting whose buyer Ozon
    has not shown yet is not judged."""
    if posting.scheme is not Scheme.RFBS or posting.buyer is None:
        return
    place = posting.buyer.address
    missing = [
        part for part in ADDRESS_PARTS if place is None or not str(getattr(place, part)).strip()
    ]
    if missing:
        yield Reason(ReasonCode.ADDRESS_INCOMPLETE, "", (("missing", ",".join(missing)),))


_MASK = re.compile(r"[*xX•]")
_EXTENSION = re.compile(r"(,|\bдоб\.?|\bext\.?|\bdob\.?|#).*$", re.IGNORECASE)


def phone(posting: Posting, context: CheckContext) -> Iterator[Reason]:
    """An rFBS buyer's phone must be a valid number (read in ``context.phone_region`` when it
    has no country code).

    Ozon shows the buyer's phone only as its own proxy number, only in some statuses, and as
    ``""`` in others (``/v3/posting/fbs/get`` always). An empty or masked number is Ozon hiding
    it, not a fault of the posting, so it is not a reason; the seller reaches the buyer through
    Ozon's chat instead. Only a number that is shown and cannot be a real one is flagged.
    """
    if posting.scheme is not Scheme.RFBS or posting.buyer is None:
        return
    shown = posting.buyer.phone.strip()
    if not shown or _MASK.search(shown):
        return
    if not is_valid_phone(shown, context.phone_region):
        yield Reason(ReasonCode.PHONE_INVALID, "", (("phone", shown),))


def is_valid_phone(number: str, region: str) -> bool:
    """Whether ``number`` (an extension after ``доб.``/``ext``/``,`` is ignored) is a valid
    phone number in ``region``'s numbering or with its own country code."""
    bare = _EXTENSION.sub("", number).strip()
    try:
        parsed = phonenumbers.parse(bare, region)
    except phonenumbers.NumberParseException:
        return False
    return bool(phonenumbers.is_valid_number(parsed))


def legal_buyer(posting: Posting, context: CheckContext) -> Iterator[Reason]:
    """A company buying needs its own paperwork (invoice, closing documents)."""
    buyer = posting.buyer
    if buyer is not None and buyer.is_legal:
        yield Reason(
            ReasonCode.LEGAL_BUYER, "", (("company", buyer.company_name), ("inn", buyer.inn))
        )


_NOT_DUPLICATED_BY = frozenset(
    {PostingStatus.CANCELLED, PostingStatus.CANCELLED_FROM_SPLIT_PENDING}
)


def duplicates(posting: Posting, context: CheckContext) -> Iterator[Reason]:
    """The same buyer ordering the same items twice within minutes is most often a double
    click: the later posting is flagged, naming the earlier one.

    Postings of one order are parts of it, not duplicates, and a cancelled posting duplicates
    nothing. FBS postings carry no buyer (Ozon hides them), so they are never judged.
    """
    when = posting.in_process_at
    if when is None or posting.buyer is None or not posting.items:
        return
    buyer = _buyer_identity(posting.buyer)
    if buyer is None:
        return
    items = _item_counts(posting)
    for other in context.nearby:
        other_when = other.in_process_at
        if (
            other.posting_number == posting.posting_number
            or other.store_id != posting.store_id
            or other.order_id == posting.order_id
            or other.status in _NOT_DUPLICATED_BY
            or other_when is None
            or other.buyer is None
            or not _is_earlier(other_when, other.posting_number, when, posting.posting_number)
            or when - other_when > context.duplicate_window
            or not _same_buyer(buyer, _buyer_identity(other.buyer))
            or _item_counts(other) != items
        ):
            continue
        minutes = int((when - other_when).total_seconds() // 60)
        yield Reason(
            ReasonCode.DUPLICATE,
            other.posting_number,
            (("posting_number", other.posting_number), ("minutes", str(minutes))),
        )


def _is_earlier(a_when: datetime, a_number: str, b_when: datetime, b_number: str) -> bool:
    return (a_when, a_number) < (b_when, b_number)


def _item_counts(posting: Posting) -> Counter[int]:
    counts: Counter[int] = Counter()
    for item in posting.items:
        counts[int(item.sku)] += item.quantity
    return counts


_BuyerIdentity = tuple[str, str, str]


def _buyer_identity(buyer: Buyer) -> _BuyerIdentity | None:
    """(name, address, phone digits), normalised; ``None`` when there is no name to go by."""
    name = " ".join((buyer.name or buyer.addressee).casefold().split())
    if not name:
        return None
    place = " ".join(buyer.address.one_line().casefold().split()) if buyer.address else ""
    digits = "" if _MASK.search(buyer.phone) else re.sub(r"\D", "", buyer.phone)[-10:]
    return (name, place, digits)


def _same_buyer(a: _BuyerIdentity, b: _BuyerIdentity | None) -> bool:
    """The same name, and the same address or the same phone number."""
    if b is None or a[0] != b[0]:
        return False
    return bool(a[1] and a[1] == b[1]) or bool(a[2] and a[2] == b[2])


def ship_by_passed(posting: Posting, context: CheckContext) -> Iterator[Reason]:
    """The ship-by (Ozon's ``shipment_date``) is the deadline to assemble and hand over; after it
    Ozon may apply a late tariff or cancel."""
    if posting.ship_by is not None and posting.ship_by <= context.now:
        yield Reason(ReasonCode.SHIP_BY_PASSED, "", (("ship_by", posting.ship_by.isoformat()),))


RULES: tuple[Rule, ...] = (
    unknown_products,
    quantities,
    requirements,
    address,
    phone,
    legal_buyer,
    duplicates,
    ship_by_passed,
)
"""Every check, in the order its reasons are shown."""


def run_checks(
    posting: Posting, context: CheckContext, rules: Sequence[Rule] = RULES
) -> tuple[Reason, ...]:
    """Every reason the rules find in ``posting``, in rule order, each (code, subject) once."""
    found: dict[tuple[str, str], Reason] = {}
    for rule in rules:
        for reason in rule(posting, context):
            found.setdefault(reason.key, reason)
    return tuple(found.values())
