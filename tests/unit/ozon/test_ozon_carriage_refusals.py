"""Ozon's carriage refusals read into their codes, whatever the message around them."""

from __future__ import annotations

import pytest

from posylka.adapters.ozon.carriage import as_refusal, refusal_code
from posylka.domain.errors import BadRequest, NotFound
from posylka.domain.shipping import CarriageRefused


@pytest.mark.parametrize(
    ("message", "code"),
    [
        ("Ozon rejected the request: no_postings", "no_postings"),
        ("Ozon rejected the request: no_postings: none for this day", "no_postings"),
        ("new_postings_are_possible", "new_postings_are_possible"),
        ("Incorrect_carriage_status: carriage is formed", "Incorrect_carriage_status"),
        ("there_are_incomplete_carriages", "there_are_incomplete_carriages"),
        ("partial_carriage_in_proccess", "partial_carriage_in_proccess"),
        ("some_new_code: later", "some_new_code"),
        ("Something went wrong", ""),
    ],
)
def test_refusal_code_is_found_in_the_message(message: str, code: str) -> None:
    assert refusal_code(message) == code


def test_a_known_code_is_not_mistaken_for_a_longer_one() -> None:
    assert refusal_code("has_postings_with_registration_error") != "not_registered"
    assert refusal_code("not_packaged") == "not_packaged"


def test_a_refusal_with_a_code_becomes_carriage_refused() -> None:
    error = as_refusal(BadRequest("Ozon rejected the request: outdated", status=400, path="/p"))
    assert isinstance(error, CarriageRefused)
    assert (error.code, error.status, error.path) == ("outdated", 400, "/p")


def test_an_unknown_carriage_stays_not_found() -> None:
    error = NotFound("Ozon does not know this object: carriage not found", status=404)
    assert as_refusal(error) is error
