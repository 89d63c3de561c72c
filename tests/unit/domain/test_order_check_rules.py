"""Each order-check rule on its own: what it flags and what it leaves alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from tests.unit.services.posting_builder import BASE, make_buyer, make_item, make_posting

from posylka.domain.ids import OfferId, OrderNumber, PostingNumber, Sku
from posylka.domain.order_checks import (
    RULES,
    CheckContext,
    Reason,
    ReasonCode,
    Verdict,
    rules,
    run_checks,
    verdict_of,
)
from posylka.domain.postings import Address, IntegrationType, Posting, PostingStatus

CONTEXT = CheckContext(
    now=BASE,
    known_skus=frozenset({Sku(1_234_567)}),
    known_offer_ids=frozenset({OfferId("MUG-350-WHITE")}),
)


def rfbs(number: str = "0208245774-0029-1", **overrides: object) -> Posting:
    values: dict[str, object] = {
        "integration_type": IntegrationType.NON_INTEGRATED,
        "buyer": make_buyer(),
    }
    values.update(overrides)
    return make_posting(number, **values)


def codes(found: object) -> list[tuple[str, str]]:
    return [(r.code.value, r.subject) for r in found]  # type: ignore[attr-defined]


# --- unknown products ----------------------------------------------------------------------------


def test_a_posting_of_catalogue_products_has_no_unknown_product() -> None:
    assert list(rules.unknown_products(make_posting(), CONTEXT)) == []


def test_an_item_known_only_by_offer_id_is_known() -> None:
    posting = make_posting(items=(make_item(sku=Sku(999)),))
    assert list(rules.unknown_products(posting, CONTEXT)) == []


def test_an_item_known_only_by_sku_is_known() -> None:
    posting = make_posting(items=(make_item(offer_id=OfferId("RENAMED")),))
    assert list(rules.unknown_products(posting, CONTEXT)) == []


def test_an_item_neither_sku_nor_offer_id_knows_is_unknown_with_its_keys() -> None:
    posting = make_posting(
        items=(make_item(), make_item(sku=Sku(42), offer_id=OfferId("NEW-1"), name="Чайник"))
    )
    found = list(rules.unknown_products(posting, CONTEXT))
    assert codes(found) == [("unknown_product", "42")]
    assert (found[0].param("offer_id"), found[0].param("name")) == ("NEW-1", "Чайник")


# --- quantities ----------------------------------------------------------------------------------


def test_positive_quantities_pass() -> None:
    assert list(rules.quantities(make_posting(), CONTEXT)) == []


def test_a_zero_or_negative_quantity_is_flagged_per_line() -> None:
    posting = make_posting(items=(make_item(quantity=0), make_item(sku=Sku(7), quantity=-2)))
    found = list(rules.quantities(posting, CONTEXT))
    assert codes(found) == [("bad_quantity", "1234567"), ("bad_quantity", "7")]
    assert found[1].param("quantity") == "-2"


def test_a_posting_without_items_is_flagged() -> None:
    assert codes(rules.quantities(make_posting(items=()), CONTEXT)) == [("no_items", "")]


# --- Ozon's requirements -------------------------------------------------------------------------


def test_no_requirements_pass() -> None:
    assert list(rules.requirements(make_posting(), CONTEXT)) == []


def test_each_pending_requirement_kind_is_a_reason_naming_its_skus() -> None:
    posting = make_posting(
        requirements={
            "products_requiring_mandatory_mark": ("1234567", "555"),
            "products_requiring_gtd": ("1234567",),
            "products_requiring_imei": (),
        }
    )
    found = list(rules.requirements(posting, CONTEXT))
    assert codes(found) == [("requirement", "gtd"), ("requirement", "mandatory_mark")]
    assert found[1].param("skus") == "1234567, 555"


def test_a_country_that_may_be_changed_is_not_a_demand() -> None:
    posting = make_posting(requirements={"products_requiring_change_country": ("1234567",)})
    assert list(rules.requirements(posting, CONTEXT)) == []


# --- address -------------------------------------------------------------------------------------


def test_a_full_rfbs_address_passes() -> None:
    assert list(rules.address(rfbs(), CONTEXT)) == []


def test_an_rfbs_address_without_city_and_postcode_names_what_is_missing() -> None:
    buyer = make_buyer(address=Address(region="Татарстан", address_tail="ул. Баумана, 1"))
    found = list(rules.address(rfbs(buyer=buyer), CONTEXT))
    assert codes(found) == [("address_incomplete", "")]
    assert found[0].param("missing") == "city,zip_code"


def test_an_rfbs_buyer_without_any_address_misses_everything() -> None:
    found = list(rules.address(rfbs(buyer=make_buyer(address=None)), CONTEXT))
    assert found[0].param("missing") == "city,region,zip_code,address_tail"


def test_fbs_postings_and_rfbs_postings_without_a_buyer_are_not_judged() -> None:
    assert list(rules.address(make_posting(), CONTEXT)) == []
    assert list(rules.address(rfbs(buyer=None), CONTEXT)) == []


# --- phone ---------------------------------------------------------------------------------------


def test_a_valid_russian_phone_passes_in_any_common_spelling() -> None:
    for number in ("+79123456789", "8 (912) 345-67-89", "+7 958 123-45-67 доб. 12345"):
        assert list(rules.phone(rfbs(buyer=make_buyer(phone=number)), CONTEXT)) == [], number


def test_a_number_one_digit_short_is_invalid() -> None:
    found = list(rules.phone(rfbs(buyer=make_buyer(phone="+7912345678")), CONTEXT))
    assert codes(found) == [("phone_invalid", "")]
    assert found[0].param("phone") == "+7912345678"


def test_letters_are_not_a_phone_number() -> None:
    assert codes(rules.phone(rfbs(buyer=make_buyer(phone="позвонить")), CONTEXT)) == [
        ("phone_invalid", "")
    ]


def test_a_hidden_or_masked_phone_is_not_a_fault() -> None:
    for shown in ("", "+7 912 ***-**-89"):
        assert list(rules.phone(rfbs(buyer=make_buyer(phone=shown)), CONTEXT)) == [], shown


def test_a_foreign_number_with_its_country_code_is_valid() -> None:
    posting = rfbs(buyer=make_buyer(phone="+86 138 0013 8000"))
    assert list(rules.phone(posting, CONTEXT)) == []


# --- legal-entity buyer --------------------------------------------------------------------------


def test_a_person_buying_passes() -> None:
    assert list(rules.legal_buyer(rfbs(), CONTEXT)) == []


def test_a_company_buying_is_flagged_with_its_name_and_inn() -> None:
    buyer = make_buyer(is_legal=True, company_name="ООО Ромашка", inn="7701234567")
    found = list(rules.legal_buyer(rfbs(buyer=buyer), CONTEXT))
    assert codes(found) == [("legal_buyer", "")]
    assert (found[0].param("company"), found[0].param("inn")) == ("ООО Ромашка", "7701234567")


# --- duplicates ----------------------------------------------------------------------------------


def _pair(minutes: int, **second: object) -> tuple[Posting, Posting]:
    first = rfbs("0208245774-0029-1")
    values: dict[str, object] = {
        "order_id": 208245999,
        "order_number": OrderNumber("0208245999-0001"),
        "in_process_at": first.in_process_at + timedelta(minutes=minutes),  # type: ignore[operator]
    }
    values.update(second)
    return first, rfbs("0208245999-0001-1", **values)


def _duplicates(posting: Posting, *nearby: Posting) -> list[Reason]:
    return list(rules.duplicates(posting, replace(CONTEXT, nearby=nearby)))


def test_the_same_buyer_and_items_minutes_later_flags_the_later_posting() -> None:
    first, second = _pair(12)
    found = _duplicates(second, first, second)
    assert codes(found) == [("duplicate", "0208245774-0029-1")]
    assert found[0].param("minutes") == "12"
    assert _duplicates(first, first, second) == []


def test_postings_further_apart_than_the_window_are_not_duplicates() -> None:
    first, second = _pair(31)
    assert _duplicates(second, first) == []
    wide = replace(CONTEXT, nearby=(first,), duplicate_window=timedelta(hours=1))
    assert codes(rules.duplicates(second, wide)) == [("duplicate", first.posting_number)]


def test_other_items_or_quantities_are_not_a_duplicate() -> None:
    first, second = _pair(5, items=(make_item(quantity=2),))
    assert _duplicates(second, first) == []


def test_another_buyer_is_not_a_duplicate() -> None:
    first, second = _pair(5, buyer=make_buyer(name="Петров Пётр"))
    assert _duplicates(second, first) == []


def test_the_same_name_at_another_address_but_the_same_phone_is_the_same_buyer() -> None:
    moved = make_buyer(address=Address(city="Москва", region="Москва", zip_code="101000"))
    first, second = _pair(5, buyer=moved)
    assert codes(_duplicates(second, first)) == [("duplicate", first.posting_number)]


def test_postings_of_one_order_and_cancelled_postings_are_not_duplicates() -> None:
    first, second = _pair(5, order_id=208245774)
    assert _duplicates(second, first) == []
    first, second = _pair(5)
    cancelled = replace(first, status=PostingStatus.CANCELLED)
    assert _duplicates(second, cancelled) == []


def test_fbs_postings_without_a_buyer_are_never_duplicates() -> None:
    first = make_posting("0208245774-0029-1")
    second = make_posting("0208245999-0001-1", order_id=1, in_process_at=first.in_process_at)
    assert _duplicates(second, first) == []


# --- ship-by -------------------------------------------------------------------------------------


def test_a_ship_by_still_ahead_passes() -> None:
    assert (
        list(rules.ship_by_passed(make_posting(ship_by=BASE + timedelta(minutes=1)), CONTEXT)) == []
    )
    assert list(rules.ship_by_passed(make_posting(ship_by=None), CONTEXT)) == []


def test_a_ship_by_in_the_past_is_flagged() -> None:
    posting = make_posting(ship_by=BASE - timedelta(minutes=1))
    assert codes(rules.ship_by_passed(posting, CONTEXT)) == [("ship_by_passed", "")]


# --- all rules together, and the verdict ---------------------------------------------------------


def test_a_clean_posting_has_no_reasons_and_is_ready() -> None:
    assert run_checks(make_posting(), CONTEXT) == ()
    assert verdict_of((), set()) is Verdict.READY


def test_run_checks_keeps_rule_order_and_reports_each_reason_once() -> None:
    posting = rfbs(
        items=(make_item(sku=Sku(42), offer_id=OfferId("NEW"), quantity=0),),
        ship_by=BASE - timedelta(hours=1),
    )
    found = run_checks(posting, CONTEXT, (*RULES, rules.unknown_products))
    assert codes(found) == [
        ("unknown_product", "42"),
        ("bad_quantity", "42"),
        ("ship_by_passed", ""),
    ]


def test_a_new_rule_is_a_function_added_to_the_list() -> None:
    def express(posting: Posting, context: CheckContext) -> list[Reason]:
        return [Reason(ReasonCode.SHIP_BY_PASSED, "express")] if posting.is_express else []

    found = run_checks(make_posting(is_express=True), CONTEXT, (express,))
    assert codes(found) == [("ship_by_passed", "express")]


def test_the_verdict_is_ready_only_when_every_reason_is_accepted() -> None:
    reasons = (Reason(ReasonCode.LEGAL_BUYER), Reason(ReasonCode.REQUIREMENT, "gtd"))
    assert verdict_of(reasons, {("legal_buyer", "")}) is Verdict.ATTENTION
    assert verdict_of(reasons, {("legal_buyer", ""), ("requirement", "gtd")}) is Verdict.READY
    assert verdict_of(reasons, {("requirement", "country")}) is Verdict.ATTENTION


def test_posting_numbers_name_the_duplicate_subject() -> None:
    first, second = _pair(1)
    assert _duplicates(second, first)[0].subject == PostingNumber(first.posting_number)
