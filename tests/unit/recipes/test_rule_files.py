"""Reading rule files: the whole file or nothing, each problem naming its rule and field."""

from __future__ import annotations

import json

import pytest

from posylka.domain.recipe_defaults import default_rules
from posylka.domain.recipe_rules import RulesRejected, parse_rules_text, rules_text


def problems(text: str) -> list[tuple[str, str, str, str]]:
    with pytest.raises(RulesRejected) as caught:
        parse_rules_text(text, version=1)
    return [(p.code, p.rule, p.field, p.value) for p in caught.value.problems]


def one(rule: dict[str, object]) -> str:
    return json.dumps([rule], indent=2)


def test_the_default_rules_read_back_as_written() -> None:
    assert parse_rules_text(rules_text(default_rules()), version=0) == default_rules()


def test_an_unknown_flag_names_the_rule_and_the_field() -> None:
    assert problems(one({"name": "glassware", "when": ["glas"]})) == [
        ("unknown_flag", "glassware", "when", "glas")
    ]


def test_a_bad_threshold_is_refused() -> None:
    assert problems(one({"name": "big", "when": ["liquid_ml >= lots"]})) == [
        ("bad_threshold", "big", "when", "lots")
    ]


def test_a_negative_threshold_is_refused() -> None:
    assert problems(one({"name": "big", "when": ["liquid_ml >= -1"]}))[0][0] == "bad_threshold"


def test_a_threshold_on_a_yes_no_flag_is_not_a_condition() -> None:
    assert problems(one({"name": "f", "when": ["fragile > 1"]}))[0][0] == "bad_condition"


def test_an_unknown_battery_type_is_refused() -> None:
    assert problems(one({"name": "li", "when": ["battery in (lipo)"]})) == [
        ("bad_battery", "li", "when", "lipo")
    ]


def test_a_duplicate_rule_name_is_refused_whatever_its_case() -> None:
    text = json.dumps([{"name": "Fragile"}, {"name": "fragile"}])
    assert problems(text) == [("duplicate_name", "fragile", "name", "fragile")]


def test_a_misspelt_code_is_refused_but_own_words_are_kept() -> None:
    assert problems(one({"name": "f", "materials": ["bubblewrap"]})) == [
        ("unknown_code", "f", "materials", "bubblewrap")
    ]
    rules = parse_rules_text(one({"name": "f", "materials": ["Крафт-бумага"]}), version=1)
    assert rules.rules[0].materials == ("Крафт-бумага",)


def test_an_unknown_field_and_a_bad_padding_are_both_reported() -> None:
    found = problems(one({"name": "f", "colour": "red", "padding_mm": 500}))
    assert [p[:3] for p in found] == [
        ("unknown_key", "f", "colour"),
        ("bad_padding", "f", "padding_mm"),
    ]


def test_an_unknown_lane_is_refused() -> None:
    assert problems(one({"name": "f", "block_lanes": ["sea"]}))[0][:3] == (
        "unknown_lane",
        "f",
        "block_lanes",
    )


def test_broken_json_says_the_line() -> None:
    with pytest.raises(RulesRejected) as caught:
        parse_rules_text('[\n  {"name": "x",\n  "when": [}\n]', version=1)
    assert caught.value.problems[0].code == "not_json"
    assert caught.value.problems[0].line == 3


def test_a_problem_names_the_line_of_its_rule() -> None:
    text = json.dumps([{"name": "a"}, {"name": "b", "when": ["nope"]}], indent=2)
    with pytest.raises(RulesRejected) as caught:
        parse_rules_text(text, version=1)
    assert caught.value.problems[0].line == text.splitlines().index('    "name": "b",') + 1


def test_a_file_that_is_not_a_list_is_refused() -> None:
    assert problems('{"name": "x"}') == [("not_a_list", "", "", "")]


def test_a_repeated_name_points_at_the_second_rule() -> None:
    text = json.dumps([{"name": "a"}, {"name": "a"}], indent=2)
    with pytest.raises(RulesRejected) as caught:
        parse_rules_text(text, version=1)
    assert caught.value.problems[0].line == 6
