"""What the printing pages say: job statuses, printer kinds, the reasons a job failed and the
field errors of the printer form, as msgids the templates translate."""

from __future__ import annotations

from posylka.domain.printing import (
    InvalidPrinter,
    PrinterKind,
    PrintError,
    PrintJob,
    PrintJobStatus,
)
from posylka.entrypoints.web.labels import N_
from posylka.entrypoints.web.messages import Message

JOB_STATUS = {
    PrintJobStatus.QUEUED: N_("Queued"),
    PrintJobStatus.SENT: N_("Sent"),
    PrintJobStatus.FAILED: N_("Failed"),
}

PRINTER_KIND = {
    PrinterKind.RAW9100: N_("Network printer (port 9100)"),
    PrinterKind.CUPS: N_("CUPS queue"),
}

NOTICES = {
    "printer_added": N_("Printer added."),
    "default_set": N_("Your default printer is saved."),
    "sent": N_("The job was sent to the printer."),
    "failed": N_("The printer did not take the job; the reason is in the list."),
    "cannot_print": N_("This job cannot be printed from here: choose a printer of its format."),
    "no_default": N_("Choose your default printer below first, then send the slips again."),
    "nothing_selected": N_("Tick the postings whose slips you want to print."),
    "unknown_posting": N_("A ticked posting was not found; sync the store and try again."),
}

_REASONS = {
    "timeout": N_("Printer %(where)s did not answer within %(detail)s s."),
    "stalled": N_("Printer %(where)s stopped taking data for %(detail)s s."),
    "refused": N_("Printer %(where)s refused the connection. Is it a printer on port 9100?"),
    "unknown_host": N_("Printer %(where)s: the host name is not known."),
    "unreachable": N_("Printer %(where)s cannot be reached: %(detail)s"),
    "closed": N_("Printer %(where)s closed the connection: %(detail)s"),
    "spooler_missing": N_(
        "The command %(command)s was not found: install CUPS on this computer or use a "
        "network printer."
    ),
    "spooler_refused": N_("CUPS queue %(queue)s refused the job: %(detail)s"),
    "printer_removed": N_("The printer %(printer)s was removed; reprint the job on another."),
}

_FIELD_ERRORS = {
    "name": N_("Enter a name that no other printer has (up to 100 characters)."),
    "kind": N_("Choose how the printer is connected."),
    "address": N_(
        "Enter the printer's host name or IP address (with :port if not 9100), or the CUPS "
        "queue name without spaces."
    ),
    "format": N_("A network printer on port 9100 takes ZPL."),
    "dpi": N_("Choose 203 or 300 dpi."),
    "label_size": N_("Choose a label size; ZPL printers take labels, not A4."),
}


def job_reason(job: PrintJob) -> Message | str:
    """Why a job failed, in words the page translates; the recorded sentence when the kind of
    failure has no wording of its own."""
    reason = _REASONS.get(job.error_key)
    if reason is None:
        return job.error
    return Message(reason, dict(job.error_params or {}))


def printer_error(exc: PrintError) -> dict[str, Message]:
    field = exc.field if isinstance(exc, InvalidPrinter) else "name"
    return {field: Message(_FIELD_ERRORS.get(field, _FIELD_ERRORS["name"]))}
