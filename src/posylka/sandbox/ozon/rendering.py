"""What Ozon would show of a sandbox posting at sandbox time, built with the shared wire models:
the v4 list object and the v3 ``get`` object.

The two differ as Ozon's do (Seller API, ``/v4/posting/fbs/list`` and ``/v3/posting/fbs/get``):
money is ``{amount, currency}`` in v4 and a string price with ``currency_code`` in v3; v3 hides the
buyer's phone (``""``). FBS postings have no buyer (``customer`` and ``addressee`` are ``null``).
Optional blocks appear only when the request's ``with`` asks for them.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon.customers import addressee, buyer_of, customer, legal_info
from posylka.sandbox.ozon.finance import financial_v3, financial_v4
from posylka.sandbox.ozon.network import DeliveryMethod
from posylka.sandbox.ozon.people import Buyer
from posylka.sandbox.ozon.reasons import REASONS_BY_ID
from posylka.sandbox.ozon.seeding import SandboxPosting
from posylka.sandbox.ozon.timeline import DAY, HOUR, Cancellation


@dataclass(frozen=True, slots=True)
class Extras:
    """The optional blocks a request asked for (its ``with`` and ``translit``)."""

    analytics_data: bool = False
    barcodes: bool = False
    financial_data: bool = False
    legal_info: bool = False
    translit: bool = False

    @classmethod
    def of(cls, with_: wire.With | wire.GetWith | None, translit: bool | None) -> Extras:
        if with_ is None:
            return cls(translit=bool(translit))
        own = getattr(with_, "translit", None)
        return cls(
            analytics_data=bool(with_.analytics_data),
            barcodes=bool(with_.barcodes),
            financial_data=bool(with_.financial_data),
            legal_info=bool(with_.legal_info),
            translit=bool(translit or own),
        )


def moment(seconds: int | None) -> datetime | None:
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


@dataclass(frozen=True, slots=True)
class _Facts:
    """The time-dependent facts of a posting at one sandbox moment."""

    status: str
    substatus: str
    previous_substatus: str
    delivering_date: int | None


def _facts(posting: SandboxPosting, now: int) -> _Facts:
    timeline = posting.timeline
    event = timeline.at(now)
    status, substatus = (event.status, event.substatus) if event else ("", "")
    return _Facts(status, substatus, timeline.previous_substatus(now), timeline.handed_over_at(now))


def available_actions(posting: SandboxPosting, status: str, now: int | None = None) -> list[str]:
    """What the seller may do next, by status and delivery kind (Seller API,
    ``available_actions``); at ``now`` an accepted assembly still being carried out shows as
    ``ship_async_in_process``, and a failed one offers ``ship_async_retry``."""
    integration = posting.method.integration
    actions: list[str] = []
    ticket = posting.assembly if now is not None else None
    if status == "awaiting_packaging" and ticket is not None and ticket.in_process(now or 0):
        actions += ["ship_async_in_process", "cancel"]
    elif status == "awaiting_packaging":
        actions += ["ship", "cancel", "product_cancel"]
        if ticket is not None and ticket.fails and (now or 0) >= ticket.done_at:
            actions.append("ship_async_retry")
        if any(i.product.needs_mark for i in posting.items):
            actions.append("update_cis")
        if integration == "non_integrated":
            actions.append("set_cutoff")
    elif status == "awaiting_deliver":
        actions += ["cancel", "label_download", "label_download_big", "label_download_small"]
        if integration == "non_integrated":
            actions += ["set_track_number", "non_int_delivering"]
    elif status == "delivering" and integration == "non_integrated":
        # On the last mile (the seller's ``last-mile`` move) only ``delivered`` is left.
        event = posting.timeline.at(now) if now is not None else None
        if event is None or event.substatus != "posting_in_courier_service":
            actions.append("non_int_last_mile")
        actions.append("non_int_delivered")
    elif status == "not_accepted":
        actions.append("arbitration")
    if posting.is_rfbs and status not in ("delivered", "cancelled", "cancelled_from_split_pending"):
        actions += ["can_create_chat", "customer_phone_available"]
    return actions


def cancellation_block(info: Cancellation | None, status: str) -> wire.Cancellation:
    """How the posting was cancelled; empty values until its status is ``cancelled``."""
    if info is None or status != "cancelled":
        return wire.Cancellation(
            affect_cancellation_rating=False,
            cancel_reason="",
            cancel_reason_id=0,
            cancellation_initiator="",
            cancellation_type="",
            cancelled_after_ship=False,
        )
    return wire.Cancellation(
        affect_cancellation_rating=info.cancellation_type == "seller",
        cancel_reason=REASONS_BY_ID[info.reason_id].title,
        cancel_reason_id=info.reason_id,
        cancellation_initiator=info.initiator,
        cancellation_type=info.cancellation_type,
        cancelled_after_ship=info.after_ship,
    )


def delivery_method_ref(method: DeliveryMethod) -> wire.DeliveryMethodRef:
    return wire.DeliveryMethodRef(
        id=method.id,
        name=method.name,
        warehouse_id=method.warehouse.id,
        warehouse=method.warehouse.name,
        tpl_provider=method.provider.name,
        tpl_provider_id=method.provider.id,
    )


def delivery_window(posting: SandboxPosting) -> tuple[int, int]:
    """When the buyer may expect the parcel: an eight-hour window after the method's transit."""
    method = posting.method
    transit = 4 * HOUR if method.is_express else (12 if method.cross_border else 3) * DAY
    begin = posting.shipment_date + transit
    begin -= begin % HOUR
    return begin, begin + 8 * HOUR


def _analytics(posting: SandboxPosting, buyer: Buyer) -> wire.AnalyticsData:
    method = posting.method
    begin, end = delivery_window(posting)
    return wire.AnalyticsData(
        city=buyer.place.city.name,
        region=buyer.place.city.region,
        delivery_type=posting.delivery_type,
        is_legal=posting.is_legal,
        is_premium=posting.is_premium,
        payment_type_group_name=posting.payment,
        warehouse=method.warehouse.name,
        warehouse_id=method.warehouse.id,
        tpl_provider=method.provider.name,
        tpl_provider_id=method.provider.id,
        delivery_date_begin=moment(begin),
        delivery_date_end=moment(end),
        client_delivery_date_begin=moment(begin),
        client_delivery_date_end=moment(end),
    )


def barcode_pair(posting: SandboxPosting) -> tuple[str, str]:
    """The posting's upper and lower barcodes, drawn from its seed."""
    seed = posting.detail_seed
    if posting.parent_posting_number:
        # A split keeps its parent's buyer (drawn from the same seed) but has barcodes of its own.
        seed ^= zlib.crc32(posting.posting_number.encode())
    return f"%101%{seed % 10**9:09d}", f"{(seed >> 4) % 10**14:014d}"


def _barcodes(posting: SandboxPosting) -> wire.Barcodes:
    upper, lower = barcode_pair(posting)
    return wire.Barcodes(upper_barcode=upper, lower_barcode=lower)


def required_skus(posting: SandboxPosting) -> tuple[list[str], list[str]]:
    """The SKUs that need a marking code, and those that need a customs declaration number."""
    marks = [str(i.product.sku) for i in posting.items if i.product.needs_mark]
    gtd = [str(i.product.sku) for i in posting.items if i.product.needs_gtd]
    return marks, gtd


def _requirements(posting: SandboxPosting) -> wire.Requirements:
    marks, gtd = required_skus(posting)
    return wire.Requirements(
        products_requiring_gtd=gtd,
        products_requiring_country=[],
        products_requiring_change_country=[],
        products_requiring_mandatory_mark=marks,
        products_requiring_jw_uin=[],
        products_requiring_rnpt=[],
        products_requiring_imei=[],
        products_requiring_weight=[],
    )


def tracking(posting: SandboxPosting, handed_over_at: int | None) -> str:
    """The carrier's tracking number shows once the parcel is handed over; one the seller set
    (rFBS, ``/v2/fbs/posting/tracking-number/set``) shows at once."""
    if posting.seller_tracking:
        return posting.seller_tracking
    return posting.tracking_number if handed_over_at is not None else ""


def posting_v4(posting: SandboxPosting, now: int, extras: Extras) -> wire.Posting:
    """The posting as ``/v4/posting/fbs/list`` and ``/v4/posting/fbs/unfulfilled/list`` show it."""
    facts = _facts(posting, now)
    wanted = extras.analytics_data or extras.legal_info or extras.financial_data
    buyer = buyer_of(posting) if posting.is_rfbs or wanted else None
    shown = buyer if posting.is_rfbs else None
    translit = extras.translit
    method = posting.method
    return wire.Posting(
        posting_number=posting.posting_number,
        order_id=posting.order_id,
        order_number=posting.order_number,
        parent_posting_number=posting.parent_posting_number,
        status=facts.status,
        substatus=facts.substatus,
        in_process_at=moment(posting.in_process_at),
        shipment_date=moment(posting.shipment_date),
        shipment_date_without_delay=moment(posting.shipment_date),
        delivering_date=moment(facts.delivering_date),
        tracking_number=tracking(posting, facts.delivering_date),
        tpl_integration_type=method.integration,
        integration_type_flow=method.integration,
        is_express=method.is_express,
        is_multibox=False,
        multi_box_qty=1,
        available_actions=available_actions(posting, facts.status, now),
        delivery_method=delivery_method_ref(method),
        products=[
            wire.Product(
                sku=item.product.sku,
                offer_id=item.product.offer_id,
                name=item.product.name,
                quantity=item.quantity,
                price=wire.MoneyValue(amount=f"{item.price:.2f}", currency="RUB"),
                product_color=item.product.colour,
                weight=item.product.weight_g / 1000,
                imei=[],
                is_blr_traceable=False,
                is_marketplace_buyout=False,
            )
            for item in posting.items
        ],
        customer=customer(posting, shown, translit=translit, hide_phone=False) if shown else None,
        addressee=addressee(shown, translit=translit, hide_phone=False) if shown else None,
        cancellation=cancellation_block(posting.cancellation, facts.status),
        analytics_data=_analytics(posting, buyer) if buyer and extras.analytics_data else None,
        barcodes=_barcodes(posting) if extras.barcodes else None,
        legal_info=legal_info(buyer) if buyer and extras.legal_info else None,
        requirements=_requirements(posting),
        financial_data=financial_v4(posting, buyer) if buyer and extras.financial_data else None,
    )


def posting_v3(posting: SandboxPosting, now: int, extras: Extras) -> wire.PostingDetail:
    """The posting as ``/v3/posting/fbs/get`` shows it."""
    facts = _facts(posting, now)
    buyer = buyer_of(posting)
    method = posting.method
    rfbs = posting.is_rfbs
    translit = extras.translit
    return wire.PostingDetail(
        posting_number=posting.posting_number,
        order_id=posting.order_id,
        order_number=posting.order_number,
        parent_posting_number=posting.parent_posting_number,
        status=facts.status,
        substatus=facts.substatus,
        previous_substatus=facts.previous_substatus,
        in_process_at=moment(posting.in_process_at),
        shipment_date=moment(posting.shipment_date),
        delivering_date=moment(facts.delivering_date),
        tracking_number=tracking(posting, facts.delivering_date),
        tpl_integration_type=method.integration,
        is_express=method.is_express,
        is_multibox=False,
        available_actions=available_actions(posting, facts.status, now),
        delivery_method=delivery_method_ref(method),
        products=[
            wire.ProductDetail(
                sku=item.product.sku,
                offer_id=item.product.offer_id,
                name=item.product.name,
                quantity=item.quantity,
                price=f"{item.price:.4f}",
                currency_code="RUB",
                mandatory_mark=[],
            )
            for item in posting.items
        ],
        customer=customer(posting, buyer, translit=translit, hide_phone=True) if rfbs else None,
        addressee=addressee(buyer, translit=translit, hide_phone=True) if rfbs else None,
        cancellation=cancellation_block(posting.cancellation, facts.status),
        analytics_data=_analytics(posting, buyer) if extras.analytics_data else None,
        barcodes=_barcodes(posting) if extras.barcodes else None,
        legal_info=legal_info(buyer) if extras.legal_info else None,
        requirements=_requirements(posting),
        delivery_price="",
        financial_data=financial_v3(posting, buyer) if extras.financial_data else None,
    )
