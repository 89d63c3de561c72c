"""Pages of ``/v4/posting/fbs/list``: building the request from a query, and reading the reply
leniently so that one posting Ozon sends in a shape posylka cannot read does not lose the page.

The envelope (``cursor``, ``has_next``, the ``postings`` array) must be readable, or the page is
unusable and ``MalformedReply`` names the cursor it came from. Each posting is then read on its own;
one that fails becomes an ``ItemError`` carrying its posting number when that much is readable.

A reply is read in one pass straight from its bytes: parsed and validated together, without
building the JSON as Python objects first, each posting becoming a wire model where it can and
staying the JSON value Ozon sent where it cannot. Only a page whose body or envelope fails that
pass is read step by step, which names the problem. Both ways set the same postings aside with the
same reasons.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import httpx
from pydantic import ValidationError

from posylka.adapters.ozon import schemas
from posylka.adapters.ozon.errors import decode_json, describe_invalid, malformed_reply
from posylka.adapters.ozon.mapping import MappingError, map_posting
from posylka.domain.ids import PostingNumber, StoreId
from posylka.domain.postings import Posting
from posylka.domain.sync import ItemError, PostingPage, PostingQuery

PAGE_LIMIT = 100
"""The v4 lists return at most 100 postings a page (Seller API, PostingFbsList, ``limit``)."""

POSTING_DETAILS = schemas.With(analytics_data=True, barcodes=True, legal_info=True)
"""What posylka asks Ozon to add to each posting: buyer type and warehouse (analytics), the
posting barcodes for labels and scanning, and the legal-entity buyer's details."""


def _whole_second(value: datetime, *, up: bool) -> datetime:
    # The list filter takes ``YYYY-MM-DDThh:mm:ssZ`` (Seller API, PostingFbsList, filter.since/to);
    # rounding outwards keeps every posting of the asked window.
    moment = value.astimezone(UTC)
    if moment.microsecond and up:
        moment += timedelta(seconds=1)
    return moment.replace(microsecond=0)


def build_list_request(query: PostingQuery, cursor: str = "") -> schemas.PostingListRequest:
    """The ``/v4/posting/fbs/list`` request for one page of ``query``."""
    changed = None
    if query.changed_from is not None or query.changed_to is not None:
        changed = schemas.LastChangedStatusDate(
            from_=_whole_second(query.changed_from, up=False) if query.changed_from else None,
            to=_whole_second(query.changed_to, up=True) if query.changed_to else None,
        )
    return schemas.PostingListRequest(
        cursor=cursor or None,
        limit=min(max(query.limit, 1), PAGE_LIMIT),
        sort_dir="DESC" if query.descending else "ASC",
        filter=schemas.PostingListFilter(
            since=_whole_second(query.since, up=False),
            to=_whole_second(query.to, up=True),
            last_changed_status_date=changed,
        ),
        with_=POSTING_DETAILS,
    )


def page_position(cursor: str) -> str:
    """Where a page sits, in words an error list can show."""
    return f"page after cursor {cursor!r}" if cursor else "first page"


def read_postings_reply(
    reply: httpx.Response, *, store_id: StoreId, path: str, cursor: str
) -> PostingPage:
    """A list page from Ozon's reply: read in one pass when its envelope allows, step by step
    (and failing with the reason) when it does not."""
    page = read_in_one_pass(reply.content, store_id=store_id, cursor=cursor)
    if page is not None:
        return page
    payload = decode_json(reply, path=path, context=page_position(cursor))
    return read_postings_page(payload, store_id=store_id, path=path, cursor=cursor)


def read_in_one_pass(content: bytes, *, store_id: StoreId, cursor: str) -> PostingPage | None:
    """The page read straight from the body's bytes, with its unreadable postings set aside just
    as :func:`read_postings_page` sets them aside; ``None`` when the body is not JSON or the
    envelope is unreadable, leaving the step-by-step reading to name the problem."""
    try:
        page = schemas.PostingListPage.model_validate_json(content)
    except ValidationError:
        return None
    if page.has_next and not page.cursor:
        return None
    return _collect(
        page.postings,
        store_id=store_id,
        where=page_position(cursor),
        cursor=page.cursor or "",
        has_next=page.has_next,
        count=page.count,
    )


def read_postings_page(
    payload: object, *, store_id: StoreId, path: str, cursor: str
) -> PostingPage:
    """A list page whose unreadable postings are set aside as ``ItemError``s."""
    where = page_position(cursor)
    raw_postings = payload.get("postings") if isinstance(payload, dict) else None
    if not isinstance(payload, dict) or not isinstance(raw_postings, list | None):
        raise malformed_reply("it is not a page of postings", path=path, context=where)
    try:
        envelope = schemas.RawPostingPage.model_validate(
            {key: value for key, value in payload.items() if key != "postings"}
        )
    except ValidationError as exc:
        raise malformed_reply(describe_invalid(exc), path=path, context=where) from exc
    if envelope.has_next and not envelope.cursor:
        raise malformed_reply("has_next is true but no cursor", path=path, context=where)
    return _collect(
        raw_postings or [],
        store_id=store_id,
        where=where,
        cursor=envelope.cursor or "",
        has_next=envelope.has_next,
        count=envelope.count,
    )


def _collect(
    items: Iterable[object],
    *,
    store_id: StoreId,
    where: str,
    cursor: str,
    has_next: bool,
    count: int | None,
) -> PostingPage:
    # An item arrives validated (read in one pass) or as the JSON value Ozon sent; a JSON value is
    # validated here on its own, so its error names the field as the lenient reading always has.
    postings: list[Posting] = []
    errors: list[ItemError] = []
    for item in items:
        try:
            wire = (
                item if isinstance(item, schemas.Posting) else schemas.Posting.model_validate(item)
            )
            postings.append(map_posting(store_id, wire))
        except ValidationError as exc:
            errors.append(_item_error(item, where, describe_invalid(exc)))
        except MappingError as exc:
            errors.append(_item_error(item, where, str(exc)))
    return PostingPage(
        postings=tuple(postings),
        cursor=cursor,
        has_next=has_next,
        errors=tuple(errors),
        count=count,
    )


def _item_error(item: object, where: str, message: str) -> ItemError:
    if isinstance(item, schemas.Posting):
        number: object = item.posting_number
    else:
        number = item.get("posting_number") if isinstance(item, dict) else None
    readable = PostingNumber(number) if isinstance(number, str) and number else None
    return ItemError(where=where, message=message, posting_number=readable)
