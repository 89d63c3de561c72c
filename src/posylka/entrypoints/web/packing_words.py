"""What the packing station says: one sentence per scan outcome and per problem, each with the
way forward, as msgids the templates translate."""

from __future__ import annotations

from posylka.domain.packing import ScanOutcome, WeightVerdict
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message

SCAN = {
    ScanOutcome.ACCEPTED: N_("%(name)s: %(done)s of %(expected)s."),
    ScanOutcome.UNKNOWN_BARCODE: N_(
        "Nobody knows barcode %(code)s: it is not in the catalogue. Put the item aside and scan "
        "the next one."
    ),
    ScanOutcome.NOT_IN_POSTING: N_(
        "%(code)s is not in this posting. Take it out of the parcel and put it back."
    ),
    ScanOutcome.ONE_TOO_MANY: N_(
        "One too many: this posting holds only %(expected)s × %(name)s. Take the extra one out."
    ),
    ScanOutcome.POSTING_COMPLETE: N_(
        "This posting takes no more items. Scan the next slip to go on."
    ),
}

SCAN_NAMES = {
    ScanOutcome.ACCEPTED.value: N_("counted"),
    ScanOutcome.UNKNOWN_BARCODE.value: N_("unknown barcode"),
    ScanOutcome.NOT_IN_POSTING.value: N_("not in this posting"),
    ScanOutcome.ONE_TOO_MANY.value: N_("one too many"),
    ScanOutcome.POSTING_COMPLETE.value: N_("posting already complete"),
}

PROBLEMS = {
    "unknown_posting": N_(
        "No store has posting %(subject)s. Check the number on the slip, or sync the store."
    ),
    "no_session": N_("Scan the posting's slip first, then its items."),
    "empty_scan": N_("Nothing was scanned. Scan the slip or an item."),
    "scan_too_long": N_("That scan is too long for a barcode. Scan again."),
    "bad_weight": N_("%(subject)s is not a weight. Type grams (512) or kilograms (0.512 kg)."),
    "no_weight_first": N_("Weigh the parcel first: this desk assembles only weighed parcels."),
    "boxes_not_found": N_("Those boxes cannot be used for this posting. Choose another box."),
    "not_complete": N_("Scan every item of the posting first."),
    "cannot_assemble": N_(
        "Assembly on Ozon is not available on this desk. Assemble the posting in Ozon's "
        "personal account."
    ),
    "packages_refused": N_(
        "The boxes do not hold the posting as synced (%(subject)s). Start the posting over."
    ),
}

BLOCKED = {
    "cancelled": N_(
        "This posting was cancelled on Ozon. Do not pack it; put its items back on the shelf."
    ),
    "already_assembled": N_(
        "This posting is already assembled (status: %(status)s). Reprint its label from the "
        "Labels page if it is missing."
    ),
    "not_yet_packable": N_(
        "This posting cannot be packed yet (status: %(status)s). Set it aside and scan the next "
        "slip."
    ),
    "no_items": N_("This posting has no items to pack."),
    "not_packable": N_("This posting cannot be packed in its status (%(status)s)."),
}

WEIGHT = {
    WeightVerdict.OK: N_(
        "Weight %(measured)s g is right (expected %(expected)s g ± %(allowed)s g)."
    ),
    WeightVerdict.TOO_LIGHT: N_(
        "Too light: %(measured)s g, expected %(expected)s g ± %(allowed)s g. Is an item missing?"
    ),
    WeightVerdict.TOO_HEAVY: N_(
        "Too heavy: %(measured)s g, expected %(expected)s g ± %(allowed)s g. Is something extra "
        "inside?"
    ),
    WeightVerdict.NOT_CHECKED: N_(
        "Weight %(measured)s g recorded; a product has no weight in the catalogue, so it is not "
        "checked."
    ),
}

EVIDENCE = {
    "kept": N_("Recording kept with posting %(subject)s."),
    "unknown_posting": N_("No store has posting %(subject)s; the recording was not kept."),
    "empty": N_("The recording is empty; record again."),
    "too_large": N_("The recording is larger than %(subject)s bytes; record a shorter one."),
    "not_photo_or_video": N_(
        "%(subject)s is not a photo or a video; only JPEG, PNG, WebP, WebM and MP4 are kept."
    ),
    "cannot_keep": N_("Recordings cannot be kept on this desk."),
    "missing": N_(
        "The file of this recording is missing or was changed on disk; restore it from a backup."
    ),
}


def problem(code: str, subject: str = "") -> Message:
    return Message(PROBLEMS.get(code, PROBLEMS["no_session"]), {"subject": subject})
