"""Pure translation of Ozon's wire models into posylka's domain values.

Nothing here does I/O. Ozon's quirks end here: money arrives as decimal strings, times are UTC
(Seller API, "Getting started") and may come without a zone, ids may be numbers or strings, and
the FBS/rFBS split is read from ``tpl_integration_type``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from posylka.adapters.ozon import schemas
from posylka.domain.cancellation import CancelInitiator, CancelReason
from posylka.domain.ids import (
    DeliveryMethodId,
    OfferId,
    OrderNumber,
    PostingNumber,
    Sku,
    StoreId,
    WarehouseId,
)
from posylka.domain.postings import (
    Address,
    Buyer,
    IntegrationType,
    Money,
    Posting,
    PostingItem,
    PostingStatus,
    Scheme,
)
from posylka.domain.stores import DeliveryMethod, Warehouse

REQUIREMENT_PREFIX = "products_requiring_"
"""Ozon names each requirement list ``products_requiring_<what>``; posylka keys them by ``<what>``
(``gtd``, ``country``, ``mandatory_mark``, ``jw_uin``, ``rnpt``, ``imei``, ``weight``...)."""

_REQUIREMENT_KINDS = tuple(
    (name, name.removeprefix(REQUIREMENT_PREFIX)) for name in schemas.Requirements.model_fields
)

# Every spelling posylka knows, read once through the domain's own parsers; a spelling outside
# these tables still goes to the parser, which decides what it means.
_STATUSES = {status.value: status for status in PostingStatus}
_INTEGRATIONS = {
    raw: IntegrationType.parse(raw) for raw in (*(kind.value for kind in IntegrationType), "hybrid")
}


class MappingError(ValueError):
    """A wire value that passed validation but means nothing in posylka (e.g. a price "abc")."""


def to_utc(value: datetime | None) -> datetime | None:
    """An aware UTC datetime; Ozon's times are UTC, so a zoneless one is read as UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def read_money(amount: str | None, currency: str | None) -> Money:
    """Ozon's decimal string as ``Money``; a missing amount is zero."""
    return _money(amount or "0", currency or "RUB")


@lru_cache(maxsize=4096)
def _money(amount: str, currency: str) -> Money:
    # A seller's catalogue repeats the same prices in posting after posting, and Money is an
    # immutable value, so one parsed value serves them all.
    try:
        value = Decimal(amount.strip() or "0")
    except InvalidOperation as exc:
        raise MappingError(f"price {amount!r} is not a number") from exc
    if not value.is_finite():
        raise MappingError(f"price {amount!r} is not a number")
    return Money(value, currency.upper())


def _map_item(product: schemas.Product | schemas.ProductDetail) -> PostingItem:
    if isinstance(product, schemas.Product):
        price = product.price
        amount = read_money(price.amount, price.currency) if price else _money("0", "RUB")
    else:
        amount = read_money(product.price, product.currency_code)
    return PostingItem(
        sku=Sku(product.sku),
        offer_id=OfferId(product.offer_id),
        name=product.name,
        quantity=product.quantity,
        price=amount,
    )


def read_requirements(wire: schemas.Requirements | None) -> dict[str, tuple[str, ...]]:
    """What must be filled in before assembly, by kind; kinds with nothing pending are left out."""
    if wire is None:
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for name, kind in _REQUIREMENT_KINDS:
        values = getattr(wire, name)
        if values:
            found[kind] = tuple(str(v) for v in values)
    return found


def _map_address(wire: schemas.Address | None) -> Address | None:
    if wire is None:
        return None
    return Address(
        city=wire.city or "",
        region=wire.region or "",
        district=wire.district or "",
        zip_code=wire.zip_code or "",
        country=wire.country or "",
        address_tail=wire.address_tail or "",
        comment=wire.comment or "",
        pvz_code=str(wire.pvz_code) if wire.pvz_code else (wire.provider_pvz_code or ""),
        latitude=wire.latitude,
        longitude=wire.longitude,
    )


def read_buyer(wire: schemas.Posting | schemas.PostingDetail, scheme: Scheme) -> Buyer | None:
    """The rFBS buyer; FBS postings have none, since Ozon hides the buyer from FBS sellers."""
    if scheme is not Scheme.RFBS:
        return None
    customer, addressee, legal = wire.customer, wire.addressee, wire.legal_info
    is_legal = bool(wire.analytics_data and wire.analytics_data.is_legal)
    if customer is None and addressee is None and legal is None and not is_legal:
        return None
    return Buyer(
        name=(customer.name if customer else None) or "",
        phone=(customer.phone if customer else None) or "",
        email=(customer.customer_email if customer else None) or "",
        addressee=(addressee.name if addressee else None) or "",
        address=_map_address(customer.address) if customer else None,
        is_legal=is_legal or bool(legal and (legal.inn or legal.company_name)),
        company_name=(legal.company_name if legal else None) or "",
        inn=(legal.inn if legal else None) or "",
    )


def best_status_time(
    status: PostingStatus, in_process_at: datetime | None, delivering_date: datetime | None
) -> datetime | None:
    """The best time Ozon gives for the current status, or ``None`` when it gives none.

    ``in_process_at`` is when Ozon put the posting into processing, i.e. into awaiting_packaging;
    ``delivering_date`` is when it was handed over for delivery (Seller API, posting fields). For
    other statuses the database records the time it first saw the change.
    """
    if status is PostingStatus.AWAITING_PACKAGING:
        return in_process_at
    if status is PostingStatus.DELIVERING:
        return delivering_date
    return None


def map_posting(store_id: StoreId, wire: schemas.Posting | schemas.PostingDetail) -> Posting:
    """A posting of a v4 list or of ``/v3/posting/fbs/get`` as posylka keeps it."""
    raw_integration = wire.tpl_integration_type
    integration = _INTEGRATIONS.get(raw_integration or "") or IntegrationType.parse(raw_integration)
    status = _STATUSES.get(wire.status) or PostingStatus.parse(wire.status)
    method = wire.delivery_method
    analytics = wire.analytics_data
    warehouse_id = (method.warehouse_id if method else None) or (
        analytics.warehouse_id if analytics else None
    )
    warehouse_name = (method.warehouse if method else None) or (
        analytics.warehouse if analytics else None
    )
    in_process_at = to_utc(wire.in_process_at)
    delivering_date = to_utc(wire.delivering_date)
    cancellation = wire.cancellation
    return Posting(
        store_id=store_id,
        posting_number=PostingNumber(wire.posting_number),
        order_id=wire.order_id,
        order_number=OrderNumber(wire.order_number),
        status=status,
        substatus=wire.substatus or "",
        status_raw=wire.status,
        integration_type=integration,
        delivery_method_id=DeliveryMethodId(method.id) if method else None,
        delivery_method_name=method.name if method else "",
        warehouse_id=WarehouseId(warehouse_id) if warehouse_id else None,
        warehouse_name=warehouse_name or "",
        in_process_at=in_process_at,
        ship_by=to_utc(wire.shipment_date),
        delivering_date=delivering_date,
        status_changed_at=best_status_time(status, in_process_at, delivering_date),
        tracking_number=wire.tracking_number or "",
        parent_posting_number=wire.parent_posting_number or "",
        is_express=bool(wire.is_express),
        items=tuple([_map_item(p) for p in wire.products]),
        buyer=read_buyer(wire, integration.scheme),
        requirements=read_requirements(wire.requirements),
        available_actions=tuple(wire.available_actions or ()),
        cancel_reason=(cancellation.cancel_reason if cancellation else None) or "",
    )


def map_warehouse(store_id: StoreId, wire: schemas.Warehouse) -> Warehouse:
    return Warehouse(
        store_id=store_id,
        warehouse_id=WarehouseId(wire.warehouse_id),
        name=wire.name,
        status=wire.status or "",
        is_rfbs=bool(wire.is_rfbs),
        is_express=bool(wire.is_express),
        is_kgt=bool(wire.is_kgt),
    )


def map_delivery_method(store_id: StoreId, wire: schemas.DeliveryMethod) -> DeliveryMethod:
    return DeliveryMethod(
        store_id=store_id,
        delivery_method_id=DeliveryMethodId(wire.id),
        name=wire.name,
        warehouse_id=WarehouseId(wire.warehouse_id) if wire.warehouse_id else None,
        integration_type=IntegrationType.parse(wire.tpl_integration_type),
        status=wire.status or "",
        provider_id=wire.provider_id,
        cutoff=wire.cutoff or "",
    )


def map_cancel_reason(wire: schemas.CancelReason) -> CancelReason:
    return CancelReason(
        id=wire.id,
        title=wire.title,
        initiator=CancelInitiator.parse(wire.type_id),
        available=wire.is_available_for_cancellation,
    )
