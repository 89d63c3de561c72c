"""Human names for posylka's and Ozon's codes: statuses, substatuses, roles, urgency, requirements.

Each name is an English msgid marked with ``N_`` so the catalog extractor finds it; pages translate
it at render time. The status names follow the wording of Ozon's seller account where one exists.
"""

from __future__ import annotations

from posylka.domain.postings import PostingStatus, Urgency
from posylka.domain.stores import Role


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Mark a string for the catalog without translating it yet."""
    return message


STATUS = {
    PostingStatus.AWAITING_VERIFICATION: N_("Being verified"),
    PostingStatus.AWAITING_REGISTRATION: N_("Awaiting registration"),
    PostingStatus.ACCEPTANCE_IN_PROGRESS: N_("Acceptance in progress"),
    PostingStatus.AWAITING_APPROVE: N_("Awaiting confirmation"),
    PostingStatus.AWAITING_PACKAGING: N_("Awaiting packaging"),
    PostingStatus.AWAITING_DELIVER: N_("Awaiting shipment"),
    PostingStatus.ARBITRATION: N_("Arbitration"),
    PostingStatus.CLIENT_ARBITRATION: N_("Buyer arbitration"),
    PostingStatus.DELIVERING: N_("Delivering"),
    PostingStatus.DRIVER_PICKUP: N_("With the driver"),
    PostingStatus.DELIVERED: N_("Delivered"),
    PostingStatus.CANCELLED: N_("Cancelled"),
    PostingStatus.CANCELLED_FROM_SPLIT_PENDING: N_("Cancelled when split"),
    PostingStatus.NOT_ACCEPTED: N_("Not accepted at the sorting centre"),
    PostingStatus.SENT_BY_SELLER: N_("Sent by the seller"),
    PostingStatus.UNKNOWN: N_("Unknown status"),
}

# Substatuses as Ozon lists them for /v4/posting/fbs/list (the "substatus" field).
SUBSTATUS = {
    "posting_created": N_("Created"),
    "posting_awaiting_passport_data": N_("Waiting for passport data"),
    "posting_split_pending": N_("Being split"),
    "posting_awaiting_registration": N_("Waiting for registration"),
    "posting_registered": N_("Registered"),
    "posting_registration_error": N_("Registration error"),
    "posting_in_carriage": N_("In a carriage"),
    "posting_not_in_carriage": N_("Not in a carriage"),
    "posting_transferring_to_delivery": N_("Being handed to delivery"),
    "posting_acceptance_in_progress": N_("Acceptance in progress"),
    "posting_transferred_to_courier_service": N_("Handed to the courier service"),
    "posting_driver_pick_up": N_("With the driver"),
    "posting_not_in_sort_center": N_("Not at the sorting centre"),
    "posting_in_arbitration": N_("In arbitration"),
    "posting_in_client_arbitration": N_("In buyer arbitration"),
    "posting_on_way_to_city": N_("On the way to the city"),
    "posting_on_way_to_pickup_point": N_("On the way to the pick-up point"),
    "posting_in_pickup_point": N_("At the pick-up point"),
    "posting_in_courier_service": N_("With the courier"),
    "posting_delivered": N_("Delivered"),
    "posting_received": N_("Received by the buyer"),
    "posting_conditionally_delivered": N_("Conditionally delivered"),
    "posting_returned_to_warehouse": N_("Returned to the warehouse"),
    "posting_canceled": N_("Cancelled"),
    "ship_failed": N_("Assembly failed"),
    "sent_by_seller": N_("Sent by the seller"),
}

ROLE = {
    Role.ADMIN: N_("Administrator"),
    Role.MANAGER: N_("Manager"),
    Role.PACKER: N_("Packer"),
}

URGENCY = {
    Urgency.OVERDUE: N_("Overdue"),
    Urgency.DUE_SOON: N_("Due within 2 h"),
    Urgency.ON_TIME: N_("On time"),
    Urgency.NONE: "",
}

# Ozon's "requirements" block: SKUs that need extra data before the posting can be assembled
# (Seller API, posting object, field "requirements").
REQUIREMENT = {
    "gtd": N_("Customs declaration (GTD) number"),
    "country": N_("Country of manufacture"),
    "change_country": N_("Country of manufacture that may be changed"),
    "mandatory_mark": N_("Marking code (Chestny ZNAK)"),
    "jw_uin": N_("Jewellery UIN"),
    "rnpt": N_("Batch registration number (RNPT)"),
    "imei": N_("IMEI"),
    "weight": N_("Actual weight"),
}

SCHEME = {"fbs": "FBS", "rfbs": "rFBS"}
"""Ozon's scheme names are the same in every language."""


def requirement_key(raw: str) -> str:
    """``products_requiring_gtd`` and ``gtd`` both name the GTD requirement."""
    return raw.removeprefix("products_requiring_")
