"""The answers of the v4 posting lists as bytes: each posting's fixed JSON kept between requests
and joined with its moving pieces into a page.

``/v4/posting/fbs/list`` answers ``{"cursor","has_next","postings"}`` and
``/v4/posting/fbs/unfulfilled/list`` adds ``count`` after the postings, in the order of the wire
models (``PostingListResponse``, ``UnfulfilledListResponse``). A client syncing a store walks
every page of a list, often again and again; keeping the fixed pieces means a posting's buyer,
products and blocks are written once, not on every walk.
"""

from __future__ import annotations

from posylka.sandbox.ozon import json_values as js
from posylka.sandbox.ozon.listing import Page
from posylka.sandbox.ozon.posting_json import Fixed, fixed_pieces, posting_pieces
from posylka.sandbox.ozon.rendering import Extras
from posylka.sandbox.ozon.seeding import SandboxPosting

CAPACITY = 50_000
"""Postings (times sets of ``with`` flags) kept at most: a 10,000-posting store fits whole, and a
bigger one costs the memory of this many (about 3.5 KB each with the sync's flags) and no more."""


class PostingJsonCache:
    """The fixed pieces of postings' JSON by posting and ``with`` flags. An entry written before
    the posting's last change (an older ``revision``) is written again; when full, the cache
    starts afresh rather than tracking which entry is oldest."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self.capacity = capacity
        self._entries: dict[tuple[str, Extras], Fixed] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def fixed(self, posting: SandboxPosting, extras: Extras) -> Fixed:
        key = (posting.posting_number, extras)
        found = self._entries.get(key)
        if found is None or found.revision != posting.revision:
            if len(self._entries) >= self.capacity:
                self._entries.clear()
            found = self._entries[key] = fixed_pieces(posting, extras)
        return found


def list_body(
    page: Page, now: int, extras: Extras, cache: PostingJsonCache, *, count: int | None = None
) -> bytes:
    """A page of a v4 list at sandbox time ``now``; ``count`` for the unfulfilled list."""
    parts = [
        b'{"cursor":',
        js.text(page.cursor).encode(),
        b',"has_next":',
        js.flag(page.has_next).encode(),
        b',"postings":[',
    ]
    for index, posting in enumerate(page.postings):
        if index:
            parts.append(b",")
        parts.extend(posting_pieces(cache.fixed(posting, extras), posting, now))
    parts.append(b"]")
    if count is not None:
        parts.append(b',"count":' + js.number(count).encode())
    parts.append(b"}")
    return b"".join(parts)
