"""Stores (Ozon seller accounts), their warehouses and delivery methods."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from posylka.domain.ids import DeliveryMethodId, StoreId, WarehouseId
from posylka.domain.postings import IntegrationType

OZON_BASE_URL = "https://api-seller.ozon.ru"


@dataclass(frozen=True, slots=True)
class Store:
    """One Ozon seller account. The API key is held encrypted by the database adapter."""

    id: StoreId
    name: str
    client_id: str
    base_url: str = OZON_BASE_URL
    is_active: bool = True


@dataclass(frozen=True, slots=True)
class StoreCredentials:
    client_id: str
    api_key: str
    base_url: str


@dataclass(frozen=True, slots=True)
class Warehouse:
    store_id: StoreId
    warehouse_id: WarehouseId
    name: str
    status: str = ""
    is_rfbs: bool = False
    is_express: bool = False
    is_kgt: bool = False


@dataclass(frozen=True, slots=True)
class DeliveryMethod:
    store_id: StoreId
    delivery_method_id: DeliveryMethodId
    name: str
    warehouse_id: WarehouseId | None
    integration_type: IntegrationType
    status: str = ""
    provider_id: int | None = None
    cutoff: str = ""


class Role(StrEnum):
    """What a staff member may do: admins configure, managers run the day, packers pack."""

    ADMIN = "admin"
    MANAGER = "manager"
    PACKER = "packer"

    @property
    def can_manage_settings(self) -> bool:
        return self is Role.ADMIN

    @property
    def can_manage_postings(self) -> bool:
        return self in (Role.ADMIN, Role.MANAGER)
