"""Postings as table rows and back: the columns the sync writes, their digests, and the search text.

A posting's row is flattened (buyer, address, totals) so the queue reads one row per posting; its
items go to ``posting_items``. Two digests let the sync recognise what Ozon sent again unchanged:
``items_hash`` covers the item lines, ``content_hash`` everything stored about the posting.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from posylka.domain.ids import (
    DeliveryMethodId,
    OfferId,
    OrderNumber,
    PostingNumber,
    Sku,
    StoreId,
    WarehouseId,
)
from posylka.domain.postings import (
    Address,
    Buyer,
    IntegrationType,
    Money,
    Posting,
    PostingItem,
    PostingStatus,
)

CENT = Decimal("0.01")

Row = dict[str, Any]


@dataclasses.dataclass(frozen=True, slots=True)
class PostingRow:
    """One posting ready to write: its ``postings`` columns (no id, no times) and its items."""

    key: tuple[StoreId, str]
    values: Row
    items: tuple[Row, ...]
    status: PostingStatus

    @property
    def content_hash(self) -> str:
        return str(self.values["content_hash"])

    @property
    def items_hash(self) -> str:
        return str(self.values["items_hash"])


def to_row(posting: Posting) -> PostingRow:
    """Flatten a posting into column values, with its item rows, digests and search text."""
    items = tuple(_item_row(n, item) for n, item in enumerate(posting.items))
    buyer = posting.buyer or Buyer()
    total = posting.total
    values: Row = {
        "store_id": posting.store_id,
        "posting_number": posting.posting_number,
        "order_id": posting.order_id,
        "order_number": posting.order_number,
        "status": posting.status.value,
        "status_raw": posting.status_raw,
        "substatus": posting.substatus,
        "integration_type": posting.integration_type.value,
        "scheme": posting.scheme.value,
        "delivery_method_id": posting.delivery_method_id,
        "delivery_method_name": posting.delivery_method_name,
        "warehouse_id": posting.warehouse_id,
        "warehouse_name": posting.warehouse_name,
        "in_process_at": _utc(posting.in_process_at),
        "ship_by": _utc(posting.ship_by),
        "delivering_date": _utc(posting.delivering_date),
        "status_changed_at": _utc(posting.status_changed_at),
        "tracking_number": posting.tracking_number,
        "parent_posting_number": posting.parent_posting_number,
        "is_express": posting.is_express,
        "buyer_name": buyer.name,
        "buyer_phone": buyer.phone,
        "buyer_email": buyer.email,
        "addressee_name": buyer.addressee,
        "address": _address(buyer.address) if buyer.address else None,
        "is_legal": buyer.is_legal,
        "company_name": buyer.company_name,
        "inn": buyer.inn,
        "total_amount": total.amount.quantize(CENT),
        "currency": total.currency,
        "item_count": sum(item.quantity for item in posting.items),
        "search_text": search_text(posting),
        "requirements": {k: list(v) for k, v in sorted(posting.requirements.items())},
        "available_actions": list(posting.available_actions),
        "cancel_reason": posting.cancel_reason,
        "is_open": posting.status.is_open,
    }
    # Digests over values only: every row is built in the fixed key order above.
    values["items_hash"] = _digest(tuple(tuple(item.values()) for item in items))
    values["content_hash"] = _digest(tuple(values.values()))
    return PostingRow((posting.store_id, posting.posting_number), values, items, posting.status)


def search_text(posting: Posting) -> str:
    """What the queue's text filter matches: numbers, buyer, item names and articles, tracking."""
    parts = [
        posting.posting_number,
        posting.order_number,
        posting.buyer.name if posting.buyer else "",
        *(item.name for item in posting.items),
        *(item.offer_id for item in posting.items),
        posting.tracking_number,
    ]
    return "\n".join(part.lower() for part in parts if part)


def from_row(row: Mapping[Any, Any], items: Sequence[Mapping[Any, Any]]) -> Posting:
    """Rebuild the domain posting from its row and its item rows (in line order)."""
    address = row["address"]
    buyer = Buyer(
        name=row["buyer_name"],
        phone=row["buyer_phone"],
        email=row["buyer_email"],
        addressee=row["addressee_name"],
        address=Address(**address) if address else None,
        is_legal=bool(row["is_legal"]),
        company_name=row["company_name"],
        inn=row["inn"],
    )
    return Posting(
        store_id=StoreId(row["store_id"]),
        posting_number=PostingNumber(row["posting_number"]),
        order_id=row["order_id"],
        order_number=OrderNumber(row["order_number"]),
        status=PostingStatus.parse(row["status"]),
        substatus=row["substatus"],
        status_raw=row["status_raw"],
        integration_type=IntegrationType.parse(row["integration_type"]),
        delivery_method_id=(
            DeliveryMethodId(row["delivery_method_id"])
            if row["delivery_method_id"] is not None
            else None
        ),
        delivery_method_name=row["delivery_method_name"],
        warehouse_id=(
            WarehouseId(row["warehouse_id"]) if row["warehouse_id"] is not None else None
        ),
        warehouse_name=row["warehouse_name"],
        in_process_at=row["in_process_at"],
        ship_by=row["ship_by"],
        delivering_date=row["delivering_date"],
        status_changed_at=row["status_changed_at"],
        tracking_number=row["tracking_number"],
        parent_posting_number=row["parent_posting_number"],
        is_express=bool(row["is_express"]),
        items=tuple(
            PostingItem(
                sku=Sku(item["sku"]),
                offer_id=OfferId(item["offer_id"]),
                name=item["name"],
                quantity=item["quantity"],
                price=Money(Decimal(item["price_amount"]).quantize(CENT), item["currency"]),
            )
            for item in items
        ),
        # FBS postings carry no buyer (Ozon hides them): an all-empty buyer reads back as none.
        buyer=None if buyer == Buyer() else buyer,
        requirements={k: tuple(v) for k, v in (row["requirements"] or {}).items()},
        available_actions=tuple(row["available_actions"] or ()),
        cancel_reason=row["cancel_reason"],
    )


def _item_row(line_no: int, item: PostingItem) -> Row:
    return {
        "line_no": line_no,
        "sku": item.sku,
        "offer_id": item.offer_id,
        "name": item.name,
        "quantity": item.quantity,
        "price_amount": item.price.amount.quantize(CENT),
        "currency": item.price.currency,
    }


def _digest(value: object) -> str:
    """SHA-256 of the value's ``repr``: fields come in a fixed order, datetimes are UTC and money
    is quantised, so equal content gives an equal digest. A Python whose ``repr`` differed would
    only cause one needless rewrite of each posting."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


_ADDRESS_FIELDS = tuple(f.name for f in dataclasses.fields(Address))


def _address(address: Address) -> Row:
    return {name: getattr(address, name) for name in _ADDRESS_FIELDS}


def _utc(value: datetime | None) -> datetime | None:
    return value.astimezone(UTC) if value is not None else None
