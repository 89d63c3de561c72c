"""Assembly as the sandbox carries it out: Ozon's rules for ``/v4/posting/fbs/ship``, the
asynchronous result, splitting into packages, and each drop-off point's limits.

Rules (Seller API, PostingAPI_ShipFbsPostingV4 and its "Errors"), checked in this order:

- an unknown posting is not found (404, code 5);
- a cancelled posting → ``POSTING_ALREADY_CANCELLED``; one already assembled (awaiting delivery or
  any later status) → ``POSTING_ALREADY_SHIPPED``; any status but ``awaiting_packaging``, or an
  assembly still being carried out → ``HAS_INCORRECT_STATUS``;
- a product the posting does not hold → ``UNKNOWN_PRODUCT_DEFINED``; units per SKU, summed over the
  packages, other than the posting's → ``HAS_INCORRECT_PRODUCT_QUANTITY``;
- marking codes not filled in → ``EXEMPLAR_INFO_NOT_FILLED_COMPLETELY``. The sandbox does not take
  marking codes, so this is a fault switched on per posting (``exemplars_missing``, set through
  ``POST /__sandbox/postings/{number}/assembly``), and only for postings with marked products.

A 200 does not assemble at once: for ``ship_seconds`` of sandbox time (``SandboxConfig``) the
posting stays ``awaiting_packaging`` with ``ship_async_in_process`` among its actions, then it is
``awaiting_deliver`` and its label can be had 45 s later (``labels``). An assembly told to fail
(``ship_failed``, the same control route) ends instead in ``awaiting_packaging`` with the substatus
``ship_failed`` and ``ship_async_retry``; a later ``ship`` may succeed.

Several packages split the posting: the first keeps the number and the first package's units, each
other package becomes a posting ``<order_number>-<n>`` with the next free ``n``, its
``parent_posting_number`` set, the same buyer and its own barcodes. An assembly that is to fail
keeps the posting whole.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, replace

from posylka.sandbox.ozon.errors import invalid, not_found
from posylka.sandbox.ozon.network import CDEK, CHINA_POST, RUSSIAN_POST, DeliveryMethod
from posylka.sandbox.ozon.seeding import Item, SandboxPosting
from posylka.sandbox.ozon.state import SandboxState, UnknownPosting
from posylka.sandbox.ozon.timeline import (
    ShipTicket,
    StatusEvent,
    Timeline,
    plan_after_assembly,
)

POSTING_NOT_FOUND = "POSTING_NOT_FOUND"
ALREADY_SHIPPED = "POSTING_ALREADY_SHIPPED"
ALREADY_CANCELLED = "POSTING_ALREADY_CANCELLED"
INCORRECT_STATUS = "HAS_INCORRECT_STATUS"
INCORRECT_QUANTITY = "HAS_INCORRECT_PRODUCT_QUANTITY"
UNKNOWN_PRODUCT = "UNKNOWN_PRODUCT_DEFINED"
EXEMPLARS_MISSING = "EXEMPLAR_INFO_NOT_FILLED_COMPLETELY"
SHIP_FAILED = "ship_failed"

CANCELLED = frozenset({"cancelled", "cancelled_from_split_pending"})
ASSEMBLED = frozenset(
    {
        "awaiting_registration", "awaiting_deliver", "acceptance_in_progress", "driver_pickup",
        "delivering", "not_accepted", "arbitration", "client_arbitration", "delivered",
        "sent_by_seller",
    }
)  # fmt: skip

Units = dict[int, int]
"""Quantity by SKU."""


def _units(items: tuple[Item, ...]) -> Units:
    held: Units = {}
    for item in items:
        held[item.product.sku] = held.get(item.product.sku, 0) + item.quantity
    return held


def _refusal(state: SandboxState, posting: SandboxPosting, now: int) -> str | None:
    event = posting.timeline.at(now)
    status = event.status if event else ""
    if status in CANCELLED:
        return ALREADY_CANCELLED
    if status in ASSEMBLED:
        return ALREADY_SHIPPED
    if status != "awaiting_packaging":
        return f"{INCORRECT_STATUS}: the posting is {status}, not awaiting_packaging"
    ticket = posting.assembly
    if ticket is not None and ticket.in_process(now):
        return f"{INCORRECT_STATUS}: its assembly is in process (ship_async_in_process)"
    return None


def check_packages(posting: SandboxPosting, packages: list[Units]) -> None:
    """Refuse packages that do not hold exactly the posting's units."""
    held = _units(posting.items)
    shipped: Units = {}
    for package in packages:
        for sku, quantity in package.items():
            if sku not in held:
                raise invalid(f"{UNKNOWN_PRODUCT}: product_id {sku} is not in the posting")
            if quantity <= 0:
                raise invalid(f"{INCORRECT_QUANTITY}: product_id {sku} has quantity {quantity}")
            shipped[sku] = shipped.get(sku, 0) + quantity
    for sku, quantity in held.items():
        if shipped.get(sku, 0) != quantity:
            raise invalid(
                f"{INCORRECT_QUANTITY}: product_id {sku}: the posting holds {quantity}, "
                f"the packages {shipped.get(sku, 0)}"
            )


def ship(state: SandboxState, posting_number: str, packages: list[Units]) -> list[str]:
    """Accept the assembly of a posting as ``packages`` (units by SKU), or refuse it as Ozon
    would; the numbers of the postings it makes, the original first."""
    try:
        posting = state.posting(posting_number)
    except UnknownPosting as exc:
        raise not_found(POSTING_NOT_FOUND) from exc
    if not packages or any(not package for package in packages):
        raise invalid("invalid request body: packages: every package needs products")
    now = state.now()
    refusal = _refusal(state, posting, now)
    if refusal:
        raise invalid(refusal)
    check_packages(posting, packages)
    if posting.exemplars_missing and any(item.product.needs_mark for item in posting.items):
        raise invalid(EXEMPLARS_MISSING)
    done = now + max(0, state.config.ship_seconds)
    if posting.failing_ships > 0:
        posting.failing_ships -= 1
        posting.assembly = ShipTicket(now, done, fails=True)
        posting.timeline.replan(now, [StatusEvent(done, "awaiting_packaging", SHIP_FAILED)])
        posting.revision += 1
        return [posting.posting_number]
    made = [posting]
    if len(packages) > 1:
        prices = {item.product.sku: item for item in posting.items}
        posting.items = _items(prices, packages[0])
        for package in packages[1:]:
            made.append(_split(state, posting, _items(prices, package), now))
    for each in made:
        _assemble(each, now, done)
    return [each.posting_number for each in made]


def ship_package(state: SandboxState, posting_number: str, package: Units) -> str:
    """Assemble one package of a posting (``/v4/posting/fbs/ship/package``): the package becomes
    a posting of its own, assembled, and the rest stays to be assembled under the original
    number; a package of every unit assembles the posting itself. The package's posting number."""
    try:
        posting = state.posting(posting_number)
    except UnknownPosting as exc:
        raise not_found(POSTING_NOT_FOUND) from exc
    if not package:
        raise invalid("invalid request body: products: at least one product is required")
    now = state.now()
    refusal = _refusal(state, posting, now)
    if refusal:
        raise invalid(refusal)
    held = _units(posting.items)
    for sku, quantity in package.items():
        if sku not in held:
            raise invalid(f"{UNKNOWN_PRODUCT}: product_id {sku} is not in the posting")
        if not 0 < quantity <= held[sku]:
            raise invalid(
                f"{INCORRECT_QUANTITY}: product_id {sku}: the posting holds {held[sku]}, "
                f"the package {quantity}"
            )
    if package == held or posting.failing_ships > 0:
        return ship(state, posting_number, [held])[0]
    if posting.exemplars_missing and any(item.product.needs_mark for item in posting.items):
        raise invalid(EXEMPLARS_MISSING)
    lines = {item.product.sku: item for item in posting.items}
    rest = {sku: held[sku] - package.get(sku, 0) for sku in held if held[sku] > package.get(sku, 0)}
    posting.items = _items(lines, rest)
    posting.revision += 1
    child = _split(state, posting, _items(lines, package), now)
    _assemble(child, now, now + max(0, state.config.ship_seconds))
    return child.posting_number


def _items(lines: dict[int, Item], package: Units) -> tuple[Item, ...]:
    return tuple(lines[sku]._replace(quantity=quantity) for sku, quantity in package.items())


def _assemble(posting: SandboxPosting, now: int, done: int) -> None:
    """Plan the rest of the posting's life from an assembly that completes at ``done``."""
    rng = random.Random(f"ship:{posting.posting_number}:{now}")
    events, cancellation = plan_after_assembly(
        rng, posting.method, done, posting.shipment_date, posting.delivery_type
    )
    posting.timeline.replan(now, events)
    posting.cancellation = cancellation
    posting.assembly = ShipTicket(now, done)
    posting.revision += 1


def _split(
    state: SandboxState, parent: SandboxPosting, items: tuple[Item, ...], now: int
) -> SandboxPosting:
    index = 2
    while state.number_taken(f"{parent.order_number}-{index}"):
        index += 1
    number = f"{parent.order_number}-{index}"
    rng = random.Random(f"split:{number}")
    child = replace(
        parent,
        posting_number=number,
        items=items,
        timeline=Timeline([StatusEvent(now, "awaiting_packaging", "posting_created")]),
        cancellation=None,
        tracking_number=_another(parent.tracking_number, rng),
        revision=0,
        parent_posting_number=parent.posting_number,
        assembly=None,
        failing_ships=0,
        exemplars_missing=False,
    )
    return state.add_posting(child)


def _another(tracking_number: str, rng: random.Random) -> str:
    """A tracking number of the same carrier's shape for another parcel."""
    return re.sub(r"\d", lambda _: str(rng.randint(0, 9)), tracking_number)


# --- the drop-off point's limits ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limits:
    """One delivery method's limits as ``/v1/posting/fbs/restrictions`` gives them: grams,
    centimetres and roubles."""

    max_weight_g: int
    length_cm: int
    width_cm: int
    height_cm: int
    max_price: int
    min_weight_g: int = 0
    min_price: int = 0


OZON_DROP_OFF = Limits(25_000, 180, 80, 80, 500_000)
OZON_EXPRESS = Limits(10_000, 60, 40, 40, 300_000)
POST_OFFICE = Limits(10_000, 60, 60, 60, 300_000)
CROSS_BORDER_POST = Limits(10_000, 60, 40, 40, 150_000, min_price=1)
COURIER_SERVICE = Limits(30_000, 120, 80, 80, 500_000)
OWN_COURIER = Limits(30_000, 150, 100, 100, 1_000_000)


def limits_of(method: DeliveryMethod) -> Limits:
    """Deterministic by kind of method: Ozon's own logistics takes up to 25 kg and 180×80×80 cm;
    its express darkstores, Russian Post and China Post are tighter (10 kg, 60 cm); courier
    services and the seller's own couriers are looser."""
    if method.integration == "ozon":
        return OZON_EXPRESS if method.is_express else OZON_DROP_OFF
    if method.provider == RUSSIAN_POST:
        return POST_OFFICE
    if method.provider == CHINA_POST:
        return CROSS_BORDER_POST
    if method.provider == CDEK:
        return COURIER_SERVICE
    return OWN_COURIER
