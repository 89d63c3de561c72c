"""Benchmark: the client-side CPU of reading ``/v4/posting/fbs/list`` pages into domain postings.

The pages are the Ozon sandbox's own: every page of a ``--postings`` sandbox, 100 postings a page,
taken once over an in-process transport and then replayed, so the client is timed on real bytes
while the server costs it nothing. Each measurement is ``--repeat`` runs of CPU seconds spent by
this process (``time.process_time``):

1. reading, step by step / one pass: page bytes to domain postings with no HTTP, the way every page
   was read before (Python's JSON reader, then each posting validated on its own) and the way the
   gateway reads them now (parsed and validated together from the bytes);
2. in memory: ``OzonGateway.fetch_postings_page`` over every page through ``httpx.MockTransport``
   (the client's request path, JSON parsing, validation and mapping, no socket);
3. one bad posting a page: the same, with one posting of every page unreadable, so each page has
   a posting to set aside;
4. socket: the gateway over a real socket to a bare replay server in a separate process, with
   ``--concurrency`` pages in flight as the sync keeps them: the whole client side;
5. HTTP alone: the same requests over the same socket and client, reading the body and nothing
   else, to show how much of (4) is HTTP;
6. opening a store's client, which every sync does once.

Each line gives the median CPU milliseconds a page and CPU seconds per 10,000 postings, and the
fastest run (the least disturbed by other work on the machine). Nothing is asserted.

    .venv/bin/python bench/ozon_page_reading.py [--postings 10000] [--repeat 5] [--concurrency 12]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import platform
import socket
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import httpx

from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.limits import RateLimiter
from posylka.adapters.ozon.posting_pages import (
    build_list_request,
    read_in_one_pass,
    read_postings_page,
)
from posylka.domain.ids import StoreId
from posylka.domain.sync import PostingQuery
from posylka.sandbox.ozon.app import create_app
from posylka.sandbox.ozon.config import SandboxConfig

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
EVERYTHING = PostingQuery(since=NOW - timedelta(days=61), to=NOW + timedelta(days=1))
LIST_PATH = "/v4/posting/fbs/list"
STORE = StoreId(1)
UNLIMITED = 1e9
"""Requests a second for the client's limiter: the replay has no rate limit to respect."""

Pages = dict[str, bytes]
"""Each page's body, by the cursor that asks for it ("" for the first)."""


@dataclass(frozen=True, slots=True)
class Figure:
    name: str
    cpu: list[float]
    """CPU seconds of each run."""
    pages: int
    postings: int

    def line(self) -> str:
        median, least = statistics.median(self.cpu), min(self.cpu)
        per_page = median / self.pages * 1000
        per_10k = median / max(self.postings, 1) * 10_000
        least_10k = least / max(self.postings, 1) * 10_000
        return (
            f"{self.name:<24} {per_page:6.2f} ms a page   {per_10k:6.3f} s per 10,000 postings"
            f"   (fastest run {least_10k:.3f} s)"
        )


# --- the pages -----------------------------------------------------------------------------------


async def take_pages(postings: int, seed: int) -> tuple[Pages, int]:
    """Every page of a fresh sandbox, as the sandbox serves it; and how many postings they hold."""
    app = create_app(SandboxConfig(seed=seed, postings=postings, now=NOW, rate_limit=0))
    headers = {"Client-Id": app.config.client_id, "Api-Key": app.config.accepted_api_key}
    pages: Pages = {}
    total = 0
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(base_url="http://sandbox", transport=transport) as http:
        cursor = ""
        while True:
            body = build_list_request(EVERYTHING, cursor).to_wire()
            reply = await http.post(LIST_PATH, json=body, headers=headers)
            reply.raise_for_status()
            pages[cursor] = reply.content
            page = reply.json()
            total += len(page["postings"])
            if not page["has_next"]:
                return pages, total
            cursor = page["cursor"]


def break_one_posting(pages: Pages) -> Pages:
    """The same pages with the middle posting of each one given a quantity nobody can read."""
    broken: Pages = {}
    for cursor, content in pages.items():
        page = json.loads(content)
        middle = page["postings"][len(page["postings"]) // 2]
        middle["products"][0]["quantity"] = "many"
        broken[cursor] = json.dumps(page, ensure_ascii=False).encode()
    return broken


def cursor_of(request_body: bytes) -> str:
    cursor = json.loads(request_body).get("cursor")
    return cursor if isinstance(cursor, str) else ""


# --- the replay server (a separate process) ------------------------------------------------------


class PageReplay(asyncio.Protocol):
    """One keep-alive HTTP/1.1 connection answering list requests with ready-made replies, so the
    server spends as little CPU as possible beside the client being measured."""

    def __init__(self, replies: dict[str, bytes]) -> None:
        self.replies = replies
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while b"\r\n\r\n" in self.buffer:
            head, rest = self.buffer.split(b"\r\n\r\n", 1)
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(rest) < length:
                return
            self.buffer = rest[length:]
            assert self.transport is not None
            self.transport.write(self.replies[cursor_of(rest[:length])])


def serve_pages(pages: Pages, port: int) -> None:
    """Answer each list request with the page its cursor names, until terminated."""
    replies = {
        cursor: b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        + b"Content-Length: %d\r\n\r\n" % len(content)
        + content
        for cursor, content in pages.items()
    }

    async def serve() -> None:
        loop = asyncio.get_running_loop()
        server = await loop.create_server(lambda: PageReplay(replies), "127.0.0.1", port)
        await server.serve_forever()

    asyncio.run(serve())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_listening(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the replay server did not start")


# --- the measurements ----------------------------------------------------------------------------


def make_gateway(base_url: str, transport: httpx.AsyncBaseTransport | None = None) -> OzonGateway:
    client = OzonClient.connect(
        "100500",
        "replayed-pages",
        base_url=base_url,
        transport=transport,
        limiter=RateLimiter(rps=UNLIMITED),
    )
    return OzonGateway(STORE, client)


async def in_flight(
    cursors: list[str], concurrency: int, fetch: Callable[[str], Awaitable[int]]
) -> int:
    """Fetch every cursor with ``concurrency`` requests in flight; the postings read."""
    queue = list(reversed(cursors))
    read = 0

    async def worker() -> None:
        nonlocal read
        while queue:
            got = await fetch(queue.pop())
            read += got

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return read


async def time_gateway(
    gateway: OzonGateway, cursors: list[str], concurrency: int
) -> tuple[float, int]:
    async def fetch(cursor: str) -> int:
        page = await gateway.fetch_postings_page(EVERYTHING, cursor)
        return len(page.postings) + len(page.errors)

    await in_flight(cursors[: concurrency * 2], concurrency, fetch)  # open the connections
    started = time.process_time()
    read = await in_flight(cursors, concurrency, fetch)
    return time.process_time() - started, read


async def time_http_alone(gateway: OzonGateway, cursors: list[str], concurrency: int) -> float:
    http = gateway.client.http
    headers = {"Client-Id": "100500", "Api-Key": "replayed-pages"}

    async def fetch(cursor: str) -> int:
        body = build_list_request(EVERYTHING, cursor).to_wire()
        reply = await http.post(LIST_PATH, json=body, headers=headers)
        return len(reply.content)

    await in_flight(cursors[: concurrency * 2], concurrency, fetch)
    started = time.process_time()
    await in_flight(cursors, concurrency, fetch)
    return time.process_time() - started


def replaying(pages: Pages) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        content = pages[cursor_of(request.content)]
        return httpx.Response(200, content=content, headers={"Content-Type": "application/json"})

    return httpx.MockTransport(answer)


def reading(pages: Pages, repeat: int) -> dict[bool, list[tuple[float, int]]]:
    """Bytes to a page of domain postings, no HTTP: in one pass (``True``), or step by step as
    every page was read before the one-pass reading (``False``: Python's JSON reader, then each
    posting on its own). The two take turns, so drifting load on the machine hits both alike."""
    runs: dict[bool, list[tuple[float, int]]] = {False: [], True: []}
    for turn in range(repeat * 2):
        one_pass = bool(turn % 2)
        read = 0
        started = time.process_time()
        for cursor, content in pages.items():
            if one_pass:
                page = read_in_one_pass(content, store_id=STORE, cursor=cursor)
                assert page is not None
            else:
                page = read_postings_page(
                    json.loads(content), store_id=STORE, path=LIST_PATH, cursor=cursor
                )
            read += len(page.postings) + len(page.errors)
        runs[one_pass].append((time.process_time() - started, read))
    return runs


async def opening_clients(count: int) -> list[float]:
    """CPU seconds to open and close a store's client, as every sync does once."""
    spent = []
    for _ in range(count):
        started = time.process_time()
        client = OzonClient.connect("100500", "replayed-pages")
        await client.aclose()
        spent.append(time.process_time() - started)
    return spent


async def in_memory(pages: Pages, repeat: int) -> list[tuple[float, int]]:
    runs = []
    for _ in range(repeat):
        gateway = make_gateway("http://replay", replaying(pages))
        runs.append(await time_gateway(gateway, list(pages), concurrency=1))
        await gateway.aclose()
    return runs


async def over_socket(
    port: int, cursors: list[str], repeat: int, concurrency: int
) -> tuple[list[tuple[float, int]], list[float]]:
    whole, http_alone = [], []
    for _ in range(repeat):
        gateway = make_gateway(f"http://127.0.0.1:{port}")
        whole.append(await time_gateway(gateway, cursors, concurrency))
        http_alone.append(await time_http_alone(gateway, cursors, concurrency))
        await gateway.aclose()
    return whole, http_alone


def figure(name: str, runs: list[tuple[float, int]], pages: int) -> Figure:
    return Figure(name, [cpu for cpu, _ in runs], pages, runs[0][1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=12)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}")

    opened = asyncio.run(opening_clients(args.repeat + 1))
    pages, total = asyncio.run(take_pages(args.postings, args.seed))
    size = sum(len(content) for content in pages.values())
    print(f"{total} postings in {len(pages)} pages, {size / len(pages) / 1024:.0f} KiB a page")

    read_runs = reading(pages, args.repeat)
    figures = [
        figure("reading, step by step", read_runs[False], len(pages)),
        figure("reading, one pass", read_runs[True], len(pages)),
        figure("in memory", asyncio.run(in_memory(pages, args.repeat)), len(pages)),
        figure(
            "one bad posting a page",
            asyncio.run(in_memory(break_one_posting(pages), args.repeat)),
            len(pages),
        ),
    ]
    port = free_port()
    server = multiprocessing.get_context("spawn").Process(
        target=serve_pages, args=(pages, port), daemon=True
    )
    server.start()
    try:
        wait_until_listening(port)
        whole, http_alone = asyncio.run(
            over_socket(port, list(pages), args.repeat, args.concurrency)
        )
    finally:
        server.terminate()
        server.join()
    figures.append(figure(f"socket, {args.concurrency} in flight", whole, len(pages)))
    http_runs = [(cpu, total) for cpu in http_alone]
    figures.append(figure("HTTP alone", http_runs, len(pages)))

    print(f"CPU time of this process, median of {args.repeat} runs:")
    for result in figures:
        print("  " + result.line())
    print(
        f"  opening a store's client: {opened[0] * 1000:.1f} ms the first time, "
        f"{statistics.median(opened[1:]) * 1000:.1f} ms after"
    )
    print("reproduce:", " ".join([".venv/bin/python", "bench/ozon_page_reading.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
