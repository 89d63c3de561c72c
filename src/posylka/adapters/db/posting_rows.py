"""Postings as table rows and back: the columns the sync writes, their digests, and the search text.

A posting's row is flattened (buyer, address, totals) so the queue reads one row per posting; its
items go to ``posting_items``. Two digests let the sync recognise what Ozon sent again unchanged:
``items_hash`` covers the item lines, ``content_hash`` everything stored about the posting.

Every sync turns every posting it fetched into a row, so a row is built straight into a tuple in
:data:`ROW_COLUMNS` order, already in the form the database stores: times as UTC text (exactly the
text SQLite keeps and compares, which PostgreSQL reads as a timestamp), JSON columns as JSON text,
money as decimal text quantised to the cent. The digests are taken over that same tuple, so a
posting that comes back unchanged costs one tuple and two hashes, and a new one nothing more than
its insert.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache
from json.encoder import encode_basestring
from math import isfinite
from operator import attrgetter
from typing import Any, NamedTuple

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
Key = tuple[StoreId, str]

ROW_COLUMNS = (
    "store_id",
    "posting_number",
    "order_id",
    "order_number",
    "status",
    "status_raw",
    "substatus",
    "integration_type",
    "scheme",
    "delivery_method_id",
    "delivery_method_name",
    "warehouse_id",
    "warehouse_name",
    "in_process_at",
    "ship_by",
    "delivering_date",
    "status_changed_at",
    "tracking_number",
    "parent_posting_number",
    "is_express",
    "buyer_name",
    "buyer_phone",
    "buyer_email",
    "addressee_name",
    "address",
    "is_legal",
    "company_name",
    "inn",
    "total_amount",
    "currency",
    "item_count",
    "search_text",
    "requirements",
    "available_actions",
    "cancel_reason",
    "is_open",
    "content_hash",
    "items_hash",
)
"""The ``postings`` columns a row carries, in its tuple's order (the id and the two times the
repository stamps, ``first_seen_at`` and ``updated_at``, are not part of a posting's content)."""

LINE_COLUMNS = ("line_no", "sku", "offer_id", "name", "quantity", "price_amount", "currency")
"""The ``posting_items`` columns of one item line, in its tuple's order (without ``posting_id``)."""

TIME_COLUMNS = frozenset({"in_process_at", "ship_by", "delivering_date", "status_changed_at"})
JSON_COLUMNS = frozenset({"address", "requirements", "available_actions"})

_NO_BUYER = Buyer()
# Enum facts looked up once: ``.value`` and properties cost a Python call per posting.
_STATUS_FACTS = {status: (str(status._value_), status.is_open) for status in PostingStatus}
_INTEGRATION_FACTS = {
    kind: (str(kind._value_), str(kind.scheme._value_)) for kind in IntegrationType
}
# The digests hash the values' text, each ended by the ASCII unit separator (which no Ozon field
# carries), item lines apart by the record separator. Times are UTC text and money is quantised,
# so equal content gives an equal digest; text rather than ``repr``, which would escape every
# Cyrillic and Chinese letter. A Python whose text of a value differed would only cause one
# needless rewrite of each posting.
_CONTENT_TEXT = "%s\x1f" * (len(ROW_COLUMNS) - 2)
_LINE_TEXT = "%s\x1f" * len(LINE_COLUMNS)
_ADDRESS_FIELDS = tuple(f.name for f in dataclasses.fields(Address))
_address_values = attrgetter(*_ADDRESS_FIELDS)
_ADDRESS_TEXT = "{" + ",".join(f'"{name}":%s' for name in _ADDRESS_FIELDS) + "}"
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_json_string = encode_basestring
_NULL = "null"
"""JSON ``null``: what a JSON column holds for a posting without an address."""
_new_row = tuple.__new__
"""Builds a :class:`PostingRow` from a ready tuple, without the named tuple's Python ``__new__``."""
_DAYS: dict[date, str] = {}
"""The date text of each day met, so only the clock part of a time is formatted per posting."""
_DAYS_KEPT = 4096
_CLOCK_TEXT = "%s %02d:%02d:%02d.%06d"


class PostingRow(NamedTuple):
    """One posting ready to write: its ``postings`` columns and its item lines as tuples, with the
    facts the repository compares and records without looking into the tuple."""

    key: Key
    columns: tuple[Any, ...]
    """Values in :data:`ROW_COLUMNS` order, in stored form."""
    lines: tuple[tuple[Any, ...], ...]
    """One tuple per item in :data:`LINE_COLUMNS` order."""
    status: PostingStatus
    substatus: str
    status_changed_at: datetime | None
    """Ozon's time of the last status change, UTC."""
    content_hash: str
    items_hash: str

    @property
    def values(self) -> Row:
        """The columns by name, read back as the database returns them (aware datetimes, JSON as
        Python values): for checks and tools; the writer uses :attr:`columns`."""
        values = dict(zip(ROW_COLUMNS, self.columns, strict=True))
        for name in TIME_COLUMNS:
            values[name] = read_time(values[name])
        for name in JSON_COLUMNS:
            values[name] = json.loads(values[name])
        values["total_amount"] = Decimal(values["total_amount"])
        return values

    @property
    def items(self) -> tuple[Row, ...]:
        """The item lines by column name."""
        items = tuple(dict(zip(LINE_COLUMNS, line, strict=True)) for line in self.lines)
        for item in items:
            item["price_amount"] = Decimal(item["price_amount"])
        return items


def to_row(posting: Posting) -> PostingRow:
    """Flatten a posting into column values, with its item lines, digests and search text."""
    items = posting.items
    lines = []
    names = []
    offers = []
    total = Decimal(0)
    count = 0
    for line_no, item in enumerate(items):
        price = item.price
        quantity = item.quantity
        total += price.amount * quantity
        count += quantity
        names.append(item.name)
        offers.append(item.offer_id)
        lines.append(
            (
                line_no,
                item.sku,
                item.offer_id,
                item.name,
                quantity,
                str(price.amount.quantize(CENT)),
                price.currency,
            )
        )
    buyer = posting.buyer or _NO_BUYER
    status = posting.status
    status_value, is_open = _STATUS_FACTS[status]
    integration_value, scheme_value = _INTEGRATION_FACTS[posting.integration_type]
    changed_at = _utc(posting.status_changed_at)
    number = posting.posting_number
    content = (
        posting.store_id,
        number,
        posting.order_id,
        posting.order_number,
        status_value,
        posting.status_raw,
        posting.substatus,
        integration_value,
        scheme_value,
        posting.delivery_method_id,
        posting.delivery_method_name,
        posting.warehouse_id,
        posting.warehouse_name,
        stored_time(posting.in_process_at),
        stored_time(posting.ship_by),
        stored_time(posting.delivering_date),
        stored_time(changed_at),
        posting.tracking_number,
        posting.parent_posting_number,
        posting.is_express,
        buyer.name,
        buyer.phone,
        buyer.email,
        buyer.addressee,
        _address_json(buyer.address),
        buyer.is_legal,
        buyer.company_name,
        buyer.inn,
        str(total.quantize(CENT)),
        items[0].price.currency if items else "RUB",
        count,
        _search_text(
            [number, posting.order_number, buyer.name, *names, *offers, posting.tracking_number]
        ),
        _requirements_json(tuple(posting.requirements.items())) if posting.requirements else "{}",
        _actions_json(tuple(posting.available_actions)),
        posting.cancel_reason,
        is_open,
    )
    # Digests over values only: every row is built in the fixed order above.
    lines_text = "\x1e".join([_LINE_TEXT % line for line in lines]).encode()
    items_hash = hashlib.sha256(lines_text).hexdigest()
    content_hash = hashlib.sha256((_CONTENT_TEXT % content).encode() + lines_text).hexdigest()
    return _new_row(
        PostingRow,
        (
            (posting.store_id, number),
            (*content, content_hash, items_hash),
            tuple(lines),
            status,
            posting.substatus,
            changed_at,
            content_hash,
            items_hash,
        ),
    )


def search_text(posting: Posting) -> str:
    """What the queue's text filter matches: numbers, buyer, item names and articles, tracking."""
    items = posting.items
    return _search_text(
        [
            posting.posting_number,
            posting.order_number,
            posting.buyer.name if posting.buyer else "",
            *[item.name for item in items],
            *[item.offer_id for item in items],
            posting.tracking_number,
        ]
    )


def _search_text(parts: list[str]) -> str:
    # Lowering the joined text equals lowering each part: the newlines are not letters.
    return "\n".join(filter(None, parts)).lower()


def stored_time(value: datetime | None) -> str | None:
    """An aware time as the UTC text posylka stores (``YYYY-MM-DD HH:MM:SS.ffffff``): the form
    SQLAlchemy's SQLite ``DATETIME`` keeps, so text comparisons (queue cursors) order by time."""
    if value is None:
        return None
    if value.tzinfo is not UTC:
        value = _utc_or_fail(value)
    # ``isoformat`` of an aware time spends most of its time on the offset it then drops, so the
    # text is put together here, with each day's date text made once.
    day = value.date()
    date_text = _DAYS.get(day)
    if date_text is None:
        if len(_DAYS) >= _DAYS_KEPT:
            _DAYS.clear()
        date_text = _DAYS[day] = day.isoformat()
    return _CLOCK_TEXT % (
        date_text,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
    )


def read_time(value: str | None) -> datetime | None:
    """The aware UTC time of a :func:`stored_time` text."""
    return datetime.fromisoformat(value).replace(tzinfo=UTC) if value is not None else None


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


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is UTC:
        return value
    return _utc_or_fail(value)


def _utc_or_fail(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("naive datetime given to the database; posylka stores aware times")
    return value.astimezone(UTC)


def _address_json(address: Address | None) -> str:
    """The address as a JSON object, written field by field: a JSON encoder spends most of its
    time setting itself up for every one of the many rFBS addresses of a sync."""
    if address is None:
        return _NULL
    return _ADDRESS_TEXT % tuple(map(_json_scalar, _address_values(address)))


def _json_scalar(value: object) -> str:
    if value.__class__ is str:
        return _json_string(value)
    if value is None:
        return _NULL
    if value.__class__ is float and isfinite(value):
        return float.__repr__(value)
    return _encode_json(value)


@lru_cache(maxsize=1024)
def _requirements_json(requirements: tuple[tuple[str, Sequence[str]], ...]) -> str:
    """Requirements name the same few products again and again, so each set is encoded once."""
    return _encode_json({k: list(v) for k, v in sorted(requirements)})


@lru_cache(maxsize=512)
def _actions_json(actions: tuple[str, ...]) -> str:
    """Ozon offers a few action sets, so each is encoded once."""
    return _encode_json(list(actions))
