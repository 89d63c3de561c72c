"""The stock pages' words: why an entry or a stock spreadsheet was refused, and movement kinds.

Each problem becomes a :class:`Message` (an English msgid marked for the catalog and its
parameters); pages translate it with ``fmt.say``, the command line prints the English text.
"""

from __future__ import annotations

from posylka.domain.stock import MovementKind
from posylka.domain.stock_entries import EntryKind, EntryProblem, StockProblem
from posylka.domain.stock_reservations import LineProblem
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message

PROBLEMS = {
    StockProblem.NO_ENTRIES: N_("There is nothing to record: the file has no rows."),
    StockProblem.UNREADABLE_FILE: N_("The file cannot be read: %(reason)s."),
    StockProblem.MISSING_COLUMN: N_("The column is missing: every stock file needs it."),
    StockProblem.UNKNOWN_COLUMN: N_(
        "Unknown column: use product, warehouse_id, quantity, kind and reason."
    ),
    StockProblem.REQUIRED: N_("Required."),
    StockProblem.NOT_A_WHOLE_NUMBER: N_("“%(value)s” is not a whole number."),
    StockProblem.UNKNOWN_KIND: N_(
        "Unknown kind “%(value)s”: use receipt, return, adjustment or count."
    ),
    StockProblem.UNKNOWN_PRODUCT: N_(
        "“%(value)s” is not an article code, SKU or barcode of this store."
    ),
    StockProblem.UNKNOWN_WAREHOUSE: N_("Warehouse %(value)s is not one of this store's."),
    StockProblem.TOO_LARGE: N_("Too large: at most %(max)s."),
    StockProblem.NOT_POSITIVE: N_("%(value)s: enter more than zero."),
    StockProblem.NEGATIVE_COUNT: N_("%(value)s: a count cannot be negative."),
    StockProblem.ZERO_ADJUSTMENT: N_("An adjustment of zero changes nothing."),
    StockProblem.NEEDS_REASON: N_("Say why: an adjustment needs a reason."),
    StockProblem.REASON_TOO_LONG: N_("Too long: at most %(max)s characters."),
    StockProblem.BELOW_ZERO: N_(
        "%(value)s would leave less than nothing: there are %(on_hand)s on hand."
    ),
}

WHERE = N_("Row %(row)s, column %(column)s")
WHERE_ROW = N_("Row %(row)s")

MOVEMENT_KINDS = {
    MovementKind.RECEIPT: N_("Receipt"),
    MovementKind.RESERVATION: N_("Reserved"),
    MovementKind.RELEASE: N_("Released"),
    MovementKind.PICK: N_("Picked"),
    MovementKind.ADJUSTMENT: N_("Adjustment"),
    MovementKind.RETURN: N_("Return to stock"),
}

ENTRY_KINDS = {
    EntryKind.RECEIPT: N_("Receipt"),
    EntryKind.RETURN: N_("Return to stock"),
    EntryKind.ADJUSTMENT: N_("Adjustment"),
    EntryKind.COUNT: N_("Count"),
}

LINE_PROBLEMS = {
    LineProblem.NONE: "",
    LineProblem.UNKNOWN_PRODUCT: N_("not in the catalogue"),
    LineProblem.NO_WAREHOUSE: N_("no warehouse"),
}


def problem_message(problem: EntryProblem) -> Message:
    return Message(PROBLEMS[problem.problem], dict(problem.params))


def where_message(problem: EntryProblem) -> Message | None:
    if not problem.row:
        return None
    if problem.column:
        return Message(WHERE, {"row": problem.row, "column": problem.column})
    return Message(WHERE_ROW, {"row": problem.row})


def problem_text(problem: EntryProblem) -> str:
    """The problem in English, for the command line: "Row 3, column quantity: ..."."""
    message = problem_message(problem)
    text = message.msgid % message.params if message.params else message.msgid
    place = where_message(problem)
    return f"{place.msgid % place.params}: {text}" if place else text
