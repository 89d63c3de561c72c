"""The packing station over HTTP: the slip opens the posting, scans count or are refused with one
sentence, the last unit starts the assembly once, and recordings are kept and found again."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import log_in
from fastapi.testclient import TestClient
from tests.unit.services.memory_ports import FixedClock
from web_samples import T0, add_store, make_item, make_posting, put

from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.evidence_files import DiskEvidenceFiles
from posylka.config import Settings
from posylka.domain.catalogue import Barcode, Dimensions, ProductDraft
from posylka.domain.ids import OfferId, PostingNumber, Sku, StoreId
from posylka.domain.stores import Store
from posylka.entrypoints.web.deps import WebDeps

MUG_EAN = "4600000000017"
PLATE_EAN = "4600000000031"
STATION = {"X-Station": "1"}


class QueuedAssemblies:
    """The assembly queue as the station sees it: it only remembers what was queued."""

    def __init__(self) -> None:
        self.queued: list[tuple[StoreId, PostingNumber]] = []

    def enqueue_assembly(self, store_id: StoreId, posting_number: PostingNumber) -> None:
        self.queued.append((store_id, posting_number))


@pytest.fixture
def queued() -> QueuedAssemblies:
    return QueuedAssemblies()


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {}


@pytest.fixture
def deps(
    settings_overrides: dict[str, object],
    tmp_path: Path,
    uow: SqlUnitOfWorkFactory,
    clock: FixedClock,
    hasher: object,
    queued: QueuedAssemblies,
) -> WebDeps:
    settings = Settings(
        data_dir=tmp_path, timezone="Europe/Moscow", default_language="en", **settings_overrides
    )
    return WebDeps(
        settings,
        uow,
        clock,
        hasher,  # type: ignore[arg-type]
        lambda _: None,
        reads=uow.reader(),
        evidence=DiskEvidenceFiles(tmp_path / "evidence"),
        assembly_jobs=queued,
    )


@pytest.fixture
def store(uow: SqlUnitOfWorkFactory) -> Store:
    store = add_store(uow)
    drafts = [
        ProductDraft(
            store_id=store.id,
            offer_id=OfferId(offer),
            name=name,
            sku=Sku(sku),
            barcodes=(Barcode(ean),),
            dimensions=Dimensions(120, 100, 90, 350),
        )
        for offer, name, sku, ean in (
            ("MUG-01", "Mug", 1001, MUG_EAN),
            ("PLATE-3", "Plate", 1003, PLATE_EAN),
        )
    ]
    with uow() as tx:
        tx.catalogue.upsert_many(drafts, now=T0)
        tx.commit()
    item = make_item(0, sku=Sku(1001), offer_id=OfferId("MUG-01"), name="Mug", quantity=2)
    put(uow, make_posting(1, store, items=(item,)))
    return store


@pytest.fixture
def packer(client: TestClient, users: None) -> str:
    return log_in(client, "admin")


NUMBER = "77000001-0001-1"


def scan(client: TestClient, token: str, code: str, store: Store | None = None) -> str:
    data = {"code": code, "csrf_token": token}
    if store is not None:
        data |= {"store_id": str(store.id), "posting": NUMBER}
    reply = client.post("/pack/scan", data=data, headers=STATION)
    assert reply.status_code == 200, reply.text
    return reply.text


def test_station_page_waits_for_a_slip(client: TestClient, packer: str) -> None:
    page = client.get("/pack").text

    assert 'data-testid="pack-scan"' in page
    assert "Scan a posting's slip to start." in page


def test_slip_barcode_opens_the_posting_with_its_lines(
    client: TestClient, packer: str, store: Store
) -> None:
    html = scan(client, packer, NUMBER)

    assert 'data-outcome="opened"' in html
    assert 'data-testid="pack-line" data-sku="1001" data-done="0" data-expected="2"' in html


def test_opened_posting_shows_its_box_with_gross_and_volumetric_weight(
    client: TestClient, packer: str, store: Store
) -> None:
    html = scan(client, packer, NUMBER)

    weights = html.split('data-testid="pack-box-weights">', 1)[1].split("</div>", 1)[0]
    assert weights.startswith("gross ")
    assert " g · volumetric " in weights


def test_an_item_without_sizes_is_named_with_the_way_forward(
    client: TestClient, packer: str, store: Store, uow: SqlUnitOfWorkFactory
) -> None:
    with uow() as tx:
        tx.catalogue.upsert_many(
            [
                ProductDraft(
                    store_id=store.id, offer_id=OfferId("LAMP-9"), name="Lamp", sku=Sku(1009)
                )
            ],
            now=T0,
        )
        tx.commit()
    lamp = make_item(0, sku=Sku(1009), offer_id=OfferId("LAMP-9"), name="Lamp", quantity=1)
    put(uow, make_posting(2, store, items=(lamp,)))
    html = scan(client, packer, "77000002-0002-1")

    assert 'data-testid="pack-box-problem"' in html
    assert "LAMP-9 has no size in the catalogue" in html


def test_unknown_slip_is_refused_in_one_sentence(
    client: TestClient, packer: str, store: Store
) -> None:
    html = scan(client, packer, "12345678-0000-1")

    assert 'data-outcome="refused"' in html
    assert "No store has posting 12345678-0000-1." in html


def test_item_of_another_posting_is_refused_and_logged(
    client: TestClient, packer: str, store: Store
) -> None:
    scan(client, packer, NUMBER)

    html = scan(client, packer, PLATE_EAN, store)

    assert 'data-outcome="refused"' in html
    assert f"{PLATE_EAN} is not in this posting." in html
    assert 'data-testid="pack-log-entry" data-outcome="not_in_posting"' in html


def test_last_unit_queues_the_assembly_once(
    client: TestClient, packer: str, store: Store, queued: QueuedAssemblies
) -> None:
    scan(client, packer, NUMBER)
    scan(client, packer, MUG_EAN, store)

    html = scan(client, packer, "mug-01", store)
    client.post(
        "/pack/assemble",
        data={"store_id": str(store.id), "posting": NUMBER, "csrf_token": packer},
        headers=STATION,
    )

    assert 'data-outcome="complete"' in html
    assert queued.queued == [(store.id, NUMBER)]
    assert "Assembling on Ozon…" in html


def test_assembly_status_fragment_polls_while_live(
    client: TestClient, packer: str, store: Store
) -> None:
    scan(client, packer, NUMBER)
    scan(client, packer, MUG_EAN, store)
    scan(client, packer, MUG_EAN, store)

    fragment = client.get(f"/pack/assembly?store={store.id}&posting={NUMBER}").text

    assert 'data-state="recorded"' in fragment
    assert 'hx-trigger="every 1s"' in fragment


def test_weight_that_is_no_weight_is_said_and_the_count_kept(
    client: TestClient, packer: str, store: Store
) -> None:
    scan(client, packer, NUMBER)
    scan(client, packer, MUG_EAN, store)

    reply = client.post(
        "/pack/weight",
        data={
            "store_id": str(store.id),
            "posting": NUMBER,
            "weight": "heavy",
            "csrf_token": packer,
        },
        headers=STATION,
    )

    assert "heavy is not a weight." in reply.text
    assert 'data-done="1"' in reply.text


def test_photo_is_kept_and_found_on_the_evidence_page(
    client: TestClient, packer: str, store: Store
) -> None:
    reply = client.post(
        "/pack/evidence",
        data={"store_id": str(store.id), "posting": NUMBER, "csrf_token": packer},
        files={"file": ("photo.jpg", b"\xff\xd8\xff jpeg", "image/jpeg")},
        headers=STATION,
    )
    found = client.get(f"/evidence?posting={NUMBER}").text
    item = client.get("/evidence/1/file")

    assert f"Recording kept with posting {NUMBER}." in reply.text
    assert 'data-testid="evidence-item" data-kind="photo"' in found
    assert item.content == b"\xff\xd8\xff jpeg"
    assert item.headers["content-type"] == "image/jpeg"


def test_upload_that_is_no_photo_or_video_is_refused(
    client: TestClient, packer: str, store: Store
) -> None:
    reply = client.post(
        "/pack/evidence",
        data={"store_id": str(store.id), "posting": NUMBER, "csrf_token": packer},
        files={"file": ("a.pdf", b"%PDF-1.7", "application/pdf")},
        headers=STATION,
    )

    assert "application/pdf is not a photo or a video" in reply.text


def weigh(client: TestClient, token: str, store: Store, weight: str) -> str:
    reply = client.post(
        "/pack/weight",
        data={"store_id": str(store.id), "posting": NUMBER, "weight": weight, "csrf_token": token},
        headers=STATION,
    )
    assert reply.status_code == 200, reply.text
    return reply.text


@pytest.mark.parametrize("settings_overrides", [{"pack_require_weight": True}])
def test_required_weighing_holds_the_assembly_until_the_weight_is_right(
    client: TestClient, packer: str, store: Store, queued: QueuedAssemblies
) -> None:
    scan(client, packer, NUMBER)
    scan(client, packer, MUG_EAN, store)
    completed = scan(client, packer, MUG_EAN, store)
    queued_before = list(queued.queued)

    light = weigh(client, packer, store, "300")
    right = weigh(client, packer, store, "0.74")

    assert 'data-outcome="weigh"' in completed
    assert queued_before == []
    assert "Too light: 300 g" in light
    assert 'data-outcome="complete"' in right
    assert queued.queued == [(store.id, NUMBER)]
