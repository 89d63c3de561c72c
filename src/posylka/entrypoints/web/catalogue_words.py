"""The catalogue's words: why a spreadsheet row or a form field was refused, and the column names.

Each problem becomes a :class:`Message` (an English msgid marked for the catalog and its
parameters); pages translate it with ``fmt.say``, the command line prints the English text.
"""

from __future__ import annotations

from posylka.domain.catalogue import BatteryType
from posylka.domain.catalogue_sheet import Problem, RowProblem
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message

PROBLEMS = {
    Problem.MISSING_HEADER: N_("The column is missing: every file needs it."),
    Problem.UNKNOWN_HEADER: N_("Unknown column: use the column names of an exported file."),
    Problem.DUPLICATE_HEADER: N_("The column appears twice."),
    Problem.EMPTY_FILE: N_("The file is empty."),
    Problem.UNREADABLE_FILE: N_("The file cannot be read: %(reason)s."),
    Problem.REQUIRED: N_("Required: enter the seller's article code."),
    Problem.TOO_LONG: N_("Too long: at most %(limit)s characters."),
    Problem.NOT_A_NUMBER: N_("“%(value)s” is not a number."),
    Problem.NOT_A_WHOLE_NUMBER: N_("“%(value)s” is not a whole number."),
    Problem.NEGATIVE: N_("“%(value)s” is negative: enter zero or more."),
    Problem.TOO_LARGE: N_("Too large: at most %(limit)s."),
    Problem.TOO_MANY_DECIMALS: N_("At most %(places)s digits after the decimal point."),
    Problem.NOT_YES_OR_NO: N_("“%(value)s” is not yes or no: leave it empty or write yes."),
    Problem.UNKNOWN_BATTERY: N_("Unknown battery type “%(value)s”: use one of %(allowed)s."),
    Problem.INVALID_BARCODE: N_("Barcode “%(value)s” is not valid."),
    Problem.DUPLICATE_OFFER_ID: N_(
        "The same article code is on row %(first_row)s too: neither row was imported."
    ),
    Problem.OFFER_ID_TAKEN: N_("Another product already has this article code."),
    Problem.DUPLICATE_SKU: N_(
        "The same SKU is on row %(first_row)s too: neither row was imported."
    ),
    Problem.SKU_TAKEN: N_("This SKU belongs to product %(offer_id)s."),
    Problem.UNKNOWN_WAREHOUSE: N_(
        "Warehouse %(warehouse_id)s is not one of this store's warehouses."
    ),
}

BARCODE_REASONS = {
    "empty": N_("Barcode is empty."),
    "too_long": N_("Barcode “%(value)s” is longer than %(limit)s characters."),
    "not_digits": N_("Barcode “%(value)s” may hold digits only."),
    "wrong_length": N_("Barcode “%(value)s” has %(got)s digits; %(kind)s needs %(expected)s."),
    "check_digit": N_("Barcode “%(value)s”: the check digit should be %(expected)s."),
    "not_ascii": N_("Barcode “%(value)s” may hold Latin letters, digits and signs only."),
}

WHERE = N_("Row %(row)s, column %(column)s")
WHERE_ROW = N_("Row %(row)s")

COLUMN_NAMES = {
    "offer_id": N_("Article code"),
    "sku": N_("SKU"),
    "ozon_product_id": N_("Ozon product id"),
    "name": N_("Name"),
    "barcodes": N_("Barcodes"),
    "length_mm": N_("Length, mm"),
    "width_mm": N_("Width, mm"),
    "height_mm": N_("Height, mm"),
    "weight_g": N_("Weight, g"),
    "unit_cost": N_("Unit cost"),
    "fragile": N_("Fragile"),
    "liquid": N_("Liquid"),
    "liquid_ml": N_("Liquid, ml"),
    "glass": N_("Glass"),
    "battery": N_("Battery"),
    "battery_wh": N_("Battery, Wh"),
    "aerosol": N_("Aerosol"),
    "flammable": N_("Flammable"),
    "keep_upright": N_("Keep upright"),
    "needs_mark": N_("Needs a marking code"),
    "low_stock_threshold": N_("Low-stock threshold"),
    "safety_buffer": N_("Safety buffer"),
}

BATTERIES = {
    BatteryType.NONE: N_("No battery"),
    BatteryType.LI_ION: N_("Lithium-ion"),
    BatteryType.LI_METAL: N_("Lithium metal"),
    BatteryType.NI_MH: N_("Nickel-metal hydride"),
    BatteryType.ALKALINE: N_("Alkaline"),
}


def problem_message(problem: RowProblem) -> Message:
    """Why a row or field was refused, with its parameters."""
    params = dict(problem.params)
    if problem.problem is Problem.INVALID_BARCODE:
        reason = str(params.get("reason", ""))
        if reason in BARCODE_REASONS:
            return Message(BARCODE_REASONS[reason], params)
    return Message(PROBLEMS[problem.problem], params)


def where_message(problem: RowProblem) -> Message:
    if problem.column:
        return Message(WHERE, {"row": problem.row, "column": problem.column})
    return Message(WHERE_ROW, {"row": problem.row})


def problem_text(problem: RowProblem, *, where: bool = True) -> str:
    """The problem in English, for the command line: "Row 3, column weight_g: ..."."""
    message = problem_message(problem)
    text = message.msgid % message.params if message.params else message.msgid
    if not where:
        return text
    place = where_message(problem)
    return f"{place.msgid % place.params}: {text}"
