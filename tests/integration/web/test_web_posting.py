"""The posting page: items and totals, buyer or "Ozon delivers", deadline, requirements, history."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal

from conftest import log_in
from web_samples import T0, add_store, make_item, make_posting, put, rfbs

from posylka.domain.postings import Money, PostingStatus


def page_of(client, posting):
    return client.get(f"/postings/{posting.store_id}/{posting.posting_number}")


def test_rfbs_posting_shows_the_buyer_and_the_address(client, uow, users):
    store = add_store(uow)
    posting = rfbs(make_posting(1, store))
    put(uow, posting)
    log_in(client, "admin")
    html = page_of(client, posting).text
    assert 'data-testid="buyer-name">Петрова Анна<' in html
    assert (
        'data-testid="buyer-address">420111, Россия, Республика Татарстан, Казань, '
        "ул. Баумана, д. 12, кв. 5<" in html
    )
    assert "Позвонить за час" in html
    assert 'data-testid="ozon-delivers"' not in html


def test_fbs_posting_says_ozon_delivers(client, uow, users):
    store = add_store(uow)
    posting = make_posting(1, store)
    put(uow, posting)
    log_in(client, "olga")
    html = page_of(client, posting).text
    assert 'data-testid="ozon-delivers"' in html
    assert "Это отправление доставляет Ozon" in html


def test_items_and_totals_are_listed_with_money_in_the_readers_format(client, uow, users):
    store = add_store(uow)
    posting = make_posting(
        1,
        store,
        items=(
            make_item(1, quantity=2, price=Money(Decimal("1250.50"))),
            make_item(2, quantity=1, price=Money(Decimal("99.00"))),
        ),
    )
    put(uow, posting)
    log_in(client, "olga")
    html = page_of(client, posting).text
    assert len(re.findall(r'data-testid="item-row"', html)) == 2
    assert "TEA-001" in html
    assert "Чай улун Те Гуань Инь 2" in html
    assert 'data-testid="posting-total">2\xa0600,00\xa0₽<' in html


def test_history_lists_changes_and_flags_the_unexpected_one(client, uow, users):
    store = add_store(uow)
    posting = make_posting(1, store)
    put(uow, posting, now=T0 - timedelta(hours=2))
    jumped = replace(
        posting,
        status=PostingStatus.DELIVERED,
        status_raw="delivered",
        substatus="posting_delivered",
        status_changed_at=T0 - timedelta(hours=1),
    )
    put(uow, jumped, now=T0)
    log_in(client, "admin")
    html = page_of(client, jumped).text
    assert 'data-testid="history-row"' in html
    assert "Awaiting packaging → Delivered" in html
    assert html.count('data-testid="unexpected-flag"') == 1


def test_ship_by_has_a_countdown_and_urgency(client, uow, users):
    store = add_store(uow)
    posting = make_posting(1, store, ship_by=T0 + timedelta(minutes=50))
    put(uow, posting)
    log_in(client, "li.wei")
    html = page_of(client, posting).text
    assert re.search(r'data-urgency="due_soon"\s+data-testid="posting-head"', html)
    assert "剩余 50 分钟" in html
    assert "2 小时内到期" in html


def test_requirements_name_what_ozon_needs_before_assembly(client, uow, users):
    store = add_store(uow)
    posting = make_posting(
        1,
        store,
        requirements={"products_requiring_gtd": ("2000001",), "products_requiring_imei": ()},
    )
    put(uow, posting)
    log_in(client, "admin")
    html = page_of(client, posting).text
    assert html.count('data-testid="requirement"') == 1
    assert "Customs declaration (GTD) number" in html
    assert "SKU 2000001" in html


def test_posting_of_another_store_is_a_translated_404(client, uow, users):
    store = add_store(uow)
    posting = make_posting(1, store)
    put(uow, posting)
    log_in(client, "olga")
    reply = client.get(f"/postings/{store.id + 1}/{posting.posting_number}")
    assert reply.status_code == 404
    assert "Страница не найдена" in reply.text
    assert client.get(f"/postings/x/{posting.posting_number}").status_code == 404


def test_queue_links_to_the_posting_page(client, uow, users):
    store = add_store(uow)
    posting = make_posting(1, store)
    put(uow, posting)
    log_in(client, "admin")
    html = client.get("/").text
    link = f'href="/postings/{store.id}/{posting.posting_number}"'
    assert link in html
