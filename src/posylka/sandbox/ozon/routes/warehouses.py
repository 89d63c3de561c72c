"""Warehouse and delivery-method lists: ``/v2/warehouse/list`` and ``/v2/delivery-method/list``,
both paged by cursor (Seller API, WarehouseListV2 and DeliveryMethodListV2)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TypeVar

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon import cursor as cursors
from posylka.sandbox.ozon.bodies import parse
from posylka.sandbox.ozon.errors import invalid
from posylka.sandbox.ozon.network import DeliveryMethod, Warehouse
from posylka.sandbox.ozon.routes.replies import reply
from posylka.sandbox.ozon.state import SandboxState

T = TypeVar("T")

WAREHOUSE_LIMIT = 100
METHOD_LIMIT = 100
"""Ozon's v2 documents give no ceiling for either list (v1 of the delivery-method list allowed
1..50); the sandbox takes the posting lists' ceiling of 100."""
WORKING_DAYS = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]


def _limit(value: int | None, model: str, ceiling: int) -> int:
    if value is None or not 1 <= value <= ceiling:
        raise invalid(f"invalid {model}.Limit: value must be inside range [1, {ceiling}]")
    return value


def _slice(
    items: Sequence[T], limit: int, cursor: str | None, printed: str
) -> tuple[list[T], str, bool]:
    """One page of an in-memory list; the cursor holds the position reached."""
    start = 0
    if cursor:
        start, _ = cursors.decode(cursor, printed)
    chunk = list(items[start : start + limit])
    has_next = start + limit < len(items)
    return chunk, cursors.encode((start + limit, ""), printed) if has_next else "", has_next


def routes(state: SandboxState) -> list[BaseRoute]:
    created = state.anchor - timedelta(days=420)

    def warehouse(index: int, item: Warehouse) -> wire.Warehouse:
        return wire.Warehouse(
            warehouse_id=item.id,
            name=item.name,
            status="created",
            is_rfbs=item.is_rfbs,
            is_kgt=False,
            is_express=item.is_express,
            has_entrusted_acceptance=False,
            carriage_label_type="BIG",
            cut_in_time=0,
            sla_cut_in=1440,
            postings_limit=-1,
            working_days=WORKING_DAYS[:6] if item.is_rfbs else WORKING_DAYS,
            first_mile=wire.FirstMile(
                type=item.first_mile,
                dropoff_point_id="",
                timeslot_from="09:00",
                timeslot_to="18:00",
            ),
            address_info=wire.WarehouseAddressInfo(
                address=item.address, latitude=item.latitude, longitude=item.longitude, utc=item.utc
            ),
            created_at=created + timedelta(days=31 * index),
            updated_at=created + timedelta(days=31 * index + 200),
        )

    def method(index: int, item: DeliveryMethod) -> wire.DeliveryMethod:
        return wire.DeliveryMethod(
            id=item.id,
            name=item.name,
            warehouse_id=item.warehouse.id,
            provider_id=item.provider.id,
            status="ACTIVE",
            cutoff=item.cutoff,
            sla_cut_in=item.sla_cut_in,
            template_id=0,
            is_express=item.is_express,
            tpl_integration_type=item.integration,
            created_at=created + timedelta(days=17 * index, hours=3),
            updated_at=created + timedelta(days=17 * index + 90),
        )

    async def warehouse_list(request: Request) -> Response:
        body = parse(wire.WarehouseListRequest, await request.body())
        limit = _limit(body.limit, "WarehouseListV2Request", WAREHOUSE_LIMIT)
        wanted = set(body.warehouse_ids or ())
        chosen = [(i, w) for i, w in enumerate(state.warehouses) if not wanted or w.id in wanted]
        printed = cursors.fingerprint({"warehouses": sorted(wanted)})
        chunk, cursor, has_next = _slice(chosen, limit, body.cursor, printed)
        return reply(
            wire.WarehouseListResponse(
                warehouses=[warehouse(i, w) for i, w in chunk], cursor=cursor, has_next=has_next
            )
        )

    async def method_list(request: Request) -> Response:
        body = parse(wire.DeliveryMethodListRequest, await request.body())
        limit = _limit(body.limit, "DeliveryMethodListV2Request", METHOD_LIMIT)
        flt = body.filter or wire.DeliveryMethodFilter()
        warehouses, ids = set(flt.warehouse_ids or ()), set(flt.delivery_method_ids or ())
        providers, statuses = set(flt.provider_ids or ()), {s.upper() for s in flt.status or ()}
        chosen = [
            (i, m)
            for i, m in enumerate(state.methods)
            if (not warehouses or m.warehouse.id in warehouses)
            and (not ids or m.id in ids)
            and (not providers or m.provider.id in providers)
            and (not statuses or "ACTIVE" in statuses)
        ]
        descending = (body.sort_dir or "ASC").upper() == "DESC"
        chosen.sort(key=lambda pair: pair[1].id, reverse=descending)
        printed = cursors.fingerprint(
            {"filter": flt.to_wire(), "desc": descending, "endpoint": "delivery-methods"}
        )
        chunk, cursor, has_next = _slice(chosen, limit, body.cursor, printed)
        return reply(
            wire.DeliveryMethodListResponse(
                delivery_methods=[method(i, m) for i, m in chunk], cursor=cursor, has_next=has_next
            )
        )

    return [
        Route("/v2/warehouse/list", warehouse_list, methods=["POST"]),
        Route("/v2/delivery-method/list", method_list, methods=["POST"]),
    ]
