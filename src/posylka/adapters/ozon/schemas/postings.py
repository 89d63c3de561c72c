"""Reading postings: the v4 lists ``/v4/posting/fbs/list`` and
``/v4/posting/fbs/unfulfilled/list`` (paged by ``cursor``) and one posting by
``/v3/posting/fbs/get``.

The two calls name a posting's products and money differently (a v4 product carries a
:class:`MoneyValue`, a v3 one a string price with ``currency_code``); the parts they share are in
:mod:`posting_parts`. The page models read a list page leniently, so one malformed posting does not
lose the rest.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import Field

from posylka.adapters.ozon.schemas.base import (
    Int64,
    Int64AsString,
    RequestModel,
    SortDir,
    WireModel,
)
from posylka.adapters.ozon.schemas.posting_parts import (
    Addressee,
    AnalyticsData,
    Barcodes,
    Cancellation,
    Customer,
    DeliveryMethodRef,
    LegalInfo,
    Requirements,
)

# ---------------------------------------------------------------------------------------------
# Posting lists (v4)


class With(RequestModel):
    analytics_data: bool | None = None
    barcodes: bool | None = None
    financial_data: bool | None = None
    legal_info: bool | None = None


class LastChangedStatusDate(RequestModel):
    from_: datetime | None = Field(default=None, alias="from")
    to: datetime | None = None


class PostingListFilter(RequestModel):
    """``/v4/posting/fbs/list`` filter: ``since`` and ``to`` are required (a span of ≤ 1 year)."""

    since: datetime | None = None
    to: datetime | None = None
    statuses: list[str] | None = None
    order_id: Int64 | None = None
    order_numbers: list[str] | None = None
    warehouse_ids: list[Int64AsString] | None = None
    delivery_method_ids: list[Int64AsString] | None = None
    provider_ids: list[Int64AsString] | None = None
    integration_type_flow: list[str] | None = None
    is_blr_traceable: bool | None = None
    last_changed_status_date: LastChangedStatusDate | None = None


class PostingListRequest(RequestModel):
    cursor: str | None = None
    limit: int | None = None
    sort_dir: SortDir | None = None
    translit: bool | None = None
    filter: PostingListFilter | None = None
    with_: With | None = Field(default=None, alias="with")


class UnfulfilledListFilter(RequestModel):
    """``/v4/posting/fbs/unfulfilled/list`` filter: one window, by cutoff or by delivering date."""

    cutoff_from: datetime | None = None
    cutoff_to: datetime | None = None
    delivering_date_from: datetime | None = None
    delivering_date_to: datetime | None = None
    statuses: list[str] | None = None
    warehouse_ids: list[Int64AsString] | None = None
    delivery_method_ids: list[Int64AsString] | None = None
    provider_ids: list[Int64AsString] | None = None
    last_changed_status_date: LastChangedStatusDate | None = None


class UnfulfilledListRequest(RequestModel):
    cursor: str | None = None
    limit: int | None = None
    sort_dir: SortDir | None = None
    translit: bool | None = None
    filter: UnfulfilledListFilter | None = None
    with_: With | None = Field(default=None, alias="with")


class MoneyValue(WireModel):
    amount: str = "0"
    currency: str = "RUB"


class Product(WireModel):
    sku: Int64
    offer_id: str = ""
    name: str = ""
    quantity: int
    price: MoneyValue | None = None
    product_color: str | None = None
    weight: float | None = None
    imei: list[str] | None = None
    is_blr_traceable: bool | None = None
    is_marketplace_buyout: bool | None = None


class Commission(WireModel):
    amount: float | None = None
    currency: str | None = None
    percent: int | None = None


class FinancialProduct(WireModel):
    """A product's money in a v4 posting (``with.financial_data``); ``product_id`` is the SKU."""

    product_id: Int64 | None = None
    quantity: int | None = None
    price: float | None = None
    old_price: float | None = None
    payout: float | None = None
    commission: Commission | None = None
    customer_price: MoneyValue | None = None
    actions: list[str] | None = None
    total_discount_percent: float | None = None
    total_discount_value: float | None = None


class FinancialData(WireModel):
    cluster_from: str | None = None
    cluster_to: str | None = None
    products: list[FinancialProduct] | None = None


class Posting(WireModel):
    """A posting of the v4 lists (``PostingV4PostingFbsListResponsePostings``)."""

    posting_number: str
    order_id: Int64 = 0
    order_number: str = ""
    parent_posting_number: str | None = None
    status: str
    substatus: str | None = None
    in_process_at: datetime | None = None
    shipment_date: datetime | None = None
    shipment_date_without_delay: datetime | None = None
    delivering_date: datetime | None = None
    tracking_number: str | None = None
    tpl_integration_type: str | None = None
    integration_type_flow: str | None = None
    delivery_schema: str | None = None
    is_express: bool | None = None
    is_multibox: bool | None = None
    multi_box_qty: int | None = None
    available_actions: list[str] | None = None
    delivery_method: DeliveryMethodRef | None = None
    products: list[Product] = Field(default_factory=list)
    customer: Customer | None = None
    addressee: Addressee | None = None
    cancellation: Cancellation | None = None
    analytics_data: AnalyticsData | None = None
    barcodes: Barcodes | None = None
    legal_info: LegalInfo | None = None
    requirements: Requirements | None = None
    financial_data: FinancialData | None = None


class PostingListResponse(WireModel):
    """``/v4/posting/fbs/list``: top level, no ``result`` wrapper, no ``count``."""

    cursor: str | None = ""
    has_next: bool = False
    postings: list[Posting] = Field(default_factory=list)


class UnfulfilledListResponse(PostingListResponse):
    """``/v4/posting/fbs/unfulfilled/list``: as the list, plus ``count``."""

    count: int | None = None


class PostingListPage(WireModel):
    """A list page read in one pass: the envelope that :class:`RawPostingPage` checks, with each
    posting that validates as a :class:`Posting` and any other left as the JSON value Ozon sent,
    so one bad posting does not fail the page."""

    cursor: str | None = ""
    has_next: bool = False
    count: int | None = None
    postings: list[Annotated[Posting | Any, Field(union_mode="left_to_right")]] = Field(
        default_factory=list
    )


class RawPostingPage(WireModel):
    """A list page read leniently: the envelope is checked, each posting is validated one by one,
    so a single malformed posting does not lose the rest of the page."""

    cursor: str | None = ""
    has_next: bool = False
    count: int | None = None
    postings: list[dict[str, Any]] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# One posting (v3)


class GetWith(RequestModel):
    analytics_data: bool | None = None
    barcodes: bool | None = None
    financial_data: bool | None = None
    legal_info: bool | None = None
    product_exemplars: bool | None = None
    related_postings: bool | None = None
    translit: bool | None = None


class PostingGetRequest(RequestModel):
    posting_number: str
    with_: GetWith | None = Field(default=None, alias="with")


class ProductDetail(WireModel):
    """A product of ``/v3/posting/fbs/get``: the price is a string with ``currency_code``."""

    sku: Int64
    offer_id: str = ""
    name: str = ""
    quantity: int
    price: str | None = None
    currency_code: str | None = None
    mandatory_mark: list[str] | None = None


class FinancialProductV3(WireModel):
    """A product's money in ``/v3/posting/fbs/get``: flat amounts with currency codes."""

    product_id: Int64 | None = None
    quantity: int | None = None
    price: float | None = None
    old_price: float | None = None
    payout: float | None = None
    commission_amount: float | None = None
    commission_percent: int | None = None
    commissions_currency_code: str | None = None
    currency_code: str | None = None
    customer_price: float | None = None
    customer_currency_code: str | None = None
    actions: list[str] | None = None
    total_discount_percent: float | None = None
    total_discount_value: float | None = None


class FinancialDataV3(WireModel):
    cluster_from: str | None = None
    cluster_to: str | None = None
    products: list[FinancialProductV3] | None = None


class PostingDetail(WireModel):
    posting_number: str
    order_id: Int64 = 0
    order_number: str = ""
    parent_posting_number: str | None = None
    status: str
    substatus: str | None = None
    previous_substatus: str | None = None
    in_process_at: datetime | None = None
    shipment_date: datetime | None = None
    delivering_date: datetime | None = None
    tracking_number: str | None = None
    tpl_integration_type: str | None = None
    is_express: bool | None = None
    is_multibox: bool | None = None
    available_actions: list[str] | None = None
    delivery_method: DeliveryMethodRef | None = None
    products: list[ProductDetail] = Field(default_factory=list)
    customer: Customer | None = None
    addressee: Addressee | None = None
    cancellation: Cancellation | None = None
    analytics_data: AnalyticsData | None = None
    barcodes: Barcodes | None = None
    legal_info: LegalInfo | None = None
    requirements: Requirements | None = None
    delivery_price: str | None = None
    financial_data: FinancialDataV3 | None = None


class PostingGetResponse(WireModel):
    result: PostingDetail
