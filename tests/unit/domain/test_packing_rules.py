"""The packing station's rules: scans against a posting's lines, the slip's barcode, weighing."""

from __future__ import annotations

from decimal import Decimal

import pytest

from posylka.domain.evidence import EvidenceKind, evidence_type
from posylka.domain.ids import OfferId, PostingNumber, Sku
from posylka.domain.packing import (
    InvalidWeight,
    PackingLine,
    PackingSession,
    ScanOutcome,
    WeightTolerance,
    WeightVerdict,
    check_weight,
    expected_weight_g,
    line_codes,
    looks_like_posting_number,
    normalise_code,
    parse_weight_g,
)

NUMBER = PostingNumber("0208245774-0029-1")


def line(
    sku: int, offer: str, expected: int, *barcodes: str, weight: int | None = 100
) -> PackingLine:
    return PackingLine(
        sku=Sku(sku),
        offer_id=OfferId(offer),
        name=f"Product {offer}",
        expected=expected,
        codes=line_codes(Sku(sku), OfferId(offer), barcodes),
        weight_g=weight,
        barcodes=barcodes,
    )


def session(*lines: PackingLine) -> PackingSession:
    return PackingSession.start(NUMBER, lines)


MUG = line(1001, "MUG-01", 2, "4600000000017")
SPOON = line(1002, "SPOON-7", 1, "4600000000024")


def test_scan_of_a_products_barcode_counts_one_unit() -> None:
    result = session(MUG, SPOON).scan("4600000000017")

    assert result.outcome is ScanOutcome.ACCEPTED
    assert result.session.scanned == (1, 0)


def test_offer_id_is_read_whatever_its_case() -> None:
    result = session(MUG, SPOON).scan("spoon-7")

    assert result.outcome is ScanOutcome.ACCEPTED
    assert result.line == SPOON


def test_sku_identifies_a_line_too() -> None:
    assert session(MUG).scan(" 1001 ").outcome is ScanOutcome.ACCEPTED


def test_a_code_nobody_knows_is_an_unknown_barcode() -> None:
    result = session(MUG).scan("9999999999999")

    assert result.outcome is ScanOutcome.UNKNOWN_BARCODE
    assert result.session.scanned == (0,)


def test_a_known_product_of_another_posting_is_not_in_this_posting() -> None:
    result = session(MUG).scan("4600000000024", known_elsewhere=True)

    assert result.outcome is ScanOutcome.NOT_IN_POSTING


def test_one_unit_more_than_the_posting_holds_is_refused() -> None:
    first = session(SPOON, MUG).scan("SPOON-7").session

    result = first.scan("SPOON-7")

    assert result.outcome is ScanOutcome.ONE_TOO_MANY
    assert result.session.scanned == (1, 0)


def test_posting_is_complete_when_every_unit_is_scanned() -> None:
    state = session(MUG, SPOON)
    for code in ("MUG-01", "4600000000017", "SPOON-7"):
        state = state.scan(code).session

    assert state.complete
    assert state.scan("MUG-01").outcome is ScanOutcome.POSTING_COMPLETE


def test_same_product_on_two_lines_fills_them_in_turn() -> None:
    cheap, dear = line(1001, "MUG-01", 1), line(1001, "MUG-01", 1)
    state = session(cheap, dear).scan("MUG-01").session

    assert state.scan("MUG-01").session.scanned == (1, 1)


def test_resume_replays_accepted_scans_without_going_past_the_expected_count() -> None:
    state = session(MUG, SPOON).resume([Sku(1001), Sku(1002), Sku(1002)])

    assert state.scanned == (1, 1)


def test_normalise_drops_control_characters_a_scanner_may_send() -> None:
    assert normalise_code("\x02ABC-1\r") == "abc-1"


@pytest.mark.parametrize("text", ["0208245774-0029-1", "12345678-0001", " 0208245774-0029-1 "])
def test_slip_barcode_is_a_posting_number(text: str) -> None:
    assert looks_like_posting_number(text)


@pytest.mark.parametrize("text", ["4600000000017", "MUG-01", "ABC-0029-1", ""])
def test_item_codes_are_not_posting_numbers(text: str) -> None:
    assert not looks_like_posting_number(text)


def test_tolerance_is_the_larger_of_the_share_and_the_grams() -> None:
    tolerance = WeightTolerance(Decimal(10), 50)

    assert tolerance.allowed_g(200) == 50
    assert tolerance.allowed_g(2000) == 200


def test_weight_within_tolerance_passes() -> None:
    check = check_weight(1080, 1000, WeightTolerance(Decimal(10), 50))

    assert check.verdict is WeightVerdict.OK
    assert check.passes


def test_parcel_lighter_than_the_tolerance_allows_is_too_light() -> None:
    check = check_weight(899, 1000, WeightTolerance(Decimal(10), 50))

    assert check.verdict is WeightVerdict.TOO_LIGHT
    assert not check.passes


def test_parcel_heavier_than_the_tolerance_allows_is_too_heavy() -> None:
    assert check_weight(1101, 1000, WeightTolerance()).verdict is WeightVerdict.TOO_HEAVY


def test_without_an_expected_weight_the_parcel_is_not_judged() -> None:
    check = check_weight(500, None, WeightTolerance())

    assert check.verdict is WeightVerdict.NOT_CHECKED
    assert check.passes


def test_expected_weight_is_the_items_plus_every_box() -> None:
    state = session(MUG, SPOON)

    assert expected_weight_g(state.items_weight_g(), [120, 30]) == 300 + 150


def test_an_item_without_weight_leaves_the_expected_weight_unknown() -> None:
    state = session(MUG, line(1003, "BAG", 1, weight=None))

    assert expected_weight_g(state.items_weight_g(), [120]) is None


@pytest.mark.parametrize(
    ("text", "grams"),
    [("512", 512), ("512 g", 512), ("0.512", 512), ("0,512 kg", 512), ("1.2кг", 1200), ("45г", 45)],
)
def test_weights_are_read_in_grams_or_kilograms(text: str, grams: int) -> None:
    assert parse_weight_g(text) == grams


@pytest.mark.parametrize("text", ["", "abc", "-5", "0", "1e9", "nan"])
def test_a_weight_that_is_no_weight_is_refused(text: str) -> None:
    with pytest.raises(InvalidWeight):
        parse_weight_g(text)


def test_evidence_types_keep_photos_and_videos_apart() -> None:
    assert evidence_type("video/webm;codecs=vp8") == (EvidenceKind.VIDEO, "webm")
    assert evidence_type("image/jpeg") == (EvidenceKind.PHOTO, "jpg")
    assert evidence_type("application/pdf") is None
