"""What a posting says about its buyer, its delivery and what it requires, in the same shape in
the v4 lists (``/v4/posting/fbs/list``, ``/v4/posting/fbs/unfulfilled/list``) and in
``/v3/posting/fbs/get``.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import ConfigDict

from posylka.adapters.ozon.schemas.base import Int64, WireModel


class Address(WireModel):
    address_tail: str | None = None
    city: str | None = None
    comment: str | None = None
    country: str | None = None
    district: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    provider_pvz_code: str | None = None
    pvz_code: Int64 | None = None
    region: str | None = None
    zip_code: str | None = None


class Customer(WireModel):
    customer_id: Int64 | None = None
    name: str | None = None
    phone: str | None = None
    customer_email: str | None = None
    address: Address | None = None


class Addressee(WireModel):
    name: str | None = None
    phone: str | None = None


class DeliveryMethodRef(WireModel):
    id: Int64
    name: str = ""
    warehouse_id: Int64 | None = None
    warehouse: str | None = None
    tpl_provider: str | None = None
    tpl_provider_id: Int64 | None = None


class Cancellation(WireModel):
    affect_cancellation_rating: bool | None = None
    cancel_reason: str | None = None
    cancel_reason_id: Int64 | None = None
    cancellation_initiator: str | None = None
    cancellation_type: str | None = None
    cancelled_after_ship: bool | None = None


class AnalyticsData(WireModel):
    city: str | None = None
    region: str | None = None
    delivery_type: str | None = None
    is_legal: bool | None = None
    is_premium: bool | None = None
    payment_type_group_name: str | None = None
    warehouse: str | None = None
    warehouse_id: Int64 | None = None
    tpl_provider: str | None = None
    tpl_provider_id: Int64 | None = None
    delivery_date_begin: datetime | None = None
    delivery_date_end: datetime | None = None
    client_delivery_date_begin: datetime | None = None
    client_delivery_date_end: datetime | None = None


class Barcodes(WireModel):
    upper_barcode: str | None = None
    lower_barcode: str | None = None


class LegalInfo(WireModel):
    company_name: str | None = None
    inn: str | None = None
    kpp: str | None = None


class Requirements(WireModel):
    # The 2025 document types these as int64 lists, the current one as strings; read both
    # (coerced inside the validator's own code: a Python hook here cost half a page's reading).
    model_config = ConfigDict(extra="ignore", populate_by_name=True, coerce_numbers_to_str=True)

    products_requiring_gtd: list[str] | None = None
    products_requiring_country: list[str] | None = None
    products_requiring_change_country: list[str] | None = None
    products_requiring_mandatory_mark: list[str] | None = None
    products_requiring_jw_uin: list[str] | None = None
    products_requiring_rnpt: list[str] | None = None
    products_requiring_imei: list[str] | None = None
    products_requiring_weight: list[str] | None = None
