"""The sentences an assembly gives the packer (``posylka.domain.assembly.NOTES``), marked for the
catalog so pages can translate them; a test keeps this list and the notes the same."""

from __future__ import annotations

from posylka.entrypoints.web.labels import N_

NOTE_TEXTS = (
    N_("The posting was cancelled on Ozon."),
    N_("Put the items back on their shelves; there is nothing to ship."),
    N_("Ozon does not let this posting be assembled in its present status."),
    N_("Sync the store and look at the posting's status before trying again."),
    N_("The quantities in the boxes do not match the posting on Ozon."),
    N_("Scan the posting again: every unit must be in exactly one box."),
    N_("Ozon needs the marking codes of the marked items before assembly."),
    N_("Scan the marking codes in Ozon's personal account, then try again."),
    N_("A box holds a product that is not in this posting on Ozon."),
    N_("Take out the product that does not belong and scan the posting again."),
    N_("Ozon accepted the assembly but could not carry it out."),
    N_("Keep the parcel on the desk and try again; if it fails twice, contact Ozon support."),
    N_("Ozon refused the assembly."),
    N_("Read Ozon's reason below, put it right and try again."),
    N_("Ozon could not be reached; the assembly is kept and will be sent by itself."),
    N_("Put the parcel aside; it will be assembled as soon as Ozon answers."),
)
