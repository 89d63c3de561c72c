"""The v4 list postings written straight to bytes are byte for byte what the wire models give, for
every set of ``with`` flags, at many sandbox times and after status changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import product

import pydantic_core
import pytest

from posylka.adapters.ozon import schemas as wire
from posylka.sandbox.ozon import json_values as js
from posylka.sandbox.ozon import posting_shapes as shapes
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.page_json import PostingJsonCache
from posylka.sandbox.ozon.posting_json import posting_pieces
from posylka.sandbox.ozon.rendering import Extras, posting_v4
from posylka.sandbox.ozon.seeding import SandboxPosting
from posylka.sandbox.ozon.state import SETTABLE_STATUSES, SandboxState

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
EVERY_EXTRAS = [Extras(*flags) for flags in product((False, True), repeat=5)]
SYNC_EXTRAS = Extras(analytics_data=True, barcodes=True, legal_info=True)
DAYS = (-40, -3, 0, 2, 9)
"""Sandbox times compared, in days from the anchor: early in the seeded history, around the
anchor, and a week on, when the week's new orders have arrived."""


def _state(seed: int = 4, postings: int = 400) -> SandboxState:
    return SandboxState(
        SandboxConfig(seed=seed, postings=postings, now=NOW, arrivals_per_day=20, rate_limit=0)
    )


def _sample(state: SandboxState) -> list[SandboxPosting]:
    return state.postings[::10]


def _fast(cache: PostingJsonCache, posting: SandboxPosting, now: int, extras: Extras) -> bytes:
    return b"".join(posting_pieces(cache.fixed(posting, extras), posting, now))


def _plain(posting: SandboxPosting, now: int, extras: Extras) -> bytes:
    return posting_v4(posting, now, extras).model_dump_json().encode()


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "Соколова Ирина «Ромашка»",
        "机械键盘 灰色",
        'quote " backslash \\ slash /',
        "".join(chr(code) for code in range(0x20)) + "\x7f\u2028\u2029\ufeff😀",
    ],
)
def test_text_is_escaped_as_the_wire_models_escape_it(value: str) -> None:
    assert js.text(value).encode() == pydantic_core.to_json(value)


@pytest.mark.parametrize(
    "value", [0.0, -0.0, 1.0, 1.197, 55.450207, 1e-05, 0.0001, 1e15, 1e16, 1e22, 5e-324, 2**53]
)
def test_numbers_are_written_as_the_wire_models_write_them(value: float) -> None:
    assert js.number(value).encode() == pydantic_core.to_json(value)


@pytest.mark.parametrize("seconds", [0, 59, 951_782_400, 1_795_176_000, 4_102_444_799])
def test_moments_are_written_as_the_wire_models_write_them(seconds: int) -> None:
    assert js.moment(seconds).encode() == pydantic_core.to_json(
        datetime.fromtimestamp(seconds, UTC)
    )


@pytest.mark.parametrize("days", DAYS)
def test_fast_postings_equal_the_plain_rendering_with_every_with_flag(days: int) -> None:
    state = _state()
    now = int((NOW + timedelta(days=days)).timestamp())
    cache = PostingJsonCache()
    sample = _sample(state)
    for extras in EVERY_EXTRAS:
        for posting in sample:
            assert _fast(cache, posting, now, extras) == _plain(posting, now, extras), (
                posting.posting_number,
                extras,
            )


def test_the_compared_postings_cover_the_kinds_the_renderings_tell_apart() -> None:
    # Guards the test above: the sample reaches every branch of the rendering.
    state = _state()
    sample = _sample(state)
    statuses = {
        event.status
        for days in DAYS
        for posting in sample
        if (event := posting.timeline.at(int((NOW + timedelta(days=days)).timestamp())))
    }
    assert {"awaiting_packaging", "awaiting_deliver", "delivering", "delivered"} <= statuses
    assert "cancelled" in statuses
    assert any(p.is_rfbs for p in sample)
    assert any(not p.is_rfbs for p in sample)
    assert any(p.is_legal for p in sample)
    assert any(p.method.integration == "non_integrated" for p in sample)
    assert any(i.product.needs_mark or i.product.needs_gtd for p in sample for i in p.items)


@pytest.mark.parametrize("status", sorted(SETTABLE_STATUSES))
def test_fast_postings_follow_a_status_set_by_hand(status: str) -> None:
    state = _state(seed=8, postings=120)
    cache = PostingJsonCache()
    now = state.now()
    chosen = state.postings[5:120:11]
    before = [_fast(cache, posting, now, SYNC_EXTRAS) for posting in chosen]
    for posting in chosen:
        state.set_status(posting.posting_number, status)
    for posting in chosen:
        assert _fast(cache, posting, now, SYNC_EXTRAS) == _plain(posting, now, SYNC_EXTRAS)
    if status in ("cancelled", "delivering"):
        assert [_fast(cache, p, now, SYNC_EXTRAS) for p in chosen] != before


def test_a_changed_posting_is_written_again() -> None:
    state = _state(postings=50)
    cache = PostingJsonCache()
    now = state.now()
    posting = state.postings[10]
    first = _fast(cache, posting, now, SYNC_EXTRAS)
    posting.payment = "Оплата при получении"
    posting.revision += 1
    again = _fast(cache, posting, now, SYNC_EXTRAS)
    assert again != first
    assert again == _plain(posting, now, SYNC_EXTRAS)


def test_the_cache_starts_afresh_when_full() -> None:
    state = _state(postings=50)
    cache = PostingJsonCache(capacity=3)
    now = state.now()
    for posting in state.postings[:4]:
        assert _fast(cache, posting, now, SYNC_EXTRAS) == _plain(posting, now, SYNC_EXTRAS)
    assert len(cache) == 1


def test_each_set_of_flags_keeps_its_own_pieces() -> None:
    state = _state(postings=50)
    cache = PostingJsonCache()
    now = state.now()
    posting = state.postings[7]
    bare, full = Extras(), Extras(True, True, True, True, True)
    assert _fast(cache, posting, now, bare) == _plain(posting, now, bare)
    assert _fast(cache, posting, now, full) == _plain(posting, now, full)
    assert _fast(cache, posting, now, bare) == _plain(posting, now, bare)
    assert len(cache) == 2


@pytest.mark.parametrize(
    ("shape", "model"),
    [
        (shapes.DELIVERY_METHOD, wire.DeliveryMethodRef),
        (shapes.PRODUCT, wire.Product),
        (shapes.MONEY, wire.MoneyValue),
        (shapes.CUSTOMER, wire.Customer),
        (shapes.ADDRESS, wire.Address),
        (shapes.ADDRESSEE, wire.Addressee),
        (shapes.ANALYTICS, wire.AnalyticsData),
        (shapes.BARCODES, wire.Barcodes),
        (shapes.LEGAL_INFO, wire.LegalInfo),
        (shapes.REQUIREMENTS, wire.Requirements),
    ],
)
def test_each_block_has_its_wire_models_fields_in_order(
    shape: js.Shape, model: type[wire.WireModel]
) -> None:
    assert shape.keys == tuple(model.model_fields)


def test_the_posting_pieces_together_have_the_wire_models_fields_in_order() -> None:
    pieces = (
        shapes.HEAD, shapes.STATUS, shapes.DATES, shapes.HANDOVER, shapes.KIND, shapes.ACTIONS,
        shapes.PARTIES, shapes.CANCELLATION, shapes.TAIL,
    )  # fmt: skip
    assert tuple(key for piece in pieces for key in piece.keys) == tuple(wire.Posting.model_fields)
