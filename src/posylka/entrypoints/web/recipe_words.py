"""The packing rules page's words: why a rule file was refused, and what a draft changes.

Each problem of ``posylka.domain.recipe_rules`` becomes a :class:`Message` (an English msgid for
the catalog and its parameters); the page translates it with ``fmt.say``.
"""

from __future__ import annotations

from posylka.domain.recipe_rules import MAX_RULES, NAME_MAX, WORD_MAX, RuleProblem
from posylka.domain.recipes import MAX_PADDING_MM
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message

PROBLEMS = {
    "not_json": N_("This is not valid JSON: %(value)s."),
    "not_a_list": N_("The rules must be a JSON list: [ {…}, {…} ]."),
    "not_an_object": N_('Each rule must be an object with a name: {"name": …}.'),
    "too_many": N_("At most %(max)s rules."),
    "no_name": N_("The rule needs a name."),
    "long_name": N_("The name is longer than %(max)s characters."),
    "duplicate_name": N_("Another rule has the same name."),
    "unknown_key": N_("“%(field)s” is not a field of a rule."),
    "unknown_flag": N_("“%(value)s” is no product flag."),
    "bad_condition": N_(
        "“%(value)s” is not a condition: write a flag, not flag, flag >= number or"
        " battery in (li_ion, li_metal)."
    ),
    "bad_threshold": N_("“%(value)s” is not a number (zero or more)."),
    "bad_battery": N_("“%(value)s” is not a battery type: li_ion, li_metal, ni_mh or alkaline."),
    "not_words": N_("Write a list of texts here."),
    "unknown_code": N_(
        "“%(value)s” is not a known code; write your own words with a space or a capital letter."
    ),
    "bad_padding": N_("“%(value)s”: padding is a whole number of millimetres from 0 to %(max)s."),
    "unknown_lane": N_("“%(value)s” is not a lane: air, postal or ground."),
    "long_word": N_("“%(value)s…” is longer than %(max)s characters."),
}

_LIMITS = {
    "too_many": MAX_RULES,
    "long_name": NAME_MAX,
    "bad_padding": MAX_PADDING_MM,
    "long_word": WORD_MAX,
}

WHERE_RULE_FIELD = N_("Line %(line)s, rule “%(rule)s”, field %(field)s")
WHERE_RULE = N_("Rule “%(rule)s”, field %(field)s")
WHERE_LINE = N_("Line %(line)s")

CHANGE_KINDS = {
    "material": N_("material"),
    "step": N_("step"),
    "mark": N_("mark"),
    "insert": N_("insert"),
    "lane": N_("not by"),
    "warning": N_("warning"),
    "padding": N_("padding, mm"),
}


def problem_message(problem: RuleProblem) -> tuple[Message | None, Message]:
    """Where the problem is (``None``: the whole file) and what it is."""
    params = {"value": problem.value, "field": problem.field, "max": _LIMITS.get(problem.code, "")}
    what = Message(PROBLEMS.get(problem.code, PROBLEMS["bad_condition"]), params)
    where_params = {"line": problem.line, "rule": problem.rule, "field": problem.field or "name"}
    if problem.rule and problem.line:
        return Message(WHERE_RULE_FIELD, where_params), what
    if problem.rule:
        return Message(WHERE_RULE, where_params), what
    if problem.line:
        return Message(WHERE_LINE, where_params), what
    return None, what
