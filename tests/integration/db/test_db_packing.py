"""The packing station over a real database: sessions, the scan log, weighing and evidence."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from db_samples import T0, add_store, make_item, make_posting
from sqlalchemy import func, select
from tests.unit.services.memory_ports import FixedClock

from posylka.adapters.db.tables.packing import packing_scans
from posylka.adapters.db.uow import SqlUnitOfWorkFactory
from posylka.adapters.evidence_files import DiskEvidenceFiles
from posylka.domain.catalogue import Barcode, Dimensions, ProductDraft
from posylka.domain.evidence import EvidenceKind
from posylka.domain.ids import OfferId, PostingNumber, Sku, StoreId
from posylka.domain.packing import (
    InvalidWeight,
    ScanOutcome,
    SessionStatus,
    WeightTolerance,
    WeightVerdict,
)
from posylka.domain.postings import Posting, PostingStatus
from posylka.services import evidence, packing

CLOCK = FixedClock(T0)
MUG_EAN = "4600000000017"
SPOON_EAN = "4600000000024"
STRANGER_EAN = "4600000000031"


def station_posting(store_id: StoreId, **overrides: object) -> Posting:
    items = (
        make_item(0, sku=Sku(1001), offer_id=OfferId("MUG-01"), quantity=2),
        make_item(1, sku=Sku(1002), offer_id=OfferId("SPOON-7"), quantity=1),
    )
    return make_posting(1, store_id=store_id, items=items, **overrides)


@pytest.fixture
def store(uow_factory: SqlUnitOfWorkFactory) -> StoreId:
    store_id = add_store(uow_factory)
    drafts = [
        ProductDraft(
            store_id=store_id,
            offer_id=OfferId(offer),
            name=name,
            sku=Sku(sku),
            barcodes=(Barcode(ean),),
            dimensions=Dimensions(100, 80, 60, weight),
        )
        for offer, name, sku, ean, weight in (
            ("MUG-01", "Mug", 1001, MUG_EAN, 350),
            ("SPOON-7", "Spoon", 1002, SPOON_EAN, 40),
            ("PLATE-3", "Plate", 1003, STRANGER_EAN, 500),
        )
    ]
    with uow_factory() as uow:
        uow.catalogue.upsert_many(drafts, now=T0)
        uow.postings.upsert_many([station_posting(store_id)], now=T0)
        uow.commit()
    return store_id


NUMBER = PostingNumber("0208245774-0001-1")


def open_it(uow: SqlUnitOfWorkFactory) -> packing.Station:
    return packing.open_posting(NUMBER, user_id=None, by="anna", uow=uow, clock=CLOCK)


def scan(uow: SqlUnitOfWorkFactory, store: StoreId, code: str) -> ScanOutcome:
    result, _ = packing.scan(store, NUMBER, code, user_id=None, by="anna", uow=uow, clock=CLOCK)
    return result.outcome


def test_opening_a_posting_shows_its_lines_with_catalogue_barcodes(
    uow_factory: SqlUnitOfWorkFactory, store: StoreId
) -> None:
    station = open_it(uow_factory)

    assert [(line.name, line.expected, line.barcodes) for line in station.packing.lines] == [
        ("Mug", 2, (MUG_EAN,)),
        ("Spoon", 1, (SPOON_EAN,)),
    ]
    assert station.blocked == ""


def test_unknown_posting_number_is_a_station_problem(
    uow_factory: SqlUnitOfWorkFactory, store: StoreId
) -> None:
    with pytest.raises(packing.StationProblem) as caught:
        packing.open_posting(
            "0000000000-0000-1", user_id=None, by="a", uow=uow_factory, clock=CLOCK
        )

    assert caught.value.code == "unknown_posting"


def test_every_scan_is_logged_with_its_outcome(
    uow_factory: SqlUnitOfWorkFactory, store: StoreId
) -> None:
    open_it(uow_factory)
    outcomes = [scan(uow_factory, store, c) for c in (MUG_EAN, STRANGER_EAN, "NOPE", MUG_EAN)]

    station = packing.station(store, NUMBER, uow=uow_factory)

    assert outcomes == [
        ScanOutcome.ACCEPTED,
        ScanOutcome.NOT_IN_POSTING,
        ScanOutcome.UNKNOWN_BARCODE,
        ScanOutcome.ACCEPTED,
    ]
    assert station is not None
    assert [s.outcome for s in station.scans] == list(reversed(outcomes))


def test_counts_survive_reopening_the_posting(
    uow_factory: SqlUnitOfWorkFactory, store: StoreId
) -> None:
    open_it(uow_factory)
    scan(uow_factory, store, "mug-01")

    assert open_it(uow_factory).packing.scanned == (1, 0)


def test_last_unit_completes_the_session(uow_factory: SqlUnitOfWorkFactory, store: StoreId) -> None:
    open_it(uow_factory)
    for code in (MUG_EAN, MUG_EAN, SPOON_EAN):
        scan(uow_factory, store, code)

    station = open_it(uow_factory)

    assert station.complete
    assert station.session.status is SessionStatus.DONE
    assert scan(uow_factory, store, SPOON_EAN) is ScanOutcome.POSTING_COMPLETE


def test_start_over_keeps_the_old_scans_in_the_log_and_counts_from_zero(
    uow_factory: SqlUnitOfWorkFactory, store: StoreId
) -> None:
    open_it(uow_factory)
    scan(uow_factory, store, MUG_EAN)

    fresh = packing.start_over(store, NUMBER, user_id=None, by="anna", uow=uow_factory, clock=CLOCK)

    assert fresh.packing.scanned == (0, 0)
    with uow_factory() as uow:
        assert uow.connection.execute(select(func.count()).select_from(packing_scans)).scalar() == 1


def test_cancelled_posting_takes_no_scans(
    uow_factory: SqlUnitOfWorkFactory, store: StoreId
) -> None:
    with uow_factory() as uow:
        cancelled = replace(station_posting(store), status=PostingStatus.CANCELLED)
        uow.postings.upsert_many([cancelled], now=T0)
        uow.commit()

    station = open_it(uow_factory)

    assert station.blocked == packing.Blocked.CANCELLED
    assert scan(uow_factory, store, MUG_EAN) is ScanOutcome.POSTING_COMPLETE


def test_weight_is_judged_against_items_and_box(
    uow_factory: SqlUnitOfWorkFactory, store: StoreId
) -> None:
    open_it(uow_factory)

    check = packing.weigh(
        store, NUMBER, "0.7", box_weights_g=[120], tolerance=WeightTolerance(), uow=uow_factory
    )

    assert check.expected_g == 2 * 350 + 40 + 120
    assert check.verdict is WeightVerdict.TOO_LIGHT
    assert open_it(uow_factory).session.weight_verdict == "too_light"


def test_text_that_is_no_weight_is_refused(
    uow_factory: SqlUnitOfWorkFactory, store: StoreId
) -> None:
    open_it(uow_factory)

    with pytest.raises(InvalidWeight):
        packing.weigh(
            store, NUMBER, "heavy", box_weights_g=[], tolerance=WeightTolerance(), uow=uow_factory
        )


def test_evidence_is_kept_on_disk_and_found_by_posting_number(
    uow_factory: SqlUnitOfWorkFactory, store: StoreId, tmp_path: Path
) -> None:
    files = DiskEvidenceFiles(tmp_path / "evidence")
    kept = evidence.keep_evidence(
        store,
        NUMBER,
        "video/webm;codecs=vp8",
        b"\x1a\x45\xdf\xa3 webm bytes",
        user_id=None,
        by="anna",
        uow=uow_factory,
        files=files,
        clock=CLOCK,
    )

    found = evidence.find_evidence(f" {NUMBER} ", uow=uow_factory)
    content = evidence.evidence_content(kept.id, uow=uow_factory, files=files)

    assert [e.id for e in found.items] == [kept.id]
    assert kept.kind is EvidenceKind.VIDEO
    assert (tmp_path / "evidence" / kept.path).is_file()
    assert content is not None
    assert content[1] == b"\x1a\x45\xdf\xa3 webm bytes"


def test_evidence_of_another_type_is_refused(
    uow_factory: SqlUnitOfWorkFactory, store: StoreId, tmp_path: Path
) -> None:
    with pytest.raises(evidence.EvidenceRefused) as caught:
        evidence.keep_evidence(
            store,
            NUMBER,
            "application/pdf",
            b"%PDF",
            user_id=None,
            by="anna",
            uow=uow_factory,
            files=DiskEvidenceFiles(tmp_path),
            clock=CLOCK,
        )

    assert caught.value.code == "not_photo_or_video"


def test_a_changed_evidence_file_is_reported_missing(
    uow_factory: SqlUnitOfWorkFactory, store: StoreId, tmp_path: Path
) -> None:
    files = DiskEvidenceFiles(tmp_path)
    kept = evidence.keep_evidence(
        store,
        NUMBER,
        "image/jpeg",
        b"jpeg",
        user_id=None,
        by="a",
        uow=uow_factory,
        files=files,
        clock=CLOCK,
    )
    (tmp_path / kept.path).write_bytes(b"other")

    with pytest.raises(evidence.EvidenceMissing):
        evidence.evidence_content(kept.id, uow=uow_factory, files=files)
