"""Document pages: the slip from the posting page, pick lists from the queue and from "every
ready posting", the batches page with reprints, and the after-sales card settings."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2 as pdfium
import pytest
import zxingcpp
from conftest import log_in
from fastapi.testclient import TestClient
from web_samples import FixedClock, add_store, make_posting, put, rfbs

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.documents.renderer import PdfDocumentRenderer
from posylka.adapters.security import Argon2PasswordHasher
from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.domain.stores import Store
from posylka.entrypoints.web.deps import WebDeps


@pytest.fixture
def deps(
    tmp_path: Path,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    hasher: Argon2PasswordHasher,
    sync_requests: list[StoreId | None],
) -> WebDeps:
    settings = Settings(data_dir=tmp_path, timezone="Europe/Moscow", default_language="en")
    return WebDeps(
        settings,
        uow,
        clock,
        hasher,
        sync_requests.append,
        reads=uow.reader(),
        documents=PdfDocumentRenderer(ZoneInfo(settings.timezone)),
    )


@pytest.fixture
def store(uow: SqlUnitOfWorkFactory) -> Store:
    store = add_store(uow)
    put(uow, make_posting(1, store), rfbs(make_posting(2, store)), make_posting(3, store))
    return store


def text_of(pdf: bytes) -> str:
    document = pdfium.PdfDocument(pdf)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def codes(pdf: bytes, page: int = 0) -> set[tuple[str, str]]:
    image = pdfium.PdfDocument(pdf)[page].render(scale=300 / 72).to_pil().convert("L")
    return {(r.format.name, r.text) for r in zxingcpp.read_barcodes(image)}


def test_posting_page_offers_the_slip_in_each_size(
    client: TestClient, users: None, store: Store
) -> None:
    log_in(client, "li.wei")
    number = make_posting(1, store).posting_number
    box = client.get(f"/documents/postings/{store.id}/{number}")
    assert box.status_code == 200
    assert 'data-testid="slip-form"' in box.text
    for size in ("a4", "100x150", "75x120"):
        assert f'value="{size}"' in box.text
    assert "打印" in box.text or "Print slip" in box.text


@pytest.mark.parametrize("size", ["a4", "100x150", "75x120"])
def test_slip_is_an_inline_pdf_in_the_staff_language(
    client: TestClient, users: None, store: Store, size: str
) -> None:
    log_in(client, "olga")
    number = make_posting(2, store).posting_number
    reply = client.get(f"/postings/{store.id}/{number}/slip", params={"size": size})
    assert reply.status_code == 200
    assert reply.headers["content-type"] == "application/pdf"
    assert reply.headers["content-disposition"] == f'inline; filename="slip-{number}-{size}.pdf"'
    text = text_of(reply.content)
    assert "Отгрузить до" in text
    assert "Получатель: Петрова Анна" in text
    assert codes(reply.content) == {("Code128", number), ("QRCode", number)}


def test_slip_of_a_posting_ozon_never_sent_names_it(
    client: TestClient, users: None, store: Store
) -> None:
    log_in(client, "admin")
    reply = client.get(f"/postings/{store.id}/11111111-0000-1/slip")
    assert reply.status_code == 404
    assert "11111111-0000-1" in reply.text
    assert 'data-testid="problem"' in reply.text


def test_slip_in_an_unknown_size_is_refused_with_a_message(
    client: TestClient, users: None, store: Store
) -> None:
    log_in(client, "admin")
    number = make_posting(1, store).posting_number
    reply = client.get(f"/postings/{store.id}/{number}/slip", params={"size": "a5"})
    assert reply.status_code == 400
    assert "paper sizes" in reply.text


def test_queue_selection_makes_a_pick_list_batch(
    client: TestClient, users: None, store: Store
) -> None:
    token = log_in(client, "olga")
    chosen = [make_posting(n, store).posting_number for n in (3, 1)]
    reply = client.post(
        "/picklists",
        data={"csrf_token": token, "posting": [f"{store.id}:{n}" for n in chosen]},
    )
    assert reply.status_code == 303
    location = reply.headers["location"]
    assert location.startswith("/picklists/")
    assert location.endswith(".pdf")
    pdf = client.get(location)
    assert pdf.headers["content-type"] == "application/pdf"
    assert codes(pdf.content) == {("Code128", "PL-000001")}
    text = text_of(pdf.content)
    assert "Лист подбора PL-000001" in text
    assert all(n in text for n in chosen)
    page = client.get("/picklists")
    assert 'data-batch="PL-000001"' in page.text
    assert "olga" in page.text


def test_pick_list_needs_a_ticked_posting(client: TestClient, users: None, store: Store) -> None:
    token = log_in(client, "admin")
    reply = client.post("/picklists", data={"csrf_token": token})
    assert reply.status_code == 400
    assert "Tick at least one posting" in reply.text


def test_pick_list_refuses_postings_of_two_stores(
    client: TestClient, users: None, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    other = add_store(uow, "Второй", "654321")
    token = log_in(client, "admin")
    values = [f"{store.id}:{make_posting(1, store).posting_number}", f"{other.id}:x"]
    reply = client.post("/picklists", data={"csrf_token": token, "posting": values})
    assert reply.status_code == 400
    assert "one store" in reply.text


def test_a_packer_cannot_make_pick_lists(client: TestClient, users: None, store: Store) -> None:
    token = log_in(client, "li.wei")
    number = make_posting(1, store).posting_number
    reply = client.post(
        "/picklists", data={"csrf_token": token, "posting": [f"{store.id}:{number}"]}
    )
    assert reply.status_code == 403


def test_every_ready_posting_of_a_delivery_method_goes_into_one_batch(
    client: TestClient, users: None, store: Store
) -> None:
    token = log_in(client, "admin")
    reply = client.post(
        "/picklists/ready",
        data={"csrf_token": token, "store": str(store.id), "delivery": "31", "day": "2026-03-11"},
    )
    assert reply.status_code == 303
    text = text_of(client.get(reply.headers["location"]).content)
    # Postings 1 and 3 (FBS, method 31) ship on 11 March; posting 2 is rFBS (method 32).
    assert make_posting(1, store).posting_number in text
    assert make_posting(3, store).posting_number in text
    assert make_posting(2, store).posting_number not in text
    assert "Ozon Логистика, Москва · 11.03.2026" in text


def test_no_ready_posting_says_so_on_the_page(
    client: TestClient, users: None, store: Store
) -> None:
    token = log_in(client, "admin")
    reply = client.post(
        "/picklists/ready",
        data={"csrf_token": token, "store": str(store.id), "delivery": "31", "day": "2026-03-01"},
    )
    assert reply.status_code == 422
    assert "No posting awaits packaging" in reply.text
    assert "01.03.2026" in reply.text


def test_a_scanned_batch_code_opens_its_pick_list(
    client: TestClient, users: None, store: Store
) -> None:
    log_in(client, "li.wei")
    assert client.get("/picklists", params={"code": "PL-000007"}).headers["location"] == (
        "/picklists/7.pdf"
    )
    assert client.get("/picklists/7.pdf").status_code == 404
    assert client.get("/picklists", params={"code": "hello"}).status_code == 200


def test_after_sales_card_is_saved_and_prints_after_the_slip(
    client: TestClient, users: None, store: Store
) -> None:
    token = log_in(client, "olga")
    page = client.get("/settings/after-sales-card")
    assert page.status_code == 200
    assert 'data-testid="card-form"' in page.text
    form = {
        "csrf_token": token,
        "store": str(store.id),
        "enabled": "1",
        "headline": "Спасибо за покупку!",
        "message": "Будем рады отзыву.",
        "contacts": "Telegram: @tea",
        "link": "https://www.ozon.ru/seller/tea-1/",
        "link_caption": "Наш магазин",
    }
    saved = client.post("/settings/after-sales-card", data=form)
    assert saved.status_code == 303
    again = client.get(saved.headers["location"])
    assert "Спасибо за покупку!" in again.text
    assert 'data-testid="notice"' in again.text
    number = make_posting(1, store).posting_number
    slip = client.get(f"/postings/{store.id}/{number}/slip", params={"size": "100x150"})
    assert len(pdfium.PdfDocument(slip.content)) == 2
    assert codes(slip.content, 1) == {("QRCode", "https://www.ozon.ru/seller/tea-1/")}
    sample = client.get(
        "/settings/after-sales-card/sample.pdf", params={"store": store.id, "size": "58x40"}
    )
    assert sample.headers["content-type"] == "application/pdf"


def test_a_bad_card_link_is_refused_next_to_the_field(
    client: TestClient, users: None, store: Store
) -> None:
    token = log_in(client, "admin")
    reply = client.post(
        "/settings/after-sales-card",
        data={"csrf_token": token, "store": str(store.id), "enabled": "1", "link": "ozon"},
    )
    assert reply.status_code == 422
    assert 'data-testid="error-link"' in reply.text
    assert 'value="ozon"' in reply.text


def test_a_packer_cannot_change_the_card(client: TestClient, users: None, store: Store) -> None:
    log_in(client, "li.wei")
    assert client.get("/settings/after-sales-card").status_code == 403
