"""The box area's words: why a box or a file of boxes was refused, why a plan is doubtful (one
sentence each, with "choose a box by hand" as the way forward), kinds and column names.

Pages translate a :class:`Message` with ``fmt.say``; the command line prints the English text.
"""

from __future__ import annotations

from posylka.domain.box_choice import Problem, split_problem
from posylka.domain.box_sheet import BoxRowProblem
from posylka.domain.boxes import BoxKind, BoxRejected
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message

KINDS = {
    BoxKind.BOX: N_("Box"),
    BoxKind.BAG: N_("Courier bag"),
    BoxKind.ENVELOPE: N_("Padded envelope"),
}

REASONS = {
    "required": N_("Required."),
    "too_long": N_("Too long: at most %(limit)s characters."),
    "not_a_number": N_("“%(value)s” is not a number."),
    "out_of_range": N_("Enter a value from %(low)s to %(high)s."),
    "unknown_kind": N_("Unknown kind “%(value)s”: use box, bag or envelope."),
    "duplicate": N_("Another box already has the code %(code)s."),
    "not_yes_or_no": N_("Write yes or no (empty means yes)."),
    "unknown_header": N_("Unknown column: use the column names of an exported file."),
    "missing_header": N_("The column is missing: every file needs it."),
    "empty_file": N_("The file is empty."),
}

PLAN_PROBLEMS = {
    Problem.NO_BOXES: N_(
        "No box in the catalogue serves this warehouse within the posting's limits: "
        "choose a box by hand, or add boxes under Settings → Boxes."
    ),
    Problem.ITEM_TOO_LARGE: N_(
        "%(subject)s is larger than every box in the catalogue: choose a box by hand, "
        "or add a larger box."
    ),
    Problem.ITEM_TOO_HEAVY: N_(
        "%(subject)s is heavier than any box may carry: choose a box by hand."
    ),
    Problem.OVER_POSTING_LIMIT: N_(
        "%(subject)s is over Ozon's size, weight or price limit for one parcel of this posting: "
        "choose a box by hand and check the limits with Ozon."
    ),
    Problem.NO_DIMENSIONS: N_(
        "%(subject)s has no size in the catalogue, so the box was chosen for the other items: "
        "check that it fits or choose a box by hand, and add its size to the catalogue."
    ),
    Problem.NO_WEIGHT: N_(
        "%(subject)s has no weight in the catalogue: the weights shown leave it out."
    ),
    Problem.OVERRIDE_TOO_SMALL: N_(
        "By the catalogue's sizes the items do not all fit in %(subject)s: check that they do."
    ),
}

WHERE = N_("Row %(row)s, column %(column)s")
WHERE_ROW = N_("Row %(row)s")

COLUMN_NAMES = {
    "code": N_("Code"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "length_mm": N_("Length, mm"),
    "width_mm": N_("Width, mm"),
    "height_mm": N_("Height, mm"),
    "max_weight_g": N_("Carries up to, g"),
    "own_weight_g": N_("Own weight, g"),
    "cost": N_("Cost"),
    "warehouse_id": N_("Warehouse"),
    "active": N_("In use"),
}


def rejected_message(error: BoxRejected) -> Message:
    return Message(REASONS.get(error.reason, N_("Not valid.")), dict(error.params))


def row_message(problem: BoxRowProblem) -> Message:
    return Message(REASONS.get(problem.reason, N_("Not valid.")), dict(problem.params))


def where_message(problem: BoxRowProblem) -> Message:
    if problem.field:
        return Message(WHERE, {"row": problem.row, "column": problem.field})
    return Message(WHERE_ROW, {"row": problem.row})


def plan_problem_message(code: str) -> Message:
    """One sentence for a plan's problem code (``item_too_large:MUG-1``)."""
    kind, subject = split_problem(code)
    try:
        msgid = PLAN_PROBLEMS[Problem(kind)]
    except ValueError:
        return Message(N_("The box choice says: %(code)s"), {"code": code})
    return Message(msgid, {"subject": subject})


def english(message: Message) -> str:
    """The message in English, for the command line."""
    return message.msgid % message.params if message.params else message.msgid


def row_text(problem: BoxRowProblem) -> str:
    return f"{english(where_message(problem))}: {english(row_message(problem))}"
