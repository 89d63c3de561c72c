"""Ozon payloads as Ozon sends them (plain JSON dicts), and a scripted stand-in for Ozon's HTTP
side that answers through ``httpx.MockTransport`` and remembers every request."""

from __future__ import annotations

import copy
import json
from collections import deque
from collections.abc import Callable
from typing import Any

import httpx

from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.limits import RateLimiter
from posylka.adapters.ozon.retry import RetryPolicy

BASE_URL = "https://api-seller.ozon.ru"
CLIENT_ID = "836192"
API_KEY = "0b9d4f6e-1c8a-4f52-9a6e-3d2b7c1e5f90"

_FBS: dict[str, Any] = {
    "posting_number": "0208245774-0029-1",
    "order_id": 680420041,
    "order_number": "0208245774-0029",
    "status": "awaiting_packaging",
    "substatus": "posting_created",
    "in_process_at": "2026-03-07T08:15:00Z",
    "shipment_date": "2026-03-09T10:00:00Z",
    "delivering_date": None,
    "tracking_number": "",
    "tpl_integration_type": "ozon",
    "is_express": False,
    "available_actions": ["ship", "cancel"],
    "delivery_method": {
        "id": 1020000089903000,
        "name": "Ozon Логистика курьеру, Москва",
        "warehouse_id": 1020000089903000,
        "warehouse": "Склад на Складской",
        "tpl_provider": "Ozon Логистика",
        "tpl_provider_id": 24,
    },
    "products": [
        {
            "sku": 1234567,
            "offer_id": "MUG-350-WHITE",
            "name": "Кружка керамическая 350 мл",
            "quantity": 2,
            "price": {"amount": "590.50", "currency": "RUB"},
        }
    ],
    "customer": None,
    "addressee": None,
    "cancellation": None,
    "analytics_data": {"warehouse_id": 1020000089903000, "warehouse": "Склад на Складской"},
    "barcodes": {"upper_barcode": "%101%806044518", "lower_barcode": "20325804886000"},
    "legal_info": None,
    "requirements": {
        "products_requiring_gtd": [],
        "products_requiring_country": [],
        "products_requiring_mandatory_mark": [],
    },
}

_RFBS_BUYER: dict[str, Any] = {
    "tpl_integration_type": "non_integrated",
    "customer": {
        "customer_id": 99211,
        "name": "Анна Петрова",
        "phone": "+79123456789",
        "customer_email": "anna@example.org",
        "address": {
            "address_tail": "ул. Ленина, д. 5, кв. 12",
            "city": "Казань",
            "region": "Республика Татарстан",
            "district": "",
            "country": "Россия",
            "zip_code": "420111",
            "latitude": 55.79,
            "longitude": 49.12,
            "comment": "домофон 12",
            "pvz_code": 0,
            "provider_pvz_code": "",
        },
    },
    "addressee": {"name": "Анна Петрова", "phone": "+79123456789"},
    "analytics_data": {"is_legal": False, "city": "Казань"},
}


def make_wire_posting(**overrides: Any) -> dict[str, Any]:
    """An FBS posting of ``/v4/posting/fbs/list`` with ``overrides`` applied on top."""
    posting = copy.deepcopy(_FBS)
    posting.update(copy.deepcopy(overrides))
    return posting


def make_wire_rfbs_posting(**overrides: Any) -> dict[str, Any]:
    """An rFBS posting (non-integrated carrier) with a private buyer and address."""
    posting = make_wire_posting(**_RFBS_BUYER)
    posting.update(copy.deepcopy(overrides))
    return posting


def json_reply(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Reply:
    return lambda request: httpx.Response(status, json=body, headers=headers)


def ozon_error(status: int, code: int, message: str, **headers: str) -> Reply:
    """Ozon's ``rpcStatus`` error envelope with ``status``."""
    return json_reply({"code": code, "message": message, "details": []}, status, headers)


def raw_reply(content: bytes, status: int = 200, content_type: str = "text/html") -> Reply:
    return lambda request: httpx.Response(
        status, content=content, headers={"Content-Type": content_type}
    )


def raise_error(kind: type[httpx.TransportError], message: str = "") -> Reply:
    """A transport failure (timeout, refused or dropped connection) instead of a reply."""

    def fail(request: httpx.Request) -> httpx.Response:
        raise kind(message, request=request)

    return fail


Reply = Callable[[httpx.Request], httpx.Response]


class ScriptedOzon:
    """Answers each path with the replies queued for it, in order; the last one repeats."""

    def __init__(self) -> None:
        self._script: dict[str, deque[Reply]] = {}
        self.requests: list[httpx.Request] = []

    def on(self, path: str, *replies: Reply) -> ScriptedOzon:
        self._script.setdefault(path, deque()).extend(replies)
        return self

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        queue = self._script.get(request.url.path)
        if not queue:
            return httpx.Response(404, json={"code": 5, "message": "method not scripted"})
        reply = queue.popleft() if len(queue) > 1 else queue[0]
        return reply(request)

    def bodies(self, path: str) -> list[dict[str, Any]]:
        """The JSON bodies sent to ``path``, in order."""
        return [json.loads(r.content) for r in self.requests if r.url.path == path]

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r.url.path == path)


class FakeTime:
    """A monotonic clock that only moves when something sleeps on it; sleeps are recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0.0)


def make_client(
    script: ScriptedOzon,
    *,
    time: FakeTime | None = None,
    max_attempts: int = 4,
    jitter: float = 0.5,
    store: str = "",
) -> OzonClient:
    """A client over the script, with instant sleeps and a fixed jitter."""
    clock = time or FakeTime()
    http = httpx.AsyncClient(transport=httpx.MockTransport(script), base_url=BASE_URL)
    return OzonClient(
        http,
        client_id=CLIENT_ID,
        api_key=API_KEY,
        store=store,
        limiter=RateLimiter(clock=clock.monotonic, sleep=clock.sleep),
        retry=RetryPolicy(max_attempts=max_attempts, sleep=clock.sleep, jitter=lambda: jitter),
        owns_http=True,
    )
