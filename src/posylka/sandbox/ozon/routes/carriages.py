"""Carriage and act methods: ``/v1/carriage/create``, ``/approve``, ``/get``, ``/cancel``,
``/v1/posting/carriage-available/list``, ``/v2/posting/fbs/act/get-postings``, ``/get-pdf``
and ``/get-container-labels``.

The rules live in ``sandbox/ozon/carriages.py``, the documents in ``sandbox/ozon/acts.py``. An
unknown carriage is a 404 with code 5; a carriage in the wrong status is a 400 with
``Incorrect_carriage_status``. Documents exist only for a formed carriage; container labels only
when ``approve`` was given ``containers_count``. Documents are sent as the PDF itself, as the
live API sends them.
"""

from __future__ import annotations

from datetime import date

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from posylka.adapters.ozon.schemas import carriage as wire
from posylka.sandbox.ozon.acts import act_lines, render_act, render_container_labels
from posylka.sandbox.ozon.bodies import parse
from posylka.sandbox.ozon.carriages import (
    CANCELLED,
    INCORRECT_STATUS,
    NEW,
    CarriageBook,
    SandboxCarriage,
    moment,
    refused,
)
from posylka.sandbox.ozon.errors import invalid
from posylka.sandbox.ozon.network import DeliveryMethod
from posylka.sandbox.ozon.routes.replies import reply
from posylka.sandbox.ozon.state import SandboxState

ACT_TYPE = "ozon_digital"
COMPANY_ID = 100500


def carriage_reply(
    book: CarriageBook, carriage: SandboxCarriage, now: int
) -> wire.CarriageGetResponse:
    status = book.status_of(carriage, now)
    method = carriage.method
    if status == NEW:
        actions = ["approve", "cancel"]
    elif status == CANCELLED:
        actions = []
    else:
        actions = ["get_act_pdf", "get_waybill"]
        if carriage.containers_count:
            actions.append("get_container_labels")
    return wire.CarriageGetResponse(
        carriage_id=carriage.carriage_id,
        status=status,
        act_type=ACT_TYPE,
        available_actions=actions,
        arrival_pass_ids=[],
        cancel_availability=wire.CancelAvailability(
            is_cancel_available=status == NEW,
            reason="" if status == NEW else f"the carriage is {status}",
        ),
        company_id=COMPANY_ID,
        containers_count=carriage.containers_count or 0,
        created_at=moment(carriage.created_at),
        updated_at=moment(carriage.updated_at),
        delivery_method_id=method.id,
        departure_date=carriage.departure.isoformat(),
        first_mile_type=method.warehouse.first_mile,
        has_postings_for_next_carriage=False,
        integration_type=method.integration,
        is_container_label_printed=False,
        is_partial=False,
        partial_num=0,
        retry_count=0,
        tpl_provider_id=method.provider.id,
        warehouse_id=method.warehouse.id,
        is_waybill_enabled=True,
        is_econom=False,
    )


def available_line(
    book: CarriageBook,
    method: DeliveryMethod,
    departure: date,
    carriage: SandboxCarriage | None,
    now: int,
) -> wire.AvailableCarriage:
    """A line of ``carriage-available/list``: the carriage, or (``None``) the method's postings
    a carriage leaving on ``departure`` would take."""
    warehouse = method.warehouse
    if carriage is None:
        count = len(book.eligible(method, departure, now))
        carriage_id, status = 0, ""
    else:
        count = len(carriage.postings)
        carriage_id, status = carriage.carriage_id, book.status_of(carriage, now)
    return wire.AvailableCarriage(
        carriage_id=carriage_id,
        carriage_postings_count=count,
        carriage_status=status,
        cutoff_at="",
        delivery_method_id=method.id,
        delivery_method_name=method.name,
        errors=[],
        first_mile_type=warehouse.first_mile,
        has_entrusted_acceptance=False,
        mandatory_packaged_count=count,
        mandatory_postings_count=count,
        recommended_time_local="",
        recommended_time_utc_offset_in_minutes=0,
        tpl_provider_icon_url="",
        tpl_provider_name=method.provider.name,
        warehouse_city="",
        warehouse_id=warehouse.id,
        warehouse_name=warehouse.name,
        warehouse_timezone=warehouse.utc,
    )


def routes(state: SandboxState) -> list[BaseRoute]:
    book = CarriageBook(state)

    def formed(carriage_id: int | None) -> SandboxCarriage:
        carriage = book.get(carriage_id)
        if carriage.status in (NEW, CANCELLED):
            raise refused(
                INCORRECT_STATUS, f"documents are made once the carriage is approved, it is "
                f"{carriage.status}"
            )  # fmt: skip
        return carriage

    async def create(request: Request) -> Response:
        body = parse(wire.CarriageCreateRequest, await request.body())
        carriage = book.create(body.delivery_method_id, body.departure_date)
        return reply(wire.CarriageCreateResponse(carriage_id=carriage.carriage_id))

    async def approve(request: Request) -> Response:
        body = parse(wire.CarriageApproveRequest, await request.body())
        book.approve(body.carriage_id, body.containers_count)
        return reply(wire.CarriageApproveResponse())

    async def get(request: Request) -> Response:
        body = parse(wire.CarriageGetRequest, await request.body())
        carriage = book.get(body.carriage_id)
        return reply(carriage_reply(book, carriage, state.now()))

    async def cancel(request: Request) -> Response:
        body = parse(wire.CarriageCancelRequest, await request.body())
        carriage = book.cancel(body.carriage_id)
        return reply(wire.CarriageCancelResponse(carriage_status=carriage.status, error=""))

    async def available(request: Request) -> Response:
        body = parse(wire.CarriageAvailableListRequest, await request.body())
        method, departure, found = book.of_day(body.delivery_method_id, body.departure_date)
        now = state.now()
        if method is None or departure is None:
            return reply(wire.CarriageAvailableListResponse(result=[]))
        lines = [available_line(book, method, departure, c, now) for c in found]
        if not lines and book.eligible(method, departure, now):
            lines = [available_line(book, method, departure, None, now)]
        return reply(wire.CarriageAvailableListResponse(result=lines))

    async def act_postings(request: Request) -> Response:
        body = parse(wire.ActRequest, await request.body())
        carriage = book.get(body.id)
        now = state.now()
        found = []
        if carriage.status != CANCELLED:
            for number in carriage.postings:
                posting = state.posting(number)
                event = posting.timeline.at(now)
                found.append(
                    wire.ActPosting(
                        id=posting.order_id,
                        posting_number=number,
                        status=event.status if event else "",
                        multi_box_qty=1,
                        created_at=moment(posting.in_process_at),
                        updated_at=moment(carriage.updated_at),
                        scanit="",
                        seller_error="",
                        is_blr_traceable=False,
                        products=[
                            wire.ActProduct(
                                name=item.product.name,
                                offer_id=item.product.offer_id,
                                price=f"{item.price:.2f}",
                                quantity=item.quantity,
                                sku=item.product.sku,
                            )
                            for item in posting.items
                        ],
                    )
                )
        return reply(wire.ActPostingsResponse(result=found))

    async def act_pdf(request: Request) -> Response:
        body = parse(wire.ActRequest, await request.body())
        carriage = formed(body.id)
        postings = [state.posting(number) for number in carriage.postings]
        pdf = render_act(carriage, act_lines(postings))
        return Response(pdf, media_type="application/pdf")

    async def container_labels(request: Request) -> Response:
        body = parse(wire.ActRequest, await request.body())
        carriage = formed(body.id)
        if not carriage.containers_count:
            raise invalid(
                f"carriage {carriage.carriage_id} has no containers: containers_count was not "
                "given when it was approved"
            )
        pdf = render_container_labels(carriage, carriage.containers_count)
        return Response(pdf, media_type="application/pdf")

    return [
        Route("/v1/carriage/create", create, methods=["POST"]),
        Route("/v1/carriage/approve", approve, methods=["POST"]),
        Route("/v1/carriage/get", get, methods=["POST"]),
        Route("/v1/carriage/cancel", cancel, methods=["POST"]),
        Route("/v1/posting/carriage-available/list", available, methods=["POST"]),
        Route("/v2/posting/fbs/act/get-postings", act_postings, methods=["POST"]),
        Route("/v2/posting/fbs/act/get-pdf", act_pdf, methods=["POST"]),
        Route("/v2/posting/fbs/act/get-container-labels", container_labels, methods=["POST"]),
    ]
