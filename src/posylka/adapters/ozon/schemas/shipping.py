"""Wire models of assembly, in Ozon's own names: ``/v4/posting/fbs/ship``,
``/v4/posting/fbs/ship/package`` and ``/v1/posting/fbs/restrictions``, and the product sizes of
``/v4/product/info/attributes`` that box choice needs.

Shared by the client and the sandbox like every model of this package (whose base classes these
use). Units on the wire are Ozon's: restrictions give weights in grams and sizes in centimetres;
product attributes name their units (``dimension_unit`` ``mm``/``cm``/``in``, ``weight_unit``
``g``/``kg``/``lb``...). Sizes, weights and prices are integers in Ozon's examples and may be
fractions: ``int | float`` keeps an integer an integer on the way through.
"""

from __future__ import annotations

from pydantic import Field

from posylka.adapters.ozon.schemas.base import Int64, Int64AsString, RequestModel, WireModel

# ---------------------------------------------------------------------------------------------
# Assembly: /v4/posting/fbs/ship


class ShipProduct(RequestModel):
    """Units of one product in a package; ``product_id`` is the SKU (Seller API,
    PostingAPI_ShipFbsPostingV4)."""

    product_id: Int64
    quantity: int


class ShipPackage(RequestModel):
    products: list[ShipProduct] | None = None


class ShipWith(RequestModel):
    additional_data: bool | None = None


class ShipRequest(RequestModel):
    """Assemble a posting as ``packages``: one package keeps the posting whole, several split it
    into as many postings."""

    posting_number: str | None = None
    packages: list[ShipPackage] | None = None
    with_: ShipWith | None = Field(default=None, alias="with")


class ShipAdditionalProduct(WireModel):
    sku: Int64 | None = None
    offer_id: str | None = None
    name: str | None = None
    quantity: int | None = None
    price: str | None = None
    currency_code: str | None = None
    mandatory_mark: list[str] | None = None


class ShipAdditionalData(WireModel):
    """One posting the assembly produced and what is in it (with ``with.additional_data``)."""

    posting_number: str | None = None
    products: list[ShipAdditionalProduct] | None = None


class ShipResponse(WireModel):
    """The numbers of the postings the assembly produced, the first being the original."""

    result: list[str] | None = None
    additional_data: list[ShipAdditionalData] | None = None


# ---------------------------------------------------------------------------------------------
# Partial assembly: /v4/posting/fbs/ship/package


class ShipPackageProduct(RequestModel):
    product_id: Int64
    quantity: int
    exemplarsIds: list[str] | None = None  # noqa: N815 (Ozon's name)


class ShipPackageRequest(RequestModel):
    """Assemble one package of a posting; the rest stays to be assembled."""

    posting_number: str | None = None
    products: list[ShipPackageProduct] | None = None


class ShipPackageResponse(WireModel):
    result: str | None = None
    """The number of the posting the package became."""


# ---------------------------------------------------------------------------------------------
# The drop-off point's limits: /v1/posting/fbs/restrictions


class RestrictionsRequest(RequestModel):
    posting_number: str | None = None


class Restrictions(WireModel):
    """Weights in grams, sizes in centimetres, prices in roubles (Seller API,
    PostingAPI_GetRestrictions)."""

    posting_number: str | None = None
    max_posting_weight: int | float | None = None
    min_posting_weight: int | float | None = None
    width: int | float | None = None
    length: int | float | None = None
    height: int | float | None = None
    max_posting_price: int | float | None = None
    min_posting_price: int | float | None = None


class RestrictionsResponse(WireModel):
    result: Restrictions | None = None


# ---------------------------------------------------------------------------------------------
# Product sizes and weights: /v4/product/info/attributes


class AttributesFilter(RequestModel):
    offer_id: list[str] | None = None
    product_id: list[Int64AsString] | None = None
    sku: list[Int64AsString] | None = None
    visibility: str | None = None


class AttributesRequest(RequestModel):
    """Paged by ``last_id``; ``limit`` 1..1000 (Seller API, ProductAPI_GetProductAttributesV4)."""

    filter: AttributesFilter | None = None
    last_id: str | None = None
    limit: int | None = None
    sort_dir: str | None = None


class ProductAttributes(WireModel):
    """What the attributes call says of one product; only the fields posylka reads."""

    id: Int64
    offer_id: str = ""
    sku: Int64 | None = None
    name: str | None = None
    barcode: str | None = None
    barcodes: list[str] | None = None
    depth: int | float | None = None
    width: int | float | None = None
    height: int | float | None = None
    dimension_unit: str | None = None
    weight: int | float | None = None
    weight_unit: str | None = None


class AttributesResponse(WireModel):
    result: list[ProductAttributes] = Field(default_factory=list)
    last_id: str | None = ""
    total: Int64 | None = None
