"""One store's view of Ozon, in posylka's words: the ``MarketplaceGateway`` the use cases call.

The gateway asks the client for Ozon's replies and hands back domain values. It is built per store
(one Client-Id, one rate limiter); ``open_gateway`` builds it from the store's credentials.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import date

import httpx

from posylka.adapters.ozon import carriage, endpoints, products, rfbs, schemas, shipping, stocks
from posylka.adapters.ozon import labels as label_calls
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.errors import malformed_reply
from posylka.adapters.ozon.limits import RateLimiter, RateLimiters
from posylka.adapters.ozon.mapping import (
    MappingError,
    map_cancel_reason,
    map_delivery_method,
    map_posting,
    map_warehouse,
)
from posylka.adapters.ozon.posting_pages import (
    POSTING_DETAILS,
    build_list_request,
    read_postings_reply,
)
from posylka.adapters.ozon.retry import RetryPolicy, RetryReason
from posylka.domain.cancellation import CancelItem, CancelReason
from posylka.domain.catalogue import MarketplaceProductPage
from posylka.domain.errors import BadRequest
from posylka.domain.ids import DeliveryMethodId, PostingNumber, StoreId
from posylka.domain.labels import LabelTask, LabelTaskState
from posylka.domain.postings import Posting
from posylka.domain.shipping import (
    Carriage,
    ItemResult,
    Package,
    PostingRestrictions,
    RfbsMove,
)
from posylka.domain.stock_push import OzonStock, StockPushItem, StockUpdate
from posylka.domain.stores import DeliveryMethod, StoreCredentials, Warehouse
from posylka.domain.sync import PostingPage, PostingQuery

DIRECTORY_PAGE_LIMIT = 100
"""Page size for the warehouse and delivery-method lists (Ozon states no maximum for them)."""


class OzonGateway:
    """Postings, warehouses, delivery methods and cancel reasons of one Ozon store."""

    def __init__(self, store_id: StoreId, client: OzonClient) -> None:
        self.store_id = store_id
        self.client = client

    @property
    def api_calls(self) -> int:
        """HTTP requests sent so far, retries included."""
        return self.client.api_calls

    @property
    def retries(self) -> dict[RetryReason, int]:
        """Requests sent again, by reason."""
        return self.client.retries

    async def fetch_postings_page(self, query: PostingQuery, cursor: str = "") -> PostingPage:
        """One page of ``/v4/posting/fbs/list``; postings that cannot be read are set aside."""
        endpoint = endpoints.POSTING_LIST
        reply = await self.client.call_reply(endpoint, build_list_request(query, cursor))
        return read_postings_reply(reply, store_id=self.store_id, path=endpoint.path, cursor=cursor)

    async def iter_postings_pages(
        self, query: PostingQuery, cursor: str = ""
    ) -> AsyncIterator[PostingPage]:
        """Every page of ``query`` from ``cursor`` on, in Ozon's order."""
        seen = {cursor} if cursor else set()
        while True:
            page = await self.fetch_postings_page(query, cursor)
            yield page
            if not page.has_next:
                return
            if page.cursor in seen:
                raise malformed_reply(
                    f"cursor {page.cursor!r} came back twice", path=endpoints.POSTING_LIST.path
                )
            seen.add(page.cursor)
            cursor = page.cursor

    async def fetch_posting(self, posting_number: PostingNumber) -> Posting:
        """One posting by number (``/v3/posting/fbs/get``); ``NotFound`` if Ozon has none."""
        endpoint = endpoints.POSTING_GET
        request = schemas.PostingGetRequest(
            posting_number=posting_number,
            with_=schemas.GetWith(**POSTING_DETAILS.model_dump(exclude_none=True)),
        )
        reply = await self.client.call(endpoint, request, context=f"posting {posting_number}")
        try:
            return map_posting(self.store_id, reply.result)
        except MappingError as exc:
            raise malformed_reply(f"posting {posting_number}: {exc}", path=endpoint.path) from exc

    async def fetch_warehouses(self) -> list[Warehouse]:
        """All the store's warehouses (every page of ``/v2/warehouse/list``)."""
        request = schemas.WarehouseListRequest(limit=DIRECTORY_PAGE_LIMIT)
        found: list[Warehouse] = []
        async for page in self.client.pages(endpoints.WAREHOUSE_LIST, request):
            found.extend(map_warehouse(self.store_id, w) for w in page.warehouses)
        return found

    async def fetch_delivery_methods(self) -> list[DeliveryMethod]:
        """All the store's delivery methods (every page of ``/v2/delivery-method/list``)."""
        request = schemas.DeliveryMethodListRequest(limit=DIRECTORY_PAGE_LIMIT)
        found: list[DeliveryMethod] = []
        async for page in self.client.pages(endpoints.DELIVERY_METHOD_LIST, request):
            found.extend(map_delivery_method(self.store_id, m) for m in page.delivery_methods)
        return found

    async def fetch_cancel_reasons(self) -> list[CancelReason]:
        """The reasons Ozon offers this seller (``/v2/posting/fbs/cancel-reason/list``)."""
        reply = await self.client.call(
            endpoints.CANCEL_REASON_LIST, schemas.CancelReasonListRequest()
        )
        return [map_cancel_reason(r) for r in reply.result]

    async def cancel_posting(
        self, posting_number: PostingNumber, reason_id: int, message: str = ""
    ) -> None:
        """Cancel the whole posting (``/v2/posting/fbs/cancel``); sent once, never repeated.

        Ozon refuses with ``BadRequest`` (wrong status, wrong reason, already cancelled) or
        ``NotFound``; a reply of ``result: false`` is a refusal too.
        """
        endpoint = endpoints.POSTING_CANCEL
        request = schemas.PostingCancelRequest(
            posting_number=posting_number,
            cancel_reason_id=reason_id,
            cancel_reason_message=message or None,
        )
        reply = await self.client.call(endpoint, request, context=f"posting {posting_number}")
        if reply.result is not True:
            raise BadRequest(
                f"Ozon did not cancel posting {posting_number}", path=endpoint.path, status=200
            )

    async def cancel_items(
        self,
        posting_number: PostingNumber,
        items: Sequence[CancelItem],
        reason_id: int,
        message: str,
    ) -> None:
        """Take some units out of a posting (``/v2/posting/fbs/product/cancel``); sent once.

        Ozon requires a message with every item cancellation.
        """
        endpoint = endpoints.PRODUCT_CANCEL
        request = schemas.ProductCancelRequest(
            posting_number=posting_number,
            cancel_reason_id=reason_id,
            cancel_reason_message=message,
            items=[schemas.ProductCancelItem(sku=i.sku, quantity=i.quantity) for i in items],
        )
        await self.client.call(endpoint, request, context=f"posting {posting_number}")

    async def push_stocks(self, items: list[StockPushItem]) -> list[StockUpdate]:
        """Set stock for up to 100 pairs (``/v2/products/stocks``); Ozon's answer per pair."""
        return await stocks.push_stocks(self.client, items)

    async def fetch_warehouse_stocks(self) -> list[OzonStock]:
        """Ozon's own view of the store's stock per pair (every page)."""
        return await stocks.fetch_warehouse_stocks(self.client)

    async def fetch_package_labels(self, posting_numbers: Sequence[PostingNumber]) -> bytes:
        """One PDF with the labels of at most 20 postings; ``LabelsNotReady``/``LabelsRefused``
        when Ozon refuses the call (one bad posting refuses them all)."""
        return await label_calls.fetch_package_labels(self.client, posting_numbers)

    async def create_label_task(self, posting_numbers: Sequence[PostingNumber]) -> list[LabelTask]:
        """Start Ozon's asynchronous labelling of up to 1000 postings."""
        return await label_calls.create_label_task(self.client, posting_numbers)

    async def fetch_label_task(self, task_id: int) -> LabelTaskState:
        return await label_calls.fetch_label_task(self.client, task_id)

    async def download_label_file(self, url: str) -> bytes:
        return await label_calls.download_label_file(self.client, url)

    async def ship_posting(
        self, posting_number: PostingNumber, packages: Sequence[Package]
    ) -> tuple[PostingNumber, ...]:
        """Assemble a posting as ``packages`` (``/v4/posting/fbs/ship``); sent once. The postings
        Ozon lists, the original first; ``ShipRefused`` with Ozon's code when it refuses."""
        return await shipping.ship_posting(self.client, posting_number, packages)

    async def fetch_restrictions(self, posting_number: PostingNumber) -> PostingRestrictions:
        """The drop-off point's weight, size and price limits for a posting."""
        return await shipping.fetch_restrictions(self.client, posting_number)

    async def create_carriage(
        self, delivery_method_id: DeliveryMethodId, departure_date: date
    ) -> int:
        """A carriage of the method's assembled postings due by ``departure_date``
        (``/v1/carriage/create``, sent once); ``CarriageRefused`` with Ozon's code."""
        return await carriage.create_carriage(self.client, delivery_method_id, departure_date)

    async def approve_carriage(self, carriage_id: int, containers_count: int | None = None) -> None:
        """Form the carriage (``/v1/carriage/approve``); its documents can then be fetched."""
        await carriage.approve_carriage(self.client, carriage_id, containers_count)

    async def fetch_carriage(self, carriage_id: int) -> Carriage:
        return await carriage.fetch_carriage(self.client, carriage_id)

    async def cancel_carriage(self, carriage_id: int) -> None:
        await carriage.cancel_carriage(self.client, carriage_id)

    async def list_carriages(
        self, delivery_method_id: DeliveryMethodId, departure_date: date
    ) -> list[Carriage]:
        """The method's carriages on the day (``/v1/posting/carriage-available/list``, safe)."""
        return await carriage.list_carriages(self.client, delivery_method_id, departure_date)

    async def carriage_postings(self, carriage_id: int) -> list[PostingNumber]:
        return await carriage.carriage_postings(self.client, carriage_id)

    async def fetch_act_pdf(self, carriage_id: int) -> bytes:
        """The shipping list and waybill of an approved carriage, one PDF."""
        return await carriage.fetch_act_pdf(self.client, carriage_id)

    async def fetch_container_labels(self, carriage_id: int) -> bytes:
        return await carriage.fetch_container_labels(self.client, carriage_id)

    async def set_tracking_numbers(
        self, pairs: Sequence[tuple[PostingNumber, str]]
    ) -> list[ItemResult]:
        """Tracking numbers of rFBS postings, at most 20 a call; Ozon's answer per posting."""
        return await rfbs.set_tracking_numbers(self.client, pairs)

    async def move_rfbs_status(
        self, move: RfbsMove, posting_numbers: Sequence[PostingNumber]
    ) -> list[ItemResult]:
        """Move rFBS postings on (delivering, last mile, delivered); Ozon's answer per posting."""
        return await rfbs.move_rfbs_status(self.client, move, posting_numbers)

    async def fetch_products_page(
        self, last_id: str = "", limit: int = products.PAGE_LIMIT
    ) -> MarketplaceProductPage:
        """A page of the seller's products (``/v3/product/list`` + ``/v3/product/info/list``)."""
        return await products.fetch_products_page(self.client, last_id, limit)

    async def aclose(self) -> None:
        await self.client.aclose()


def open_gateway(
    store_id: StoreId,
    credentials: StoreCredentials,
    *,
    rps: float = 50.0,
    timeout: float = 30.0,
    max_attempts: int = 6,
    transport: httpx.AsyncBaseTransport | None = None,
    limiters: RateLimiters | None = None,
) -> OzonGateway:
    """A gateway for one store, talking to ``credentials.base_url`` (Ozon or the sandbox).

    ``transport`` replaces the network, e.g. with the sandbox's ASGI app in tests. With
    ``limiters`` the gateway takes the account's limiter from it, shared with every other gateway
    opened for the same account, and ``rps`` is the registry's; without, it has a limiter of its
    own at ``rps``.
    """
    if limiters is None:
        limiter = RateLimiter(rps=rps)
    else:
        limiter = limiters.for_account(credentials.base_url, credentials.client_id)
    client = OzonClient.connect(
        credentials.client_id,
        credentials.api_key,
        base_url=credentials.base_url,
        transport=transport,
        timeout=timeout,
        store=f"#{store_id} (Client-Id {credentials.client_id})",
        limiter=limiter,
        retry=RetryPolicy(max_attempts=max_attempts),
    )
    return OzonGateway(store_id, client)
