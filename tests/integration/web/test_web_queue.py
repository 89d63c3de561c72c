"""The posting queue: sorting, filters, htmx fragments, keyset paging, urgency and the sync line."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

import pytest
from conftest import log_in
from web_samples import T0, add_store, make_posting, put, rfbs

from posylka.domain.ids import PostingNumber
from posylka.domain.postings import PostingStatus
from posylka.domain.sync import ItemError

ROW_NUMBER = re.compile(r'data-testid="queue-row" data-posting-number="([^"]+)"')


def rows(html: str) -> list[str]:
    return ROW_NUMBER.findall(html)


@pytest.fixture
def shop(uow, users):
    """Two stores; store A has an FBS and an rFBS posting plus a delivered one, store B one."""
    a, b = add_store(uow, "Чайный дом", "111"), add_store(uow, "华南电子", "222")
    put(
        uow,
        make_posting(1, a),
        rfbs(make_posting(2, a)),
        make_posting(3, a, status=PostingStatus.DELIVERED, status_raw="delivered"),
        make_posting(4, b, status=PostingStatus.AWAITING_DELIVER, status_raw="awaiting_deliver"),
    )
    return a, b


def number(n, store):
    return make_posting(n, store).posting_number


def test_queue_shows_open_postings_sorted_by_ship_by(client, shop):
    a, b = shop
    log_in(client, "olga")
    html = client.get("/").text
    assert rows(html) == [number(1, a), number(2, a), number(4, b)]
    assert 'data-testid="queue-total"' in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("store={b}", [(4, "b")]),
        ("warehouse=42", [(2, "a")]),
        ("delivery=31", [(1, "a"), (4, "b")]),
        ("status=awaiting_deliver", [(4, "b")]),
        ("status=delivered", [(3, "a")]),
        ("status=all", [(1, "a"), (2, "a"), (3, "a"), (4, "b")]),
        ("q=TEA-002", [(2, "a")]),
        ("q=77000001", [(1, "a")]),
        ("store={a}&delivery=32", [(2, "a")]),
    ],
)
def test_each_filter_narrows_the_rows(client, shop, query, expected):
    stores = {"a": shop[0], "b": shop[1]}
    log_in(client, "olga")
    url = "/?" + query.format(a=shop[0].id, b=shop[1].id)
    assert rows(client.get(url).text) == [number(n, stores[s]) for n, s in expected]


def test_filters_are_kept_in_the_form_so_the_url_can_be_shared(client, shop):
    log_in(client, "olga")
    html = client.get(f"/?store={shop[1].id}&status=all&q=tea").text
    assert f'<option value="{shop[1].id}" selected>' in html
    assert '<option value="all" selected>' in html
    assert 'name="q" value="tea"' in html


def test_htmx_filter_request_gets_only_the_rows_fragment(client, shop):
    log_in(client, "olga")
    reply = client.get(f"/?store={shop[1].id}", headers={"HX-Request": "true"})
    assert reply.status_code == 200
    assert reply.text.lstrip().startswith('<div id="queue-rows"')
    assert "<html" not in reply.text
    assert "HX-Request" in reply.headers["vary"]
    assert rows(reply.text) == [number(4, shop[1])]


def test_history_restore_gets_the_whole_page(client, shop):
    log_in(client, "olga")
    reply = client.get("/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in reply.text


def test_paging_walks_forward_and_back_without_repeating_a_row(client, uow, users):
    store = add_store(uow)
    put(uow, *(make_posting(n, store) for n in range(1, 121)))
    log_in(client, "olga")
    seen: list[str] = []
    html = client.get("/").text
    pages = [rows(html)]
    while 'data-testid="page-next"' in html:
        link = re.search(r'href="([^"]+)"[^>]*data-testid="page-next"', html)
        assert link
        html = client.get(link.group(1).replace("&amp;", "&")).text
        pages.append(rows(html))
    for page in pages:
        seen += page
    assert [len(p) for p in pages] == [50, 50, 20]
    assert seen == [number(n, store) for n in range(1, 121)]
    back = re.search(r'href="([^"]+)"[^>]*data-testid="page-prev"', html)
    assert back
    assert rows(client.get(back.group(1).replace("&amp;", "&")).text) == pages[1]


def test_paging_keeps_the_filters(client, uow, users):
    store = add_store(uow)
    postings = [make_posting(n, store) for n in range(1, 61)]
    put(uow, *(rfbs(p) if n % 2 else p for n, p in enumerate(postings, start=1)))
    log_in(client, "olga")
    html = client.get("/?warehouse=42").text
    link = re.search(r'href="([^"]+)"[^>]*data-testid="page-next"', html)
    assert link is None  # 30 rFBS postings fit on one page
    assert len(rows(html)) == 30


def test_overdue_and_due_soon_rows_carry_a_text_badge(client, uow, users):
    store = add_store(uow)
    put(
        uow,
        make_posting(1, store, ship_by=T0 - timedelta(hours=1, minutes=20)),
        make_posting(2, store, ship_by=T0 + timedelta(minutes=35)),
        make_posting(3, store, ship_by=T0 + timedelta(hours=5)),
    )
    log_in(client, "admin")
    html = client.get("/").text
    urgency = re.findall(r'data-posting-number="[^"]+"\s+data-urgency="(\w+)"', html)
    assert urgency == ["overdue", "due_soon", "on_time"]
    assert "overdue 1 h 20 min" in html
    assert "in 35 min" in html
    assert ">Overdue</span>" in html
    assert ">Due within 2 h</span>" in html
    assert 'data-ship-by="2026-03-10T07:40:00Z"' in html


def test_countdown_wording_goes_to_the_page_script_translated(client, uow, users):
    log_in(client, "olga")
    html = client.get("/").text
    assert '"overdue": "просрочено на {time}"' in html
    assert '"min": "{n} мин"' in html


def test_sync_line_shows_the_last_error_prominently(client, uow, users):
    store = add_store(uow)
    with uow() as tx:
        tx.stores.record_sync(store.id, at=T0 - timedelta(minutes=30))
        tx.stores.record_sync(
            store.id, at=T0 - timedelta(minutes=5), error="HTTP 403: Invalid Api-Key"
        )
        tx.commit()
    log_in(client, "admin")
    html = client.get("/").text
    assert 'role="alert" data-testid="sync-error"' in html
    assert "HTTP 403: Invalid Api-Key" in html
    assert "last sync Mar 10, 11:30" in html  # 08:30 UTC shown in Moscow time (UTC+3)


def test_sync_line_lists_postings_the_last_sync_could_not_read(client, uow, users):
    store = add_store(uow)
    problem = ItemError(
        where="/v4/posting/fbs/list",
        message="bad shipment_date",
        posting_number=PostingNumber("1-2-3"),
    )
    with uow() as tx:
        run = tx.sync_state.start_run(store.id, now=T0)
        tx.sync_state.record_errors(store.id, run, [problem], now=T0)
        tx.commit()
    log_in(client, "olga")
    html = client.get("/").text
    assert 'data-testid="sync-item-errors"' in html
    assert "1 запись не удалось прочитать при последней синхронизации" in html
    assert "bad shipment_date" in html


def test_sync_status_fragment_refreshes_on_its_own(client, uow, users):
    add_store(uow)
    log_in(client, "olga")
    reply = client.get("/sync/status")
    assert reply.text.lstrip().startswith('<section id="sync-status"')
    assert "not synced yet" not in reply.text  # Olga reads Russian
    assert "ещё не синхронизирован" in reply.text


def test_empty_queue_says_so(client, users):
    log_in(client, "admin")
    html = client.get("/").text
    assert 'data-testid="queue-empty"' in html
    assert 'data-testid="sync-no-stores"' in html


def test_cancelled_posting_has_no_countdown(client, uow, users):
    store = add_store(uow)
    put(
        uow, replace(make_posting(1, store), status=PostingStatus.CANCELLED, status_raw="cancelled")
    )
    log_in(client, "admin")
    html = client.get("/?status=all").text
    assert rows(html) == [number(1, store)]
    assert 'data-testid="countdown"' not in html
