"""The label pages against the Ozon sandbox (in-process) and a real database: labels for the
postings selected, the batch page with what was set aside, the PDF served inline, the log of
prints with reprints, and the label part of the posting page."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import httpx
import pypdfium2 as pdfium
import pytest
import zxingcpp
from conftest import log_in
from fastapi.testclient import TestClient
from web_samples import FixedClock

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.ozon.client import OzonClient
from posylka.adapters.ozon.gateway import OzonGateway
from posylka.adapters.ozon.retry import RetryPolicy
from posylka.adapters.pdf.pages import PypdfPages
from posylka.adapters.security import Argon2PasswordHasher
from posylka.config import Settings
from posylka.domain.ids import StoreId
from posylka.domain.stores import StoreCredentials
from posylka.entrypoints.web.deps import WebDeps
from posylka.sandbox.ozon.app import SandboxApp, create_app
from posylka.sandbox.ozon.config import SandboxConfig
from posylka.sandbox.ozon.faults import FaultPlan
from posylka.sandbox.ozon.labels import READY_AFTER_SECONDS
from posylka.services.package_labels import LabelDesk

SANDBOX_URL = "http://sandbox.test"


@pytest.fixture
def sandbox(clock: FixedClock) -> SandboxApp:
    return create_app(SandboxConfig(seed=3, postings=600, now=clock.now(), rate_limit=0))


@pytest.fixture
def store_id(uow: SqlUnitOfWorkFactory, sandbox: SandboxApp, clock: FixedClock) -> StoreId:
    credentials = StoreCredentials(
        sandbox.config.client_id, sandbox.config.accepted_api_key, SANDBOX_URL
    )
    with uow() as tx:
        store = tx.stores.add("Песочница", credentials, now=clock.now())
        tx.commit()
    return store.id


@pytest.fixture
def deps(
    tmp_path: Path,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    hasher: Argon2PasswordHasher,
    sync_requests: list[StoreId | None],
    sandbox: SandboxApp,
) -> WebDeps:
    def gateway(store: StoreId, credentials: StoreCredentials) -> OzonGateway:
        client = OzonClient.connect(
            credentials.client_id,
            credentials.api_key,
            base_url=credentials.base_url,
            transport=httpx.ASGITransport(app=sandbox),
            retry=RetryPolicy(max_attempts=2, base_delay=0.001, max_delay=0.002),
        )
        return OzonGateway(store, client)

    async def sandbox_sleep(seconds: float) -> None:
        sandbox.state.clock.advance(seconds)

    desk = LabelDesk(
        uow=uow, marketplace=gateway, pdf=PypdfPages(), clock=clock, sleep=sandbox_sleep
    )
    settings = Settings(data_dir=tmp_path, timezone="Europe/Moscow", default_language="en")
    return WebDeps(
        settings, uow, clock, hasher, sync_requests.append, reads=uow.reader(), labels=desk
    )


def in_status(sandbox: SandboxApp, status: str) -> list[str]:
    now = sandbox.state.now()
    return [
        p.posting_number
        for p in sandbox.state.postings
        if (event := p.timeline.at(now)) is not None and event.status == status
    ]


def assemble(sandbox: SandboxApp, count: int) -> list[str]:
    numbers = in_status(sandbox, "awaiting_packaging")[:count]
    for number in numbers:
        sandbox.state.set_status(number, "awaiting_deliver")
    sandbox.state.clock.advance(READY_AFTER_SECONDS)
    return numbers


def decode_pages(pdf: bytes) -> list[str]:
    texts = []
    for page in pdfium.PdfDocument(io.BytesIO(pdf)):
        image = page.render(scale=203 / 72).to_pil().convert("L")
        found = [r.text for r in zxingcpp.read_barcodes(image) if r.format.name == "Code128"]
        texts.append(found[0] if found else "")
    return texts


def ask_for_labels(client: TestClient, csrf: str, store: StoreId, numbers: list[str]) -> Any:
    form = {"csrf_token": csrf, "posting": [f"{store}:{n}" for n in numbers]}
    return client.post("/labels", data=form)


def test_selected_postings_get_one_pdf_in_order_and_the_bad_one_is_explained(
    client: TestClient, users: None, sandbox: SandboxApp, store_id: StoreId
) -> None:
    csrf = log_in(client, "admin")
    ready = assemble(sandbox, 3)
    delivered = in_status(sandbox, "delivered")[0]
    wanted = [ready[2], delivered, ready[0], ready[1]]

    answer = ask_for_labels(client, csrf, store_id, wanted)
    assert answer.status_code == 303
    page = client.get(answer.headers["location"])
    batch_id = answer.headers["location"].rsplit("/", 1)[1]
    pdf = client.get(f"/labels/batches/{batch_id}/labels.pdf")

    assert page.status_code == 200
    assert 'data-testid="labels-summary"' in page.text
    assert "3 labels of 4 asked for" in page.text
    assert re.search(rf'data-posting-number="{delivered}" data-reason="wrong_status"', page.text)
    assert "not awaiting shipment" in page.text
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith("inline")
    assert decode_pages(pdf.content) == [ready[2], ready[0], ready[1]]


def test_the_log_lists_every_print_and_a_reprint_returns_the_same_label(
    client: TestClient, users: None, sandbox: SandboxApp, store_id: StoreId
) -> None:
    csrf = log_in(client, "olga")
    ready = assemble(sandbox, 2)
    ask_for_labels(client, csrf, store_id, ready)

    log = client.get("/labels")
    ids = dict(
        (number, int(print_id))
        for print_id, number in re.findall(
            r'name="print_id" value="(\d+)" aria-label="([^"]+)"', log.text
        )
    )
    again = client.post("/labels/reprint", data={"csrf_token": csrf, "print_id": [ids[ready[1]]]})
    after = client.get("/labels")

    assert log.status_code == 200
    assert set(ids) == set(ready)
    assert again.headers["content-type"] == "application/pdf"
    assert decode_pages(again.content) == [ready[1]]
    assert after.text.count('data-reprint="yes"') == 1
    assert re.search(r'data-testid="times-printed">2<', after.text)


def test_asking_with_nothing_selected_says_what_to_do(client: TestClient, users: None) -> None:
    csrf = log_in(client, "admin")

    answer = client.post("/labels", data={"csrf_token": csrf})

    assert answer.status_code == 400
    assert "Select at least one posting" in answer.text


def test_the_posting_page_offers_the_label_and_lists_its_prints(
    client: TestClient, users: None, sandbox: SandboxApp, store_id: StoreId
) -> None:
    csrf = log_in(client, "admin")
    ready = assemble(sandbox, 1)
    before = client.get(f"/labels/postings/{store_id}/{ready[0]}")
    ask_for_labels(client, csrf, store_id, ready)
    after = client.get(f"/labels/postings/{store_id}/{ready[0]}")

    assert 'data-testid="posting-label"' in before.text
    assert 'data-testid="posting-label-none"' in before.text
    assert after.text.count('data-testid="posting-label-print"') == 1


def test_a_reprint_of_an_unknown_print_is_not_found(client: TestClient, users: None) -> None:
    csrf = log_in(client, "admin")

    answer = client.post("/labels/reprint", data={"csrf_token": csrf, "print_id": [999]})

    assert answer.status_code == 404


def test_a_posting_assembled_a_moment_ago_gets_its_label_after_the_page_waits(
    client: TestClient, users: None, sandbox: SandboxApp, store_id: StoreId
) -> None:
    csrf = log_in(client, "admin")
    fresh = in_status(sandbox, "awaiting_packaging")[0]
    sandbox.state.set_status(fresh, "awaiting_deliver")
    before = sandbox.state.now()

    answer = ask_for_labels(client, csrf, store_id, [fresh])
    batch_id = answer.headers["location"].rsplit("/", 1)[1]
    pdf = client.get(f"/labels/batches/{batch_id}/labels.pdf")

    assert decode_pages(pdf.content) == [fresh]
    assert sandbox.state.now() - before >= READY_AFTER_SECONDS  # it waited (sandbox time)


def test_ozon_failing_is_said_plainly_and_nothing_is_logged(
    client: TestClient, users: None, sandbox: SandboxApp, store_id: StoreId
) -> None:
    csrf = log_in(client, "admin")
    ready = assemble(sandbox, 1)
    sandbox.runtime.faults.replace(
        FaultPlan.model_validate({"fail_next": {"kind": "503", "count": 5}})
    )

    answer = ask_for_labels(client, csrf, store_id, ready)

    assert answer.status_code == 502
    assert "Ozon could not give the labels" in answer.text
    assert 'data-testid="label-print"' not in client.get("/labels").text
