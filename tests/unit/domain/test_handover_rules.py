"""The hand-over's rules: departure days, groups, the state table and the pallet checklist."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from posylka.domain.handover import (
    Checklist,
    ChecklistLine,
    Handover,
    HandoverState,
    ReadyPosting,
    ScanOutcome,
    WrongHandoverState,
    carriage_to_take_up,
    departure_date,
    group_postings,
)
from posylka.domain.ids import DeliveryMethodId, HandoverId, PostingNumber, StoreId
from posylka.domain.shipping import Carriage

MOSCOW = ZoneInfo("Europe/Moscow")
TODAY = date(2026, 11, 20)
AT = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def ready(number: str, ship_by: datetime | None, method: int = 1) -> ReadyPosting:
    return ReadyPosting(
        StoreId(1), PostingNumber(number), DeliveryMethodId(method), f"method {method}", ship_by
    )


def handover(state: HandoverState) -> Handover:
    return Handover(HandoverId(1), StoreId(1), DeliveryMethodId(1), "m", TODAY, state, AT, AT)


def checklist(*numbers: str, counted: tuple[str, ...] = ()) -> Checklist:
    return Checklist(
        tuple(ChecklistLine(PostingNumber(n), AT if n in counted else None) for n in numbers)
    )


def test_departure_is_the_ship_by_day_in_the_desks_time_zone() -> None:
    late_evening_utc = datetime(2026, 11, 21, 22, 30, tzinfo=UTC)

    assert departure_date(late_evening_utc, today=TODAY, tz=MOSCOW) == date(2026, 11, 22)


def test_a_late_posting_departs_today() -> None:
    yesterday = datetime(2026, 11, 19, 10, 0, tzinfo=UTC)

    assert departure_date(yesterday, today=TODAY, tz=MOSCOW) == TODAY


def test_postings_group_by_delivery_method_and_departure_day() -> None:
    tomorrow = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)
    groups = group_postings(
        [
            ready("1-1", AT),
            ready("2-1", AT),
            ready("3-1", AT, method=2),
            ready("4-1", tomorrow),
        ],
        today=TODAY,
        tz=MOSCOW,
    )

    assert [(g.delivery_method_id, g.departure_date, g.count) for g in groups] == [
        (1, TODAY, 2),
        (2, TODAY, 1),
        (1, date(2026, 11, 21), 1),
    ]


def test_a_created_handover_can_be_approved() -> None:
    moved = handover(HandoverState.CREATED).moved_to(HandoverState.APPROVED, at=AT)

    assert moved.state is HandoverState.APPROVED


def test_an_approved_handover_cannot_be_cancelled() -> None:
    with pytest.raises(WrongHandoverState):
        handover(HandoverState.APPROVED).moved_to(HandoverState.CANCELLED, at=AT)


def test_a_refusal_keeps_the_state_and_the_reason() -> None:
    failed = handover(HandoverState.DRAFT).failed("no_postings", "no postings", at=AT)

    assert (failed.state, failed.error_code) == (HandoverState.DRAFT, "no_postings")


def test_moving_on_clears_the_last_refusal() -> None:
    failed = handover(HandoverState.DRAFT).failed("no_postings", "no postings", at=AT)

    assert failed.moved_to(HandoverState.CREATED, at=AT).error_code == ""


def test_scanning_an_expected_parcel_counts_it() -> None:
    result = checklist("111-1", "222-1").scan("222-1")

    assert (result.outcome, result.posting_number) == (ScanOutcome.COUNTED, "222-1")


def test_scanning_a_parcel_of_another_handover_is_refused() -> None:
    assert checklist("111-1").scan("999-1").outcome is ScanOutcome.NOT_IN_HANDOVER


def test_scanning_a_counted_parcel_again_is_refused() -> None:
    result = checklist("111-1", counted=("111-1",)).scan("111-1")

    assert result.outcome is ScanOutcome.ALREADY_COUNTED


def test_a_scan_with_the_scanners_trailing_whitespace_still_matches() -> None:
    assert checklist("111-1").scan(" 111-1\r\n").outcome is ScanOutcome.COUNTED


def test_a_barcode_without_dashes_finds_its_posting() -> None:
    assert checklist("0208245774-0029-1").scan("020824577400291").posting_number == (
        "0208245774-0029-1"
    )


def test_an_empty_scan_is_neither_counted_nor_refused() -> None:
    assert checklist("111-1").scan("   ").outcome is ScanOutcome.EMPTY


def test_the_checklist_is_complete_when_every_parcel_is_counted() -> None:
    done = checklist("111-1", "222-1", counted=("111-1", "222-1"))

    assert (done.complete, done.counted, done.expected) == (True, 2, 2)


def test_the_checklist_names_the_parcels_still_missing() -> None:
    assert checklist("111-1", "222-1", counted=("111-1",)).missing == ("222-1",)


# --- taking up the carriage Ozon already has -----------------------------------------------------


def carriage(carriage_id: int, status: str, day: date = TODAY, method: int = 1) -> Carriage:
    return Carriage(carriage_id, status, DeliveryMethodId(method), None, day)


def test_the_newest_unfinished_carriage_of_the_day_is_taken_up() -> None:
    found = [carriage(5, "new"), carriage(7, "new"), carriage(9, "formed")]

    chosen = carriage_to_take_up(found, DeliveryMethodId(1), TODAY)

    assert chosen == carriage(7, "new")


@pytest.mark.parametrize(
    "other",
    [
        carriage(5, "formed"),
        carriage(5, "cancelled"),
        carriage(5, "new", day=date(2026, 11, 21)),
        carriage(5, "new", method=2),
    ],
)
def test_a_finished_or_foreign_carriage_is_never_taken_up(other: Carriage) -> None:
    assert carriage_to_take_up([other], DeliveryMethodId(1), TODAY) is None


def test_a_draft_sent_to_ozon_is_one_whose_answer_is_unknown() -> None:
    sent = handover(HandoverState.DRAFT).sending(at=AT)

    assert (sent.answer_unknown, sent.failed("no_postings", "", at=AT).answer_unknown) == (
        True,
        False,
    )


def test_taking_up_a_carriage_creates_the_handover_with_its_id_and_status() -> None:
    taken = handover(HandoverState.DRAFT).sending(at=AT).taking_up(carriage(7, "new"), at=AT)

    assert (taken.state, taken.carriage_id, taken.carriage_status, taken.error_code) == (
        HandoverState.CREATED,
        7,
        "new",
        "",
    )
