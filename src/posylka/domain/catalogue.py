"""The seller's catalogue: one product per offer_id of a store, with what packing needs to know.

Ozon knows a product by its ``sku`` (and its own ``product_id``); the seller knows it by the
``offer_id``. posylka keeps both and adds what Ozon does not hold: barcodes the warehouse scans,
sizes and weight, the bin it lies in per warehouse, its unit cost and the packaging flags that
decide how it is packed (fragile, liquid, glass, batteries, aerosols...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from posylka.domain.ids import OfferId, ProductId, Sku, StoreId, WarehouseId

OFFER_ID_MAX = 200
"""Ozon's limit on an offer_id's length (Ozon Seller API, /v3/product/import: ``offer_id``)."""

NAME_MAX = 500
BIN_MAX = 64
BARCODE_MAX = 64


class BarcodeKind(StrEnum):
    """What a barcode encodes; EAN and UPC carry a check digit that is verified."""

    EAN13 = "ean13"
    EAN8 = "ean8"
    UPCA = "upca"
    CODE128 = "code128"
    OTHER = "other"


class BatteryType(StrEnum):
    """Batteries in or with the product: carriers restrict lithium cells by energy (Wh)."""

    NONE = ""
    LI_ION = "li_ion"
    LI_METAL = "li_metal"
    NI_MH = "ni_mh"
    ALKALINE = "alkaline"


class InvalidBarcode(ValueError):
    """A barcode that cannot be what its kind says. ``reason`` is a code (``empty``,
    ``too_long``, ``not_digits``, ``wrong_length``, ``check_digit``, ``not_ascii``) and
    ``params`` its numbers, so a page can say it in the reader's language."""

    def __init__(self, value: str, kind: BarcodeKind, reason: str, **params: int) -> None:
        details = ", ".join(f"{k}={v}" for k, v in params.items())
        super().__init__(f"{value!r} is not a valid {kind.value} barcode: {reason} {details}")
        self.value = value
        self.kind = kind
        self.reason = reason
        self.params = params


_LENGTHS = {BarcodeKind.EAN13: 13, BarcodeKind.EAN8: 8, BarcodeKind.UPCA: 12}


def gtin_check_digit(body: str) -> int:
    """The GS1 check digit of the digits ``body`` (everything but the check digit itself):
    weights 3 and 1 alternate from the rightmost digit."""
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    return (10 - total % 10) % 10


def validate_barcode(value: str, kind: BarcodeKind) -> str:
    """The barcode, trimmed, if it is valid for its kind; raises ``InvalidBarcode`` otherwise."""
    text = value.strip()
    if not text:
        raise InvalidBarcode(value, kind, "empty")
    if len(text) > BARCODE_MAX:
        raise InvalidBarcode(value, kind, "too_long", limit=BARCODE_MAX)
    length = _LENGTHS.get(kind)
    if length is not None:
        if not text.isascii() or not text.isdigit():
            raise InvalidBarcode(value, kind, "not_digits")
        if len(text) != length:
            raise InvalidBarcode(value, kind, "wrong_length", expected=length, got=len(text))
        expected = gtin_check_digit(text[:-1])
        if int(text[-1]) != expected:
            raise InvalidBarcode(value, kind, "check_digit", expected=expected)
    elif not text.isascii() or not text.isprintable():
        raise InvalidBarcode(value, kind, "not_ascii")
    return text


def guess_barcode_kind(value: str) -> BarcodeKind:
    """The kind a bare barcode most likely is: 13 digits are EAN-13, 8 EAN-8, 12 UPC-A;
    anything else is kept as ``other`` (Ozon's own ``OZN...`` codes, Code 128 labels)."""
    text = value.strip()
    if text.isascii() and text.isdigit():
        return {13: BarcodeKind.EAN13, 8: BarcodeKind.EAN8, 12: BarcodeKind.UPCA}.get(
            len(text), BarcodeKind.OTHER
        )
    return BarcodeKind.OTHER


@dataclass(frozen=True, slots=True)
class Barcode:
    value: str
    kind: BarcodeKind = BarcodeKind.EAN13


@dataclass(frozen=True, slots=True)
class Dimensions:
    """Packed size in millimetres and weight in grams; ``None`` where not known yet."""

    length_mm: int | None = None
    width_mm: int | None = None
    height_mm: int | None = None
    weight_g: int | None = None

    @property
    def volume_cm3(self) -> Decimal | None:
        if self.length_mm is None or self.width_mm is None or self.height_mm is None:
            return None
        return Decimal(self.length_mm * self.width_mm * self.height_mm) / 1000


@dataclass(frozen=True, slots=True)
class PackagingFlags:
    """How a product must be packed and which carriers may take it."""

    fragile: bool = False
    liquid: bool = False
    liquid_ml: int | None = None
    glass: bool = False
    battery: BatteryType = BatteryType.NONE
    battery_wh: Decimal | None = None
    aerosol: bool = False
    flammable: bool = False
    keep_upright: bool = False
    needs_mark: bool = False
    """Under mandatory marking (Честный ЗНАК): a mark per unit is scanned at assembly."""

    @property
    def has_battery(self) -> bool:
        return self.battery is not BatteryType.NONE

    @property
    def is_dangerous(self) -> bool:
        """Goods some carriers refuse or take only by ground: aerosols, flammables, lithium."""
        return (
            self.aerosol
            or self.flammable
            or self.battery in (BatteryType.LI_ION, BatteryType.LI_METAL)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class ProductDraft:
    """A product as an import, a form or the Ozon pull gives it: everything but posylka's id.

    ``bins`` maps a warehouse to the bin (shelf code) the product lies in there.
    """

    store_id: StoreId
    offer_id: OfferId
    name: str = ""
    sku: Sku | None = None
    ozon_product_id: int | None = None
    dimensions: Dimensions = Dimensions()
    unit_cost: Decimal | None = None
    flags: PackagingFlags = PackagingFlags()
    barcodes: tuple[Barcode, ...] = ()
    bins: Mapping[WarehouseId, str] = field(default_factory=dict)
    low_stock_threshold: int | None = None
    safety_buffer: int = 0


@dataclass(frozen=True, slots=True, kw_only=True)
class Product(ProductDraft):
    """A product in a store's catalogue."""

    id: ProductId
    updated_at: datetime

    def bin_in(self, warehouse_id: WarehouseId) -> str:
        return self.bins.get(warehouse_id, "")

    def draft(self) -> ProductDraft:
        return ProductDraft(
            store_id=self.store_id,
            offer_id=self.offer_id,
            name=self.name,
            sku=self.sku,
            ozon_product_id=self.ozon_product_id,
            dimensions=self.dimensions,
            unit_cost=self.unit_cost,
            flags=self.flags,
            barcodes=self.barcodes,
            bins=dict(self.bins),
            low_stock_threshold=self.low_stock_threshold,
            safety_buffer=self.safety_buffer,
        )


@dataclass(frozen=True, slots=True)
class MarketplaceProduct:
    """What Ozon says about one of the seller's products (/v3/product/info/list)."""

    offer_id: OfferId
    name: str
    sku: Sku | None
    ozon_product_id: int
    barcodes: tuple[str, ...] = ()
    archived: bool = False
    dimensions: Dimensions = Dimensions()
    """The packed size and weight on the product's Ozon card (``/v4/product/info/attributes``)."""


@dataclass(frozen=True, slots=True)
class MarketplaceProductPage:
    """One page of the seller's products on Ozon; ``last_id`` asks for the next (empty: none)."""

    products: tuple[MarketplaceProduct, ...]
    last_id: str
    total: int | None = None


@dataclass(frozen=True, slots=True)
class CatalogueQuery:
    """A page of a store's catalogue; ``text`` matches offer_id, SKU, name or a barcode."""

    store_id: StoreId
    text: str = ""
    offset: int = 0
    limit: int = 50


@dataclass(frozen=True, slots=True)
class CataloguePage:
    products: tuple[Product, ...]
    total: int
    offset: int
    limit: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.products) < self.total


@dataclass(frozen=True, slots=True)
class CatalogueChanges:
    """What a write did: products created and updated (unchanged ones count as neither)."""

    created: int = 0
    updated: int = 0
    product_ids: tuple[ProductId, ...] = ()


def merge_marketplace(
    store_id: StoreId, item: MarketplaceProduct, existing: ProductDraft | None
) -> ProductDraft:
    """A product as Ozon describes it, on top of what the seller keeps: Ozon decides the SKU,
    its product id and the name (when it gives one) and adds barcodes; bins, costs and flags
    stay the seller's, and so do sizes and weight, Ozon's card filling only those the seller has
    not given. A barcode Ozon lists that fails its check is left out."""
    base = existing or ProductDraft(store_id=store_id, offer_id=item.offer_id)
    barcodes = list(base.barcodes)
    known = {b.value for b in barcodes}
    for value in item.barcodes:
        kind = guess_barcode_kind(value)
        try:
            clean = validate_barcode(value, kind)
        except InvalidBarcode:
            continue
        if clean not in known:
            known.add(clean)
            barcodes.append(Barcode(clean, kind))
    return replace(
        base,
        sku=item.sku if item.sku is not None else base.sku,
        ozon_product_id=item.ozon_product_id,
        name=item.name[:NAME_MAX] if item.name else base.name,
        barcodes=tuple(barcodes),
        dimensions=_filled(base.dimensions, item.dimensions),
    )


def _filled(own: Dimensions, ozon: Dimensions) -> Dimensions:
    """The seller's sizes, with Ozon's where the seller has none."""
    return Dimensions(
        length_mm=own.length_mm if own.length_mm is not None else ozon.length_mm,
        width_mm=own.width_mm if own.width_mm is not None else ozon.width_mm,
        height_mm=own.height_mm if own.height_mm is not None else ozon.height_mm,
        weight_g=own.weight_g if own.weight_g is not None else ozon.weight_g,
    )
