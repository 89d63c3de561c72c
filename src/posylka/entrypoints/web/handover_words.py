"""What the hand-over and tracking pages say about Ozon's refusals, scans and file rows, as
msgids for the templates to translate (one sentence and a way forward each)."""

from __future__ import annotations

from posylka.domain.handover import (
    CREATE_SENT,
    INCOMPLETE_CARRIAGES,
    HandoverState,
    ScanOutcome,
)
from posylka.domain.rfbs_tracking import MoveProblem, RowProblem
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message
from posylka.services import rfbs_tracking
from posylka.services.handover import UNREACHABLE

STATES = {
    HandoverState.DRAFT: N_("Draft"),
    HandoverState.CREATED: N_("Created at Ozon"),
    HandoverState.APPROVED: N_("Approved"),
    HandoverState.DOCUMENTS: N_("Documents ready"),
    HandoverState.HANDED_OVER: N_("Handed over"),
    HandoverState.CANCELLED: N_("Cancelled"),
}

CARRIAGE_STATUSES = {
    # Ozon's carriage statuses (/v1/carriage/get); any other is shown as Ozon spells it.
    "new": N_("new at Ozon"),
    "formed": N_("formed"),
    "received": N_("being accepted"),
    "closed": N_("accepted"),
    "sended": N_("sent"),
    "cancelled": N_("cancelled at Ozon"),
}

CARRIAGE_REFUSALS = {
    "no_postings": N_(
        "Ozon found no assembled postings of this delivery method for that day. Check that "
        "they are awaiting shipment, sync, and try again."
    ),
    "new_postings_are_possible": N_(
        "Ozon already has an open carriage for this delivery method and day. Approve or cancel "
        "it in Ozon's account, or try again later."
    ),
    "posting_statuses_not_ready": N_(
        "Some postings are not ready for hand-over at Ozon yet. Wait a minute after assembly "
        "and try again."
    ),
    "Incorrect_carriage_status": N_(
        "The carriage at Ozon is no longer in a state that allows this step. Reload the page; "
        "if it was approved elsewhere, fetch the documents."
    ),
    UNREACHABLE: N_("Ozon could not be reached; nothing was lost. Try again in a minute."),
    CREATE_SENT: N_(
        "The carriage was asked of Ozon but its answer was not recorded. Create at Ozon again: "
        "posylka looks at Ozon first and takes up the carriage if it was made."
    ),
    INCOMPLETE_CARRIAGES: N_(
        "Ozon has an unfinished carriage for this delivery method and day that posylka could "
        "not find. Approve or cancel it in Ozon's account, then try again."
    ),
}
OTHER_REFUSAL = N_("Ozon refused this step: %(why)s")
TAKEN_UP = N_(
    "Ozon already had a carriage for this delivery method and day, so the handover took it up "
    "instead of making another."
)


def refusal(code: str, message: str) -> Message:
    known = CARRIAGE_REFUSALS.get(code)
    if known is not None:
        return Message(known)
    return Message(OTHER_REFUSAL, {"why": message or code})


SCANS = {
    ScanOutcome.COUNTED: N_("%(number)s counted."),
    ScanOutcome.NOT_IN_HANDOVER: N_(
        "%(number)s is not in this handover. Take it off the pallet and put it aside."
    ),
    ScanOutcome.ALREADY_COUNTED: N_(
        "%(number)s was already counted: the same parcel was scanned twice. Nothing changed."
    ),
    ScanOutcome.EMPTY: N_("Nothing was scanned. Scan the barcode on the parcel's label."),
}
SCAN_LOG = {
    ScanOutcome.COUNTED: N_("counted"),
    ScanOutcome.NOT_IN_HANDOVER: N_("not in this handover"),
    ScanOutcome.ALREADY_COUNTED: N_("scanned twice"),
    ScanOutcome.EMPTY: N_("nothing scanned"),
}
"""Each logged scan's outcome in the checklist's list of latest scans."""
ELSEWHERE = N_("It belongs to handover #%(id)s of %(date)s.")

ROW_PROBLEMS = {
    RowProblem.NO_POSTING: N_("Row %(row)s: the posting number is missing."),
    RowProblem.NO_TRACKING: N_("Row %(row)s: %(number)s has no tracking number."),
    RowProblem.TRACKING_TOO_LONG: N_(
        "Row %(row)s: the tracking number of %(number)s is longer than 100 characters."
    ),
    RowProblem.TRACKING_HAS_SPACES: N_(
        "Row %(row)s: the tracking number of %(number)s contains spaces."
    ),
    RowProblem.TOO_MANY_COLUMNS: N_(
        "Row %(row)s: more than two columns; the file needs posting_number,tracking_number."
    ),
    RowProblem.DUPLICATE: N_(
        "Row %(row)s: %(number)s is already in row %(first)s; only that row was sent."
    ),
}

ITEM_ERRORS = {
    rfbs_tracking.UNKNOWN_POSTING: N_(
        "posylka does not know this posting: check the number, or sync and try again."
    ),
    rfbs_tracking.SEVERAL_STORES: N_(
        "This posting number exists in several stores; set it from the posting's page."
    ),
    rfbs_tracking.UNREACHABLE: N_("Ozon could not be reached; try again in a minute."),
    MoveProblem.NOT_OWN_CARRIER: N_(
        "Ozon or an integrated carrier delivers this posting; its tracking is not set by hand."
    ),
    "HAS_INCORRECT_TPL_INTEGRATION_TYPE": N_(
        "Ozon or an integrated carrier delivers this posting; its tracking is not set by hand."
    ),
    MoveProblem.NO_TRACKING_NUMBER: N_(
        "Set the tracking number first: Ozon needs it before the posting is delivering."
    ),
    "TRANSITION_IS_NOT_POSSIBLE": N_(
        "Ozon does not allow this move from the posting's current status; moves go delivering, "
        "last mile, delivered."
    ),
}
OTHER_ITEM_ERROR = N_("Ozon refused it: %(code)s")


def item_error(code: str) -> Message:
    known = ITEM_ERRORS.get(code)
    if known is not None:
        return Message(known)
    return Message(OTHER_ITEM_ERROR, {"code": code or "?"})
