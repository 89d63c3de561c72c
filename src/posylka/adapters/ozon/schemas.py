"""Ozon Seller API wire models, in Ozon's own names.

The client and the sandbox both use these models, so they cannot drift apart. Shapes follow Ozon's
current OpenAPI document (Seller API v2.1): ``/v4/posting/fbs/list``,
``/v4/posting/fbs/unfulfilled/list``, ``/v3/posting/fbs/get``, ``/v2/warehouse/list``,
``/v2/delivery-method/list``, ``/v2/posting/fbs/cancel-reason/list``,
``/v2/posting/fbs/cancel``, ``/v2/posting/fbs/product/cancel``, ``/v3/product/list``,
``/v3/product/info/list``, ``/v2/products/stocks``, ``/v2/product/info/stocks-by-warehouse/fbs``.

Two Ozon habits shape every model here:
- optional fields may be omitted or sent as explicit ``null``: every optional field is ``X | None``;
- int64 ids travel as JSON numbers or as strings: :data:`Int64` reads both, and list filters that
  Ozon types as ``string`` (``warehouse_ids``, ``delivery_method_ids``) are written as strings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

Int64 = Annotated[int, Field(strict=False, ge=-(2**63), le=2**63 - 1)]
"""An int64 id, accepted as ``123`` or ``"123"``."""

Int64AsString = Annotated[int, Field(strict=False), PlainSerializer(str, return_type=str)]
"""An int64 id that Ozon types as a string (list filters): read as either, written as a string."""


class WireModel(BaseModel):
    """Base of every wire model: unknown fields are ignored so new Ozon fields break nothing."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)


class RequestModel(WireModel):
    """Base of request bodies; serialised without ``None`` fields."""

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True, by_alias=True)


# ---------------------------------------------------------------------------------------------
# Errors (grpc-gateway ``rpcStatus``)


class ErrorDetail(WireModel):
    typeUrl: str | None = None  # noqa: N815 (Ozon's name)
    value: str | None = None


class ErrorResponse(WireModel):
    """Ozon's error envelope: ``{"code": 3, "message": "...", "details": []}``."""

    code: int | str = 0
    message: str = ""
    details: list[ErrorDetail] | None = None


# ---------------------------------------------------------------------------------------------
# Posting lists (v4)


SortDir = Literal["ASC", "DESC", "asc", "desc"]


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


# ---------------------------------------------------------------------------------------------
# Warehouses and delivery methods (v2)


class WarehouseListRequest(RequestModel):
    limit: int | None = None
    cursor: str | None = None
    warehouse_ids: list[Int64AsString] | None = None


class WarehouseAddressInfo(WireModel):
    address: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    utc: str | None = None


class FirstMile(WireModel):
    type: str | None = None
    dropoff_point_id: str | None = None
    timeslot_from: str | None = None
    timeslot_to: str | None = None


class Warehouse(WireModel):
    warehouse_id: Int64
    name: str = ""
    status: str | None = None
    is_rfbs: bool | None = None
    is_kgt: bool | None = None
    is_express: bool | None = None
    has_entrusted_acceptance: bool | None = None
    carriage_label_type: str | None = None
    cut_in_time: int | None = None
    sla_cut_in: int | None = None
    postings_limit: int | None = None
    working_days: list[str] | None = None
    first_mile: FirstMile | None = None
    address_info: WarehouseAddressInfo | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class WarehouseListResponse(WireModel):
    warehouses: list[Warehouse] = Field(default_factory=list)
    cursor: str | None = ""
    has_next: bool = False


class DeliveryMethodFilter(RequestModel):
    warehouse_ids: list[Int64AsString] | None = None
    delivery_method_ids: list[Int64AsString] | None = None
    provider_ids: list[Int64AsString] | None = None
    status: list[str] | None = None


class DeliveryMethodListRequest(RequestModel):
    limit: int | None = None
    cursor: str | None = None
    sort_dir: SortDir | None = None
    filter: DeliveryMethodFilter | None = None


class DeliveryMethod(WireModel):
    id: Int64
    name: str = ""
    warehouse_id: Int64 | None = None
    provider_id: Int64 | None = None
    status: str | None = None
    cutoff: str | None = None
    sla_cut_in: int | None = None
    template_id: Int64 | None = None
    is_express: bool | None = None
    tpl_integration_type: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class DeliveryMethodListResponse(WireModel):
    delivery_methods: list[DeliveryMethod] = Field(default_factory=list)
    cursor: str | None = ""
    has_next: bool = False


# ---------------------------------------------------------------------------------------------
# Cancel reasons


class CancelReasonListRequest(RequestModel):
    """``/v2/posting/fbs/cancel-reason/list`` takes an empty body."""


class CancelReason(WireModel):
    id: Int64
    title: str = ""
    type_id: str = ""
    is_available_for_cancellation: bool = True


class CancelReasonListResponse(WireModel):
    result: list[CancelReason] = Field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Cancelling postings and items (``/v2/posting/fbs/cancel``, ``/v2/posting/fbs/product/cancel``)


class PostingCancelRequest(RequestModel):
    """Cancel a whole posting; ``cancel_reason_message`` is required for reason 402 ("other")."""

    posting_number: str | None = None
    cancel_reason_id: Int64 | None = None
    cancel_reason_message: str | None = None


class PostingCancelResponse(WireModel):
    result: bool | None = None


class ProductCancelItem(RequestModel):
    sku: Int64
    quantity: int


class ProductCancelRequest(RequestModel):
    """Cancel some units of a posting; Ozon requires every field, the message included."""

    posting_number: str | None = None
    cancel_reason_id: Int64 | None = None
    cancel_reason_message: str | None = None
    items: list[ProductCancelItem] | None = None


class ProductCancelResponse(WireModel):
    result: str | None = None
    """The posting's number."""


# ---------------------------------------------------------------------------------------------
# Stock on Ozon (/v2/products/stocks, /v2/product/info/stocks-by-warehouse/fbs)


class StockItem(RequestModel):
    """One product × warehouse pair to set. Ozon takes the product by ``offer_id`` or
    ``product_id``; when both are sent, ``offer_id`` wins (Seller API, ProductsStocksV2)."""

    offer_id: str | None = None
    product_id: Int64 | None = None
    stock: int
    """Units available for sale, reserved units not counted."""
    warehouse_id: Int64


class ProductsStocksRequest(RequestModel):
    stocks: list[StockItem]
    """At most 100 pairs per call."""


class StockItemError(WireModel):
    code: str | None = None
    """E.g. ``TOO_MANY_REQUESTS``, ``offer_id_not_found``, ``WAREHOUSE_NOT_FOUND``."""
    message: str | None = None


class StockItemResult(WireModel):
    offer_id: str | None = None
    product_id: Int64 | None = None
    warehouse_id: Int64 | None = None
    updated: bool | None = None
    errors: list[StockItemError] | None = None


class ProductsStocksResponse(WireModel):
    """One result per pair sent, in the order sent; a pair Ozon refused has ``updated: false``
    and its reasons in ``errors`` (the call itself still answers 200)."""

    result: list[StockItemResult] | None = None


class WarehouseStocksRequest(RequestModel):
    """``/v2/product/info/stocks-by-warehouse/fbs``: every product without a filter, paged by
    ``cursor``."""

    cursor: str | None = None
    limit: int | None = None
    offer_id: list[str] | None = None
    sku: list[str] | None = None


class WarehouseStock(WireModel):
    offer_id: str | None = None
    product_id: Int64 | None = None
    sku: Int64 | None = None
    warehouse_id: Int64 | None = None
    warehouse_name: str | None = None
    present: int | None = None
    reserved: int | None = None
    free_stock: int | None = None


class WarehouseStocksResponse(WireModel):
    """Top level, no ``result`` wrapper."""

    cursor: str | None = None
    has_next: bool | None = None
    products: list[WarehouseStock] | None = None


# ---------------------------------------------------------------------------------------------
# Package labels: ``/v2/posting/fbs/package-label`` (a PDF for at most 20 postings at once),
# ``/v3/posting/fbs/package-label/create`` and ``/v2/posting/fbs/package-label/get`` (the
# asynchronous pair, for up to 1000 postings a task).


class PackageLabelRequest(RequestModel):
    """``/v2/posting/fbs/package-label``: ``posting_number`` is a list, despite its name."""

    posting_number: list[str] | None = None


class PackageLabelFile(WireModel):
    """The reply's shape as Ozon's document draws it. The live API sends the PDF itself as the
    body (``application/pdf``); the gateway reads either."""

    content_type: str | None = None
    file_name: str | None = None
    file_content: str | None = None


class PackageLabelTaskCreateRequest(RequestModel):
    posting_numbers: list[str] | None = None


class PackageLabelTask(WireModel):
    task_id: Int64 | None = None
    task_type: str | None = None
    """``big_label`` or ``small_label``."""


class PackageLabelTaskCreateResponse(WireModel):
    tasks: list[PackageLabelTask] | None = None


class PackageLabelTaskGetRequest(RequestModel):
    task_id: Int64 | None = None


class UnprintedPosting(WireModel):
    posting_number: str | None = None
    message: str | None = None


class PackageLabelTaskStatus(WireModel):
    code: str | None = None
    """``pending``, ``in_progress``, ``completed`` or ``error``."""
    postings_count: int | None = None
    printed_postings_count: int | None = None
    unprinted_postings: list[UnprintedPosting] | None = None


class PackageLabelTaskError(WireModel):
    code: str | None = None
    message: str | None = None


class PackageLabelTaskGetResponse(WireModel):
    status: PackageLabelTaskStatus | None = None
    file_url: str | None = None
    error: PackageLabelTaskError | None = None


# ---------------------------------------------------------------------------------------------
# The seller's products: /v3/product/list (paged by last_id) and /v3/product/info/list


class ProductListFilter(RequestModel):
    offer_id: list[str] | None = None
    product_id: list[Int64AsString] | None = None
    visibility: str | None = None
    """``ALL`` (Ozon's default), ``VISIBLE``, ``ARCHIVED`` and more."""


class ProductListRequest(RequestModel):
    filter: ProductListFilter | None = None
    last_id: str | None = None
    limit: int | None = None
    """1..1000 (Seller API, ProductAPI_GetProductList)."""


class ProductListItem(WireModel):
    product_id: Int64
    offer_id: str = ""
    archived: bool | None = None
    has_fbo_stocks: bool | None = None
    has_fbs_stocks: bool | None = None
    is_discounted: bool | None = None


class ProductListResult(WireModel):
    items: list[ProductListItem] = Field(default_factory=list)
    last_id: str | None = ""
    total: int | None = None


class ProductListResponse(WireModel):
    result: ProductListResult


class ProductInfoListRequest(RequestModel):
    """One kind of id per call, at most 1000 ids in all (Seller API,
    ProductAPI_GetProductInfoList)."""

    offer_id: list[str] | None = None
    product_id: list[Int64AsString] | None = None
    sku: list[Int64AsString] | None = None


class ProductInfo(WireModel):
    id: Int64
    offer_id: str = ""
    sku: Int64 | None = None
    name: str | None = None
    barcodes: list[str] | None = None
    is_archived: bool | None = None
    is_autoarchived: bool | None = None
    is_kgt: bool | None = None
    price: str | None = None
    currency_code: str | None = None
    volume_weight: float | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class ProductInfoListResponse(WireModel):
    items: list[ProductInfo] = Field(default_factory=list)
