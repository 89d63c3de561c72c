"""Packing rules as a manager writes them (JSON), read strictly, and the built-in default set.

A rule file is a JSON list of rules::

    [{"name": "liquids", "when": ["liquid"], "materials": ["leak_proof_bag"],
      "steps": ["seal_cap", "bag_sealed"], "marks": ["this_way_up"], "padding_mm": 10}]

``when`` lists conditions that must all hold: a flag (``fragile``, ``not glass``), a threshold
(``liquid_ml >= 100``, ``battery_wh > 100``) or battery types (``battery in (li_ion,
li_metal)``). ``parse_rules`` either returns the whole rule set or raises ``RulesRejected`` with
every problem found, each naming the rule, the field and (where it can) the line; nothing is
half-read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from posylka.domain.catalogue import BatteryType
from posylka.domain.errors import PosylkaError
from posylka.domain.recipes import (
    BOOLEAN_FIELDS,
    INSERTS,
    LANES,
    MARKS,
    MATERIALS,
    MAX_PADDING_MM,
    NUMBER_FIELDS,
    STEPS,
    WARNINGS,
    Condition,
    Field,
    Op,
    Rule,
    RuleSet,
    is_code,
)

MAX_RULES = 200
NAME_MAX = 100
WORD_MAX = 200

WORD_LISTS: dict[str, tuple[str, ...]] = {
    "materials": MATERIALS,
    "steps": STEPS,
    "marks": MARKS,
    "inserts": INSERTS,
    "warnings": WARNINGS,
}
KEYS = ("name", "when", *WORD_LISTS, "padding_mm", "block_lanes")
BATTERY_TYPES = tuple(t.value for t in BatteryType if t is not BatteryType.NONE)

_COMPARISON = re.compile(r"^([a-z_]+)\s*(>=|<=|==|!=|>|<)\s*(\S+)$")
_MEMBERSHIP = re.compile(r"^([a-z_]+)\s+in\s*\((.*)\)$")


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """One thing wrong in a rule file. ``code`` says what (a page words it in the reader's
    language), ``rule`` and ``field`` where, ``value`` the offending text, ``line`` the line of
    the file (0 when not known)."""

    code: str
    rule: str = ""
    field: str = ""
    value: str = ""
    line: int = 0

    def message(self) -> str:
        where = f"rule {self.rule!r}" if self.rule else "the rule file"
        if self.field:
            where += f", field {self.field!r}"
        at = f"line {self.line}: " if self.line else ""
        shown = f": {self.value!r}" if self.value else ""
        return f"{at}{where}: {PROBLEMS[self.code]}{shown}"


PROBLEMS = {
    "not_json": "is not valid JSON",
    "not_a_list": "must be a list",
    "not_an_object": "must be an object with a name",
    "too_many": f"has more than {MAX_RULES} rules",
    "no_name": "needs a name",
    "long_name": f"name is longer than {NAME_MAX} characters",
    "duplicate_name": "another rule has the same name",
    "unknown_key": "is not a field of a rule",
    "unknown_flag": "names no product flag",
    "bad_condition": "is not a condition (flag, not flag, flag >= number, battery in (...))",
    "bad_threshold": "is not a number",
    "bad_battery": "is not a battery type (li_ion, li_metal, ni_mh, alkaline)",
    "not_words": "must be a list of texts",
    "unknown_code": "is not a known code (write your own words with a space or a capital)",
    "bad_padding": f"must be a whole number of millimetres from 0 to {MAX_PADDING_MM}",
    "unknown_lane": "is not a lane (air, postal, ground)",
    "long_word": f"is longer than {WORD_MAX} characters",
}


class RulesRejected(PosylkaError):
    """A rule file that cannot be saved; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: Sequence[RuleProblem]) -> None:
        super().__init__("; ".join(p.message() for p in problems))
        self.problems = tuple(problems)


def parse_rules_text(text: str, *, version: int) -> RuleSet:
    """Read a rule file's text (JSON); raises ``RulesRejected``."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RulesRejected([RuleProblem("not_json", value=exc.msg, line=exc.lineno)]) from None
    return parse_rules(data, version=version, text=text)


def parse_rules(data: object, *, version: int, text: str = "") -> RuleSet:
    """Read rules from JSON data; ``text`` (the file it came from) lets problems name a line."""
    if not isinstance(data, list):
        raise RulesRejected([RuleProblem("not_a_list")])
    problems: list[RuleProblem] = []
    if len(data) > MAX_RULES:
        problems.append(RuleProblem("too_many"))
    rules: list[Rule] = []
    seen: set[str] = set()
    names: list[str] = []
    for index, raw in enumerate(data, start=1):
        reader = _RuleReader(raw, index, text, names)
        rule = reader.read()
        if rule is not None and rule.name.casefold() in seen:
            reader.problem("duplicate_name", "name", rule.name)
        elif rule is not None:
            seen.add(rule.name.casefold())
            rules.append(rule)
        problems.extend(reader.problems)
    if problems:
        raise RulesRejected(problems)
    return RuleSet(version=version, rules=tuple(rules))


class _RuleReader:
    def __init__(self, raw: object, index: int, text: str, names: list[str]) -> None:
        self.raw = raw
        self.label = f"#{index}"
        self.text = text
        self.names = names
        """Names of the rules read so far, so a repeated name finds its own line."""
        self.problems: list[RuleProblem] = []

    def problem(self, code: str, field: str = "", value: str = "") -> None:
        self.problems.append(RuleProblem(code, self.label, field, value, self._line()))

    def _line(self) -> int:
        if not self.text or self.label.startswith("#"):
            return 0
        earlier = max(self.names.count(self.label) - 1, 0)
        for quoted in (json.dumps(self.label, ensure_ascii=False), json.dumps(self.label)):
            found = list(re.finditer(r'"name"\s*:\s*' + re.escape(quoted), self.text))
            if len(found) > earlier:
                return self.text.count("\n", 0, found[earlier].start()) + 1
        return 0

    def read(self) -> Rule | None:
        raw = self.raw
        if not isinstance(raw, dict):
            self.problem("not_an_object")
            return None
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip():
            self.problem("no_name", "name")
            return None
        self.label = name.strip()
        self.names.append(self.label)
        if len(self.label) > NAME_MAX:
            self.problem("long_name", "name")
        for key in raw:
            if key not in KEYS:
                self.problem("unknown_key", str(key))
        when = tuple(c for c in (self._condition(x) for x in self._list(raw, "when")) if c)
        words = {key: self._words(raw, key, known) for key, known in WORD_LISTS.items()}
        return Rule(
            name=self.label,
            when=when,
            materials=words["materials"],
            steps=words["steps"],
            marks=words["marks"],
            inserts=words["inserts"],
            warnings=words["warnings"],
            padding_mm=self._padding(raw.get("padding_mm", 0)),
            block_lanes=self._words(raw, "block_lanes", LANES, own_words=False),
        )

    def _list(self, raw: dict[str, Any], key: str) -> list[str]:
        value = raw.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem("not_words", key)
            return []
        return [v.strip() for v in value if v.strip()]

    def _words(
        self, raw: dict[str, Any], key: str, known: Sequence[str], *, own_words: bool = True
    ) -> tuple[str, ...]:
        words = []
        for word in self._list(raw, key):
            if len(word) > WORD_MAX:
                self.problem("long_word", key, word[:40])
            elif is_code(word) and word not in known:
                self.problem("unknown_lane" if not own_words else "unknown_code", key, word)
            elif not is_code(word) and not own_words:
                self.problem("unknown_lane", key, word)
            else:
                words.append(word)
        return tuple(dict.fromkeys(words))

    def _padding(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem("bad_padding", "padding_mm", str(value))
            return 0
        if not 0 <= value <= MAX_PADDING_MM:
            self.problem("bad_padding", "padding_mm", str(value))
            return 0
        return value

    def _condition(self, text: str) -> Condition | None:
        words = text.split()
        if len(words) == 1 or (len(words) == 2 and words[0] == "not"):
            flag = self._field(words[-1])
            if flag is None:
                return None
            if flag not in BOOLEAN_FIELDS:
                self.problem("bad_condition", "when", text)
                return None
            return Condition(flag, Op.NOT if len(words) == 2 else Op.IS)
        if member := _MEMBERSHIP.match(text):
            return self._battery(text, member.group(1), Op.IN, member.group(2).split(","))
        if compare := _COMPARISON.match(text):
            name, op, value = compare.groups()
            if name == Field.BATTERY and op in ("==", "!="):
                return self._battery(text, name, Op(op), [value])
            flag = self._field(name)
            if flag is None:
                return None
            if flag not in NUMBER_FIELDS:
                self.problem("bad_condition", "when", text)
                return None
            try:
                number = Decimal(value)
            except InvalidOperation:
                number = Decimal("NaN")
            if not number.is_finite() or number < 0:
                self.problem("bad_threshold", "when", value)
                return None
            return Condition(flag, Op(op), (number,))
        if words and words[0].isidentifier() and self._field(words[0]) is None:
            return None
        self.problem("bad_condition", "when", text)
        return None

    def _field(self, name: str) -> Field | None:
        try:
            return Field(name)
        except ValueError:
            self.problem("unknown_flag", "when", name)
            return None

    def _battery(self, text: str, name: str, op: Op, raw: list[str]) -> Condition | None:
        if name != Field.BATTERY:
            if self._field(name) is not None:
                self.problem("bad_condition", "when", text)
            return None
        kinds = [v.strip() for v in raw if v.strip()]
        bad = [k for k in kinds if k not in BATTERY_TYPES]
        if bad or not kinds:
            self.problem("bad_battery", "when", ", ".join(bad) or text)
            return None
        return Condition(Field.BATTERY, op, tuple(dict.fromkeys(kinds)))


def dump_rules(ruleset: RuleSet) -> list[dict[str, Any]]:
    """Rules as JSON data (what ``parse_rules`` reads back), empty fields left out."""
    out: list[dict[str, Any]] = []
    for rule in ruleset.rules:
        item: dict[str, Any] = {"name": rule.name, "when": [c.text() for c in rule.when]}
        for key in (*WORD_LISTS, "block_lanes"):
            if words := getattr(rule, key):
                item[key] = list(words)
        if rule.padding_mm:
            item["padding_mm"] = rule.padding_mm
        out.append(item)
    return out


def rules_text(ruleset: RuleSet) -> str:
    """A rule set as the editor and the export show it: JSON, one rule per block."""
    return json.dumps(dump_rules(ruleset), ensure_ascii=False, indent=2) + "\n"
