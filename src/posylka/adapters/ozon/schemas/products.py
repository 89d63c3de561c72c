"""The seller's products: ``/v3/product/list`` (paged by ``last_id``) and
``/v3/product/info/list``. The sizes and weights box choice needs are in :mod:`shipping`.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from posylka.adapters.ozon.schemas.base import Int64, Int64AsString, RequestModel, WireModel


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
