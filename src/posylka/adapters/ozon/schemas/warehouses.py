"""The seller's FBS warehouses and their delivery methods: ``/v2/warehouse/list`` and
``/v2/delivery-method/list``, both paged by ``cursor``.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from posylka.adapters.ozon.schemas.base import (
    Int64,
    Int64AsString,
    RequestModel,
    SortDir,
    WireModel,
)


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
