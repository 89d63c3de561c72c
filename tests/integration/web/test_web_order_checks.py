"""Order checks on the pages: the verdict in the queue and its filter, the reasons on the posting
page, and resolving them by checking again, accepting, or adding the product to the catalogue."""

from __future__ import annotations

import re
from dataclasses import replace

from conftest import log_in
from sqlalchemy import select
from web_samples import T0, add_store, make_posting, put, rfbs

from posylka.adapters.db.tables import audit_log
from posylka.domain.catalogue import ProductDraft
from posylka.services.order_checks import recheck_store
from posylka.services.ports import QueueQuery


def _checked(uow, clock, *postings):
    put(uow, *postings)
    for store_id in {p.store_id for p in postings}:
        recheck_store(store_id, uow=uow, clock=clock)


def _catalogue(uow, posting):
    with uow() as tx:
        item = posting.items[0]
        tx.catalogue.upsert_many(
            [ProductDraft(store_id=posting.store_id, offer_id=item.offer_id, sku=item.sku)],
            now=T0,
        )
        tx.commit()


def _row(html, posting):
    found = re.search(
        rf'<tr data-testid="queue-row" data-posting-number="{posting.posting_number}".*?</tr>',
        html,
        re.S,
    )
    assert found, f"{posting.posting_number} is not in the queue"
    return found.group(0)


def _page(client, posting, **params):
    return client.get(f"/postings/{posting.store_id}/{posting.posting_number}", params=params)


def test_the_queue_shows_each_verdict_with_the_reasons_and_filters_by_it(client, uow, clock, users):
    store = add_store(uow)
    known, unknown = make_posting(1, store), make_posting(2, store)
    _catalogue(uow, known)
    _checked(uow, clock, known, unknown)
    log_in(client, "admin")

    html = client.get("/").text
    assert 'data-verdict="ready"' in _row(html, known)
    row = _row(html, unknown)
    assert 'data-verdict="attention"' in row
    assert "Needs attention" in row
    assert "<li>Unknown product</li>" in row

    only = client.get("/", params={"check": "attention"}).text
    assert unknown.posting_number in only
    assert known.posting_number not in only
    assert 'value="attention" selected' in only
    ready = client.get("/", params={"check": "ready"}).text
    assert known.posting_number in ready
    assert unknown.posting_number not in ready
    # An unknown filter value is ignored, not an error.
    assert unknown.posting_number in client.get("/", params={"check": "bogus"}).text


def test_the_posting_page_lists_each_reason_with_what_to_do(client, uow, clock, users):
    store = add_store(uow)
    posting = make_posting(1, store, requirements={"products_requiring_gtd": ("2000001",)})
    _checked(uow, clock, posting)
    log_in(client, "admin")

    html = _page(client, posting).text
    assert 'data-testid="order-checks"' in html
    assert 'data-verdict="attention"' in html
    codes = re.findall(r'data-testid="check-reason" data-code="([a-z_]+)"', html)
    assert codes == ["unknown_product", "requirement"]
    assert "SKU 2000001 (article TEA-001" in html
    assert "Add the product to the catalogue" in html
    assert 'data-testid="add-product"' in html


def test_adding_the_unknown_product_makes_the_posting_ready(client, uow, clock, users):
    store = add_store(uow)
    posting = make_posting(1, store)
    other = make_posting(2, store, items=posting.items)
    _checked(uow, clock, posting, other)
    token = log_in(client, "olga")

    reply = client.post(
        f"/postings/{store.id}/{posting.posting_number}/add-product",
        data={"sku": str(posting.items[0].sku), "csrf_token": token},
    )
    assert reply.status_code == 303
    assert reply.headers["location"].endswith("?checks=added#order-checks")
    html = _page(client, posting, checks="added").text
    assert 'data-verdict="ready"' in html
    assert 'data-testid="checks-notice"' in html
    with uow() as tx:
        product = tx.catalogue.by_skus(store.id, [posting.items[0].sku])
        rechecked = tx.checks.of_posting(store.id, other.posting_number)
        row = tx.postings.queue(QueueQuery(text=posting.posting_number)).rows[0]
        reservation = tx.inventory.reservation(row.id)
    assert product[posting.items[0].sku].offer_id == posting.items[0].offer_id
    assert rechecked is not None
    assert rechecked.verdict.value == "ready"
    # The intake took the posting in with its new product: its stock is wanted (none is there).
    assert reservation is not None
    assert reservation.wanted == posting.items[0].quantity


def test_a_manager_accepts_a_reason_and_it_is_recorded(client, uow, clock, users, engine):
    store = add_store(uow)
    posting = rfbs(make_posting(1, store))
    company = replace(posting.buyer, is_legal=True, company_name="ООО Чайная", inn="7701234567")
    posting = replace(posting, buyer=company)
    _catalogue(uow, posting)
    _checked(uow, clock, posting)
    token = log_in(client, "olga")
    html = _page(client, posting).text
    assert 'data-code="legal_buyer"' in html
    assert "ООО Чайная" in html

    reply = client.post(
        f"/postings/{store.id}/{posting.posting_number}/accept",
        data={
            "code": "legal_buyer",
            "subject": "",
            "note": "Invoice sent by e-mail",
            "csrf_token": token,
        },
    )
    assert reply.status_code == 303
    html = _page(client, posting).text
    assert 'data-verdict="ready"' in html
    assert 'data-testid="reason-accepted"' in html
    assert "Invoice sent by e-mail" in html
    with engine.connect() as conn:
        actions = conn.execute(select(audit_log.c.action, audit_log.c.actor)).all()
    assert ("order_check.accept", "olga") in actions


def test_a_packer_may_check_again_but_not_accept(client, uow, clock, users):
    store = add_store(uow)
    posting = make_posting(1, store)
    _checked(uow, clock, posting)
    token = log_in(client, "li.wei")

    html = _page(client, posting).text
    assert 'data-testid="accept-reason"' not in html
    refused = client.post(
        f"/postings/{store.id}/{posting.posting_number}/accept",
        data={"code": "unknown_product", "subject": "2000001", "csrf_token": token},
    )
    assert refused.status_code == 403
    again = client.post(
        f"/postings/{store.id}/{posting.posting_number}/recheck", data={"csrf_token": token}
    )
    assert again.status_code == 303
    with uow() as tx:
        check = tx.checks.of_posting(store.id, posting.posting_number)
    assert check is not None
    assert check.verdict.value == "attention"
    assert check.accepted == ()


def test_accepting_a_reason_that_is_gone_says_so(client, uow, clock, users):
    store = add_store(uow)
    posting = make_posting(1, store)
    _catalogue(uow, posting)
    _checked(uow, clock, posting)
    token = log_in(client, "admin")

    reply = client.post(
        f"/postings/{store.id}/{posting.posting_number}/accept",
        data={"code": "unknown_product", "subject": "2000001", "csrf_token": token},
    )
    assert reply.headers["location"].endswith("?checks=gone#order-checks")
    missing = client.post(
        f"/postings/{store.id}/0000000000-0000-1/recheck", data={"csrf_token": token}
    )
    assert missing.status_code == 404


def test_adding_a_product_someone_added_meanwhile_keeps_the_catalogues_version(
    client, uow, clock, users
):
    store = add_store(uow)
    posting = make_posting(1, store)
    _checked(uow, clock, posting)
    item = posting.items[0]
    with uow() as tx:
        tx.catalogue.upsert_many(
            [ProductDraft(store_id=store.id, offer_id=item.offer_id, name="Улун, 100 г")],
            now=T0,
        )
        tx.commit()
    token = log_in(client, "olga")

    reply = client.post(
        f"/postings/{store.id}/{posting.posting_number}/add-product",
        data={"sku": str(item.sku), "csrf_token": token},
    )

    assert reply.status_code == 303
    with uow() as tx:
        kept = tx.catalogue.by_offer_ids(store.id, [item.offer_id])[item.offer_id]
        check = tx.checks.of_posting(store.id, posting.posting_number)
    assert kept.name == "Улун, 100 г"
    assert kept.sku is None
    assert check is not None
    assert check.verdict.value == "ready"
