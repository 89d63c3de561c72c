"""What cancelling costs the seller: the rating for every seller-fault reason, and for rFBS the
error-index fine (up to 9 % of the cancelled goods, never more than 1,500 RUB an order)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from posylka.domain.postings import Scheme
from posylka.domain.shortfalls import RFBS_FINE_CAP_RUB, cancellation_cost, fine_rate


def test_fbs_cancellation_counts_against_the_rating_without_a_fine() -> None:
    cost = cancellation_cost(Scheme.FBS, Decimal("1000"), "RUB", reason_id=352)
    assert cost.affects_rating
    assert not cost.fine_applies
    assert cost.fine_max is None


def test_rfbs_fine_is_at_most_nine_percent_of_the_cancelled_goods() -> None:
    cost = cancellation_cost(Scheme.RFBS, Decimal("2499.95"), "rub", reason_id=352)
    assert cost.fine_applies
    assert cost.fine_max == Decimal("225.00")
    assert cost.currency == "RUB"


def test_rfbs_fine_never_exceeds_the_cap_per_order() -> None:
    cost = cancellation_cost(Scheme.RFBS, Decimal("90000"), "RUB", reason_id=400)
    assert cost.fine_max == RFBS_FINE_CAP_RUB


def test_rfbs_fine_in_a_foreign_currency_has_no_amount_only_the_rate() -> None:
    cost = cancellation_cost(Scheme.RFBS, Decimal("100"), "CNY", reason_id=352)
    assert cost.fine_applies
    assert cost.fine_max is None
    assert cost.fine_max_rate == Decimal(9)


def test_a_reason_that_is_not_the_sellers_fault_costs_nothing() -> None:
    cost = cancellation_cost(Scheme.RFBS, Decimal("1000"), "RUB", reason_id=667)
    assert not cost.affects_rating
    assert not cost.fine_applies
    assert cost.fine_max is None


@pytest.mark.parametrize(
    ("index", "rate"),
    [("0", "0"), ("4", "0"), ("4.01", "3"), ("10", "3"), ("15", "6"), ("20.5", "9"), ("80", "9")],
)
def test_fine_rate_follows_the_error_index_zones(index: str, rate: str) -> None:
    assert fine_rate(Decimal(index)) == Decimal(rate)
