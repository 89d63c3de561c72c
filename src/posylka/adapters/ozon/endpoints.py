"""The Ozon methods posylka calls: path, request and reply models, and whether a call is safe.

Almost every Seller API method is a POST, reads included (Seller API, "Getting started"), so HTTP
cannot tell the client which calls may be repeated. Each endpoint says so itself: a *safe* call
only reads and may be sent again after a timeout or a 5xx; an unsafe one changes something at
Ozon and is sent once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from posylka.adapters.ozon import schemas

RequestT = TypeVar("RequestT", bound=schemas.RequestModel)
ReplyT = TypeVar("ReplyT", bound=schemas.WireModel)


@dataclass(frozen=True, slots=True)
class Endpoint(Generic[RequestT, ReplyT]):
    """One Ozon method."""

    path: str
    request: type[RequestT]
    reply: type[ReplyT]
    safe: bool
    """Repeating the call cannot change anything at Ozon (a read)."""


POSTING_LIST = Endpoint(
    "/v4/posting/fbs/list", schemas.PostingListRequest, schemas.PostingListResponse, safe=True
)
UNFULFILLED_LIST = Endpoint(
    "/v4/posting/fbs/unfulfilled/list",
    schemas.UnfulfilledListRequest,
    schemas.UnfulfilledListResponse,
    safe=True,
)
POSTING_GET = Endpoint(
    "/v3/posting/fbs/get", schemas.PostingGetRequest, schemas.PostingGetResponse, safe=True
)
WAREHOUSE_LIST = Endpoint(
    "/v2/warehouse/list", schemas.WarehouseListRequest, schemas.WarehouseListResponse, safe=True
)
DELIVERY_METHOD_LIST = Endpoint(
    "/v2/delivery-method/list",
    schemas.DeliveryMethodListRequest,
    schemas.DeliveryMethodListResponse,
    safe=True,
)
CANCEL_REASON_LIST = Endpoint(
    "/v2/posting/fbs/cancel-reason/list",
    schemas.CancelReasonListRequest,
    schemas.CancelReasonListResponse,
    safe=True,
)
POSTING_CANCEL = Endpoint(
    "/v2/posting/fbs/cancel",
    schemas.PostingCancelRequest,
    schemas.PostingCancelResponse,
    safe=False,
)
PRODUCT_CANCEL = Endpoint(
    "/v2/posting/fbs/product/cancel",
    schemas.ProductCancelRequest,
    schemas.ProductCancelResponse,
    safe=False,
)
PRODUCTS_STOCKS = Endpoint(
    "/v2/products/stocks",
    schemas.ProductsStocksRequest,
    schemas.ProductsStocksResponse,
    safe=True,  # setting the same stock again changes nothing
)
WAREHOUSE_STOCKS = Endpoint(
    "/v2/product/info/stocks-by-warehouse/fbs",
    schemas.WarehouseStocksRequest,
    schemas.WarehouseStocksResponse,
    safe=True,
)
PACKAGE_LABEL = Endpoint(
    "/v2/posting/fbs/package-label",
    schemas.PackageLabelRequest,
    schemas.PackageLabelFile,
    safe=True,
)
"""Reading a label changes nothing at Ozon, so it may be asked again."""
PACKAGE_LABEL_CREATE = Endpoint(
    "/v3/posting/fbs/package-label/create",
    schemas.PackageLabelTaskCreateRequest,
    schemas.PackageLabelTaskCreateResponse,
    safe=False,
)
"""Each call starts a new task at Ozon: sent once."""
PACKAGE_LABEL_GET = Endpoint(
    "/v2/posting/fbs/package-label/get",
    schemas.PackageLabelTaskGetRequest,
    schemas.PackageLabelTaskGetResponse,
    safe=True,
)
PRODUCT_LIST = Endpoint(
    "/v3/product/list", schemas.ProductListRequest, schemas.ProductListResponse, safe=True
)
PRODUCT_INFO_LIST = Endpoint(
    "/v3/product/info/list",
    schemas.ProductInfoListRequest,
    schemas.ProductInfoListResponse,
    safe=True,
)
POSTING_SHIP = Endpoint(
    "/v4/posting/fbs/ship",
    schemas.ShipRequest,
    schemas.ShipResponse,
    safe=False,
)
"""Assembling changes the posting at Ozon: sent once, never repeated after a timeout or a 5xx."""
POSTING_RESTRICTIONS = Endpoint(
    "/v1/posting/fbs/restrictions",
    schemas.RestrictionsRequest,
    schemas.RestrictionsResponse,
    safe=True,
)
PRODUCT_ATTRIBUTES = Endpoint(
    "/v4/product/info/attributes",
    schemas.AttributesRequest,
    schemas.AttributesResponse,
    safe=True,
)
CARRIAGE_CREATE = Endpoint(
    "/v1/carriage/create",
    schemas.CarriageCreateRequest,
    schemas.CarriageCreateResponse,
    safe=False,
)
"""Each call may make a carriage: sent once."""
CARRIAGE_APPROVE = Endpoint(
    "/v1/carriage/approve",
    schemas.CarriageApproveRequest,
    schemas.CarriageApproveResponse,
    safe=False,
)
CARRIAGE_GET = Endpoint(
    "/v1/carriage/get",
    schemas.CarriageGetRequest,
    schemas.CarriageGetResponse,
    safe=True,
)
CARRIAGE_CANCEL = Endpoint(
    "/v1/carriage/cancel",
    schemas.CarriageCancelRequest,
    schemas.CarriageCancelResponse,
    safe=False,
)
CARRIAGE_AVAILABLE_LIST = Endpoint(
    "/v1/posting/carriage-available/list",
    schemas.CarriageAvailableListRequest,
    schemas.CarriageAvailableListResponse,
    safe=True,
)
"""The carriages of a delivery method and day: reading them changes nothing, so a lost answer
is asked again."""
ACT_POSTINGS = Endpoint(
    "/v2/posting/fbs/act/get-postings",
    schemas.ActRequest,
    schemas.ActPostingsResponse,
    safe=True,
)
ACT_PDF = Endpoint("/v2/posting/fbs/act/get-pdf", schemas.ActRequest, schemas.ActFile, safe=True)
"""The shipping list and waybill of a carriage: reading them changes nothing."""
ACT_CONTAINER_LABELS = Endpoint(
    "/v2/posting/fbs/act/get-container-labels",
    schemas.ActRequest,
    schemas.ActFile,
    safe=True,
)
TRACKING_NUMBER_SET = Endpoint(
    "/v2/fbs/posting/tracking-number/set",
    schemas.TrackingNumberSetRequest,
    schemas.MoveStatusResponse,
    safe=False,
)
RFBS_DELIVERING = Endpoint(
    "/v2/fbs/posting/delivering",
    schemas.MoveStatusRequest,
    schemas.MoveStatusResponse,
    safe=False,
)
"""The rFBS status moves change postings at Ozon: sent once; a repeated move is refused with
``TRANSITION_IS_NOT_POSSIBLE``, so read the posting back instead."""
RFBS_LAST_MILE = Endpoint(
    "/v2/fbs/posting/last-mile",
    schemas.MoveStatusRequest,
    schemas.MoveStatusResponse,
    safe=False,
)
RFBS_DELIVERED = Endpoint(
    "/v2/fbs/posting/delivered",
    schemas.MoveStatusRequest,
    schemas.MoveStatusResponse,
    safe=False,
)
