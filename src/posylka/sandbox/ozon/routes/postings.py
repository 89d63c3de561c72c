"""Posting methods: ``/v4/posting/fbs/list``, ``/v4/posting/fbs/unfulfilled/list`` and
``/v3/posting/fbs/get``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon import listing
from posylka.sandbox.ozon.bodies import parse
from posylka.sandbox.ozon.errors import not_found
from posylka.sandbox.ozon.page_json import PostingJsonCache, list_body
from posylka.sandbox.ozon.rendering import Extras, posting_v3
from posylka.sandbox.ozon.routes.replies import reply, reply_bytes
from posylka.sandbox.ozon.state import SandboxState, UnknownPosting

POSTING_NOT_FOUND = "Posting not found"


def routes(state: SandboxState) -> list[BaseRoute]:
    # The lists are written straight to bytes (``page_json``): the same bytes the wire models
    # would give, without building them for every posting of every page.
    cache = PostingJsonCache()

    async def fbs_list(request: Request) -> Response:
        body = parse(wire.PostingListRequest, await request.body())
        query = listing.list_query(body)
        now = state.now()
        page = listing.page(state, query, body.cursor, now)
        extras = Extras.of(body.with_, body.translit)
        return reply_bytes(list_body(page, now, extras, cache))

    async def unfulfilled_list(request: Request) -> Response:
        body = parse(wire.UnfulfilledListRequest, await request.body())
        query = listing.unfulfilled_query(body)
        now = state.now()
        page = listing.page(state, query, body.cursor, now)
        extras = Extras.of(body.with_, body.translit)
        count = listing.count(state, query, now)
        return reply_bytes(list_body(page, now, extras, cache, count=count))

    async def get(request: Request) -> Response:
        body = parse(wire.PostingGetRequest, await request.body())
        try:
            posting = state.posting(body.posting_number)
        except UnknownPosting as exc:
            raise not_found(POSTING_NOT_FOUND) from exc
        now = state.now()
        extras = Extras.of(body.with_, body.with_.translit if body.with_ else None)
        return reply(wire.PostingGetResponse(result=posting_v3(posting, now, extras)))

    return [
        Route("/v4/posting/fbs/list", fbs_list, methods=["POST"]),
        Route("/v4/posting/fbs/unfulfilled/list", unfulfilled_list, methods=["POST"]),
        Route("/v3/posting/fbs/get", get, methods=["POST"]),
    ]
