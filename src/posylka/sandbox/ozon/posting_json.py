"""A posting of the v4 lists written straight to JSON bytes: byte for byte what the plain
rendering (``rendering.posting_v4`` through the wire models) gives, at a fraction of its cost.

A posting's JSON is cut into two kinds of pieces. The *fixed* pieces (numbers, dates, delivery
method, products, buyer, the blocks ``with`` asks for) do not change with sandbox time: they are
written once per posting revision and set of ``with`` flags, and kept (:class:`Fixed`). The
*moving* pieces (status, hand-over date and tracking number, available actions, cancellation)
follow the posting's timeline and are looked up on every request; only a few dozen different
ones exist, so each is written once and remembered.

The field order is the wire model's (``schemas.Posting``); where a value takes more than reading a
field, it comes from the function the plain rendering uses too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from posylka.sandbox.ozon import json_values as js
from posylka.sandbox.ozon.customers import buyer_of, pickup_point
from posylka.sandbox.ozon.customers import text as spelled
from posylka.sandbox.ozon.finance import financial_v4
from posylka.sandbox.ozon.network import DeliveryMethod
from posylka.sandbox.ozon.people import Buyer
from posylka.sandbox.ozon.posting_shapes import (
    ACTIONS,
    ADDRESS,
    ADDRESSEE,
    ANALYTICS,
    BARCODES,
    CANCELLATION,
    CUSTOMER,
    DATES,
    DELIVERY_METHOD,
    HANDOVER,
    HEAD,
    KIND,
    LEGAL_INFO,
    MONEY,
    NO_REQUIREMENTS,
    PARTIES,
    PRODUCT,
    REQUIREMENTS,
    STATUS,
    TAIL,
)
from posylka.sandbox.ozon.rendering import (
    Extras,
    available_actions,
    barcode_pair,
    cancellation_block,
    delivery_window,
    required_skus,
    tracking,
)
from posylka.sandbox.ozon.seeding import Item, SandboxPosting
from posylka.sandbox.ozon.timeline import Cancellation


@dataclass(frozen=True, slots=True)
class Fixed:
    """The pieces of one posting's JSON that sandbox time does not change, as UTF-8; the moving
    pieces go between them."""

    revision: int
    head: bytes
    """``{"posting_number":...,"parent_posting_number":"",`` (then status and substatus)"""
    dates: bytes
    """``,"in_process_at":...,"shipment_date_without_delay":...,`` (then the hand-over)"""
    kind: bytes
    """``,"tpl_integration_type":...,"multi_box_qty":1,`` (then the available actions)"""
    parties: bytes
    """``,"delivery_method":...,"addressee":...,`` (then the cancellation)"""
    tail: bytes
    """``,"analytics_data":...,"financial_data":...}``"""


def fixed_pieces(posting: SandboxPosting, extras: Extras) -> Fixed:
    """Write the fixed pieces of ``posting`` as a request with ``extras`` shows it."""
    method = posting.method
    wanted = extras.analytics_data or extras.legal_info or extras.financial_data
    buyer = buyer_of(posting) if posting.is_rfbs or wanted else None
    shown = buyer if posting.is_rfbs else None
    head = HEAD.write(
        posting_number=js.text(posting.posting_number),
        order_id=js.number(posting.order_id),
        order_number=js.text(posting.order_number),
        parent_posting_number=js.text(posting.parent_posting_number),
    )
    ship_by = js.moment(posting.shipment_date)
    dates = DATES.write(
        in_process_at=js.moment(posting.in_process_at),
        shipment_date=ship_by,
        shipment_date_without_delay=ship_by,
    )
    kind = _kind(method.integration, method.is_express)
    parties = PARTIES.write(
        delivery_method=_delivery_method(method),
        products=js.array([_product(item) for item in posting.items]),
        customer=_customer(posting, shown, extras.translit) if shown else js.NULL,
        addressee=_addressee(shown, extras.translit) if shown else js.NULL,
    )
    tail = TAIL.write(
        analytics_data=_analytics(posting, buyer) if buyer and extras.analytics_data else js.NULL,
        barcodes=_barcodes(posting) if extras.barcodes else js.NULL,
        legal_info=_legal_info(buyer) if buyer and extras.legal_info else js.NULL,
        requirements=_requirements(*required_skus(posting)),
        financial_data=financial_v4(posting, buyer).model_dump_json()
        if buyer and extras.financial_data
        else js.NULL,
    )
    return Fixed(
        revision=posting.revision,
        head=f"{{{head},".encode(),
        dates=f",{dates},".encode(),
        kind=f",{kind},".encode(),
        parties=f",{parties},".encode(),
        tail=f",{tail}}}".encode(),
    )


def posting_pieces(fixed: Fixed, posting: SandboxPosting, now: int) -> tuple[bytes, ...]:
    """The whole posting at sandbox time ``now``: its fixed pieces with the moving ones between
    them, ready to be joined."""
    timeline = posting.timeline
    event = timeline.at(now)
    status, substatus = (event.status, event.substatus) if event else ("", "")
    handed_over = timeline.handed_over_at(now)
    return (
        fixed.head,
        _status(status, substatus),
        fixed.dates,
        _handover(handed_over, tracking(posting, handed_over)),
        fixed.kind,
        _actions(tuple(available_actions(posting, status, now))),
        fixed.parties,
        _cancellation(posting.cancellation, status),
        fixed.tail,
    )


# --- moving pieces ---------------------------------------------------------------------------


@lru_cache(maxsize=256)
def _status(status: str, substatus: str) -> bytes:
    return STATUS.write(status=js.text(status), substatus=js.text(substatus)).encode()


def _handover(handed_over_at: int | None, tracking_number: str) -> bytes:
    written = HANDOVER.write(
        delivering_date=js.moment(handed_over_at), tracking_number=js.text(tracking_number)
    )
    return written.encode()


@lru_cache(maxsize=256)
def _actions(actions: tuple[str, ...]) -> bytes:
    return ACTIONS.write(available_actions=js.texts(list(actions))).encode()


@lru_cache(maxsize=4096)
def _cancellation(info: Cancellation | None, status: str) -> bytes:
    block = cancellation_block(info, status).model_dump_json()
    return CANCELLATION.write(cancellation=block).encode()


# --- fixed blocks ----------------------------------------------------------------------------


# Memos keyed by the very values written (a method object's own hash walks all its fields, which
# costs more than writing the block).


@lru_cache(maxsize=64)
def _kind(integration: str, is_express: bool) -> str:
    return KIND.write(
        tpl_integration_type=js.text(integration),
        integration_type_flow=js.text(integration),
        delivery_schema=js.NULL,
        is_express=js.flag(is_express),
        is_multibox=js.FALSE,
        multi_box_qty="1",
    )


def _delivery_method(method: DeliveryMethod) -> str:
    """``rendering.delivery_method_ref``'s block."""
    warehouse, provider = method.warehouse, method.provider
    return _method_block(
        method.id, method.name, warehouse.id, warehouse.name, provider.name, provider.id
    )


@lru_cache(maxsize=1024)
def _method_block(
    method_id: int, name: str, warehouse_id: int, warehouse: str, provider: str, provider_id: int
) -> str:
    return DELIVERY_METHOD.write(
        id=js.number(method_id),
        name=js.text(name),
        warehouse_id=js.number(warehouse_id),
        warehouse=js.text(warehouse),
        tpl_provider=js.text(provider),
        tpl_provider_id=js.number(provider_id),
    )


@lru_cache(maxsize=65536)
def _product(item: Item) -> str:
    """One line of the products; the same few thousand lines recur across a store's postings."""
    product = item.product
    return PRODUCT.write(
        sku=js.number(product.sku),
        offer_id=js.text(product.offer_id),
        name=js.text(product.name),
        quantity=js.number(item.quantity),
        price=MONEY.write(amount=js.text(f"{item.price:.2f}"), currency='"RUB"'),
        product_color=js.text(product.colour),
        weight=js.number(product.weight_g / 1000),
        imei=js.EMPTY_ARRAY,
        is_blr_traceable=js.FALSE,
        is_marketplace_buyout=js.FALSE,
    )


def _customer(posting: SandboxPosting, buyer: Buyer, translit: bool) -> str:
    """The v4 customer block: the lists show Ozon's proxy number (``customers.customer``)."""
    place = buyer.place
    city = place.city
    provider_pvz_code, pvz_code = pickup_point(posting, buyer)
    address = ADDRESS.write(
        address_tail=js.text(spelled(place.address_tail, translit)),
        city=js.text(spelled(city.name, translit)),
        comment=js.text(spelled(place.comment, translit)),
        country=js.text(spelled("Россия", translit)),
        district=js.text(spelled(city.district, translit)),
        latitude=js.number(place.latitude),
        longitude=js.number(place.longitude),
        provider_pvz_code=js.text(provider_pvz_code),
        pvz_code=js.number(pvz_code),
        region=js.text(spelled(city.region, translit)),
        zip_code=js.text(place.zip_code),
    )
    return CUSTOMER.write(
        customer_id=js.number(buyer.customer_id),
        name=js.text(spelled(buyer.name, translit)),
        phone=js.text(buyer.phone),
        customer_email=js.text(buyer.email),
        address=address,
    )


def _addressee(buyer: Buyer, translit: bool) -> str:
    return ADDRESSEE.write(name=js.text(spelled(buyer.addressee, translit)), phone=js.NULL)


def _analytics(posting: SandboxPosting, buyer: Buyer) -> str:
    method = posting.method
    begin, end = map(js.moment, delivery_window(posting))
    return ANALYTICS.write(
        city=js.text(buyer.place.city.name),
        region=js.text(buyer.place.city.region),
        delivery_type=js.text(posting.delivery_type),
        is_legal=js.flag(posting.is_legal),
        is_premium=js.flag(posting.is_premium),
        payment_type_group_name=js.text(posting.payment),
        warehouse=js.text(method.warehouse.name),
        warehouse_id=js.number(method.warehouse.id),
        tpl_provider=js.text(method.provider.name),
        tpl_provider_id=js.number(method.provider.id),
        delivery_date_begin=begin,
        delivery_date_end=end,
        client_delivery_date_begin=begin,
        client_delivery_date_end=end,
    )


def _barcodes(posting: SandboxPosting) -> str:
    upper, lower = barcode_pair(posting)
    return BARCODES.write(upper_barcode=js.text(upper), lower_barcode=js.text(lower))


def _legal_info(buyer: Buyer) -> str:
    company = buyer.company
    if company is None:
        return LEGAL_INFO.write(company_name='""', inn='""', kpp='""')
    return LEGAL_INFO.write(
        company_name=js.text(company.name), inn=js.text(company.inn), kpp=js.text(company.kpp)
    )


def _requirements(marks: list[str], gtd: list[str]) -> str:
    if not marks and not gtd:
        return NO_REQUIREMENTS
    return REQUIREMENTS.write(
        products_requiring_gtd=js.texts(gtd),
        products_requiring_country=js.EMPTY_ARRAY,
        products_requiring_change_country=js.EMPTY_ARRAY,
        products_requiring_mandatory_mark=js.texts(marks),
        products_requiring_jw_uin=js.EMPTY_ARRAY,
        products_requiring_rnpt=js.EMPTY_ARRAY,
        products_requiring_imei=js.EMPTY_ARRAY,
        products_requiring_weight=js.EMPTY_ARRAY,
    )
