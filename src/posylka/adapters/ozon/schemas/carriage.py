"""Wire models of the FBS hand-over, in Ozon's own names: ``/v1/carriage/create``,
``/v1/carriage/approve``, ``/v1/carriage/get``, ``/v1/carriage/cancel``,
``/v1/posting/carriage-available/list``, ``/v2/posting/fbs/act/get-postings``,
``/v2/posting/fbs/act/get-pdf`` and ``/v2/posting/fbs/act/get-container-labels``.

Shared by the client and the sandbox like every model of this package (whose base classes these
use). A carriage is Ozon's hand-over of one delivery method's assembled postings on one departure
date; its id travels as an int64 and the act methods call it ``id``.
"""

from __future__ import annotations

from posylka.adapters.ozon.schemas.base import DocumentFile, Int64, RequestModel, WireModel

# ---------------------------------------------------------------------------------------------
# The carriage


class CarriageCreateRequest(RequestModel):
    """``departure_date`` is a day (``2026-11-20``; Ozon's 2025 document types it as a date-time,
    so the sandbox reads both); omitted means today."""

    delivery_method_id: Int64 | None = None
    departure_date: str | None = None
    all_blr_traceable: bool | None = None


class CarriageCreateResponse(WireModel):
    carriage_id: Int64 | None = None


class CarriageApproveRequest(RequestModel):
    """``containers_count`` only for warehouses with trusted acceptance (Seller API,
    CarriageAPI_CarriageApprove)."""

    carriage_id: Int64 | None = None
    containers_count: int | None = None


class CarriageApproveResponse(WireModel):
    """Ozon answers ``{}``."""


class CarriageGetRequest(RequestModel):
    carriage_id: Int64 | None = None


class CancelAvailability(WireModel):
    is_cancel_available: bool | None = None
    reason: str | None = None


class CarriageGetResponse(WireModel):
    """A carriage as ``/v1/carriage/get`` shows it (top level, no ``result`` wrapper)."""

    carriage_id: Int64 | None = None
    status: str | None = None
    act_type: str | None = None
    available_actions: list[str] | None = None
    arrival_pass_ids: list[str] | None = None
    cancel_availability: CancelAvailability | None = None
    company_id: Int64 | None = None
    containers_count: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    delivery_method_id: Int64 | None = None
    departure_date: str | None = None
    first_mile_type: str | None = None
    has_postings_for_next_carriage: bool | None = None
    integration_type: str | None = None
    is_container_label_printed: bool | None = None
    is_partial: bool | None = None
    partial_num: Int64 | None = None
    retry_count: int | None = None
    tpl_provider_id: Int64 | None = None
    warehouse_id: Int64 | None = None
    is_waybill_enabled: bool | None = None
    is_econom: bool | None = None


class CarriageCancelRequest(RequestModel):
    carriage_id: Int64 | None = None


class CarriageCancelResponse(WireModel):
    """``error`` is empty when the carriage was cancelled."""

    carriage_status: str | None = None
    error: str | None = None


class CarriageAvailableListRequest(RequestModel):
    """``delivery_method_id`` is required by Ozon; ``departure_date`` a day, today when omitted."""

    delivery_method_id: Int64 | None = None
    departure_date: str | None = None


class CarriageError(WireModel):
    code: str | None = None
    status: str | None = None


class AvailableCarriage(WireModel):
    """One line of ``/v1/posting/carriage-available/list``: a delivery method's hand-over on the
    day, with its carriage when one exists (``carriage_id``, ``carriage_status``)."""

    carriage_id: Int64 | None = None
    carriage_postings_count: int | None = None
    carriage_status: str | None = None
    cutoff_at: str | None = None
    delivery_method_id: Int64 | None = None
    delivery_method_name: str | None = None
    errors: list[CarriageError] | None = None
    first_mile_type: str | None = None
    has_entrusted_acceptance: bool | None = None
    mandatory_packaged_count: int | None = None
    mandatory_postings_count: int | None = None
    recommended_time_local: str | None = None
    recommended_time_utc_offset_in_minutes: float | None = None
    tpl_provider_icon_url: str | None = None
    tpl_provider_name: str | None = None
    warehouse_city: str | None = None
    warehouse_id: Int64 | None = None
    warehouse_name: str | None = None
    warehouse_timezone: str | None = None


class CarriageAvailableListResponse(WireModel):
    result: list[AvailableCarriage] | None = None


# ---------------------------------------------------------------------------------------------
# The act: postings, documents, container labels


class ActRequest(RequestModel):
    """The act methods name the carriage ``id``."""

    id: Int64 | None = None


class ActProduct(WireModel):
    name: str | None = None
    offer_id: str | None = None
    price: str | None = None
    quantity: int | None = None
    sku: Int64 | None = None


class ActPosting(WireModel):
    id: Int64 | None = None
    posting_number: str | None = None
    status: str | None = None
    multi_box_qty: int | None = None
    created_at: str | None = None
    updated_at: str | None = None
    scanit: str | None = None
    seller_error: str | None = None
    is_blr_traceable: bool | None = None
    products: list[ActProduct] | None = None


class ActPostingsResponse(WireModel):
    result: list[ActPosting] | None = None


class ActFile(DocumentFile):
    """The documented JSON form of the act and container-label replies (``file_content`` holds the
    PDF, base64 or raw); the live API sends the PDF itself as the body."""
